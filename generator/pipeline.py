"""The whole build, read → annotate → resolve → render → write, shared by the MkDocs plugin and the CLI.

A rebuild whose inputs are all unchanged — the articles as read, their annotations, the editorial rules, the
settings and the generator's own code — and whose generated pages are untouched since the last build reuses that
build's resolved archive instead of resolving and rendering it again: the one thing that makes a warm rebuild of
a large archive cheap on our side. Any difference, or an unreadable saved state, means a full build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import itertools
import json
import os
import re
import pickle
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import knowledge
from .annotate import ProgressCallback, annotate_articles, pipeline_languages, unannotated_paragraphs, unread_articles
from .config import load_entities
from .doubts import find_doubts, render_doubts
from .network import render_network_pages
from .model import Archive, Article, Rejection
from .read import read_archive
from .archivedb import iter_database_exports
from .exports import iter_data_exports
from .feeds import actor_feed_path, iter_feeds
from .pagecache import write_atomically
from .render import (
    ArchiveView,
    actor_page_path,
    actor_signatures,
    article_page_path,
    article_page_signature,
    article_redirects,
    article_signatures,
    article_url,
    iter_archive_pages,
    render_redirects,
    write_pages,
)
from .resolve import LocalActorsMemo, resolve_archive


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
    site_url: str = ""  # absolute links in feeds when set
    site_name: str = ""
    language: str = "en"  # the theme's, which article pages in another language differ from
    date_from: str | None = None  # read.read_archive: "mtime" dates undated articles by their file
    models: tuple[tuple[str, str], ...] = ()  # pipelines for other languages: (language code, model)


@dataclass(frozen=True)
class BuildResult:
    archive: Archive
    written: int
    removed: int
    redirects: tuple[tuple[str, str], ...]
    pages: tuple[tuple[str, int, int], ...] = ()  # every generated file once written (page_listing)
    unannotated: tuple[tuple[str, int, int], ...] = ()  # paragraphs in other languages (unannotated_paragraphs)
    unread: tuple[tuple[str, int], ...] = ()  # articles in languages with no pipeline (unread_articles)

    @property
    def rejections(self) -> tuple[Rejection, ...]:
        return self.archive.rejections


def build_archive(
    settings: BuildSettings,
    progress: ProgressCallback | None = None,
    articles_read: Callable[[Sequence[Article]], None] | None = None,
    archive_resolved: Callable[[Archive], None] | None = None,
) -> BuildResult:
    """Build every generated page into `settings.pages_dir`; bad input becomes rejections, bad config raises.
    `articles_read` is given the articles as soon as they are read and `archive_resolved` the archive as soon as
    it is resolved, before the long steps that follow each (for work that can go on beside them)."""
    rules = load_entities(settings.entities)  # config errors stop the build before anything is written
    if not settings.seeds.is_dir():
        raise FileNotFoundError(f"seeds folder {settings.seeds} does not exist; create it or set 'seeds:' in mkdocs.yml")
    gc.unfreeze()  # what an earlier build in this process (`mkdocs serve`) froze may be collected again
    with cycle_collection_paused():
        read = read_archive(settings.seeds, settings.date_from)
    if articles_read is not None:
        articles_read(read.articles)
    # Not paused: spaCy's workers, forked from this process, run with the collector as it is.
    annotations = annotate_articles(read.articles, settings.model, settings.cache_dir, settings.workers, progress, dict(settings.models))
    unannotated = unannotated_paragraphs(read.articles, annotations)
    unread = unread_articles(annotations.values(), pipeline_languages(settings.model, dict(settings.models)))
    with cycle_collection_paused():
        state = BuildState(settings.cache_dir) if settings.cache_dir else None
        digest = input_digest(settings, rules, read, annotations) if state else ""
        previous = state.load(digest, settings.pages_dir) if state else None
        if previous is not None:
            if archive_resolved is not None:
                archive_resolved(previous.archive)
            return dataclasses.replace(previous, unannotated=unannotated, unread=unread)
        archive = resolve_articles(settings, rules, read, annotations)
        if archive_resolved is not None:
            archive_resolved(archive)
        # From here on only the archive is needed: the annotations alone are hundreds of MB at 10,000 articles.
        del read, annotations
        result = build_pages(settings, archive)
        if state:
            state.save(digest, result)
        return dataclasses.replace(result, unannotated=unannotated, unread=unread)


def resolve_only(settings: BuildSettings) -> Archive:
    """Read, annotate (through the annotation cache) and resolve, writing no page: what `annals doubts` needs."""
    rules = load_entities(settings.entities)
    if not settings.seeds.is_dir():
        raise FileNotFoundError(f"seeds folder {settings.seeds} does not exist; create it or set 'seeds:' in mkdocs.yml")
    read = read_archive(settings.seeds, settings.date_from)  # as build_archive reads and annotates
    annotations = annotate_articles(read.articles, settings.model, settings.cache_dir, settings.workers, None, dict(settings.models))
    return resolve_articles(settings, rules, read, annotations)


@contextlib.contextmanager
def cycle_collection_paused():
    """Python's cycle collector paused while the build makes its millions of small objects, and what is alive
    afterwards frozen out of its way. Those objects (articles, annotations, actors, pages) all live on and hold no
    cycles, yet the collector walks the whole growing heap each time it has grown by a quarter: 8 s of a 95 s
    one-article rebuild at 10,000 articles, for nothing found. MkDocs' own rendering runs with it as usual."""
    thresholds = gc.get_threshold()
    gc.set_threshold(0)  # not gc.disable(): loading a spaCy pipeline (srsly) enables the collector again
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.freeze()


def resolve_articles(settings: BuildSettings, rules, read, annotations) -> Archive:
    """Resolve: the first step of a build that a rebuild with unchanged inputs skips."""
    knowledge.keep_tables_in(settings.cache_dir / "knowledge.pickle" if settings.cache_dir else None)
    memo_file = LocalActorsFile(settings.cache_dir, rules) if settings.cache_dir else None
    memo = memo_file.load() if memo_file else LocalActorsMemo()
    archive = resolve_archive(read.articles, annotations, rules, read.rejections, memo)
    if read.drafts:
        archive = dataclasses.replace(archive, drafts=len(read.drafts))
    if memo_file:
        memo_file.save(memo)
    return archive


def build_pages(settings: BuildSettings, archive: Archive) -> BuildResult:
    """Render and write every page whose inputs changed since the last build."""
    view = ArchiveView(archive, settings.language)
    actors = actor_signatures(archive, view)
    actor_files = {a.slug: (actor_page_path(a.slug), actor_feed_path(a.slug)) for a in archive.actors}
    articles = article_signatures(archive, view)
    article_files = {a.slug: (article_page_path(a),) for a in archive.articles}
    kept_actors = SignedPagesFile(settings, "actor-pages.pickle") if settings.cache_dir else None
    kept_articles = SignedPagesFile(settings, "article-pages.pickle") if settings.cache_dir else None
    by_slug = {article.slug: article for article in archive.articles}

    def page_signature(slug: str) -> str:
        return article_page_signature(view, by_slug[slug])

    same_actors = kept_actors.unchanged(actors, actor_files) if kept_actors else frozenset()
    same_articles = kept_articles.unchanged(articles, article_files, page_signature) if kept_articles else frozenset()
    pages = itertools.chain(
        iter_archive_pages(
            archive, settings.intro, settings.home_articles, settings.home_actors, same_actors, same_articles, view
        ),
        iter_feeds(archive, settings.site_url, settings.site_name, unchanged_actors=same_actors, view=view),
        iter_data_exports(archive),
        iter_database_exports(archive),
        render_doubts(find_doubts(archive, load_entities(settings.entities))),
        render_network_pages(view),
    )
    written, removed = write_pages(pages, settings.pages_dir)  # each page written as it is made
    if kept_actors:
        kept_actors.save(actors, actor_files)
        kept_articles.save(articles, article_files, page_signature)
    urls = ArticleURLsFile(settings.cache_dir) if settings.cache_dir else None
    earlier = urls.load() if urls else {}
    redirects = (*render_redirects(archive), *article_redirects(archive.articles, earlier))
    if urls:
        urls.save(earlier, archive.articles)
    return BuildResult(archive, written, removed, redirects, page_listing(settings.pages_dir))


class ArticleURLsFile:
    """Every URL each article has had, by its input path (relative to the seeds folder), kept in the cache folder
    as JSON, so that an article whose title or slug changed leaves a redirect at its old URL. An article no longer
    in the archive keeps its entry, for when it comes back. Missing or unreadable means none known: what survives a
    deleted cache is the article's own `redirect_from`."""

    FORMAT = 1
    URL = re.compile(r"\Aarticles/\d{4}/\d{2}/\d{2}/[a-z0-9]+(?:-[a-z0-9]+)*/\Z")  # nothing else is written there

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / "article-urls.json"

    def load(self) -> dict[str, list[str]]:
        try:
            data = json.loads(self.path.read_bytes())
            known = data["urls"] if data["format"] == self.FORMAT else {}
            return {path: [url for url in urls if self.URL.match(url)] for path, urls in known.items()}
        except Exception:  # missing, truncated, hand-edited or from another version: nothing known
            return {}

    def save(self, earlier: dict[str, list[str]], articles: Sequence[Article]) -> None:
        known = {path: set(urls) for path, urls in earlier.items()}
        for article in articles:
            known.setdefault(article.path, set()).add(article_url(article))
        data = {"format": self.FORMAT, "urls": {path: sorted(urls) for path, urls in sorted(known.items())}}
        # ASCII: a file name that is not UTF-8 is a lone surrogate here, which JSON escapes and reads back as it was.
        write_atomically(self.path, json.dumps(data, indent=0).encode("ascii"))


# Bump when what BuildState saves changes shape.
STATE_FORMAT = 3


class BuildState:
    """The last build's input digest, generated-page listing and resolved archive, kept in the cache folder.

    Saved atomically after each full build; anything missing, unreadable or different means a full build, so
    the file (like the whole cache) may be deleted at any time."""

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / "build-state.pickle"

    def load(self, digest: str, pages_dir: Path) -> BuildResult | None:
        """The last build's result when its inputs had `digest` and its pages are as it left them."""
        try:
            with open(self.path, "rb") as stream:
                header = pickle.load(stream)  # (format, digest, page listing): the archive is read only on a match
                if header[:2] != (STATE_FORMAT, digest):
                    return None
                listing = page_listing(pages_dir)
                if listing != header[2]:
                    return None  # a generated page edited, added or deleted since
                archive, redirects = pickle.load(stream)
        except Exception:  # missing, truncated, or written by another version: build in full
            return None
        if not isinstance(archive, Archive):
            return None
        return BuildResult(archive, 0, 0, tuple(redirects), listing)

    def save(self, digest: str, result: BuildResult) -> None:
        write_pickle_atomically(self.path, (STATE_FORMAT, digest, result.pages), (result.archive, result.redirects))


def write_pickle_atomically(path: Path, *values) -> None:
    """Pickle `values` one after another into `path`, all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
    try:
        with os.fdopen(handle, "wb") as stream:
            for value in values:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class LocalActorsFile:
    """The per-article local actors of the last build, under the cache folder, valid only for the same code and
    editorial rules (both change how names group). Unreadable or other means an empty memo: everything is
    grouped again."""

    def __init__(self, cache_dir: Path, rules):
        self.path = cache_dir / "local-actors.pickle"
        self.version = hashlib.sha256((code_version() + "\0" + repr(rules)).encode("utf-8", "surrogatepass")).hexdigest()

    def load(self) -> LocalActorsMemo:
        try:
            with open(self.path, "rb") as stream:
                if pickle.load(stream) != (STATE_FORMAT, self.version):
                    return LocalActorsMemo()
                known = pickle.load(stream)
        except Exception:  # missing, truncated, or from another version
            return LocalActorsMemo()
        return LocalActorsMemo(known if isinstance(known, dict) else None)

    def save(self, memo: LocalActorsMemo) -> None:
        write_pickle_atomically(self.path, (STATE_FORMAT, self.version), memo.used)


class SignedPagesFile:
    """Pages rendered from a signature (see render.actor_signatures and render.article_signatures): each key's
    signature in the last build, its page signature where there is one (render.article_page_signature), and the
    size and modification time of the files it wrote. A key whose files are as they were is not rendered again
    when its signature is as it was, or else when its page signature is. Valid only for the same code and site
    settings; a file edited or deleted since means rendering it again."""

    def __init__(self, settings: BuildSettings, name: str):
        self.pages_dir = settings.pages_dir
        self.path = settings.cache_dir / name
        settings_text = repr((settings.site_url, settings.site_name, settings.language))
        self.version = hashlib.sha256((code_version() + "\0" + settings_text).encode("utf-8", "surrogatepass")).hexdigest()
        self.page_signatures: dict[str, str] = {}  # known this build without rendering: kept, or taken to compare

    def files(self, paths: tuple[str, ...]) -> tuple:
        stats = []
        for path in paths:
            try:
                info = os.stat(self.pages_dir / path)
            except OSError:
                return ()
            stats.append((info.st_size, info.st_mtime_ns))
        return tuple(stats)

    def unchanged(
        self, signatures: dict[str, str], paths: dict[str, tuple[str, ...]], page_signature: Callable[[str], str] | None = None
    ) -> frozenset[str]:
        try:
            with open(self.path, "rb") as stream:
                if pickle.load(stream) != (STATE_FORMAT, self.version):
                    return frozenset()
                previous = pickle.load(stream)
        except Exception:  # missing, truncated, or from another version: render everything
            return frozenset()
        same = set()
        for key, signature in signatures.items():
            before = previous.get(key)
            if before is None or before[2] == () or before[2] != self.files(paths[key]):
                continue
            if before[0] == signature:
                same.add(key)
                if before[1] is not None:
                    self.page_signatures[key] = before[1]
            elif page_signature is not None and before[1] is not None:
                self.page_signatures[key] = page_signature(key)
                if self.page_signatures[key] == before[1]:
                    same.add(key)
        return frozenset(same)

    def save(
        self, signatures: dict[str, str], paths: dict[str, tuple[str, ...]], page_signature: Callable[[str], str] | None = None
    ) -> None:
        state = {}
        for key, signature in signatures.items():
            known = self.page_signatures.get(key)
            if known is None and page_signature is not None:
                known = page_signature(key)
            state[key] = (signature, known, self.files(paths[key]))
        write_pickle_atomically(self.path, (STATE_FORMAT, self.version), state)


def page_listing(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under `directory` (its path there), with its size and modification time, sorted by path."""
    listing: list[tuple[str, int, int]] = []
    stack = [(directory, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), f"{prefix}{entry.name}/"))
            else:
                info = entry.stat(follow_symlinks=False)
                listing.append((prefix + entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(listing))


def code_version() -> str:
    """A digest of the generator package's own files (code, templates, assets): a new version rebuilds in full."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def input_digest(settings: BuildSettings, rules, read, annotations) -> str:
    """A digest of everything the generated pages are made from, taken piece by piece: one repr of 10,000
    articles' annotations would be a string of hundreds of MB."""
    options = {k: v for k, v in dataclasses.asdict(settings).items() if k != "workers"}
    digest = hashlib.sha256()
    parts = itertools.chain(
        (code_version(), repr(sorted(options.items())), repr(rules), repr(read.rejections), repr(read.drafts)),
        (repr(article) for article in read.articles),
        ("annotations",),
        (repr(item) for item in sorted(annotations.items())),
    )
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()
