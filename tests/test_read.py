"""Tests for generator.read: the seed format, Markdown front matter, blocks, titles, rejections and discovery.

Fixtures are real articles: the seed article in the repository's seeds/ (the same bytes as ../shared/seeds, so
these tests run where the shared folder is not, as on GitHub) and the Wikinews corpus from the shared folder next
to the repo (../shared; 2019: Markdown with YAML front matter, 2020: the seed format).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.names import make_slug
from generator.read import (
    ARTICLE_SLUG_MAX_CHARS,
    TITLE_MAX_CHARS,
    InputError,
    find_input_files,
    parse_article,
    read_archive,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"
CORPUS = SHARED / "corpus" / "wikinews"
MAGNITOGORSK = (
    CORPUS
    / "2019"
    / "2019-01-04-magnitogorsk-apartment-building-collapses-after-explosion-dozens-dead.md"
)
CAHORS = (
    CORPUS
    / "2019"
    / "2019-05-03-holy-headdress-of-christ-carried-in-procession-through-streets-of-cahors-france.md"
)
QABOOS = CORPUS / "2020" / "2020-01-12-sultan-qaboos-of-oman-dies.txt"
SUPER_TUESDAY = (
    CORPUS
    / "2020"
    / "2020-03-06-bloomberg-warren-end-us-presidential-campaigns-following-super-tuesday.txt"
)
ARIZONA_PRIMARY = (
    CORPUS
    / "2020"
    / "2020-03-20-arizona-florida-illinois-hold-2020-us-presidential-primaries-ohio-postpones.txt"
)
PROHIBITION = (
    CORPUS
    / "2020"
    / "2020-10-22-wikinews-interviews-phil-collins-u-s-prohibition-party-presidential-nominee.txt"
)
CARROLL = (
    CORPUS
    / "2020"
    / "2020-10-30-wikinews-interviews-brian-carroll-american-solidarity-party-presidential-nominee.txt"
)

SEED_HEADING = "Feb. 3: What you need to know today"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def shared(path: Path) -> Path:
    """A fixture file from ../shared, or a skip saying what is missing."""
    if not path.exists():
        pytest.skip(
            f"shared test data not found: {path} (expected the 'shared' folder next to the repo)"
        )
    return path


def raw_chunks(text: str) -> list[str]:
    """Paragraphs of a text as a reader would see them: split on blank lines, inner whitespace collapsed."""
    chunks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    return [" ".join(chunk.split()) for chunk in chunks if chunk.strip()]


def seed_body_text(raw: str) -> str:
    """The seed's text without its ' date YYYY-MM-DD ' header."""
    match = re.match(r"\s*date\s+\d{4}-\d{2}-\d{2}[ \t]*", raw)
    assert match, "the seed fixture no longer starts with ' date YYYY-MM-DD'"
    return raw[match.end() :]


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="module")
def seed_article(seed_bytes):
    return parse_article(seed_bytes, SEED.name)


def write(directory: Path, relative: str, data: bytes) -> Path:
    path = directory / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def assert_blocks_consistent(article) -> None:
    """The blocks cover the body, one after the other, a blank line between each two, each stripped and non-empty."""
    texts = [article.text_of(block) for block in article.blocks]
    assert article.body == "\n\n".join(texts), article.path
    assert all(text and text == text.strip() for text in texts), (article.path, texts)
    for before, after in zip(article.blocks, article.blocks[1:]):
        assert after.start == before.end + 2, (article.path, before, after)


# --- the seed format -------------------------------------------------------------------------------------


def test_seed_header_gives_the_date_and_the_body_starts_on_the_same_line(seed_bytes, seed_article):
    assert seed_bytes.startswith(b" date 2022-02-03 High-stakes"), (
        "fixture changed: expected the seed header"
    )
    assert seed_article.date == dt.date(2022, 2, 3)
    assert seed_article.body.startswith("High-stakes talks between Russia and the West")
    assert "date 2022" not in seed_article.body
    assert seed_article.blocks[0].start == 0
    assert seed_article.path == SEED.name
    assert (seed_article.source, seed_article.url, seed_article.author) == ("", "", "")


def test_seed_paragraphs_are_split_on_blank_lines(seed_bytes, seed_article):
    expected = raw_chunks(seed_body_text(seed_bytes.decode("utf-8")))
    assert len(expected) == 13  # the seed has 12 blank lines between 13 chunks
    assert [seed_article.text_of(block) for block in seed_article.blocks] == expected
    assert all("\n" not in seed_article.text_of(block) for block in seed_article.blocks)
    assert seed_article.text_of(seed_article.blocks[-1]) == "AFP contributed reporting."


def test_seed_subheading_line_becomes_a_heading_block(seed_article):
    headings = [
        seed_article.text_of(block) for block in seed_article.blocks if block.kind == "heading"
    ]
    assert headings == [SEED_HEADING]
    kinds = {
        block.kind for block in seed_article.blocks if seed_article.text_of(block) != SEED_HEADING
    }
    assert kinds == {"paragraph"}


def test_short_unpunctuated_first_or_last_paragraph_is_never_a_heading(seed_bytes):
    text = seed_bytes.decode("utf-8")
    # Cut the seed right after the subheading line: it is now the last block, so it must stay a paragraph.
    ends_with_it = text[: text.index(SEED_HEADING) + len(SEED_HEADING)] + "\n"
    article = parse_article(ends_with_it.encode("utf-8"), "cut.txt")
    assert article.text_of(article.blocks[-1]) == SEED_HEADING
    assert article.blocks[-1].kind == "paragraph"
    # The same line as the first block of an article.
    rest = text[text.index(SEED_HEADING) + len(SEED_HEADING) :]
    starts_with_it = (" date 2022-02-03 " + SEED_HEADING + rest).encode("utf-8")
    article = parse_article(starts_with_it, "first.txt")
    assert article.text_of(article.blocks[0]) == SEED_HEADING
    assert article.blocks[0].kind == "paragraph"
    assert article.text_of(article.blocks[1]).startswith("The United States announced on Wednesday")


def test_markdown_dateline_first_paragraph_is_not_a_heading():
    article = parse_article(shared(MAGNITOGORSK).read_bytes(), MAGNITOGORSK.name)
    assert article.text_of(article.blocks[0]) == "Friday, January 4, 2019"
    assert article.blocks[0].kind == "paragraph"


def test_crlf_and_byte_order_mark_read_like_plain_utf8(seed_bytes, seed_article):
    windows = b"\xef\xbb\xbf" + seed_bytes.replace(b"\n", b"\r\n")
    article = parse_article(windows, SEED.name)
    assert article.body == seed_article.body
    assert article.blocks == seed_article.blocks
    assert article.date == seed_article.date


def test_decomposed_unicode_is_normalised_to_composed(seed_bytes):
    decomposed = "Erdog\u0306an"  # g + combining breve, as some editors save it
    text = seed_bytes.decode("utf-8").replace("Erdogan", decomposed)
    article = parse_article(text.encode("utf-8"), "nfd.txt")
    assert "Erdoğan" in article.body
    assert "\u0306" not in article.body


# --- titles ----------------------------------------------------------------------------------------------


def test_long_first_sentence_is_cut_at_a_word_boundary_with_an_ellipsis(seed_article):
    first_sentence = seed_article.text_of(seed_article.blocks[0]).rstrip(
        "."
    )  # the seed's first paragraph is one sentence
    assert len(first_sentence) > TITLE_MAX_CHARS
    title = seed_article.title
    assert title.endswith("…")
    kept = title[:-1]
    assert len(kept) <= TITLE_MAX_CHARS
    assert first_sentence.startswith(kept)
    assert first_sentence[len(kept)] == " ", "the cut must fall between words, not inside one"
    assert not kept.endswith(" ")
    assert kept.startswith("High-stakes talks between Russia and the West")


def test_short_first_sentence_is_the_whole_title_without_ellipsis():
    article = parse_article(shared(QABOOS).read_bytes(), QABOOS.name)
    assert (
        article.title == "On Friday, Qaboos bin Said, the long-serving Sultan of Oman, died aged 79"
    )
    assert article.date == dt.date(2020, 1, 12)


def test_slug_comes_from_the_title_and_is_bounded(seed_article):
    slug = seed_article.slug
    assert SLUG_PATTERN.match(slug)
    assert len(slug) <= ARTICLE_SLUG_MAX_CHARS
    assert make_slug(seed_article.title, 10_000).startswith(slug)
    assert slug.startswith("high-stakes-talks-between-russia")


@pytest.mark.parametrize(
    "path, title_start",
    [
        (PROHIBITION, "U.S. Prohibition Party presidential nominee Phil Collins"),
        (CARROLL, "Retired teacher Brian T. Carroll"),
    ],
)
def test_title_is_not_cut_at_an_abbreviation(path, title_start):
    article = parse_article(shared(path).read_bytes(), path.name)
    assert article.title.startswith(title_start)


# --- Markdown with front matter --------------------------------------------------------------------------


def test_markdown_front_matter_fields():
    article = parse_article(shared(MAGNITOGORSK).read_bytes(), f"2019/{MAGNITOGORSK.name}")
    assert article.title == "Magnitogorsk apartment building collapses after explosion, dozens dead"
    assert article.date == dt.date(2019, 1, 4)
    assert article.source == "Wikinews"
    assert (
        article.url
        == "https://en.wikinews.org/wiki/Magnitogorsk_apartment_building_collapses_after_explosion,_dozens_dead"
    )
    assert article.author == ""
    assert article.path == f"2019/{MAGNITOGORSK.name}"
    assert article.slug.startswith("magnitogorsk-apartment-building-collapses")
    # The front matter is not part of the text.
    assert "license" not in article.body and "CC BY 2.5" not in article.body
    assert article.body.startswith(
        "Friday, January 4, 2019\n\nAn apartment building collapsed on Monday in Magnitogorsk"
    )


def test_front_matter_written_with_yaml_escapes_is_normalised_as_plain_text_is():
    """A title typed as U+2F800 (a compatibility ideograph) and one written as the escape "\\U0002F800" are the same
    title once read: NFC, as the rest of the file is."""
    document = '---\ndate: 2020-05-01\ntitle: "Caf\\u0065\\u0301 \\U0002F800"\nauthor: "\\U0002F800"\n---\n\nSome words.\n'
    article = parse_article(document.encode("utf-8"), "a.md")
    assert article.title == "Caf\u00e9 \u4e3d" and article.author == "\u4e3d"


def test_markdown_author_field_single_and_list():
    original = shared(MAGNITOGORSK).read_text("utf-8")
    with_author = original.replace(
        'source: "Wikinews"\n', 'source: "Wikinews"\nauthor: "Wikinews contributors"\n', 1
    )
    assert with_author != original
    assert parse_article(with_author.encode("utf-8"), "a.md").author == "Wikinews contributors"
    two_authors = original.replace(
        'source: "Wikinews"\n', "source: Wikinews\nauthor: [Jane Roe, John Doe]\n", 1
    )
    assert parse_article(two_authors.encode("utf-8"), "b.md").author == "Jane Roe, John Doe"


def test_markdown_without_title_derives_it_from_the_first_paragraph():
    original = shared(MAGNITOGORSK).read_text("utf-8")
    untitled = re.sub(r"^title:.*\n", "", original, count=1, flags=re.MULTILINE)
    article = parse_article(untitled.encode("utf-8"), "untitled.md")
    # The dateline paragraph is no title; the first sentence of the text is.
    assert article.title.startswith("An apartment building collapsed on Monday in Magnitogorsk")
    assert article.title.endswith("…") and len(article.title) <= 91


def test_block_offsets_match_the_body_across_the_whole_corpus():
    read = [read_archive(shared(CORPUS / year)) for year in ("2019", "2020")]
    articles = [article for result in read for article in result.articles]
    assert len(articles) >= 200
    for result in read:
        assert result.rejections == ()
    for article in articles:
        assert article.blocks, article.path
        assert_blocks_consistent(article)


def test_seed_block_offsets_match_the_body(seed_article):
    assert_blocks_consistent(seed_article)
    heading = next(block for block in seed_article.blocks if block.kind == "heading")
    assert heading.start == seed_article.body.find(SEED_HEADING)


# --- rejections ------------------------------------------------------------------------------------------


@pytest.fixture
def messy_seeds(tmp_path, seed_bytes):
    """A seeds folder with three good real articles and one bad file of each kind."""
    seeds = tmp_path / "seeds"
    body = seed_body_text(seed_bytes.decode("utf-8"))
    cahors = shared(CAHORS).read_text("utf-8")
    cahors_text = cahors.split("\n---\n", 1)[1]
    write(seeds, "000_e2b6ca9178d6fb5e.txt", seed_bytes)
    write(seeds, "2019/magnitogorsk.md", shared(MAGNITOGORSK).read_bytes())
    write(seeds, "2020/qaboos.txt", shared(QABOOS).read_bytes())
    write(seeds, "bad/no-date.txt", body.encode("utf-8"))
    write(seeds, "bad/impossible-date.txt", ("\n\n date 2021-02-30 " + body).encode("utf-8"))
    write(seeds, "bad/empty.txt", b"")
    write(seeds, "bad/only-date.txt", b" date 2022-02-03 \n\n  \n")
    write(seeds, "bad/latin1.txt", (" date 2019-05-03 " + cahors_text).encode("latin-1"))
    write(seeds, "bad/binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    bad_yaml = cahors.replace(
        'title: "Holy Headdress of Christ carried in procession through streets of Cahors, France"',
        "title: Holy Headdress of Christ: carried in procession through Cahors",
    )
    write(seeds, "bad/yaml.md", bad_yaml.encode("utf-8"))
    write(
        seeds,
        "bad/list-front-matter.md",
        b"---\n- 2019-05-03\n- Wikinews\n---\n\n" + cahors_text.encode("utf-8"),
    )
    write(seeds, "zz-copy-of-seed.txt", seed_bytes.replace(b"\n", b"\r\n"))
    return seeds


def rejection_for(result, path):
    matches = [rejection for rejection in result.rejections if rejection.path == path]
    assert len(matches) == 1, f"expected one rejection for {path}, got {result.rejections}"
    return matches[0]


def test_every_good_article_is_read_despite_bad_neighbours(messy_seeds):
    result = read_archive(messy_seeds)
    assert sorted(article.path for article in result.articles) == [
        "000_e2b6ca9178d6fb5e.txt",
        "2019/magnitogorsk.md",
        "2020/qaboos.txt",
    ]
    rejected = sorted(rejection.path for rejection in result.rejections)
    assert rejected == sorted(
        [
            "bad/no-date.txt",
            "bad/impossible-date.txt",
            "bad/empty.txt",
            "bad/only-date.txt",
            "bad/latin1.txt",
            "bad/binary.txt",
            "bad/yaml.md",
            "bad/list-front-matter.md",
            "zz-copy-of-seed.txt",
        ]
    )
    for rejection in result.rejections:
        assert rejection.reason.strip()
        assert rejection.message().startswith(rejection.path)


def test_missing_date_is_rejected_on_line_one(messy_seeds):
    rejection = rejection_for(read_archive(messy_seeds), "bad/no-date.txt")
    assert "date" in rejection.reason
    assert "High-stakes" in rejection.reason  # says what it found instead
    assert rejection.line == 1


def test_impossible_date_is_rejected_with_the_date_and_its_line(messy_seeds):
    rejection = rejection_for(read_archive(messy_seeds), "bad/impossible-date.txt")
    assert "2021-02-30" in rejection.reason
    assert rejection.line == 3  # two blank lines before the header
    assert rejection.message().startswith("bad/impossible-date.txt:3: ")


def test_impossible_quoted_date_in_front_matter_names_the_date_line(seed_bytes):
    body = seed_body_text(seed_bytes.decode("utf-8"))
    data = ('---\ntitle: "Talks fail"\ndate: "2021-02-30"\n---\n\n' + body).encode("utf-8")
    with pytest.raises(InputError) as error:
        parse_article(data, "x.md")
    assert "2021-02-30" in error.value.reason
    assert error.value.line == 3


def test_impossible_unquoted_date_in_front_matter_is_a_rejection_not_a_crash(tmp_path, seed_bytes):
    body = seed_body_text(seed_bytes.decode("utf-8"))
    write(
        tmp_path,
        "talks.md",
        ("---\ntitle: Talks fail\ndate: 2021-02-30\n---\n\n" + body).encode("utf-8"),
    )
    write(tmp_path, "seed.txt", seed_bytes)
    result = read_archive(tmp_path)
    assert [article.path for article in result.articles] == ["seed.txt"]
    rejection = rejection_for(result, "talks.md")
    assert "2021-02-30" in rejection.reason
    assert rejection.line == 3


def test_date_error_line_is_the_date_field_not_a_field_starting_with_date(seed_bytes):
    body = seed_body_text(seed_bytes.decode("utf-8"))
    data = (
        '---\ndateline: Moscow\ntitle: "Talks fail"\ndate: "2021-13-01"\n---\n\n' + body
    ).encode("utf-8")
    with pytest.raises(InputError) as error:
        parse_article(data, "x.md")
    assert error.value.line == 4


def test_empty_file_and_file_without_text_are_rejected(messy_seeds):
    result = read_archive(messy_seeds)
    empty = rejection_for(result, "bad/empty.txt")
    assert "empty" in empty.reason
    only_date = rejection_for(result, "bad/only-date.txt")
    assert "no article text" in only_date.reason


def test_latin1_file_is_rejected_naming_the_offset_of_the_first_bad_byte(messy_seeds):
    data = (messy_seeds / "bad/latin1.txt").read_bytes()
    offset = next(i for i, byte in enumerate(data) if byte >= 0x80)
    rejection = rejection_for(read_archive(messy_seeds), "bad/latin1.txt")
    assert "UTF-8" in rejection.reason
    assert f"offset {offset}" in rejection.reason
    assert f"0x{data[offset]:02x}" in rejection.reason
    assert rejection.line == data[:offset].count(b"\n") + 1


def test_binary_file_is_rejected_as_binary(messy_seeds):
    rejection = rejection_for(read_archive(messy_seeds), "bad/binary.txt")
    assert "binary" in rejection.reason
    assert "NUL" in rejection.reason


def test_invalid_yaml_front_matter_names_its_line(messy_seeds):
    rejection = rejection_for(read_archive(messy_seeds), "bad/yaml.md")
    assert "YAML" in rejection.reason
    assert rejection.line == 2  # the title line: '---' is line 1


def test_front_matter_that_is_not_a_mapping_is_rejected(messy_seeds):
    rejection = rejection_for(read_archive(messy_seeds), "bad/list-front-matter.md")
    assert "mapping" in rejection.reason


def test_markdown_without_front_matter_is_rejected(tmp_path):
    cahors_text = shared(CAHORS).read_text("utf-8").split("\n---\n", 1)[1]
    write(tmp_path, "no-front-matter.md", cahors_text.encode("utf-8"))
    result = read_archive(tmp_path)
    assert result.articles == ()
    assert "front matter" in rejection_for(result, "no-front-matter.md").reason


def test_duplicate_text_is_rejected_naming_the_first_file(messy_seeds):
    # zz-copy-of-seed.txt is the seed with Windows line endings: the same article text.
    rejection = rejection_for(read_archive(messy_seeds), "zz-copy-of-seed.txt")
    assert "000_e2b6ca9178d6fb5e.txt" in rejection.reason


def test_duplicate_keeps_the_first_by_path_order_not_by_creation_order(tmp_path, seed_bytes):
    write(tmp_path, "b-later.txt", seed_bytes)
    write(tmp_path, "a-earlier.txt", seed_bytes)
    result = read_archive(tmp_path)
    assert [article.path for article in result.articles] == ["a-earlier.txt"]
    assert "a-earlier.txt" in rejection_for(result, "b-later.txt").reason


def test_reading_never_changes_input_files(messy_seeds):
    before = {
        path: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in messy_seeds.rglob("*")
        if path.is_file()
    }
    listing_before = sorted(
        path.relative_to(messy_seeds).as_posix() for path in messy_seeds.rglob("*")
    )
    read_archive(messy_seeds)
    after = {
        path: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in messy_seeds.rglob("*")
        if path.is_file()
    }
    assert after == before
    assert (
        sorted(path.relative_to(messy_seeds).as_posix() for path in messy_seeds.rglob("*"))
        == listing_before
    )


# --- discovery -------------------------------------------------------------------------------------------


def test_hidden_files_and_folders_are_ignored(tmp_path, seed_bytes):
    write(tmp_path, "000.txt", seed_bytes)
    write(tmp_path, ".hidden-draft.txt", shared(QABOOS).read_bytes())
    write(tmp_path, ".git/objects/ab/cdef.txt", b"\x78\x01\x00\x00binary")
    write(tmp_path, "2019/.DS_Store", b"\x00\x00\x00\x01Bud1")
    write(tmp_path, "Thumbs.db", b"\xd0\xcf\x11\xe0")
    result = read_archive(tmp_path)
    assert [article.path for article in result.articles] == ["000.txt"]
    assert result.rejections == ()
    assert [p.relative_to(tmp_path).as_posix() for p in find_input_files(tmp_path)] == ["000.txt"]


def test_discovery_is_recursive_and_sorted_by_relative_path(tmp_path, seed_bytes):
    for relative in ["2020/01/qaboos.txt", "a.txt", "2019/z.md", "2019/10/a.txt", "2020/b.txt"]:
        write(tmp_path, relative, b"x")
    (tmp_path / "empty-folder").mkdir()
    found = [p.relative_to(tmp_path).as_posix() for p in find_input_files(tmp_path)]
    assert found == ["2019/10/a.txt", "2019/z.md", "2020/01/qaboos.txt", "2020/b.txt", "a.txt"]


def test_article_paths_are_relative_with_forward_slashes(tmp_path):
    write(tmp_path, "2020/01/qaboos.txt", shared(QABOOS).read_bytes())
    (article,) = read_archive(tmp_path).articles
    assert article.path == "2020/01/qaboos.txt"


def test_file_names_with_spaces_and_non_ascii_are_read(tmp_path, seed_bytes):
    write(tmp_path, "Erdoğan meets Zelenskiy.txt", seed_bytes)
    write(tmp_path, "über uns/Magnitogorsk — collapse.md", shared(MAGNITOGORSK).read_bytes())
    result = read_archive(tmp_path)
    assert result.rejections == ()
    assert sorted(article.path for article in result.articles) == [
        "Erdoğan meets Zelenskiy.txt",
        "über uns/Magnitogorsk — collapse.md",
    ]


def populate_in_order(directory: Path, files: dict[str, bytes], order: list[str]) -> None:
    for name in order:
        write(directory, name, files[name])


def test_slug_collisions_get_a_suffix_deterministically_whatever_the_creation_order(tmp_path):
    # Two real articles whose first sentences give the same slug; named so that path order is the
    # reverse of date order: the older article (by date) must keep the plain slug.
    files = {
        "a-arizona.txt": shared(ARIZONA_PRIMARY).read_bytes(),  # 2020-03-20
        "b-super-tuesday.txt": shared(SUPER_TUESDAY).read_bytes(),  # 2020-03-06
        "c-qaboos.txt": shared(QABOOS).read_bytes(),
    }
    results = []
    for index, order in enumerate([sorted(files), sorted(files, reverse=True)]):
        directory = tmp_path / f"run{index}"
        populate_in_order(directory, files, order)
        results.append(read_archive(directory))
    assert results[0] == results[1]
    slugs = {article.path: article.slug for article in results[0].articles}
    base = make_slug(
        parse_article(files["b-super-tuesday.txt"], "x.txt").title, ARTICLE_SLUG_MAX_CHARS
    )
    assert (
        make_slug(parse_article(files["a-arizona.txt"], "x.txt").title, ARTICLE_SLUG_MAX_CHARS)
        == base
    )
    assert slugs["b-super-tuesday.txt"] == base
    assert slugs["a-arizona.txt"] == base + "-2"
    assert len(set(slugs.values())) == len(slugs)


def test_slug_collision_on_the_same_day_is_broken_by_path(tmp_path, seed_bytes):
    text = seed_bytes.decode("utf-8")
    # Same first sentence (same slug), different text, same date.
    other = text.replace("AFP contributed reporting.", "Reuters contributed reporting.")
    assert other != text
    write(tmp_path, "b.txt", seed_bytes)
    write(tmp_path, "a.txt", other.encode("utf-8"))
    slugs = {article.path: article.slug for article in read_archive(tmp_path).articles}
    assert slugs["b.txt"] == slugs["a.txt"] + "-2"


def test_a_third_collision_gets_the_next_free_number(tmp_path, seed_bytes):
    text = seed_bytes.decode("utf-8")
    for index, agency in enumerate(["AFP", "Reuters", "AP"]):
        variant = text.replace("AFP contributed reporting.", f"{agency} contributed reporting.")
        write(tmp_path, f"{index}.txt", variant.encode("utf-8"))
    slugs = [article.slug for article in read_archive(tmp_path).articles]
    base = slugs[0]
    assert slugs == [base, f"{base}-2", f"{base}-3"]


def test_read_archive_is_independent_of_file_creation_order(tmp_path, messy_seeds):
    files = {
        p.relative_to(messy_seeds).as_posix(): p.read_bytes()
        for p in messy_seeds.rglob("*")
        if p.is_file()
    }
    copy = tmp_path / "copy"
    populate_in_order(copy, files, sorted(files, reverse=True))
    assert read_archive(copy) == read_archive(messy_seeds)


def test_unreadable_file_is_a_rejection(tmp_path, seed_bytes, monkeypatch):
    # chmod 0 does not stop root from reading, so the read itself is made to fail, as the OS fails it for a file
    # the user may not read: the reader's own Path.read_bytes raises PermissionError for that one file.
    write(tmp_path, "ok.txt", seed_bytes)
    locked = write(
        tmp_path,
        "locked.txt",
        seed_bytes.replace(b"AFP contributed reporting.", b"AP contributed reporting."),
    )
    read_bytes = Path.read_bytes

    def denied_for_locked(path):
        if path == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", denied_for_locked)
    result = read_archive(tmp_path)
    assert [article.path for article in result.articles] == ["ok.txt"]
    assert (
        rejection_for(result, "locked.txt").reason == f"cannot be read: {os.strerror(errno.EACCES)}"
    )


def test_a_copied_corpus_reads_identically(tmp_path):
    # Nothing in the result depends on where the seeds folder is.
    source = shared(CORPUS / "2020")
    copy = tmp_path / "2020"
    shutil.copytree(source, copy)
    assert read_archive(copy) == read_archive(source)


def test_title_skips_a_leading_dateline():
    from generator.read import parse_article

    data = b" date 2020-12-25 Friday, December 25, 2020 In May, a study was published in journal Nature Astronomy.\n"
    assert (
        parse_article(data, "x.txt").title
        == "In May, a study was published in journal Nature Astronomy"
    )


def test_an_escaped_hash_starts_a_paragraph_not_a_heading(tmp_path):
    """Markdown's escape: '\\# 1 …' is a paragraph whose text starts with '#'; '# Results' stays a heading."""
    (tmp_path / "charts.md").write_text(
        "---\ndate: 2019-01-04\ntitle: Charts\n---\n\n\\# 1 in the charts, again.\n\n# Results\n\nA second paragraph.\n",
        "utf-8",
    )
    (article,) = read_archive(tmp_path).articles
    assert [(block.kind, article.text_of(block)) for block in article.blocks] == [
        ("paragraph", "# 1 in the charts, again."),
        ("heading", "Results"),
        ("paragraph", "A second paragraph."),
    ]


def test_an_article_holds_its_blocks_compactly_and_equal_to_their_tuple(seed_article):
    """Every article is held from reading to the build's end: its blocks as one array (model.Blocks), a fraction of
    the memory of Block objects, yet read, compared, hashed and written to the build's state as the tuple of them
    was, and pickled and loaded back equal."""
    import dataclasses
    import json
    import pickle
    import sys

    from generator.codec import from_json, to_json
    from generator.model import Article, Block, Blocks

    blocks = tuple(seed_article.blocks)
    assert len(blocks) > 5 and all(type(b) is Block for b in blocks)
    assert {b.kind for b in blocks} == {"paragraph", "heading"}
    assert isinstance(seed_article.blocks, Blocks) and seed_article.blocks == blocks
    assert hash(seed_article.blocks) == hash(blocks) and repr(seed_article.blocks) == repr(blocks)
    assert seed_article.blocks[-1] == blocks[-1] and seed_article.blocks[1:3] == blocks[1:3]
    with pytest.raises(IndexError):
        seed_article.blocks[len(blocks)]
    assert Blocks(blocks[:3]) != Blocks(blocks[1:4])
    made = Article(
        **{
            **{f.name: getattr(seed_article, f.name) for f in dataclasses.fields(Article)},
            "blocks": blocks,
        }
    )
    assert made == seed_article and isinstance(made.blocks, Blocks)
    assert dataclasses.replace(seed_article, blocks=list(blocks)).blocks == blocks
    again = pickle.loads(pickle.dumps(seed_article))
    assert again == seed_article and isinstance(again.blocks, Blocks)
    read = from_json(Article, json.loads(json.dumps(to_json(seed_article))))
    assert read == seed_article and isinstance(read.blocks, Blocks)
    as_objects = sys.getsizeof(blocks) + sum(
        map(sys.getsizeof, (v for b in blocks for v in (b, b.start, b.end)))
    )
    packed = seed_article.blocks
    assert sys.getsizeof(packed._flat) + sys.getsizeof(packed._kinds) < as_objects / 2
