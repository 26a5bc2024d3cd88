"""The site's search: Material's own for small archives, Pagefind for big ones.

Material's search plugin writes one `search/search_index.json` that a reader's browser downloads whole before it
shows a result (7.7 MB at 1,000 articles, growing with the archive). Pagefind splits its index into chunks and a
query fetches only the chunks and excerpts it needs. Option `search: auto` (the default) keeps Material's search
up to `pagefind_above` articles and uses Pagefind above; `material` and `pagefind` choose one outright. This module
makes that choice, switches the theme over (Material's index off, Pagefind's search box in the header), marks what
gets indexed — what Material's search would index — and runs the `pagefind` binary over the built site.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError

from .read import find_input_files

log = logging.getLogger("mkdocs.plugins.annals")
PACKAGE_DIR = Path(__file__).parent
# Templates only (MkDocs copies a theme folder's other files into every site): the header with Pagefind's box.
THEME_DIR = PACKAGE_DIR / "theme" / "pagefind"
BUNDLE = "pagefind"  # Pagefind's output folder in the site
ASSETS = ("assets/annals/search.css", "assets/annals/search.js")
STYLES = (f"{BUNDLE}/pagefind-component-ui.css", "assets/annals/search.css")
# search.js first: it tells Pagefind's components where the site's root is before they start.
SCRIPTS = ("assets/annals/search.js", f"{BUNDLE}/pagefind-component-ui.js")
# What Material's search leaves out: blocks marked data-search-exclude (an actor page's lists of articles,
# quotes and companions, the timeline) and the ¶ permalinks of headings.
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".headerlink"]
# Material's element around a page's content (base.html); Pagefind indexes the content of marked pages only.
CONTENT = '<article class="md-content__inner md-typeset">'
MARK = "data-pagefind-body"
PAGEFIND_VERSION = "pagefind 1.5."  # the service protocol spoken below is 1.5's
INSTALL_HINT = "install it with `pip install 'pagefind[bin]==1.5.2'` (a dependency of Annals) or set `search: material`"
WINDOW = 16  # requests in flight to the pagefind service


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


def configure(config, options, seeds_dir: Path) -> bool:
    """Choose the backend and set MkDocs up for it (from on_config: MkDocs loads the theme's templates before it
    reads any file); True when it is Pagefind. Fails now, before the site folder is emptied, if Pagefind is
    chosen and its binary cannot run."""
    material = config.plugins.get("material/search")
    material_on = material is not None and material.config.enabled
    articles = count_articles(seeds_dir)
    if choose_backend(options.search, options.pagefind_above, articles, material_on) != "pagefind":
        return False
    pagefind_executable()
    if material is not None:
        material.config.enabled = False  # no lunr index built or written; Material's header hides its search
    if str(THEME_DIR) not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for style in STYLES:
        if style not in config.extra_css:
            config.extra_css.append(style)
    for script in SCRIPTS:
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
    why = f"search: {options.search}" if options.search == "pagefind" else f"{articles} articles > pagefind_above: {options.pagefind_above}"
    log.info("annals: search by Pagefind (%s)", why)
    return True


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
        raise PluginError(f"annals: search uses Pagefind, but there is no pagefind binary{where}; {INSTALL_HINT}")
    try:
        version = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PluginError(f"annals: the pagefind binary {executable} does not run ({error}); {INSTALL_HINT}") from None
    if version.returncode != 0 or not version.stdout.startswith(PAGEFIND_VERSION):
        said = (version.stdout + version.stderr).strip()[-300:] or f"exit status {version.returncode}"
        raise PluginError(f"annals: {executable} is not Pagefind 1.5 ({said}); {INSTALL_HINT}")
    return Path(executable), version.stdout.strip()


def mark_for_index(output: str, page) -> str:
    """The page with its content marked for Pagefind, unless its front matter says `search: exclude: true` (home,
    date and index pages), which is what Material's search obeys."""
    search = page.meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        return output
    return output.replace(CONTENT, f"{CONTENT[:-1]} {MARK}>", 1)


def index_site(site_dir, cache_dir: Path | None = None) -> int:
    """Index the marked pages of the built site into `site_dir/pagefind/` and add the search box's own assets;
    returns the number of pages indexed.

    Pagefind has no incremental mode, and at 10,000 articles indexing takes about a minute, so the last bundle is
    kept under `cache_dir/pagefind/<key>/`, the key a digest of every marked page (path and bytes), Pagefind's
    version and settings: a rebuild whose pages are all unchanged (a warm rebuild, `mkdocs serve` after an edit
    that changes no page) copies that bundle, which is byte for byte what indexing would write."""
    started = time.perf_counter()
    site = Path(site_dir)
    for asset in ASSETS:
        (site / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE_DIR / asset, site / asset)
    shutil.rmtree(site / BUNDLE, ignore_errors=True)  # a dirty build must not keep the last bundle's chunks
    executable, version = pagefind_executable()
    pages, key = marked_pages(site, version)
    kept = cache_dir / BUNDLE / key if cache_dir else None
    if kept is not None and kept.is_dir():
        shutil.copytree(kept, site / BUNDLE, copy_function=link_or_copy)
        log.info("annals: Pagefind reused the index of %d unchanged pages in %.1f s", len(pages), time.perf_counter() - started)
        return len(pages)
    write_index(executable, ((path, (site / path).read_text("utf-8")) for path in pages), site / BUNDLE)
    if kept is not None and pages:
        keep_bundle(site / BUNDLE, kept)
    log.info("annals: Pagefind indexed %d pages in %.1f s", len(pages), time.perf_counter() - started)
    return len(pages)


def marked_pages(site: Path, version: str = "") -> tuple[list[str], str]:
    """The paths in the site of every page marked for the index, in sorted order, and a key of their bytes,
    Pagefind's `version` and the index settings."""
    digest = hashlib.blake2b(json.dumps([version, EXCLUDE_SELECTORS]).encode("utf-8"), digest_size=16)
    pages = []
    for path in sorted(site.rglob("*.html"), key=lambda p: p.relative_to(site).as_posix()):
        relative = path.relative_to(site).as_posix()
        data = path.read_bytes()
        # A page that merely mentions the word is sent too; Pagefind then finds no mark in it and leaves it out.
        if relative.split("/", 1)[0] != BUNDLE and MARK.encode() in data:
            pages.append(relative)
            digest.update(f"{len(relative)}:{relative}{len(data)}:".encode() + data)
    return pages, digest.hexdigest()


def keep_bundle(bundle: Path, kept: Path) -> None:
    """A copy of `bundle` at `kept`, in place of any earlier one; complete or absent, never half written."""
    partial = kept.with_name(kept.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(bundle, partial)
    for old in kept.parent.iterdir():
        if old != partial:
            shutil.rmtree(old, ignore_errors=True)
    os.replace(partial, kept)


def link_or_copy(source: str, target: str) -> None:
    """A hard link where the file system allows (the bundle is never written in place), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_index(executable: Path, pages: Iterable[tuple[str, str]], output: Path) -> int:
    """Index `pages` in the order given with `pagefind --service` and write the bundle to `output`.

    The pagefind command numbers pages in the order it walks the site folder, which is the file system's order
    (by a per-disk hash of the name on ext4, by creation on tmpfs), so the same site would give another index on
    another machine; given the pages in sorted order through its service, the same site gives the same bytes
    everywhere. The service reads base64-encoded JSON requests, each ended by ',', on stdin and answers each, in
    order, the same way on stdout (the protocol of Pagefind's own Python and Node APIs). The bundle comes back in
    the answer and is written here: the service's own WriteFiles answers before its writes reach the disk, and
    it exits the moment its input ends, which can leave files empty.
    """
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
        service = ServiceChannel(process)
        count, files = 0, []
        try:
            index = service.call({"type": "NewIndex", "config": {"exclude_selectors": EXCLUDE_SELECTORS}})["index_id"]
            for path, html in pages:
                service.send({"type": "AddFile", "index_id": index, "file_path": path, "file_contents": html})
                count += 1
            if count:
                files = service.call({"type": "GetFiles", "index_id": index})["files"]
        except (OSError, ServiceError, KeyError, ValueError) as error:
            process.kill()
            process.wait()
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip()[-1000:]
            raise PluginError(f"annals: Pagefind failed to index the site: {error!s}" + (f"\n{said}" if said else "")) from None
        finally:
            if not process.stdin.closed:
                try:
                    process.stdin.close()  # the service exits at the end of its input
                except OSError:
                    pass
            process.wait()
    for file in sorted(files, key=lambda f: f["path"]):
        target = output / PurePosixPath(file["path"])
        if ".." in PurePosixPath(file["path"]).parts or PurePosixPath(file["path"]).is_absolute():
            raise PluginError(f"annals: Pagefind returned a file outside its folder: {file['path']!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(file["content"]))
    if not count:
        log.warning("annals: no page to index for search (every page has `search: exclude: true`)")
    return count


class ServiceError(Exception):
    """The pagefind service answered with an error or stopped."""


class ServiceChannel:
    """Requests to a `pagefind --service` process, at most WINDOW unanswered at a time, so that neither side's
    buffers grow with the size of the site."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.sent = 0
        self.answered = 0
        self.pending = bytearray()

    def send(self, payload: dict) -> None:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}, ensure_ascii=False).encode("utf-8")
        self.process.stdin.write(base64.b64encode(message) + b",")
        while self.sent - self.answered >= WINDOW:
            self.receive()

    def call(self, payload: dict) -> dict:
        """Send and wait for the answer (and every earlier one)."""
        self.send(payload)
        self.process.stdin.flush()
        answer = {}
        while self.answered < self.sent:
            answer = self.receive()
        return answer

    def receive(self) -> dict:
        self.process.stdin.flush()
        searched = 0
        while (end := self.pending.find(b",", searched)) < 0:
            searched = len(self.pending)
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk:
                raise ServiceError(f"the pagefind service stopped (exit status {self.process.poll()})")
            self.pending += chunk
        response = json.loads(base64.b64decode(self.pending[:end]))
        del self.pending[: end + 1]
        payload = response.get("payload") or {}
        if payload.get("type") == "Error":
            raise ServiceError(payload.get("message") or "an error without a message")
        self.answered += 1
        if response.get("message_id") != self.answered:
            raise ServiceError(f"answer {response.get('message_id')} came where {self.answered} was due")
        return payload
