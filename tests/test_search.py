"""The site's search backend (generator/search.py): Material's own search for small archives, Pagefind above
`pagefind_above` articles or with `search: pagefind`.

End to end on real Wikinews articles (and a hostile one) built by `annals build` in a temporary folder: what is
indexed and what is not, the search box in the header of every page, byte-identical bundles from two builds, clear
errors when the pagefind binary is missing or broken, `mkdocs serve`; and in Debian's Chromium, served under a
project subpath as on GitHub Pages, a reader typing an actor's name, following the result and never seeing article
text turn into markup.
"""

from __future__ import annotations

import contextlib
import html.parser
import http.client
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urljoin, urlparse

import pytest
from playwright import sync_api
from test_hostile import ALERT, HOSTILE_MD, HOSTILE_TITLE_READ
from test_robustness import BUILD_ENV, differing, digest
from test_site import make_project

from generator import search

from conftest import (
    CONGRESS_ARTICLES,
    CORPUS,
    SEED,
    local_only,
    material_ready,
    serve_site,
    set_site_url,
)

REPO = Path(__file__).resolve().parents[1]

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"shared corpus not found at {CORPUS} (expected ../shared beside the repo)",
)


def run_annals(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env=env or BUILD_ENV,
    )


def new_project(root: Path, seeds: list[Path], options: str = "", hostile: bool = False) -> Path:
    """An `annals new` project holding `seeds` (copied in the order given), with `options` added to the plugin's."""
    root.parent.mkdir(parents=True, exist_ok=True)
    make_project(root, seeds)
    if hostile:
        (root / "seeds" / "hostile.md").write_text(HOSTILE_MD, "utf-8")
    if options:
        config = root / "mkdocs.yml"
        config.write_text(
            config.read_text("utf-8").replace(
                "      cache_dir: .annals-cache\n", "      cache_dir: .annals-cache\n" + options
            ),
            "utf-8",
        )
    return root


def congress_seeds() -> list[Path]:
    return [SEED, *(CORPUS / name for name in CONGRESS_ARTICLES)]


# Tags and authors given to the Congress articles in the served project, in their order: 'congress' is written
# two ways (one tag), and Jane Roe wrote three of the four.
CONGRESS_TAGS = [
    ("[Congress, Speaker]", "Jane Roe"),
    ("[Border]", "John Doe"),
    ("[Congress, Impeachment]", "Jane Roe"),
    ("[congress, Impeachment]", "[Jane Roe, Ann Smith]"),
]


def tagged_congress_seeds(folder: Path) -> list[Path]:
    """The seed and the Congress articles, these copied into `folder` with CONGRESS_TAGS in their front matter."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for name, (tags, author) in zip(CONGRESS_ARTICLES, CONGRESS_TAGS):
        head, rest = (CORPUS / name).read_text("utf-8").split("\n---\n", 1)
        copy = folder / Path(name).name
        copy.write_text(f"{head}\ntags: {tags}\nauthor: {author}\n---\n{rest}", "utf-8")
        copies.append(copy)
    return [SEED, *copies]


ABOUT_PAGE = """# About this archive

Collected by the quokka desk of a small newsroom.

<p data-search-exclude>A zebrafinch note that search leaves out.</p>
"""
HIDDEN_PAGE = (
    "---\nsearch:\n  exclude: true\n---\n\n# Imprint\n\nThe wombat imprint, left out of search.\n"
)


def add_own_pages(project: Path) -> Path:
    """The project's own pages beside the generated ones: one to index, one its front matter keeps out."""
    (project / "docs" / "about.md").write_text(ABOUT_PAGE, "utf-8")
    (project / "docs" / "imprint.md").write_text(HIDDEN_PAGE, "utf-8")
    return project


def fragments(site: Path, bundle: str = "pagefind") -> dict[str, dict]:
    """Pagefind's fragments in a bundle (one per indexed page: 'pagefind_dcd' and JSON, gzip-compressed) by page
    URL: the text it indexed for each page, its title and anchors."""
    import gzip
    import json

    found = [
        json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd") :])
        for p in (site / bundle / "fragment").glob("*.pf_fragment")
    ]
    return {f["url"]: f for f in found}


def served_project(tmp_path_factory, options: str):
    """(site URL, site folder, stop): the seed article, four Congress articles (tagged, with authors: CONGRESS_TAGS)
    and a hostile article, with
    `pagefind_above: 0` and `options`, built by `annals build` into a folder served on 127.0.0.1 under /archive/,
    a project subpath as on GitHub Pages, with `site_url` set to it."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    root = tmp_path_factory.mktemp("pagefind")
    (root / "www").mkdir()
    url, stop = serve_site(root / "www")
    project = add_own_pages(
        new_project(
            root / "archive",
            tagged_congress_seeds(root / "tagged"),
            "      pagefind_above: 0\n" + options,
            hostile=True,
        )
    )
    config = project / "mkdocs.yml"
    set_site_url(config, f"{url}archive/")
    result = run_annals("build", "--site-dir", str(root / "www" / "archive"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "annals: search by Pagefind (6 articles > pagefind_above: 0" in result.stderr
    return url + "archive/", root / "www" / "archive", stop


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(site URL, site folder) of the served project (`served_project`), its index in one bundle."""
    url, site, stop = served_project(tmp_path_factory, "")
    yield url, site
    stop()


@pytest.fixture(scope="module")
def split_served(tmp_path_factory):
    """The same project with `pagefind_split_above: 0`: its index in two bundles, as a big archive's is."""
    url, site, stop = served_project(tmp_path_factory, "      pagefind_split_above: 0\n")
    yield url, site
    stop()


# Two articles to a bundle, and the pages of the twelve most named actors in the others' bundle (the rest in
# FEWER's and after, at most 3 to a bundle), as a very big archive's index is.
PARTED = (
    "      pagefind_split_above: 0\n      pagefind_articles_per_bundle: 2\n"
    "      pagefind_box_actors: 12\n      pagefind_actors_per_bundle: 3\n"
)


@pytest.fixture(scope="module")
def parted_served(tmp_path_factory):
    """The same project split with two articles to a bundle: its articles in three bundles, as a very big
    archive's are."""
    url, site, stop = served_project(tmp_path_factory, PARTED)
    yield url, site
    stop()


def bundle_folders(site: Path) -> list[str]:
    """The site's Pagefind bundles: the first, the articles' after it, then the other pages'."""
    parts = sorted((site / "pagefind").glob("articles-*"), key=lambda p: search.part_number(p.name))
    fewer = sorted(
        (p for p in (site / "pagefind").iterdir() if search.fewer_number(p.name)),
        key=lambda p: search.fewer_number(p.name),
    )
    folders = [
        "pagefind",
        *(f"pagefind/{p.name}" for p in parts),
        f"pagefind/{search.OTHERS}",
        *(f"pagefind/{p.name}" for p in fewer),
    ]
    return [folder for folder in folders if (site / folder).is_dir()]


@pytest.fixture(scope="module")
def site(served) -> Path:
    return served[1]


class Elements(html.parser.HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self, source: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attributes) -> list[dict]:
        return [
            a
            for t, a in self.tags
            if t == tag
            and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attributes.items())
        ]


def page_of(site: Path, path: str) -> Elements:
    return Elements(
        (site / path / "index.html").read_text("utf-8")
        if not path.endswith(".html")
        else (site / path).read_text("utf-8")
    )


def article_path(site: Path, day: str = "2019/01/04") -> str:
    [page] = (site / "articles" / day).glob("*/index.html")
    return page.parent.relative_to(site).as_posix()


# --- choosing the backend ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "option, above, articles, material, expected",
    [
        (
            "auto",
            1000,
            1000,
            True,
            "material",
        ),  # "more than": exactly at the threshold keeps Material's search
        ("auto", 1000, 1001, True, "pagefind"),
        ("auto", 0, 1, True, "pagefind"),
        ("auto", 0, 0, True, "material"),
        ("auto", 0, 50, False, "material"),  # a site built without search stays without
        ("material", 0, 10**6, True, "material"),
        ("pagefind", 10**6, 1, True, "pagefind"),
        ("pagefind", 10**6, 1, False, "pagefind"),
    ],
)
def test_choice_of_backend(option, above, articles, material, expected):
    assert search.choose_backend(option, above, articles, material) == expected


def test_articles_are_counted_as_input_files_before_reading(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "2019").mkdir(parents=True)
    for name in ("a.txt", "2019/b.md", "2019/not-an-article.bin", ".hidden.txt"):
        (seeds / name).write_bytes(b"x")
    assert search.count_articles(seeds) == 3  # every file the reader reads, even one it will reject
    assert search.count_articles(tmp_path / "missing") == 0


# --- a Pagefind site -----------------------------------------------------------------------------------------------


@needs_corpus
def test_pagefind_site_has_the_bundle_and_no_lunr_index(site):
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert (site / "pagefind" / "pagefind-component-ui.js").is_file()
    assert list((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert sorted(p.name for p in (site / "search").iterdir()) == ["index.html"], (
        "Material's search index must not be built"
    )
    assert (site / "assets" / "annals" / "search.js").is_file() and (
        site / "assets" / "annals" / "search.css"
    ).is_file()


@needs_corpus
def test_header_holds_the_pagefind_box_on_every_kind_of_page(site):
    for path in ("", article_path(site), "actors/nancy-pelosi", "actors", "dates/2019", "404.html"):
        page = page_of(site, path)
        assert len(page.find("pagefind-searchbox")) == 1, path
        assert page.find("div", role="search", class_="md-header__option annals-search"), path
        assert not page.find("div", class_="md-search"), (
            f"{path}: Material's search dialog is still there"
        )
        scripts = [a["src"] for a in page.find("script") if "src" in a]
        assert [s.rsplit("/", 2)[-2:] for s in scripts[-3:]] == [
            ["annals", "search.js"],
            ["pagefind", "pagefind-component-ui.js"],
            ["annals", "facets.js"],
        ], path
        styles = [a["href"] for a in page.find("link", rel="stylesheet")]
        assert any(s.endswith("pagefind/pagefind-component-ui.css") for s in styles) and any(
            s.endswith("annals/search.css") for s in styles
        ), path
        # Relative addresses (but on the 404 page, served at any depth, which MkDocs links from the site's root):
        # the site works under any path.
        assert path == "404.html" or not [u for u in scripts + styles if u.startswith("/")], path


@needs_corpus
def test_article_actor_and_own_pages_are_indexed_and_nothing_else(site):
    articles = {
        "/" + p.parent.relative_to(site).as_posix() + "/"
        for p in (site / "articles").rglob("index.html")
    }
    # Actor pages only: not the redirects from old actor URLs, nor the editor's /actors/doubts/ (kept out of search).
    actor_pages = [
        p
        for p in (site / "actors").glob("*/index.html")
        if 'class="annals-actor' in p.read_text("utf-8")
    ]
    # Of the actors, those named in two articles or more (pagefind_actors_from: 2) and those with a description:
    # the page of one named once repeats its article, which search finds by the same words.
    indexed, named_once = set(), set()
    for page in actor_pages:
        html = page.read_text("utf-8")
        [articles_named_in] = re.findall(r"<dt>Mentions</dt><dd>\d+ in (\d+) articles?</dd>", html)
        described = re.search(r'class="annals-actor-type"><a [^>]*>[^<]*</a> · ', html)
        url = "/" + page.parent.relative_to(site).as_posix() + "/"
        (indexed if int(articles_named_in) >= 2 or described else named_once).add(url)
    assert len(articles) == 6 and len(indexed) > 10 and len(named_once) > 30
    # Not home, dates, the actors index (`search: exclude: true` in their front matter) nor the imprint (its own).
    assert set(fragments(site)) == articles | indexed | {"/about/"}


@needs_corpus
def test_the_index_holds_what_a_reader_searches_and_leaves_out_the_rest(site):
    indexed = fragments(site)
    pelosi = indexed["/actors/nancy-pelosi/"]
    assert pelosi["meta"]["title"] == "Nancy Pelosi"
    # The actor page's own facts are indexed; its lists of articles, quotes and companions are not.
    assert pelosi["content"].startswith("Nancy Pelosi. Person.")
    assert re.search(
        r"Named \d+ times in \d+ articles, from \d+ January 2019 to \d+ \w+ 20\d\d\.",
        pelosi["content"],
    ), pelosi["content"]
    assert (
        "Often named with" not in pelosi["content"]
        and "Mentions per month" not in pelosi["content"]
    )
    article = indexed["/" + article_path(site) + "/"]
    assert article["meta"]["title"].startswith("Nancy Pelosi") and "Pelosi" in article["content"]
    assert "4 January 2019" in article["content"]
    assert (
        "Actors in this article" not in article["content"]
        and "Related articles" not in article["content"]
    )
    about = indexed["/about/"]
    assert about["meta"]["title"] == "About this archive"
    assert "quokka" in about["content"] and "zebrafinch" not in about["content"]
    # Generated pages are indexed from the archive, so only the project's own pages carry Pagefind's mark.
    assert "data-pagefind-body" not in (site / article_path(site) / "index.html").read_text("utf-8")
    assert "data-pagefind-body" in (site / "about" / "index.html").read_text("utf-8")
    assert "data-pagefind-body" not in (site / "imprint" / "index.html").read_text("utf-8")


def test_our_header_is_materials_with_only_the_search_and_the_menu_icon_replaced():
    """The theme override copies Material's partials/header.html; when Material is upgraded this says whether the
    copy must be refreshed."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(
        "utf-8"
    )
    ours = (search.THEME_DIR / "partials" / "header.html").read_text("utf-8")
    start, end = (
        theirs.index('    {% if "material/search" in config.plugins %}'),
        theirs.index("    {% if config.repo_url %}"),
    )
    expected = theirs[:start] + '    {% include "partials/annals-search.html" %}\n' + theirs[end:]
    # …and the menu icon drawn from the chrome's sprite (generator/icons.py), as the logo and palette are.
    menu = '      {% set icon = config.theme.icon.menu or "material/menu" %}\n'
    expected = expected.replace(
        menu + '      {% include ".icons/" ~ icon ~ ".svg" %}\n',
        menu + '      {% include "partials/annals-icon.html" %}\n',
    )
    assert expected.count("annals-icon") == 1
    body = lambda text: text.split("-#}\n", 1)[1]  # noqa: E731  (each file opens with its own comment)
    assert body(ours) == body(expected)


@pytest.fixture
def listing_order_dir(tmp_path):
    """A folder whose directory listings follow the order files were created in: tmpfs (/dev/shm) lists them so,
    while ext4 lists by a hash of the name, which would hide an order-dependent index."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="annals-order-", dir=shm))
        yield folder
        shutil.rmtree(folder)
    else:
        yield tmp_path


@needs_corpus
@pytest.mark.parametrize(
    "layout, options",
    [
        ("one bundle", ""),
        ("two bundles", "      pagefind_split_above: 0\n"),
        ("articles in parts", PARTED),
    ],
)
def test_two_builds_give_byte_identical_sites_and_bundles(
    request, listing_order_dir, layout, options
):
    """The same seeds copied in reverse order into a folder that lists files in the order they were made, another
    hash seed: the whole site, Pagefind's bundles included, is the same bytes."""
    fixture = {"one bundle": "served", "two bundles": "split_served"}.get(layout, "parted_served")
    _, site = request.getfixturevalue(fixture)
    project = add_own_pages(
        new_project(
            listing_order_dir / "pagefind" / "archive",
            list(reversed(tagged_congress_seeds(listing_order_dir / "tagged"))),
            "      pagefind_above: 0\n" + options,
            hostile=True,
        )
    )
    config = project / "mkdocs.yml"
    site_url = next(
        line
        for line in (site.parents[1] / "archive" / "mkdocs.yml").read_text("utf-8").splitlines()
        if line.startswith("site_url:")
    )
    set_site_url(config, site_url.removeprefix("site_url:").strip())
    result = run_annals(
        "build", "--site-dir", "site", cwd=project, env={**BUILD_ENV, "PYTHONHASHSEED": "4242"}
    )
    assert result.returncode == 0, result.stderr
    again = digest(project / "site")
    assert len([p for p in again if p.startswith("pagefind/")]) > 50
    assert differing(again, digest(site)) == []


@needs_corpus
def test_a_rebuild_with_unchanged_pages_reuses_the_index_and_a_changed_page_is_indexed_again(
    served, tmp_path
):
    _, site = served
    project = site.parents[1] / "archive"
    pages = len(fragments(site))
    kept = project / ".annals-cache" / "pagefind" / "whole"
    result = run_annals("build", "--site-dir", str(tmp_path / "again"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"annals: Pagefind reused the index of {pages} unchanged pages" in result.stderr, (
        result.stderr
    )
    assert digest(tmp_path / "again" / "pagefind") == digest(site / "pagefind")
    seed, about = project / "seeds" / SEED.name, project / "docs" / "about.md"
    try:
        # An article changes: Pagefind starts at once, beside MkDocs.
        seed.write_text(
            SEED.read_text("utf-8") + "\nA closing sentence names Jens Stoltenberg once more.\n",
            "utf-8",
        )
        result = run_annals("build", "--site-dir", str(tmp_path / "changed"), cwd=project)
        assert result.returncode == 0, result.stderr
        assert f"annals: Pagefind indexed {pages} pages" in result.stderr, result.stderr
        assert differing(digest(tmp_path / "changed" / "pagefind"), digest(site / "pagefind"))
        assert len(list(kept.iterdir())) == 1, "only the last bundle is kept"
        # Only the project's own page changes: the records are as kept, so Pagefind waits for the page, then indexes.
        seed.write_text(SEED.read_text("utf-8"), "utf-8")
        about.write_text(ABOUT_PAGE.replace("quokka", "numbat"), "utf-8")
        result = run_annals("build", "--site-dir", str(tmp_path / "about"), cwd=project)
        assert result.returncode == 0, result.stderr
        assert f"annals: Pagefind indexed {pages} pages" in result.stderr, result.stderr
        assert "numbat" in fragments(tmp_path / "about")["/about/"]["content"]
    finally:
        seed.write_text(SEED.read_text("utf-8"), "utf-8")
        about.write_text(ABOUT_PAGE, "utf-8")
    # Back to the first pages: indexed again, the same bytes as the first build's.
    result = run_annals("build", "--site-dir", str(tmp_path / "back"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert digest(tmp_path / "back" / "pagefind") == digest(site / "pagefind")


def test_pagefind_waits_while_the_parts_match_a_kept_bundle_and_starts_at_the_first_difference(
    tmp_path,
):
    """SiteIndex on its own, with the real binary: article records, actor records, then the project's pages."""
    articles = [
        (
            "/articles/2020/01/02/a/",
            "Quokkas counted",
            "Quokkas counted. 2 January 2020. Rangers counted quokkas.",
        )
    ]
    actors = [
        (
            "/actors/rangers/",
            "Rangers",
            "Rangers. Organisation. Named once in one article, on 2 January 2020.",
        )
    ]
    about = '<html lang="en"><head><title>About</title></head><body><article data-pagefind-body><p>About the numbat desk.</p></article></body></html>'

    def index(actor_records, page=about) -> tuple[search.SiteIndex, list[bool]]:
        site_index = search.SiteIndex("en", tmp_path / "cache" / "kept", ["about/index.html"])
        started = []
        site_index.add_records(articles)
        started.append(site_index.thread is not None)
        site_index.add_records(actor_records)
        started.append(site_index.thread is not None)
        site_index.page_written("about/index.html", page)
        started.append(site_index.thread is not None)
        return site_index, started

    first, started = index(actors)
    assert started == [True, True, True]  # nothing kept: Pagefind starts on the first part
    assert first.finish(tmp_path / "first") == 3
    assert set(fragments(tmp_path / "first")) == {
        "/articles/2020/01/02/a/",
        "/actors/rangers/",
        "/about/",
    }

    again, started = index(actors)
    assert started == [
        False,
        False,
        False,
    ]  # every part as kept: never started, the kept bundle is copied
    assert again.finish(tmp_path / "again") == 3
    assert digest(tmp_path / "again" / "pagefind") == digest(tmp_path / "first" / "pagefind")

    edited, started = index(actors, about.replace("numbat", "bilby"))
    assert started == [False, False, True]  # only the page differs: it starts when the page comes
    edited.finish(tmp_path / "edited")
    assert "bilby" in fragments(tmp_path / "edited")["/about/"]["content"]

    renamed, started = index(
        [("/actors/rangers/", "Park rangers", "Park rangers. Organisation.")],
        about.replace("numbat", "bilby"),
    )
    assert started == [
        False,
        True,
        True,
    ]  # the articles match the kept bundle, the actors do not: it starts then
    renamed.finish(tmp_path / "renamed")
    assert fragments(tmp_path / "renamed")["/actors/rangers/"]["meta"]["title"] == "Park rangers"
    assert len(list((tmp_path / "cache" / "kept").iterdir())) == 1, "only the last bundle is kept"


def test_a_bundle_of_one_part_found_kept_encodes_nothing_and_indexes_if_the_kept_one_goes(tmp_path):
    """An articles' bundle (one part of records, no page after it) is matched against the kept bundles before any
    record is encoded for Pagefind: a one-article rebuild left two of three bundles' records unencoded. Should the
    kept bundle go before `finish` copies it, the records are encoded then and indexed as before."""
    records = [
        (
            f"/articles/2020/01/0{n}/quokkas-{n}/",
            f"Quokkas counted, day {n}",
            f"Quokkas counted. {n} January 2020. Rangers counted {n * 7} quokkas on Rottnest.",
        )
        for n in range(1, 4)
    ]
    kept = tmp_path / "cache" / "kept"

    def index() -> search.SiteIndex:
        site_index = search.SiteIndex("en", kept, [], record_parts=1)
        site_index.add_records(records)
        return site_index

    first = index()
    assert first.thread is not None and first.requests == 1 + len(records)
    assert first.finish(tmp_path / "first") == len(records)

    again = index()
    assert again.thread is None and again.requests == 1  # nothing encoded past Pagefind's NewIndex
    assert again.finish(tmp_path / "again") == len(records)
    assert digest(tmp_path / "again" / "pagefind") == digest(tmp_path / "first" / "pagefind")

    gone = index()
    assert gone.thread is None and gone.requests == 1
    shutil.rmtree(kept)  # the cache folder deleted while the build went on
    assert gone.finish(tmp_path / "gone") == len(records)
    assert gone.requests == 1 + len(records)
    assert set(fragments(tmp_path / "gone")) == {url for url, _, _ in records}
    assert digest(tmp_path / "gone" / "pagefind") == digest(tmp_path / "first" / "pagefind")


# --- a big archive's index in two bundles -------------------------------------------------------------------------


@needs_corpus
def test_a_split_index_holds_every_page_once_as_one_bundle_does(site, split_served):
    """Split, the articles are the first bundle and every other page the second; each page is indexed exactly as
    the single bundle indexes it, and every page's box names the second bundle to merge."""
    _, split = split_served
    whole = fragments(site)
    first, second = fragments(split), fragments(split, f"pagefind/{search.OTHERS}")
    assert not set(first) & set(second)
    assert set(first) | set(second) == set(whole)
    for url, fragment in {**first, **second}.items():
        assert (fragment["content"], fragment["meta"]) == (
            whole[url]["content"],
            whole[url]["meta"],
        ), url
    assert set(first) == {url for url in whole if url.startswith("/articles/")}
    assert "/about/" in second and any(url.startswith("/actors/") for url in second)
    for folder in (split / "pagefind", split / "pagefind" / search.OTHERS):
        assert (
            (folder / "pagefind.js").is_file()
            and (folder / "pagefind-entry.json").is_file()
            and list(folder.glob("wasm.*"))
        ), folder
    assert (split / "pagefind" / "pagefind-component-ui.js").is_file()
    assert not [
        name for name in search.UI_FILES if (split / "pagefind" / search.OTHERS / name).exists()
    ]
    # Every page's box says the index is split, and only that: the bundles are in a file of their own, so no
    # page changes when a bundle is added.
    for path in ("", article_path(split), "actors/nancy-pelosi", "about"):
        [box] = page_of(split, path).find("pagefind-searchbox")
        assert "data-split" in box and not [k for k in box if "merge" in k or "part" in k], box
        assert "data-split" not in page_of(site, path).find("pagefind-searchbox")[0], path
    layout = json.loads((split / search.BUNDLES_FILE).read_text("utf-8"))
    assert layout["merge"] == [f"{search.OTHERS}/"] and "languages" not in layout, layout
    assert not (site / search.BUNDLES_FILE).exists()


@needs_corpus
def test_a_split_index_makes_again_only_the_bundle_whose_pages_changed(split_served, tmp_path):
    _, site = split_served
    project = site.parents[1] / "archive"
    first, second = len(fragments(site)), len(fragments(site, f"pagefind/{search.OTHERS}"))
    result = run_annals("build", "--site-dir", str(tmp_path / "again"), cwd=project)
    assert result.returncode == 0, result.stderr
    for count in (first, second):
        assert f"annals: Pagefind reused the index of {count} unchanged pages" in result.stderr, (
            result.stderr
        )
    assert digest(tmp_path / "again" / "pagefind") == digest(site / "pagefind")
    about = project / "docs" / "about.md"
    try:
        about.write_text(ABOUT_PAGE.replace("quokka", "numbat"), "utf-8")
        result = run_annals("build", "--site-dir", str(tmp_path / "about"), cwd=project)
        assert result.returncode == 0, result.stderr
        assert f"annals: Pagefind reused the index of {first} unchanged pages" in result.stderr, (
            result.stderr
        )
        assert f"annals: Pagefind indexed {second} pages" in result.stderr, result.stderr
        assert (
            "numbat"
            in fragments(tmp_path / "about", f"pagefind/{search.OTHERS}")["/about/"]["content"]
        )
        changed = differing(digest(tmp_path / "about" / "pagefind"), digest(site / "pagefind"))
        assert changed and all(path.startswith(f"{search.OTHERS}/") for path in changed), changed
    finally:
        about.write_text(ABOUT_PAGE, "utf-8")
    kept = project / ".annals-cache" / "pagefind"
    assert sorted(p.name for p in kept.iterdir()) == ["articles", "others"]
    assert [len(list((kept / part).iterdir())) for part in ("articles", "others")] == [1, 1], (
        "only the last bundles are kept"
    )


def test_split_the_articles_go_first_and_every_other_page_second(tmp_path, caplog):
    """The first bundle, written beside rendering, holds the articles alone (what a narrowed search can find);
    the second the actors and the project's pages, written at the end."""
    articles = [(f"/articles/2020/01/01/story-{n}/", f"Story {n}", f"Text {n}.") for n in range(3)]
    actors = [("/actors/ada-lovelace/", "Ada Lovelace", "Ada Lovelace is named in 3 articles.")]
    index = search.SearchIndex("en", tmp_path / "cache", [], split=True)
    index.add_articles(articles)
    index.add_actors(actors)
    with caplog.at_level("INFO"):
        assert index.finish(tmp_path / "site") == 4
    assert sorted(fragments(tmp_path / "site")) == [url for url, *_ in articles]
    assert list(fragments(tmp_path / "site", f"pagefind/{search.OTHERS}")) == [
        "/actors/ada-lovelace/"
    ]
    assert not [record for record in caplog.records if record.levelname == "WARNING"]
    # The first bundle is written as soon as its records are in, beside the build's rendering; the second at the end.
    said = [
        record.getMessage()
        for record in caplog.records
        if "Pagefind indexed" in record.getMessage()
    ]
    assert (
        len(said) == 2 and "beside the build's rendering" in said[0] and "after MkDocs" in said[1]
    ), said


def test_split_the_articles_go_to_bundles_of_a_bounded_size_oldest_first(tmp_path, caplog):
    """Past `articles_per_bundle`, the articles are indexed in bundles of that many, one after the other, oldest
    first, each record marked with its bundle's number; the box merges them all. An article added at the end of
    the archive makes again only the last bundle; the bundles of a larger archive's surplus go from the cache."""
    articles = [
        (
            f"/articles/2020/01/0{n}/story-{n}/",
            f"Story {n}",
            f"Text {n}.",
            (),
            (("date", f"2020-01-0{n}"),),
            "",
        )
        for n in range(1, 6)
    ]
    actors = [("/actors/ada-lovelace/", "Ada Lovelace", "Ada Lovelace is named in 3 articles.")]

    def build(records, site: Path) -> search.SearchIndex:
        index = search.SearchIndex("en", tmp_path / "cache", [], split=True, articles_per_bundle=2)
        index.add_articles(records)
        index.add_actors(actors)
        assert index.finish(site) == len(records) + 1
        return index

    with caplog.at_level("INFO"):
        index = build(articles, tmp_path / "site")
    assert index.merged == ("articles-2/", "articles-3/", f"{search.OTHERS}/")
    site = tmp_path / "site"
    held = [
        sorted(fragments(site, bundle))
        for bundle in ("pagefind", "pagefind/articles-2", "pagefind/articles-3")
    ]
    assert held == [[url for url, *_ in articles[i : i + 2]] for i in (0, 2, 4)]
    for number, bundle in enumerate(("pagefind", "pagefind/articles-2", "pagefind/articles-3"), 1):
        assert {tuple(f["filters"]["part"]) for f in fragments(site, bundle).values()} == {
            (str(number),)
        }
        assert (site / bundle / "pagefind-entry.json").is_file()
        assert (site / bundle / "pagefind-component-ui.js").is_file() == (number == 1)
    assert list(fragments(site, f"pagefind/{search.OTHERS}")) == ["/actors/ada-lovelace/"]
    said = [r.getMessage() for r in caplog.records if "Pagefind indexed" in r.getMessage()]
    assert len(said) == 4 and all("beside the build's rendering" in line for line in said[:3]), said
    # One more article, the newest: the first two bundles are kept as they were.
    newest = (
        "/articles/2020/01/09/story-9/",
        "Story 9",
        "Text 9.",
        (),
        (("date", "2020-01-09"),),
        "",
    )
    caplog.clear()
    with caplog.at_level("INFO"):
        build([*articles, newest], tmp_path / "again")
    said = [r.getMessage() for r in caplog.records if "Pagefind" in r.getMessage()]
    assert sum("reused the index of 2 unchanged pages" in line for line in said) == 2, said
    assert sorted(fragments(tmp_path / "again", "pagefind/articles-3")) == [
        articles[4][0],
        newest[0],
    ]
    # Fewer articles: one bundle of them, no part filter, and the cache keeps no bundle past it.
    build(articles[:2], tmp_path / "fewer")
    assert all("part" not in f["filters"] for f in fragments(tmp_path / "fewer").values())
    assert sorted(p.name for p in (tmp_path / "cache" / "pagefind").iterdir()) == [
        "articles",
        search.OTHERS,
    ]


def test_split_the_less_named_actors_go_to_bundles_of_their_own_of_a_bounded_size(tmp_path, caplog):
    """Split, the actors' records given apart (SiteSearch: past the `box_actors` most named) make bundles of their
    own, at most `actors_per_bundle` to one, written one after the other as soon as their records are in (beside
    the build's rendering), merged after the others' and listed in the bundles' list. An actor added at the end
    makes again only the last; without such records, none, and the cache keeps none."""
    articles = [(f"/articles/2020/01/01/story-{n}/", f"Story {n}", f"Text {n}.") for n in range(3)]
    actors = [("/actors/ada-lovelace/", "Ada Lovelace", "Ada Lovelace is named in 3 articles.")]
    names = ("bo", "cy", "di", "ed", "fa", "gu")
    fewer = [(f"/actors/{n}/", n.title(), f"{n.title()} is named in 2 articles.") for n in names]

    def build(site: Path, rest: list[tuple]) -> search.SearchIndex:
        index = search.SearchIndex("en", tmp_path / "cache", [], split=True, actors_per_bundle=2)
        index.add_articles(articles)
        index.add_actors(actors, rest)
        assert index.finish(site) == 4 + len(rest)
        return index

    with caplog.at_level("INFO"):
        index = build(tmp_path / "site", fewer[:5])
    folders = [search.FEWER, search.fewer_name(2), search.fewer_name(3)]
    assert folders == [f"{search.OTHERS}-2", f"{search.OTHERS}-3", f"{search.OTHERS}-4"]
    assert index.merged == (f"{search.OTHERS}/", *(f"{folder}/" for folder in folders))
    site = tmp_path / "site"
    assert json.loads((site / search.BUNDLES_FILE).read_text("utf-8"))["merge"] == list(
        index.merged
    )
    assert list(fragments(site, f"pagefind/{search.OTHERS}")) == ["/actors/ada-lovelace/"]
    held = [sorted(fragments(site, f"pagefind/{folder}")) for folder in folders]
    assert held == [[url for url, *_ in fewer[:5][i : i + 2]] for i in (0, 2, 4)]
    assert not any((site / "pagefind" / f / "pagefind-component-ui.js").exists() for f in folders)
    said = [r.getMessage() for r in caplog.records if "Pagefind indexed" in r.getMessage()]
    # The articles' bundle, the three less named actors' beside the rendering, then the others' at the end.
    assert len(said) == 5 and all("beside the build's rendering" in line for line in said[:4]), said
    caplog.clear()
    with caplog.at_level("INFO"):
        build(tmp_path / "more", fewer)
    said = [r.getMessage() for r in caplog.records if "Pagefind" in r.getMessage()]
    assert sum("reused the index of 2 unchanged pages" in line for line in said) == 2, said
    assert sorted(fragments(tmp_path / "more", f"pagefind/{folders[2]}")) == [
        "/actors/fa/",
        "/actors/gu/",
    ]
    index = build(tmp_path / "again", [])
    assert index.merged == (f"{search.OTHERS}/",)
    assert not any((tmp_path / "again" / "pagefind" / f).exists() for f in folders)
    assert sorted(p.name for p in (tmp_path / "cache" / "pagefind").iterdir()) == [
        "articles",
        search.OTHERS,
    ]


def test_the_most_named_actors_are_ranked_by_articles_then_by_slug():
    """searchrecords.most_named: the actors named in the most articles (not mentions), ties by slug, whatever the
    order of the archive's actors."""
    from generator.model import Actor, Archive, Mention
    from generator.searchrecords import most_named

    def actor(slug: str, articles: list[str], mentions_each: int = 1) -> Actor:
        mentions = tuple(
            Mention(a, 0, 1, slug.title(), "PERSON", "", actor=slug)
            for a in articles
            for _ in range(mentions_each)
        )
        return Actor(slug, slug.title(), "person", (), mentions)

    actors = [
        actor("ann", ["a1"], mentions_each=9),  # many mentions, one article
        actor("bob", ["a1", "a2"]),
        actor("cat", ["a1", "a2", "a3"]),
        actor("dan", ["a2", "a3"]),
    ]
    for order in (actors, actors[::-1]):
        archive = Archive(articles=(), actors=tuple(order))
        assert most_named(archive, 3) == {"actors/cat.md", "actors/bob.md", "actors/dan.md"}
        assert most_named(archive, 2) == {"actors/cat.md", "actors/bob.md"}


def bundles_of(records: list[tuple], size: int) -> list[tuple[str, ...]]:
    """The addresses of each bundle the articles' records are cut into (SearchIndex.add_articles' cuts)."""
    remaining, cut = iter(records), []
    while chunk := search.fill_bundle([], remaining, size):
        cut.append(tuple(record[0] for record in chunk))
    return cut


def cut_by_count(records: list[tuple], size: int) -> set[tuple[str, ...]]:
    """The bundles of `size` articles each that SearchIndex made before ends_bundle."""
    return {tuple(r[0] for r in records[i : i + size]) for i in range(0, len(records), size)}


def test_an_article_added_inside_the_archive_changes_only_the_bundle_it_falls_in():
    """Bundles end where the addresses say (search.ends_bundle), not every `size` articles: adding an article
    anywhere inside the archive leaves every bundle but its own as it was (now and then one or two beside it),
    where cutting by count changed every bundle after it. Bundles stay between half of `size` and
    `size` (the last may be smaller), and hold every article once, in order."""
    size = 40
    records = [
        (f"/articles/2020/{n // 28 + 1:02d}/{n % 28 + 1:02d}/story-{n}/", "", "")
        for n in range(600)
    ]
    before = bundles_of(records, size)
    assert [url for bundle in before for url in bundle] == [r[0] for r in records]
    assert all(size // 2 < len(b) <= size for b in before[:-1]) and len(before[-1]) <= size
    assert len({len(b) for b in before}) > 3, "cut by address, not by count"
    changed, by_count = [], []
    for place in range(5, 600, 12):
        grown = [*records[:place], (f"{records[place][0]}added/", "", ""), *records[place:]]
        after = bundles_of(grown, size)
        assert [url for bundle in after for url in bundle] == [r[0] for r in grown]
        changed.append(len(set(after) - set(before)))
        by_count.append(len(cut_by_count(grown, size) - cut_by_count(records, size)))
    # Mostly one; more where the bundle it falls in was cut at `size`, or the added address is itself a cut (one
    # in `size` / 4, far likelier at 40 than at 4,000).
    assert max(changed) <= 3 and sum(changed) / len(changed) <= 1.5, changed
    assert sum(by_count) / len(by_count) > 5, by_count


def test_abort_stops_the_articles_bundles_made_in_another_thread(tmp_path):
    """SiteSearch makes the articles' bundles in a thread beside rendering; a build that fails (or a `serve`
    rebuild that starts) aborts it: no bundle is begun after the abort, and no Pagefind process is left."""
    import threading

    reached, aborted = threading.Event(), threading.Event()

    def records():
        for n in range(300):
            if (
                n == 4
            ):  # the first bundle (0, 1) is written, the second (2, 3) read: the abort comes here
                reached.set()
                aborted.wait()
            yield (f"/articles/2020/01/01/story-{n:03d}/", f"Story {n}", f"Text {n}.")

    index = search.SearchIndex("en", tmp_path / "cache", [], split=True, articles_per_bundle=2)
    thread = threading.Thread(target=index.add_articles, args=(records(),), daemon=True)
    thread.start()
    assert reached.wait(120)
    index.abort()
    aborted.set()
    thread.join(120)
    assert not thread.is_alive()
    assert len(index.parts) == 1, "cut at 2, the 300 articles would make 150 bundles"
    assert all(p.process is None or p.process.poll() is not None for p in index.parts)


def test_split_with_nothing_but_articles_warns_that_the_box_would_find_nothing(tmp_path, caplog):
    """Pagefind's box finds nothing when a bundle it merges is empty: an archive without actors or pages of its
    own, split, says so and how to avoid it."""
    index = search.SearchIndex("en", tmp_path / "cache", [], split=True)
    index.add_articles([("/articles/2020/01/01/story/", "Story", "Text.")])
    index.add_actors([])
    with caplog.at_level("WARNING"):
        assert index.finish(tmp_path / "site") == 1
    assert any("pagefind_split_above" in record.getMessage() for record in caplog.records)


# --- a small default site keeps Material's search ------------------------------------------------------------------


@needs_corpus
def test_a_small_archive_keeps_materials_search(tmp_path):
    project = new_project(tmp_path / "archive", congress_seeds())
    result = run_annals("build", "--site-dir", "site", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "search" / "search_index.json").is_file()
    assert (
        not (site / "pagefind").exists() and not (site / "assets" / "annals" / "search.js").exists()
    )
    assert not (site / "search" / "index.html").exists(), "the search page is Pagefind's"
    assert "Search within" not in (site / "actors" / "nancy-pelosi" / "index.html").read_text(
        "utf-8"
    )
    home = page_of(site, "")
    assert home.find("div", class_="md-search", data_md_component="search") and not home.find(
        "pagefind-searchbox"
    )
    assert "Pagefind" not in result.stderr


# --- errors --------------------------------------------------------------------------------------------------------


def fake_pagefind(folder: Path, version_ok: bool) -> Path:
    """A stand-in for the binary: says it is Pagefind 1.5.2 (or fails at once), then fails as a service."""
    path = folder / "pagefind"
    path.write_text(
        f"#!/bin/sh\nif [ \"$1\" = --version ] && {'true' if version_ok else 'false'}; then echo 'pagefind 1.5.2'; exit 0; fi\necho 'broken on purpose' >&2\nexit 3\n",
        "utf-8",
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.parametrize(
    "binary, words",
    [
        ("missing", "no pagefind binary at"),
        ("fails-at-once", "is not Pagefind 1.5"),
        ("fails-indexing", "Pagefind failed to index the site"),
        # Split, the articles' bundle is made in a thread beside rendering: its failure still fails the build.
        ("fails-indexing-split", "Pagefind failed to index the site"),
    ],
)
def test_a_missing_or_broken_pagefind_fails_the_build_and_says_what_to_install(
    tmp_path, binary, words
):
    options = "      search: pagefind\n" + (
        "      pagefind_split_above: 0\n" if binary.endswith("-split") else ""
    )
    project = new_project(tmp_path / "archive", [SEED], options)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the previous site", "utf-8")
    path = {
        "missing": lambda: tmp_path / "no-such-pagefind",
        "fails-at-once": lambda: fake_pagefind(tmp_path, False),
        "fails-indexing": lambda: fake_pagefind(tmp_path, True),
        "fails-indexing-split": lambda: fake_pagefind(tmp_path, True),
    }[binary]()
    result = run_annals(
        "build",
        "--site-dir",
        "site",
        cwd=project,
        env={**BUILD_ENV, "PAGEFIND_BINARY_PATH": str(path)},
    )
    assert result.returncode == 1
    assert words in result.stderr
    if not binary.startswith("fails-indexing"):
        assert "pip install 'pagefind[bin]>=1.5.2,<1.6'" in result.stderr
    else:
        assert "broken on purpose" in result.stderr
    assert (project / "site" / "index.html").read_text("utf-8") == "the previous site"


# --- mkdocs serve ----------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@needs_corpus
@pytest.mark.parametrize(
    "options, bundles",
    [
        ("", ["pagefind/"]),
        ("      pagefind_split_above: 0\n", ["pagefind/", f"pagefind/{search.OTHERS}/"]),
    ],
    ids=["one bundle", "two bundles"],
)
def test_mkdocs_serve_indexes_the_site_it_serves(tmp_path, options, bundles):
    import json

    project = new_project(
        tmp_path / "archive", congress_seeds()[:2], "      search: pagefind\n" + options
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--no-livereload"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=BUILD_ENV,
    )
    try:
        entries = {}
        for _ in range(600):  # the first build loads spaCy; a safety net, not a speed requirement
            if server.poll() is not None:
                break
            try:
                for bundle in bundles:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/{bundle}pagefind-entry.json"
                    ) as response:
                        entries[bundle] = json.loads(response.read())
                break
            # Refused until mkdocs listens; while nothing listens, a connection to a free port can even meet
            # itself (TCP simultaneous open) and read back its own request as a malformed answer.
            except (OSError, http.client.HTTPException):
                time.sleep(0.5)
        assert len(entries) == len(bundles), (
            server.stderr.read().decode()
            if server.poll() is not None
            else f"mkdocs serve served only {sorted(entries)}"
        )
        pages = [
            language["page_count"]
            for entry in entries.values()
            for language in entry["languages"].values()
        ]
        assert sum(pages) > 0, entries
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/actors/vladimir-putin/") as response:
            box = Elements(response.read().decode("utf-8")).find("pagefind-searchbox")
        assert len(box) == 1 and ("data-split" in box[0]) == (len(bundles) == 2), box
    finally:
        server.terminate()
        server.wait()


# --- a reader in Chromium --------------------------------------------------------------------------------------------


def ours(url: str) -> bool:
    """Whether an error at `url` is this site's business: not a request to another host (the tests block those),
    nor Material's instant navigation asking for sitemap.xml next to the current page, which it does with or
    without Pagefind."""
    return url.startswith("http://127.0.0.1") and not url.endswith("/sitemap.xml")


@contextlib.contextmanager
def tabs(browser, url: str):
    """Opens fresh tabs at `url` + a path; console errors, page errors and dialogs (alert()) are collected."""
    contexts, problems = [], []

    def open_at(path: str = "", **options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        context.route("**/*", local_only)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and ours(m.location.get("url", ""))
                and problems.append(f"{m.text} ({m.location.get('url')})")
            ),
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "dialog",
            lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()),
        )
        page.goto(url + path)
        contexts.append(context)
        return page

    open_at.problems = problems
    yield open_at
    for context in contexts:
        context.close()


@pytest.fixture
def reader(browser, served):
    """A fresh tab at the subpath site."""
    with tabs(browser, served[0]) as open_at:
        yield open_at


@pytest.fixture
def split_reader(browser, split_served):
    """A fresh tab at the site whose index is two bundles."""
    with tabs(browser, split_served[0]) as open_at:
        yield open_at


@pytest.fixture
def parted_reader(browser, parted_served):
    """A fresh tab at the site whose articles are in three bundles."""
    with tabs(browser, parted_served[0]) as open_at:
        yield open_at


def results(page):
    return page.locator("pagefind-searchbox a.pf-searchbox-result")


def search_box(page):
    """The search field, once pagefind-component-ui.js has defined <pagefind-searchbox> and the component has drawn
    its field (which it does in the same task as it starts listening for its "/" shortcut)."""
    page.wait_for_function(
        "() => customElements.get('pagefind-searchbox') !== undefined && document.querySelector('pagefind-searchbox input') !== null"
    )
    return page.locator("pagefind-searchbox input")


# The result links the box shows, in order, once it shows a whole answer: not loading, every result drawn (each
# is a grey placeholder until its fragment has loaded); null while it is not there yet.
SHOWN = """() => {
  const list = document.querySelector('pagefind-searchbox .pf-searchbox-results');
  if (!list || list.hasAttribute('aria-busy') || list.querySelector('.pf-searchbox-placeholder')) return null;
  return [...list.querySelectorAll('a.pf-searchbox-result')].map(a => a.getAttribute('href'));
}"""


def mentioning(site: Path, word: str) -> set[str]:
    """The links a search for `word` must show: every page of every bundle whose title or text holds it."""
    bundles = bundle_folders(site)
    pages = {
        url
        for bundle in bundles
        for url, f in fragments(site, bundle).items()
        if re.search(re.escape(word), f"{f['meta']['title']} {f['content']}", re.I)
    }
    assert pages, f"no page holds {word!r}"
    return {f"/archive{url}" for url in pages}


def wait_for_results(
    page, expected: set[str], shown: str = SHOWN, where: str = "the box"
) -> list[str]:
    """Waits until the box (or what `shown`, a function giving the links shown or null, reads) shows exactly the
    results `expected`, all of them drawn; returns their links in order. Results arrive one by one (a placeholder
    each until its fragment loads), so no earlier sign will do."""
    try:
        page.wait_for_function(
            f"expected => {{ const shown = ({shown})(); return shown !== null && shown.length === expected.length && expected.every(u => shown.includes(u)); }}",
            arg=sorted(expected),
        )
    except sync_api.TimeoutError:
        box = page.evaluate(
            "() => (document.querySelector('pagefind-searchbox') || {outerHTML: ''}).outerHTML.slice(0, 2000)"
        )
        raise AssertionError(
            f"{where} shows {page.evaluate(shown)}, not {sorted(expected)}; the box: {box}"
        ) from None
    return page.evaluate(shown)


@needs_corpus
def test_typing_an_actors_name_finds_the_actor_page_and_the_result_leads_there(reader, served):
    url, site = served
    page = reader("")
    box = search_box(page)
    sync_api.expect(box).to_have_attribute(
        "aria-label", "Search"
    )  # a name of its own, not just the placeholder
    box.click()
    box.press_sequentially("Pelosi")
    wait_for_results(page, mentioning(site, "Pelosi"))
    hit = results(page).filter(
        has=page.locator(".pf-searchbox-result-title", has_text=re.compile(r"^Nancy Pelosi$"))
    )
    sync_api.expect(hit).to_have_count(1)
    sync_api.expect(hit).to_have_attribute("href", "/archive/actors/nancy-pelosi/")
    sync_api.expect(results(page).first.locator("mark").first).to_have_text(re.compile("Pelosi"))
    hit.click()
    page.wait_for_url(url + "actors/nancy-pelosi/")
    sync_api.expect(page.locator(".annals-actor h1")).to_have_text("Nancy Pelosi")
    assert reader.problems == []


@needs_corpus
def test_a_query_downloads_under_500_kB(browser, site):
    """Measured as bench/build.py measures it: every response body the server sends from the first keystroke
    until the results are shown and nothing more loads."""
    sys.path.insert(0, str(REPO))
    from bench.build import query_download

    download = query_download(site, "Nancy Pelosi", browser)
    assert download.results >= 4
    paths = [path.split("?")[0] for path, _ in download.fetched]
    assert "/pagefind/pagefind.js" in paths and any(p.startswith("/pagefind/index/") for p in paths)
    assert any(p.startswith("/pagefind/fragment/") for p in paths)
    assert all(p.startswith("/pagefind/") for p in paths), (
        paths
    )  # nothing but the search's own files
    assert not [p for p in paths if p.startswith("/pagefind/filter/")], (
        "the box offers no filter, so loads none"
    )
    assert download.bytes < 500_000, download.fetched


@needs_corpus
def test_a_split_index_finds_pages_of_both_bundles_and_a_query_stays_under_500_kB(
    split_reader, split_served, browser
):
    """Typed into the box, a name finds the actor page (second bundle) and the articles of the first bundle that
    name it; the download, measured as bench/build.py measures it, takes files from both bundles."""
    _, site = split_served
    expected = mentioning(site, "Pelosi")
    in_first = {f"/archive{url}" for url, f in fragments(site).items() if "Pelosi" in f["content"]}
    assert in_first, "a Pelosi article in the first bundle"
    assert "/archive/actors/nancy-pelosi/" in expected - in_first, (
        "the actor page in the second bundle"
    )
    box_finds_pelosi_in_every_bundle(split_reader, site, browser, expected)


def box_finds_pelosi_in_every_bundle(reader, site: Path, browser, expected: set[str]) -> None:
    """Typed into the box, 'Pelosi' shows every page of `expected`, each result drawn (they arrive one by one as
    their fragments load); the download, measured as bench/build.py measures it, takes a chunk of the words'
    index from every bundle and stays under 500 kB."""
    page = reader("")
    box = search_box(page)
    box.click()
    box.press_sequentially("Pelosi")
    wait_for_results(page, expected)
    assert reader.problems == []
    sys.path.insert(0, str(REPO))
    from bench.build import query_download

    download = query_download(site, "Nancy Pelosi", browser)
    paths = [path.split("?")[0] for path, _ in download.fetched]
    for folder in bundle_folders(site):
        assert any(p.startswith(f"/{folder}/index/") for p in paths), (folder, paths)
    assert download.bytes < 500_000, download.fetched


@needs_corpus
def test_articles_in_several_bundles_are_all_found_by_the_box(
    parted_reader, parted_served, browser
):
    """With two articles to a bundle, the box merges the three bundles of articles, the others' and the less
    named actors' (three to a bundle): a name finds its articles in every bundle and the actor's page, and the
    query still stays under 500 kB."""
    _, site = parted_served
    folders = bundle_folders(site)
    fewer = folders[4:]
    assert folders[:4] == [
        "pagefind",
        "pagefind/articles-2",
        "pagefind/articles-3",
        f"pagefind/{search.OTHERS}",
    ]
    assert len(fewer) >= 2 and fewer == [
        f"pagefind/{search.fewer_name(n)}" for n in range(1, len(fewer) + 1)
    ]
    assert all(0 < len(fragments(site, folder)) <= 3 for folder in fewer)
    assert json.loads((site / search.BUNDLES_FILE).read_text("utf-8"))["merge"] == [
        "articles-2/",
        "articles-3/",
        f"{search.OTHERS}/",
        *(f"{folder.removeprefix('pagefind/')}/" for folder in fewer),
    ]
    in_others = [
        url for url in fragments(site, f"pagefind/{search.OTHERS}") if url.startswith("/actors/")
    ]
    assert len(in_others) == 12  # pagefind_box_actors; the project's own pages are there too
    expected = mentioning(site, "Pelosi")
    holding = [
        f for f in folders if any("Pelosi" in x["content"] for x in fragments(site, f).values())
    ]
    assert len(holding) > 2, holding
    box_finds_pelosi_in_every_bundle(parted_reader, site, browser, expected)


@needs_corpus
def test_the_box_asks_the_older_articles_only_when_the_newest_and_the_actors_have_too_few_results(
    parted_reader, parted_served, browser
):
    """The box asks the newest articles' bundle and the others' first: a word with a screenful of results there
    (10, search.js ENOUGH) shows those, and nothing of the older articles' bundles is fetched, though they hold it
    too; a word with fewer is searched in every bundle (test_articles_in_several_bundles_are_all_found_by_the_box)."""
    _, site = parted_served
    folders = bundle_folders(site)
    others = folders.index(f"pagefind/{search.OTHERS}")
    near, older = folders[others - 1 : others + 1], folders[: others - 1] + folders[others + 1 :]
    assert near == ["pagefind/articles-3", f"pagefind/{search.OTHERS}"], folders
    # The less named actors' pages, in bundles of at most 3 (PARTED).
    fewer = [f"pagefind/{search.fewer_name(n)}" for n in range(1, len(folders))]
    fewer = [folder for folder in fewer if folder in folders]
    assert len(fewer) >= 2 and older[-len(fewer) :] == fewer, folders
    word = "2019"  # every actor's record says when it was named; the articles' dates
    holding = {
        folder: {
            f"/archive{url}"
            for url, f in fragments(site, folder).items()
            if word in f"{f['meta']['title']} {f['content']}"
        }
        for folder in folders
    }
    in_near = holding[near[0]] | holding[near[1]]
    assert len(in_near) >= 10 and all(holding[f] for f in older), holding
    page = parted_reader("")
    box = search_box(page)
    box.click()
    box.fill(word)  # one input, so one search
    # More results than the list has room for: those out of its view stay placeholders until scrolled to.
    try:
        page.wait_for_function(
            """count => {
              const list = document.querySelector('pagefind-searchbox .pf-searchbox-results');
              return list && !list.hasAttribute('aria-busy') && list.children.length === count
                && list.querySelector('a.pf-searchbox-result') !== null;
            }""",
            arg=len(in_near),
        )
    except sync_api.TimeoutError:
        entries = page.locator("pagefind-searchbox .pf-searchbox-results > *").count()
        raise AssertionError(
            f"the box lists {entries} results, not the {len(in_near)} of the newest bundles"
        ) from None
    drawn = page.eval_on_selector_all(
        "pagefind-searchbox a.pf-searchbox-result",
        "links => links.map(a => a.getAttribute('href'))",
    )
    assert drawn and set(drawn) <= in_near, (drawn, in_near)
    assert parted_reader.problems == []
    sys.path.insert(0, str(REPO))
    from bench.build import query_download

    download = query_download(site, word, browser)
    paths = [path for path, _ in download.fetched]
    first_own = (
        "/pagefind/index/",
        "/pagefind/fragment/",
        "/pagefind/pagefind-entry",
        "/pagefind/pagefind.en",
    )
    asked_older = [
        p
        for p in paths
        if p.startswith(first_own)
        or "?older" in p
        or any(p.startswith(f"/{f}/") for f in older[1:])
    ]
    assert asked_older == [] and any(p.startswith(f"/{near[0]}/index/") for p in paths), paths
    # A word the newest articles and the actors hold too rarely is searched in the older bundles as well.
    download = query_download(site, "Pelosi", browser)
    paths = [path for path, _ in download.fetched]
    assert all(any(p.startswith(f"/{folder}/index/") for p in paths) for folder in folders), paths


# Every state of the result list a reader could see while a search is answered: after each batch of changes to
# the box, the link of each entry in order, null for a placeholder whose result is not drawn yet.
RECORD_LISTS = """() => {
  window.annalsLists = [];
  if (window.annalsObserver) return;
  const box = document.querySelector('pagefind-searchbox');
  window.annalsObserver = new MutationObserver(() => {
    const list = box.querySelector('.pf-searchbox-results');
    window.annalsLists.push(list ? [...list.children].map(e => e.matches('a.pf-searchbox-result') ? e.getAttribute('href') : null) : []);
  });
  window.annalsObserver.observe(box, {childList: true, subtree: true, attributes: true});
}"""


@needs_corpus
def test_a_split_index_shows_its_results_in_one_order_that_never_changes(
    split_reader, split_served
):
    """Pagefind answers only once both bundles have (it merges their results by score), the box lays out a
    placeholder per result in that order and draws each in its place as its fragment loads: a reader never sees
    the first bundle's results and then the list reordered when the second answers, nor another order next time."""
    _, site = split_served
    expected = mentioning(site, "Pelosi")
    page = split_reader("")
    box = search_box(page)
    box.click()
    orders = []
    for _ in range(
        2
    ):  # the second time every file is cached, so bundles and fragments answer at another pace
        box.fill("")
        sync_api.expect(page.locator("pagefind-searchbox .pf-searchbox-results > *")).to_have_count(
            0
        )
        page.evaluate(RECORD_LISTS)
        box.fill("Pelosi")  # one input, so one search
        final = wait_for_results(page, expected)
        seen = [shown for shown in page.evaluate("window.annalsLists") if shown]
        assert seen[-1] == final
        for shown in seen:
            assert len(shown) == len(final) and all(
                url in (None, final[n]) for n, url in enumerate(shown)
            ), (shown, final)
        orders.append(final)
    assert orders[0] == orders[1]
    assert split_reader.problems == []


@needs_corpus
def test_the_box_works_from_the_keyboard_and_after_instant_navigation(reader, served, site):
    url, _ = served
    page = reader(article_path(site, "2022/02/03") + "/")  # the seed article, which names no Pelosi
    box = search_box(page)
    page.keyboard.press("/")
    sync_api.expect(box).to_be_focused()
    page.keyboard.type("Pelosi")
    shown = wait_for_results(page, mentioning(site, "Pelosi"))
    page.keyboard.press("ArrowDown")  # from the first result to the second
    sync_api.expect(
        page.locator('pagefind-searchbox a.pf-searchbox-result[aria-selected="true"]')
    ).to_have_attribute("href", shown[1])
    page.keyboard.press("Enter")
    page.wait_for_url(urljoin(url, shown[1]))
    # Material's instant navigation (here, by the header's logo) swaps the page without loading it again, which a
    # mark left on the window shows, and keeps the header: searching again still leads to pages under /archive/.
    page.evaluate("window.annalsSamePage = true")
    page.locator("a.md-header__button.md-logo").click()
    page.wait_for_url(url)
    assert page.evaluate("window.annalsSamePage === true"), (
        "the page was loaded again, not swapped by instant navigation"
    )
    box.click()
    box.fill("")
    box.press_sequentially("Stoltenberg")
    wait_for_results(page, mentioning(site, "Stoltenberg"))
    assert page.locator("pagefind-config").count() == 1
    assert reader.problems == []


# The header's icons a reader sees (the logo, the palette toggle shown), drawn: each <use> has taken its shape.
ICONS_DRAWN = """() => {
  const shown = [...document.querySelectorAll('.md-header svg use')].filter(u => u.closest('a, label').offsetParent);
  return shown.length >= 2 && shown.every(u => u.getBBox().width > 0);
}"""


@needs_corpus
def test_the_chrome_from_shared_files_still_draws_switches_and_searches(reader, served, site):
    """A page carries neither the configuration of Material's search, which Pagefind replaces, nor Material's
    inline scripts and icons, which shared files hold: the icons still draw, the palette toggle still switches
    and is remembered on the next page (by the storage helpers of assets/annals/scope.js), and the box searches."""
    import json

    for path in ("index.html", f"{article_path(site)}/index.html", "actors/index.html"):
        html = (site / path).read_text("utf-8")
        config = json.loads(
            re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(
                1
            )
        )
        assert "search" not in config and config["translations"]["clipboard.copy"]
        assert not [key for key in config["translations"] if key.startswith("search.")]
        assert (
            "navigation.instant" in config["features"]
            and "search.suggest" not in config["features"]
        )
        chrome = html[html.index("<header") : html.index('<div class="md-content"')]
        assert "<path" not in chrome and "__md_scope" not in html, path
    url, _ = served
    page = reader(article_path(site) + "/")
    material_ready(page)
    page.wait_for_function(ICONS_DRAWN)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator('form[data-md-component="palette"] label:not([hidden])').click()
    page.wait_for_function(
        "scheme => document.body.getAttribute('data-md-color-scheme') !== scheme", arg=scheme
    )
    switched = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.goto(url)  # loaded afresh, not swapped: the choice comes back from the browser's storage
    page.wait_for_function(
        "scheme => document.body.getAttribute('data-md-color-scheme') === scheme", arg=switched
    )
    page.wait_for_function(ICONS_DRAWN)
    box = search_box(page)
    box.click()
    box.press_sequentially("Pelosi")
    wait_for_results(page, mentioning(site, "Pelosi"))
    assert reader.problems == []


@needs_corpus
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_box_takes_materials_colours_and_fits_a_phone(reader, site, scheme):
    page = reader("", color_scheme=scheme, viewport={"width": 360, "height": 740}, is_mobile=True)
    box = search_box(page)
    width = box.evaluate("e => e.getBoundingClientRect().width")
    assert width < 60, "at rest on a phone the box is a magnifier button"
    box.click()
    box.press_sequentially("Pelosi")
    wait_for_results(page, mentioning(site, "Pelosi"))  # measured with every result drawn
    geometry = page.evaluate(
        """() => { const r = document.querySelector('pagefind-searchbox .pf-searchbox-dropdown').getBoundingClientRect();
                   return {left: r.left, right: r.right, overflow: document.documentElement.scrollWidth - innerWidth}; }"""
    )
    assert geometry["left"] >= 0 and geometry["right"] <= 360 and geometry["overflow"] <= 1, (
        geometry
    )
    background = page.evaluate(
        "getComputedStyle(document.querySelector('pagefind-searchbox .pf-searchbox-dropdown')).backgroundColor"
    )
    material = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == material, (background, material)
    assert reader.problems == []


@needs_corpus
def test_hostile_article_text_never_becomes_markup_in_results(reader, site):
    page = reader("")
    box = search_box(page)
    box.click()
    box.press_sequentially("alert")
    wait_for_results(
        page, mentioning(site, "alert")
    )  # every result drawn, so every one is checked below
    hit = results(page).filter(has_text="</title><script>alert(101)</script>")
    sync_api.expect(hit).to_have_count(1)
    dropdown = page.locator("pagefind-searchbox .pf-searchbox-results")
    # Only the component's own elements: links, paragraphs and the <mark> of matches; the text shows the tags.
    tags = set(dropdown.evaluate("d => [...d.querySelectorAll('*')].map(e => e.localName)"))
    assert tags <= {"a", "p", "mark", "div", "span"}, tags
    assert HOSTILE_TITLE_READ in hit.first.locator(".pf-searchbox-result-title").text_content()
    assert (
        dropdown.evaluate(
            "d => [...d.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))"
        )
        == []
    )
    assert ALERT.search(dropdown.text_content())
    assert reader.problems == []  # no alert() dialog ever opened


@needs_corpus
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violation_with_results_open(reader, site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for path in ("", "actors/nancy-pelosi/"):
        page = reader(path, color_scheme=scheme)
        box = search_box(page)
        box.click()
        box.press_sequentially("Pelosi")
        wait_for_results(
            page, mentioning(site, "Pelosi")
        )  # the list as it stays, every result drawn
        sync_api.expect(results(page).first.locator("mark").first).to_be_visible()
        for violation in Axe().run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found.append(
                    f"/{path}: {violation['id']} at {[node['target'] for node in violation['nodes'][:3]]}"
                )
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "option, fix",
    [
        ("search: lunr", "write it like 'search: auto'"),
        ("pagefind_above: -5", "write it like 'pagefind_above: 500'"),
        ("pagefind_split_above: many", "write it like 'pagefind_split_above: 2000'"),
        ("pagefind_articles_per_bundle: 0", "write it like 'pagefind_articles_per_bundle: 1000'"),
    ],
)
def test_a_bad_search_option_stops_annals_build_with_the_line_and_the_fix(tmp_path, option, fix):
    project = new_project(tmp_path / "archive", [SEED], f"      {option}\n")
    line = next(
        n
        for n, text in enumerate((project / "mkdocs.yml").read_text("utf-8").splitlines(), start=1)
        if option in text
    )
    result = run_annals("build", cwd=project)
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}: plugin 'annals' option '{option.split(':')[0]}'" in result.stderr, (
        result.stderr
    )
    assert fix in result.stderr


# --- facets: narrowing and sorting on the search page (generator/facets.py, assets/annals/facets.js) -----------------


def test_an_actors_filter_is_one_of_64_shards_spread_over_all_of_them():
    from generator.facets import ACTOR_SHARDS, actor_filter

    slugs = [
        f"{first}-{last}"
        for first in ("ada", "li", "jean-paul", "o-brien", "x")
        for last in map(str, range(400))
    ]
    shards = {actor_filter(slug) for slug in slugs}
    assert shards == {f"actor-{n:02d}" for n in range(ACTOR_SHARDS)}
    assert actor_filter("nancy-pelosi") == actor_filter("nancy-pelosi")


def article_fragments(site: Path) -> dict[str, dict]:
    """Pagefind's fragment of each article page, in every bundle, by URL."""
    bundles = bundle_folders(site)
    return {
        url: f
        for bundle in bundles
        for url, f in fragments(site, bundle).items()
        if url.startswith("/articles/")
    }


def naming(fragment: dict) -> set[str]:
    """The actor slugs an article's record carries, across the actor shards."""
    return {
        slug
        for name, values in fragment["filters"].items()
        if name.startswith("actor-")
        for slug in values
    }


@needs_corpus
def test_article_records_carry_actors_types_dates_and_source_as_filters_and_the_date_to_sort_by(
    site,
):
    import json

    articles = {
        "/" + a["path"].strip("/") + "/": a
        for a in json.loads((site / "api" / "articles.json").read_text("utf-8"))
    }
    types = {
        e["slug"]: e["type"]
        for e in json.loads((site / "api" / "entities.json").read_text("utf-8"))
    }
    found = article_fragments(site)
    assert set(found) == set(articles)
    for url, fragment in found.items():
        article = articles[url]
        assert naming(fragment) == set(article["entities"]), url
        assert fragment["filters"]["type"] == sorted(
            {types[slug] for slug in article["entities"]}
        ), url
        assert fragment["filters"]["year"] == [article["date"][:4]] and fragment["filters"][
            "month"
        ] == [article["date"][:7]], url
        assert fragment["filters"].get("source") == (
            [article["source"]] if article["source"] else None
        ), url
    assert not [
        url
        for url, f in fragments(site).items()
        if not url.startswith("/articles/") and f.get("filters")
    ]
    # One filter index per shard: narrowing to one actor downloads a part of the actors' index.
    meta = site / "pagefind"
    assert len(list((meta / "filter").glob("*.pf_filter"))) > 10


@needs_corpus
def test_article_records_carry_the_slugs_of_their_tags_and_authors_pages(site):
    from generator.names import make_slug

    found = article_fragments(site)
    for name, (tags, author) in zip(CONGRESS_ARTICLES, CONGRESS_TAGS):
        day = name.split("/")[1][:10].replace("-", "/")
        [fragment] = [f for url, f in found.items() if url.startswith(f"/articles/{day}/")]
        names = lambda listed: listed.strip("[]").split(", ")  # noqa: E731
        assert fragment["filters"]["tag"] == sorted({make_slug(t) for t in names(tags)}), name
        assert fragment["filters"]["author"] == sorted(make_slug(a) for a in names(author)), name
        # Each value is the address of the page listing the same articles.
        for slug in fragment["filters"]["tag"]:
            assert (site / "tags" / slug / "index.html").is_file()
    hostile = [f for f in found.values() if "onerror" in "".join(f["filters"].get("source", []))]
    assert [f["filters"]["author"] for f in hostile] == [["comment-code-a-b-evil-page-title"]]


@needs_corpus
def test_an_archive_with_too_many_tags_to_list_offers_none_but_takes_one_from_the_address(
    monkeypatch,
):
    from generator import facets
    from generator.model import Archive
    from generator.read import parse_article

    articles = [
        parse_article(
            (CORPUS / name)
            .read_text("utf-8")
            .replace("\n---\n", f"\ntags: {tags}\n---\n", 1)
            .encode(),
            f"{n}.md",
        )
        for n, (name, (tags, _)) in enumerate(zip(CONGRESS_ARTICLES, CONGRESS_TAGS))
    ]
    archive = Archive(articles=tuple(articles), actors=())
    listed = Elements(facets.search_page(archive))
    assert [o["value"] for o in listed.find("option") if o.get("value") in ("congress", "border")]
    assert not listed.find("input", type="hidden", name="tag")
    # In a French site, the tag's field and the chip of a tag taken from the address are French.
    french = facets.search_page(archive, "fr")
    assert '<label for="annals-search-tag">Étiquette</label>' in french
    assert Elements(french).find("div")[0]["data-say-tagged"] == "Étiqueté {name}"
    monkeypatch.setattr(facets, "LISTED_CHOICES", 3)  # the archive has 4 tags
    unlisted = Elements(facets.search_page(archive))
    assert listed.find("select", name="tag") and not unlisted.find("select", name="tag")
    assert unlisted.find("input", type="hidden", name="tag")
    assert unlisted.find("select", name="author") == [] and unlisted.find(
        "input", type="hidden", name="author"
    )  # no authors at all: none listed, one taken from the address


@needs_corpus
def test_the_search_page_offers_the_archives_choices_as_text(site):
    page = (site / "search" / "index.html").read_text("utf-8")
    elements = Elements(page)
    sources = [
        a.get("value")
        for a in elements.find("option")
        if a.get("value") and "<img" in a.get("value")
    ]
    assert len(sources) == 1 and sources[0].startswith(
        "<img src=x onerror=alert(103)> [click](javascript:alert(104))"
    )
    assert "<img src=x" not in page and not elements.find("img", src="x")
    assert [a["value"] for a in elements.find("option") if a.get("value", "").isdigit()] == [
        "2022",
        "2019",
    ]
    # Not in the index itself (`search: exclude`), and linked from actor and date pages.
    assert "/search/" not in fragments(site)
    pelosi = page_of(site, "actors/nancy-pelosi").find("a")
    assert any(
        a.get("href") == "../../search/?actor=nancy-pelosi&name=Nancy%20Pelosi" for a in pelosi
    )
    assert any(
        a.get("href") == "../../../search/?month=2019-01&sort=newest"
        for a in page_of(site, "dates/2019/01").find("a")
    )
    # Tags and authors are offered by name, chosen by the slug of their pages, and their pages link here.
    for field, choices in (
        ("tag", {"border", "congress", "impeachment", "speaker"}),
        ("author", {"ann-smith", "jane-roe", "john-doe", "comment-code-a-b-evil-page-title"}),
    ):
        [select] = elements.find("select", name=field)
        assert {
            value
            for value in re.findall(
                r'<option value="([^"]*)"',
                page.split(f'name="{field}"', 1)[1].split("</select>")[0],
            )
            if value
        } == choices
    assert any(
        a.get("href") == "../../search/?tag=congress&tag-name=Congress&sort=newest"
        for a in page_of(site, "tags/congress").find("a")
    )
    assert any(
        a.get("href") == "../../search/?author=jane-roe&author-name=Jane%20Roe&sort=newest"
        for a in page_of(site, "authors/jane-roe").find("a")
    )
    assert "<!-- comment -->" not in (
        site / "authors" / "comment-code-a-b-evil-page-title" / "index.html"
    ).read_text("utf-8")


def test_our_content_partial_is_materials_with_only_the_search_link_added():
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "content.html").read_text(
        "utf-8"
    )
    ours = (search.THEME_DIR / "partials" / "content.html").read_text("utf-8")
    expected = theirs.replace(
        "{{ page.content }}\n",
        '{{ page.content }}\n{% include "partials/annals-search-within.html" %}\n',
        1,
    )
    body = lambda text: text.split("-#}\n", 1)[1]  # noqa: E731
    assert body(ours) == body(expected)


# The result links the search page shows once it has answered; null while it has not.
SEARCH_PAGE_SHOWN = """() => {
  if (document.querySelector('[data-annals-search]')?.dataset.state !== 'done') return null;
  return [...document.querySelectorAll('.annals-search-results a')].map(a => a.getAttribute('href'));
}"""


def search_page_results(page, expected: set[str]) -> list[str]:
    """Waits until the search page has answered and shows exactly `expected`; returns the links in order."""
    return wait_for_results(page, expected, SEARCH_PAGE_SHOWN, "the search page")


def spread_actor(site: Path) -> tuple[str, str, dict[str, dict]]:
    """(slug, name) of a person named in articles of more than one year, and the article fragments."""
    import json

    found = article_fragments(site)
    for entity in sorted(
        json.loads((site / "api" / "entities.json").read_text("utf-8")),
        key=lambda e: (-e["mentions"], e["slug"]),
    ):
        years = {f["filters"]["year"][0] for f in found.values() if entity["slug"] in naming(f)}
        if entity["type"] == "person" and len(years) > 1:
            return entity["slug"], entity["name"], found
    raise AssertionError("no person is named in articles of two years")


@needs_corpus
def test_opening_search_from_an_actor_page_shows_its_articles_newest_first(reader, served):
    url, site = served
    slug, name, found = spread_actor(site)
    expected = {f"/archive{u}" for u, f in found.items() if slug in naming(f)}
    page = reader(f"actors/{slug}/")
    page.get_by_role("link", name="Search within articles naming this actor").click()
    page.wait_for_url(re.compile(re.escape(url + "search/?actor=" + slug)))
    shown = search_page_results(page, expected)
    assert [u.split("/")[3:6] for u in shown] == sorted(
        (u.split("/")[3:6] for u in shown), reverse=True
    )
    sync_api.expect(page.locator(".annals-search-chosen li")).to_have_text(
        re.compile(rf"^Naming {re.escape(name)}")
    )
    assert reader.problems == []


@needs_corpus
def test_narrowing_by_an_actor_and_a_year_and_then_by_words(reader, served):
    url, site = served
    slug, _, found = spread_actor(site)
    years = sorted({f["filters"]["year"][0] for f in found.values() if slug in naming(f)})
    page = reader(f"search/?actor={slug}")
    search_page_results(page, {f"/archive{u}" for u, f in found.items() if slug in naming(f)})
    page.get_by_label("Year").select_option(years[0])
    narrowed = {
        f"/archive{u}"
        for u, f in found.items()
        if slug in naming(f) and f["filters"]["year"] == [years[0]]
    }
    search_page_results(page, narrowed)
    assert (
        f"year={years[0]}" in page.url and f"actor={slug}" in page.url
    )  # the address keeps the search
    # Words narrow further: the last name of the person named least often in those articles, who is in some.
    import json

    people = {
        e["slug"]: e["name"]
        for e in json.loads((site / "api" / "entities.json").read_text("utf-8"))
        if e["type"] == "person"
    }
    others = Counter(
        other
        for u in narrowed
        for other in naming(found[u[len("/archive") :]])
        if other != slug and other in people
    )
    word = people[min(others, key=lambda other: (others[other], other))].split()[-1]
    with_word = narrowed & mentioning(site, word)
    assert with_word, word
    page.get_by_label("Words").fill(word)
    search_page_results(page, with_word)
    # The actor's chip removed: the words and the year alone.
    page.get_by_role("button", name=re.compile("^Remove: Naming")).click()
    search_page_results(
        page,
        {f"/archive{u}" for u, f in found.items() if f["filters"]["year"] == [years[0]]}
        & mentioning(site, word),
    )
    assert "actor=" not in page.url
    assert reader.problems == []


@needs_corpus
def test_a_month_page_opens_search_narrowed_to_its_month(reader, served, site):
    page = reader("dates/2019/01/")
    page.get_by_role("link", name="Search within articles of January 2019").click()
    expected = {
        f"/archive{u}"
        for u, f in article_fragments(site).items()
        if f["filters"]["month"] == ["2019-01"]
    }
    assert len(expected) > 1
    search_page_results(page, expected)
    assert reader.problems == []


@needs_corpus
def test_a_tag_page_opens_search_narrowed_to_it_and_an_author_narrows_further(reader, served):
    url, site = served
    found = article_fragments(site)
    tagged = {f"/archive{u}" for u, f in found.items() if "congress" in f["filters"].get("tag", [])}
    assert len(tagged) == 3
    page = reader("tags/congress/")
    page.get_by_role("link", name="Search within articles tagged Congress").click()
    page.wait_for_url(re.compile(re.escape(url + "search/?tag=congress")))
    shown = search_page_results(page, tagged)
    assert [u.split("/")[3:6] for u in shown] == sorted(
        (u.split("/")[3:6] for u in shown), reverse=True
    )  # newest first
    sync_api.expect(page.get_by_label("Tag")).to_have_value("congress")
    page.get_by_label("Author").select_option(label="Ann Smith")
    search_page_results(
        page,
        {u for u in tagged if "ann-smith" in found[u[len("/archive") :]]["filters"]["author"]},
    )
    assert "tag=congress" in page.url and "author=ann-smith" in page.url
    assert reader.problems == []


@needs_corpus
def test_a_hostile_source_is_a_choice_shown_as_text_that_finds_its_article(reader, site):
    page = reader("search/")
    sync_api.expect(page.locator(".annals-search-status")).to_have_text(
        re.compile("^Type words")
    )  # the script is listening
    source = page.get_by_label("Source")
    hostile = next(o for o in source.locator("option").all_text_contents() if "onerror" in o)
    source.select_option(label=hostile)
    [shown] = search_page_results(
        page,
        {
            f"/archive{u}"
            for u, f in article_fragments(site).items()
            if "onerror" in "".join(f["filters"].get("source", []))
        },
    )
    results = page.locator(".annals-search-results")
    tags = set(results.evaluate("d => [...d.querySelectorAll('*')].map(e => e.localName)"))
    assert tags <= {"li", "a", "time", "p", "mark"}, tags
    assert HOSTILE_TITLE_READ in results.locator("a").first.text_content()
    assert reader.problems == []  # no alert() dialog ever opened


@needs_corpus
@pytest.mark.parametrize("layout", ["split", "parted"])
def test_a_split_search_page_narrowed_asks_the_articles_bundle_alone(request, layout):
    """Split, the search page narrowed (an actor and a year) finds its articles by words, sorted by date on demand,
    without fetching a file of the other pages' bundle, whose metadata grows with the actors; words alone search
    both bundles, as the header box does, and find the actor's page. With the articles in several bundles, the
    order by date holds across them."""
    url, site = request.getfixturevalue(f"{layout}_served")
    reader = request.getfixturevalue(f"{layout}_reader")
    slug, name, found = spread_actor(site)
    folders = [  # the articles' bundles: the first, and articles-2/ and on
        folder
        for folder in bundle_folders(site)
        if folder == "pagefind" or search.part_number(folder.split("/")[-1])
    ]
    not_articles = [folder for folder in bundle_folders(site) if folder not in folders]
    assert not_articles, "the others' bundle, and the less named actors'"
    held = {u: folder for folder in folders for u in fragments(site, folder)}
    assert set(held) == set(found), "every article in the articles' bundles"
    years = sorted({f["filters"]["year"][0] for f in found.values() if slug in naming(f)})
    word = name.split()[-1]
    named = {u for u, f in found.items() if slug in naming(f)}
    narrowed = {
        f"/archive{u}" for u in named if found[u]["filters"]["year"] == [years[0]]
    } & mentioning(site, word)
    assert narrowed, word
    if layout == "parted":  # sorted across bundles: the narrowed articles are in more than one
        narrowed = {f"/archive{u}" for u in named} & mentioning(site, word)
        assert len({held[u.removeprefix("/archive")] for u in narrowed}) > 1, narrowed
    page = reader("")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    year = f"&year={years[0]}" if layout == "split" else ""
    page.goto(f"{url}search/?q={quote(word)}&actor={slug}{year}&sort=newest")
    shown = search_page_results(page, narrowed)
    days = [u.split("/")[3:6] for u in shown]
    assert days == sorted(days, reverse=True), shown
    page.get_by_label("Order").select_option("oldest")
    shown = search_page_results(page, narrowed)
    assert [u.split("/")[3:6] for u in shown] == sorted(days), shown
    bundle = [path for path in fetched if path.startswith("/archive/pagefind/")]
    assert any(".pf_filter" in path for path in bundle), bundle
    others = [
        path for path in bundle if path.startswith(tuple(f"/archive/{f}/" for f in not_articles))
    ]
    assert others == [], others
    # Words alone, no filter, no sort: the actor's page is found too. (Not with two articles to a bundle: a bundle
    # without the word answers with near words, as Pagefind does when a word is nowhere; README, Search.)
    if layout == "split":
        page.goto(f"{url}search/?q={quote(word)}")
        search_page_results(page, mentioning(site, word))
        assert f"/archive/actors/{slug}/" in mentioning(site, word)
        assert any(path.startswith(f"/archive/pagefind/{search.OTHERS}/") for path in fetched)
    assert reader.problems == []


def bundle_of(path: str) -> str:
    """The bundle folder a file Pagefind fetched under /archive/pagefind/ belongs to."""
    first, _, rest = path.removeprefix("/archive/pagefind/").partition("/")
    return (
        f"pagefind/{first}"
        if rest
        and (search.part_number(first) or search.fewer_number(first) or first == search.OTHERS)
        else "pagefind"
    )


@needs_corpus
def test_a_search_page_narrowed_to_a_year_asks_only_the_bundles_holding_it(
    parted_reader, parted_served
):
    """The articles' bundles hold them by date and pagefind/annals-parts.json lists the months of each one's
    articles, as their records carry them: the search page narrowed to a year asks only the bundles holding
    articles of that year (what it downloads does not grow with the bundles) and finds every one of them."""
    import json

    url, site = parted_served
    folders = [
        f for f in bundle_folders(site) if search.part_number(f.split("/")[-1]) or f == "pagefind"
    ]
    months = [
        sorted({f["filters"]["month"][0] for f in fragments(site, folder).values()})
        for folder in folders
    ]
    assert json.loads((site / search.BUNDLES_FILE).read_text("utf-8"))["months"] == months
    holding: dict[str, set[str]] = {}
    for folder, held in zip(folders, months):
        for month in held:
            holding.setdefault(month[:4], set()).add(folder)
    year = min(holding, key=lambda y: (len(holding[y]), y))
    assert len(holding[year]) < len(folders), holding
    found = article_fragments(site)
    of_year = {u: f for u, f in found.items() if f["filters"]["year"] == [year]}
    word = next(
        w
        for f in of_year.values()
        for w in re.findall(r"[A-Za-z]{5,}", f["meta"]["title"])
        if {f"/archive{u}" for u in of_year} & mentioning(site, w)
    )
    expected = {f"/archive{u}" for u in of_year} & mentioning(site, word)
    page = parted_reader("")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(f"{url}search/?q={quote(word)}&year={year}")
    search_page_results(page, expected)
    asked = {
        bundle_of(path)
        for path in fetched
        if path.endswith((".pf_meta", ".pf_index", ".pf_filter", "pagefind-entry.json"))
    }
    assert asked == holding[year], (asked, holding, fetched)
    assert f"/archive/{search.BUNDLES_FILE}" in fetched
    # A month held by more than one bundle but not all, sorted by date across the bundles it asks.
    by_month = {m: {f for f, held in zip(folders, months) if m in held} for m in sum(months, [])}
    month = max(
        (m for m in by_month if len(by_month[m]) < len(folders)),
        key=lambda m: (len(by_month[m]), m),
    )
    assert len(by_month[month]) > 1, by_month
    of_month = {f"/archive{u}" for u, f in found.items() if f["filters"]["month"] == [month]}
    in_bundle = {f"/archive{u}": folder for folder in folders for u in fragments(site, folder)}
    word = next(
        w
        for u in sorted(of_month)
        for w in sorted(
            set(re.findall(r"[A-Za-z]{6,}", found[u.removeprefix("/archive")]["content"]))
        )
        if len({in_bundle[v] for v in of_month & mentioning(site, w)}) > 1
    )
    fetched.clear()
    page.goto(f"{url}search/?q={quote(word)}&month={month}&sort=oldest")
    shown = search_page_results(page, of_month & mentioning(site, word))
    assert [u.split("/")[3:6] for u in shown] == sorted(u.split("/")[3:6] for u in shown)
    assert {bundle_of(p) for p in fetched if p.endswith(".pf_meta")} == by_month[month]
    # Without a year or a month, every bundle of articles is asked.
    fetched.clear()
    page.goto(f"{url}search/?q={quote(word)}&sort=newest")
    search_page_results(page, {f"/archive{u}" for u in found} & mentioning(site, word))
    assert {bundle_of(p) for p in fetched if p.endswith(".pf_meta")} == set(folders)
    assert parted_reader.problems == []


@needs_corpus
def test_a_split_search_page_opened_from_an_actor_page_waits_for_words(split_reader, split_served):
    """Split, as a big archive's index is, the search page opened from an actor's page (narrowed, no words) shows
    the actor as a chip and asks for words, fetching no chunk of the words' index: Pagefind 1.5 would fetch all of
    them for a search without words. Typed words then find the actor's articles holding them."""
    url, site = split_served
    slug, name, found = spread_actor(site)
    page = split_reader(f"actors/{slug}/")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.get_by_role("link", name="Search within articles naming this actor").click()
    page.wait_for_url(re.compile(re.escape(url + "search/?actor=" + slug)))
    word = waits_for_words_then_finds(page, fetched, site, slug, name, found)
    assert any(path.startswith("/archive/pagefind/index/") for path in fetched), fetched
    assert f"actor={slug}" in page.url and f"q={quote(word)}" in page.url
    assert split_reader.problems == []


def waits_for_words_then_finds(page, fetched, site, slug, name, found) -> str:
    """Check that the search page, narrowed to the actor `slug` without words, shows its chip and asks for words
    having fetched no chunk of the words' index, then that its surname typed finds the actor's articles holding
    it. Returns the word typed."""
    page.wait_for_selector("[data-annals-search][data-state=words]")
    sync_api.expect(page.locator(".annals-search-status")).to_have_text(
        "Type words to search within these articles."
    )
    sync_api.expect(page.locator(".annals-search-chosen li")).to_have_text(
        re.compile(rf"^Naming {re.escape(name)}")
    )
    assert page.locator(".annals-search-results > li").count() == 0
    assert [path for path in fetched if path.endswith(".pf_index")] == []
    word = name.split()[-1]
    expected = {f"/archive{u}" for u, f in found.items() if slug in naming(f)} & mentioning(
        site, word
    )
    assert expected, word
    page.get_by_label("Words").fill(word)
    search_page_results(page, expected)
    return word


def test_only_a_small_archives_search_page_lists_articles_without_words(monkeypatch):
    """Pagefind 1.5 fetches every chunk of the words' index for a search without words, so only an archive of at
    most LISTED_WITHOUT_WORDS articles marks its search page as listing the articles narrowed to before words."""
    from generator import facets
    from generator.model import Archive
    from generator.read import parse_article

    articles = tuple(
        parse_article(f"date 2020-01-0{n + 1} Text {n}.".encode(), f"{n}.txt") for n in range(3)
    )
    archive = Archive(articles=articles, actors=())
    assert "data-lists-without-words" in Elements(facets.search_page(archive)).find("div")[0]
    monkeypatch.setattr(facets, "LISTED_WITHOUT_WORDS", 2)
    assert "data-lists-without-words" not in Elements(facets.search_page(archive)).find("div")[0]


@needs_corpus
def test_a_big_archives_search_page_in_one_bundle_waits_for_words(reader, served):
    """A search page without data-lists-without-words (an archive above LISTED_WITHOUT_WORDS; made here from the
    served one-bundle site's own page, beside it) opened narrowed without words asks for words and fetches no
    chunk of the words' index; words then search the one bundle."""
    url, site = served
    slug, name, found = spread_actor(site)
    page_html = (site / "search" / "index.html").read_text("utf-8")
    assert " data-lists-without-words" in page_html
    big = site / "search-big"
    big.mkdir()
    try:
        (big / "index.html").write_text(
            page_html.replace(" data-lists-without-words", "", 1), "utf-8"
        )
        page = reader("")
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(urlparse(request.url).path))
        page.goto(f"{url}search-big/?actor={slug}&name={quote(name)}")
        waits_for_words_then_finds(page, fetched, site, slug, name, found)
        assert any(path.endswith(".pf_index") for path in fetched), fetched
        assert reader.problems == []
    finally:
        shutil.rmtree(big)


@needs_corpus
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violation_on_the_search_page_with_filters(reader, served, scheme):
    from axe_playwright_python.sync_playwright import Axe

    _, site = served
    slug, _, found = spread_actor(site)
    page = reader(f"search/?actor={slug}&sort=newest", color_scheme=scheme)
    search_page_results(page, {f"/archive{u}" for u, f in found.items() if slug in naming(f)})
    found_violations = [
        f"{v['id']} at {[node['target'] for node in v['nodes'][:3]]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not found_violations, "\n".join(found_violations)


def test_filter_indexes_come_out_the_same_bytes_from_every_pagefind_process(tmp_path):
    """Pagefind 1.5 writes filter values and the list of filter indexes in the order of hash maps seeded afresh in
    each process; generator/pagefind_order.py sorts them, so two processes given the same records agree."""
    records = [
        (
            f"/articles/2020/01/{day:02d}/story/",
            f"Story {day}",
            f"Rangers counted quokkas on day {day}.",
            (
                ("actor-01", tuple(f"ranger-{n}" for n in range(day % 7 + 1))),
                ("year", (str(2000 + day % 5),)),
            ),
            (("date", f"2020-01-{day:02d}"),),
        )
        for day in range(1, 29)
    ]
    sites = []
    for run in ("first", "second"):
        index = search.SiteIndex("en", None, [], record_parts=1)
        index.add_records(records)
        index.finish(tmp_path / run)
        sites.append(digest(tmp_path / run / "pagefind"))
    assert differing(sites[0], sites[1]) == []
    assert len([path for path in sites[0] if path.startswith("filter/")]) == 2
    import gzip

    from generator.pagefind_order import SIGNATURE, decode

    for path in (tmp_path / "first" / "pagefind" / "filter").iterdir():
        name, values = decode(gzip.decompress(path.read_bytes()), len(SIGNATURE))[0]
        assert [value for value, _ in values] == sorted(value for value, _ in values), name


def test_a_page_is_indexed_in_its_languages_index_a_variety_of_the_sites_in_the_sites():
    from generator.search import search_language

    assert search_language("fr", "en") == "fr" and search_language("fr-CA", "en") == "fr"
    assert search_language("en-GB", "en") == "en" and search_language("", "fr") == "fr"
    assert search_language("pt-BR", "pt-br") == "pt-br" and search_language("EN", "fr") == "en"


def test_the_service_answers_are_read_in_order_and_the_bundle_without_copies_of_it(tmp_path):
    """Pagefind's answer to GetFiles holds a whole bundle's files (base64 in JSON in base64) and is read while the
    build saves its archive: earlier answers are checked in order and for errors, and the last is parsed with no
    more than its decoded JSON and what it parses to alive (the answers as one buffer, copied and split, and the
    JSON as bytes and text beside what it parsed to, were two and a half times the answer in the build's
    memory)."""
    import base64
    import json
    import subprocess
    import sys
    import tracemalloc

    def answer(number: int, payload: dict) -> bytes:
        return (
            base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode()) + b","
        )

    content = base64.b64encode(os.urandom(6 << 20)).decode()  # a bundle of 6 MB
    files = {"type": "GetFiles", "files": [{"path": "pagefind/a.pf_index", "content": content}]}
    last = answer(3, files)
    stream = tmp_path / "answers"
    stream.write_bytes(answer(1, {"type": "NewIndex", "index_id": 0}) + answer(2, {}) + last)
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    with stream.open("rb") as opened:
        answers = search.Answers(opened, done)
        answers.wait_for(3)
        tracemalloc.start()
        payload = answers.payload(3)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert payload["files"][0]["content"] == content
    assert peak < 1.7 * len(last)
    stream.write_bytes(answer(1, {"type": "NewIndex", "index_id": 0}) + answer(3, {}))
    with stream.open("rb") as opened:
        answers = search.Answers(opened, done)
        answers.wait_for(2)
        with pytest.raises(search.ServiceError, match="answer 3 came where 2 was due"):
            answers.payload(2)
    stream.write_bytes(answer(1, {"type": "Error", "message": "no such index"}))
    with stream.open("rb") as opened:
        answers = search.Answers(opened, done)
        answers.wait_for(1)
        with pytest.raises(search.ServiceError, match="no such index"):
            answers.payload(1)
