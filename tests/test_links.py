"""Every internal link of a built site resolves: the seed archive and a corpus archive, built through the CLI with
`--strict`, are checked two ways.

- LinkChecker (a real link checker, `linkchecker` on PyPI) crawls each site from its home page through a local
  static server that behaves like GitHub Pages: a folder URL serves its index.html or is a 404 (no directory
  listings), so a link to a folder without a page is caught; anchors are checked too (its AnchorCheck plugin).
  A page of deliberately broken links is crawled alongside, so a checker that silently checks nothing fails.
- A resolver of our own reads every href and src of every HTML file as a browser would resolve it against the
  page's URL, and checks the target file and the #fragment's id exist and that no page but the 404 page links
  from the root (which would break the site under a project subpath); plus the links only scripts follow: the
  search index's locations and the exports' page paths.
"""

from __future__ import annotations

import csv
import functools
import html.parser
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "wikinews"
# A few dozen real articles, both seed formats: Markdown with front matter (2019) and plain text (2020).
CORPUS_ARTICLES = 14


def run_annals(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env=env
    )


def build_project(root: Path, seeds: list[Path]) -> Path:
    """A project made by `annals new` holding `seeds`, built with --strict; returns the site folder."""
    created = run_annals("new", str(root), cwd=root.parent)
    assert created.returncode == 0, created.stderr
    for example in (root / "seeds").iterdir():
        example.unlink()
    for seed in seeds:
        shutil.copy(seed, root / "seeds" / seed.name)
    result = run_annals("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    seeds = sorted(
        p for p in (REPO / "seeds").iterdir() if p.is_file() and not p.name.startswith(".")
    )
    assert seeds, "the repository's seeds/ folder is empty"
    return build_project(tmp_path_factory.mktemp("links-seed") / "archive", seeds)


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found: {CORPUS} (expected ../shared next to the repo)")
    seeds = (
        sorted((CORPUS / "2019").glob("*.md"))[:CORPUS_ARTICLES]
        + sorted((CORPUS / "2020").glob("*.txt"))[:CORPUS_ARTICLES]
    )
    return build_project(tmp_path_factory.mktemp("links-corpus") / "archive", seeds)


# --- a static server like GitHub Pages ---------------------------------------------------------------------------


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Files as they are; a folder only through its index.html (never a listing); quiet."""

    def list_directory(self, path):
        self.send_error(404, "No index.html in this folder")
        return None

    def end_headers(self):
        # LinkChecker paces itself to 10 requests a second unless the server opts in to more with this header.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format, *args):
        pass


@functools.cache
def linkchecker_available() -> bool:
    try:
        import linkcheck  # noqa: F401
    except ImportError:
        return False
    return True


class Server:
    """A loopback HTTP server for one folder, in a thread, for the duration of a `with` block."""

    def __init__(self, directory: Path):
        handler = functools.partial(StaticHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


# LinkChecker drops root privileges to 'nobody' by itself; that is pointless for a loopback crawl and would stop
# it writing its output, so as root the test runs its entry point without that step.
LINKCHECKER = """
import os, sys
import linkcheck.command.linkchecker as command
if os.geteuid() == 0:
    command.drop_privileges = lambda: None
sys.exit(command.linkchecker())
"""


def linkcheck(urls: list[str], workdir: Path) -> list[dict]:
    """Every URL LinkChecker checked (internal ones, recursively from `urls`), as CSV rows."""
    config = workdir / "linkcheckerrc"
    config.write_text(
        "[checking]\nthreads=4\nmaxrequestspersecond=1000\n[filtering]\ncheckextern=0\n[AnchorCheck]\n",
        "utf-8",
    )
    env = {
        **os.environ,
        "HOME": str(workdir),
    }  # its cookie and failure files stay out of the real home
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            LINKCHECKER,
            "--no-status",
            "--verbose",
            "-f",
            str(config),
            "-o",
            "csv",
            "-r",
            "-1",
            *urls,
        ],
        capture_output=True,
        text=True,
        cwd=workdir,
        env=env,
    )
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    assert lines and lines[0].startswith("urlname;"), (
        f"LinkChecker gave no report:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    )
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert result.returncode in (0, 1), result.stderr[
        -2000:
    ]  # 1: some link is broken; anything else: it failed
    return rows


def broken(rows: list[dict]) -> list[str]:
    """Invalid URLs and warnings (a missing anchor is a warning in LinkChecker)."""
    return sorted(
        {
            f"{row['url']} (on {row['parentname']}): {row['result']} {row['warningstring']}".strip()
            for row in rows
            if row["valid"] != "True" or row["warningstring"]
        }
    )


BROKEN_PAGE = """<!doctype html><html><head><title>broken</title></head><body>
<a href="../actors/no-such-actor/">missing page</a>
<a href="../assets/">a folder without a page</a>
<a href="../actors/#no-such-anchor">missing anchor</a>
</body></html>
"""


@pytest.mark.skipif(
    not linkchecker_available(),
    reason="linkchecker is not installed (pip install linkchecker; it is in the 'test' extra)",
)
def test_linkchecker_finds_no_broken_link_in_the_seed_site_and_catches_planted_ones(
    seed_site, tmp_path
):
    site = tmp_path / "site"
    shutil.copytree(seed_site, site)
    (site / "zz-broken").mkdir()
    (site / "zz-broken" / "index.html").write_text(BROKEN_PAGE, "utf-8")
    with Server(site) as base:
        rows = linkcheck([base, base + "zz-broken/"], tmp_path)
    checked = {row["url"] for row in rows}
    assert len(checked) > 50, "LinkChecker checked almost nothing"
    assert any("/actors/vladimir-putin/" in url for url in checked)
    planted = [line for line in broken(rows) if "zz-broken" in line]
    real = [line for line in broken(rows) if "zz-broken" not in line]
    assert real == [], "broken links in the seed site:\n" + "\n".join(real)
    assert len(planted) == 3, "LinkChecker missed a planted broken link:\n" + "\n".join(planted)


@pytest.mark.skipif(
    not linkchecker_available(),
    reason="linkchecker is not installed (pip install linkchecker; it is in the 'test' extra)",
)
def test_linkchecker_finds_no_broken_link_in_a_corpus_site(corpus_site, tmp_path):
    with Server(corpus_site) as base:
        rows = linkcheck([base], tmp_path)
    checked = {urlparse(row["url"]).path for row in rows}
    # Every page but the redirects (old actor URLs, linked from nowhere on purpose) is reached from the home page.
    pages = {
        "/" + p.parent.relative_to(corpus_site).as_posix().strip(".")
        for p in corpus_site.rglob("index.html")
        if 'http-equiv="refresh"' not in p.read_text("utf-8")
    }
    pages = {p if p == "/" else p + "/" for p in pages}
    assert len(pages) > 100
    assert pages - checked == set(), f"{len(pages - checked)} pages no link leads to"
    assert broken(rows) == [], "broken links in the corpus site:\n" + "\n".join(broken(rows))


# --- our own resolver ----------------------------------------------------------------------------------------------


class Links(html.parser.HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.base: str | None = None
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            if name in ("href", "src") and not (tag == "base"):
                self.links.append((tag, name, value))
        if tag == "base":
            self.base = dict(attrs).get("href")


@functools.cache
def parsed(path: Path) -> Links:
    return Links(path.read_text("utf-8"))


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link on `page` reaches on a static server; None for external links."""
    target = urlparse(href)
    if target.scheme or target.netloc or href.startswith("//"):
        return None
    page_url = "/" + page.relative_to(site).as_posix()
    joined = urlparse(urljoin(page_url, href))
    path = unquote(joined.path)
    assert not path.startswith("/.."), f"{page}: {href!r} climbs out of the site"
    file = site / path.lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, unquote(joined.fragment)


def check_site(site: Path) -> tuple[int, list[str]]:
    problems, count = [], 0
    for page in sorted(site.rglob("*.html")):
        for tag, attribute, href in parsed(page).links:
            if tag == "link" and attribute == "href" and href.startswith(("http://", "https://")):
                continue
            reached = resolve(site, page, href)
            if reached is None:
                continue
            count += 1
            file, fragment = reached
            where = f"{page.relative_to(site)}: <{tag} {attribute}={href!r}>"
            if href.startswith("/") and page != site / "404.html":
                # The 404 page is served at any address, so only it may link from the root; anywhere else a
                # root-relative link breaks the site under a GitHub Pages project subpath.
                problems.append(f"{where} is root-relative")
            if not file.is_file():
                problems.append(f"{where} → missing {file.relative_to(site)}")
            elif fragment and file.suffix == ".html" and fragment not in parsed(file).ids:
                problems.append(f"{where} → no id {fragment!r} in {file.relative_to(site)}")
    return count, problems


@pytest.mark.parametrize("which", ["seed_site", "corpus_site"])
def test_every_href_and_src_resolves_to_a_file_and_every_fragment_to_an_id(which, request):
    site = request.getfixturevalue(which)
    count, problems = check_site(site)
    assert count > 200, f"only {count} internal links found"
    assert problems == [], "\n".join(problems[:50])


@pytest.mark.parametrize("which", ["seed_site", "corpus_site"])
def test_search_index_and_exports_point_at_real_pages(which, request):
    site = request.getfixturevalue(which)
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    root = site / "index.html"
    for doc in index["docs"]:
        file, fragment = resolve(site, root, doc["location"] or "./")
        assert file.is_file(), doc["location"]
        if fragment:
            assert fragment in parsed(file).ids, doc["location"]
    articles = json.loads((site / "api" / "articles.json").read_text("utf-8"))
    entities = json.loads((site / "api" / "entities.json").read_text("utf-8"))
    slugs = {a["slug"] for a in articles}
    assert articles and entities
    for article in articles:
        assert (site / article["path"] / "index.html").is_file(), article["path"]
        assert set(article["entities"]) <= {e["slug"] for e in entities}
    for entity in entities:
        assert (site / "actors" / entity["slug"] / "index.html").is_file(), entity["slug"]
        assert set(entity["articles"]) <= slugs


def test_the_resolver_sees_broken_links(seed_site, tmp_path):
    """The resolver itself must fail on a missing page, a folder without index.html and a missing anchor."""
    site = tmp_path / "site"
    shutil.copytree(seed_site, site)
    (site / "zz-broken").mkdir()
    (site / "zz-broken" / "index.html").write_text(BROKEN_PAGE, "utf-8")
    parsed.cache_clear()
    _, problems = check_site(site)
    assert len(problems) == 3 and all(p.startswith("zz-broken") for p in problems), problems
