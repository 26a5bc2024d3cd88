"""The whole build, read → annotate → resolve → render → write, shared by the MkDocs plugin and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .annotate import ProgressCallback, annotate_articles
from .config import load_entities
from .model import Archive, Rejection
from .read import read_archive
from .render import render_archive, render_redirects, write_pages
from .resolve import resolve_archive


@dataclass(frozen=True)
class BuildSettings:
    """Absolute paths and options for one build."""

    seeds: Path
    entities: Path | None
    model: str
    cache_dir: Path | None
    pages_dir: Path
    intro: str = ""
    workers: int | None = None
    home_articles: int = 10
    home_actors: int = 12


@dataclass(frozen=True)
class BuildResult:
    archive: Archive
    written: int
    removed: int
    redirects: tuple[tuple[str, str], ...]

    @property
    def rejections(self) -> tuple[Rejection, ...]:
        return self.archive.rejections


def build_archive(settings: BuildSettings, progress: ProgressCallback | None = None) -> BuildResult:
    """Build every generated page into `settings.pages_dir`; bad input becomes rejections, bad config raises."""
    rules = load_entities(settings.entities)  # config errors stop the build before anything is written
    if not settings.seeds.is_dir():
        raise FileNotFoundError(f"seeds folder {settings.seeds} does not exist; create it or set 'seeds:' in mkdocs.yml")
    read = read_archive(settings.seeds)
    annotations = annotate_articles(read.articles, settings.model, settings.cache_dir, settings.workers, progress)
    archive = resolve_archive(read.articles, annotations, rules, read.rejections)
    pages = render_archive(archive, settings.intro, settings.home_articles, settings.home_actors)
    written, removed = write_pages(pages, settings.pages_dir)
    return BuildResult(archive, written, removed, tuple(render_redirects(archive)))
