"""The `annals` command itself (generator/cli.py): its version, its help, and Ctrl-C during a build."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli


def test_version_is_the_installed_packages(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"annals {importlib.metadata.version('annals')}"


def test_help_gives_every_subcommand_a_line_of_its_own(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    lines = capsys.readouterr().out.splitlines()
    for name in ("new", "build", "serve"):
        described = [line for line in lines if line.split()[:1] == [name]]
        assert described and len(described[0].split()) > 3, f"no description for '{name}' in --help"


def test_ctrl_c_during_a_build_exits_130_quietly_and_keeps_the_previous_site(
    tmp_path, monkeypatch, capsys
):
    project = tmp_path / "archive"
    cli.create_project(project)
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", "utf-8")

    def interrupted_build(config):
        (tmp_path / "build-started").touch()
        raise KeyboardInterrupt

    monkeypatch.setattr("mkdocs.commands.build.build", interrupted_build)
    monkeypatch.chdir(project)
    status = cli.main(["build"])
    assert (tmp_path / "build-started").exists()  # the interrupt came from inside the build
    assert status == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err
    assert (site / "index.html").read_text("utf-8") == "the previous site"
    assert sorted(path.name for path in project.iterdir() if path.name.startswith(".site")) == []


def test_each_build_sets_the_old_site_aside_and_the_next_one_deletes_it(tmp_path, monkeypatch):
    """Deleting the old site is not left for the end of the build that replaced it: the next build does it."""
    project = tmp_path / "archive"
    cli.create_project(project)
    builds = iter(["first", "second", "third"])

    def build(config):
        site = Path(config.site_dir)
        site.mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text(next(builds), "utf-8")

    monkeypatch.setattr("mkdocs.commands.build.build", build)
    monkeypatch.chdir(project)
    discarded = cli.DiscardedSites(project / "site")

    def set_aside() -> list[str]:
        if not discarded.folder.exists():
            return []
        return [(path / "index.html").read_text("utf-8") for path in discarded.folder.iterdir()]

    assert cli.main(["build"]) == 0 and set_aside() == []
    assert cli.main(["build"]) == 0 and set_aside() == ["first"]
    assert cli.main(["build"]) == 0 and set_aside() == ["second"]
    assert (project / "site" / "index.html").read_text("utf-8") == "third"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == [
        discarded.folder.name
    ]
    # A project made by `annals new` keeps the folders beside the site out of git.
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", discarded.folder.name],
        cwd=project,
        check=False,
    )
    assert ignored.returncode == 0


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities on this system")
def test_the_old_site_is_deleted_at_the_lowest_priority(tmp_path):
    """The deleting process gives way to the build and to Pagefind: it runs at niceness 19, whatever the build's."""
    folder = tmp_path / "discarded" / "site"
    for n in range(50):
        (folder / f"page-{n}").mkdir(parents=True)
        (folder / f"page-{n}" / "index.html").write_text("<p>old</p>", "utf-8")
    shown = subprocess.run(
        [sys.executable, "-c", cli.DELETE_FOLDER + "; print(os.nice(0))", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(shown.stdout) == 19
    assert not folder.exists()
