"""End to end: build real archives in a temporary folder, through the CLI and through `mkdocs build`, and read
the HTML and JSON that come out as a reader or a script would."""

from __future__ import annotations

import html.parser
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"
CORPUS = SHARED / "corpus" / "wikinews"


needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"shared corpus not found at {CORPUS} (expected ../shared beside the repo)",
)


def run_annals(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


class LinkCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "href" in attributes:
            self.links.append((attributes["href"], attributes))


def links_in(page: Path) -> list[tuple[str, dict]]:
    collector = LinkCollector()
    collector.feed(page.read_text("utf-8"))
    return collector.links


def target_of(site: Path, page: Path, href: str) -> Path:
    """The file a relative link on `page` points to, as a static server would resolve it."""
    page_url = "/" + page.relative_to(site).as_posix()
    path = urlparse(urljoin(page_url, href)).path
    target = site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def mention_links(page: Path) -> list[tuple[str, dict]]:
    return [(href, a) for href, a in links_in(page) if "annals-mention" in a.get("class", "")]


def make_project(root: Path, seeds: list[Path]) -> Path:
    assert run_annals("new", str(root), cwd=root.parent).returncode == 0
    for example in (root / "seeds").iterdir():
        example.unlink()
    for seed in seeds:
        shutil.copy(seed, root / "seeds" / seed.name)
    return root


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    """The seed archive built through the CLI with an empty entities.yml."""
    project = make_project(tmp_path_factory.mktemp("seed") / "archive", [SEED])
    result = run_annals("build", "--site-dir", "site", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def seed_article_page(site: Path) -> Path:
    pages = list((site / "articles" / "2022" / "02" / "03").glob("*/index.html"))
    assert len(pages) == 1
    return pages[0]


def test_seed_article_page_links_every_mention_to_an_existing_actor_page(seed_site):
    page = seed_article_page(seed_site)
    text = page.read_text("utf-8")
    assert "Stoltenberg" in text and "High-stakes talks" in text
    links = mention_links(page)
    assert len(links) > 50
    for href, _ in links:
        assert target_of(seed_site, page, href).is_file(), href


def test_putin_link_opens_his_page_which_links_back_with_the_sentence(seed_site):
    page = seed_article_page(seed_site)
    putin_links = [
        href
        for href, a in mention_links(page)
        if href.rstrip("/").endswith("actors/vladimir-putin")
    ]
    # 'Vladimir Putin' and the later bare 'Putin' both lead to the one page.
    assert len(putin_links) >= 2
    actor_page = target_of(seed_site, page, putin_links[0])
    assert actor_page == seed_site / "actors" / "vladimir-putin" / "index.html"
    actor_html = actor_page.read_text("utf-8")
    assert "<h1>Vladimir Putin</h1>" in actor_html
    back = [
        href for href, _ in links_in(actor_page) if target_of(seed_site, actor_page, href) == page
    ]
    assert back, "the actor page must link to the article"
    # Each mark says on hover how the mention was attached: the full name by the model, the surname by the rule.
    assert (
        'spoke with Russian President <mark title="found by the model, 0.9">Vladimir Putin</mark> by telephone'
        in actor_html
    )
    assert (
        'special relationship with <mark title="joined as a surname, 0.9">Putin</mark>'
        in actor_html
    )


def test_day_month_year_pages_walk_to_the_article(seed_site):
    article = seed_article_page(seed_site)
    for page in (
        "dates/index.html",
        "dates/2022/index.html",
        "dates/2022/02/index.html",
        "dates/2022/02/03/index.html",
    ):
        assert (seed_site / page).is_file(), page
    chain = [seed_site / "dates/index.html"]
    for expected in (
        "dates/2022/index.html",
        "dates/2022/02/index.html",
        "dates/2022/02/03/index.html",
    ):
        targets = {target_of(seed_site, chain[-1], href) for href, _ in links_in(chain[-1])}
        assert seed_site / expected in targets, expected
        chain.append(seed_site / expected)
    day_targets = {target_of(seed_site, chain[-1], href) for href, _ in links_in(chain[-1])}
    assert article in day_targets


def test_search_index_holds_the_article_text(seed_site):
    index = json.loads((seed_site / "search" / "search_index.json").read_text("utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "Jens Stoltenberg" in texts
    assert "tragic miscalculation" in texts


def test_exports_follow_the_design(seed_site):
    entities = json.loads((seed_site / "api" / "entities.json").read_text("utf-8"))
    articles = json.loads((seed_site / "api" / "articles.json").read_text("utf-8"))
    assert [e["slug"] for e in entities] == sorted(e["slug"] for e in entities)
    assert all(
        set(e)
        == {"slug", "name", "type", "aliases", "mentions", "articles", "provenance", "confidence"}
        for e in entities
    )
    assert all(sum(e["provenance"].values()) == e["mentions"] for e in entities)
    assert all(
        e["type"] in {"person", "organization", "place", "group", "event", "other"}
        for e in entities
    )
    putin = next(e for e in entities if e["slug"] == "vladimir-putin")
    assert putin["type"] == "person" and "Putin" in putin["aliases"] and putin["mentions"] >= 2
    (article,) = articles
    assert set(article) == {"slug", "title", "date", "source", "url", "path", "entities"}
    assert article["date"] == "2022-02-03" and "vladimir-putin" in article["entities"]
    assert putin["articles"] == [article["slug"]]
    assert (seed_site / article["path"] / "index.html").is_file()
    # Numbers, dates and money never become actors.
    assert not any(
        e["name"].lower() in {"wednesday", "thursday", "1997", "3,000", "feb. 3"} for e in entities
    )


def test_actor_index_and_home_list_actors_with_counts(seed_site):
    index = (seed_site / "actors" / "index.html").read_text("utf-8")
    assert "People" in index and "Places" in index and "Organisations" in index
    home = (seed_site / "index.html").read_text("utf-8")
    assert "1 article from" in home and "3 February 2022" in home
    assert 'href="actors/vladimir-putin/"' in home or 'href="actors/russia/"' in home


def test_navigation_lists_index_pages_only(seed_site):
    home = (seed_site / "index.html").read_text("utf-8")
    nav = home[home.find('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.find("</nav>")]
    assert "Dates" in nav and "Actors" in nav
    assert "vladimir-putin" not in nav and "articles/" not in nav


def test_mkdocs_build_in_a_copy_of_the_repo(tmp_path):
    """Plain `mkdocs build` in the repository layout runs the whole pipeline through the plugin."""
    for name in ("mkdocs.yml", "docs", "seeds", "site_overrides"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out"
    assert (site / "actors" / "vladimir-putin" / "index.html").is_file()
    assert "Seed archive" in (site / "index.html").read_text("utf-8")
    assert (site / "assets" / "annals" / "annals.css").is_file()


@needs_corpus
def test_new_project_builds_with_a_dropped_in_article_and_rejects_bad_files(tmp_path):
    project = tmp_path / "newsroom"
    assert run_annals("new", str(project), cwd=tmp_path).returncode == 0
    for name in ("mkdocs.yml", "entities.yml", "docs/index.md"):
        assert (project / name).is_file(), name
    example = next((project / "seeds").iterdir())
    article = sorted((CORPUS / "2019").glob("*.md"))[0]
    shutil.copy(article, project / "seeds" / article.name)
    bad = project / "seeds" / "no date.txt"
    bad.write_text("Just some text without a date line.\n", "utf-8")
    before = bad.read_bytes()

    result = run_annals("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "no date.txt" in result.stderr and "date" in result.stderr
    site = project / "site"
    articles = json.loads((site / "api" / "articles.json").read_text("utf-8"))
    assert len(articles) == 2
    assert any(a["title"].startswith("Magnitogorsk apartment building collapses") for a in articles)
    assert example.is_file() and bad.read_bytes() == before

    strict = run_annals("build", "--strict", cwd=project)
    assert strict.returncode == 1
    assert "no date.txt" in strict.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run_annals("build", "--no-such-flag", cwd=tmp_path).returncode == 2
    assert run_annals("build", cwd=tmp_path).returncode == 2  # no mkdocs.yml here
    assert run_annals(cwd=tmp_path).returncode == 2


@needs_corpus
def test_cli_overrides_seeds_and_entities(tmp_path):
    project = make_project(tmp_path / "p", [SEED])
    other = tmp_path / "other-seeds"
    other.mkdir()
    shutil.copy(sorted((CORPUS / "2020").glob("*.txt"))[0], other / "a.txt")
    entities = tmp_path / "editorial.yml"
    entities.write_text("actors:\n  - name: Samoa\n    description: An island nation.\n", "utf-8")
    result = run_annals("build", "--seeds", str(other), "--entities", str(entities), cwd=project)
    assert result.returncode == 0, result.stderr
    articles = json.loads((project / "site" / "api" / "articles.json").read_text("utf-8"))
    assert [a["date"] for a in articles] == ["2020-01-01"]
    assert "An island nation." in (project / "site" / "actors" / "samoa" / "index.html").read_text(
        "utf-8"
    )
