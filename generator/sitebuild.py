"""One build of the site inside MkDocs: the state the plugin's hooks share from `on_pre_build` to the end of the
build, in one object the plugin makes at the start and drops at the end (so `mkdocs serve` starts each rebuild
afresh). It runs the pipeline, hands MkDocs the generated files, and hands each later step to the object that
owns it: page reuse to `pagecache.PageReuse`, head tags to `metadata.HeadAdditions`, search to
`search.SiteSearch`.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from . import search
from .annotate import ModelError, unannotated_message, unread_articles_message
from .cache import code_version
from .config import ConfigError
from .facets import SEARCH_PAGE, search_page
from .feeds import insert_feed_links
from .i18n import SOURCE_LANGUAGE, site_language
from .metadata import HeadAdditions
from .model import Archive
from .pagecache import PageReuse, open_page_cache
from .pipeline import (
    BuildResult,
    BuildSettings,
    build_archive,
    hand_back_freed_memory,
)
from .progress import counted, log, phase_progress, terminal_progress, timed
from .render import redirect_page
from .sitepages import (
    GeneratedFile,
    add_generated_files,
    compact_html,
    is_generated_path,
    without_material_search_config,
)
from .urls import article_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from .config import AnnalsConfig

PACKAGE_DIR = Path(__file__).parent
STYLESHEET = "assets/annals/annals.css"
PALETTE_SCRIPT = "assets/annals/palette.js"  # theme/partials/javascripts/palette.html loads it
SCOPE_SCRIPT = "assets/annals/scope.js"  # theme/partials/javascripts/base.html loads it
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


class SiteBuild:
    """What one build knows: its settings, the pipeline's result, and the objects each later step is handed to."""

    def __init__(
        self, options: AnnalsConfig, paths: dict[str, Path], search_bundles: int, dirty: bool
    ):
        self.options = options
        self.seeds_dir, self.entities_file, self.cache_dir = (
            paths["seeds"],
            paths["entities"],
            paths["cache_dir"],
        )
        self.pages_dir = str(self.cache_dir / "pages")
        self.search_bundles = (
            search_bundles  # Pagefind's bundles (search.configure); 0 with Material's search
        )
        self.dirty = dirty
        self.result: BuildResult | None = None
        self.page_dates: dict[str, str] = {}
        self.heads: HeadAdditions | None = None
        self.reuse: PageReuse | None = None
        self.search: search.SiteSearch | None = None
        self.additions: dict[str, tuple[str, str]] = {}  # head additions computed early, by src_uri
        self.phases = (
            phase_progress()
        )  # None off a terminal and in CI, as the annotation's progress
        self.writing = (
            ExitStack()
        )  # MkDocs writing the pages: a phase from the first page to finish()

    def settings(self, config: MkDocsConfig) -> BuildSettings:
        docs_index = Path(config.docs_dir) / "index.md"
        intro = strip_front_matter(docs_index.read_text("utf-8")) if docs_index.exists() else ""
        options = self.options
        return BuildSettings(
            seeds=self.seeds_dir,
            entities=self.entities_file,
            model=options.model,
            models=tuple(sorted(options.models.items())),
            cache_dir=self.cache_dir,
            pages_dir=Path(self.pages_dir),
            intro=intro,
            workers=options.workers,
            home_articles=options.home_articles,
            home_actors=options.home_actors,
            site_url=config.site_url or "",
            site_name=config.site_name,
            language=str(config.theme.get("language") or "en"),
            date_from=options.date_from,
            annotation_cache=options.annotate.cache,
        )

    def run_pipeline(self, files: Files, config: MkDocsConfig) -> Files:
        """Build the archive's pages and put them into MkDocs' files. Pagefind starts on the articles and actors
        as soon as they are resolved, beside the build; the project's own pages follow as MkDocs writes them."""
        archive_resolved: Callable[[Archive], None] | None = None
        if self.search_bundles:
            self.search = search.SiteSearch(
                self.search_bundles,
                config,
                self.pages_dir,
                self.cache_dir,
                self.options.pagefind_actors_from,
                self.options.pagefind_articles_per_bundle,
                self.options.pagefind_box_actors,
                self.options.pagefind_actors_per_bundle,
            )
            own_pages = [
                f.dest_uri for f in files.documentation_pages() if not is_generated_path(f.src_uri)
            ]
            archive_resolved = partial(self.search.archive_resolved, own_pages=own_pages)
        progress = terminal_progress()  # None off a terminal and in CI: logs stay clean
        try:
            self.result = build_archive(
                self.settings(config), progress, archive_resolved, self.phases
            )
            if self.search is not None:
                with timed("waiting for the articles' search index", self.phases):
                    self.search.articles_indexed()
        except (ConfigError, ModelError, FileNotFoundError) as error:
            self.abort()
            raise PluginError(f"annals: {error}") from None
        except BaseException:
            self.abort()
            raise
        finally:
            if progress is not None:
                progress.close()
        self.report(self.result)
        self.heads = HeadAdditions(self.result.archive, config)
        self.page_dates = page_update_dates(self.result.archive)
        add_generated_files(
            files, [path for path, _, _ in self.result.pages], self.pages_dir, config
        )
        for asset in (STYLESHEET, PALETTE_SCRIPT, SCOPE_SCRIPT):
            files.append(File(asset, str(PACKAGE_DIR), config.site_dir, config.use_directory_urls))
        if (
            self.search_bundles and files.get_file_from_path(SEARCH_PAGE) is None
        ):  # the project's own page wins
            files.append(
                File.generated(
                    config,
                    SEARCH_PAGE,
                    content=search_page(self.result.archive, catalogue_of(config)),
                )
            )
        self.keep_archive_without_mentions()
        return files

    def keep_archive_without_mentions(self) -> None:
        """Hold the archive (saved by the pipeline) without its actors' mentions: what MkDocs' pages need of it is
        in the head tags' index and the pages' dates, and the mentions are most of it (hundreds of MB at 30,000
        articles) while MkDocs makes its page objects."""
        if self.result is None or self.heads is None:
            return
        archive = dataclasses.replace(
            self.result.archive, actors=tuple(self.heads.actors_by_slug.values())
        )
        self.result = dataclasses.replace(self.result, archive=archive)
        hand_back_freed_memory()

    @staticmethod
    def report(result: BuildResult) -> None:
        for rejection in result.rejections:
            log.warning("%s", rejection.message())
        archive = result.archive
        log.info(
            "%s, %s; %s written, %d removed",
            counted(len(archive.articles), "article"),
            counted(len(archive.actors), "actor"),
            counted(result.written, "page"),
            result.removed,
        )
        if message := unannotated_message(result.unannotated):
            log.info("%s", message.removeprefix("annals: "))
        if message := unread_articles_message(result.unread):
            log.info("%s", message.removeprefix("annals: "))
        if archive.drafts:
            log.info("%s left out (draft: true)", counted(archive.drafts, "draft"))

    def is_generated(self, file: File) -> bool:
        return (
            self.result is not None
            and isinstance(file, GeneratedFile)
            and file.src_dir == self.pages_dir
        )

    def update_date(self, src_uri: str) -> str | None:
        """The date a page's content last changed (page_update_dates); None when there is no article."""
        return self.page_dates.get(src_uri) or self.page_dates.get("")

    def head_additions(self, src_uri: str, url: str, kind: str | None) -> tuple[str, str]:
        return self.heads.of(src_uri, url, kind) if self.heads is not None else ("", "")

    def reuse_pages(self, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
        """Put the page cache's stored HTML in place of the generated pages it holds (pagecache.PageReuse), when
        there is a cache folder and `serve --dirty` is not keeping the site's pages itself."""
        if self.result is None or self.dirty:
            return
        # Whether Pagefind is on follows from the number of seeds (search: auto), not only from the config; the
        # languages its box searches, from the articles' (search.SiteSearch.other_languages).
        # Whether the index is split (pagefind=2) is in every page's header; its bundles are not (search.BUNDLES_FILE).
        languages = " ".join(self.search.other_languages) if self.search is not None else ""
        cache = open_page_cache(
            config,
            self.cache_dir / "rendered",
            f"{code_version()} pagefind={self.search_bundles} languages={languages}",
        )
        if cache is None:
            return
        self.reuse = PageReuse(cache, self.result.pages, self.update_date, self.head_additions)
        with timed("putting kept pages in place", self.phases):
            self.reuse.take_cached_pages(
                files, {page.file.src_uri for page in nav.pages}, self.is_generated
            )
        self.additions = self.reuse.additions

    def date_page(self, page: Page) -> None:
        """MkDocs dates every page with the day of the build, so the sitemap (and its gzip header) would change
        daily; the date the content last changed keeps two builds of the same input byte-identical."""
        date = self.update_date(page.file.src_uri)
        if date:
            page.update_date = date
        if (
            page.file.src_uri not in self.additions
        ):  # those of a cacheable page come from reuse_pages
            self.additions[page.file.src_uri] = self.head_additions(
                page.file.src_uri, page.url, page.meta.get("annals")
            )

    def count_pages(self, files: Files) -> None:
        """Show MkDocs writing the pages it renders (those the page cache did not put in place) as a phase."""
        if self.phases is not None:
            total = len(files.documentation_pages())
            self.writing.enter_context(timed("MkDocs writing pages", self.phases, total))

    def finish_page(self, output: str, page: Page) -> str:
        """What Annals adds to MkDocs' HTML of a page (what Pagefind indexes, an accessible search dialog, head
        tags), and what becomes of the page once written: kept by the page cache, its content dropped."""
        if self.phases is not None:
            self.phases.advance()
        generated = self.is_generated(page.file)
        # Pagefind indexes generated pages from their records, and reads the project's own pages where marked.
        if self.search_bundles and not generated:
            output = search.mark_for_index(output, page)
        # Material's search dialog has no accessible name (axe: aria-dialog-name); give it one.
        output = output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
        additions = self.additions.pop(page.file.src_uri, None)
        if additions is None:
            additions = self.head_additions(page.file.src_uri, page.url, page.meta.get("annals"))
        for tags in additions:
            output = insert_feed_links(output, tags)
        if self.search_bundles:
            output = without_material_search_config(output)
        output = compact_html(output)
        if self.reuse is not None:
            self.reuse.page_written(page.file.src_uri, output, generated)
        if generated:
            page.content = ""  # written: MkDocs would keep it to the end of the build
        elif self.search is not None:
            self.search.page_written(page.file.dest_uri, output)
        return output

    def finish(self, config: MkDocsConfig) -> None:
        """After MkDocs has written the site: complete the search index from the page cache, write the redirects
        and Pagefind's bundles."""
        self.writing.close()
        if self.result is not None:
            if self.reuse is not None:
                self.reuse.finish(Path(config.site_dir))
            write_redirects(Path(config.site_dir), self.result.redirects, catalogue_of(config))
        if self.search is not None:
            self.search.release(config.site_dir)
        if self.search is not None:
            if self.search.split:
                self.release_memory()  # what the build no longer needs, handed back while Pagefind writes
            with timed("Pagefind indexing for search", self.phases):
                self.search.finish(config.site_dir)

    def abort(self) -> None:
        self.writing.close()
        if self.search is not None:
            self.search.abort()

    def release_memory(self) -> None:
        """Drop what the build no longer needs and hand the freed memory back to the system (README,
        Measurements behind the code), so that Pagefind's peak is not added to the build's."""
        self.result, self.heads, self.reuse, self.page_dates, self.additions = (
            None,
            None,
            None,
            {},
            {},
        )
        gc.unfreeze()  # the build froze what it made (pipeline.cycle_collection_paused): let it all be collected
        gc.collect()
        hand_back_freed_memory()


def catalogue_of(config: MkDocsConfig) -> str:
    """The language of Annals' own words on the site's pages: the catalogue for theme.language (i18n)."""
    return site_language(config.theme.get("language"))


def write_redirects(site: Path, redirects, language: str = SOURCE_LANGUAGE) -> None:
    """A redirect page at each old URL no page of the site stands at, in the site's language."""
    for old, new in redirects:
        target = site / old / "index.html"
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(redirect_page(old, new, language), "utf-8")


def page_update_dates(archive: Archive) -> dict[str, str]:
    """Source path → ISO date its content last changed: an article's date (or its correction's, `updated:`), an
    actor's last appearance, and the newest article for everything else (under the key "")."""
    dates = {
        f"{article_url(a).rstrip('/')}.md": (a.updated or a.date).isoformat()
        for a in archive.articles
    }
    by_slug = {a.slug: a.date for a in archive.articles}
    for actor in archive.actors:
        seen = [by_slug[m.article] for m in actor.mentions if m.article in by_slug]
        if seen:
            dates[f"actors/{actor.slug}.md"] = max(seen).isoformat()
    if archive.articles:
        dates[""] = max(a.date for a in archive.articles).isoformat()
    return dates


def strip_front_matter(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[text.find("\n", end + 1) + 1 :] if text.find("\n", end + 1) != -1 else ""
    return text
