"""Rich metadata (generator.metadata), the sitemap and the 404 page, read back as a crawler, a link preview or a
lost reader would: OpenGraph and Twitter card tags, schema.org JSON-LD that parses and cannot be broken out of by
a hostile title, a sitemap of every page and no redirect, and a 404 page whose links work at any depth, at the root
of a domain and under a project subpath."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html.parser
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.metadata import MetadataIndex, head_tags, json_ld, summary
from generator.model import Actor, Archive, Article, Block, Mention

from conftest import set_site_url

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"
SITE_URL = "https://user.github.io/archive/"
HOSTILE_TITLE = '</script><script>alert(1)</script> & "quotes"'
HOSTILE_DESCRIPTION = "President of Russia. </script><script>alert(2)</script>"
HOSTILE_ARTICLE = f"""\
---
title: '{HOSTILE_TITLE}'
date: 2022-02-04
source: Example News
url: https://example.org/news/putin-scholz
author: Jane Doe
---

Vladimir Putin met Olaf Scholz in Moscow on Friday to discuss the crisis over Ukraine.

The two leaders spoke for three hours, the Kremlin said.
"""
ENTITIES = f"""\
actors:
  - name: Vladimir Putin
    type: person
    description: '{HOSTILE_DESCRIPTION}'
    links: {{wikidata: Q7747, wikipedia: "https://en.wikipedia.org/wiki/Vladimir_Putin"}}
"""
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# --- building and reading sites ------------------------------------------------------------------------------


def run_annals(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def build_project(
    root: Path, site_url: str = "", extra_seeds: dict[str, str] | None = None, entities: str = ""
) -> Path:
    """A project made by `annals new` with the seed article (and any extra seeds), built; returns its site folder."""
    assert run_annals("new", str(root), cwd=root.parent).returncode == 0
    for example in (root / "seeds").iterdir():
        example.unlink()
    shutil.copy(SEED, root / "seeds" / SEED.name)
    for name, text in (extra_seeds or {}).items():
        (root / "seeds" / name).write_text(text, "utf-8")
    if entities:
        (root / "entities.yml").write_text(entities, "utf-8")
    set_site_url(root / "mkdocs.yml", site_url or None)
    result = run_annals("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


class HeadParser(html.parser.HTMLParser):
    """Meta tags (property or name → content), canonical links, every <script> with its type and text, and links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.scripts: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []  # (href, text) of <a> elements
        self._script_type: str | None = None
        self._script_text: list[str] = []
        self._anchor: str | None = None
        self._anchor_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and ("property" in attributes or "name" in attributes):
            key = attributes.get("property") or attributes.get("name")
            self.meta.setdefault(key, []).append(attributes.get("content", ""))
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical.append(attributes.get("href", ""))
        elif tag == "script":
            self._script_type = attributes.get("type", "")
            self._script_text = []
        elif tag == "a" and "href" in attributes:
            self._anchor, self._anchor_text = attributes["href"], []

    def handle_data(self, data):
        if self._script_type is not None:
            self._script_text.append(data)
        if self._anchor is not None:
            self._anchor_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script_type is not None:
            self.scripts.append((self._script_type, "".join(self._script_text)))
            self._script_type = None
        elif tag == "a" and self._anchor is not None:
            self.links.append((self._anchor, " ".join("".join(self._anchor_text).split())))
            self._anchor = None


def parse(page: Path) -> HeadParser:
    parser = HeadParser()
    parser.feed(page.read_text("utf-8"))
    parser.close()
    return parser


def meta(parser: HeadParser, key: str) -> str:
    values = parser.meta.get(key, [])
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def json_lds(parser: HeadParser) -> list[dict]:
    return [json.loads(text) for kind, text in parser.scripts if kind == "application/ld+json"]


def article_page(site: Path, day: str) -> Path:
    pages = list((site / "articles" / day).glob("*/index.html"))
    assert len(pages) == 1, pages
    return pages[0]


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> Path:
    """The seed and a hostile article, with an entities.yml giving Putin links and a hostile description, published
    under a GitHub Pages project subpath."""
    root = tmp_path_factory.mktemp("metadata-subpath") / "archive"
    return build_project(root, SITE_URL, {"hostile.md": HOSTILE_ARTICLE}, ENTITIES)


@pytest.fixture(scope="module")
def root_site(tmp_path_factory) -> Path:
    """The seed archive with no site_url: served from the root of a domain."""
    return build_project(tmp_path_factory.mktemp("metadata-root") / "archive")


# --- article pages -------------------------------------------------------------------------------------------


def test_article_page_has_opengraph_and_twitter_tags(subpath_site):
    page = article_page(subpath_site, "2022/02/03")
    head = parse(page)
    url = SITE_URL + page.parent.relative_to(subpath_site).as_posix() + "/"
    assert meta(head, "og:type") == "article"
    assert meta(head, "og:title").startswith("High-stakes talks between Russia and the West")
    assert meta(head, "og:url") == url
    assert head.canonical == [url]  # Material's, from site_url; ours adds none
    assert meta(head, "og:site_name") == "Archive"
    assert meta(head, "article:published_time") == "2022-02-03"
    assert meta(head, "twitter:card") == "summary"
    # Twitter (X) reads title and description from the OpenGraph tags; repeating them only adds bytes.
    assert not head.meta.get("twitter:title") and not head.meta.get("twitter:description")
    description = meta(head, "og:description")
    assert description.startswith(
        "High-stakes talks between Russia and the West have so far failed"
    )
    assert (
        len(description) <= 201 and description.endswith("…") and not description[:-1].endswith(" ")
    )


def test_article_json_ld_is_a_news_article_mentioning_its_actors(subpath_site):
    page = article_page(subpath_site, "2022/02/03")
    [data] = json_lds(parse(page))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"] == "2022-02-03"
    assert data["url"] == SITE_URL + page.parent.relative_to(subpath_site).as_posix() + "/"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": data["url"]}
    assert (
        "publisher" not in data and "author" not in data and "isBasedOn" not in data
    )  # the seed names none
    putin = next(m for m in data["mentions"] if m["name"] == "Vladimir Putin")
    assert putin["@type"] == "Person"
    assert putin["url"] == SITE_URL + "actors/vladimir-putin/"
    assert putin["sameAs"] == [
        "https://www.wikidata.org/wiki/Q7747",
        "https://en.wikipedia.org/wiki/Vladimir_Putin",
    ]
    types = {m["name"]: m["@type"] for m in data["mentions"]}
    assert types["NATO"] == "Organization" and types["Ukraine"] == "Place"
    for mention in data["mentions"]:
        target = subpath_site / mention["url"][len(SITE_URL) :] / "index.html"
        assert target.is_file(), mention


def test_front_matter_source_author_and_url_become_publisher_author_and_is_based_on(subpath_site):
    [data] = json_lds(parse(article_page(subpath_site, "2022/02/04")))
    assert data["publisher"] == {"@type": "Organization", "name": "Example News"}
    assert data["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert data["isBasedOn"] == "https://example.org/news/putin-scholz"


def test_a_hostile_title_cannot_break_out_of_the_head(subpath_site):
    hostile = article_page(subpath_site, "2022/02/04")
    calm = article_page(subpath_site, "2022/02/03")
    head = parse(hostile)
    # As many <script> elements as on any other article page: the title opened none.
    assert [kind for kind, _ in head.scripts] == [kind for kind, _ in parse(calm).scripts]
    for kind, text in head.scripts:
        if kind == "application/ld+json":
            assert "<" not in text and ">" not in text and "&" not in text
        else:
            assert "alert(" not in text
    raw = hostile.read_text("utf-8")
    assert "<script>alert(1)" not in raw
    [data] = json_lds(head)
    assert data["headline"] == HOSTILE_TITLE  # exactly, once the JSON is parsed
    assert meta(head, "og:title") == HOSTILE_TITLE  # exactly, once the attribute is unescaped


# --- actor pages ---------------------------------------------------------------------------------------------


def test_actor_page_json_ld_is_a_person_with_same_as_links(subpath_site):
    head = parse(subpath_site / "actors" / "vladimir-putin" / "index.html")
    [data] = json_lds(head)
    assert data["@type"] == "Person"
    assert data["name"] == "Vladimir Putin"
    assert set(data["sameAs"]) == {
        "https://www.wikidata.org/wiki/Q7747",
        "https://en.wikipedia.org/wiki/Vladimir_Putin",
    }
    assert data["url"] == SITE_URL + "actors/vladimir-putin/"
    assert "Putin" in data["alternateName"] and "Vladimir Putin" not in data["alternateName"]
    assert data["description"] == HOSTILE_DESCRIPTION  # recovered exactly, and inert:
    assert all("<" not in text for kind, text in head.scripts if kind == "application/ld+json")
    assert meta(head, "og:type") == "profile"
    assert meta(head, "og:title") == "Vladimir Putin"
    assert meta(head, "og:url") == SITE_URL + "actors/vladimir-putin/"
    assert meta(head, "og:description").startswith(
        "Person named in 2 articles of Archive. President of Russia."
    )
    assert meta(head, "twitter:card") == "summary"


def test_organisations_and_places_are_typed_and_not_profiles(subpath_site):
    for slug, schema_type in [("nato", "Organization"), ("ukraine", "Place")]:
        head = parse(subpath_site / "actors" / slug / "index.html")
        [data] = json_lds(head)
        assert data["@type"] == schema_type
        assert "sameAs" not in data  # entities.yml gives them no links
        assert meta(head, "og:type") == "website"


def test_index_and_date_pages_carry_no_article_metadata(subpath_site):
    for path in ["actors/index.html", "dates/index.html", "dates/2022/02/03/index.html"]:
        head = parse(subpath_site / path)
        assert json_lds(head) == [] and "og:type" not in head.meta, path
    [home] = json_lds(parse(subpath_site / "index.html"))
    assert home == {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": "Archive",
        "url": SITE_URL,
    }


def test_without_site_url_no_absolute_url_is_made_up(root_site):
    for page in [
        article_page(root_site, "2022/02/03"),
        root_site / "actors" / "vladimir-putin" / "index.html",
        root_site / "index.html",
    ]:
        head = parse(page)
        assert "og:url" not in head.meta and head.canonical == []
        [data] = json_lds(head)
        assert "url" not in data and "mainEntityOfPage" not in data
        assert all("url" not in mention for mention in data.get("mentions", []))
        assert meta(head, "og:title")


# --- sitemap -------------------------------------------------------------------------------------------------


def test_sitemap_lists_every_page_and_no_redirect(subpath_site):
    locations = {
        loc.text for loc in ET.parse(subpath_site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")
    }
    pages = {
        SITE_URL
        + (
            ""
            if path.parent == subpath_site
            else path.parent.relative_to(subpath_site).as_posix() + "/"
        )
        for path in subpath_site.rglob("index.html")
        if 'http-equiv="refresh"' not in path.read_text("utf-8")
    }
    assert locations == pages
    for day in ["2022/02/03", "2022/02/04"]:
        assert (
            SITE_URL
            + article_page(subpath_site, day).parent.relative_to(subpath_site).as_posix()
            + "/"
            in locations
        )
    for path in [
        "",
        "actors/",
        "actors/vladimir-putin/",
        "dates/",
        "dates/2022/",
        "dates/2022/02/",
        "dates/2022/02/03/",
    ]:
        assert SITE_URL + path in locations
    redirects = [
        p
        for p in subpath_site.rglob("index.html")
        if 'http-equiv="refresh"' in p.read_text("utf-8")
    ]
    assert redirects, "the seed archive has surname pages that redirect (actors/putin/)"
    assert SITE_URL + "actors/putin/" not in locations
    assert not any("404" in location for location in locations)


def test_sitemap_dates_are_content_dates_not_the_build_day(subpath_site):
    """An article's lastmod is its date and an actor's is its last appearance, so two builds of the same input
    on different days give the same sitemap (and sitemap.xml.gz)."""
    entries = {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text
        for url in ET.parse(subpath_site / "sitemap.xml").getroot().iter(f"{SITEMAP}url")
    }
    article = (
        SITE_URL
        + article_page(subpath_site, "2022/02/03").parent.relative_to(subpath_site).as_posix()
        + "/"
    )
    assert entries[article] == "2022-02-03"
    newest = max(entries.values())
    assert entries[SITE_URL] == newest and entries[SITE_URL + "actors/"] == newest
    assert entries[SITE_URL + "actors/vladimir-putin/"] <= newest
    import datetime as dt

    assert newest < dt.date.today().isoformat()


# --- 404 page ------------------------------------------------------------------------------------------------


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """A static host like GitHub Pages: the site under `prefix`, and 404.html with status 404 for anything missing."""

    prefix = "/"

    def send_head(self):
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            return self.not_found()
        relative = path[len(self.prefix) :]
        target = Path(self.directory) / relative
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return None
        if not (target / "index.html" if target.is_dir() else target).is_file():
            return self.not_found()
        self.path = "/" + relative
        return super().send_head()

    def not_found(self):
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format, *args):
        pass


@pytest.fixture
def host():
    servers = []

    def serve(site: Path, prefix: str) -> str:
        handler = type("Handler", (SiteHandler,), {"prefix": prefix})
        httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
        )
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield serve
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.mark.parametrize("which, prefix", [("root_site", "/"), ("subpath_site", "/archive/")])
def test_404_page_links_work_from_a_deep_missing_url(request, host, which, prefix):
    site = request.getfixturevalue(which)
    origin = host(site, prefix)
    missing = f"{origin}{prefix}actors/nobody/"
    status, body = fetch(missing)
    assert status == 404
    parser = HeadParser()
    parser.feed(body)
    assert "Page not found" in body and "<title>Page not found - Archive</title>" in body
    assert "search box" in body
    wanted = {"Home": prefix, "Dates": prefix + "dates/", "Actors": prefix + "actors/"}
    found = {text: href for href, text in parser.links if text in wanted}
    assert found.keys() == wanted.keys()
    for text, href in found.items():
        url = urljoin(missing, href)
        assert urlsplit(url).path == wanted[text], (text, href)
        status, page = fetch(url)
        assert status == 200, (text, url)
        assert "Page not found" not in page
    # The page is styled wherever it is served: its stylesheets resolve too.
    stylesheets = list(body.split('rel="stylesheet" href="')[1:])
    assert stylesheets
    for stylesheet in stylesheets:
        href = stylesheet.split('"', 1)[0]
        if href.startswith("/"):
            assert fetch(urljoin(missing, href))[0] == 200, href


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_404_page_in_a_browser_is_accessible_and_leads_on(browser, host, root_site, scheme):
    from axe_playwright_python.sync_playwright import Axe
    from playwright import sync_api

    from conftest import local_only, material_ready

    origin = host(root_site, "/")
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    context.route("**/*", local_only)
    page = context.new_page()
    try:
        response = page.goto(origin + "/actors/nobody/")
        assert response.status == 404
        material_ready(page)
        serious = [
            v["id"]
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, serious
        page.locator("article").get_by_role("link", name="Actors", exact=True).click()
        page.wait_for_url(origin + "/actors/")
        # Instant navigation may change the address before it swaps the page in.
        sync_api.expect(page.locator("h1").first).to_have_text("Actors")
    finally:
        context.close()


def test_project_custom_dir_404_wins_over_ours_and_ours_over_materials(tmp_path):
    from mkdocs.config import load_config

    from generator.plugin import THEME_DIR

    root = tmp_path / "archive"
    assert run_annals("new", str(root), cwd=tmp_path).returncode == 0
    for custom in (None, "overrides"):
        config_file = root / "mkdocs.yml"
        text = config_file.read_text("utf-8")
        if custom:
            (root / custom).mkdir()
            (root / custom / "404.html").write_text("{% extends 'main.html' %}", "utf-8")
            text = text.replace("  name: material\n", f"  name: material\n  custom_dir: {custom}\n")
            config_file.write_text(text, "utf-8")
        config = load_config(str(config_file))
        config = config.plugins.on_config(config)
        config.plugins.on_config(config)  # a second run (mkdocs serve) adds nothing twice
        dirs = config.theme.dirs
        assert dirs.count(THEME_DIR) == 1
        material = next(i for i, d in enumerate(dirs) if Path(d).parent.name == "material")
        assert dirs.index(THEME_DIR) == (1 if custom else 0) < material
        expected = (
            str(root / custom / "404.html") if custom else os.path.join(THEME_DIR, "404.html")
        )
        assert config.theme.get_env().get_template("404.html").filename == expected


# --- the functions, on small values --------------------------------------------------------------------------


def tiny_archive(title: str = "Putin meets Scholz", actor_name: str = "Vladimir Putin") -> Archive:
    body = "Vladimir Putin met Olaf Scholz in Moscow."
    article = Article(
        "putin-meets-scholz",
        dt.date(2022, 2, 3),
        title,
        "",
        "javascript:alert(1)",
        "",
        body,
        (Block("paragraph", 0, len(body)),),
        "a.txt",
    )

    def mention(start, end, slug):
        return Mention(article.slug, start, end, body[start:end], "", body, slug)

    actors = (
        Actor(
            "vladimir-putin",
            actor_name,
            "person",
            ("Putin",),
            (mention(0, 14, "vladimir-putin"),),
            links=(("website", "javascript:alert(1)"), ("wikidata", "Q7747")),
        ),
        Actor("olaf-scholz", "Olaf Scholz", "person", (), (mention(19, 30, "olaf-scholz"),)),
        Actor("moscow", "Moscow", "place", (), (mention(34, 40, "moscow"),)),
    )
    return Archive((article,), actors)


def test_summary_cuts_at_a_word_boundary():
    text = "word " * 100
    cut = summary(text, 42)
    assert cut == "word word word word word word word word…"
    assert summary("  short\n text ") == "short text"


def test_json_ld_cannot_end_its_script_and_round_trips():
    data = {"b": "</script><!-- & \u2028", "a": [1, "x"]}
    tag = json_ld(data)
    inner = tag[len('<script type="application/ld+json">') : -len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\u2028" not in inner
    assert json.loads(inner) == data
    assert json_ld(dict(reversed(list(data.items())))) == tag  # key order does not matter


def test_invisible_characters_are_shown_and_unsafe_links_dropped():
    archive = tiny_archive(title="Putin\u202e meets Scholz", actor_name="Vladimir\u200b Putin")
    index = MetadataIndex.of(archive)
    tags = head_tags(
        index,
        "article",
        "putin-meets-scholz",
        "articles/2022/02/03/putin-meets-scholz/",
        "",
        "Site",
    )
    assert "\u202e" not in tags and "\u200b" not in tags
    assert 'content="Putin&lt;U+202E&gt; meets Scholz"' in tags
    data = json.loads(tags.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["headline"] == "Putin<U+202E> meets Scholz"
    assert "isBasedOn" not in data  # javascript: is no source
    assert [m["name"] for m in data["mentions"]] == [
        "Olaf Scholz",
        "Vladimir<U+200B> Putin",
        "Moscow",
    ]
    actor = head_tags(index, "actor", "vladimir-putin", "actors/vladimir-putin/", "", "Site")
    person = json.loads(actor.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert person["sameAs"] == ["https://www.wikidata.org/wiki/Q7747"]
    assert head_tags(index, "dates", "index", "dates/", "", "Site") == ""
    assert head_tags(index, "article", "no-such-article", "articles/x/", "", "Site") == ""


def test_urls_follow_use_directory_urls():
    index = MetadataIndex.of(tiny_archive())
    tags = head_tags(
        index,
        "article",
        "putin-meets-scholz",
        "articles/2022/02/03/putin-meets-scholz.html",
        SITE_URL,
        "Site",
        directory_urls=False,
    )
    assert f'content="{SITE_URL}articles/2022/02/03/putin-meets-scholz.html"' in tags
    assert f'"url":"{SITE_URL}actors/moscow.html"' in tags


def test_tags_do_not_depend_on_the_order_the_archive_was_read_in(congress_archive):
    shuffled = dataclasses.replace(
        congress_archive,
        articles=congress_archive.articles[::-1],
        actors=congress_archive.actors[::-1],
    )
    first, second = MetadataIndex.of(congress_archive), MetadataIndex.of(shuffled)
    for article in congress_archive.articles:
        url = f"articles/{article.date:%Y/%m/%d}/{article.slug}/"
        assert head_tags(first, "article", article.slug, url, SITE_URL, "Site") == head_tags(
            second, "article", article.slug, url, SITE_URL, "Site"
        )
    for actor in congress_archive.actors:
        url = f"actors/{actor.slug}/"
        assert head_tags(first, "actor", actor.slug, url, SITE_URL, "Site") == head_tags(
            second, "actor", actor.slug, url, SITE_URL, "Site"
        )
