"""The whole build, read → annotate → resolve → render → write, shared by the MkDocs plugin and the CLI.

A rebuild whose inputs are all unchanged — the articles as read, their annotations, the editorial rules, the
settings and the generator's own code — and whose generated pages are untouched since the last build reuses that
build's resolved archive instead of resolving and rendering it again: the one thing that makes a warm rebuild of
a large archive cheap on our side. Any difference, or an unreadable saved state, means a full build.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import hashlib
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from . import knowledge
from .annotate import (
    AnnotationCache,
    ProgressCallback,
    annotate_articles,
    cached_annotations,
    pipeline_languages,
    release_pipelines,
    unannotated_paragraphs,
    unread_articles,
)
from .archivedb import DATABASE_PATH, iter_database_exports
from .buildstate import (
    ArticleURLs,
    SavedArchive,
    SavedLocalActors,
    SavedNearDuplicates,
    SignedPages,
)
from .cache import CacheFolder, Location, code_version
from .config import load_entities, option_default
from .doubts import find_doubts, near_duplicates, render_doubts
from .exports import EXPORT_PATHS, DataExports
from .feeds import actor_feed_path, iter_feeds
from .forked import run_forked
from .model import Annotation, Archive, Article, Rejection
from .network import render_network_pages
from .progress import PhaseProgress, timed
from .read import ReadResult, read_archive
from .render import ArchiveView, iter_archive_pages
from .resolve import LocalActorsMemo, annotated_text_digest, resolve_archive
from .signatures import actor_signatures, article_page_signature, article_signatures
from .urls import actor_page_path, article_page_path, article_redirects, render_redirects
from .write import Listing, PageWriter

# What `archive_resolved` does before the pages are rendered: with Pagefind, it starts indexing the articles (in a
# thread of their own, search.SiteSearch), and a long start shows as a phase of its own.
ARCHIVE_RESOLVED_PHASE = "indexing the articles for search"


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
    home_articles: int = option_default("home_articles")
    home_actors: int = option_default("home_actors")
    site_url: str = ""  # absolute links in feeds when set
    site_name: str = ""
    language: str = "en"  # the theme's, which article pages in another language differ from
    date_from: str | None = None  # read.read_archive: "mtime" dates undated articles by their file
    models: tuple[
        tuple[str, str], ...
    ] = ()  # pipelines for other languages: (language code, model)
    annotation_cache: Location | None = None  # where annotations are kept, if not under cache_dir

    @property
    def annotations_at(self) -> Location | None:
        """Where annotations are kept: `annotation_cache` (a shared folder or URL), else the cache folder."""
        return self.annotation_cache if self.annotation_cache is not None else self.cache_dir


@dataclass(frozen=True)
class BuildResult:
    archive: Archive
    written: int
    removed: int
    redirects: tuple[tuple[str, str], ...]
    pages: Listing = ()  # every generated file once written (write.WrittenPages)
    unannotated: tuple[
        tuple[str, int, int], ...
    ] = ()  # paragraphs in other languages (unannotated_paragraphs)
    unread: tuple[
        tuple[str, int], ...
    ] = ()  # articles in languages with no pipeline (unread_articles)

    @property
    def rejections(self) -> tuple[Rejection, ...]:
        return self.archive.rejections


@dataclass(frozen=True)
class Resolved:
    """What reading, annotating and resolving hand on to the rendering: the archive resolved, or None when the last
    build's saved archive was made from inputs with `digest` (the build loads it when its pages are as it left them)."""

    archive: Archive | None
    digest: str
    unannotated: tuple[tuple[str, int, int], ...]
    unread: tuple[tuple[str, int], ...]


def build_archive(
    settings: BuildSettings,
    progress: ProgressCallback | None = None,
    archive_resolved: Callable[[Archive], None] | None = None,
    phases: PhaseProgress | None = None,
) -> BuildResult:
    """Build every generated page into `settings.pages_dir`; bad input becomes rejections, bad config raises.
    Reading, annotating and resolving run in a child process (forked.run_forked), which hands back the archive;
    `archive_resolved` is given it before the rendering (for work that can go on beside it). `progress` shows the
    annotation's progress, `phases` every other phase's."""
    rules = load_entities(
        settings.entities
    )  # config errors stop the build before anything is written
    if not settings.seeds.is_dir():
        raise missing_seeds(settings)
    gc.unfreeze()  # what an earlier build in this process (`mkdocs serve`) froze may be collected again
    handover = str(settings.cache_dir) if settings.cache_dir else None
    resolved = run_forked(partial(resolve_seeds, settings, rules, progress, phases), handover)
    release_pipelines()  # one loaded here before (an earlier use in this process) is not carried on
    hand_back_freed_memory()  # what resolving freed, when it ran here (a platform without fork)
    with cycle_collection_paused():
        state = SavedArchive(CacheFolder(settings.cache_dir)) if settings.cache_dir else None
        archive = resolved.archive
        if archive is None and state is not None:
            with timed("loading the last build's archive", phases):
                previous = state.load(resolved.digest, settings.pages_dir)
            if previous is not None:
                archive, redirects, listing = previous
                if archive_resolved is not None:
                    with timed(ARCHIVE_RESOLVED_PHASE, phases):
                        archive_resolved(archive)
                return BuildResult(
                    archive, 0, 0, redirects, listing, resolved.unannotated, resolved.unread
                )
        if archive is None:  # a generated page edited, added or deleted since: resolve after all
            work = partial(resolve_seeds, settings, rules, progress, phases, reuse=False)
            resolved = run_forked(work, handover)
            archive = resolved.archive
            assert archive is not None
        if archive_resolved is not None:
            with timed(ARCHIVE_RESOLVED_PHASE, phases):
                archive_resolved(archive)
        with timed("rendering and writing pages", phases):
            result = build_pages(settings, archive)
        if state is not None:  # for the next build to take as it is when nothing changed
            with timed("saving the archive for the next build", phases):
                state.save(resolved.digest, archive, result.redirects, result.pages)
        return dataclasses.replace(result, unannotated=resolved.unannotated, unread=resolved.unread)


def resolve_seeds(
    settings: BuildSettings,
    rules,
    progress: ProgressCallback | None = None,
    phases: PhaseProgress | None = None,
    reuse: bool = True,
) -> Resolved:
    """Read, annotate and resolve: what build_archive runs in its child process. With `reuse`, an unchanged input
    whose saved archive is current is not resolved again (Resolved.archive None)."""
    try:
        with cycle_collection_paused(), timed("reading the articles", phases):
            read = read_seeds(settings)
        # Not paused: spaCy's workers, forked from this process, run with the collector as it is.
        with timed("annotating"):
            annotations = annotate_articles(
                read.articles,
                settings.model,
                settings.annotations_at,
                settings.workers,
                progress,
                dict(settings.models),
            )
        release_pipelines()
        unannotated = unannotated_paragraphs(read.articles, annotations)
        unread = unread_articles(
            annotations.values(), pipeline_languages(settings.model, dict(settings.models))
        )
        with cycle_collection_paused():
            state = SavedArchive(CacheFolder(settings.cache_dir)) if settings.cache_dir else None
            with timed("checking the last build's archive", phases):
                digests = annotated_text_digests(read.articles, annotations) if state else {}
                digest = input_digest(settings, rules, read, digests) if state else ""
                current = reuse and state is not None and state.current(digest)
            if current:
                return Resolved(None, digest, unannotated, unread)
            with timed("resolving the actors", phases):
                archive = packed(resolve_articles(settings, rules, read, annotations, digests))
            return Resolved(archive, digest, unannotated, unread)
    finally:
        close = getattr(progress, "close", None)
        if close is not None:  # its line is cleared where it was drawn
            close()


def resolve_only(settings: BuildSettings) -> Archive:
    """Read, annotate (through the annotation cache) and resolve, writing no page: what `annals doubts` needs."""
    rules = load_entities(settings.entities)
    read = read_seeds(settings)  # as build_archive reads and annotates
    annotations = annotate_articles(
        read.articles,
        settings.model,
        settings.annotations_at,
        settings.workers,
        None,
        dict(settings.models),
    )
    return resolve_articles(settings, rules, read, annotations)


@dataclass(frozen=True)
class AnnotateResult:
    """What `annotate_only` found and did: articles read, of which already cached, and annotated now."""

    articles: int
    cached: int
    annotated: int
    rejections: tuple[Rejection, ...]


def annotate_only(
    settings: BuildSettings,
    scheduler: str | Any = None,
    progress: ProgressCallback | None = None,
    timeout: float | None = None,
) -> AnnotateResult:
    """Read the seeds as a build does and annotate every article whose annotation is not cached, into the cache,
    writing no page: on one process per core, or on the workers of the Dask scheduler at `scheduler` (an address or
    a dask.distributed Client; giving up after `timeout` seconds, if given). A build that follows runs no spaCy."""
    if settings.annotations_at is None:
        raise ValueError("annotating ahead of a build needs a cache to keep the annotations in")
    read = read_seeds(settings)
    models = dict(settings.models)
    found, missing = cached_annotations(
        list(read.articles), AnnotationCache(settings.annotations_at), settings.model, models
    )
    if scheduler:
        from .cluster import annotate_on_cluster  # dask.distributed: an optional extra

        annotate_on_cluster(
            missing, settings.model, models, settings.annotations_at, scheduler, timeout, progress
        )
    elif missing:
        articles = [article for article, _ in missing]
        annotate_articles(
            articles, settings.model, settings.annotations_at, settings.workers, progress, models
        )
    return AnnotateResult(len(read.articles), len(found), len(missing), read.rejections)


def read_seeds(settings: BuildSettings) -> ReadResult:
    if not settings.seeds.is_dir():
        raise missing_seeds(settings)
    return read_archive(settings.seeds, settings.date_from)


def missing_seeds(settings: BuildSettings) -> FileNotFoundError:
    return FileNotFoundError(
        f"seeds folder {settings.seeds} does not exist; create it or set 'seeds:' in mkdocs.yml"
    )


def hand_back_freed_memory() -> None:
    """Return the memory freed so far to the system. glibc keeps what Python frees in its heap for reuse, resident,
    unless asked: on 2,930 of the bench's articles, 32 MB of a resolved build's 277 MB were annotations and bodies
    freed (README, Measurements behind the code)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is freed, only not returned


@contextlib.contextmanager
def cycle_collection_paused():
    """Python's cycle collector paused while the build makes its millions of small objects, and what is alive
    afterwards frozen out of its way. Those objects (articles, annotations, actors, pages) all live on and hold no
    cycles, yet the collector walks the whole growing heap each time it has grown by a quarter, for nothing found
    (README, Measurements behind the code). MkDocs' own rendering runs with it as usual."""
    thresholds = gc.get_threshold()
    gc.set_threshold(
        0
    )  # not gc.disable(): loading a spaCy pipeline (srsly) enables the collector again
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.freeze()


def resolve_articles(
    settings: BuildSettings, rules, read, annotations, digests: Mapping[str, str] | None = None
) -> Archive:
    """Resolve: the first step of a build that a rebuild with unchanged inputs skips. `digests` as for
    input_digest, where the caller has taken them."""
    knowledge.keep_tables_in(CacheFolder(settings.cache_dir) if settings.cache_dir else None)
    memo_file = (
        SavedLocalActors(CacheFolder(settings.cache_dir), rules) if settings.cache_dir else None
    )
    memo = memo_file.load() if memo_file else LocalActorsMemo()
    archive = resolve_archive(read.articles, annotations, rules, read.rejections, memo, digests)
    if read.drafts:
        archive = dataclasses.replace(archive, drafts=len(read.drafts))
    if memo_file:
        memo_file.save(memo)
    return archive


def packed(archive: Archive) -> Archive:
    """The archive with its articles' bodies compressed (Article.packed_copy), as the build holds it from resolving
    to its end, and saves it (with model.Blocks, the build resolved at 30,000 of the bench's articles held 1,098 MB
    instead of 1,264)."""
    return dataclasses.replace(
        archive, articles=tuple(article.packed_copy() for article in archive.articles)
    )


def build_pages(settings: BuildSettings, archive: Archive) -> BuildResult:
    """Render and write every page whose inputs changed since the last build. The database goes first, so that
    the exports made from it are written by their own process while the pages are rendered here."""
    writer = PageWriter(settings.pages_dir)
    writer.write(iter_database_exports(archive))
    exports = DataExports(settings.pages_dir / DATABASE_PATH, settings.pages_dir)
    try:
        done = write_archive_pages(settings, archive, writer, exports)
    finally:
        exports.stop()  # when this build failed before the process was waited for
    return done


def write_archive_pages(
    settings: BuildSettings, archive: Archive, writer: PageWriter, exports: DataExports
) -> BuildResult:
    """build_pages' rendering, while `exports` writes the data exports."""
    view = ArchiveView(archive, settings.language)
    actors = actor_signatures(archive, view)
    actor_files = {
        a.slug: (actor_page_path(a.slug), actor_feed_path(a.slug)) for a in archive.actors
    }
    articles = article_signatures(archive, view)
    article_files = {a.slug: (article_page_path(a),) for a in archive.articles}
    cache = CacheFolder(settings.cache_dir) if settings.cache_dir else None
    site_settings = (settings.site_url, settings.site_name, settings.language)
    kept_actors = (
        SignedPages(cache, "actor-pages.json", settings.pages_dir, site_settings) if cache else None
    )
    kept_articles = (
        SignedPages(cache, "article-pages.json", settings.pages_dir, site_settings)
        if cache
        else None
    )
    by_slug = {article.slug: article for article in archive.articles}

    def page_signature(slug: str) -> str:
        return article_page_signature(view, by_slug[slug])

    kept_pairs = SavedNearDuplicates(cache) if cache else None
    near = near_duplicates(archive, kept_pairs.load() if kept_pairs else None)
    same_actors = kept_actors.unchanged(actors, actor_files) if kept_actors else frozenset()
    same_articles = (
        kept_articles.unchanged(articles, article_files, page_signature)
        if kept_articles
        else frozenset()
    )
    pages = itertools.chain(
        iter_archive_pages(
            archive,
            settings.intro,
            settings.home_articles,
            settings.home_actors,
            same_actors,
            same_articles,
            view,
        ),
        iter_feeds(
            archive, settings.site_url, settings.site_name, unchanged_actors=same_actors, view=view
        ),
        render_doubts(find_doubts(archive, load_entities(settings.entities), near), view.catalogue),
        render_network_pages(view),
    )
    writer.write(pages)  # each page written as it is made
    if kept_pairs:
        kept_pairs.save(near)
    if kept_actors and kept_articles:
        kept_actors.save(actors, actor_files)
        kept_articles.save(articles, article_files, page_signature)
    writer.expect(EXPORT_PATHS, len(exports.wait()))
    done = writer.finish()
    urls = ArticleURLs(cache) if cache else None
    earlier = urls.load() if urls else {}
    redirects = (*render_redirects(archive), *article_redirects(archive.articles, earlier))
    if urls:
        urls.save(earlier, archive.articles)
    return BuildResult(archive, done.written, done.removed, redirects, done.listing)


# BuildSettings' absolute paths: where the project's folders lie, which no page depends on.
PROJECT_PATHS = ("seeds", "entities", "cache_dir", "pages_dir")


def annotated_text_digests(
    articles: Iterable[Article], annotations: Mapping[str, Annotation]
) -> dict[str, str]:
    """Each annotated article's annotated_text_digest, by path."""
    return {
        article.path: annotated_text_digest(article, annotations[article.path])
        for article in articles
        if article.path in annotations
    }


def input_digest(settings: BuildSettings, rules, read, digests: Mapping[str, str]) -> str:
    """A digest of everything the generated pages are made from, taken piece by piece (one repr of 10,000
    articles' annotations would be a string of hundreds of MB); the annotations by their articles' `digests`
    (annotated_text_digests)."""
    # Neither how many processes annotated nor where annotations are kept changes a page, nor where the project
    # lies: what is read from its folders is digested below, and the pages the last build wrote are checked where
    # they are (SavedArchive.load), so a project moved or renamed rebuilds warm.
    options = {
        k: v
        for k, v in dataclasses.asdict(settings).items()
        if k not in ("workers", "annotation_cache", *PROJECT_PATHS)
    }
    digest = hashlib.sha256()
    parts = itertools.chain(
        (
            code_version(),
            repr(sorted(options.items())),
            repr(rules.entries),  # not the file's path
            repr(read.rejections),
            repr(read.drafts),
        ),
        (repr(article) for article in read.articles),
        ("annotations",),
        (repr(item) for item in sorted(digests.items())),
    )
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()
