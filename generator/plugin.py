"""The MkDocs plugin `annals`: runs the pipeline inside `mkdocs build|serve|gh-deploy` and hands MkDocs the pages.

A thin layer of hooks, as MkDocs' own search plugin is: configuration happens here; each build is one
`sitebuild.SiteBuild`, made in `on_pre_build` and dropped when the build ends, which owns the build's state and
hands page reuse, head tags and search to the objects that own them. Generated Markdown lives in a folder under
the cache and is rewritten only when its content changes, so `mkdocs serve --dirty` rebuilds just what changed.
Rejected input files are logged as warnings, which makes `mkdocs build --strict` fail.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import search
from .chrome import PALETTE_FORM_SCRIPT, palette_form_script
from .config import AnnalsConfig, ConfigError, load_entities, unknown_option_reason
from .i18n import N_, gettext_of, site_language, translations, unknown_language_notice
from .icons import SPRITE, IconSprite, chrome_icons
from .progress import log, pause_for_tests
from .sitebuild import STYLESHEET, SiteBuild

PACKAGE_DIR = Path(__file__).parent
THEME_DIR = str(PACKAGE_DIR / "theme")
# The nav a project without its own gets, its titles in the site's language (default_nav).
DEFAULT_NAV = [
    (N_("Home"), "index.md"),
    (N_("Dates"), "dates/index.md"),
    (N_("Actors"), "actors/index.md"),
    (N_("Network"), "network/index.md"),
]
# The CLI passes its --seeds/--entities through these, so `annals serve` can override mkdocs.yml too.
OVERRIDE_VARIABLES = {"seeds": "ANNALS_SEEDS", "entities": "ANNALS_ENTITIES"}
# …and its --date-from (a choice, not a path) through this one.
DATE_FROM_VARIABLE = "ANNALS_DATE_FROM"


def safe_striptags(value) -> Markup:
    """Jinja's striptags un-escapes entities; escape the result again so a title can never become markup."""
    return escape(Markup(str(value)).striptags())


class AnnalsPlugin(BasePlugin[AnnalsConfig]):
    """Generates article, actor, date and index pages from the seeds folder."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.build: SiteBuild | None = None  # the build under way, from on_pre_build to its end
        self.paths: dict[str, Path] = {}
        self.search_bundles = 0
        self.dirty = False
        self.command = ""
        # The icons Material draws on every page, written once into a sprite the pages point into (icons.py).
        self.icons: IconSprite | None = None

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None):
        """MkDocs only warns about an unknown option; a misspelt one ('modle:') would build with the default."""
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [
            (key, message)
            for key, message in warnings
            if "Unrecognised configuration name" in str(message)
        ]
        errors.extend((key, ValidationError(unknown_option_reason(key))) for key, _ in unknown)
        return errors, [w for w in warnings if w not in unknown]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `serve --dirty` renders only pages whose Markdown is newer than their HTML and keeps the rest of the site;
        # the page cache, which must see every page to complete the search index, stays out of its way.
        self.dirty = dirty
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        for option, variable in OVERRIDE_VARIABLES.items():
            if os.environ.get(variable):
                self.config[option] = str(base / os.environ[variable])
        if os.environ.get(DATE_FROM_VARIABLE):
            self.config.date_from = os.environ[DATE_FROM_VARIABLE]
        self.paths = {
            option: Path(self.config[option]).resolve()
            for option in ("seeds", "entities", "cache_dir")
        }
        # A broken entities.yml must stop the build here: by on_files MkDocs has already emptied site_dir.
        try:
            load_entities(self.paths["entities"])
        except ConfigError as error:
            raise PluginError(f"annals: {error}") from None
        language = config.theme.get("language")
        if notice := unknown_language_notice(language):
            log.info(notice)
        if not config.nav:
            config.nav = default_nav(site_language(language))
        # Article and actor pages are deliberately outside the nav; listing each of them would be noise.
        config.validation.nav.omitted_files = logging.DEBUG
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # The package's templates (404.html) override Material's, but a project's own custom_dir still wins.
        if THEME_DIR not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, THEME_DIR)
        self.search_bundles = search.configure(
            config, self.config, self.paths["seeds"]
        )  # Material's or Pagefind
        self.icons = IconSprite(config.theme.get_env(), chrome_icons(config.theme))
        notice = site_url_notice(config.site_url, self.command)
        if notice:
            log.info(notice.removeprefix("annals: "))
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.build = SiteBuild(self.config, self.paths, self.search_bundles, self.dirty)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None and self.icons is not None
        files = self.build.run_pipeline(files, config)
        files.append(File.generated(config, SPRITE, content=self.icons.text()))
        # Material draws the palette toggle only for a list of palettes.
        if isinstance(config.theme.get("palette"), list):
            script = palette_form_script(config.theme.get_env(), config, self.icons)
            files.append(File.generated(config, PALETTE_FORM_SCRIPT, content=script))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.build is not None:
            self.build.reuse_pages(nav, files, config)
            self.build.count_pages(files)
        return nav

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if (
            template_name == "sitemap.xml"
            and self.build is not None
            and self.build.reuse is not None
        ):
            context["pages"] = self.build.reuse.sitemap_pages(context["pages"], config)
        return context

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.build is not None:
            self.build.date_page(page)
        return markdown

    @event_priority(-50)  # after other plugins: the page cache keeps the page as it is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        pause_for_tests("writing")  # MkDocs writes the page once this returns
        return self.build.finish_page(output, page) if self.build is not None else output

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.filters["striptags"] = safe_striptags
        # The package's theme templates (404.html, theme/pagefind) say Annals' words through its catalogue.
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(  # type: ignore[attr-defined]
            translations(site_language(config.theme.get("language"))), newstyle=True
        )
        # theme/partials/annals-icon.html draws the header's icons from the sprite (icons.py).
        env.globals["annals_icon"] = self.icons.use if self.icons else lambda name, url: ""
        # The sprite's address: a page's own relative one ("": chrome.py renders the palette form with another).
        env.globals["annals_sprite"] = ""
        # The header's search box (theme/pagefind) merges the other bundles of a split index into its results (it
        # reads which from search.BUNDLES_FILE)...
        site_search = self.build.search if self.build is not None else None
        env.globals["annals_search_split"] = site_search is not None and site_search.split
        # ... and searches the index of each language its articles are in, when one is not the site's.
        languages = site_search.other_languages if site_search is not None else ()
        env.globals["annals_search_languages"] = " ".join(languages)
        env.globals["annals_search_language"] = (
            site_search.language if site_search is not None and languages else ""
        )
        return env

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is not None:
            self.build.abort()
        self.build = None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        server.watch(str(self.paths["seeds"]))
        if self.paths["entities"].exists():
            server.watch(str(self.paths["entities"]))
        return server

    @event_priority(
        -50
    )  # after Material's search plugin has written its index, which the page cache completes
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build, self.build = self.build, None
        if build is not None:
            build.finish(config)


def default_nav(language: str) -> list[dict[str, str]]:
    """DEFAULT_NAV with its titles in `language`."""
    _ = gettext_of(language)
    return [{_(title): path} for title, path in DEFAULT_NAV]


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
