"""The cache folder: every file under it is written here, atomically, and read back as a versioned JSON entry.

What the cache keeps between builds (annotations, the resolved archive, page signatures, rendered pages) could
have been written by another version of Annals, a killed build, a CI cache restored from elsewhere or another
user, so nothing read back from it is trusted: entries are plain JSON (never pickle, which runs code as it
loads), each stored with the version it was made under, and an entry that cannot be used (unreadable, malformed,
another version) is logged at debug level with the reason and treated as missing. Writes go to a temporary file
renamed into place, so a crash leaves the old entry or none; the folder may be deleted at any time.

`CacheFolder` is a small key/value store of such entries (a name under the folder → a JSON value), so that what
grows with the archive could later live in an embedded database behind the same two calls. `cache_folder` opens
one at a local path or at any fsspec URL (`s3://bucket/annals-cache`): the annotation cache lives wherever the
build and the machines annotating for it (`annals annotate --scheduler`) both reach. An object store writes an
object whole or not at all; elsewhere a write cut short leaves an entry that fails its check when read, and is
made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from .progress import log

PACKAGE_DIR = Path(__file__).parent


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` all or nothing, readable as any file the build writes (mkstemp would leave it private)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def link_or_copy(source, target) -> None:
    """`target` as a hard link to `source` where the file system allows, else as a copy; an existing `target` is
    replaced, never written through. For files the build only ever replaces, never writes in place (cache entries,
    generated pages, Pagefind's bundle), so the site and the cache may share them."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator package's own files (code, templates, assets), computed once per process: an
    entry made by other code is never used."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def digest_of(*parts: str) -> str:
    """A SHA-256 of strings, each ended by a NUL so that no two lists of parts run together alike."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


# Where a cache folder is: a local folder, or the URL of one on any file system fsspec reaches.
Location = Path | str


def is_url(location: Location) -> bool:
    """Whether `location` names a folder through fsspec (`s3://…`, `memory://…`) rather than a local path;
    `file://` URLs are local paths."""
    return isinstance(location, str) and "://" in location and not location.startswith("file://")


def cache_folder(location: Location) -> CacheFolder:
    """The cache folder at a local path (or file:// URL) or at an fsspec URL."""
    if is_url(location):
        return RemoteFolder(str(location))
    return CacheFolder(Path(str(location).removeprefix("file://")))


class CacheFolder:
    """Versioned JSON entries under one folder, by name (a relative path such as `build-state.json`)."""

    def __init__(self, directory: Path):
        self.directory = directory

    def path(self, name: str) -> Path:
        return self.directory / name

    def where(self, name: str) -> str:
        """The entry's full path or URL, as messages name it."""
        return str(self.path(name))

    def read(self, name: str) -> bytes:
        """The stored bytes of `name`; FileNotFoundError when there are none."""
        return self.path(name).read_bytes()

    def write(self, name: str, data: bytes) -> None:
        write_atomically(self.path(name), data)

    def load(self, name: str, version: str) -> Any | None:
        """The value saved under `name` with `version`; None when there is none or it cannot be used (said at
        debug level, with the reason, unless it is simply missing)."""
        try:
            data = json.loads(self.read(name))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            self.log_unusable(name, f"unreadable ({error})")
            return None
        if not isinstance(data, dict) or "value" not in data:
            self.log_unusable(name, "not an entry of this format")
            return None
        if data.get("version") != version:
            self.log_unusable(name, "made by another version or from other inputs")
            return None
        return data["value"]

    def log_unusable(self, name: str, reason: object) -> None:
        """Say at debug level why the entry `name` is not used (the build does its work again)."""
        log.debug("cache entry %s not used: %s", self.where(name), reason)

    def save(self, name: str, version: str, value: Any) -> None:
        """Keep `value` (anything JSON can hold) under `name`, all or nothing. Non-ASCII is escaped, so a file
        name that is not UTF-8 (a lone surrogate here) reads back as it was."""
        data = json.dumps({"version": version, "value": value}, separators=(",", ":"))
        self.write(name, data.encode("ascii"))

    def remove(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)


class RemoteFolder(CacheFolder):
    """A cache folder at an fsspec URL: the same entries, read and written through the URL's file system."""

    def __init__(self, url: str):
        import fsspec  # only for a cache at a URL

        self.url = url.rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.url)
        super().__init__(Path(self.root))

    def path(self, name: str) -> Path:
        raise TypeError(
            f"{self.url} is not a local folder"
        )  # only the build's own, local, state asks

    def where(self, name: str) -> str:
        return f"{self.url}/{name}"

    def read(self, name: str) -> bytes:
        return self.fs.cat_file(f"{self.root}/{name}")

    def write(self, name: str, data: bytes) -> None:
        target = f"{self.root}/{name}"
        try:
            self.fs.pipe_file(target, data)
        except FileNotFoundError:  # a file system with real folders: make them, once per folder
            self.fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
            self.fs.pipe_file(target, data)

    def remove(self, name: str) -> None:
        try:
            self.fs.rm_file(f"{self.root}/{name}")
        except FileNotFoundError:
            pass
