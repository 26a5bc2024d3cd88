"""The site's search: Material's own for small archives, Pagefind for big ones.

Material's search plugin writes one `search/search_index.json` that a reader's browser downloads whole before it
shows a result, growing with the archive (README, Speed at scale). Pagefind splits its index into chunks and a
query fetches only the chunks and excerpts it needs. Option `search: auto` (the default) keeps Material's search
up to `pagefind_above` articles and uses Pagefind above; `material` and `pagefind` choose one outright. This module
makes that choice, switches the theme over (Material's index off, Pagefind's search box in the header) and runs
the `pagefind` binary beside MkDocs (SiteIndex): article and actor pages go in as text records made from the
archive (an actor's when it is named in `pagefind_actors_from` articles), the project's own pages as the HTML
MkDocs writes, their content marked as Material's search would read it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from .cache import link_or_copy
from .config import option_default
from .facets import article_facets
from .i18n import site_language
from .model import Archive
from .pagefind_order import order_filters
from .progress import counted, log
from .read import find_input_files
from .searchrecords import SearchRecord, actor_records, article_records, most_named

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PACKAGE_DIR = Path(__file__).parent
# Templates only (MkDocs copies a theme folder's other files into every site): the header with Pagefind's box.
THEME_DIR = PACKAGE_DIR / "theme" / "pagefind"
BUNDLE = "pagefind"  # Pagefind's output folder in the site
OTHERS = "others"  # the second bundle of a big archive's index, every page but the articles, inside the first
# A big archive's actors past the `box_actors` most named: bundles the search box asks only when the newest
# articles and the others' bundle answer a query with few results (assets/annals/search.js), at most
# `actors_per_bundle` actors to one, the first named FEWER, the next others-3, and so on (fewer_name).
FEWER = f"{OTHERS}-2"
# Pagefind's own search interfaces: the first bundle's component UI is the search box, the rest go unused.
UI_FILES = tuple(
    f"pagefind-{kind}.{ext}"
    for kind in ("ui", "modular-ui", "component-ui")
    for ext in ("js", "css")
) + ("pagefind-highlight.js",)
ASSETS = ("assets/annals/search.css", "assets/annals/search.js", "assets/annals/facets.js")
STYLES = (f"{BUNDLE}/pagefind-component-ui.css", "assets/annals/search.css")
# search.js first: it tells Pagefind's components where the site's root is before they start.
SCRIPTS = (
    "assets/annals/search.js",
    f"{BUNDLE}/pagefind-component-ui.js",
    "assets/annals/facets.js",
)
# What Material's search leaves out of a project's own page: blocks marked data-search-exclude and the ¶
# permalinks of headings.
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".headerlink"]
# Material's element around a page's content (base.html); Pagefind indexes the content of marked pages only.
CONTENT = '<article class="md-content__inner md-typeset">'
MARK = "data-pagefind-body"
PAGEFIND_VERSION = "pagefind 1.5."  # the service protocol spoken below is 1.5's
INSTALL_HINT = "install it with `pip install 'pagefind[bin]>=1.5.2,<1.6'` (a dependency of Annals) or set `search: material`"
BATCH_BYTES = 1 << 20  # encoded requests handed to the thread at a time


def choose_backend(option: str, pagefind_above: int, articles: int, material_search: bool) -> str:
    """'pagefind' or 'material'. `auto` takes Pagefind for more than `pagefind_above` articles, and only in place
    of Material's search: a site configured without search stays without."""
    if option == "auto":
        return "pagefind" if material_search and articles > pagefind_above else "material"
    return option


def count_articles(seeds_dir: Path) -> int:
    """The input files under seeds/: every file the build will read, counted before it reads any (a file it then
    rejects still counts), so the choice is made while the theme can still be switched, the same way every time."""
    return len(find_input_files(seeds_dir)) if seeds_dir.is_dir() else 0


def configure(config, options, seeds_dir: Path) -> int:
    """Choose the backend and set MkDocs up for it (from on_config: MkDocs loads the theme's templates before it
    reads any file); the number of Pagefind bundles (SearchIndex), 0 for Material's search. Fails now, before the
    site folder is emptied, if Pagefind is chosen and its binary cannot run."""
    material = config.plugins.get("material/search")
    material_on = material is not None and material.config.enabled
    articles = count_articles(seeds_dir)
    if choose_backend(options.search, options.pagefind_above, articles, material_on) != "pagefind":
        return 0
    pagefind_executable()
    if material is not None:
        material.config.enabled = (
            False  # no lunr index built or written; Material's header hides its search
        )
    if str(THEME_DIR) not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for style in STYLES:
        if style not in config.extra_css:
            config.extra_css.append(style)
    for script in SCRIPTS:
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
    why = (
        f"search: {options.search}"
        if options.search == "pagefind"
        else f"{counted(articles, 'article')} > pagefind_above: {options.pagefind_above}"
    )
    bundles = (
        2 if articles > max(options.pagefind_split_above, 1) else 1
    )  # one article cannot fill two bundles
    split = (
        f"; two bundles, {counted(articles, 'article')} > pagefind_split_above: {options.pagefind_split_above}"
        if bundles == 2
        else ""
    )
    log.info("search by Pagefind (%s%s)", why, split)
    return bundles


def pagefind_executable() -> tuple[Path, str]:
    """The pagefind binary (from the `pagefind[bin]` package, or PAGEFIND_BINARY_PATH), checked to run, and the
    version it reports."""
    try:
        from pagefind.service import get_executable

        executable = get_executable()
    except (ImportError, FileNotFoundError):
        executable = None
    if executable is None or not Path(executable).is_file():
        where = f" at {executable}" if executable else ""
        raise PluginError(
            f"annals: search uses Pagefind, but there is no pagefind binary{where}; {INSTALL_HINT}"
        )
    try:
        version = subprocess.run(
            [str(executable), "--version"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PluginError(
            f"annals: the pagefind binary {executable} does not run ({error}); {INSTALL_HINT}"
        ) from None
    if version.returncode != 0 or not version.stdout.startswith(PAGEFIND_VERSION):
        said = (version.stdout + version.stderr).strip()[
            -300:
        ] or f"exit status {version.returncode}"
        raise PluginError(f"annals: {executable} is not Pagefind 1.5 ({said}); {INSTALL_HINT}")
    return Path(executable), version.stdout.strip()


def mark_for_index(output: str, page) -> str:
    """The page with its content marked for Pagefind, unless its front matter says `search: exclude: true` (home,
    date and index pages), which is what Material's search obeys."""
    search = page.meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        return output
    return output.replace(CONTENT, f"{CONTENT[:-1]} {MARK}>", 1)


class SearchIndex:
    """Pagefind's index of one build: the records of the generated pages and the project's own pages, in one
    bundle (SiteIndex) or, for a big archive, several: the articles, oldest first, at most `articles_per_bundle`
    to a bundle (the first in pagefind/, the next in pagefind/articles-2/, …; where each ends, `ends_bundle`),
    and every other page (OTHERS), of the actors' only the most named, the others' in bundles of their own, at
    most `actors_per_bundle` to one (FEWER and on, `add_actors`).

    Pagefind holds a bundle whole as it makes it, and its memory peaks, as it writes the bundle, at several times
    what it holds once the pages are in: about 250 MB for every 1,000 articles, more than the whole build may take
    for a large archive (README, Speed at scale). Split, the articles' bundles are made one after the other, each
    written as soon as its records are in, from the archive resolved on (an article's record carries the actors it
    names), beside the rendering of pages: Pagefind never holds more than one bundle of articles, whatever the
    size of the archive; the less named actors' bundles follow them, as bounded and one after the other. The
    others, the most named actors and the project's pages, Pagefind writes only at `finish`, once the build has let
    go of what it no longer needs. Articles go to bundles by date, so an article added at the end of
    the archive makes again only the last, and one added inside it, only its own. The split follows what a reader
    asks: the search page narrowed by a filter or sorted by date can only find articles (only they carry filters
    and dates), so it loads their bundles alone, and the metadata of the actor pages, which grows with the archive, stays unloaded
    (assets/annals/facets.js); the header's box asks the newest articles' bundle and the others' first, and the
    older ones only for a query those answer with few results (assets/annals/search.js).
    With more than one bundle of articles, each article's record carries the filter PART_FILTER, its bundle's
    number, by which the search page sorts by date across them (Pagefind's merged results are ordered by score,
    which a sort makes a rank within each bundle)."""

    def __init__(
        self,
        language: str,
        cache_dir: Path | None,
        own_pages: Iterable[str],
        split: bool,
        articles_per_bundle: int = option_default("pagefind_articles_per_bundle"),
        actors_per_bundle: int = option_default("pagefind_actors_per_bundle"),
    ):
        self.language = language
        # Split, the bundles of the less named actors, when there are any (add_actors).
        self.fewer: list[SiteIndex] = []
        self.kept = cache_dir / BUNDLE if cache_dir else None
        self.articles_per_bundle = max(1, articles_per_bundle)
        self.actors_per_bundle = max(1, actors_per_bundle)
        self.split = split
        self.aborted = False
        self.parts: list[SiteIndex] = []  # the articles' bundles, once add_articles has made them
        self.writing: SiteIndex | None = None  # the bundle `write_part` is writing
        self.part_languages: list[tuple[str, ...]] = []  # the languages each of them is indexed in
        self.part_months: list[list[str]] = []  # the months (YYYY-MM) of each one's articles
        if self.kept is not None and self.kept.is_dir():
            # The bundles of the other layout, or an older version's, go.
            for old in self.kept.iterdir():
                if not kept_name(old.name, split):
                    shutil.rmtree(old, ignore_errors=True)
        own_pages = list(own_pages)
        if split:
            self.last = SiteIndex(
                language,
                self.kept / OTHERS if self.kept else None,
                own_pages,
                1,
                f"{BUNDLE}/{OTHERS}",
                hold=True,
            )
        else:
            self.last = SiteIndex(language, self.kept / "whole" if self.kept else None, own_pages)

    @property
    def merged(self) -> tuple[str, ...]:
        """The bundles after the first, which the header's box and the search page merge with it, as folders
        inside it ('articles-2/', 'others/'): known once the articles are in."""
        if not self.split:
            return ()
        return (
            tuple(f"{part_name(n)}/" for n in range(2, len(self.parts) + 1))
            + (f"{OTHERS}/",)
            + tuple(f"{fewer_name(n)}/" for n in range(1, len(self.fewer) + 1))
        )

    def layout(self) -> dict:
        """What BUNDLES_FILE says, once the articles are in: the bundles after the first ('merge'),
        the months of each bundle of articles ('months': the search page narrowed to a year or a month asks only
        those holding it) and, when they are several and in more than one language, the languages of each
        ('languages': a language is searched only in the bundles holding it; Pagefind would answer it from a
        bundle's other language's index)."""
        layout: dict = {"merge": list(self.merged), "months": self.part_months}
        if len(self.parts) > 1 and any(set(held) - {self.language} for held in self.part_languages):
            layout["languages"] = [list(languages) for languages in self.part_languages]
        return layout

    def add_articles(self, records: Iterable[tuple]) -> None:
        """The articles' records, in path order (oldest first), as soon as the archive is resolved. Split, their
        bundles are written one after the other before this returns (each one's peak must pass before the next
        begins), and the records are taken a bundle's worth at a time. SiteSearch calls it in a thread of its own,
        beside the build's rendering, and `abort` stops it between bundles."""
        if not self.split:
            self.last.add_records(records)
            return
        size = self.articles_per_bundle
        remaining = iter(records)
        chunk = fill_bundle([], remaining, size)
        after = next(remaining, None)  # the next bundle's first record
        several = after is not None  # each record names its bundle only when there is more than one
        number = 0
        while not self.aborted:
            number += 1
            part = self.write_part(
                part_name(number), [in_part(r, number) for r in chunk] if several else chunk
            )
            self.parts.append(part)
            self.part_languages.append(
                tuple(sorted({(r[5] if len(r) > 5 else "") or self.language for r in chunk}))
            )
            self.part_months.append(months_of(chunk))
            if after is None:
                break
            chunk = fill_bundle([after], remaining, size)
            after = next(remaining, None)
        if not self.aborted and self.kept is not None and self.kept.is_dir():
            # The bundles of articles past the last, from a larger archive, go.
            for old in self.kept.iterdir():
                if part_number(old.name) > number:
                    shutil.rmtree(old, ignore_errors=True)

    def write_part(self, name: str, records: list[tuple]) -> SiteIndex:
        """One bundle of a split index made of `records` alone and written before this returns (kept in the cache
        as `name`; the first articles' bundle is pagefind/ itself, any other pagefind/`name`/)."""
        part = SiteIndex(
            self.language,
            self.kept / name if self.kept else None,
            [],
            record_parts=1,
            bundle=BUNDLE if part_number(name) == 1 else f"{BUNDLE}/{name}",
        )
        self.writing = part  # where `abort` finds it while it is written
        part.add_records(records)
        part.wait()
        return part

    def add_actors(self, records: list[tuple], fewer: Sequence[tuple] = ()) -> None:
        """The actors' records, once they are resolved; split, those of the less named actors (`fewer`) go to
        bundles of their own, so the others' bundle, which the search box asks at every query, does not grow with
        the archive. Those are written at once, one after the other and each of at most `actors_per_bundle` (cut
        as the articles' are, `ends_bundle`: an actor added inside the list makes again only the bundle it falls
        in), so that Pagefind's peak as it writes them stays that of one bundle whatever the archive's size."""
        self.last.add_records(records)
        number = 0
        if self.split:
            remaining = iter(fewer)
            while not self.aborted and (
                chunk := fill_bundle([], remaining, self.actors_per_bundle)
            ):
                number += 1
                self.fewer.append(self.write_part(fewer_name(number), chunk))
        if not self.aborted and self.kept is not None and self.kept.is_dir():
            # The less named actors' bundles past the last, from a build that had more, go.
            for old in self.kept.iterdir():
                if fewer_number(old.name) > number:
                    shutil.rmtree(old, ignore_errors=True)

    def page_written(self, path: str, html: str) -> None:
        self.last.page_written(path, html)

    @property
    def held(self) -> tuple[SiteIndex, ...]:
        """The bundles written only once MkDocs has written the site: the others'."""
        return (self.last,)

    def release(self, site_dir) -> None:
        """Let Pagefind write the last bundles (the articles' are written beside the build's rendering)."""
        for index in self.held:
            index.release(site_dir)

    def finish(self, site_dir) -> int:
        """Write the bundles into the site with the search box's own assets; the number of pages indexed."""
        site = Path(site_dir)
        for asset in ASSETS:
            (site / asset).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(PACKAGE_DIR / asset, site / asset)
        articles = sum(part.finish(site) for part in self.parts)  # the first empties pagefind/
        actors = sum(part.finish(site) for part in self.fewer)
        if self.split:
            (site / BUNDLES_FILE).write_text(
                json.dumps(self.layout(), separators=(",", ":")), "utf-8"
            )
        count = articles + actors + sum(index.finish(site) for index in self.held)
        # The search box is the first bundle's; another's copy would never load.
        for folder in self.merged:
            for name in UI_FILES:
                (site / BUNDLE / folder / name).unlink(missing_ok=True)
        if not count:
            log.warning("no page to index for search (every page has `search: exclude: true`)")
        elif self.split and not (articles and self.last.count):
            log.warning(
                "one of the search bundles is empty (no actor and no page of the project's own to index), "
                "and Pagefind's search box then finds nothing; raise `pagefind_split_above` above the number of articles"
            )
        return count

    def abort(self) -> None:
        self.aborted = True  # add_articles, in another thread, begins no further bundle
        writing = (self.writing,) if self.writing is not None else ()
        for index in dict.fromkeys((*self.parts, *self.fewer, *writing, *self.held)):
            index.abort()


def fill_bundle(chunk: list[tuple], remaining: Iterator[tuple], size: int) -> list[tuple]:
    """`chunk` extended with records from `remaining` up to the end of its bundle (`ends_bundle`)."""
    while not (chunk and ends_bundle(chunk, size)):
        record = next(remaining, None)
        if record is None:
            break
        chunk.append(record)
    return chunk


def ends_bundle(chunk: list[tuple], size: int) -> bool:
    """Whether the records (articles', or less named actors') in `chunk` make a whole bundle of at most `size`:
    past half of it, a bundle ends after a record whose address's digest says so (one address in `size` / 4; about
    1,430 of 2,000 on average), and at `size` in any case. Cut by count, the bundles after an article added
    inside the archive all shifted by one and were made again (half of them, on average); cut by address, they
    stay as they were, but the one it falls in (and, where that one was cut at `size`, the next). The same
    records give the same bundles, whatever was built before."""
    if len(chunk) >= size:
        return True
    if len(chunk) <= size // 2:
        return False
    digest = hashlib.blake2b(chunk[-1][0].encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % max(1, size // 4) == 0


# The filter an article's record carries when the articles are in more than one bundle: its bundle's number.
PART_FILTER = "part"


def part_name(number: int) -> str:
    """The folder (in the site, inside pagefind/, and in the cache) of the articles' bundle `number` (from 1)."""
    return "articles" if number == 1 else f"articles-{number}"


def part_number(name: str) -> int:
    """The number of the articles' bundle kept in the folder `name`; 0 for another folder."""
    if name == "articles":
        return 1
    found = re.fullmatch(r"articles-([1-9][0-9]*)", name)
    return int(found.group(1)) if found else 0


def fewer_name(number: int) -> str:
    """The folder (in the site, inside pagefind/, and in the cache) of the less named actors' bundle `number`
    (from 1): FEWER, then others-3, …"""
    return f"{OTHERS}-{number + 1}"


def fewer_number(name: str) -> int:
    """The number of the less named actors' bundle kept in the folder `name`; 0 for another folder."""
    found = re.fullmatch(rf"{OTHERS}-([2-9]|[1-9][0-9]+)", name)
    return int(found.group(1)) - 1 if found else 0


def kept_name(name: str, split: bool) -> bool:
    """Whether the cache's folder `name` holds bundles of the layout a build makes (split or whole)."""
    if split:
        return part_number(name) > 0 or fewer_number(name) > 0 or name == OTHERS
    return name == "whole"


# A split index's bundles and what each holds (SearchIndex.layout), which the search box and the search page read
# (assets/annals/search.js, facets.js): in a file of their own rather than in every page's header, so the build
# that first needs one bundle more renders no page again.
BUNDLES_FILE = f"{BUNDLE}/annals-bundles.json"


def months_of(records: list[tuple]) -> list[str]:
    """The months (the filter 'month', YYYY-MM) of articles' records, sorted."""
    return sorted(
        {
            value
            for record in records
            for name, values in (record[3] if len(record) > 3 else ())
            if name == "month"
            for value in values
        }
    )


def in_part(record: tuple, number: int) -> tuple:
    """An article's record (SiteIndex.add_records) with the filter naming its bundle."""
    url, title, text, *more = record
    filters = tuple(more[0]) if more else ()
    rest = tuple(more[1:]) if len(more) > 1 else ((),)
    return (url, title, text, (*filters, (PART_FILTER, (str(number),))), *rest)


class SiteIndex:
    """One Pagefind bundle of one build, made beside the rest of the build rather than after it.

    Generated pages reach the index as plain-text records made from the archive (render.article_records and
    render.actor_records), which Pagefind indexes several times faster than it parses the pages' HTML. The
    project's own pages (the docs folder's) follow as MkDocs writes them, as HTML with their content marked
    (`mark_for_index`); once the last has come (at once when there are none), Pagefind writes its files — or, with
    `hold`, once `finish` is called, when the build has let go of what it no longer needs. It all goes through one
    queue to a thread that feeds the `pagefind` process, which works on a core of its own while the build goes on.

    Pagefind has no incremental mode, so the last bundle is kept under `kept_dir`, named by digests of what it
    was made from, part by part (Pagefind's version and settings with the first part of records, then the next,
    then the pages, each digest covering all before it). Pagefind starts as soon as a part differs from every kept
    bundle's; while the parts so far match one, it waits, and when all of them match it copies that bundle, which
    is byte for byte what indexing again would write. The order is fixed (records by path, pages in MkDocs' order,
    which is sorted), never the order a disk lists files in, so the same seeds give the same bundle on every
    machine.

    Requests reach Pagefind already encoded, a megabyte at a time and at most two batches ahead of its answers,
    which go to a file the thread reads a few times a batch: a thread that woke for every request and answer took
    Python's lock from the build thousands of times a build."""

    def __init__(
        self,
        language: str,
        kept_dir: Path | None,
        own_pages: Iterable[str],
        record_parts: int = 2,
        bundle: str = BUNDLE,
        hold: bool = False,
    ):
        """`own_pages`: the output paths of the project's own pages, which `page_written` will bring once all
        `record_parts` parts of records are in; `bundle`: the bundle's folder in the site."""
        self.started = time.perf_counter()
        self.executable, version = pagefind_executable()
        self.language = language
        self.kept_dir = kept_dir
        self.bundle = bundle
        self.digest = hashlib.blake2b(
            json.dumps([version, EXCLUDE_SELECTORS, language]).encode("utf-8"), digest_size=16
        )
        self.name = ""  # the digests of the parts so far, joined by '-': the kept bundle's name when all are in
        self.queue: queue.Queue = (
            queue.Queue()
        )  # (encoded requests, number of the last), a batch at a time; None ends
        self.requests = 1  # requests numbered so far; the thread sends the first (NewIndex)
        self.encoded = bytearray()  # requests encoded and not yet queued
        # The last part's records, while a kept bundle is taken to be this one (add_records).
        self.unsent: list[tuple] | None = None
        self.count = 0
        self.record_parts = record_parts  # parts of records still to come
        self.expected = list(own_pages)
        self.pages: dict[str, bool] = {}  # output path → whether it was indexed
        self.released = (
            threading.Event()
        )  # Pagefind may write its files (set at once unless `hold`)
        if not hold:
            self.released.set()
        self.thread: threading.Thread | None = None
        self.process: subprocess.Popen | None = None
        self.written: Path | None = None  # the folder Pagefind wrote the bundle into
        self.error: Exception | None = None
        self.indexed_at = 0.0
        self.waited: float | None = None  # how long `wait` waited, when it was called
        # Set by `release`: (the time it let Pagefind write, or found a kept bundle; that bundle to copy, or None)
        self.releasing: tuple[float, Path | None] | None = None

    def add_records(self, records: Iterable[tuple]) -> None:
        """One part of the records, (url, title, text) of each generated page, in a fixed order, optionally followed
        by its filters and sort keys as (name, values) and (name, key) pairs (facets.Facets) and the language its
        text is indexed in (search_language; the site's when absent or ""). Pagefind makes an index per language,
        stemmed by its language's rules, and the search box searches each (assets/annals/search.js)."""
        if self.record_parts == 1 and not self.expected:
            # The last part, and no page to follow it: its digest alone says whether a kept bundle is this one, so
            # it is taken first, and a kept bundle's records are never encoded (two thirds of the articles' when
            # one article is added to three bundles' worth).
            records = list(records)
            for record in records:
                self.digest.update(record_digest(record))
            self.count += len(records)
            if self.kept_with(self.name_with(self.digest.hexdigest())):
                self.unsent = records  # encoded only if that bundle goes before `finish` copies it
            else:
                for record in records:
                    self.request(self.record_request(record))
        else:
            for record in records:
                self.digest.update(record_digest(record))
                self.request(self.record_request(record))
                self.count += 1
        self.end_part()
        self.record_parts -= 1
        self.close_when_complete()

    def record_request(self, record: tuple) -> dict:
        """Pagefind's AddRecord request for one record."""
        url, title, text, *more = record
        filters, sort = (dict(part) for part in more[:2]) if more else ({}, {})
        language = (more[2] if len(more) > 2 else "") or self.language
        request = {
            "type": "AddRecord",
            "index_id": 0,
            "url": url,
            "content": text,
            "language": language,
            "meta": {"title": title},
        }
        if filters or sort:
            request |= {
                "filters": {name: list(values) for name, values in filters.items()},
                "sort": sort,
            }
        return request

    def page_written(self, path: str, html: str) -> None:
        """One of the project's own pages as MkDocs writes it; indexed when its content is marked."""
        if self.record_parts or path in self.pages or path not in self.expected:
            return
        self.pages[path] = MARK in html
        self.digest.update(
            json.dumps([path, html if self.pages[path] else None], ensure_ascii=False).encode(
                "utf-8", "surrogatepass"
            )
        )
        if self.pages[path]:
            self.request(
                {"type": "AddFile", "index_id": 0, "file_path": path, "file_contents": html}
            )
            self.count += 1
        self.close_when_complete()

    def request(self, payload: dict) -> None:
        """Encode one request for the thread. Index 0 is the one NewIndex makes in a fresh service process (checked)."""
        self.requests += 1
        self.encoded += encode_request(self.requests, payload)
        if len(self.encoded) >= BATCH_BYTES:
            self.send_encoded()

    def send_encoded(self) -> None:
        if self.encoded:
            self.queue.put((bytes(self.encoded), self.requests))
            self.encoded = bytearray()

    def close_when_complete(self) -> None:
        self.send_encoded()
        if not self.record_parts and len(self.pages) == len(self.expected):
            self.end_part()
            self.queue.put(None)  # everything is in: Pagefind writes its files (once released)

    def end_part(self) -> None:
        """A part is complete: start Pagefind unless a kept bundle was made from the same parts so far."""
        self.name = self.name_with(self.digest.hexdigest())
        if self.thread is None and not self.kept_with(self.name):
            self.start()

    def name_with(self, digest: str) -> str:
        """The bundle's name once the part whose digest (of it and all before it) is `digest` is in."""
        return f"{self.name}-{digest}" if self.name else digest

    def start(self) -> None:
        if self.unsent:
            # Their requests go before the end of the queue, which no thread has read yet.
            queued = []
            while not self.queue.empty():
                queued.append(self.queue.get())
            ended = bool(queued) and queued[-1] is None
            for item in queued[:-1] if ended else queued:
                self.queue.put(item)
            for record in self.unsent:
                self.request(self.record_request(record))
            self.send_encoded()
            if ended:
                self.queue.put(None)
        self.unsent = None
        self.thread = threading.Thread(target=self._index, name="annals-pagefind", daemon=True)
        self.thread.start()

    def kept_with(self, prefix: str) -> bool:
        if self.kept_dir is None or not self.kept_dir.is_dir():
            return False
        return any(
            path.name == prefix or path.name.startswith(prefix + "-")
            for path in self.kept_dir.iterdir()
        )

    def _index(self) -> None:
        """The thread: every batch of requests from the queue until None, then, once released, the bundle written
        to a folder of its own (beside the kept bundles, so that keeping it is a rename)."""
        with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as answers:
            try:
                # Answers go to a file: the service never waits on them, and nothing here wakes for each one.
                self.process = subprocess.Popen(
                    [str(self.executable), "--service"],
                    stdin=subprocess.PIPE,
                    stdout=answers,
                    stderr=errors,
                )
                assert self.process.stdin is not None  # stdin=PIPE
                service, answered = self.process.stdin.fileno(), Answers(answers, self.process)
                write_all(
                    service,
                    encode_request(
                        1, {"type": "NewIndex", "config": {"exclude_selectors": EXCLUDE_SELECTORS}}
                    ),
                )
                sent = [1]  # the number of the last request of each batch written
                while (item := self.queue.get()) is not None:
                    # At most two batches ahead of Pagefind's answers: it reads its input into memory as fast as
                    # it comes, and a whole bundle's worth, kept by its allocator, would add to its peak.
                    answered.wait_for(sent[-2] if len(sent) > 1 else 0)
                    write_all(service, item[0])
                    sent.append(item[1])
                    del item
                self.released.wait()
                # GetFiles, not WriteFiles: the service answers WriteFiles before its writes are flushed, and files
                # it was still writing when it exited came out cut short (seen: 2 runs in 40).
                last = sent[-1] + 1
                write_all(service, encode_request(last, {"type": "GetFiles", "index_id": 0}))
                answered.wait_for(last)
                files = order_filters(answered.payload(last)["files"])
                if self.kept_dir is not None:
                    self.kept_dir.mkdir(parents=True, exist_ok=True)
                self.written = Path(tempfile.mkdtemp(prefix=".written-", dir=self.kept_dir))
                write_bundle(files, self.written)
                del files
            except (OSError, ServiceError, KeyError, ValueError, TypeError) as error:
                if self.process is not None:
                    self.process.kill()
                errors.seek(0)
                said = errors.read().decode("utf-8", "replace").strip()[-1000:]
                self.error = PluginError(
                    f"annals: Pagefind failed to index the site: {error!s}"
                    + (f"\n{said}" if said else "")
                )
            finally:
                self.indexed_at = time.perf_counter()
                if self.process is not None and self.process.stdin is not None:
                    try:
                        self.process.stdin.close()  # the service exits at the end of its input
                    except OSError:
                        pass
                    self.process.wait()

    def release(self, site_dir) -> None:
        """Let Pagefind write the bundle now, while the build does other work (`finish` then waits for it and puts
        it into the site). Pages MkDocs did not write in this build (`mkdocs serve --dirty`) are read from the site
        as they are. Nothing to release when a kept bundle will be copied."""
        if self.releasing is not None:
            return
        site = Path(site_dir)
        shutil.rmtree(
            site / self.bundle, ignore_errors=True
        )  # a dirty build must not keep the last bundle's chunks
        if self.record_parts:
            raise RuntimeError(
                "the search index was given fewer parts of records than it was told to expect"
            )
        for path in self.expected:
            if path not in self.pages:
                try:
                    self.page_written(path, (site / path).read_text("utf-8"))
                except OSError:
                    self.page_written(path, "")
        kept = self.kept_dir / self.name if self.kept_dir else None
        if self.thread is None and kept is not None and kept.is_dir():
            self.releasing = (time.perf_counter(), kept)
            return
        if self.thread is None:
            self.start()  # the kept bundle matched, then went (deleted with the cache folder, say)
        self.releasing = (time.perf_counter(), None)
        self.released.set()

    def finish(self, site_dir) -> int:
        """Write the bundle into the site (under `self.bundle`), released first if it was not; the number of pages
        indexed."""
        site = Path(site_dir)
        self.release(site)
        assert self.releasing is not None  # set by release
        finished, copied = self.releasing
        kept = self.kept_dir / self.name if self.kept_dir else None
        if copied is not None:
            started = time.perf_counter()
            shutil.copytree(copied, site / self.bundle, copy_function=link_or_copy)
            log.info(
                "Pagefind reused the index of %s in %.1f s",
                counted(self.count, "unchanged page"),
                time.perf_counter() - started,
            )
            return self.count
        assert self.thread is not None  # started by release when it was not
        self.thread.join()
        try:
            if self.error is not None:
                raise self.error
            assert self.written is not None  # the thread wrote the bundle, or set the error
            shutil.copytree(self.written, site / self.bundle, copy_function=link_or_copy)
            if kept is not None and self.count:
                keep_bundle(self.written, kept)
                self.written = None
        finally:
            if self.written is not None:
                shutil.rmtree(self.written, ignore_errors=True)
        if self.waited is not None:
            waited = f"{self.waited:.1f} s after its last record, beside the build's rendering"
        else:
            waited = (
                f"{max(0.0, self.indexed_at - finished):.1f} s after MkDocs had written the site"
            )
        log.info(
            "Pagefind indexed %s in %.1f s (%s)",
            counted(self.count, "page"),
            self.indexed_at - self.started,
            waited,
        )
        return self.count

    def wait(self) -> None:
        """Until Pagefind has written the bundle (at once when a kept one will be copied)."""
        if self.thread is not None:
            started = time.perf_counter()
            self.thread.join()
            self.waited = time.perf_counter() - started

    def abort(self) -> None:
        """Stop indexing: the build failed."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        self.queue.put(None)
        self.released.set()
        if self.thread is not None:
            self.thread.join()
        if self.written is not None:
            shutil.rmtree(self.written, ignore_errors=True)


def record_digest(record: tuple) -> bytes:
    """What a record adds to its bundle's digest."""
    return json.dumps(list(record), ensure_ascii=False).encode("utf-8", "surrogatepass")


def search_language(tag: str, site: str) -> str:
    """The language Pagefind indexes a page of language `tag` in (its stemmer's): the site's (`site`, lowercased)
    for a page in it, in a variety of it ('en-GB' on an 'en' site) or of no known language, else the page's without
    its region or script ('fr' for 'fr-CA'): one index, one download, per language. Pagefind indexes a language it
    has no stemmer for without stemming."""
    primary = tag.split("-")[0].lower()
    return site if not primary or primary == site.split("-")[0] else primary


def write_bundle(files: list[dict], output: Path) -> None:
    """The files Pagefind's service returned (base64-encoded), written under `output`."""
    for file in sorted(files, key=lambda f: f["path"]):
        relative = PurePosixPath(file["path"])
        if ".." in relative.parts or relative.is_absolute():
            raise ServiceError(f"Pagefind returned a file outside its folder: {file['path']!r}")
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(file["content"]))


def keep_bundle(written: Path, kept: Path) -> None:
    """The bundle written under `written` kept at `kept`, in place of any earlier one: renamed, so complete or
    absent, never half written. The site has it by hard links, and neither is ever written in place."""
    os.replace(written, kept)
    for old in kept.parent.iterdir():
        if old != kept:
            shutil.rmtree(old, ignore_errors=True)


class ServiceError(Exception):
    """The pagefind service answered with an error or stopped."""


def encode_request(number: int, payload: dict) -> bytes:
    """One request as the service reads it: base64 of its JSON, then a comma."""
    message = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False).encode(
        "utf-8"
    )
    return base64.b64encode(message) + b","


def write_all(descriptor: int, data: bytes) -> None:
    """All of `data` into a pipe, blocking (outside Python's lock) while the service catches up."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


class Answers:
    """The service's answers, as it writes them to the file `stream`, read as they come."""

    def __init__(self, stream, process: subprocess.Popen):
        self.stream, self.process = stream, process
        self.received = bytearray()
        self.offset = 0  # how much of the file has been read
        self.count = 0

    def wait_for(self, count: int) -> None:
        """Until answers 1 to `count` have come."""
        pause = 0.005
        while self.count < count:
            chunk = os.pread(self.stream.fileno(), 1 << 24, self.offset)
            if chunk:
                self.count += chunk.count(b",")
                self.received += chunk
                self.offset += len(chunk)
                pause = 0.005
                continue
            if self.process.poll() is not None:
                raise ServiceError(
                    f"the pagefind service stopped (exit status {self.process.poll()})"
                )
            time.sleep(pause)
            pause = min(pause * 2, 0.05)

    def payload(self, count: int) -> dict:
        """The payload of answer `count`; every earlier one is checked to be in order and not an error. The
        answers read so far are let go: the last one asked for holds a whole bundle's files (base64 in JSON in
        base64, 27 MB for 15 MB of files), and each copy of it was build memory while the bundle was written: no
        more than one and a half times it now, two and a half before."""
        payload: dict = {}
        received, self.received = self.received, bytearray()
        view, start = memoryview(received), 0
        for number in range(1, count + 1):
            end = received.find(b",", start)
            if end < 0:
                break
            decoded = binascii.a2b_base64(view[start:end])  # no copy of the answer first
            start = end + 1
            if number == count:
                view.release()
                del received
            # As text first, the bytes let go before parsing (json.loads would hold both beside what it makes).
            text = decoded.decode("utf-8")
            del decoded
            response = json.loads(text)
            del text
            payload = response.get("payload") or {}
            if payload.get("type") == "Error":
                raise ServiceError(payload.get("message") or "an error without a message")
            if response.get("message_id") != number:
                raise ServiceError(
                    f"answer {response.get('message_id')} came where {number} was due"
                )
            if number == 1 and payload.get("index_id") != 0:
                raise ServiceError(
                    f"the service made index {payload.get('index_id')!r} where 0 was due"
                )
        return payload


class SiteSearch:
    """Pagefind fed from one build as it goes: the articles' and actors' records as soon as the archive is resolved
    (an article's record carries the actors it names, to be narrowed by; Pagefind works on a core of its own while
    the build goes on), the project's own pages as MkDocs writes them; the bundles written into the site at the end."""

    def __init__(
        self,
        bundles: int,
        config: MkDocsConfig,
        pages_dir: str,
        cache_dir: Path | None,
        actors_from: int = option_default("pagefind_actors_from"),
        articles_per_bundle: int = option_default("pagefind_articles_per_bundle"),
        box_actors: int = option_default("pagefind_box_actors"),
        actors_per_bundle: int = option_default("pagefind_actors_per_bundle"),
    ):
        self.bundles = bundles
        self.articles_per_bundle = articles_per_bundle
        self.actors_per_bundle = actors_per_bundle
        # Split, the most named actors whose pages are in the others' bundle.
        self.box_actors = box_actors
        self.actors_from = (
            actors_from  # the articles an actor is named in for its page to be indexed
        )
        self.config = config
        self.pages_dir = pages_dir
        self.cache_dir = cache_dir
        self.index: SearchIndex | None = None
        self.indexing: threading.Thread | None = None  # the thread archive_resolved started
        self.indexing_error: BaseException | None = None
        self.article_languages: tuple[
            str, ...
        ] = ()  # as the articles are indexed, once they are resolved

    @property
    def language(self) -> str:
        """The site's language as Pagefind names its index: theme.language, lowercased."""
        return str(self.config.theme.get("language") or "en").lower()

    def records(self, records: Iterable[SearchRecord]) -> Iterator[tuple]:
        """(URL as Pagefind links it, title, text, filters, sort, language) of each record, the URL as MkDocs makes
        the page's, the language the one Pagefind indexes it in (search_language)."""
        config = self.config
        for record in records:
            yield (
                "/"
                + File(record.path, self.pages_dir, config.site_dir, config.use_directory_urls).url,
                record.title,
                record.content,
                record.filters,
                record.sort,
                search_language(record.language, self.language),
            )

    def archive_resolved(self, archive: Archive, own_pages: list[str]) -> None:
        """Start indexing the articles, then the actors, in a thread of their own: the build renders its pages
        meanwhile, while Pagefind makes the articles' bundles (and the less named actors') on the other core, and
        `articles_indexed` waits for what is left before MkDocs needs to know the bundles."""
        self.abort()  # a serve rebuild that began before the last one finished
        index = SearchIndex(
            self.language,
            self.cache_dir,
            own_pages,
            self.bundles == 2,
            self.articles_per_bundle,
            self.actors_per_bundle,
        )
        self.index = index
        catalogue = site_language(self.language)
        languages: set[str] = set()

        def articles() -> Iterator[tuple]:
            for record in self.records(
                article_records(archive.articles, article_facets(archive), catalogue)
            ):
                languages.add(record[5])
                yield record

        def index_archive() -> None:
            try:
                index.add_articles(articles())
                self.article_languages = tuple(sorted(languages))
                records = actor_records(archive, catalogue, self.actors_from)
                fewer: list[SearchRecord] = []
                if index.split:
                    most = most_named(archive, self.box_actors)
                    fewer = [r for r in records if r.path not in most]
                    records = [r for r in records if r.path in most]
                index.add_actors(list(self.records(records)), list(self.records(fewer)))
            except BaseException as error:  # raised in the build's thread, by articles_indexed
                self.indexing_error = error

        self.indexing_error = None
        self.indexing = threading.Thread(
            target=index_archive, name="annals-search-records", daemon=True
        )
        self.indexing.start()

    def articles_indexed(self) -> float:
        """Wait until the bundles of every article and of the less named actors are written and the other actors'
        records are in; the seconds waited."""
        indexing, self.indexing = self.indexing, None
        if indexing is None:
            return 0.0
        started = time.perf_counter()
        indexing.join()
        error, self.indexing_error = self.indexing_error, None
        if error is not None:
            raise error
        return time.perf_counter() - started

    @property
    def other_languages(self) -> tuple[str, ...]:
        """The languages the articles are indexed in when one is not the site's, else (): what the search box
        needs to search each language's index (assets/annals/search.js); a site in one language loads as before."""
        if set(self.article_languages) <= {self.language}:
            return ()
        return self.article_languages

    def page_written(self, dest_uri: str, output: str) -> None:
        if self.index is not None:
            self.index.page_written(dest_uri, output)

    @property
    def split(self) -> bool:
        return self.index is not None and self.index.split

    def release(self, site_dir: str) -> None:
        """Let Pagefind write its last bundle while the build goes on (`finish` waits for it)."""
        if self.index is not None:
            self.index.release(site_dir)

    def finish(self, site_dir: str) -> None:
        index, self.index = self.index, None
        if index is not None:
            index.finish(site_dir)

    def abort(self) -> None:
        index, self.index = self.index, None
        if index is not None:
            index.abort()  # its Pagefind stops, so a thread waiting on it comes back
        indexing, self.indexing = self.indexing, None
        if indexing is not None:
            indexing.join()
            self.indexing_error = None
        if index is not None:
            index.abort()  # a bundle the thread began after the first call
