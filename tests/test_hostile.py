"""Untrusted text stays text: hostile titles, bodies, front-matter fields, actor names, aliases, descriptions and
quotes never become live markup, in the pages, the page <title>, the search index or the JSON exports.

Two levels:
- property-based (hypothesis) at the render level: `Archive` values are built directly with hostile text in every
  field a file or entities.yml can fill, rendered with `render_archive`, each Markdown page converted with
  Python-Markdown and MkDocs' default extensions, and the HTML parsed: only elements and attributes our templates
  make, no event handlers, no script-bearing URLs, and every hostile string visible literally (invisible
  characters shown as `<U+XXXX>`, as documented);
- end to end: a project made by `annals new`, with a real Wikinews article, a hostile Markdown article (front
  matter too), a hostile seed-format article and a hostile entities.yml, built through the CLI; every HTML page,
  the search index and api/*.json are checked as a browser or a script would read them.
"""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import read
from generator.escape import escape_text, safe_href, visible_text
from generator.model import Actor, ActorQuote, Archive, Article, Block, Mention
from generator.names import make_slug
from generator.plugin import safe_striptags
from generator.sitepages import markdown_passthrough

from conftest import render_archive

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "wikinews"
PELOSI = (
    CORPUS
    / "2019"
    / "2019-01-04-nancy-pelosi-again-elected-speaker-as-116th-u-s-congress-sworn-in.md"
)
TEMPLATES = REPO / "generator" / "templates"
# MkDocs' default Markdown extensions: what the generated pages actually go through in `annals new` projects.
MKDOCS_EXTENSIONS = ["toc", "tables", "fenced_code"]

# --- what "stays text" means ---------------------------------------------------------------------------------

# The documented visible replacement (render._INVISIBLE): C0 controls but tab, newline and CR, DEL, the bidi controls
# (U+061C, U+200E/F, U+202A–E, U+2066–9), zero-width marks, invisible operators, the BOM and the invisible tag
# characters U+E0000–E007F are shown as <U+XXXX>.
DOCUMENTED_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]"
)
# Easy to miss: the Arabic letter mark is a bidi control like U+200F; tag characters carry hidden ASCII.
RARE_INVISIBLE = "\u061c\U000e0001\U000e0041\U000e007f"


def visible(text: str) -> str:
    return DOCUMENTED_INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def squeeze(text: str) -> str:
    """Whitespace-insensitive form: HTML and Markdown may re-flow whitespace, never other characters."""
    return " ".join(text.replace("\r", "\n").split())


def template_vocabulary() -> tuple[set[str], set[str]]:
    """Every element and attribute name our templates, render.py and network.py (the SVG drawings) can write:
    anything else in a page came from untrusted text."""
    sources = [path.read_text("utf-8") for path in TEMPLATES.glob("*.j2")]
    sources += [
        (REPO / "generator" / module).read_text("utf-8") for module in ("render.py", "network.py")
    ]
    tags, attributes = set(), set()
    for source in sources:
        for tag in re.finditer(r"<([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>?", source):
            tags.add(tag.group(1).lower())
            inside = re.sub(
                r"\{[{%#].*?[}%#]\}|\"[^\"]*\"|'[^']*'", " ", tag.group(2)
            )  # Jinja and quoted values out
            attributes.update(
                name.lower()
                for name in re.findall(r"(?<![\w{-])([a-zA-Z][\w:-]*)(?=\s*=|\s|/|$)", inside)
            )
    # What Python-Markdown itself may add around raw HTML and the trusted intro.
    tags |= {
        "p",
        "em",
        "strong",
        "code",
        "pre",
        "hr",
        "br",
        "h1",
        "h2",
        "h3",
        "ul",
        "ol",
        "li",
        "blockquote",
    }
    attributes |= {"id"}
    tags.discard("u")  # from the '<U+XXXX>' text render.py writes, not an element
    return tags, attributes


ALLOWED_TAGS, ALLOWED_ATTRIBUTES = template_vocabulary()
NEVER_OURS = {
    "script",
    "img",
    "iframe",
    "object",
    "embed",
    "style",
    "link",
    "meta",
    "form",
    "input",
    "base",
    "svg-script",
    "math",
    "textarea",
    "button",
}


class Page(html.parser.HTMLParser):
    """Elements, attributes and visible text of an HTML fragment or page, as a browser's parser sees them."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.chunks: list[str] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.titles: list[
            str
        ] = []  # <title> elements, the page's own first (SVG charts have their own)
        self.styles = 0
        self._in: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag in ("script", "title", "style"):
            self._in.append(tag)
            if tag == "script":
                self.scripts.append((attributes, ""))
            if tag == "title":
                self.titles.append("")
        if tag == "style":
            self.styles += 1

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "script":
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
            return
        if self._in and self._in[-1] == "title":
            self.titles[-1] += data
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return squeeze("".join(self.chunks))


def assert_inert(
    page: Page, where: str, external: set[str] = frozenset(), tags: set[str] = ALLOWED_TAGS
) -> None:
    """No element or attribute our templates do not write, no event handler, no link that is not either relative
    or one of the external http(s) addresses the archive legitimately holds."""
    for tag, attributes in page.elements:
        assert tag in tags and tag not in NEVER_OURS, f"{where}: <{tag}> came from untrusted text"
        for name, value in attributes.items():
            assert not name.startswith("on"), f"{where}: event handler {name}={value!r} on <{tag}>"
            assert name in ALLOWED_ATTRIBUTES, (
                f"{where}: attribute {name!r} on <{tag}> came from untrusted text"
            )
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                # As a browser reads it: leading controls and spaces dropped, tabs and newlines ignored.
                url = re.sub(r"[\t\n\r]", "", value.lstrip("".join(map(chr, range(0x21))))).lower()
                scheme = re.match(r"([a-z][a-z0-9+.-]*):", url)
                if scheme or url.startswith(("//", "\\", "/\\")):
                    assert scheme and scheme.group(1) in ("http", "https") and value in external, (
                        f"{where}: link {value!r}"
                    )


def assert_literal(page: Page, text: str, where: str) -> None:
    expected = squeeze(visible(text))
    assert expected in page.text, (
        f"{where}: {text!r} is not shown literally (expected {expected!r})"
    )


# --- hostile text ----------------------------------------------------------------------------------------------

SNIPPETS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "'><details open ontoggle=alert(4)>",
    "javascript:alert(5)",
    "[click](javascript:alert(6))",
    '<a href="javascript:alert(7)">x</a>',
    "![i](x.png)",
    "[r]: javascript:alert(8)",
    "<https://evil.example/>",
    "&lt;b&gt;",
    "&amp;amp;",
    "&#60;script&#62;",
    "&#x3C;",
    "&",
    "<",
    ">",
    '"',
    "'",
    "# heading",
    "## ",
    "* item",
    "1. item",
    "| a | b |\n|---|---|\n| c | d |",
    "| a | b | |---|---|",
    "|",
    "`code`",
    "```\nfenced\n```",
    "~~~",
    "    indented",
    "<!--",
    "-->",
    "<!-- hidden -->",
    "<![CDATA[x]]>",
    "{{ config.site_name }}",
    "{{ page.title }}",
    "{% raw %}",
    "{% include 'x' %}",
    "{# c #}",
    "</div>",
    "</article>",
    "</p>",
    "<p>",
    "</title>",
    "</textarea>",
    "<style>*{display:none}</style>",
    "***",
    "---",
    "===",
    "__init__",
    "\\",
    "\n",
    "\n\n",
    "\r",
    "\t",
    "\x00",
    "\x02",
    "\x03",
    "\x1b",
    "\x7f",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u2028",
    "\ufeff",
    "\U0001f600",
    "Łódź",
]
hostile = st.lists(
    st.one_of(
        st.sampled_from(SNIPPETS), st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
    ),
    min_size=1,
    max_size=6,
).map("".join)
optional_hostile = st.one_of(st.just(""), hostile)
urls = st.one_of(
    st.just(""),
    hostile,
    st.just("https://en.wikinews.org/wiki/Some_article?a=1&b=2"),
    st.builds(lambda s: "https://example.org/" + s, hostile),
    st.sampled_from(
        [
            "javascript:alert(9)",
            "JaVaScRiPt:alert(9)",
            " javascript:alert(9)",
            "data:text/html,<script>alert(9)</script>",
            "//evil.example/x",
            'http://x/"onmouseover=alert(1)',
        ]
    ),
)


@st.composite
def archives(draw) -> tuple[Archive, dict]:
    """A small archive with hostile text in every field input can fill, mentions at their true offsets."""
    names = draw(st.lists(hostile, min_size=1, max_size=3))
    actor_slugs = [f"{make_slug(name, 40)}-{index}" for index, name in enumerate(names)]
    n_articles = draw(st.integers(1, 2))
    articles, mentions = [], {slug: [] for slug in actor_slugs}
    quotes = {slug: [] for slug in actor_slugs}
    for number in range(n_articles):
        title = draw(hostile)
        slug = f"{make_slug(title, 40)}-{number}"
        blocks, offset, texts = [], 0, []
        # The first article names every actor, so each has a page; later ones name some.
        named = (
            list(range(len(names)))
            if number == 0
            else draw(st.lists(st.integers(0, len(names) - 1), max_size=3))
        )
        for index in named or [None]:
            before, after = draw(optional_hostile), draw(optional_hostile)
            name = names[index] if index is not None else ""
            text = before + name + after
            if not text:
                text = "x"
            kind = draw(st.sampled_from(["paragraph", "heading"]))
            blocks.append(Block(kind, offset, offset + len(text)))
            if index is not None:
                start = offset + len(before)
                mentions[actor_slugs[index]].append(
                    Mention(
                        slug, start, start + len(name), name, "PERSON", text, actor_slugs[index]
                    )
                )
                if draw(st.booleans()):
                    quotes[actor_slugs[index]].append(ActorQuote(slug, draw(hostile), "said"))
            texts.append(text)
            offset += len(text) + 2
        articles.append(
            Article(
                slug=slug,
                date=dt.date(2020, 1, 1) + dt.timedelta(days=number * draw(st.integers(0, 40))),
                title=title,
                source=draw(optional_hostile),
                url=draw(urls),
                # As read gives them: the byline and the author names both with their whitespace collapsed
                # (str.split counts the separators U+001C..U+001F as whitespace too).
                author=(author := " ".join(draw(optional_hostile).split())),
                body="\n\n".join(texts),
                blocks=tuple(blocks),
                path=f"{slug}.md",
                # As read.tag_names gives them: whitespace collapsed, never empty.
                tags=tuple(
                    dict.fromkeys(
                        t
                        for t in draw(
                            st.lists(hostile.map(lambda t: " ".join(t.split())), max_size=2)
                        )
                        if t
                    )
                ),
                authors=(" ".join(author.split()),) if author.strip() else (),
            )
        )
    actors = []
    for name, slug in zip(names, actor_slugs):
        website = draw(
            st.one_of(
                st.just(()),
                st.builds(
                    lambda u: (("website", u),),
                    st.one_of(
                        st.just("https://example.org/who"),
                        st.builds(lambda s: "https://" + s, hostile),
                    ),
                ),
            )
        )
        actors.append(
            Actor(
                slug=slug,
                name=name,
                type=draw(
                    st.sampled_from(["person", "organization", "place", "group", "event", "other"])
                ),
                aliases=tuple(draw(st.lists(hostile, max_size=3))),
                mentions=tuple(mentions[slug]),
                quotes=tuple(quotes[slug]),
                description=draw(optional_hostile),
                links=website,
            )
        )
    archive = Archive(
        tuple(sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)),
        tuple(sorted(actors, key=lambda a: a.slug)),
    )
    return archive


def split_page(content: str) -> tuple[dict, str]:
    assert content.startswith("---\n")
    end = content.index("\n---\n", 4)
    return yaml.safe_load(content[4:end]), content[end + 5 :]


def page_url(path: str) -> str:
    if not path.endswith(".md"):
        return path
    if path == "index.md":
        return ""
    if path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def external_addresses(archive: Archive) -> set[str]:
    found = {safe_href(article.url) for article in archive.articles}
    found |= {
        safe_href(value)
        for actor in archive.actors
        for kind, value in actor.links
        if kind != "wikidata"
    }
    # Python-Markdown drops its placeholder characters STX and ETX; see test_external_links_never_carry_control_characters.
    return {re.sub("[\x02\x03]", "", url) for url in found} | found - {""}


def all_pages(archive: Archive) -> list:
    """Every generated file, as pipeline.build_pages makes them: pages and JSON, feeds, data exports."""
    from generator.doubts import find_doubts, render_doubts

    from conftest import render_data_exports, render_feeds

    return (
        render_archive(archive)
        + render_feeds(archive, None, "Archive")
        + render_data_exports(archive)
        + render_doubts(find_doubts(archive))
    )


ATOM = "{http://www.w3.org/2005/Atom}"


def assert_xml_is_text(page, archive: Archive) -> None:
    """Feeds and the network file are well-formed XML whatever the text, and feeds carry it as plain text."""
    root = ElementTree.fromstring(page.content.encode("utf-8"))
    for element in root.iter():
        if element.tag in (
            ATOM + "title",
            ATOM + "subtitle",
            ATOM + "summary",
            ATOM + "content",
            ATOM + "rights",
        ):
            assert element.get("type", "text") == "text", (
                f"{page.path}: <{element.tag} type={element.get('type')}> is read as markup"
            )


@settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 100)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(archives())
def test_rendered_pages_show_hostile_text_literally_and_nothing_else(archive):
    pages = all_pages(archive)
    by_path = {page.path: page for page in pages}
    urls = {page_url(path) for path in by_path}
    external = external_addresses(archive)
    for page in pages:
        assert posixpath.normpath(page.path) == page.path and not page.path.startswith(
            ("/", "../")
        ), page.path
        if page.path.endswith((".xml", ".gexf")):
            assert_xml_is_text(page, archive)
        if not page.path.endswith(".md"):
            continue
        meta, body = split_page(page.content)
        converted = markdown.markdown(body, extensions=MKDOCS_EXTENSIONS)
        if page.path != "index.md":
            # The plugin hands these pages to MkDocs as HTML without running Markdown: right only while Markdown
            # would leave them exactly as they are, whatever the text.
            assert converted == markdown_passthrough(body), (
                f"{page.path}: Markdown would change this page"
            )
        rendered = Page(converted)
        assert_inert(rendered, page.path, external)
        # Every internal link leads to a generated page.
        here = "/" + page_url(page.path)
        for _tag, attributes in rendered.elements:
            href = attributes.get("href")
            if href is not None and not re.match(r"[a-zA-Z][\w+.-]*:|//", href):
                target = urlparse(urljoin(here, href)).path.lstrip("/")
                assert target in urls, (
                    f"{page.path}: {href!r} leads to {target!r}, which is not generated"
                )
        # The page title (front matter) is HTML for MkDocs; Material's <title> goes through striptags.
        title = meta["title"]
        assert "<" not in title and ">" not in title, (
            f"{page.path}: live markup in the title {title!r}"
        )
        assert Page(title).text == squeeze(visible(html.unescape(title))), title
        striptagged = str(safe_striptags(title))
        assert "<" not in striptagged, f"{page.path}: striptags made markup of {title!r}"

    for article in archive.articles:
        where = f"articles/{article.date:%Y/%m/%d}/{article.slug}.md"
        meta, body = split_page(by_path[where].content)
        rendered = Page(markdown.markdown(body, extensions=MKDOCS_EXTENSIONS))
        assert squeeze(html.unescape(meta["title"])) == squeeze(visible(article.title))
        # One link per tag slug, as the article writes it first ('Economy' and 'economy' are one tag).
        shown_tags = {make_slug(tag): tag for tag in reversed(article.tags)}.values()
        for field in (
            article.title,
            article.source,
            article.author,
            *(article.text_of(block) for block in article.blocks),
            *shown_tags,
        ):
            assert_literal(rendered, field, where)
        for tag in article.tags:  # and on the tag's page, which names it as most articles write it
            tag_page = Page(
                markdown.markdown(
                    split_page(by_path[f"tags/{make_slug(tag)}/index.md"].content)[1],
                    extensions=MKDOCS_EXTENSIONS,
                )
            )
            spellings = {
                t
                for other in archive.articles
                for t in other.tags
                if make_slug(t) == make_slug(tag)
            }
            assert any(squeeze(visible(name)) in tag_page.text for name in spellings), (
                f"tags/{make_slug(tag)}/: {tag!r}"
            )
        for name in article.authors:  # an archive of several authors has a page for each
            where = f"authors/{make_slug(name)}/index.md"
            assert (where in by_path) == (
                len({make_slug(n) for other in archive.articles for n in other.authors}) > 1
            ), where
        if safe_href(article.url):
            assert any(
                a.get("href") in external
                for tag, a in rendered.elements
                if tag == "a" and "annals-original" in a.get("class", "")
            )
        else:
            assert_literal(rendered, article.url, where)
            assert not any(
                tag == "a" and "annals-original" in a.get("class", "")
                for tag, a in rendered.elements
            )
    for actor in archive.actors:
        where = f"actors/{actor.slug}.md"
        meta, body = split_page(by_path[where].content)
        rendered = Page(markdown.markdown(body, extensions=MKDOCS_EXTENSIONS))
        assert squeeze(html.unescape(meta["title"])) == squeeze(visible(actor.name))
        for field in (
            actor.name,
            actor.description,
            *actor.aliases,
            *(q.text for q in actor.quotes),
            *(m.sentence for m in actor.mentions),
        ):
            assert_literal(rendered, field, where)
        for _kind, value in actor.links:
            if not safe_href(value):
                assert_literal(rendered, value, where)

    # The exports hold the exact text, and no raw <, > or & that a browser could take for markup.
    exported_articles = json.loads(by_path["api/articles.json"].content)
    exported_entities = json.loads(by_path["api/entities.json"].content)
    for page in ("api/articles.json", "api/entities.json"):
        assert not re.search("[<>&]", by_path[page].content), page
    by_slug = {a["slug"]: a for a in exported_articles}
    for article in archive.articles:
        exported = by_slug[article.slug]
        assert (exported["title"], exported["source"], exported["url"]) == (
            article.title,
            article.source,
            article.url,
        )
    names = {e["slug"]: e for e in exported_entities}
    for actor in archive.actors:
        assert names[actor.slug]["name"] == actor.name
        assert set(actor.aliases) <= set(names[actor.slug]["aliases"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(hostile, st.from_regex(r"(?:&[#a-zA-Z0-9]{0,6};?|[<>\"'& \u200b\n\x85])*")))
def test_visible_text_is_escape_texts_policy_without_its_html(text):
    """The search index and JSON-LD take plain text with the pages' policy for invisible characters and line
    breaks: escape_text's HTML read back as text, whatever entities the text already spells."""
    assert visible_text(text) == html.unescape(str(escape_text(text)))
    assert not any(c in visible_text(text) for c in "\u200b\n\x85")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_slugs_of_hostile_names_are_short_safe_path_segments(name):
    slug = make_slug(name)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug
    assert len(slug) <= 80
    assert ".." not in slug and "/" not in slug


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=hostile, source=hostile, author=hostile, body=hostile)
def test_reader_keeps_hostile_front_matter_and_body_as_plain_text(title, source, author, body):
    """Whatever the file says, the reader gives text, never a crash, and a safe slug. Every document made here is a
    valid article (a date, YAML written by PyYAML, a body) and must be read; the one documented refusal is a NUL byte
    in the body, which makes the file binary. So a reader that refused everything, or more than that, fails here."""
    document = (
        "---\n"
        + yaml.safe_dump(
            {"date": "2020-05-01", "title": title, "source": source, "author": author},
            allow_unicode=True,
        )
        + "---\n\nSome words. "
        + body
        + "\n"
    )
    data = document.encode("utf-8", "surrogatepass")
    binary = b"\x00" in data[:8192]
    try:
        article = read.parse_article(data, "hostile.md")
    except read.InputError as error:
        assert binary, f"a valid article was refused: {error}"
        assert "NUL" in str(error)
        return
    assert not binary, "a file with a NUL byte was read as text"
    assert article.date == dt.date(2020, 5, 1) and "Some words." in article.body
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", article.slug)
    for original, kept in (
        (title, article.title),
        (source, article.source),
        (author, article.author),
    ):
        if "\x00" in original or "\r" in original:
            continue
        if read._MAYBE_MOJIBAKE.search(document):
            # What looks like mojibake ('Â\xa0', a no-break space read as Latin-1) goes through ftfy, on the file's
            # text, YAML escapes and all: tests/test_read_text.py checks what it repairs and what it leaves.
            assert isinstance(kept, str)
            continue
        # Character references ending in ';' are read as their characters (once): plain text still.
        expected = squeeze(
            read.unicodedata.normalize(
                "NFC", REFERENCE.sub(lambda m: html.unescape(m.group(0)), original)
            )
        )
        assert squeeze(kept) == expected or not original.strip()


REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def one_paragraph_article(title: str, body: str) -> Article:
    return Article(
        "a",
        dt.date(2020, 1, 1),
        title,
        "",
        "",
        "",
        body,
        (Block("paragraph", 0, len(body)),),
        "a.md",
    )


def one_article_archive(title: str, body: str) -> Archive:
    return Archive((one_paragraph_article(title, body),), ())


def test_every_bidi_control_and_invisible_tag_character_is_shown_visibly():
    text = "Price" + RARE_INVISIBLE + "list"
    (article_page,) = [
        p for p in render_archive(one_article_archive(text, text)) if p.path.startswith("articles/")
    ]
    for ch in RARE_INVISIBLE:
        assert ch not in article_page.content, f"U+{ord(ch):04X} reaches the page raw"
        assert f"U+{ord(ch):04X}" in article_page.content


def test_exports_escape_invisible_characters():
    """Bidi and zero-width characters stay exact in the data, written as \\u escapes a viewer cannot hide."""
    text = "Evil\u202etxt.exe\u200b"
    pages = {p.path: p.content for p in render_archive(one_article_archive(text, "Body " + text))}
    raw = pages["api/articles.json"]
    assert "\u202e" not in raw and "\u200b" not in raw
    assert json.loads(raw)[0]["title"] == text


FENCED_DESCRIPTION = """\
actors:
  - name: Nancy Pelosi
    description: |
      Speaker.
      ```
      <not a code block> onmouseover=alert(1)
      ```
  - name: "Mitch\\n```\\nMcConnell\\n```\\n"
"""


def test_line_breaks_in_editorial_text_cannot_start_markdown_blocks(tmp_path):
    """A line break in entities.yml text (YAML block scalars, "\\n" escapes) must not let a line of it reach Markdown:
    the fenced_code preprocessor runs before raw HTML is set aside, and would make <pre><code> of it."""
    from generator.config import load_entities

    (tmp_path / "entities.yml").write_text(FENCED_DESCRIPTION, "utf-8")
    pelosi, mcconnell = load_entities(tmp_path / "entities.yml").entries
    assert (
        "\n```\n" in pelosi.description and "\n```\n" in mcconnell.name
    )  # reachable from a real entities.yml
    body = "Nancy Pelosi met Mitch McConnell."
    article = one_paragraph_article("Talks", body)
    actors = (
        Actor(
            "nancy-pelosi",
            "Nancy Pelosi",
            "person",
            (),
            (Mention("a", 0, 12, "Nancy Pelosi", "PERSON", body, "nancy-pelosi"),),
            description=pelosi.description,
        ),
        Actor(
            "mitch-mcconnell",
            mcconnell.name,
            "person",
            (),
            (Mention("a", 17, 32, "Mitch McConnell", "PERSON", body, "mitch-mcconnell"),),
        ),
    )
    pages = {p.path: p.content for p in render_archive(Archive((article,), actors))}
    for path in ("actors/nancy-pelosi.md", "articles/2020/01/01/a.md", "actors/index.md"):
        meta, source = split_page(pages[path])
        rendered = Page(markdown.markdown(source, extensions=MKDOCS_EXTENSIONS))
        assert not any(tag in ("pre", "code") for tag, _ in rendered.elements), (
            f"{path}: Markdown made a code block of editorial text"
        )
        assert_inert(rendered, path)
    actor_page = Page(
        markdown.markdown(
            split_page(pages["actors/nancy-pelosi.md"])[1], extensions=MKDOCS_EXTENSIONS
        )
    )
    assert_literal(actor_page, pelosi.description, "actors/nancy-pelosi.md")


def test_external_links_never_carry_control_characters():
    """A control character in a URL would make a link whose target is not the text a reader sees."""
    for url in (
        "https://example.org/\x02x",
        "https://example.org/\x00",
        "https://example.org/\x1b[31m",
        "https://example.org/\x7f",
    ):
        assert safe_href(url) == "", repr(url)


# --- end to end: a hostile archive built through the CLI ----------------------------------------------------------

HOSTILE_TITLE = "</title><script>alert(101)</script> &lt;/title&gt;&lt;script&gt;alert(102)&lt;/script&gt; {{ config.site_name }}"
# The reader decodes character references (&lt; → <) into plain text, which every output escapes again.
HOSTILE_TITLE_READ = (
    "</title><script>alert(101)</script> </title><script>alert(102)</script> {{ config.site_name }}"
)
HOSTILE_MD = """\
---
title: "</title><script>alert(101)</script> &lt;/title&gt;&lt;script&gt;alert(102)&lt;/script&gt; {{ config.site_name }}"
date: 2019-01-05
source: "<img src=x onerror=alert(103)> [click](javascript:alert(104)) **bold** {% raw %}"
url: "javascript:alert(105)"
author: "<!-- comment --> `code` | a | b | &amp; \\u202eevil\\u200b {{ page.title }}"
---

# <script>alert(106)</script> heading

Nancy Pelosi said <script>alert(107)</script> and <img src=x onerror="alert(108)"> in Washington on Friday. [a link](javascript:alert(109)) and <a href="javascript:alert(110)">x</a> and &lt;b&gt;entity&lt;/b&gt; &amp;amp;.

| col | col |
|---|---|
| *star* | `tick` |

<!-- hidden --> {{ config.extra }} {% include "x" %} \u202ereversed\u202c zero\u200bwidth ![img](http://x/y.png "t") <https://evil.example>

    indented code block by Donald Trump.

* list item Donald Trump said <iframe src="javascript:alert(111)"></iframe>.
"""
HOSTILE_SEED = (
    ' date 2019-01-06 <script>alert(121)</script> Mitch McConnell said the Senate "would <b>not</b> vote" on Friday in Kentucky.\n\n'
    "# not a heading {{ x }} <style>body{display:none}</style>\n\n"
    'Donald Trump said "<img src=x onerror=alert(122)>" to reporters in Washington.\n'
)
HOSTILE_ENTITIES = """\
actors:
  - name: "Nancy <img src=x onerror=alert(131)> Pelosi {{ config }}"
    aliases: [Nancy Pelosi, Pelosi, "<b>Speaker</b> {% raw %}"]
    description: "<script>alert(132)</script> **desc** [x](javascript:alert(133)) \\u202e"
    links: {website: "https://example.com/\\"><script>alert(134)</script>"}
"""
# Text that must be visible on the hostile article page, exactly (after the reader's whitespace collapsing).
HOSTILE_ARTICLE_TEXTS = [
    HOSTILE_TITLE_READ,
    "<img src=x onerror=alert(103)> [click](javascript:alert(104)) **bold** {% raw %}",
    "javascript:alert(105)",
    "<!-- comment --> `code` | a | b | & <U+202E>evil<U+200B> {{ page.title }}",
    "<script>alert(106)</script> heading",
    'said <script>alert(107)</script> and <img src=x onerror="alert(108)"> in',
    '[a link](javascript:alert(109)) and <a href="javascript:alert(110)">x</a> and <b>entity</b> &amp;.',
    "| col | col | |---|---| | *star* | `tick` |",
    '<!-- hidden --> {{ config.extra }} {% include "x" %} <U+202E>reversed<U+202C> zero<U+200B>width ![img](http://x/y.png "t") <https://evil.example>',
    '<iframe src="javascript:alert(111)"></iframe>.',
]
ALERT = re.compile(r"alert\(\d+\)")


def run_annals(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    if not PELOSI.exists():
        pytest.skip(f"shared corpus not found: {PELOSI} (expected ../shared next to the repo)")
    root = tmp_path_factory.mktemp("hostile")
    project = root / "archive"
    created = run_annals("new", str(project), cwd=root)
    assert created.returncode == 0, created.stderr
    for example in (project / "seeds").iterdir():
        example.unlink()
    shutil.copy(PELOSI, project / "seeds" / PELOSI.name)
    (project / "seeds" / "hostile.md").write_text(HOSTILE_MD, "utf-8")
    (project / "seeds" / "hostile <b>seed {{x}} $(id) ;.txt").write_text(HOSTILE_SEED, "utf-8")
    (project / "entities.yml").write_text(HOSTILE_ENTITIES, "utf-8")
    result = run_annals("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def hostile_article_page(site: Path) -> Path:
    (page,) = list((site / "articles" / "2019" / "01" / "05").glob("*/index.html"))
    return page


DATA_SCRIPT_TYPES = ("application/json", "application/ld+json")


def inline_scripts(page: Page) -> list[str]:
    """The inline scripts a browser runs (data blocks such as JSON-LD are not run)."""
    return [
        text
        for attributes, text in page.scripts
        if "src" not in attributes and attributes.get("type") not in DATA_SCRIPT_TYPES
    ]


def test_no_page_of_the_hostile_site_has_live_markup_from_the_input(hostile_site):
    reference = Page((hostile_site / "404.html").read_text("utf-8"))
    reference_sources = sorted(
        a["src"].rsplit("/", 1)[-1] for a, _ in reference.scripts if "src" in a
    )
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        where = path.relative_to(hostile_site).as_posix()
        page = Page(path.read_text("utf-8"))
        if any(a.get("http-equiv") == "refresh" for tag, a in page.elements if tag == "meta"):
            assert not page.scripts, f"{where}: a redirect page has no script"
        else:
            # The theme's own scripts only: as many inline ones as on the 404 page, none holding our payloads.
            assert len(inline_scripts(page)) == len(inline_scripts(reference)), where
            assert not any(ALERT.search(text) for text in inline_scripts(page)), where
            sources = sorted(a["src"].rsplit("/", 1)[-1] for a, _ in page.scripts if "src" in a)
            assert sources == reference_sources, where
        # Data in <script type="application/ld+json"> and the like: valid JSON that can never close its element.
        for attributes, text in page.scripts:
            if attributes.get("type") in DATA_SCRIPT_TYPES:
                json.loads(text)
                assert "<" not in text, f"{where}: raw '<' in a data script could end it early"
        for tag, attributes in page.elements:
            assert not (tag == "img" and attributes.get("src") == "x"), where
            assert tag != "iframe", f"{where}: <{tag}> from the input"
            assert not (tag == "b" and where.startswith(("articles/", "actors/"))), (
                f"{where}: <b> from the input"
            )
            for name, value in attributes.items():
                assert not (name.startswith("on") and ALERT.search(value)), (
                    f"{where}: <{tag} {name}={value!r}>"
                )
                if name in ("href", "src"):
                    assert not value.strip().lower().startswith(("javascript:", "data:")), (
                        f"{where}: {value!r}"
                    )
        # Every payload in the file is either visible text or inside an inert attribute (a tooltip), never a
        # script body, an event handler or a link.
        raw_alerts = len(ALERT.findall(path.read_text("utf-8")))
        text_alerts = len(ALERT.findall("".join(page.chunks)))
        inert_alerts = sum(
            len(ALERT.findall(value))
            for _, attributes in page.elements
            for name, value in attributes.items()
            if name in ("title", "aria-label", "alt", "content")
        )
        inert_alerts += sum(
            len(ALERT.findall(text))
            for attributes, text in page.scripts
            if attributes.get("type") in DATA_SCRIPT_TYPES
        )
        assert raw_alerts == text_alerts + inert_alerts, (
            f"{where}: a payload is neither text nor an inert attribute"
        )


def test_hostile_article_page_shows_every_field_literally(hostile_site):
    page = Page(hostile_article_page(hostile_site).read_text("utf-8"))
    for text in HOSTILE_ARTICLE_TEXTS:
        assert squeeze(text) in page.text, text
    # The javascript: url is shown as text, never as a link.
    assert not any("alert(105)" in a.get("href", "") for _, a in page.elements)
    # Template syntax was not evaluated: the site name never replaced {{ config.site_name }}.
    assert "{{ config.site_name }}" in page.text


def test_character_references_decoded_by_the_reader_are_escaped_text_on_every_page(hostile_site):
    """'&lt;script&gt;' in a file is read as the characters '<script>': they must reach the page as text, escaped
    like every other character of an article, never as an element."""
    source = hostile_article_page(hostile_site).read_text("utf-8")
    page = Page(source)
    assert "<script>alert(102)</script>" in page.text and "<b>entity</b>" in page.text
    assert (
        "&lt;script&gt;alert(102)&lt;/script&gt;" in source and "<script>alert(102)" not in source
    )
    assert not any("alert(102)" in text for text in inline_scripts(page))  # JSON-LD holds it, inert
    assert not any(tag == "b" for tag, _ in page.elements)
    for path in sorted(hostile_site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".gexf"):
            assert "<script>alert(102)" not in path.read_text("utf-8"), path


def test_page_title_element_is_the_literal_title(hostile_site):
    """Material writes <title>{{ page.meta.title }} - site</title> unescaped when the front matter has a title (ours
    always does, escaped by render) and {{ page.title | striptags }} otherwise, where Jinja's striptags un-escapes
    entities (the plugin replaces that filter). Either way the reader's tab must show the title's characters."""
    for path, expected in (
        (hostile_article_page(hostile_site), HOSTILE_TITLE_READ),
        (
            next((hostile_site / "actors").glob("nancy-img-*/index.html")),
            "Nancy <img src=x onerror=alert(131)> Pelosi {{ config }}",
        ),
    ):
        source = path.read_text("utf-8")
        page = Page(source)
        assert page.titles[0].startswith(expected + " - "), page.titles[0]
        head = source[: source.index("</head>")]
        assert head.count("<title>") == 1 and head.count("</title>") == 1
        assert "<script>alert" not in head


def test_actor_page_of_a_hostile_editorial_entry_is_text(hostile_site):
    (path,) = list((hostile_site / "actors").glob("nancy-img-*/index.html"))
    slug = path.parent.name
    assert re.fullmatch(r"[a-z0-9-]+", slug) and len(slug) <= 80
    page = Page(path.read_text("utf-8"))
    for text in (
        "Nancy <img src=x onerror=alert(131)> Pelosi {{ config }}",
        "<b>Speaker</b> {% raw %}",
        "<script>alert(132)</script> **desc** [x](javascript:alert(133)) <U+202E>",
        'https://example.com/"><script>alert(134)</script>',
        'said <script>alert(107)</script> and <img src=x onerror="alert(108)"> in Washington on Friday.',
    ):
        assert squeeze(text) in page.text, text
    assert not any(a.get("href", "").startswith("https://example.com/") for _, a in page.elements)


def test_hostile_seed_file_article_and_its_actors_are_text(hostile_site):
    (path,) = list((hostile_site / "articles" / "2019" / "01" / "06").glob("*/index.html"))
    page = Page(path.read_text("utf-8"))
    for text in (
        '<script>alert(121)</script> Mitch McConnell said the Senate "would <b>not</b> vote" on Friday in Kentucky.',
        "# not a heading {{ x }} <style>body{display:none}</style>",
        'Donald Trump said "<img src=x onerror=alert(122)>" to reporters in Washington.',
    ):
        assert squeeze(text) in page.text, text
    assert not any(tag == "b" for tag, _ in page.elements)
    assert (
        page.styles == Page((hostile_site / "404.html").read_text("utf-8")).styles
    )  # the theme's own only
    trump = Page((hostile_site / "actors" / "donald-trump" / "index.html").read_text("utf-8"))
    assert (
        squeeze('Donald Trump said "<img src=x onerror=alert(122)>" to reporters in Washington.')
        in trump.text
    )


def test_search_index_holds_hostile_text_only_escaped(hostile_site):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text("utf-8"))
    docs = index["docs"]
    hits = [doc for doc in docs if ALERT.search(doc["title"] + doc["text"])]
    assert len(hits) >= 5
    for doc in hits:
        for field in ("title", "text"):
            # Material inserts these as HTML: the payloads must be entities, never tags or attributes.
            fragment = Page(doc[field])
            assert_inert(
                fragment,
                f"search {doc['location']} {field}",
                tags=ALLOWED_TAGS | {"li", "ul", "p", "a", "table", "tr", "td", "th"},
            )
            assert len(ALERT.findall(doc[field])) == len(ALERT.findall("".join(fragment.chunks))), (
                doc["location"],
                field,
                doc[field][:300],
            )
    titles = {
        doc["location"].split("#")[0]: doc["title"] for doc in docs if "#" not in doc["location"]
    }
    article_location = (
        hostile_article_page(hostile_site).parent.relative_to(hostile_site).as_posix() + "/"
    )
    assert Page(titles[article_location]).text == squeeze(HOSTILE_TITLE_READ)


def test_json_exports_hold_the_exact_text_and_no_raw_markup(hostile_site):
    for name in ("articles.json", "entities.json"):
        raw = (hostile_site / "api" / name).read_text("utf-8")
        assert not re.search("[<>&]", raw), name
    articles = json.loads((hostile_site / "api" / "articles.json").read_text("utf-8"))
    hostile = next(a for a in articles if a["date"] == "2019-01-05")
    assert hostile["title"] == HOSTILE_TITLE_READ
    assert (
        hostile["url"] == "javascript:alert(105)"
    )  # data, kept exactly; pages never make it a link
    assert (
        hostile["source"]
        == "<img src=x onerror=alert(103)> [click](javascript:alert(104)) **bold** {% raw %}"
    )
    entities = json.loads((hostile_site / "api" / "entities.json").read_text("utf-8"))
    nancy = next(e for e in entities if e["name"].startswith("Nancy <img"))
    assert "<b>Speaker</b> {% raw %}" in nancy["aliases"]
    assert all(
        posixpath.normpath(a["path"]) == a["path"].rstrip("/") and ".." not in a["path"]
        for a in articles
    )
