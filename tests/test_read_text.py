"""Tests for generator.read's text as it comes: byte-order marks, UTF-16 and UTF-32, Windows and old Mac line ends,
mojibake repaired by ftfy (and correct text never touched), HTML character references, and symbolic links in the
seeds folder. Fixtures are the repository's seed article and the Wikinews corpus in ../shared.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import ftfy
import pytest

from generator import read
from generator.read import InputError, decode_text, find_input_files, parse_article, read_archive

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="module")
def seed_article():
    return parse_article(SEED.read_bytes(), SEED.name)


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found: {CORPUS} (expected ../shared next to the repo)")
    return sorted(path for path in CORPUS.rglob("*") if path.is_file())


def same_article(a, b) -> bool:
    return (a.date, a.title, a.body, a.blocks) == (b.date, b.title, b.body, b.blocks)


# --- encodings and line ends -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with the machine's BOM
        lambda text: b"\xff\xfe" + text.encode("utf-16-le"),
        lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
        lambda text: text.encode("utf-16-le"),  # no BOM: the NUL bytes leave no doubt
        lambda text: text.encode("utf-16-be"),
        lambda text: text.encode("utf-32"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: text.replace("\n", "\r").encode("utf-8"),  # old Mac
        lambda text: text.replace("\n", "\r\n").encode("utf-16"),
    ],
    ids=[
        "utf8-bom",
        "utf16",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "utf32",
        "crlf",
        "cr",
        "utf16-crlf",
    ],
)
def test_the_seed_in_any_unicode_encoding_and_line_ends_reads_as_the_seed(
    encode, seed_text, seed_article
):
    assert same_article(parse_article(encode(seed_text), SEED.name), seed_article)


def test_utf16_is_named_in_the_debug_log(seed_text, caplog):
    with caplog.at_level("DEBUG", logger="mkdocs.plugins.annals"):
        parse_article(seed_text.encode("utf-16-le"), SEED.name)
    assert any(
        f"{SEED.name}: reading it as UTF-16-LE" in record.getMessage()
        and record.levelname == "DEBUG"
        for record in caplog.records
    )


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 4,
        bytes(range(256)) * 8,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00"
        + b"\x00\x00" * 40,  # NULs in both byte columns: not UTF-16
    ],
)
def test_binary_data_is_still_rejected_as_binary(data):
    with pytest.raises(InputError, match="binary"):
        decode_text(data)


def test_utf16_with_a_broken_surrogate_is_rejected_naming_utf16():
    data = (
        b"\xff\xfe"
        + " date 2019-01-04 Text".encode("utf-16-le")
        + b"\x00\xd8"
        + "x".encode("utf-16-le")
    )
    with pytest.raises(InputError, match="not valid UTF-16-LE"):
        decode_text(data)


# --- mojibake and correct text ---------------------------------------------------------------------------

CORRECT_SAMPLES = [
    "Łódź, Zürich, São Paulo, Kraków and Reykjavík",
    "“Curly quotes” and ‘single ones’ — with dashes – and an ellipsis…",
    "«Le café», dit-il à l’Élysée ; Ærø, Øresund, Straße, naïve",
    "Привет, Россия: Сергей Лавров сказал «нет».",
    "Αθήνα, 東京都, ＡＢＣ full width, ﬁ ligature, ½ price, 10 °C, ¿Qué?",
    "Capitals: SÃO TOMÉ, ROMÂNIA, MÃE, «CAFÉ», ÉCOLE, ÀS ORDENS",
]


@pytest.mark.parametrize("text", CORRECT_SAMPLES)
def test_correct_non_ascii_text_is_never_changed(text):
    assert decode_text(text.encode("utf-8")) == unicodedata.normalize("NFC", text)


def test_every_corpus_article_is_left_as_it_is_by_the_repair(seed_text):
    for path in [SEED, *corpus_files()]:
        raw = path.read_text("utf-8")
        assert decode_text(raw.encode("utf-8")) == unicodedata.normalize(
            "NFC", raw.replace("\r\n", "\n")
        ), path
        # ftfy itself, with our settings, not only the cheap check that decides whether it runs.
        assert ftfy.fix_text(raw, read._REPAIR) == raw, path


@pytest.mark.parametrize("text", CORRECT_SAMPLES)
def test_ftfy_with_our_settings_leaves_correct_text_alone(text):
    assert ftfy.fix_text(text, read._REPAIR) == text


@pytest.mark.parametrize(
    "mojibake, fixed",
    [
        ("CafÃ© in ZÃ¼rich", "Café in Zürich"),
        ("Lech WaÅ‚Ä™sa in Å\x81Ã³dÅº", "Lech Wałęsa in Łódź"),
        ("She doesnâ€™t agree, â€œnoâ€\x9d", "She doesn’t agree, “no”"),
    ],
)
def test_mojibake_is_repaired(mojibake, fixed):
    assert decode_text(mojibake.encode("utf-8")) == fixed


def test_a_corpus_article_saved_through_the_wrong_encoding_reads_as_the_original():
    original = next(
        path for path in corpus_files() if "’" in path.read_text("utf-8") and path.suffix == ".txt"
    )
    text = original.read_text("utf-8")
    mangled = text.encode("utf-8").decode("windows-1252", errors="ignore").encode("utf-8")
    assert mangled != text.encode("utf-8")
    assert same_article(
        parse_article(mangled, original.name), parse_article(text.encode("utf-8"), original.name)
    )


# --- HTML character references ---------------------------------------------------------------------------


def test_character_references_in_text_and_fields_become_characters():
    data = (
        b'---\ndate: 2019-01-04\ntitle: "AT&amp;T&#8217;s caf&eacute;"\nauthor: "R&eacute;mi"\n---\n\n'
        b"Procter &amp; Gamble&#8217;s caf&eacute; opened &#x2014; &lt;script&gt; was shown as text.\n"
    )
    article = parse_article(data, "a.md")
    assert article.title == "AT&T’s café" and article.author == "Rémi"
    assert article.body == "Procter & Gamble’s café opened — <script> was shown as text."
    seed = parse_article(
        b" date 2019-01-04 Procter &amp; Gamble&#8217;s caf&eacute; opened.\n", "a.txt"
    )
    assert seed.body == "Procter & Gamble’s café opened."


def test_references_are_decoded_once_and_only_when_they_end_in_a_semicolon():
    article = parse_article(
        b" date 2019-01-04 See &amp;amp; and example.org/?a=1&notify=2&copy=3 and AT&T; &bogus; here.\n",
        "a.txt",
    )
    assert article.body == "See &amp; and example.org/?a=1&notify=2&copy=3 and AT&T; &bogus; here."


def test_a_decomposed_reference_is_composed():
    assert parse_article(b" date 2019-01-04 Cafe&#x301; opened.\n", "a.txt").body == "Café opened."


# --- symbolic links ---------------------------------------------------------------------------------------


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_links_leading_out_of_seeds_are_refused_naming_link_and_target(tmp_path, seed_text):
    seeds = tmp_path / "seeds"
    outside = write(tmp_path / "elsewhere" / "secret.txt", seed_text.encode("utf-8"))
    write(seeds / "a.txt", seed_text.replace("High-stakes", "Low-stakes").encode("utf-8"))
    (seeds / "file-link.txt").symlink_to(outside)
    (seeds / "folder-link").symlink_to(outside.parent, target_is_directory=True)
    (seeds / "dangling.txt").symlink_to(tmp_path / "seeds" / "gone.txt")
    result = read_archive(seeds)
    assert [a.path for a in result.articles] == ["a.txt"]
    reasons = {r.path: r.reason for r in result.rejections}
    assert set(reasons) == {"file-link.txt", "folder-link", "dangling.txt"}
    assert (
        str(outside) in reasons["file-link.txt"] and str(outside.parent) in reasons["folder-link"]
    )
    for path in ("file-link.txt", "folder-link"):
        assert "points outside seeds/; copy the file in instead" in reasons[path]
    assert "gone.txt" in reasons["dangling.txt"]


def test_links_within_seeds_are_read_once_and_cycles_end(tmp_path, seed_text):
    seeds = tmp_path / "seeds"
    write(seeds / "2019" / "a.txt", seed_text.encode("utf-8"))
    (seeds / "same-file.txt").symlink_to(seeds / "2019" / "a.txt")
    (seeds / "2019" / "loop").symlink_to(seeds, target_is_directory=True)  # a cycle back to the top
    (seeds / "alias").symlink_to("2019", target_is_directory=True)
    write(
        seeds / ".drafts" / "b.txt", seed_text.replace("High-stakes", "Low-stakes").encode("utf-8")
    )
    (seeds / "b-link.txt").symlink_to(seeds / ".drafts" / "b.txt")  # reached only through its link
    result = read_archive(seeds)
    assert result.rejections == ()
    assert sorted(a.path for a in result.articles) == ["2019/a.txt", "b-link.txt"]
    assert [p.relative_to(seeds).as_posix() for p in find_input_files(seeds)] == [
        "2019/a.txt",
        "b-link.txt",
    ]


def test_reading_through_links_never_changes_them_or_their_targets(tmp_path, seed_text):
    seeds = tmp_path / "seeds"
    target = write(tmp_path / "out.txt", seed_text.encode("utf-16"))
    inside = write(seeds / "in.txt", seed_text.encode("utf-16"))
    (seeds / "link.txt").symlink_to(target)
    (seeds / "in-link.txt").symlink_to(inside)
    before = {
        p: (p.read_bytes(), p.stat().st_mtime_ns, os.readlink(p) if p.is_symlink() else "")
        for p in (target, inside, seeds / "link.txt", seeds / "in-link.txt")
    }
    read_archive(seeds)
    assert {
        p: (p.read_bytes(), p.stat().st_mtime_ns, os.readlink(p) if p.is_symlink() else "")
        for p in before
    } == before
