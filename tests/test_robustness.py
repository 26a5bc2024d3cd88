"""Trustworthy with any input, any config and any interruption, end to end through the `annals` CLI.

- Broken files (no date, impossible date, no text, latin-1, binary, a duplicate, odd file names) are each built
  or named in a warning with the reason; every other article is built; --strict fails; inputs never change.
- Bad config (entities.yml, plugin options) fails with the file, the line and the fix, exit 1, and leaves the
  previous site exactly as it was.
- A build killed with SIGKILL at different moments leaves the previous site and the cache usable, and the next
  build gives the same bytes as a clean build; removing articles removes every trace of them; the same input in
  another order and with another PYTHONHASHSEED gives a byte-identical site.
- Limits: a 5 MB article and an article naming 2,000 actors build, and the child's peak RSS is measured; a
  500-character name gets a bounded slug; no file name, title or slug reaches outside the site.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "wikinews"
# Fixed build date: MkDocs writes it into sitemap.xml(.gz); with it, equal input must give equal bytes.
BUILD_ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "0"}


def corpus(year: str, pattern: str, count: int) -> list[Path]:
    files = sorted((CORPUS / year).glob(pattern))[:count]
    if len(files) < count:
        pytest.skip(f"shared corpus not found under {CORPUS} (expected ../shared next to the repo)")
    return files


def run_annals(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env or BUILD_ENV,
    )


def new_project(root: Path) -> Path:
    created = run_annals("new", str(root), cwd=root.parent)
    assert created.returncode == 0, created.stderr
    for example in (root / "seeds").iterdir():
        example.unlink()
    return root


def build(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    result = run_annals("build", *args, cwd=project, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification times (ns) of every file, to prove nothing was written."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differing(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))


def body_of(path: Path) -> str:
    """The article text of a corpus file, without its date line or front matter."""
    text = path.read_text("utf-8")
    if text.startswith("---"):
        return text.split("\n---\n", 1)[1]
    return re.sub(r"\A\s*date\s+\S+\s*", "", text)


# --- 2. broken files ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """A project whose seeds hold good articles under odd names and every kind of broken file."""
    good_md = corpus("2019", "*.md", 3)
    good_txt = corpus("2020", "*.txt", 3)
    project = new_project(tmp_path_factory.mktemp("messy") / "archive")
    seeds = project / "seeds"
    (seeds / "sub folder").mkdir()
    good = {
        "2020 01 01 samoa measles.txt": good_txt[0].read_bytes(),  # spaces
        "Łódź – café, Zürich.md": good_md[0].read_bytes(),  # non-ASCII
        "sub folder/%2e%2e%2f%2e%2e%2fetc.txt": good_txt[
            1
        ].read_bytes(),  # an encoded path traversal as a name
        os.fsdecode(b"caf\xe9 (a Latin-1 file name).md"): corpus("2019", "*.md", 4)[
            3
        ].read_bytes(),  # not UTF-8 bytes
        good_md[1].name: good_md[1].read_bytes(),
        "odd-title.md": (
            "---\ntitle: ../../../../etc/passwd\ndate: 2020-02-02\n---\n\n" + body_of(good_txt[2])
        ).encode("utf-8"),
        "dots-title.md": (
            "---\ntitle: '..'\ndate: 2019-01-20\n---\n\n" + body_of(good_md[2])
        ).encode("utf-8"),
    }
    broken = {
        "no-date.txt": (body_of(good_txt[2])[:2000].encode("utf-8"), r"missing 'date YYYY-MM-DD'"),
        "impossible-date.txt": (
            (" date 2019-02-30 " + body_of(good_txt[2])[:1500]).encode("utf-8"),
            r"2019-02-30.*does not exist",
        ),
        "bad-month.md": (
            (
                "---\ndate: 2019-13-01\ntitle: Thirteenth month\n---\n\n"
                + body_of(good_md[2])[:1500]
            ).encode("utf-8"),
            r"2019-13-01.*does not exist",
        ),
        "no-text.txt": (b" date 2020-01-03\n\n   \n\n", r"no article text"),
        "empty.txt": (b"", r"empty file"),
        "latin-1.txt": (
            (" date 2020-01-04 " + "José Gómez said the café in Málaga was closed.").encode(
                "latin-1"
            ),
            r"not valid UTF-8.*UTF-8",
        ),
        "scan.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, r"binary"),
        "broken-yaml.md": (
            b"---\ndate: 2020-01-05\ntitle: [unclosed\n---\n\nSome text.\n",
            r"front matter is not valid YAML",
        ),
        "zz-copy.md": (good_md[1].read_bytes(), r"same text as " + re.escape(good_md[1].name)),
    }
    for name, data in good.items():
        (seeds / name).write_bytes(data)
    for name, (data, _) in broken.items():
        (seeds / name).write_bytes(data)
    # A name starting with a dot is a hidden file, skipped like editors' leftovers (README: "hidden files are skipped").
    (seeds / "sub folder" / "..%2f..%2fetc.txt").write_bytes(good_md[2].read_bytes())
    from generator.read import parse_article

    hidden_title = parse_article(good_md[2].read_bytes(), good_md[2].name).title
    before = snapshot(seeds)
    outside_before = sorted(p.name for p in project.parent.iterdir())
    first = run_annals("build", cwd=project)
    site_after_first = digest(project / "site") if (project / "site").is_dir() else {}
    # One more good article, so a strict build that (wrongly) published its site would change it.
    shutil.copy(corpus("2020", "*.txt", 4)[3], seeds / "extra.txt")
    before = {**before, **{k: v for k, v in snapshot(seeds).items() if k == "extra.txt"}}
    strict = run_annals("build", "--strict", cwd=project)
    return {
        "project": project,
        "good": good,
        "broken": broken,
        "first": first,
        "strict": strict,
        "before": before,
        "site_after_first": site_after_first,
        "outside_before": outside_before,
        "hidden_title": hidden_title,
    }


def test_every_broken_file_is_named_in_a_warning_with_its_reason(messy):
    assert messy["first"].returncode == 0, messy["first"].stderr[-3000:]
    warnings = [line for line in messy["first"].stderr.splitlines() if line.startswith("WARNING")]
    for name, (_, reason) in messy["broken"].items():
        matching = [w for w in warnings if f"annals: {name}:" in w or f"annals: {name} " in w]
        assert len(matching) == 1, (
            f"{name}: expected one warning, got {matching}\n{messy['first'].stderr[-3000:]}"
        )
        assert re.search(reason, matching[0]), f"{name}: {matching[0]!r} does not say {reason!r}"
    # The line is given where one applies: the date line of the front matter, line 1 of a seed file.
    assert any("bad-month.md:2:" in w for w in warnings)
    assert any("no-date.txt:1:" in w for w in warnings)
    assert len(warnings) == len(messy["broken"]), "\n".join(warnings)


def test_every_good_article_is_built_whatever_its_file_name(messy):
    site = messy["project"] / "site"
    articles = json.loads((site / "api" / "articles.json").read_text("utf-8"))
    assert len(articles) == len(messy["good"])
    for article in articles:
        assert (site / article["path"] / "index.html").is_file(), article
        assert re.fullmatch(
            r"articles/\d{4}/\d{2}/\d{2}/[a-z0-9]+(-[a-z0-9]+)*/", article["path"]
        ), article["path"]
    titles = {a["title"] for a in articles}
    assert "../../../../etc/passwd" in titles and ".." in titles
    by_title = {a["title"]: a for a in articles}
    assert by_title["../../../../etc/passwd"]["slug"] == "etc-passwd"
    assert by_title[".."]["slug"] == "untitled"
    samoa = next(a for a in articles if a["date"] == "2020-01-01")
    assert "samoa" in samoa["entities"]


def test_strict_fails_and_keeps_the_last_good_site(messy):
    assert messy["strict"].returncode == 1
    assert "strict" in messy["strict"].stderr
    for name in messy["broken"]:
        assert name in messy["strict"].stderr
    assert digest(messy["project"] / "site") == messy["site_after_first"]


def test_inputs_are_never_modified(messy):
    assert snapshot(messy["project"] / "seeds") == messy["before"]


def staging_left(project) -> list[str]:
    """The folders a build makes beside the site while it builds and swaps it in, if any was left behind (not the
    previous site set aside for the next build to delete)."""
    return sorted(
        p.name
        for p in project.iterdir()
        if p.name.startswith(".site") and p.name != ".site.annals-discarded"
    )


def test_nothing_is_written_outside_the_project(messy):
    project = messy["project"]
    assert sorted(p.name for p in project.parent.iterdir()) == messy["outside_before"]
    assert [p for p in project.parent.rglob("*") if p.name in ("passwd", "etc", "etc.txt")] == []
    # The hidden file is not built, and is not what the 'etc-passwd' page holds.
    articles = json.loads((project / "site" / "api" / "articles.json").read_text("utf-8"))
    assert messy["hidden_title"] not in {a["title"] for a in articles}
    assert staging_left(project) == [], "a staging folder was left behind"
    for path in (project / "site").rglob("*"):
        assert path.resolve().is_relative_to((project / "site").resolve()), path


# --- 3. bad config ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_example(tmp_path_factory):
    """The project `annals new` makes, with its example article, built once."""
    project = tmp_path_factory.mktemp("config") / "archive"
    assert run_annals("new", str(project), cwd=project.parent).returncode == 0
    build(project)
    return project


BAD_ENTITIES = {
    "bad indentation": ("actors:\n  - name: Vladimir Putin\n   type: person\n", "entities.yml:3"),
    "unknown type": ("actors:\n  - name: Vladimir Putin\n    type: persn\n", "entities.yml:2"),
    "slug with ../": ("actors:\n  - name: Nancy Pelosi\n    slug: ../../etc\n", "entities.yml:2"),
}


@pytest.mark.parametrize("case", sorted(BAD_ENTITIES))
def test_bad_entities_fail_with_file_and_line_and_leave_the_site(built_example, case):
    text, where = BAD_ENTITIES[case]
    entities = built_example / "entities.yml"
    original = entities.read_bytes()
    site = digest(built_example / "site")
    entities.write_text(text, "utf-8")
    try:
        result = run_annals("build", cwd=built_example)
    finally:
        entities.write_bytes(original)
    assert result.returncode == 1, result.stderr
    assert where in result.stderr, result.stderr
    assert digest(built_example / "site") == site
    assert staging_left(built_example) == []
    if case == "slug with ../":
        assert "lowercase ASCII" in result.stderr and "'../../etc'" in result.stderr
    if case == "unknown type":
        assert "persn" in result.stderr and "person, organization" in result.stderr


def test_entities_syntax_error_says_how_to_fix_it(tmp_path):
    """PyYAML's own words ('expected <block end>, but found <block mapping start>') name no fix; ours must."""
    from generator.config import ConfigError, load_entities

    (tmp_path / "entities.yml").write_text(BAD_ENTITIES["bad indentation"][0], "utf-8")
    with pytest.raises(ConfigError) as error:
        load_entities(tmp_path / "entities.yml")
    assert error.value.line == 3
    assert "indent" in str(error.value)


def set_option(project: Path, old: str, new: str) -> bytes:
    config = project / "mkdocs.yml"
    original = config.read_bytes()
    text = original.decode("utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), "utf-8")
    return original


def line_of(project: Path, needle: str) -> int:
    lines = (project / "mkdocs.yml").read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize(
    "old, new, needle, expected",
    [
        (
            "seeds: seeds",
            "seeds: 5",
            "seeds: 5",
            ["option 'seeds'", "write it like 'seeds: seeds'"],
        ),
        (
            "model: en_core_web_sm",
            "modle: en_core_web_sm",
            "modle:",
            ["no option 'modle'", "did you mean 'model'"],
        ),
        (
            "cache_dir: .annals-cache",
            "cache_dir: .annals-cache\n      workers: two",
            "workers: two",
            ["option 'workers'", "write it like 'workers: 2'"],
        ),
    ],
    ids=["wrong type", "unknown option", "not a number"],
)
def test_bad_plugin_option_fails_with_file_line_and_fix_and_leaves_the_site(
    built_example, old, new, needle, expected
):
    site = digest(built_example / "site")
    original = set_option(built_example, old, new)
    try:
        line = line_of(built_example, needle)
        result = run_annals("build", cwd=built_example)
    finally:
        (built_example / "mkdocs.yml").write_bytes(original)
    assert result.returncode == 1, result.stderr
    assert f"mkdocs.yml:{line}:" in result.stderr, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert digest(built_example / "site") == site


def test_mkdocs_yml_syntax_error_names_the_line(built_example):
    site = digest(built_example / "site")
    original = set_option(built_example, "cache_dir: .annals-cache", "cache_dir: [.annals-cache")
    try:
        result = run_annals("build", cwd=built_example)
    finally:
        (built_example / "mkdocs.yml").write_bytes(original)
    assert result.returncode == 1
    assert re.search(r"mkdocs\.yml\", line \d+", result.stderr), result.stderr
    assert digest(built_example / "site") == site


def test_hidden_files_in_the_site_folder_survive_a_build(built_example):
    """MkDocs never deletes hidden entries of site_dir (a gh-pages checkout's .git, say); building beside the site
    and swapping it in must keep them too."""
    site = built_example / "site"
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", "utf-8")
    (site / ".nojekyll").write_bytes(b"")
    try:
        build(built_example)
        assert (site / ".git" / "HEAD").read_text("utf-8") == "ref: refs/heads/gh-pages\n"
        assert (site / ".nojekyll").is_file() and (site / "index.html").is_file()
        # Beside the site only the previous one, set aside for the next build to delete.
        assert [p.name for p in built_example.iterdir() if p.name.startswith(".site")] == [
            ".site.annals-discarded"
        ]
    finally:
        shutil.rmtree(site / ".git", ignore_errors=True)
        (site / ".nojekyll").unlink(missing_ok=True)


def test_bad_config_in_a_new_project_creates_no_site(tmp_path):
    project = tmp_path / "fresh"
    assert run_annals("new", str(project), cwd=tmp_path).returncode == 0
    (project / "entities.yml").write_text(BAD_ENTITIES["bad indentation"][0], "utf-8")
    result = run_annals("build", cwd=project)
    assert result.returncode == 1 and "entities.yml:3" in result.stderr
    assert sorted(p.name for p in project.iterdir() if "site" in p.name) == []


# --- 4. interrupted, shrinking and repeated builds -----------------------------------------------------------------


@pytest.fixture(scope="module")
def six():
    return corpus("2019", "*.md", 3) + corpus("2020", "*.txt", 3)


def copy_seeds(project: Path, files: list[Path]) -> None:
    for existing in (project / "seeds").iterdir():
        existing.unlink()
    for file in files:
        shutil.copy2(file, project / "seeds" / file.name)


def kill_build_at(project: Path, phase: str, seen_there) -> tuple[int, object]:
    """Start a build that stops at `phase` (ANNALS_TEST_PAUSE_AT, see generator/progress.py), take `seen_there()`
    while it waits there, then SIGKILL its whole process group: (exit status, what was seen). The build waits at
    the phase until killed, so the kill lands there every time; the bounded wait only keeps a build that never
    reaches the phase from hanging the test."""
    marker = project.parent / f"paused-at-{phase}"
    marker.unlink(missing_ok=True)
    env = {**BUILD_ENV, "ANNALS_TEST_PAUSE_AT": f"{phase}:{marker}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    seen = None
    try:
        for _ in range(6000):  # up to ten minutes
            if marker.exists():
                seen = seen_there()
                break
            try:
                process.wait(timeout=0.1)
                break  # ended without reaching the phase: its status says so
            except subprocess.TimeoutExpired:
                pass
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return process.returncode, seen


def cache_entries(project: Path) -> list[Path]:
    return sorted(
        p
        for p in (project / ".annals-cache" / "annotations").rglob("*.json")
        if not p.name.startswith(".")
    )


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory, six):
    """Build three articles; then, with six, kill two builds at different moments; then build to the end."""
    project = new_project(tmp_path_factory.mktemp("killed") / "archive")
    copy_seeds(project, six[:3])
    build(project)
    first = digest(project / "site")
    copy_seeds(project, six)
    cached = len(cache_entries(project))
    staging = project / ".site.annals-building"
    kills = {}
    # While spaCy annotates the new articles, the first of them just cached …
    kills["annotating"], kills["annotating cache"] = kill_build_at(
        project, "annotating", lambda: len(cache_entries(project))
    )
    kills["annotating site"] = digest(project / "site")
    # … and while MkDocs writes the new site: unchanged pages linked in, about to write the first page it renders.
    kills["writing"], kills["writing staging"] = kill_build_at(
        project, "writing", lambda: digest(staging)
    )
    kills["writing site"] = digest(project / "site")
    cache_after_kills = cache_entries(project)
    final = build(project)
    return {
        "project": project,
        "first": first,
        "cached": cached,
        "kills": kills,
        "cache": cache_after_kills,
        "final": final,
        "site": digest(project / "site"),
    }


@pytest.fixture(scope="module")
def clean_six(tmp_path_factory, six):
    """The same six articles built once in a fresh project."""
    project = new_project(tmp_path_factory.mktemp("clean") / "archive")
    copy_seeds(project, six)
    build(project)
    return digest(project / "site")


def test_a_killed_build_leaves_the_previous_site_as_it_was(interrupted):
    kills = interrupted["kills"]
    assert kills["annotating"] == -signal.SIGKILL, (
        "the build ended before it reached the annotating phase"
    )
    assert kills["writing"] == -signal.SIGKILL, (
        "the build ended before it reached the writing phase"
    )
    assert kills["annotating site"] == interrupted["first"]
    assert kills["writing site"] == interrupted["first"]
    # And the kills landed mid-phase: one new article of three annotated; the new site begun beside the old one,
    # some of its pages not written yet.
    assert kills["annotating cache"] == interrupted["cached"] + 1
    staged, site = set(kills["writing staging"]), set(interrupted["site"])
    assert "assets/annals/annals.css" in staged and staged <= site
    assert [path for path in site - staged if path.startswith("articles/")], (
        "every article page was written before the kill"
    )


def test_a_killed_build_leaves_only_whole_cache_entries(interrupted):
    assert interrupted["cache"], "no annotation was cached"
    for entry in interrupted["cache"]:
        data = json.loads(entry.read_text("utf-8"))
        assert data["version"] and set(data["value"]) >= {"entities", "sentences"}, entry


def test_a_publish_killed_between_its_two_renames_is_finished_by_the_next_build(tmp_path):
    """`publish` renames site → .site.annals-previous, then the new site → site; killed in between, there is no
    site folder for a moment: the next build puts the previous one back before anything else."""
    from generator.cli import DiscardedSites, publish, recover_interrupted_publish, sibling

    site = tmp_path / "site"
    previous = sibling(site, "previous")
    previous.mkdir()
    (previous / "index.html").write_text("old", "utf-8")
    (previous / ".git").mkdir()
    recover_interrupted_publish(site)
    assert (
        (site / "index.html").read_text("utf-8") == "old"
        and (site / ".git").is_dir()
        and not previous.exists()
    )
    staging = sibling(site, "building")
    staging.mkdir()
    (staging / "index.html").write_text("new", "utf-8")
    publish(staging, site)
    assert (site / "index.html").read_text("utf-8") == "new" and (site / ".git").is_dir()
    # The old site is set aside whole, for the next build to delete while it works.
    discarded = DiscardedSites(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == [discarded.folder.name, "site"]
    assert [(p / "index.html").read_text("utf-8") for p in discarded.folder.iterdir()] == ["old"]
    discarded.start_deleting()
    discarded.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_build_after_kills_equals_a_clean_build(interrupted, clean_six):
    assert differing(interrupted["site"], clean_six) == []
    assert "annals: 6 articles" in interrupted["final"].stderr


def test_same_input_in_another_order_and_hash_seed_is_byte_identical(tmp_path, six, clean_six):
    (tmp_path / "reordered").mkdir()
    project = new_project(
        tmp_path / "reordered" / "archive"
    )  # the site name comes from the folder name
    for file in reversed(six):  # a different creation order, so a different directory order
        shutil.copy(file, project / "seeds" / file.name)
    build(project, env={**BUILD_ENV, "PYTHONHASHSEED": "4242"})
    site = digest(project / "site")
    assert len(site) > 100
    assert differing(site, clean_six) == []


def test_only_the_sitemap_carries_the_build_date(interrupted):
    """Without SOURCE_DATE_EPOCH MkDocs stamps today's date into sitemap.xml and the gzip header of
    sitemap.xml.gz; nothing else may depend on when the site is built."""
    project = interrupted["project"]
    build(project, env={**BUILD_ENV, "SOURCE_DATE_EPOCH": str(1700000000 + 86400 * 3)})
    assert set(differing(digest(project / "site"), interrupted["site"])) <= {
        "sitemap.xml",
        "sitemap.xml.gz",
    }


def test_removing_articles_removes_every_trace_of_them(interrupted, six):
    """Going back from six articles to the first three gives exactly the first site again."""
    project = interrupted["project"]
    site = project / "site"
    before = json.loads((site / "api" / "articles.json").read_text("utf-8"))
    copy_seeds(project, six[:3])
    build(project)
    assert differing(digest(site), interrupted["first"]) == []
    # And concretely: no page, link, index entry or export names a removed article.
    gone = [a for a in before if not (site / a["path"]).exists()]
    assert len(gone) == 3
    texts = [
        p.read_text("utf-8")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".xml")
    ]
    for article in gone:
        assert not any(article["slug"] in text for text in texts), article["slug"]


# --- 6. limits -------------------------------------------------------------------------------------------------------

GIB = 1024**3
# Ceiling for the peak RSS of a build (the machine has 24 GiB; a build must leave room for everything else).
PEAK_RSS_LIMIT = 4 * GIB
FRAMES = (
    "Guests at the swearing in included {a} and {b}.",
    '{a} congratulated {b}, saying, "hopefully we\'re going to have a lot of things that we can get done together."',
    "Republican {a}, who held the post of Speaker this past term, received 192 votes, and {b} received one.",
)
LONG_NAME = " ".join(["Maximilian Alexander Konstantin Wolfgang Friedrich"] * 10)[:500].rsplit(
    " ", 1
)[0]


def two_thousand_names() -> list[str]:
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(6)
    names, seen = [], set()
    while len(names) < 2000:
        name = f"{fake.first_name()} {fake.last_name()}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def five_megabytes_of_articles() -> str:
    """Real 2019 Wikinews paragraphs, repeated in order until the text is 5 MB."""
    paragraphs = []
    for path in corpus("2019", "*.md", 60):
        paragraphs += [
            p.strip() for p in re.split(r"\n\s*\n", body_of(path)) if len(p.strip()) > 200
        ]
    out, size, index = [], 0, 0
    while size < 5 * 1024 * 1024:
        paragraph = paragraphs[index % len(paragraphs)]
        out.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
        index += 1
    return "\n\n".join(out)


def rule_based_model(directory: Path, people: list[str], others: list[str]) -> Path:
    """A small spaCy pipeline (tokenizer and entity ruler) naming exactly the given actors: it makes a 5 MB parse
    take seconds instead of minutes while every later stage (resolve, render, MkDocs) does its full work."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [{"label": "PERSON", "pattern": name} for name in people]
        + [{"label": "GPE", "pattern": name} for name in others]
    )
    nlp.meta["name"] = "annals_limits_ruler"
    nlp.meta["version"] = "0.0.1"
    nlp.to_disk(directory)
    return directory


@pytest.fixture(scope="module", autouse=True)
def limits_build(request, tmp_path_factory):
    """Starts the limits build (a 5 MB article, an article naming 2,000 actors and one named in 500 characters)
    through the CLI as soon as the module starts, so it runs beside the other builds on the second core.
    ANNALS_LIMITS_MODEL=en_core_web_sm runs it with the real model instead of an entity ruler (slow)."""
    if not any(
        "limits" in getattr(item, "fixturenames", ())
        for item in request.session.items
        if item.module is request.module
    ):
        yield None
        return
    project = new_project(tmp_path_factory.mktemp("limits") / "archive")
    names = two_thousand_names()
    big = five_megabytes_of_articles()
    sentences = [FRAMES[k % 3].format(a=names[2 * k], b=names[2 * k + 1]) for k in range(1000)]
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, 1000, 5)]
    paragraphs.append(f"The delegation was led by {LONG_NAME}, who said the talks had gone well.")
    (project / "seeds" / "big.txt").write_text(" date 2019-03-01 " + big + "\n", "utf-8")
    (project / "seeds" / "many.txt").write_text(
        " date 2019-03-02 " + "\n\n".join(paragraphs) + "\n", "utf-8"
    )
    model = os.environ.get("ANNALS_LIMITS_MODEL") or str(
        rule_based_model(
            project / "ruler-model",
            names + [LONG_NAME],
            ["Magnitogorsk", "Russia", "Poland", "Florida", "Catalonia", "Indonesia"],
        )
    )
    set_option(project, "model: en_core_web_sm", f"model: {model}")
    log = project.parent / "build.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "build"],
            cwd=project,
            env=BUILD_ENV,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    handle = {
        "project": project,
        "process": process,
        "log": log,
        "names": names,
        "big": big,
        "model": model,
    }
    yield handle
    if process.returncode is None and "usage" not in handle:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def limits(limits_build):
    """The finished limits build, with the child's peak RSS: wait4() gives that one child's resource usage
    (ru_maxrss: the largest resident set of it and of the worker processes it waited for)."""
    handle = limits_build
    if "usage" not in handle:
        _, status, usage = os.wait4(handle["process"].pid, 0)
        handle["process"].returncode = os.waitstatus_to_exitcode(status)
        handle["usage"] = usage
        handle["peak"] = usage.ru_maxrss * 1024  # Linux reports kilobytes
        print(
            f"\nlimits build: peak RSS {handle['peak'] / 2**20:.0f} MiB, model {Path(handle['model']).name}"
        )
    return {
        **handle,
        "returncode": handle["process"].returncode,
        "stderr": handle["log"].read_text("utf-8"),
    }


def test_a_5_mb_article_and_2000_actors_build_within_memory(limits):
    assert limits["returncode"] == 0, limits["stderr"][-3000:]
    assert limits["peak"] < PEAK_RSS_LIMIT, f"peak RSS {limits['peak'] / 2**20:.0f} MiB"
    site = limits["project"] / "site"
    articles = {
        a["date"]: a for a in json.loads((site / "api" / "articles.json").read_text("utf-8"))
    }
    big_page = (site / articles["2019-03-01"]["path"] / "index.html").read_text("utf-8")
    assert len(big_page) > 5 * 1024 * 1024
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", "", big_page)).split())
    for paragraph in (limits["big"][:300], limits["big"].rsplit("\n\n", 1)[-1]):
        assert " ".join(paragraph.split()) in shown, "a paragraph of the 5 MB article is missing"


def test_every_one_of_2000_actors_has_a_page(limits):
    site = limits["project"] / "site"
    entities = json.loads((site / "api" / "entities.json").read_text("utf-8"))
    by_name = {e["name"]: e for e in entities}
    missing = [name for name in limits["names"] if name not in by_name]
    assert missing == []
    for name in limits["names"]:
        assert (site / "actors" / by_name[name]["slug"] / "index.html").is_file(), name
    index = (site / "actors" / "index.html").read_text("utf-8")
    assert all(name in index for name in limits["names"][:50])


def test_a_500_character_name_gets_a_bounded_slug(limits):
    assert len(LONG_NAME) > 450
    site = limits["project"] / "site"
    entities = json.loads((site / "api" / "entities.json").read_text("utf-8"))
    (actor,) = [e for e in entities if e["name"] == LONG_NAME]
    assert len(actor["slug"]) <= 80 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", actor["slug"])
    assert (site / "actors" / actor["slug"] / "index.html").is_file()


def test_exports_grow_linearly_with_the_input(limits):
    """One edge per pair of actors in an article made 2,000 actors a 170 MB api/network.gexf; no export may grow
    faster than the input."""
    site = limits["project"] / "site"
    seeds = sum(p.stat().st_size for p in (limits["project"] / "seeds").iterdir())
    for path in (site / "api").iterdir():
        assert path.stat().st_size < 4 * seeds, (
            f"{path.name}: {path.stat().st_size / 2**20:.0f} MiB from {seeds / 2**20:.1f} MiB of input"
        )
