"""The generated pages as MkDocs sees them: files of the generated pages folder (`GeneratedFile`), pages whose
finished HTML the page cache puts in place (`CachedPageFile`), and the `GeneratedPage` MkDocs renders for the
others, which knows its Markdown is HTML that Markdown would pass through unchanged. Which paths are Annals' and
what kind of page each is, by its path alone."""

from __future__ import annotations

import json
import os
import re
import sys
import zlib
from typing import TYPE_CHECKING

from jinja2.utils import htmlsafe_json_dumps
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from .cache import link_or_copy

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .pagecache import PageCache

GENERATED_BY = "annals"  # File.generated_by: MkDocs then offers no "edit this page" link to a file no one wrote
# Where Annals writes its pages (render.py): a project's own page there would be replaced, or lost among them.
GENERATED_FOLDERS = ("articles/", "actors/", "dates/", "tags/", "authors/", "network/")


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


def nav_titles(nav) -> dict[str, str | None]:
    """Every page path the `nav` setting names, at any depth, with the title it gives the page (None for a bare
    path, which MkDocs titles from the page itself)."""
    titles: dict[str, str | None] = {}
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, str):
            titles.setdefault(item, None)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles.setdefault(value, title)
                else:
                    titles.update({k: v for k, v in nav_titles(value).items() if k not in titles})
    return titles


_UNSET = object()


class GeneratedFile(File):
    """A file of the generated pages folder. The build only ever replaces that folder's files, never writes into
    one (write.write_pages), so the site may share a feed or an export with it by a hard link instead of a copy:
    thousands of actor feeds, copied anew into every build's fresh site folder, were seconds of each rebuild."""

    def __init__(self, path: str, src_dir: str, dest_dir: str, use_directory_urls: bool):
        super().__init__(path, src_dir, dest_dir, use_directory_urls)
        self.generated_by = GENERATED_BY
        # What MkDocs works out of a file's path and keeps (its cached properties), set here at once and in one
        # order: kept as they were asked for later, each file's attributes moved to a dict of their own, 0.7 kB
        # more for each of the archive's files (GeneratedPage).
        self.page: Page | None = None
        self.name, self.dest_uri = self._get_stem(), self._get_dest_path()
        self.url = self._get_url()

    # The absolute paths, worked out each time they are asked for (a few times a build) rather than kept, unless
    # set (MkDocs sets abs_src_path to None for a file given its content): only then does a file hold its own.
    _abs_src_path: object = _UNSET
    _abs_dest_path: object = _UNSET

    @property
    def abs_src_path(self) -> str | None:
        if self._abs_src_path is _UNSET:
            return os.path.normpath(os.path.join(str(self.src_dir), self.src_uri))
        return self._abs_src_path  # type: ignore[return-value]

    @abs_src_path.setter
    def abs_src_path(self, path: str | None) -> None:
        self._abs_src_path = path

    @property
    def abs_dest_path(self) -> str:
        if self._abs_dest_path is _UNSET:
            return os.path.normpath(os.path.join(self.dest_dir, self.dest_uri))
        return self._abs_dest_path  # type: ignore[return-value]

    @abs_dest_path.setter
    def abs_dest_path(self, path: str) -> None:
        self._abs_dest_path = path

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        link_or_copy(self.abs_src_path, self.abs_dest_path)


def add_generated_files(files: Files, paths, pages_dir: str, config: MkDocsConfig) -> None:
    """Put the generated files into MkDocs' files, each in place of a project file at its path, and give each
    generated page whose Markdown is all HTML (every one but home, which holds the project's own Markdown) its
    `GeneratedPage`, titled as the nav names it: MkDocs keeps a page a plugin made rather than make its own, so
    the actors index (2 MB at 1,000 articles, 0.7 s of Markdown's HTML parser) is not parsed either."""
    titles = nav_titles(config.nav)
    for path in paths:
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        file = GeneratedFile(path, pages_dir, config.site_dir, config.use_directory_urls)
        files.append(file)
        if file.is_documentation_page() and path != "index.md":
            GeneratedPage(file, config, titles.get(path))


class CachedPageFile(File):
    """A generated page whose HTML the page cache holds, in place of its Markdown: not a documentation page to MkDocs,
    so it is neither read nor rendered, only put into the site (by a hard link) where the page would have gone, at
    the page's URL, so links to the page resolve as before."""

    def __init__(self, page_file: File, cache: PageCache):
        super().__init__(
            page_file.src_uri,
            page_file.src_dir,
            page_file.dest_dir,
            page_file.use_directory_urls,
            dest_uri=page_file.dest_uri,
            inclusion=page_file.inclusion,
        )
        self.generated_by = GENERATED_BY
        self.cache = cache

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        self.cache.link(self.src_uri, self.abs_dest_path)


_ANCHOR_ID = re.compile(r'\sid="([^"<>]+)"')


def markdown_passthrough(html: str) -> str:
    """What Markdown makes of a page that is all raw HTML: the same text after its whitespace normalisation (its
    placeholder characters dropped, line ends unified, tabs expanded, blank lines emptied), stripped."""
    text = (
        html.replace("\x02", "")
        .replace("\x03", "")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .expandtabs(4)
    )
    return re.sub(r"(?<=\n) +\n", "\n", text).strip()


class GeneratedPage(Page):
    """An article, actor, date or listing page. Its Markdown is HTML that Markdown passes through unchanged
    (tests/test_render.py checks it on every kind of page), so rendering it is that pass-through: parsing every
    tag of it again was much of MkDocs' time per page. MkDocs renders every page before it writes any, so it
    would hold every page's content at once (README, Measurements behind the code): a content no plugin changed
    is not kept at all but passed through again from the page's file when MkDocs writes the page, any other is
    kept compressed."""

    _packed: bytes | None = None
    # Where the Markdown starts in the file's text, and that text's hash, when the Markdown is the file's own (no
    # plugin gave the source): then the content can be made again from the file.
    _source: tuple[int, int] | None = None
    # The Markdown as read, until render() sees whether a plugin replaced it.
    _markdown_read: str | None = None
    _rendered: str | None = None  # the content render() made, until on_page_content hands it back
    _from_source = False  # the content is the file's, passed through again when asked for

    def __init__(self, file: File, config: MkDocsConfig, title: str | None = None):
        super().__init__(None, file, config)
        # Every attribute the build gives a page, set here in one order: CPython 3.11 keeps an instance's attributes
        # in a compact table sized when the object is made, and a page given several more later (read_source,
        # render) moved them to a dict of its own, 0.8 kB more for each of the archive's pages (README,
        # Measurements behind the code).
        self._source, self._markdown_read = None, None
        self.present_anchor_ids = None
        self.links_to_anchors: dict | None = None
        if title is not None:  # Page sets it first, for some pages only
            self.title = title

    def read_source(self, config: MkDocsConfig) -> None:
        """Page.read_source (MkDocs 1.6: a plugin's source, else the file's text, its front matter split off by
        mkdocs.utils.meta.get_data), noting whether the Markdown is the file's own."""
        source = config.plugins.on_page_read_source(page=self, config=config)
        from_file = source is None
        if source is None:
            source = self.file.content_string
        self.markdown, front_matter = meta.get_data(source)
        self.meta = shared_words(front_matter)
        self._source = (
            (len(source) - len(self.markdown), hash(source))
            if from_file and source.endswith(self.markdown)
            else None
        )
        self._markdown_read = self.markdown if self._source is not None else None

    @property
    def content(self) -> str | None:
        if self._rendered is not None:
            return self._rendered
        if self._from_source:
            return self._content_from_source()
        if self._packed is None:
            return None
        return zlib.decompress(self._packed).decode("utf-8", "surrogatepass")

    @content.setter
    def content(self, html: str | None) -> None:
        if html is not None and html is self._rendered:  # as render() made it: no plugin changed it
            self._rendered, self._from_source, self._packed = None, True, None
            return
        self._rendered, self._from_source = None, False
        self._packed = (
            None if html is None else zlib.compress(html.encode("utf-8", "surrogatepass"), 1)
        )

    def _content_from_source(self) -> str:
        assert self._source is not None
        start, digest = self._source
        source = self.file.content_string
        if hash(source) != digest:
            raise PluginError(
                f"annals: the generated page {self.file.src_uri} changed during the build; build again"
            )
        return markdown_passthrough(source[start:])

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """What Page.render leaves on a page, for HTML Markdown would pass through unchanged: the content, an empty
        table of contents (Markdown finds no headings inside raw HTML either) and the anchors links may target."""
        html = self.markdown or ""
        unchanged = self._source is not None and html is self._markdown_read
        self._markdown_read = None
        content = markdown_passthrough(html)
        if unchanged:
            self._rendered, self._from_source, self._packed = content, False, None
        else:
            self._source = None
            self.content = content
        self.toc = get_toc([])
        # A frozenset where MkDocs declares a set: it only asks what is in it.
        self.present_anchor_ids = shared_anchor_ids(_ANCHOR_ID.findall(html))  # type: ignore[assignment]
        self.links_to_anchors = {}
        # MkDocs keeps every page's Markdown to the end of the build; the content is the same text.
        self.markdown = ""


def shared_words(front_matter: dict) -> dict:
    """The front matter with its keys and short values (a page's kind: `annals: actor`) as one string each for
    every page, not a copy per page."""
    return {
        (sys.intern(key) if isinstance(key, str) else key): (
            sys.intern(value) if isinstance(value, str) and len(value) <= 16 else value
        )
        for key, value in front_matter.items()
    }


_ANCHOR_SETS: dict[frozenset[str], frozenset[str]] = {}


def shared_anchor_ids(ids: list[str]) -> frozenset[str]:
    """The anchors of a page, as one frozenset shared by every page with the same ones: each kind of generated page
    has the same few (an actor's `together` and `articles`), and a set of its own was 0.3 kB a page. MkDocs only
    asks whether an anchor is in it (Page.validate_anchor_links)."""
    key = frozenset(ids)
    # Past a few thousand kinds, pages have their own: nothing to share (and `serve` runs on, build after build).
    if len(_ANCHOR_SETS) >= 4096:
        return _ANCHOR_SETS.get(key, key)
    return _ANCHOR_SETS.setdefault(key, key)


# Whitespace-sensitive elements, whose text is left exactly as it is.
_PREFORMATTED = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
_INDENTED_LINE_BREAKS = re.compile(r"[ \t]*\n\s*")


def compact_html(html: str) -> str:
    """The page with each run of whitespace that holds a line break cut to one line break. Browsers render the
    two alike outside <pre> and <textarea>, and the theme's indentation is a good share of a page's bytes."""
    parts = _PREFORMATTED.split(html)
    # split() with two groups yields [text, whole element, tag name, text, …]: compact only the text parts.
    return "".join(
        _INDENTED_LINE_BREAKS.sub("\n", part) if index % 3 == 0 else part
        for index, part in enumerate(parts)
        if index % 3 != 2
    )


# Material's configuration of its own scripts, written into every page (base.html's `config` block).
_MATERIAL_CONFIG = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL
)


def without_material_search_config(html: str) -> str:
    """The page with the parts of Material's configuration only its own search reads (the search worker's path,
    the words of its results, its features: nearly half of it) left out, for a site searched by Pagefind has no
    Material search for them to configure. Written as Material writes it, safe inside <script>."""
    match = _MATERIAL_CONFIG.search(html)
    if match is None:
        return html
    config = json.loads(match.group(2))
    config.pop("search", None)
    config["features"] = [
        feature for feature in config.get("features") or [] if not feature.startswith("search.")
    ]
    config["translations"] = {
        key: words
        for key, words in (config.get("translations") or {}).items()
        if not key.startswith("search.")
    }
    # A str: joined to the page, Markup would escape the page itself.
    text = str(htmlsafe_json_dumps(config, separators=(",", ":")))
    return html[: match.start(2)] + text + html[match.end(2) :]
