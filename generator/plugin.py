"""The MkDocs plugin `annals`: runs the pipeline inside `mkdocs build|serve|gh-deploy` and hands MkDocs the pages.

Generated Markdown lives in a folder under the cache and is rewritten only when its content changes, so
`mkdocs serve --dirty` rebuilds just what changed. Rejected input files are logged as warnings, which makes
`mkdocs build --strict` fail.
"""

from __future__ import annotations

import difflib
import logging
import os
from pathlib import Path, PurePosixPath

from markupsafe import Markup, escape
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import search
from .annotate import ModelError
from .config import AnnalsConfig, ConfigError, load_entities
from .feeds import feed_link_tags, insert_feed_links
from .metadata import MetadataIndex, head_tags
from .pipeline import BuildResult, BuildSettings, build_archive
from .progress import terminal_progress
from .render import redirect_page

log = logging.getLogger("mkdocs.plugins.annals")
PACKAGE_DIR = Path(__file__).parent
STYLESHEET = "assets/annals/annals.css"
THEME_DIR = str(PACKAGE_DIR / "theme")
DEFAULT_NAV = [{"Home": "index.md"}, {"Dates": "dates/index.md"}, {"Actors": "actors/index.md"}]
# The CLI passes its --seeds/--entities through these, so `annals serve` can override mkdocs.yml too.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
OVERRIDE_VARIABLES = {"seeds": "ANNALS_SEEDS", "entities": "ANNALS_ENTITIES"}


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
        self.pagefind = False

    def project_path(self, value: str, config) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / value).resolve()

    def on_config(self, config):
        for option, variable in OVERRIDE_VARIABLES.items():
            if os.environ.get(variable):
                self.config[option] = os.environ[variable]
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
        self.pagefind = search.configure(config, self.config, self.seeds_dir)  # Material's search or Pagefind
        return config

    def on_files(self, files: Files, config) -> Files:
        docs_index = Path(config.docs_dir) / "index.md"
        intro = docs_index.read_text("utf-8") if docs_index.exists() else ""
        intro = strip_front_matter(intro)
        settings = BuildSettings(
            seeds=self.seeds_dir,
            entities=self.entities_file,
            model=self.config.model,
            cache_dir=self.cache_dir,
            pages_dir=self.cache_dir / "pages",
            intro=intro,
            workers=self.config.workers,
            home_articles=self.config.home_articles,
            home_actors=self.config.home_actors,
            site_url=config.site_url or "",
            site_name=config.site_name,
        )
        progress = terminal_progress()  # None off a terminal and in CI: logs stay clean
        try:
            self.result = build_archive(settings, progress)
        except ConfigError as error:
            raise PluginError(f"annals: {error}") from None
        except (ModelError, FileNotFoundError) as error:
            raise PluginError(f"annals: {error}") from None
        finally:
            if progress is not None:
                progress.close()
        self.actors_by_slug = {actor.slug: actor for actor in self.result.archive.actors}
        self.metadata = MetadataIndex.of(self.result.archive)
        self.page_dates = page_update_dates(self.result.archive)
        for rejection in self.result.rejections:
            log.warning("annals: %s", rejection.message())
        log.info(
            "annals: %d articles, %d actors; %d pages written, %d removed",
            len(self.result.archive.articles), len(self.result.archive.actors), self.result.written, self.result.removed,
        )
        pages_dir = settings.pages_dir
        generated = sorted(p.relative_to(pages_dir).as_posix() for p in pages_dir.rglob("*") if p.is_file())
        for path in generated:
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File(path, str(pages_dir), config.site_dir, config.use_directory_urls))
        files.append(File(STYLESHEET, str(PACKAGE_DIR), config.site_dir, config.use_directory_urls))
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        # MkDocs dates every page with the day of the build, so the sitemap (and its gzip header) would change
        # daily; the date the content last changed keeps two builds of the same input byte-identical.
        date = self.page_dates.get(page.file.src_uri) or self.page_dates.get("")
        if date:
            page.update_date = date
        return markdown

    def on_post_page(self, output: str, page, config) -> str:
        output = search.mark_for_index(output, page) if self.pagefind else output
        # Material's search dialog has no accessible name (axe: aria-dialog-name); give it one.
        output = output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
        if self.result is not None:
            # Feed discovery works only from <head>, which the page templates do not reach.
            actor = self.actors_by_slug.get(PurePosixPath(page.file.src_uri).stem) if page.meta.get("annals") == "actor" else None
            output = insert_feed_links(output, feed_link_tags(page.url, config.site_name, actor))
            # OpenGraph, Twitter card and JSON-LD for article, actor and home pages.
            tags = head_tags(
                self.metadata, page.meta.get("annals"), PurePosixPath(page.file.src_uri).stem, page.url,
                config.site_url, config.site_name, config.site_description or "", config.use_directory_urls,
            )
            output = insert_feed_links(output, tags)
        return output

    def on_env(self, env, config, files):
        env.filters["striptags"] = safe_striptags
        return env

    def on_serve(self, server, config, builder):
        server.watch(str(self.seeds_dir))
        if self.entities_file.exists():
            server.watch(str(self.entities_file))
        return server

    def on_post_build(self, config):
        if self.pagefind:
            search.index_site(config.site_dir, self.cache_dir)
        if self.result is None:
            return
        site = Path(config.site_dir)
        for old, new in self.result.redirects:
            target = site / old / "index.html"
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(redirect_page(old, new), "utf-8")


def page_update_dates(archive) -> dict[str, str]:
    """Source path → ISO date its content last changed: an article's date, an actor's last appearance, and the
    newest article for everything else (under the key "")."""
    from .render import article_url

    dates = {f"{article_url(a).rstrip('/')}.md": a.date.isoformat() for a in archive.articles}
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
