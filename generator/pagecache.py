"""The rendered-page cache: MkDocs' finished HTML of each generated page, kept under the cache folder and keyed
by everything that page's HTML is made from, so a rebuild renders only the pages whose Markdown changed.

MkDocs renders every page on every build, on one core: Markdown with raw HTML, the theme's templates and the
search plugin's parser cost milliseconds a page, which at tens of thousands of pages is most of a rebuild. A page
whose key (its Markdown, its update date, its head tags and a fingerprint of the whole site's configuration, theme
and code) matches a stored entry is never shown to MkDocs as a page: the plugin puts the stored HTML in its place
as a file to copy, which MkDocs links into the site, so at 20,000 pages most of the site is neither read, rendered
nor written again. Material's search entries of such a page are kept too and merged back into
`search/search_index.json` in the order a full build writes them, so the site is byte-identical to a cold build.

Entries are written atomically (a crash leaves the old entry or none); an entry whose key differs, or whose file
is not as it was written, is never used; deleting the folder at any time just means the next build renders
everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .cache import CacheFolder, digest_of, link_or_copy, write_atomically
from .sitepages import CachedPageFile, generated_kind

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

CACHE_FORMAT = "4"
SEARCH_INDEX = "search/search_index.json"
MANIFEST, SEARCH_ENTRIES = "manifest.json", "search-entries.json"  # entries of cache.CacheFolder
_CONFIG_KEYS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "use_directory_urls",
    "extra",
    "extra_css",
    "extra_javascript",
    "extra_templates",
    "markdown_extensions",
    "mdx_configs",
    "nav",
    "docs_dir",
    "strict",
    "validation",
)


def site_fingerprint(config, config_text: str, code: str, watched_dirs: list[Path]) -> str:
    """A digest of everything besides a page's own Markdown that its HTML depends on: the MkDocs config, the
    theme and its override folders, the project's own docs, and the versions of MkDocs, Material and Annals."""
    digest = hashlib.sha256()

    def add(*parts: str) -> None:
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")

    add(
        CACHE_FORMAT, code, config_text, type(config).__module__
    )  # MkDocs or ProperDocs, which name themselves
    for package in (
        "mkdocs",
        "properdocs",
        "mkdocs-material",
        "markdown",
        "pymdown-extensions",
        "jinja2",
    ):
        try:
            add(package, metadata.version(package))
        except metadata.PackageNotFoundError:
            add(package, "")
    settings = {key: config.get(key) for key in _CONFIG_KEYS}
    settings["theme"] = {key: config.theme[key] for key in config.theme}
    settings["theme_dirs"] = list(config.theme.dirs)
    settings["plugins"] = list(config.plugins)
    # Folders by where they lie, not their absolute paths: their contents are digested below (the project's) or
    # named by the versions above (the packages'), and a project moved, or a virtualenv made at another path (a
    # CI cache restored elsewhere), rendered every page again (110 s at 10,000 articles).
    roots = path_roots(config)
    settings["docs_dir"] = portable_path(settings["docs_dir"], roots)
    if settings["theme"].get("custom_dir"):
        settings["theme"]["custom_dir"] = portable_path(settings["theme"]["custom_dir"], roots)
    settings["theme_dirs"] = [portable_path(folder, roots) for folder in settings["theme_dirs"]]
    add(json.dumps(settings, sort_keys=True, default=repr))
    for folder in watched_dirs:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            add(path.relative_to(folder).as_posix())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def path_roots(config) -> list[tuple[str, str]]:
    """The folders site_fingerprint names paths from, longest first: the project's (its config file's folder), the
    Annals package's and each folder Python imports packages from."""
    roots = [("annals", str(Path(__file__).resolve().parent))]
    if config.config_file_path:
        roots.append(("project", str(Path(config.config_file_path).resolve().parent)))
    roots += [("python", str(Path(entry).resolve())) for entry in sys.path if entry]
    return sorted(roots, key=lambda root: len(root[1]), reverse=True)


def portable_path(path: str | None, roots: list[tuple[str, str]]) -> str | None:
    """`path` as 'root:relative/path' from the first root it lies in, else as it is."""
    if not path:
        return path
    resolved = Path(path).resolve()
    for name, root in roots:
        if resolved.is_relative_to(root):
            return f"{name}:{resolved.relative_to(root).as_posix()}"
    return path


def page_key(fingerprint: str, src_uri: str, inputs: tuple[str, ...]) -> str:
    """The key of one page's rendered HTML: the site's fingerprint, the page's path and its own inputs."""
    return digest_of(fingerprint, src_uri, *inputs)


class PageCache:
    """Rendered pages under `folder`: one file per page holding its HTML exactly as the site serves it, a manifest
    of each entry's key with the size, modification time and inode of the file written under it, and one JSON file
    of every page's search entries with the key they were made under.

    An entry is used only when its key is this build's and its file is as written (a file edited or truncated since
    has another size or time, one replaced another inode); the site gets it as a hard link, not a copy. Entries are written
    atomically, never in place, so a site sharing one never sees it change; the manifest is saved last, so a build
    killed after writing an entry leaves that entry unlisted, and so unused."""

    def __init__(self, folder: Path, fingerprint: str, search: bool):
        self.folder = folder
        self.fingerprint = fingerprint
        self.search = search
        self.entries = CacheFolder(folder)
        saved_search = self.entries.load(SEARCH_ENTRIES, CACHE_FORMAT) if search else None
        self.search_entries: dict[str, dict] = (
            saved_search if isinstance(saved_search, dict) else {}
        )
        manifest = self.entries.load(MANIFEST, CACHE_FORMAT)
        self.manifest: dict[str, list] = manifest if isinstance(manifest, dict) else {}
        self.keys: dict[str, str] = {}  # src_uri → key, for every page of this build
        self.written: dict[
            str, list
        ] = {}  # src_uri → [key, size, mtime, inode] of the entries this build wrote
        self.cached: set[str] = (
            set()
        )  # the pages this build takes from the cache instead of rendering

    def _entry_path(self, src_uri: str) -> Path:
        return self.folder / "pages" / (src_uri + ".html")

    def _stat(self, src_uri: str) -> list[int] | None:
        try:
            info = os.stat(self._entry_path(src_uri))
        except OSError:
            return None
        return [info.st_size, info.st_mtime_ns, info.st_ino]

    def lookup(self, src_uri: str, inputs: tuple[str, ...]) -> bool:
        """Whether this page's stored HTML (and, with search on, its entries) was made from the same inputs."""
        key = page_key(self.fingerprint, src_uri, inputs)
        self.keys[src_uri] = key
        if self.search and self.search_entries.get(src_uri, {}).get("key") != key:
            return False
        entry = self.manifest.get(src_uri)
        if not entry or entry[0] != key or self._stat(src_uri) != entry[1:]:
            return False
        self.cached.add(src_uri)
        return True

    def read(self, src_uri: str) -> str:
        """The stored HTML of a page `lookup` found."""
        return self._entry_path(src_uri).read_text("utf-8", "surrogatepass")

    def link(self, src_uri: str, target: str) -> None:
        """Put the stored HTML of a page `lookup` found at `target`, the page's file in the site: a hard link where
        the file system allows, else a copy."""
        if self._stat(src_uri) != self.manifest[src_uri][1:]:
            raise RuntimeError(
                f"page cache entry of {src_uri} changed during the build; build again"
            )
        link_or_copy(self._entry_path(src_uri), target)

    def store(self, src_uri: str, html: str) -> None:
        """Keep the HTML of a page this build rendered."""
        key = self.keys.get(src_uri)
        if key is not None:
            write_atomically(self._entry_path(src_uri), html.encode("utf-8", "surrogatepass"))
            stat = self._stat(src_uri)
            if stat is not None:
                self.written[src_uri] = [key, *stat]

    def finish(self, site_dir: Path, page_urls: list[tuple[str, str]]) -> None:
        """After the build: complete the search index with the cached pages' entries, save every page's entries and
        the manifest; drop entries of pages that no longer exist. `page_urls` is (src_uri, url) of every page, in
        build order."""
        if self.search:
            self._complete_search_index(site_dir / SEARCH_INDEX, page_urls)
        keep = {src for src, _ in page_urls}
        manifest = {src: self.manifest[src] for src in self.cached}
        manifest.update(self.written)
        self.entries.save(MANIFEST, CACHE_FORMAT, dict(sorted(manifest.items())))
        # A removed page's entry goes, and a killed build's temporary file. os.walk, not Path.rglob with a Path
        # and a stat for each: 0.05 s instead of 0.46 s for the 42,000 entries of a 10,000-article archive.
        pages = str(self.folder / "pages")
        for folder, _, names in os.walk(pages):
            prefix = folder[len(pages) + 1 :].replace(os.sep, "/")
            for file_name in names:
                name = f"{prefix}/{file_name}" if prefix else file_name
                if file_name.startswith(".tmp-") or name[: -len(".html")] not in keep:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(os.path.join(folder, file_name))

    def _complete_search_index(self, index_path: Path, page_urls: list[tuple[str, str]]) -> None:
        try:
            index = json.loads(index_path.read_text("utf-8"))
        except (OSError, ValueError):
            return  # the search plugin wrote nothing: nothing to complete
        fresh: dict[str, list] = {}
        for entry in index.get("docs", []):
            fresh.setdefault(entry["location"].partition("#")[0], []).append(entry)
        docs, saved = [], {}
        for src_uri, url in page_urls:
            if src_uri in self.cached:
                entries = self.search_entries.get(src_uri, {}).get("entries", [])
            else:
                entries = fresh.get(url, [])
            docs.extend(entries)
            if src_uri in self.keys:
                saved[src_uri] = {"key": self.keys[src_uri], "entries": entries}
        if self.cached:
            index["docs"] = docs
            # The search plugin's own serialisation, so the file is byte-identical to a full build's.
            write_atomically(
                index_path, json.dumps(index, separators=(",", ":"), default=str).encode("utf-8")
            )
        # Entries keep their key order (the search plugin's), which a sorted dump would lose.
        saved = dict(sorted(saved.items()))
        self.entries.save(SEARCH_ENTRIES, CACHE_FORMAT, saved)


def open_page_cache(config: MkDocsConfig, folder: Path, code: str) -> PageCache | None:
    """The rendered-page cache for this site, or None when a search plugin's index is one it cannot complete
    (only Material's is understood). `code` names the code and settings besides the config (Annals' version)."""
    search_plugins = [name for name in config.plugins if name.endswith("search")]
    if any(name != "material/search" for name in search_plugins):
        return None
    search = bool(search_plugins) and bool(config.plugins["material/search"].config.enabled)
    config_file = Path(config.config_file_path) if config.config_file_path else None
    config_text = (
        config_file.read_text("utf-8", "replace") if config_file and config_file.is_file() else ""
    )
    own_docs = [Path(config.docs_dir)] + (
        [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    )
    return PageCache(folder, site_fingerprint(config, config_text, code, own_docs), search)


class PageReuse:
    """The page cache at work in one build: which generated pages it puts in place of MkDocs rendering them, the
    sitemap entries of those pages, keeping what MkDocs renders, and completing the search index at the end.

    `listing` is (path, size, mtime) of every generated file; `update_date` and `head_additions` give what
    besides its Markdown a page's HTML is made from (its date, and the tags put into its head)."""

    def __init__(
        self,
        cache: PageCache,
        listing: tuple[tuple[str, int, int], ...],
        update_date: Callable[[str], str | None],
        head_additions: Callable[[str, str, str], tuple[str, str]],
    ):
        self.cache = cache
        self.listing = {path: (size, mtime) for path, size, mtime in listing}
        self.update_date = update_date
        self.head_additions = head_additions
        self.page_order: list[
            File
        ] = []  # every documentation page, in the order MkDocs builds them
        self.cached_files: dict[
            str, File
        ] = {}  # src_uri → the File of a page the cache puts in place
        self.nav_pages: set[str] = set()
        self.built: set[str] = set()
        self.additions: dict[str, tuple[str, str]] = {}  # those computed for a key, by src_uri

    def take_cached_pages(
        self, files: Files, nav_pages: set[str], is_generated: Callable[[File], bool]
    ) -> None:
        """Hand MkDocs, in place of each generated page whose stored HTML was made from the same inputs, that HTML
        as a file to copy: it then never reads, renders or templates the page. Reading and parsing each page's
        Markdown only to find it unchanged was most of a rebuild's time in MkDocs; the key takes the Markdown by its
        size and modification time instead, which change whenever the build rewrites it (write.write_pages).
        Nav pages give their titles to every page's navigation, so they are always rendered afresh."""
        self.nav_pages = nav_pages
        self.page_order = list(files.documentation_pages())
        for file in self.page_order:
            src_uri = file.src_uri
            if not is_generated(file) or src_uri in nav_pages or src_uri not in self.listing:
                continue
            date = self.update_date(src_uri)
            if not date:
                continue  # MkDocs dates the page with the day of the build: render it
            additions = self.head_additions(src_uri, file.url, generated_kind(src_uri))
            size, mtime = self.listing[src_uri]
            if self.cache.lookup(src_uri, (f"{size}:{mtime}", date, *additions)):
                files.remove(file)
                files.append(CachedPageFile(file, self.cache))
                self.cached_files[src_uri] = file
            else:
                self.additions[src_uri] = (
                    additions  # the page's head gets them: computed once a page
                )

    def sitemap_pages(self, pages: Sequence[File], config: MkDocsConfig) -> Sequence[File]:
        """The sitemap lists every page, those the cache put in place included, where a full build lists them."""
        if not self.cached_files:
            return pages
        present = {file.src_uri for file in pages}
        listed = []
        for file in self.page_order:
            if file.src_uri in self.cached_files:
                page = file.page if file.page is not None else Page(None, file, config)
                page.update_date = self.update_date(file.src_uri) or page.update_date
                listed.append(file)
            elif file.src_uri in present:
                listed.append(file)
        return listed

    def page_written(self, src_uri: str, output: str, cacheable: bool) -> None:
        self.built.add(src_uri)
        if cacheable and src_uri not in self.nav_pages:
            self.cache.store(src_uri, output)

    def finish(self, site_dir: Path) -> None:
        order = [
            (f.src_uri, f.url)
            for f in self.page_order
            if f.src_uri in self.built or f.src_uri in self.cached_files
        ]
        self.cache.finish(site_dir, order)
