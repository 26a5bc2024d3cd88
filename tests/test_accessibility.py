"""Accessibility in a real browser: axe-core (bundled with axe-playwright-python) in Debian's Chromium finds no
serious or critical violation on the home, an article, an actor (with its ego network), date and network pages, in
the light and dark palettes, on a site built from real corpus articles; the nodes of an ego network are links a
reader can follow by mouse and by keyboard."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright import sync_api

from conftest import local_only, material_ready, needs_corpus

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("a11y") / "archive"
    subprocess.run(
        [sys.executable, "-m", "generator", "new", str(project)], check=True, capture_output=True
    )
    for example in (project / "seeds").iterdir():
        example.unlink()
    seeds = [SEED]
    if CORPUS.is_dir():
        seeds += sorted((CORPUS / "2019").glob("2019-03-*.md"))[:6]
    for path in seeds:
        shutil.copy(path, project / "seeds" / path.name)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


def pages_to_check(site: Path) -> list[str]:
    article = next((site / "articles" / "2022" / "02" / "03").glob("*/index.html")).parent
    return [
        "",
        article.relative_to(site).as_posix() + "/",
        "actors/vladimir-putin/",
        "actors/",
        "dates/",
        "dates/2022/",
        "dates/2022/02/",
        "dates/2022/02/03/",
        "network/",
        "network/2022/",
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_axe_violations(browser, server, site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    context.route("**/*", local_only)
    page = context.new_page()
    found = []
    try:
        for path in pages_to_check(site):
            page.goto(server + path)
            material_ready(page)  # checked as a reader gets it, with Material's components in place
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    found.append(f"/{path}: {violation['id']} ({violation['impact']}) at {targets}")
    finally:
        context.close()
    assert not found, "\n".join(found)


def test_pages_fit_a_phone_screen(browser, server, site):
    """No horizontal scrolling at 360 px: the tables, calendar and timeline shrink or scroll inside the page."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    context.route("**/*", local_only)
    page = context.new_page()
    try:
        for path in pages_to_check(site):
            page.goto(server + path)
            material_ready(page)  # measured once Material has wrapped the tables it lets scroll
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"/{path} is {overflow}px wider than a phone screen"
    finally:
        context.close()


@needs_corpus  # the seed article alone names no actor in two articles
def test_a_node_of_an_ego_network_leads_to_its_actor_by_mouse_and_by_keyboard(
    browser, server, site
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", local_only)
    page = context.new_page()
    named_in = {
        e["slug"]: len(e["articles"])
        for e in json.loads((site / "api" / "entities.json").read_text("utf-8"))
    }
    # The actor named in the most articles: one named in a single article has no drawing.
    start = server + "actors/" + max(named_in, key=lambda slug: (named_in[slug], slug)) + "/"
    try:
        for index, press in ((0, False), (1, True)):
            page.goto(start)
            material_ready(page)
            node = page.locator("figure.annals-network svg a").nth(index)
            title = node.locator("title").text_content()
            name = title.rsplit(" (", 1)[0]  # "Name (Type): N articles with <the actor>"
            target = server + "actors/" + node.get_attribute("xlink:href").removeprefix("../")
            if press:
                node.focus()
                page.keyboard.press("Enter")
            else:
                node.click()
            page.wait_for_url(target)
            sync_api.expect(page.locator("article h1").first).to_have_text(name)
            # An actor of one article has its list of companions but no drawing (it would add nothing).
            if named_in[target.rstrip("/").rsplit("/", 1)[1]] > 1:
                assert (
                    page.locator("figure.annals-network svg title").first.text_content()
                    == f"Network of {name}"
                )
            else:
                assert page.locator("figure.annals-network").count() == 0
    finally:
        context.close()
