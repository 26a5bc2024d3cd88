"""A reader in a real browser: Debian's Chromium, driven by Playwright, on the seed archive built by `annals build` and
served over HTTP on 127.0.0.1. Search, inline mention links and the date index are clicked as a person would, and
the article is read again with JavaScript off.

Chromium comes from the system (`/usr/bin/chromium`), never from `playwright install`: when it is missing and we are
root with apt-get, the session installs Debian's package; where that cannot be done the tests skip and say why.
The browser reaches nothing but the local server (other host names do not resolve and other requests are aborted),
so the theme's web fonts are simply not loaded.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright import (
    sync_api,  # a test dependency (pip install -e '.[test]'): missing, it fails loudly, not skips
)

from conftest import CORPUS, material_ready, needs_corpus, open_page, set_site_url

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"
ARTICLE_TITLE = "High-stakes talks between Russia and the West"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The seed archive in a project made by `annals new`, built by `annals build`."""
    project = tmp_path_factory.mktemp("browser") / "archive"
    run = functools.partial(subprocess.run, capture_output=True, text=True, timeout=600)
    result = run([sys.executable, "-m", "generator", "new", str(project)])
    assert result.returncode == 0, result.stderr
    for example in (project / "seeds").iterdir():
        example.unlink()
    shutil.copy(SEED, project / "seeds" / SEED.name)
    result = run([sys.executable, "-m", "generator", "build", "--site-dir", "site"], cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture
def reader(browser, server):
    """A fresh browser tab (JavaScript on) for each test."""
    contexts = []

    def open_at(path: str = "", javascript: bool = True):
        context, page = open_page(browser, server + path, javascript)
        contexts.append(context)
        return page

    yield open_at
    for context in contexts:
        context.close()


def article_path(site: Path) -> str:
    [page] = (site / "articles" / "2022" / "02" / "03").glob("*/index.html")
    return page.parent.relative_to(site).as_posix() + "/"


def test_search_for_stoltenberg_finds_the_seed_article(reader):
    page = reader("")
    search = page.locator("input.md-search__input")
    search.click()
    sync_api.expect(search).to_be_focused()
    # Material says so once its search worker has built the index; typed earlier, a query would wait on the worker.
    sync_api.expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    search.press_sequentially("Stoltenberg")
    # The article is among the results (his actor page and pages quoting the same sentence are the others).
    hit = page.locator(".md-search-result__item", has_text=ARTICLE_TITLE)
    sync_api.expect(hit).to_have_count(1)
    sync_api.expect(
        page.locator(".md-search-result__item", has_text="Jens Stoltenberg").first
    ).to_be_visible()
    # The result shows the match highlighted, and leads to the article.
    sync_api.expect(hit.locator("mark", has_text="Stoltenberg").first).to_be_visible()
    hit.locator("a").first.click()
    page.wait_for_url(re.compile(r"/articles/2022/02/03/[^/]+/"))
    sync_api.expect(page.locator("article.annals-article h1")).to_contain_text(ARTICLE_TITLE)


def test_clicking_an_inline_putin_mention_opens_his_actor_page(reader, site):
    page = reader(article_path(site))
    body = page.locator("article.annals-article")
    mention = body.locator("a.annals-mention", has_text=re.compile(r"^Putin$"))
    sync_api.expect(mention).to_have_count(1)
    sync_api.expect(mention).to_have_class(re.compile(r"\bannals-person\b"))
    mention.click()
    page.wait_for_url(re.compile(r"/actors/vladimir-putin/$"))
    sync_api.expect(page.locator(".annals-actor h1")).to_have_text("Vladimir Putin")
    sync_api.expect(page.locator(".annals-context mark", has_text="Putin").first).to_be_visible()


def test_date_index_leads_from_the_year_to_the_article_by_clicking(reader, site):
    page = reader("dates/")
    steps = [
        ("2022", r"/dates/2022/$"),
        ("February", r"/dates/2022/02/$"),
        ("3 February 2022", r"/dates/2022/02/03/$"),
    ]
    for label, url in steps:
        page.locator(".annals-dates a", has_text=re.compile(rf"^{re.escape(label)}$")).click()
        page.wait_for_url(re.compile(url))
    page.locator(".annals-day-articles a", has_text=ARTICLE_TITLE).click()
    page.wait_for_url(re.compile(re.escape(article_path(site)) + "$"))
    sync_api.expect(page.locator("article.annals-article h1")).to_contain_text(ARTICLE_TITLE)


def test_article_is_readable_and_navigable_without_javascript(reader, site):
    page = reader(article_path(site), javascript=False)
    article = page.locator("article.annals-article")
    sync_api.expect(article.locator("h1")).to_contain_text(ARTICLE_TITLE)
    sync_api.expect(article).to_contain_text("NATO Secretary General Jens Stoltenberg detailed")
    sync_api.expect(
        article.locator("h2", has_text="Feb. 3: What you need to know today")
    ).to_be_visible()
    assert article.locator("a.annals-mention").count() >= 30
    sync_api.expect(
        page.locator(".annals-article-actors a", has_text="Vladimir Putin")
    ).to_be_visible()
    # Links work as plain links: follow one to the actor page and the byline's date to the day page.
    article.locator("a.annals-mention", has_text=re.compile(r"^Putin$")).click()
    page.wait_for_url(re.compile(r"/actors/vladimir-putin/$"))
    sync_api.expect(page.locator(".annals-actor h1")).to_have_text("Vladimir Putin")
    page.go_back()
    page.locator(".annals-byline a").first.click()
    page.wait_for_url(re.compile(r"/dates/2022/02/03/$"))
    sync_api.expect(page.locator(".annals-day-articles")).to_contain_text(ARTICLE_TITLE)


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory, browser):
    """The seed archive with `site_url` set to where it is served, as on GitHub Pages or under `mkdocs serve`:
    Material's instant previews only follow links listed in the sitemap, which needs site_url."""
    from conftest import serve_site

    project = tmp_path_factory.mktemp("preview") / "archive"
    run = functools.partial(subprocess.run, capture_output=True, text=True, timeout=600)
    assert run([sys.executable, "-m", "generator", "new", str(project)]).returncode == 0
    for example in (project / "seeds").iterdir():
        example.unlink()
    shutil.copy(SEED, project / "seeds" / SEED.name)
    # An article of the corpus naming Putin too: an actor named in one article has no ego network to follow.
    magnitogorsk = (
        CORPUS
        / "2019"
        / "2019-01-04-magnitogorsk-apartment-building-collapses-after-explosion-dozens-dead.md"
    )
    if magnitogorsk.exists():
        shutil.copy(magnitogorsk, project / "seeds" / magnitogorsk.name)
    (project / "site").mkdir()
    url, stop = serve_site(project / "site")
    config = project / "mkdocs.yml"
    set_site_url(config, url)
    result = run([sys.executable, "-m", "generator", "build", "--site-dir", "site"], cwd=project)
    assert result.returncode == 0, result.stderr
    yield url, project / "site"
    stop()


@needs_corpus  # the seed article alone names no actor in two articles
def test_an_ego_network_node_leads_on_under_instant_navigation(browser, preview_site):
    """With site_url set, Material's instant navigation loads the actor page in place and rewrites its links: the
    page's network must not stop Material's scripts, and its nodes still lead to their actors."""
    url, site = preview_site
    context, page = open_page(browser, url + article_path(site))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        material_ready(page)
        page.locator(
            "article.annals-article a.annals-mention", has_text=re.compile(r"^Vladimir Putin$")
        ).first.click()
        page.wait_for_url(url + "actors/vladimir-putin/")
        sync_api.expect(page.locator("article h1").first).to_have_text("Vladimir Putin")
        node = page.locator("figure.annals-network svg a").first
        name = node.locator("title").text_content().rsplit(" (", 1)[0]
        target = url + "actors/" + node.get_attribute("xlink:href").removeprefix("../")
        node.click()
        page.wait_for_url(target)
        sync_api.expect(page.locator("article h1").first).to_have_text(name)
        assert errors == []
    finally:
        context.close()


def test_hovering_a_mention_previews_the_actor_page(browser, preview_site):
    url, site = preview_site
    context, page = open_page(browser, url + article_path(site))
    try:
        mention = page.locator(
            "article.annals-article a.annals-mention", has_text=re.compile(r"^Vladimir Putin$")
        )
        # Material drops a link's title when it mounts its preview there: hovered earlier, nothing would listen.
        sync_api.expect(
            page.locator("article.annals-article a.annals-mention[title]")
        ).to_have_count(0)
        mention.hover()
        preview = page.locator(".md-tooltip2--active")
        sync_api.expect(preview).to_be_visible()
        sync_api.expect(preview).to_contain_text("Vladimir Putin")
        sync_api.expect(preview).to_contain_text("Person")
        putin = next(
            e
            for e in json.loads((site / "api" / "entities.json").read_text("utf-8"))
            if e["slug"] == "vladimir-putin"
        )
        count = len(putin["articles"])
        sync_api.expect(preview).to_contain_text(
            f"{putin['mentions']} in {count} article{'' if count == 1 else 's'}"
        )
    finally:
        context.close()
