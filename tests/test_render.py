"""Tests for generator.render: escaping untrusted text, links, the pages and URLs of DESIGN.md, the JSON
exports and the writer.

The archive is built by hand from real articles in ../shared (the seed article and a 2019 Wikinews article),
with mentions at the offsets where the names really occur (found with str.find), so nothing here depends on
the reader, spaCy or the resolver.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import os
import re
import sys
from pathlib import Path

import markdown
import pytest
import yaml

from generator.buildstate import page_listing
from generator.escape import escape_text, iter_json_export, json_export, safe_href
from generator.model import ACTOR_TYPES, TYPE_LABELS, Actor, Archive, Article, Block, Mention, Page
from generator.render import redirect_page
from generator.searchrecords import actor_records, article_records
from generator.sitepages import markdown_passthrough
from generator.urls import actor_page_path, relative_url
from generator.write import write_pages

from conftest import render_archive

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_e2b6ca9178d6fb5e.txt"
MAGNITOGORSK = (
    SHARED
    / "corpus"
    / "wikinews"
    / "2019"
    / "2019-01-04-magnitogorsk-apartment-building-collapses-after-explosion-dozens-dead.md"
)

SEED_SLUG = "high-stakes-talks-between-russia-and-the-west-have-so-far"
SEED_TITLE = (
    "High-stakes talks between Russia and the West have so far failed to de-escalate a tense…"
)
SEED_HEADING = "Feb. 3: What you need to know today"
MAGNITOGORSK_SLUG = "magnitogorsk-apartment-building-collapses-after-explosion"

ENTITY_KEYS = [
    "aliases",
    "articles",
    "confidence",
    "mentions",
    "name",
    "provenance",
    "slug",
    "type",
]
ARTICLE_KEYS = ["date", "entities", "path", "slug", "source", "title", "url"]
# MkDocs' default Markdown extensions: what the generated pages actually go through.
MKDOCS_EXTENSIONS = ["toc", "tables", "fenced_code"]


def shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(
            f"shared test data not found: {path} (expected the 'shared' folder next to the repo)"
        )
    return path


# --- building a small archive by hand --------------------------------------------------------------------


def make_article(
    slug, date, title, text, source="", url="", author="", path="", headings=()
) -> Article:
    chunks = [" ".join(chunk.split()) for chunk in re.split(r"\n[ \t]*\n", text) if chunk.strip()]
    blocks, offset = [], 0
    for chunk in chunks:
        kind = "heading" if chunk in headings else "paragraph"
        blocks.append(Block(kind, offset, offset + len(chunk)))
        offset += len(chunk) + 2
    body = "\n\n".join(chunks)
    return Article(slug, date, title, source, url, author, body, tuple(blocks), path)


def sentence_around(body: str, start: int) -> str:
    """The sentence holding `start`: from the previous '. ' (or block start) to the next '.'."""
    block_start = body.rfind("\n\n", 0, start)
    block_start = 0 if block_start < 0 else block_start + 2
    block_end = body.find("\n\n", start)
    block_end = len(body) if block_end < 0 else block_end
    previous = body.rfind(". ", block_start, start)
    begin = block_start if previous < 0 else previous + 2
    end = body.find(".", start, block_end)
    return body[begin : (block_end if end < 0 else end + 1)]


def mentions_of(article: Article, text: str, actor: str, label: str) -> list[Mention]:
    """A mention at every occurrence of `text` in the article body."""
    found, cursor = [], 0
    while (start := article.body.find(text, cursor)) >= 0:
        found.append(
            Mention(
                article.slug,
                start,
                start + len(text),
                text,
                label,
                sentence_around(article.body, start),
                actor,
            )
        )
        cursor = start + len(text)
    assert found, f"{text!r} does not occur in {article.slug}"
    return found


@pytest.fixture(scope="module")
def seed_article() -> Article:
    raw = shared(SEED).read_text("utf-8")
    header = re.match(r"\s*date\s+\S+[ \t]*", raw)
    return make_article(
        SEED_SLUG,
        dt.date(2022, 2, 3),
        SEED_TITLE,
        raw[header.end() :],
        source="AFP",
        path=SEED.name,
        headings={SEED_HEADING},
    )


@pytest.fixture(scope="module")
def magnitogorsk_article() -> Article:
    raw = shared(MAGNITOGORSK).read_text("utf-8")
    _, front, text = raw.split("---\n", 2)
    meta = yaml.safe_load(front)
    return make_article(
        MAGNITOGORSK_SLUG,
        dt.date.fromisoformat(meta["date"]),
        meta["title"],
        text,
        source=meta["source"],
        url=meta["url"],
        path=f"2019/{MAGNITOGORSK.name}",
    )


def actor(slug, name, type_, aliases, mentions) -> Actor:
    return Actor(slug, name, type_, tuple(aliases), tuple(mentions))


@pytest.fixture(scope="module")
def archive(seed_article, magnitogorsk_article) -> Archive:
    seed, mag = seed_article, magnitogorsk_article
    actors = (
        actor(
            "vladimir-putin",
            "Vladimir Putin",
            "person",
            ["Putin", "Vladimir Putin"],
            mentions_of(seed, "Vladimir Putin", "vladimir-putin", "PERSON")
            # 'Putin' alone ('his special relationship with Putin'), not the end of 'Vladimir Putin'
            + [
                m
                for m in mentions_of(seed, "Putin", "vladimir-putin", "PERSON")
                if seed.body[m.start - 9 : m.start] != "Vladimir "
            ]
            + mentions_of(mag, "Vladimir Putin", "vladimir-putin", "PERSON"),
        ),
        actor("nato", "NATO", "organization", ["NATO"], mentions_of(seed, "NATO", "nato", "ORG")),
        actor(
            "ukraine",
            "Ukraine",
            "place",
            ["Ukraine"],
            mentions_of(seed, "Ukraine", "ukraine", "GPE"),
        ),
        actor(
            "boris-johnson",
            "Boris Johnson",
            "person",
            ["Boris Johnson", "Johnson"],
            mentions_of(seed, "Boris Johnson", "boris-johnson", "PERSON"),
        ),
        actor(
            "magnitogorsk",
            "Magnitogorsk",
            "place",
            ["Magnitogorsk"],
            mentions_of(mag, "Magnitogorsk", "magnitogorsk", "GPE"),
        ),
        actor("s-400", "S-400", "other", ["S-400"], mentions_of(seed, "S-400", "s-400", "PRODUCT")),
    )
    return Archive(articles=(seed, mag), actors=actors)


@pytest.fixture(scope="module")
def pages(archive) -> dict[str, str]:
    rendered = render_archive(archive, intro="# Annals\n\nThe seed archive.")
    paths = [page.path for page in rendered]
    assert len(paths) == len(set(paths)), "two pages with one path"
    return {page.path: page.content for page in rendered}


def split_front_matter(content: str) -> tuple[dict, str]:
    assert content.startswith("---\n")
    _, front, body = content.split("---\n", 2)
    return yaml.safe_load(front), body


def article_section(content: str) -> str:
    _, body = split_front_matter(content)
    return body[body.index("<article") : body.index("</article>")]


def to_html(content: str) -> str:
    _, body = split_front_matter(content)
    return markdown.markdown(body, extensions=MKDOCS_EXTENSIONS)


# --- escape_text -----------------------------------------------------------------------------------------


def test_escape_text_neutralises_markup():
    escaped = str(escape_text("<script>alert(1)</script>"))
    assert escaped == "&lt;script&gt;alert(1)&lt;/script&gt;"
    escaped = str(escape_text('<img src=x onerror="alert(1)">'))
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped
    assert "&lt;img" in escaped


def test_escape_text_shows_entities_literally():
    # An article that writes '&lt;' means those four characters, not '<'.
    assert str(escape_text("&lt;")) == "&amp;lt;"
    assert (
        html.unescape(str(escape_text("missiles & S-400 &amp; more")))
        == "missiles & S-400 &amp; more"
    )


def test_escape_text_escapes_quotes_for_attributes():
    assert '"' not in str(escape_text('the “tragic miscalculation,” he said "no"'))
    assert "'" not in str(escape_text("no one's interest"))


@pytest.mark.parametrize(
    "hidden, code",
    [
        ("\u202e", "U+202E"),
        ("\u200b", "U+200B"),
        ("\u2066", "U+2066"),
        ("\ufeff", "U+FEFF"),
        ("\x02", "U+0002"),
        ("\x03", "U+0003"),
        ("\x00", "U+0000"),
    ],
)
def test_escape_text_makes_invisible_and_control_characters_visible(hidden, code):
    escaped = str(escape_text(f"Erdogan{hidden}Putin"))
    assert hidden not in escaped
    assert code in escaped
    assert escaped.startswith("Erdogan") and escaped.endswith("Putin")
    # The marker itself is escaped too: no raw '<' reaches the page.
    assert "<" not in escaped


def test_escape_text_keeps_ordinary_text(seed_article):
    paragraph = seed_article.text_of(
        seed_article.blocks[1]
    )  # quotes, apostrophes, digits, non-ASCII punctuation
    assert html.unescape(str(escape_text(paragraph))) == paragraph
    assert str(escape_text("Erdoğan, Zelenskiy – Kyiv")) == "Erdoğan, Zelenskiy – Kyiv"


# --- safe_href and relative_url --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "  javascript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "en.wikinews.org/wiki/X",
        'https://en.wikinews.org/wiki/X" onmouseover="alert(1)',
        "https://",
        "",
    ],
)
def test_safe_href_rejects_anything_but_plain_http_links(url):
    assert safe_href(url) == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://en.wikinews.org/wiki/Magnitogorsk_apartment_building_collapses_after_explosion,_dozens_dead",
        "http://example.org/news?id=3&lang=en",
    ],
)
def test_safe_href_accepts_http_and_https(url):
    assert safe_href(url) == url


@pytest.mark.parametrize(
    "from_page, to_page, link",
    [
        (
            "articles/2022/02/03/x/",
            "actors/vladimir-putin/",
            "../../../../../actors/vladimir-putin/",
        ),
        ("actors/vladimir-putin/", "articles/2022/02/03/x/", "../../articles/2022/02/03/x/"),
        ("actors/vladimir-putin/", "actors/", "../"),
        ("", "actors/vladimir-putin/", "actors/vladimir-putin/"),
        ("dates/2022/02/03/", "dates/2022/02/", "../"),
        ("actors/", "actors/", "./"),
        ("api/entities.json", "actors/", "../actors/"),
    ],
)
def test_relative_url(from_page, to_page, link):
    assert relative_url(from_page, to_page) == link


def test_relative_url_resolves_back_to_the_target():
    import posixpath

    for from_page in ["", "actors/", "actors/nato/", "articles/2019/01/04/x/", "dates/2019/"]:
        for to_page in ["actors/", "actors/nato/", "articles/2022/02/03/y/", "dates/2019/01/04/"]:
            link = relative_url(from_page, to_page)
            assert not link.startswith("/")
            assert posixpath.normpath(posixpath.join(from_page or ".", link)) + "/" == to_page


def test_relative_url_from_a_top_level_file_url():
    assert relative_url("index.md", "actors/") == "actors/"


def test_redirect_page_points_relatively_to_the_new_url():
    page = redirect_page("actors/putin/", "actors/vladimir-putin/")
    assert 'href="../vladimir-putin/"' in page
    assert 'content="0; url=../vladimir-putin/"' in page


# --- render_archive: pages and URLs ----------------------------------------------------------------------


def test_pages_are_at_the_design_urls(pages):
    expected = {
        "index.md",
        "actors/index.md",
        *(
            f"actors/{slug}.md"
            for slug in [
                "vladimir-putin",
                "nato",
                "ukraine",
                "boris-johnson",
                "magnitogorsk",
                "s-400",
            ]
        ),
        f"articles/2022/02/03/{SEED_SLUG}.md",
        f"articles/2019/01/04/{MAGNITOGORSK_SLUG}.md",
        "dates/index.md",
        "dates/2019/index.md",
        "dates/2019/01/index.md",
        "dates/2019/01/04/index.md",
        "dates/2022/index.md",
        "dates/2022/02/index.md",
        "dates/2022/02/03/index.md",
        "api/entities.json",
        "api/articles.json",
    }
    assert set(pages) == expected


def test_render_archive_returns_pages_in_path_order(archive):
    paths = [page.path for page in render_archive(archive)]
    assert paths == sorted(paths)


def test_article_page_keeps_every_block_and_its_text(pages, seed_article):
    section = article_section(pages[f"articles/2022/02/03/{SEED_SLUG}.md"])
    rendered = re.findall(r"<(p|h2)>(.*?)</\1>", section)
    assert [tag for tag, _ in rendered] == [
        "h2" if b.kind == "heading" else "p" for b in seed_article.blocks
    ]
    for (_, inner), block in zip(rendered, seed_article.blocks):
        assert html.unescape(re.sub(r"<[^>]+>", "", inner)) == seed_article.text_of(block)
    assert f"<h2>{SEED_HEADING}</h2>" in section


def test_article_page_links_each_mention_to_its_actor_relatively(pages, archive, seed_article):
    section = article_section(pages[f"articles/2022/02/03/{SEED_SLUG}.md"])
    links = re.findall(
        r'<a class="annals-mention annals-(\w+)" href="([^"]+)" title="([^"]+)">([^<]*)</a>',
        section,
    )
    in_seed = sorted(
        (m.start, m.actor) for a in archive.actors for m in a.mentions if m.article == SEED_SLUG
    )
    assert len(links) == len(in_seed)
    by_actor = {a.slug: a for a in archive.actors}
    for (type_, href, title, text), (start, slug) in zip(links, in_seed):
        assert href == f"../../../../../actors/{slug}/"
        assert type_ == by_actor[slug].type
        mention = next(
            m for m in by_actor[slug].mentions if m.article == SEED_SLUG and m.start == start
        )
        assert html.unescape(text) == seed_article.body[mention.start : mention.end]
        # The tooltip gives the type, and the actor's name when the text names it otherwise.
        label = TYPE_LABELS[type_][0]
        name = by_actor[slug].name
        written = html.unescape(text)
        assert html.unescape(title) == (label if written == name else f"{name} ({label})")
    # The seed names some actors in full and some otherwise ('Putin').
    assert {"(" in title for _, _, title, _ in links} == {True, False}


def test_article_page_lists_its_actors_and_byline(pages):
    content = pages[f"articles/2019/01/04/{MAGNITOGORSK_SLUG}.md"]
    meta, body = split_front_matter(content)
    assert meta["title"] == "Magnitogorsk apartment building collapses after explosion, dozens dead"
    assert 'href="../../../../../dates/2019/01/04/"' in body
    assert (
        'href="https://en.wikinews.org/wiki/Magnitogorsk_apartment_building_collapses_after_explosion,_dozens_dead"'
        in body
    )
    chips = body[body.index("annals-article-actors") :]
    assert 'href="../../../../../actors/vladimir-putin/"' in chips
    assert 'href="../../../../../actors/magnitogorsk/"' in chips
    assert "nato" not in chips  # NATO is not in this article


def test_actor_page_lists_articles_newest_first_with_marked_sentences(pages):
    content = pages["actors/vladimir-putin.md"]
    meta, body = split_front_matter(content)
    assert meta["title"] == "Vladimir Putin"
    listed = body.index('id="articles"')  # the first-seen line above links the oldest article
    seed_link = body.index(f'href="../../articles/2022/02/03/{SEED_SLUG}/"', listed)
    mag_link = body.index(f'href="../../articles/2019/01/04/{MAGNITOGORSK_SLUG}/"', listed)
    assert seed_link < mag_link
    assert (
        "President Vladimir Putin was briefed" not in body
    )  # the mention is marked inside the sentence
    assert (
        'President <mark title="found by the model, 0.9">Vladimir Putin</mark> was briefed' in body
    )
    assert (
        '<mark title="found by the model, 0.9">Putin</mark> to set up a three-way-summit.' in body
    )
    assert 'href="../"' in body  # back to the actors index


def test_actor_page_lists_older_articles_by_title_only_past_the_context_cap(archive, monkeypatch):
    """An actor named in more articles than CONTEXT_APPEARANCES keeps the page small: older articles are linked
    one line each, with their date, title and the actor's mentions in them, without their sentences (which stay on
    the article pages)."""
    from generator import render

    monkeypatch.setattr(render, "CONTEXT_APPEARANCES", 1)
    content = {page.path: page.content for page in render_archive(archive)}[
        "actors/vladimir-putin.md"
    ]
    _, body = split_front_matter(content)
    assert (
        '<mark title="found by the model, 0.9">Putin</mark> to set up a three-way-summit.' in body
    )  # the newest article keeps its sentences
    older = body[body.index('class="annals-article-list"') :]
    assert (
        f'<time datetime="2019-01-04">4 January 2019</time> <a href="../../articles/2019/01/04/{MAGNITOGORSK_SLUG}/">'
        in older
    )
    in_magnitogorsk = [
        m
        for actor in archive.actors
        if actor.slug == "vladimir-putin"
        for m in actor.mentions
        if m.article == MAGNITOGORSK_SLUG
    ]
    plural = "" if len(in_magnitogorsk) == 1 else "s"
    assert f'<span class="annals-count">{len(in_magnitogorsk)} mention{plural}</span></li>' in older
    assert "1 older article, by title" in body
    assert body.count("<mark ") == body[: body.index('class="annals-article-list"')].count("<mark ")
    assert "in 2 articles" in body


@pytest.mark.parametrize(
    "extensions",
    [["toc", "tables", "fenced_code"], ["toc", "tables", "attr_list", "md_in_html", "admonition"]],
)
def test_markdown_passes_every_generated_page_but_home_through_unchanged(pages, extensions):
    """The plugin hands generated pages (all but home, which holds the project's Markdown intro) to MkDocs without
    running Markdown over them; that is only right while Markdown would leave them exactly as they are."""
    checked = 0
    for path, content in pages.items():
        if path == "index.md" or not path.endswith(".md"):
            continue
        _, body = split_front_matter(content)
        assert markdown.Markdown(extensions=extensions).convert(body) == markdown_passthrough(
            body
        ), path
        checked += 1
    assert checked >= 10


def test_actors_index_links_every_actor(pages, archive):
    body = split_front_matter(pages["actors/index.md"])[1]
    for a in archive.actors:
        assert f'href="{a.slug}/"' in body


def test_date_pages_link_down_the_hierarchy(pages):
    assert 'href="2019/"' in pages["dates/index.md"] and 'href="2022/"' in pages["dates/index.md"]
    assert 'href="02/"' in pages["dates/2022/index.md"]
    assert 'href="03/"' in pages["dates/2022/02/index.md"]
    assert (
        f'href="../../../../articles/2022/02/03/{SEED_SLUG}/"' in pages["dates/2022/02/03/index.md"]
    )
    assert 'href="../"' in pages["dates/2022/02/03/index.md"]


def test_home_page_has_intro_latest_articles_and_exports(pages):
    body = split_front_matter(pages["index.md"])[1]
    assert body.lstrip("\n").startswith("# Annals\n\nThe seed archive.")
    assert f'href="articles/2022/02/03/{SEED_SLUG}/"' in body
    assert 'href="api/entities.json"' in body and 'href="api/articles.json"' in body


def test_generated_pages_contain_no_markdown_surprises(pages):
    # Every page goes through Markdown: the article text must come out as the same paragraphs, not as
    # code blocks, lists or emphasis.
    for path, content in pages.items():
        if not path.endswith(".md"):
            continue
        rendered = to_html(content)
        assert "<pre>" not in rendered and "<code>" not in rendered, path
        assert "<em>" not in rendered and "<strong>" not in rendered, path


# --- JSON exports ----------------------------------------------------------------------------------------


def test_entities_export(pages, archive):
    entities = json.loads(pages["api/entities.json"])
    assert [e["slug"] for e in entities] == sorted(a.slug for a in archive.actors)
    for entry in entities:
        assert sorted(entry) == ENTITY_KEYS
        assert entry["type"] in ACTOR_TYPES
    putin = next(e for e in entities if e["slug"] == "vladimir-putin")
    assert putin["name"] == "Vladimir Putin"
    assert putin["type"] == "person"
    assert putin["aliases"] == ["Putin", "Vladimir Putin"]
    assert (
        putin["mentions"] == 3
    )  # 'Vladimir Putin' and 'Putin' in the seed, 'Vladimir Putin' in Magnitogorsk
    assert putin["articles"] == sorted([SEED_SLUG, MAGNITOGORSK_SLUG])


def test_articles_export(pages, archive):
    articles = json.loads(pages["api/articles.json"])
    assert [a["slug"] for a in articles] == sorted([SEED_SLUG, MAGNITOGORSK_SLUG])
    for entry in articles:
        assert sorted(entry) == ARTICLE_KEYS
    mag = next(a for a in articles if a["slug"] == MAGNITOGORSK_SLUG)
    assert mag == {
        "slug": MAGNITOGORSK_SLUG,
        "title": "Magnitogorsk apartment building collapses after explosion, dozens dead",
        "date": "2019-01-04",
        "source": "Wikinews",
        "url": "https://en.wikinews.org/wiki/Magnitogorsk_apartment_building_collapses_after_explosion,_dozens_dead",
        "path": f"articles/2019/01/04/{MAGNITOGORSK_SLUG}/",
        "entities": ["magnitogorsk", "vladimir-putin"],
    }
    seed = next(a for a in articles if a["slug"] == SEED_SLUG)
    assert seed["entities"] == ["boris-johnson", "nato", "s-400", "ukraine", "vladimir-putin"]
    assert seed["title"] == SEED_TITLE


def test_exports_are_byte_identical_whatever_the_input_order(archive):
    shuffled = Archive(
        articles=tuple(reversed(archive.articles)),
        actors=tuple(
            dataclasses.replace(a, mentions=tuple(reversed(a.mentions)))
            for a in reversed(archive.actors)
        ),
    )
    first = {p.path: p.content for p in render_archive(archive) if p.path.startswith("api/")}
    second = {p.path: p.content for p in render_archive(shuffled) if p.path.startswith("api/")}
    assert set(first) == {"api/entities.json", "api/articles.json"}
    assert first == second
    again = {p.path: p.content for p in render_archive(archive) if p.path.startswith("api/")}
    assert again == first


def test_json_export_is_inert_as_html_and_round_trips(archive, seed_article):
    title = "Talks fail </script><script>alert(1)</script> & more"
    hostile = dataclasses.replace(seed_article, title=title)
    pages = {
        p.path: p.content
        for p in render_archive(
            dataclasses.replace(archive, articles=(hostile, archive.articles[1]))
        )
    }
    text = pages["api/articles.json"]
    assert "<" not in text and ">" not in text and "&" not in text
    assert next(a for a in json.loads(text) if a["slug"] == SEED_SLUG)["title"] == title


def test_json_export_in_pieces_is_the_same_text_inert_in_every_piece():
    """The exports that grow with the archive are written a thousand entries to a piece: the pieces join into
    json_export's text, and each is inert on its own, whichever entry holds the markup."""
    items = [
        {"slug": f"actor-{n}", "name": "</script>&" if n % 997 == 0 else f"Actor \u202e{n}"}
        for n in range(2500)
    ]
    pieces = list(iter_json_export(iter(items)))
    assert len(pieces) >= 3
    assert "".join(pieces) == json_export(items)
    assert json.loads("".join(pieces)) == items
    assert all("<" not in piece and "&" not in piece and "\u202e" not in piece for piece in pieces)
    assert "".join(iter_json_export([])) == json_export([]) == "[]\n"


# --- untrusted text in pages -----------------------------------------------------------------------------


HOSTILE_TITLE = "Talks fail</title><script>alert(1)</script> **NATO** [click](javascript:alert(1)) &lt;b&gt; `code` # not a heading"


def test_search_records_are_the_article_then_the_actor_pages_in_path_order(
    archive, pages, seed_article
):
    records = [*article_records(archive.articles), *actor_records(archive)]
    paths = [r.path for r in records]
    articles = [p for p in paths if p.startswith("articles/")]
    assert articles and paths == sorted(articles) + sorted(set(paths) - set(articles))
    assert set(paths) == {
        p for p in pages if p.startswith(("articles/", "actors/")) and p != "actors/index.md"
    }
    by_path = {r.path: r for r in records}
    seed = by_path["articles/2022/02/03/" + SEED_SLUG + ".md"]
    assert seed.title == SEED_TITLE
    # Title, byline and every block, as plain text: the index escapes it where it shows it.
    assert seed.content.startswith(SEED_TITLE + " 3 February 2022 · AFP. ")
    assert all(seed_article.text_of(block) in seed.content for block in seed_article.blocks)
    assert "<" not in seed.content and "&amp;" not in seed.content
    putin = by_path["actors/vladimir-putin.md"]
    assert putin.title == "Vladimir Putin"
    assert putin.content.startswith("Vladimir Putin. Person. Named ")
    assert re.search(
        r"times in 2 articles, from 4 January 2019 to 3 February 2022\.", putin.content
    ), putin.content
    assert putin.content.endswith("Also written as Putin, Vladimir Putin.")
    s400 = by_path["actors/s-400.md"]
    assert "Other." in s400.content and "Often named with" not in s400.content


def test_search_records_of_actors_named_in_fewer_articles_are_left_out_unless_described(archive):
    def named_in(actor):
        return len({m.article for m in actor.mentions})

    once = [a for a in archive.actors if named_in(a) == 1 and not a.description]
    described = dataclasses.replace(once[0], description="Russian surface-to-air missile system")
    archive = dataclasses.replace(
        archive, actors=tuple(described if a is once[0] else a for a in archive.actors)
    )
    every = {r.path for r in actor_records(archive)}
    recurring = {r.path for r in actor_records(archive, named_in=2)}
    assert len(once) > 1 and len(every) == len(archive.actors)
    assert recurring == {
        actor_page_path(a.slug) for a in archive.actors if named_in(a) >= 2 or a.description
    }
    assert actor_page_path(described.slug) in recurring
    assert actor_page_path(once[1].slug) in every - recurring
    assert {r.path for r in actor_records(archive, named_in=3)} < recurring


def test_search_records_carry_hostile_text_as_it_is(archive, seed_article):
    hostile = dataclasses.replace(
        seed_article, title='<img src=x onerror="alert(1)"> & co', source="<b>Wire</b>"
    )
    [record] = article_records([hostile])
    assert record.title == '<img src=x onerror="alert(1)"> & co'
    assert record.content.startswith(
        '<img src=x onerror="alert(1)"> & co. 3 February 2022 · <b>Wire</b>.'
    )
    # Characters that would reorder or hide text show as code points, as they do on the pages.
    [hidden] = article_records(
        [dataclasses.replace(seed_article, title="Kyiv\u202eevil", source="A\u200bFP")]
    )
    assert hidden.title == "Kyiv<U+202E>evil" and "A<U+200B>FP." in hidden.content


@pytest.fixture(scope="module")
def hostile_pages(archive, seed_article) -> dict[str, str]:
    extra = "Injected: <img src=x onerror=alert(1)> and a bidi \u202eoverride, a zero\u200bwidth space and \x02 a control."
    hostile = make_article(
        seed_article.slug,
        seed_article.date,
        HOSTILE_TITLE,
        seed_article.body + "\n\n" + extra,
        source="<b>AFP</b>",
        url="javascript:alert(document.cookie)",
        author="<svg onload=alert(1)>",
        path=seed_article.path,
        headings={SEED_HEADING},
    )
    mentions = mentions_of(hostile, "NATO", "nato", "ORG")
    hostile_archive = Archive(
        articles=(hostile, archive.articles[1]),
        actors=(actor("nato", "NATO <i>alliance</i>", "organization", ["NATO"], mentions),),
    )
    return {p.path: p.content for p in render_archive(hostile_archive)}


def test_hostile_title_is_escaped_in_front_matter_and_page(hostile_pages):
    content = hostile_pages[f"articles/2022/02/03/{SEED_SLUG}.md"]
    meta, body = split_front_matter(content)
    assert meta["title"] == str(escape_text(HOSTILE_TITLE))
    assert "</title>" not in meta["title"] and "<script>" not in meta["title"]
    assert "&lt;/title&gt;&lt;script&gt;" in meta["title"]
    assert "&amp;lt;b&amp;gt;" in body  # the literal '&lt;' of the title stays visible as written
    assert "<script" not in content and "</title>" not in content


@pytest.mark.parametrize(
    "path",
    [
        "index.md",
        f"articles/2022/02/03/{SEED_SLUG}.md",
        "dates/2022/02/03/index.md",
        "actors/nato.md",
    ],
)
def test_hostile_text_stays_inert_after_markdown(hostile_pages, path):
    rendered = to_html(hostile_pages[path])
    assert (
        "<script" not in rendered
        and "<img" not in rendered
        and "<svg onload" not in rendered
        and "<i>" not in rendered
    )
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert hrefs, "the page should still have its links"
    assert not any(href.strip().lower().startswith(("javascript", "data")) for href in hrefs)
    assert (
        "<strong>NATO</strong>" not in rendered
    )  # Markdown syntax in the title is not interpreted
    assert "<code>code</code>" not in rendered
    assert "\u202e" not in rendered and "\u200b" not in rendered and "\x02" not in rendered


def test_hostile_body_and_byline_are_visible_as_text(hostile_pages):
    content = hostile_pages[f"articles/2022/02/03/{SEED_SLUG}.md"]
    rendered = to_html(content)
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "U+202E" in rendered and "U+200B" in rendered and "U+0002" in rendered
    assert "&lt;b&gt;AFP&lt;/b&gt;" in rendered
    assert "&lt;svg onload=alert(1)&gt;" in rendered
    assert 'href="javascript' not in rendered  # the unsafe source URL is shown as text, not linked
    assert (
        "NATO &lt;i&gt;alliance&lt;/i&gt;" in rendered
    )  # the actor name in the mention's title attribute and chip


# --- write_pages -----------------------------------------------------------------------------------------


def files_under(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in directory.rglob("*")
        if p.is_file()
    }


def counts(done) -> tuple[int, int]:
    """(files written, files removed) of a write_pages."""
    return done.written, done.removed


def test_write_pages_writes_everything_the_first_time(tmp_path, archive):
    rendered = render_archive(archive)
    written, removed = counts(write_pages(rendered, tmp_path / "pages"))
    assert (written, removed) == (len(rendered), 0)
    assert files_under(tmp_path / "pages") == {p.path: p.content.encode("utf-8") for p in rendered}


def test_write_pages_leaves_unchanged_files_alone(tmp_path, archive):
    directory = tmp_path / "pages"
    rendered = render_archive(archive)
    write_pages(rendered, directory)
    old = 1_000_000_000  # 2001: any rewrite would move the mtime to now
    for path in directory.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(old * 10**9, old * 10**9))
    assert counts(write_pages(render_archive(archive), directory)) == (0, 0)
    assert {p.stat().st_mtime_ns for p in directory.rglob("*") if p.is_file()} == {old * 10**9}


def test_write_pages_rewrites_only_the_changed_file(tmp_path, archive, seed_article):
    directory = tmp_path / "pages"
    write_pages(render_archive(archive), directory)
    old = 1_000_000_000 * 10**9
    for path in directory.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(old, old))
    retitled = dataclasses.replace(seed_article, title="Talks between Russia and the West fail")
    changed = render_archive(dataclasses.replace(archive, articles=(retitled, archive.articles[1])))
    written, removed = counts(write_pages(changed, directory))
    touched = sorted(
        p.relative_to(directory).as_posix()
        for p in directory.rglob("*")
        if p.is_file() and p.stat().st_mtime_ns != old
    )
    assert removed == 0
    assert written == len(touched)
    # The title shows on the article page, the home page, the day page, the export and the pages of the
    # actors the article mentions; nothing else changes.
    seed_actors = [
        f"actors/{slug}.md"
        for slug in ["vladimir-putin", "nato", "ukraine", "boris-johnson", "s-400"]
    ]
    neighbour = archive.articles[1]  # its previous/next link and related list show the new title
    neighbour_page = f"articles/{neighbour.date:%Y/%m/%d}/{neighbour.slug}.md"
    expected = [
        "index.md",
        f"articles/2022/02/03/{SEED_SLUG}.md",
        neighbour_page,
        "dates/2022/02/03/index.md",
        "api/articles.json",
        *seed_actors,
    ]
    assert touched == sorted(expected)
    assert files_under(directory) == {p.path: p.content.encode("utf-8") for p in changed}


def test_write_pages_removes_files_no_longer_generated(tmp_path, archive):
    directory = tmp_path / "pages"
    write_pages(render_archive(archive), directory)
    without_magnitogorsk = Archive(
        articles=archive.articles[:1],
        actors=tuple(
            dataclasses.replace(a, mentions=tuple(m for m in a.mentions if m.article == SEED_SLUG))
            for a in archive.actors
            if a.slug != "magnitogorsk"
        ),
    )
    rendered = render_archive(without_magnitogorsk)
    written, removed = counts(write_pages(rendered, directory))
    gone = {
        "actors/magnitogorsk.md",
        f"articles/2019/01/04/{MAGNITOGORSK_SLUG}.md",
        "dates/2019/index.md",
        "dates/2019/01/index.md",
        "dates/2019/01/04/index.md",
    }
    assert removed == len(gone)
    assert set(files_under(directory)) == {p.path for p in rendered}
    assert not (directory / "dates" / "2019").exists()  # emptied folders go too
    assert not (directory / "articles" / "2019").exists()
    assert not any(p.name.endswith(".tmp") for p in directory.rglob("*"))


def test_write_pages_lists_what_the_folder_holds_after_it(tmp_path, archive):
    """The listing the page cache reuses HTML by: every file left, with its size and time, none removed."""
    directory = tmp_path / "pages"
    write_pages(render_archive(archive), directory)
    (directory / "actors" / "stray").mkdir()
    (directory / "actors" / "stray" / "old.md").write_text("gone", "utf-8")
    done = write_pages(render_archive(archive)[1:], directory)
    assert done.removed == 2
    assert done.listing == page_listing(directory)
    assert len(done.listing) == len(render_archive(archive)) - 1
    assert not (directory / "actors" / "stray").exists()


def test_write_pages_creates_the_directory_and_handles_no_pages(tmp_path):
    directory = tmp_path / "deep" / "pages"
    assert counts(write_pages([Page("index.md", "# Annals\n")], directory)) == (1, 0)
    assert (directory / "index.md").read_text("utf-8") == "# Annals\n"
    assert counts(write_pages([], directory)) == (0, 1)
    assert list(directory.iterdir()) == []


def test_write_pages_writes_a_page_given_in_pieces_and_leaves_it_alone_when_unchanged(tmp_path):
    directory = tmp_path / "pages"
    pieces = ["id,name\r\n", "1,Łódź\r\n", "2,Kyiv\r\n"]
    assert counts(write_pages([Page("api/big.csv", iter(pieces))], directory)) == (1, 0)
    target = directory / "api" / "big.csv"
    assert target.read_bytes().decode("utf-8") == "".join(pieces)
    old = 1_000_000_000 * 10**9
    os.utime(target, ns=(old, old))
    assert counts(write_pages([Page("api/big.csv", iter(pieces))], directory)) == (0, 0)
    assert target.stat().st_mtime_ns == old and not list(target.parent.glob(".*.tmp"))
    assert counts(write_pages([Page("api/big.csv", iter(pieces[:2]))], directory)) == (1, 0)
    assert target.read_bytes().decode("utf-8") == "".join(pieces[:2])


def test_an_archive_held_packed_renders_indexes_and_signs_as_the_archive_read(archive, pages):
    """The build holds its articles' bodies compressed from resolving on (pipeline.packed): every page, feed,
    search record and actor signature made from the packed archive is the one made from the bodies as read, and
    a packed body is smaller than the text it replaces."""
    from generator.feeds import iter_feeds
    from generator.pipeline import packed
    from generator.signatures import actor_signatures

    held = packed(archive)
    assert held.actors == archive.actors
    for article, kept in zip(archive.articles, held.articles, strict=True):
        assert kept.body == "" and kept.packed
        assert len(kept.packed) < sys.getsizeof(article.body) / 2
        assert kept.text == article.body
        assert kept.block_texts() == tuple(map(article.text_of, article.blocks))
        assert kept.first_paragraph == article.first_paragraph != ""
        assert kept.packed_copy() is kept  # packing twice changes nothing
    assert {
        page.path: page.content
        for page in render_archive(held, intro="# Annals\n\nThe seed archive.")
    } == pages
    assert list(article_records(held.articles)) == list(article_records(archive.articles))
    assert actor_records(held) == actor_records(archive)
    assert actor_signatures(held) == actor_signatures(archive)
    assert list(iter_feeds(held, "https://example.org/", "Site")) == list(
        iter_feeds(archive, "https://example.org/", "Site")
    )
