"""The MkDocs plugin `annals`: runs the pipeline inside `mkdocs build|serve|gh-deploy` and hands MkDocs the pages.

Generated Markdown lives in a folder under the cache and is rewritten only when its content changes, so
`mkdocs serve --dirty` rebuilds just what changed. Rejected input files are logged as warnings, which makes
`mkdocs build --strict` fail.
"""

from __future__ import annotations

import ctypes
import difflib
import gc
import logging
import os
import re
import zlib
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import search
from .annotate import ModelError, unannotated_message
from .config import AnnalsConfig, ConfigError, load_entities
from .feeds import feed_link_tags, insert_feed_links
from .metadata import MetadataIndex, head_tags
from .cache import code_version, link_or_copy
from .pagecache import PageCache, site_fingerprint
from .pipeline import BuildResult, BuildSettings, build_archive
from .progress import counted, pause_for_tests, terminal_progress
from .urls import article_url
from .render import redirect_page
from .searchrecords import actor_records, article_records

log = logging.getLogger("mkdocs.plugins.annals")
PACKAGE_DIR = Path(__file__).parent
STYLESHEET = "assets/annals/annals.css"
THEME_DIR = str(PACKAGE_DIR / "theme")
DEFAULT_NAV = [{"Home": "index.md"}, {"Dates": "dates/index.md"}, {"Actors": "actors/index.md"}]
# The CLI passes its --seeds/--entities through these, so `annals serve` can override mkdocs.yml too.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
OVERRIDE_VARIABLES = {"seeds": "ANNALS_SEEDS", "entities": "ANNALS_ENTITIES"}
# …and its --date-from (a choice, not a path) through this one.
DATE_FROM_VARIABLE = "ANNALS_DATE_FROM"


def safe_striptags(value) -> Markup:
    """Jinja's striptags un-escapes entities; escape the result again so a title can never become markup."""
    return escape(Markup(str(value)).striptags())


class AnnalsPlugin(BasePlugin[AnnalsConfig]):
    """Generates article, actor, date and index pages from the seeds folder."""

    supports_multiple_instances = False

    def load_config(self, options, config_file_path=None):
        """MkDocs only warns about an unknown option; a misspelt one ('modle:') would build with the default."""
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [(key, message) for key, message in warnings if "Unrecognised configuration name" in str(message)]
        for key, _ in unknown:
            close = difflib.get_close_matches(key, [name for name, _ in self.config_scheme], n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            errors.append((key, ValidationError(f"no such option of the annals plugin; {hint}options: {', '.join(n for n, _ in self.config_scheme)}")))
        return errors, [w for w in warnings if w not in unknown]

    def __init__(self):
        super().__init__()
        self.result: BuildResult | None = None
        self.page_dates: dict[str, str] = {}
        self.page_cache: PageCache | None = None
        self.built_pages: list[tuple[str, str]] = []
        self.pending_additions: dict[str, tuple[str, str]] = {}
        self.page_order: list[File] = []  # every documentation page, in the order MkDocs builds them
        self.cached_files: dict[str, File] = {}  # src_uri → the File of a page the cache puts in place
        self.deferred_content: dict[str, bytes] = {}
        self.dirty = False
        self.command = ""
        self.search_bundles = 0  # Pagefind's bundles (search.configure); 0 with Material's search
        self.site_index: search.SearchIndex | None = None
        self.pages_dir = ""

    def on_startup(self, *, command, dirty):
        # `serve --dirty` renders only pages whose Markdown is newer than their HTML and keeps the rest of the site;
        # the page cache, which must see every page to complete the search index, stays out of its way.
        self.dirty = dirty
        self.command = command

    def project_path(self, value: str, config) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / value).resolve()

    def on_config(self, config):
        for option, variable in OVERRIDE_VARIABLES.items():
            if os.environ.get(variable):
                self.config[option] = os.environ[variable]
        if os.environ.get(DATE_FROM_VARIABLE):
            self.config.date_from = os.environ[DATE_FROM_VARIABLE]
        self.seeds_dir = self.project_path(self.config.seeds, config)
        self.entities_file = self.project_path(self.config.entities, config)
        self.cache_dir = self.project_path(self.config.cache_dir, config)
        # A broken entities.yml must stop the build here: by on_files MkDocs has already emptied site_dir.
        try:
            load_entities(self.entities_file)
        except ConfigError as error:
            raise PluginError(f"annals: {error}") from None
        if not config.nav:
            config.nav = DEFAULT_NAV
        # Article and actor pages are deliberately outside the nav; listing each of them would be noise.
        config.validation.nav.omitted_files = logging.DEBUG
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # The package's templates (404.html) override Material's, but a project's own custom_dir still wins.
        if THEME_DIR not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, THEME_DIR)
        self.search_bundles = search.configure(config, self.config, self.seeds_dir)  # Material's search or Pagefind
        notice = site_url_notice(config.site_url, self.command)
        if notice:
            log.info(notice)
        return config

    def on_files(self, files: Files, config) -> Files:
        docs_index = Path(config.docs_dir) / "index.md"
        intro = docs_index.read_text("utf-8") if docs_index.exists() else ""
        intro = strip_front_matter(intro)
        settings = BuildSettings(
            seeds=self.seeds_dir,
            entities=self.entities_file,
            model=self.config.model,
            models=tuple(sorted(self.config.models.items())),
            cache_dir=self.cache_dir,
            pages_dir=self.cache_dir / "pages",
            intro=intro,
            workers=self.config.workers,
            home_articles=self.config.home_articles,
            home_actors=self.config.home_actors,
            site_url=config.site_url or "",
            site_name=config.site_name,
            language=str(config.theme.get("language") or "en"),
            date_from=self.config.date_from,
        )
        self.pages_dir = str(settings.pages_dir)
        progress = terminal_progress()  # None off a terminal and in CI: logs stay clean
        # Pagefind starts on the articles as soon as they are read and takes the actors as soon as they are
        # resolved, on a core of its own while the build goes on; the project's own pages follow as they are written.
        own_pages = [f.dest_uri for f in files.documentation_pages() if not is_generated_path(f.src_uri)]
        articles_read = (lambda articles: self.start_search_index(articles, own_pages, config)) if self.search_bundles else None
        archive_resolved = (lambda archive: self.site_index.add_actors(self.search_records(actor_records(archive), config))) if self.search_bundles else None
        try:
            self.result = build_archive(settings, progress, articles_read, archive_resolved)
        except (ConfigError, ModelError, FileNotFoundError) as error:
            self.stop_search_index()
            raise PluginError(f"annals: {error}") from None
        except BaseException:
            self.stop_search_index()
            raise
        finally:
            if progress is not None:
                progress.close()
        self.actors_by_slug = {actor.slug: actor for actor in self.result.archive.actors}
        self.metadata = MetadataIndex.of(self.result.archive)
        self.page_dates = page_update_dates(self.result.archive)
        for rejection in self.result.rejections:
            log.warning("annals: %s", rejection.message())
        archive = self.result.archive
        log.info(
            "annals: %s, %s; %s written, %d removed",
            counted(len(archive.articles), "article"), counted(len(archive.actors), "actor"), counted(self.result.written, "page"), self.result.removed,
        )
        if message := unannotated_message(self.result.unannotated):
            log.info("%s", message)
        if archive.drafts:
            log.info("annals: %s left out (draft: true)", counted(archive.drafts, "draft"))
        for path, _, _ in self.result.pages:
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(GeneratedFile(path, self.pages_dir, config.site_dir, config.use_directory_urls))
        files.append(File(STYLESHEET, str(PACKAGE_DIR), config.site_dir, config.use_directory_urls))
        return files

    def start_search_index(self, articles, own_pages: list[str], config) -> None:
        self.stop_search_index()  # a serve rebuild that began before the last one finished
        cache_dir = self.cache_dir if self.config.cache_dir else None
        self.site_index = search.SearchIndex(str(config.theme.get("language") or "en"), cache_dir, own_pages, self.search_bundles == 2)
        self.site_index.add_articles(self.search_records(article_records(articles), config))

    def search_records(self, records, config) -> list[tuple[str, str, str]]:
        """(URL as Pagefind links it, title, text) of each record, the URL as MkDocs makes the page's."""
        return [
            ("/" + File(record.path, self.pages_dir, config.site_dir, config.use_directory_urls).url, record.title, record.content)
            for record in records
        ]

    def stop_search_index(self) -> None:
        if self.site_index is not None:
            self.site_index.abort()
            self.site_index = None

    def on_nav(self, nav, config, files):
        self.built_pages = []
        self.pending_additions = {}
        self.deferred_content = {}
        self.page_cache = self.open_page_cache(config)
        # Nav pages give their titles to every page's navigation, so they are always rendered afresh.
        self.nav_pages = {page.file.src_uri for page in nav.pages}
        self.page_order = list(files.documentation_pages())
        self.cached_files = self.take_cached_pages(files, config) if self.page_cache is not None else {}
        return nav

    def take_cached_pages(self, files: Files, config) -> dict[str, File]:
        """Hand MkDocs, in place of each generated page whose stored HTML was made from the same inputs, that HTML
        as a file to copy: it then never reads, renders or templates the page. Reading and parsing each page's
        Markdown only to find it unchanged was half of a rebuild's time in MkDocs; the key takes the Markdown by its
        size and modification time instead, which change whenever the build rewrites it (render.write_pages).
        The File each took the place of, by source path."""
        listing = {path: (size, mtime) for path, size, mtime in self.result.pages}
        taken = {}
        for file in self.page_order:
            src_uri = file.src_uri
            if not self.is_generated_file(file) or src_uri in self.nav_pages or src_uri not in listing:
                continue
            date = self.update_date(src_uri)
            if not date:
                continue  # MkDocs dates the page with the day of the build: render it
            additions = self.head_additions_for(src_uri, file.url, generated_kind(src_uri), config)
            size, mtime = listing[src_uri]
            if self.page_cache.lookup(src_uri, (f"{size}:{mtime}", date, *additions)):
                files.remove(file)
                files.append(CachedPageFile(file, self.page_cache))
                taken[src_uri] = file
            else:
                self.pending_additions[src_uri] = additions  # finish_page inserts them: computed once a page
        return taken

    def update_date(self, src_uri: str) -> str | None:
        """The date a page's content last changed (page_update_dates); None when there is no article."""
        return self.page_dates.get(src_uri) or self.page_dates.get("")

    def on_template_context(self, context, template_name, config):
        """The sitemap lists every page, those the cache put in place included, where a full build lists them."""
        if template_name == "sitemap.xml" and self.cached_files:
            present = {file.src_uri for file in context["pages"]}
            pages = []
            for file in self.page_order:
                if file.src_uri in self.cached_files:
                    if file.page is None:
                        Page(None, file, config)
                    file.page.update_date = self.update_date(file.src_uri)
                    pages.append(file)
                elif file.src_uri in present:
                    pages.append(file)
            context["pages"] = pages
        return context

    def open_page_cache(self, config) -> PageCache | None:
        """The rendered-page cache, or None when there is no cache folder or a search plugin whose index it cannot
        complete (only Material's is understood)."""
        if self.result is None or not self.config.cache_dir or self.dirty:
            return None
        search_plugins = [name for name in config.plugins if name.endswith("search")]
        if any(name != "material/search" for name in search_plugins):
            return None
        search = bool(search_plugins) and bool(config.plugins["material/search"].config.enabled)
        config_file = Path(config.config_file_path) if config.config_file_path else None
        config_text = config_file.read_text("utf-8", "replace") if config_file and config_file.is_file() else ""
        own_docs = [Path(config.docs_dir)] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
        # Whether Pagefind is on follows from the number of seeds (search: auto), not only from the config.
        fingerprint = site_fingerprint(config, config_text, f"{code_version()} pagefind={self.search_bundles}", own_docs)
        return PageCache(self.cache_dir / "rendered", fingerprint, search)

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        # MkDocs dates every page with the day of the build, so the sitemap (and its gzip header) would change
        # daily; the date the content last changed keeps two builds of the same input byte-identical.
        date = self.update_date(page.file.src_uri)
        if date:
            page.update_date = date
        if page.file.src_uri not in self.pending_additions:  # those of a cacheable page come from on_nav
            self.pending_additions[page.file.src_uri] = self.head_additions(page, config)
        if self.is_generated(page) and page.meta.get("annals") != "home":
            # Generated pages other than home (which holds the project's own Markdown intro) are HTML that Markdown
            # passes through unchanged (tests/test_render.py checks it on every kind of page); parsing every tag
            # of it again was half of MkDocs' time per page.
            page.render = lambda config, files: use_as_content(page, markdown)
        return markdown

    @event_priority(-100)  # after other plugins have seen the content
    def on_page_content(self, html: str, page, config, files) -> str:
        """MkDocs renders every page before it writes any, so it would hold every page's content at once (a
        gigabyte at 10,000 articles); a generated page's is kept compressed until its template needs it."""
        if self.is_generated(page) and html:
            self.deferred_content[page.file.src_uri] = zlib.compress(html.encode("utf-8", "surrogatepass"), 1)
            return ""
        return html

    @event_priority(100)  # before other plugins (Material's search indexes page.content here)
    def on_page_context(self, context, page, config, nav):
        packed = self.deferred_content.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8", "surrogatepass")
        return context

    def is_generated(self, page) -> bool:
        return self.is_generated_file(page.file)

    def is_generated_file(self, file: File) -> bool:
        return self.result is not None and isinstance(file, GeneratedFile) and file.src_dir == self.pages_dir

    def is_cacheable(self, page) -> bool:
        """Generated pages outside the nav; MkDocs renders the project's own pages and the nav pages every time."""
        return self.page_cache is not None and page.file.src_uri not in self.nav_pages and self.is_generated(page)

    @event_priority(-50)  # after other plugins: the cache keeps the page as it is written
    def on_post_page(self, output: str, page, config) -> str:
        pause_for_tests("writing")  # MkDocs writes the page once this returns
        self.built_pages.append((page.file.src_uri, page.url))
        output = self.finish_page(output, page, config)
        if self.is_cacheable(page):
            self.page_cache.store(page.file.src_uri, output)
        if self.is_generated(page):
            page.content = ""  # written: MkDocs would keep it to the end of the build
        elif self.site_index is not None:
            self.site_index.page_written(page.file.dest_uri, output)
        return output

    def head_additions(self, page, config) -> tuple[str, str]:
        """(feed links, OpenGraph/Twitter/JSON-LD tags) for the page's <head>, which page templates do not reach."""
        return self.head_additions_for(page.file.src_uri, page.url, page.meta.get("annals"), config)

    def head_additions_for(self, src_uri: str, url: str, kind: str | None, config) -> tuple[str, str]:
        if self.result is None:
            return "", ""
        stem = PurePosixPath(src_uri).stem
        actor = self.actors_by_slug.get(stem) if kind == "actor" else None
        feeds = feed_link_tags(url, config.site_name, actor)
        tags = head_tags(
            self.metadata, kind, stem, url,
            config.site_url, config.site_name, config.site_description or "", config.use_directory_urls,
        )
        return feeds, tags

    def finish_page(self, output: str, page, config) -> str:
        """What Annals adds to MkDocs' HTML of a page: what Pagefind indexes, an accessible search dialog, head tags."""
        # Pagefind indexes generated pages from their records, and reads the project's own pages where marked.
        output = search.mark_for_index(output, page) if self.search_bundles and not self.is_generated(page) else output
        # Material's search dialog has no accessible name (axe: aria-dialog-name); give it one.
        output = output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
        additions = self.pending_additions.pop(page.file.src_uri, None) or self.head_additions(page, config)
        for tags in additions:
            output = insert_feed_links(output, tags)
        return compact_html(output)

    def on_env(self, env, config, files):
        env.filters["striptags"] = safe_striptags
        # The header's search box (theme/pagefind) merges the second bundle of a split index into its results.
        env.globals["annals_search_merge"] = f"{search.SPLIT_PART}/" if self.search_bundles == 2 else ""
        return env

    def on_build_error(self, *, error):
        self.stop_search_index()

    def on_serve(self, server, config, builder):
        server.watch(str(self.seeds_dir))
        if self.entities_file.exists():
            server.watch(str(self.entities_file))
        return server

    @event_priority(-50)  # after Material's search plugin has written its index, which the page cache completes
    def on_post_build(self, config):
        index, self.site_index = self.site_index, None
        if self.result is not None:
            if self.page_cache is not None:
                built = {src_uri for src_uri, _ in self.built_pages}
                order = [(f.src_uri, f.url) for f in self.page_order if f.src_uri in built or f.src_uri in self.cached_files]
                self.page_cache.finish(Path(config.site_dir), order)
            site = Path(config.site_dir)
            for old, new in self.result.redirects:
                target = site / old / "index.html"
                if target.exists():
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(redirect_page(old, new), "utf-8")
        if index is not None:
            if index.split:
                self.release_build_memory()  # the second bundle is written now, in what the build gives back
            index.finish(config.site_dir)

    def release_build_memory(self) -> None:
        """Drop what the build no longer needs and hand the freed memory back to the system (at 10,000 articles,
        1.3 GB down to 0.7 GB), so that Pagefind's peak is not added to the build's."""
        self.result = None
        self.actors_by_slug, self.metadata, self.page_dates = {}, None, {}
        self.page_cache, self.built_pages, self.pending_additions, self.deferred_content = None, [], {}, {}
        self.page_order, self.cached_files = [], {}
        gc.unfreeze()  # the build froze what it made (pipeline.cycle_collection_paused): let it all be collected
        gc.collect()
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc keeps freed memory for reuse unless asked
        except (OSError, AttributeError):
            pass  # not glibc: the memory is freed, only not returned


class GeneratedFile(File):
    """A file of the generated pages folder. The build only ever replaces that folder's files, never writes into
    one (render.write_pages), so the site may share a feed or an export with it by a hard link instead of a copy:
    thousands of actor feeds, copied anew into every build's fresh site folder, were seconds of each rebuild."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        link_or_copy(self.abs_src_path, self.abs_dest_path)


class CachedPageFile(File):
    """A generated page whose HTML the page cache holds, in place of its Markdown: not a documentation page to MkDocs,
    so it is neither read nor rendered, only put into the site (by a hard link) where the page would have gone, at
    the page's URL, so links to the page resolve as before."""

    def __init__(self, page_file: File, cache: PageCache):
        super().__init__(
            page_file.src_uri, page_file.src_dir, page_file.dest_dir, page_file.use_directory_urls,
            dest_uri=page_file.dest_uri, inclusion=page_file.inclusion,
        )
        self.cache = cache

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        self.cache.link(self.src_uri, self.abs_dest_path)


def site_url_notice(site_url: str | None, command: str) -> str:
    """What a build of the site to publish should hear about its `site_url` ('' when nothing). Info, not a warning:
    a site without it works, and projects made before `annals new` wrote one build with --strict in CI."""
    if command == "serve":
        return ""  # `mkdocs serve` sets it to the address it serves at
    if not site_url:
        return (
            "annals: site_url is not set in mkdocs.yml, so the sitemap is empty, feeds link relatively and Material's "
            "instant navigation and previews are off. Set it to the address the site is published at: "
            "'site_url: https://USER.github.io/REPO/', or 'site_url: !ENV [SITE_URL, null]' (as `annals new` writes it) "
            "and SITE_URL=https://… when building"
        )
    if urlsplit(site_url).hostname in ("127.0.0.1", "localhost"):
        return (
            f"annals: site_url is {site_url}, the local preview address, so feeds, the sitemap and canonical links "
            "point there; build the site you publish with SITE_URL=https://… (the GitHub Pages workflow sets it)"
        )
    return ""


# Where Annals writes its pages (render.py): a project's own page there would be replaced, or lost among them.
GENERATED_FOLDERS = ("articles/", "actors/", "dates/", "tags/", "authors/")


def is_generated_path(src_uri: str) -> bool:
    """Whether a page of the docs folder stands where Annals generates its pages (the home page included), so it
    is not one of the project's own pages."""
    return src_uri == "index.md" or src_uri.startswith(GENERATED_FOLDERS)


def generated_kind(src_uri: str) -> str:
    """A generated page's kind (the `annals` value of its front matter) as far as its head tags differ by it: what
    its path says, without reading the page."""
    if src_uri == "index.md":
        return "home"
    if src_uri.startswith("actors/") and src_uri.count("/") == 1 and src_uri != "actors/index.md":
        return "actor"
    if src_uri.startswith("articles/"):
        return "article"
    return "index"


def page_update_dates(archive) -> dict[str, str]:
    """Source path → ISO date its content last changed: an article's date (or its correction's, `updated:`), an
    actor's last appearance, and the newest article for everything else (under the key "")."""
    dates = {f"{article_url(a).rstrip('/')}.md": (a.updated or a.date).isoformat() for a in archive.articles}
    by_slug = {a.slug: a.date for a in archive.articles}
    for actor in archive.actors:
        seen = [by_slug[m.article] for m in actor.mentions if m.article in by_slug]
        if seen:
            dates[f"actors/{actor.slug}.md"] = max(seen).isoformat()
    if archive.articles:
        dates[""] = max(a.date for a in archive.articles).isoformat()
    return dates


_ANCHOR_ID = re.compile(r'\sid="([^"<>]+)"')


def markdown_passthrough(html: str) -> str:
    """What Markdown makes of a page that is all raw HTML: the same text after its whitespace normalisation (its
    placeholder characters dropped, line ends unified, tabs expanded, blank lines emptied), stripped."""
    text = html.replace("\x02", "").replace("\x03", "").replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    return re.sub(r"(?<=\n) +\n", "\n", text).strip()


def use_as_content(page, html: str) -> None:
    """What Page.render leaves on a page, for HTML that Markdown would pass through unchanged: the content, an
    empty table of contents (Markdown finds no headings inside raw HTML either) and the anchors links may target."""
    page.content = markdown_passthrough(html)
    page.toc = get_toc([])
    page.present_anchor_ids = set(_ANCHOR_ID.findall(html))
    page.links_to_anchors = {}
    # MkDocs keeps every page's Markdown to the end of the build; the content is the same text, so keeping both
    # (and the closure that brought it here) would hold every generated page twice.
    page.markdown = ""
    del page.render


# Whitespace-sensitive elements, whose text is left exactly as it is.
_PREFORMATTED = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
_INDENTED_LINE_BREAKS = re.compile(r"[ \t]*\n\s*")


def compact_html(html: str) -> str:
    """The page with each run of whitespace that holds a line break cut to one line break. Browsers render the
    two alike outside <pre> and <textarea>, and the theme's indentation is a tenth of a page's bytes."""
    parts = _PREFORMATTED.split(html)
    # split() with two groups yields [text, whole element, tag name, text, …]: compact only the text parts.
    return "".join(
        _INDENTED_LINE_BREAKS.sub("\n", part) if index % 3 == 0 else part
        for index, part in enumerate(parts)
        if index % 3 != 2
    )


def strip_front_matter(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[text.find("\n", end + 1) + 1 :] if text.find("\n", end + 1) != -1 else ""
    return text
