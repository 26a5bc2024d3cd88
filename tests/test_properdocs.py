"""The site builds with ProperDocs, the maintained continuation of MkDocs 1.x (it runs MkDocs plugins and themes
through their `mkdocs.*` entry points), as it does with MkDocs 1.6: the same pages, but for the generator each
names in its <meta name="generator">."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def project_copy(folder: Path) -> Path:
    """This repository's own archive (mkdocs.yml, seeds/, docs/, site_overrides/), with a cache of its own."""
    folder.mkdir(parents=True)
    for name in ("mkdocs.yml", "seeds", "docs", "site_overrides", "entities.yml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy(source, folder / name)
    return folder


def built_with(tool: str, project: Path) -> dict[str, bytes]:
    executable = Path(sys.executable).parent / tool
    result = subprocess.run(
        [str(executable), "build", "-f", "mkdocs.yml", "-d", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    site = project / "site"
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_the_site_builds_with_properdocs_as_with_mkdocs(tmp_path):
    with_properdocs = built_with("properdocs", project_copy(tmp_path / "properdocs"))
    with_mkdocs = built_with("mkdocs", project_copy(tmp_path / "mkdocs"))
    assert (
        "actors/vladimir-putin/index.html" in with_properdocs
        and "api/entities.json" in with_properdocs
    )
    assert with_properdocs.keys() == with_mkdocs.keys()
    differing = [name for name in with_mkdocs if with_properdocs[name] != with_mkdocs[name]]
    for name in differing:
        assert GENERATOR_META.sub(b"", with_properdocs[name]) == GENERATOR_META.sub(
            b"", with_mkdocs[name]
        ), name
    assert b"ProperDocs" in with_properdocs["index.html"]
