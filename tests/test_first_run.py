"""The first run of a new archive guides its user (generator/cli.py, generator/plugin.py): `annals new` writes a
site_url that follows SITE_URL (unset without it), and a README; the build log says what site_url is for when it
is missing, names `site/` rather than the folder the build writes into, counts in the singular for one, and
takes `--date-from mtime` and refuses links out of seeds/ as it reads.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.plugin import site_url_notice
from generator.progress import counted, progress_line

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"
SEED_HEADER = " date 2022-02-03 "
BUILD_ENV = {key: value for key, value in os.environ.items() if key != "SITE_URL"}


def run_annals(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env=env or BUILD_ENV,
    )


def site_url_of(project: Path, monkeypatch, value: str | None) -> str:
    from mkdocs.config import load_config

    if value is None:
        monkeypatch.delenv("SITE_URL", raising=False)
    else:
        monkeypatch.setenv("SITE_URL", value)
    return load_config(config_file=str(project / "mkdocs.yml")).site_url


def test_new_project_site_url_is_site_url_when_set_and_else_unset(tmp_path, monkeypatch):
    project = tmp_path / "archive"
    cli.create_project(project)
    assert (
        site_url_of(project, monkeypatch, None) is None
    )  # never an address the site is not published at
    assert (
        site_url_of(project, monkeypatch, "https://user.github.io/archive/")
        == "https://user.github.io/archive/"
    )


def test_new_project_has_a_readme_on_adding_building_and_publishing(tmp_path):
    project = tmp_path / "my-archive"
    cli.create_project(project)
    readme = (project / "README.md").read_text("utf-8")
    assert readme.startswith("# My Archive\n")
    for words in (
        "seeds/",
        "date 2019-01-04",
        "2019-01-04-pelosi.txt",
        "annals serve",
        "annals build",
        "GitHub Actions",
        "SITE_URL",
    ):
        assert words in readme, words


@pytest.mark.parametrize("command", ["build", "gh-deploy"])
def test_a_missing_site_url_is_explained_with_how_to_set_it(command):
    notice = site_url_notice(None, command)
    assert (
        "site_url is not set" in notice
        and "sitemap" in notice
        and "site_url: https://" in notice
        and "SITE_URL" in notice
    )
    assert "local preview" in site_url_notice("http://127.0.0.1:8000/", command)
    assert site_url_notice("https://user.github.io/archive/", command) == ""


def test_serve_hears_nothing_about_site_url_which_it_sets_itself():
    assert (
        site_url_notice(None, "serve") == site_url_notice("http://127.0.0.1:8000/", "serve") == ""
    )


def test_counts_are_singular_for_one():
    assert [counted(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert counted(1, "unchanged page") == "1 unchanged page"
    assert progress_line("annotating", 1, 1, 0, 0.0) == "annals: annotating 1/1 article (100.0%)"
    assert progress_line("annotating", 1200, 10000, 0, 0.0).startswith(
        "annals: annotating 1,200/10,000 articles"
    )


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A new project with one undated text, built with --date-from mtime; then with a link out of seeds/, with
    --strict; then without site_url, with --strict."""
    root = tmp_path_factory.mktemp("first-run")
    project = root / "archive"
    cli.create_project(project)
    for example in (project / "seeds").iterdir():
        example.unlink()
    undated = project / "seeds" / "pelosi.txt"
    undated.write_text(SEED.read_text("utf-8").removeprefix(SEED_HEADER), "utf-8")
    moment = dt.datetime(2021, 3, 4, 12, 0, tzinfo=dt.UTC).timestamp()
    os.utime(undated, (moment, moment))
    runs = {"mtime": run_annals("build", "--date-from", "mtime", cwd=project)}
    runs["articles"] = json.loads((project / "site" / "api" / "articles.json").read_text("utf-8"))
    outside = root / "outside.txt"
    shutil.copy(SEED, outside)
    (project / "seeds" / "linked.txt").symlink_to(outside)
    runs["link"] = run_annals("build", "--strict", "--date-from", "mtime", cwd=project)
    (project / "seeds" / "linked.txt").unlink()
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(
        "\n".join(line for line in config.splitlines() if not line.startswith("site_url:")) + "\n",
        "utf-8",
    )
    runs["no-site-url"] = run_annals("build", "--strict", "--date-from", "mtime", cwd=project)
    runs["undated"] = run_annals("build", cwd=project)
    return runs


def test_date_from_mtime_on_the_command_line_dates_an_undated_article(first_run):
    assert first_run["mtime"].returncode == 0, first_run["mtime"].stderr
    assert [(a["path"].split("/")[1:4], a["date"]) for a in first_run["articles"]] == [
        (["2021", "03", "04"], "2021-03-04")
    ]
    undated = first_run["undated"]
    assert undated.returncode == 0 and "pelosi.txt:1: missing 'date YYYY-MM-DD'" in undated.stderr
    assert "--date-from mtime" in undated.stderr


def test_the_log_names_site_and_counts_one_article_in_the_singular(first_run):
    log = first_run["mtime"].stderr
    assert "annals-building" not in log and ".site." not in log
    assert (
        "Building documentation to directory: site/" in log
        and "annals: site published to site/" in log
    )
    assert "annals: 1 article, " in log and "1 articles" not in log


def test_a_link_out_of_seeds_fails_a_strict_build_naming_link_and_target(first_run):
    link = first_run["link"]
    assert link.returncode == 1
    assert (
        "linked.txt: symbolic link to " in link.stderr
        and "outside.txt points outside seeds/; copy the file in instead" in link.stderr
    )


def test_a_missing_site_url_is_said_once_and_does_not_fail_a_strict_build(first_run):
    missing = first_run["no-site-url"]
    assert missing.returncode == 0, missing.stderr
    assert missing.stderr.count("site_url is not set") == 1
    assert (
        first_run["mtime"].stderr.count("site_url is not set") == 1
    )  # a new project's, with SITE_URL unset


def test_a_wrong_date_from_in_mkdocs_yml_is_refused_with_the_right_form(tmp_path):
    project = tmp_path / "archive"
    cli.create_project(project)
    config = (
        (project / "mkdocs.yml")
        .read_text("utf-8")
        .replace(
            "      cache_dir: .annals-cache\n",
            "      cache_dir: .annals-cache\n      date_from: ctime\n",
        )
    )
    (project / "mkdocs.yml").write_text(config, "utf-8")
    (error,) = cli.annals_option_errors(project / "mkdocs.yml")
    assert "'date_from'" in error and "date_from: mtime" in error
