"""The cache folder: every file under it is written here, atomically, and read back as a versioned JSON entry.

What the cache keeps between builds (annotations, the resolved archive, page signatures, rendered pages) could
have been written by another version of Annals, a killed build, a CI cache restored from elsewhere or another
user, so nothing read back from it is trusted: entries are plain JSON (never pickle, which runs code as it
loads), each stored with the version it was made under, and an entry that cannot be used (unreadable, malformed,
another version) is logged at debug level with the reason and treated as missing. Writes go to a temporary file
renamed into place, so a crash leaves the old entry or none; the folder may be deleted at any time.

`CacheFolder` is a small key/value store of such entries (a name under the folder → a JSON value). What grows with
the archive and is kept between builds lives instead in `StateDatabase`, one SQLite file in the folder, written and
read row by row (generator/buildstate.py). `cache_folder` opens
one at a local path or at any fsspec URL (`s3://bucket/annals-cache`): the annotation cache lives wherever the
build and the machines annotating for it (`annals annotate --scheduler`) both reach. An object store writes an
object whole or not at all; elsewhere a write cut short leaves an entry that fails its check when read, and is
made again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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
    replaced, never written through, and a missing folder made. For files the build only ever replaces, never
    writes in place (cache entries, generated pages, Pagefind's bundle), so the site and the cache may share them.
    The link is tried first: into a fresh site folder it is one system call a file, where unlinking and making
    the folder first were three more (at 10,000 articles, 72,000 files each build)."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        os.unlink(target)
    except FileNotFoundError:  # no folder yet (or no source, which the second try reports)
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except OSError:
        pass  # no hard links here (another device, a file system without them): copied below
    try:
        os.link(source, target)
    except OSError:
        try:
            os.unlink(target)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
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


class StateDatabase:
    """What the build keeps for the next one, as tables of one SQLite file in the cache folder (`state.db`), each
    part of it under a section whose version says what it was made from (`sections`). The file's `user_version`
    is the tables' shape: a file of another shape, a damaged file or one that is no database at all is logged as
    a warning naming it and made again (the work it saved is done again), never trusted. SQLite's own locking
    keeps concurrent builds (two `mkdocs serve`) to one writer at a time: each write is one transaction, and
    readers see a build's state whole or not at all."""

    FILE = "state.db"
    TIMEOUT = 600  # seconds to wait for another build's write to end

    def __init__(self, cache: CacheFolder, schema_version: int, schema: str, kept: str = ""):
        self.path = cache.path(self.FILE)
        self.schema_version = schema_version
        self.schema = schema
        self.kept = (
            kept  # a table carried over when the file is made again: what rebuilding cannot recover
        )

    def connect(self) -> sqlite3.Connection:
        """A connection to the file, made and shaped as `schema` says when it is not there or of another shape."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=self.TIMEOUT, isolation_level=None)
        try:
            self.configure(connection)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version == self.schema_version:
                return connection
            tables = connection.execute("SELECT name FROM sqlite_master").fetchall()
        except sqlite3.DatabaseError as error:
            connection.close()
            if not self.is_damage(error):
                raise
            return self.remake(f"damaged ({error})", [])
        if version == 0 and not tables:
            self.shape(connection, [])
            return connection
        kept = self.kept_rows(connection)
        connection.close()
        return self.remake(
            f"of another shape (format {version}, this version's is {self.schema_version})",
            kept,
            logging.INFO,  # an older version's: expected once, after an upgrade
        )

    @staticmethod
    def configure(connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
        connection.execute("PRAGMA synchronous = NORMAL")

    def kept_rows(self, connection: sqlite3.Connection) -> list[tuple]:
        if not self.kept:
            return []
        try:
            return connection.execute(f"SELECT * FROM {self.kept}").fetchall()
        except sqlite3.DatabaseError:
            return []

    def remake(
        self, reason: str, kept: list[tuple], level: int = logging.WARNING
    ) -> sqlite3.Connection:
        log.log(level, "%s not used: %s; made again", self.path, reason)
        self.remove()
        connection = sqlite3.connect(self.path, timeout=self.TIMEOUT, isolation_level=None)
        self.configure(connection)
        self.shape(connection, kept)
        return connection

    def shape(self, connection: sqlite3.Connection, kept: list[tuple]) -> None:
        with self.transaction(connection):
            for statement in self.schema.split(";"):
                connection.execute(statement)
            if kept:
                marks = ", ".join("?" * len(kept[0]))
                connection.executemany(f"INSERT OR IGNORE INTO {self.kept} VALUES ({marks})", kept)
            connection.execute(f"PRAGMA user_version = {self.schema_version}")

    def remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    @staticmethod
    def is_damage(error: sqlite3.DatabaseError) -> bool:
        """Whether `error` says the file is damaged or not of this shape, rather than busy or out of space."""
        name = getattr(error, "sqlite_errorname", "")
        return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_ERROR", "SQLITE_MISMATCH") or (
            not name and not isinstance(error, sqlite3.OperationalError)
        )

    @staticmethod
    @contextmanager
    def transaction(connection: sqlite3.Connection, write: bool = True) -> Iterator[None]:
        connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection | None]:
        """A connection reading one consistent state, or None when the file cannot be read (logged): the caller
        does the work again. A damaged file found while reading is removed, to be made again."""
        with self.using(write=False) as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection | None]:
        """A connection writing in one transaction, or None when the file cannot be opened (logged)."""
        with self.using(write=True) as connection:
            yield connection

    @contextmanager
    def using(self, write: bool) -> Iterator[sqlite3.Connection | None]:
        try:
            connection = self.connect()
        except (OSError, sqlite3.DatabaseError) as error:
            log.warning("%s not used: %s", self.path, error)
            yield None
            return
        try:
            with self.transaction(connection, write):
                yield connection
        except sqlite3.DatabaseError as error:
            if not self.is_damage(error):
                log.warning("%s not used: %s", self.path, error)
            else:
                log.warning("%s not used: damaged (%s); made again", self.path, error)
                connection.close()
                self.remove()
        except (
            ValueError,
            TypeError,
        ) as error:  # rows of this shape holding what this code never writes
            log.warning("%s not used: %s", self.path, error)
        finally:
            connection.close()
