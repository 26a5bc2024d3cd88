"""What a build keeps in the cache folder for the next one: its resolved archive (reused when nothing changed),
each article's local actors (so a rebuild groups only new articles' names), the near-duplicate names among the
actors (so a rebuild compares only new names), the signatures of the pages it
rendered (so a rebuild renders only pages whose inputs changed) and every URL each article has had (redirects).

All of it is rows of one SQLite file, `cache.StateDatabase` (`.annals-cache/state.db`): an article, an actor, a
mention, an article's local actors, a page's signature, each a row, written in one transaction from generators
and read back through cursors, so that no build holds the whole state as one text. Each part is valid only for
the same code and the inputs its section's version names; anything missing, unreadable or other means doing that
work again, so the file may be deleted at any time and one left by an older version is simply made again. Only
the URL history, which rebuilding cannot recover, is carried over into a file made again.

A row holds a value's fields as columns, read from the dataclasses' own field types (a field added to `model.py`
needs no code here, and changes the tables' shape, which makes the file again): text, numbers and dates as
they are, anything nested (an article's blocks, an actor's quotes) as the JSON of generator/codec.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import operator
import os
import re
import sqlite3
import sys
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .cache import CacheFolder, StateDatabase, code_version, digest_of
from .codec import decoder, to_json
from .doubts import NearDuplicates
from .model import Actor, Archive, Article, Mention, Rejection, shared_confidence, shared_offset
from .progress import log
from .resolve import KnownLocalActors, LocalActor, LocalActorsMemo, LocalCounts
from .urls import article_url
from .write import Listing

# Bump when what the tables mean changes though their columns do not.
STATE_FORMAT = 6
Encoder = Callable[[Any], Any]


def page_listing(directory: Path) -> Listing:
    """Every file under `directory` (its path there), with its size and modification time, sorted by path."""
    listing: list[tuple[str, int, int]] = []
    stack = [(directory, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), f"{prefix}{entry.name}/"))
            else:
                info = entry.stat(follow_symlinks=False)
                listing.append((prefix + entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(listing))


def stored_text(value: str) -> str | bytes:
    """Text as SQLite keeps it: a file name that is not UTF-8 (lone surrogates, os.fsdecode's) as its bytes."""
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")
    return value


def read_text(value: Any) -> str:
    if type(value) is str:
        return value
    if type(value) is bytes:
        return value.decode("utf-8", "surrogatepass")
    raise ValueError(f"expected text, found {type(value).__name__}")


def read_bytes(value: Any) -> bytes:
    if type(value) is bytes:
        return value
    raise ValueError(f"expected bytes, found {type(value).__name__}")


def read_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(read_text(value))


def as_stored(value: Any) -> Any:
    """The encoder of a value SQLite stores as it is (a number)."""
    return value


def column_codec(kind: Any) -> tuple[Encoder, Encoder]:
    """How a field of type `kind` is written to its column and read back (checked: ValueError when it is not)."""
    if kind is str:
        return stored_text, read_text
    if kind is bytes:  # a packed article body (Article.packed_copy), a BLOB
        return as_stored, read_bytes
    if kind in (int, float):
        return as_stored, decoder(kind)
    if kind is dt.date:
        return (lambda value: value.isoformat()), read_date
    if kind == dt.date | None:
        return (lambda value: value and value.isoformat()), (
            lambda value: None if value is None else read_date(value)
        )
    if kind == int | None:
        return as_stored, decoder(kind)
    nested = decoder(kind)
    return (lambda value: json.dumps(to_json(value), separators=(",", ":"))), (
        lambda value: nested(json.loads(read_text(value)))
    )


class Rows:
    """The rows of one table holding values of the dataclass `kind`, a column per field but those in `apart`
    (kept in tables of their own), those in `numbered` stored as the number of a row of another table (written
    by the caller); `shared` names text fields whose values repeat from row to row (a mention's
    article and actor), read back as one string each rather than one per row."""

    def __init__(
        self,
        kind: type,
        apart: tuple[str, ...] = (),
        shared: tuple[str, ...] = (),
        numbered: tuple[str, ...] = (),
    ):
        hints = typing.get_type_hints(kind)
        self.kind = kind
        self.fields = [f.name for f in dataclasses.fields(kind) if f.name not in apart]
        codecs = [column_codec(int if name in numbered else hints[name]) for name in self.fields]
        self.values = operator.attrgetter(*self.fields)
        # Only the fields whose encoder changes them, the values taken at once: a call per field for each of
        # 430,000 mentions was 0.4 s of the 2.7 s a 10,000-article archive took to save.
        self.encoders = [
            (n, encode) for n, (encode, _) in enumerate(codecs) if encode is not as_stored
        ]
        self.decoders = [decode for _, decode in codecs]
        self.shared = [name in shared for name in self.fields]
        self.columns = ", ".join(f'"{name}"' for name in self.fields)

    def encode(self, value: Any) -> list:
        row = list(self.values(value)) if len(self.fields) > 1 else [self.values(value)]
        for index, encode in self.encoders:
            row[index] = encode(row[index])
        return row

    def make(self, row: Sequence, **apart: Any) -> Any:
        """The value of a row, with the fields kept apart given."""
        return self.kind(**dict(zip(self.fields, self.decode(row))), **apart)

    def decode(self, row: Sequence, strings: dict[str, str] | None = None) -> list:
        values = [decode(value) for decode, value in zip(self.decoders, row)]
        if strings is not None:
            for index, shared in enumerate(self.shared):
                if shared:
                    values[index] = strings.setdefault(values[index], values[index])
        return values


ARTICLES = Rows(Article)
ACTORS = Rows(Actor, apart=("mentions",))
MENTIONS = Rows(Mention, shared=("article", "label", "actor", "how"), numbered=("sentence",))
REJECTIONS = Rows(Rejection)

SCHEMA = f"""
CREATE TABLE sections (
    name TEXT PRIMARY KEY,       -- archive, local-actors, actor-pages.json, article-pages.json, article-urls
    version TEXT NOT NULL,       -- what it was made from: the code, the inputs
    drafts INTEGER               -- the archive's
);
CREATE TABLE listing (path, size, mtime);   -- the generated pages as the archive's build left them
CREATE TABLE articles ({ARTICLES.columns});  -- rowid: the archive's order
CREATE TABLE actors ({ACTORS.columns});
CREATE TABLE sentences (id INTEGER PRIMARY KEY, text);
CREATE TABLE mentions (owner, {MENTIONS.columns});  -- owner: its actor's rowid, sentence: a sentences id
CREATE TABLE rejections ({REJECTIONS.columns});
CREATE TABLE actor_redirects (old, new);
CREATE TABLE page_redirects (old, new);
CREATE TABLE local_actors (digest TEXT PRIMARY KEY, counts, spans);  -- JSON: {{name: what merging weighs}}, {{name: spans}}
CREATE TABLE signed_pages (section, key, signature, page_signature, files, PRIMARY KEY (section, key));
CREATE TABLE article_urls (path, url, PRIMARY KEY (path, url));
CREATE TABLE near_names (slug TEXT PRIMARY KEY, name, kind);  -- each doubted actor's folded name and type
CREATE TABLE near_pairs (first, second, ratio);  -- rowid: their order
-- format {STATE_FORMAT}
"""
SCHEMA_VERSION = int(
    hashlib.sha256(SCHEMA.encode("utf-8")).hexdigest()[:7], 16
)  # PRAGMA user_version


def state_database(cache: CacheFolder) -> StateDatabase:
    return StateDatabase(cache, SCHEMA_VERSION, SCHEMA, kept="article_urls")


def section_version(connection: sqlite3.Connection, name: str) -> tuple[str, Any] | None:
    found = connection.execute(
        "SELECT version, drafts FROM sections WHERE name = ?", (name,)
    ).fetchone()
    return None if found is None else (found[0], found[1])


def mark_section(connection: sqlite3.Connection, name: str, version: str, drafts=None) -> None:
    connection.execute("INSERT OR REPLACE INTO sections VALUES (?, ?, ?)", (name, version, drafts))


class SavedArchive:
    """The last build's input digest, generated-page listing, resolved archive and redirects, written together in
    one transaction; the listing is compared first, so that the archive is read only when the inputs and pages
    match."""

    LEGACY = (
        "build-archive.json",
        "build-state.json",
    )  # what versions before state.db wrote instead

    def __init__(self, cache: CacheFolder):
        self.cache = cache
        self.database = state_database(cache)

    def load(
        self, digest: str, pages_dir: Path
    ) -> tuple[Archive, tuple[tuple[str, str], ...], Listing] | None:
        """(archive, redirects, page listing) of the last build when its inputs had `digest` and its pages are as
        it left them."""
        if not self.database.path.exists():
            return None
        with self.database.reading() as connection:
            if connection is None:
                return None
            section = saved_for(connection, digest)
            if section is None:
                return None
            listing = page_listing(pages_dir)
            saved = connection.execute("SELECT path, size, mtime FROM listing ORDER BY rowid")
            if not same_listing(saved, listing):
                return None  # a generated page edited, added or deleted since
            archive = read_archive(connection, section[1])
            redirects = tuple(
                (read_text(old), read_text(new))
                for old, new in connection.execute(
                    "SELECT old, new FROM page_redirects ORDER BY rowid"
                )
            )
            return archive, redirects, listing
        return None

    def current(self, digest: str) -> bool:
        """Whether the saved archive was made from inputs with `digest`, without reading it; `load` then checks that
        its pages are as it left them (listing them once, where the archive is read)."""
        if not self.database.path.exists():
            return False
        with self.database.reading() as connection:
            return connection is not None and saved_for(connection, digest) is not None
        return False

    def save(
        self, digest: str, archive: Archive, redirects: Sequence[tuple[str, str]], listing: Listing
    ) -> None:
        with self.database.writing() as connection:
            if connection is None:
                return
            connection.execute("DELETE FROM sections WHERE name = 'archive'")
            for table in (
                "listing",
                "articles",
                "actors",
                "sentences",
                "mentions",
                "rejections",
                "actor_redirects",
                "page_redirects",
            ):
                connection.execute(f"DELETE FROM {table}")
            write_archive(connection, archive)
            connection.executemany(
                "INSERT INTO page_redirects VALUES (?, ?)",
                ((stored_text(old), stored_text(new)) for old, new in redirects),
            )
            connection.executemany(
                "INSERT INTO listing VALUES (?, ?, ?)",
                ((stored_text(path), size, mtime) for path, size, mtime in listing),
            )
            mark_section(connection, "archive", f"{STATE_FORMAT} {digest}", archive.drafts)
        for name in self.LEGACY:
            self.cache.remove(name)


def saved_for(connection: sqlite3.Connection, digest: str) -> tuple[str, Any] | None:
    """The archive's section when the saved archive's inputs had `digest`."""
    section = section_version(connection, "archive")
    if section is None or section[0] != f"{STATE_FORMAT} {digest}":
        return None
    return section


def same_listing(saved: Iterable[tuple], listing: Listing) -> bool:
    """Whether the rows `saved` are the files of `listing`, walked side by side."""
    ended = object()
    for row, file in itertools.zip_longest(saved, listing, fillvalue=ended):
        if row is ended or file is ended:
            return False
        if (read_text(row[0]), row[1], row[2]) != file:  # type: ignore[index]
            return False
    return True


def write_archive(connection: sqlite3.Connection, archive: Archive) -> None:
    """The archive's rows, each table filled from a generator."""
    connection.executemany(
        f"INSERT INTO articles VALUES ({marks(ARTICLES)})",
        (ARTICLES.encode(article) for article in archive.articles),
    )
    connection.executemany(
        f"INSERT INTO actors VALUES ({marks(ACTORS)})",
        (ACTORS.encode(actor) for actor in archive.actors),
    )
    sentences: dict[str, int] = {}
    sentence = MENTIONS.fields.index("sentence")

    def mention_rows() -> Iterator[list]:
        for owner, actor in enumerate(archive.actors, start=1):
            for mention in actor.mentions:
                row = MENTIONS.encode(mention)
                row[sentence] = sentences.setdefault(mention.sentence, len(sentences) + 1)
                yield [owner, *row]

    connection.executemany(f"INSERT INTO mentions VALUES (?, {marks(MENTIONS)})", mention_rows())
    connection.executemany(
        "INSERT INTO sentences VALUES (?, ?)",
        ((number, stored_text(text)) for text, number in sentences.items()),
    )
    connection.executemany(
        f"INSERT INTO rejections VALUES ({marks(REJECTIONS)})",
        (REJECTIONS.encode(rejection) for rejection in archive.rejections),
    )
    connection.executemany(
        "INSERT INTO actor_redirects VALUES (?, ?)",
        ((stored_text(old), stored_text(new)) for old, new in archive.redirects),
    )


def marks(rows: Rows) -> str:
    return ", ".join("?" * len(rows.fields))


def read_archive(connection: sqlite3.Connection, drafts: Any) -> Archive:
    """The archive from its rows; a mention's sentence, and the slugs it repeats, as one string each."""
    articles = tuple(
        ARTICLES.make(row)
        for row in connection.execute(f"SELECT {ARTICLES.columns} FROM articles ORDER BY rowid")
    )
    sentences = {
        number: read_text(text)
        for number, text in connection.execute("SELECT id, text FROM sentences")
    }
    strings: dict[str, str] = {}
    sentence, start, end, confidence = map(
        MENTIONS.fields.index, ("sentence", "start", "end", "confidence")
    )

    def mention(row: Sequence) -> Mention:
        values = MENTIONS.decode(row, strings)
        values[sentence] = sentences[values[sentence]]
        values[start], values[end] = shared_offset(values[start]), shared_offset(values[end])
        values[confidence] = shared_confidence(values[confidence])
        return Mention(*values)

    mentions = connection.execute(f"SELECT owner, {MENTIONS.columns} FROM mentions ORDER BY rowid")
    by_owner = itertools.groupby(mentions, key=lambda row: row[0])
    pending = next(by_owner, None)
    actors = []
    for row in connection.execute(f"SELECT rowid, {ACTORS.columns} FROM actors ORDER BY rowid"):
        own: tuple[Mention, ...] = ()
        if pending is not None and pending[0] == row[0]:
            own = tuple(mention(found[1:]) for found in pending[1])
            pending = next(by_owner, None)
        actors.append(ACTORS.make(row[1:], mentions=own))
    if pending is not None:
        raise ValueError("mentions of no actor")
    return Archive(
        articles,
        tuple(actors),
        tuple(
            (read_text(old), read_text(new))
            for old, new in connection.execute(
                "SELECT old, new FROM actor_redirects ORDER BY rowid"
            )
        ),
        tuple(
            REJECTIONS.make(row)
            for row in connection.execute(
                f"SELECT {REJECTIONS.columns} FROM rejections ORDER BY rowid"
            )
        ),
        decoder(int)(drafts),
    )


def local_counts_to_json(actor: LocalActor) -> list:
    """What merging weighs of a local actor (resolve.LocalCounts), as its row's `counts` holds it."""
    return [
        actor.key,
        dict(actor.forms),
        dict(actor.votes),
        actor.unproven,
        sorted(actor.former),
        actor.name,
        actor.short_of,
        len(actor.spans),
    ]


def local_spans_to_json(actor: LocalActor) -> list:
    """A local actor's spans and how each was joined, as its row's `spans` holds them."""
    return [
        [list(span) for span in actor.spans],
        [[start, how, confidence] for start, (how, confidence) in actor.how.items()],
    ]


# Each name and label one string for the whole archive (sys.intern): a rebuild holds every article's counts at once,
# and read as a string each the local actors were a quarter more memory (368 against 276 MB at 10,000 articles).
intern = sys.intern


def local_counts_from_json(data: list) -> LocalCounts:
    key, forms, votes, unproven, former, name, short_of, mentions = data
    return LocalCounts(
        intern(str(key)),
        counted(forms),
        counted(votes),
        int(mentions),
        bool(unproven),
        frozenset(former) if former else frozenset(),
        intern(str(name)),
        intern(str(short_of)),
    )


def counted(counts: dict) -> Counter:
    """A Counter of the JSON object `counts`, its keys interned (filled as a dict: Counter's own update, which
    first asks whether it was given a mapping, was most of reading 426,000 of them back)."""
    found: Counter = Counter()
    dict.update(found, {intern(k): v for k, v in counts.items()})
    return found


# The counts of every local actor read back for its spans alone (local_spans_from_json): build_actors reads no
# more of them, and nothing changes a local actor's counts once it is made (LocalActor).
NOT_COUNTED: Counter = Counter()


def local_spans_from_json(key: str, data: list) -> LocalActor:
    """A local actor read back for its spans and how each was joined, what build_actors reads again of it."""
    spans, how = data
    return LocalActor(
        intern(key),
        NOT_COUNTED,
        NOT_COUNTED,
        [(start, end, intern(text), intern(label)) for start, end, text, label in spans],
        how={int(start): (intern(str(kind)), float(confidence)) for start, kind, confidence in how},
    )


def local_actor_from_json(counts: list, spans: list) -> LocalActor:
    """A local actor whole, from both parts of its row."""
    known = local_counts_from_json(counts)
    actor = local_spans_from_json(known.key, spans)
    actor.forms, actor.votes, actor.unproven = known.forms, known.votes, known.unproven
    actor.former, actor.name, actor.short_of = known.former, known.name, known.short_of
    return actor


class SavedLocalActors:
    """The per-article local actors of the last build, a row per article, valid only for the same code and
    editorial rules (both change how names group). Read from the rows as resolve asks for each article; the
    articles the last build did not have are written as resolve groups them (`keep`, a batch at a time), for
    resolve to read their spans again once the archive's actors are known instead of holding every article's.
    Unreadable or other means grouping again."""

    NAME = "local-actors"
    LEGACY = "local-actors.json"
    BATCH = 500  # articles' rows written in one transaction

    def __init__(self, cache: CacheFolder, rules):
        self.cache = cache
        self.database = state_database(cache)
        # The rules' entries, not the file's path: a project moved keeps its local actors.
        self.version = f"{STATE_FORMAT} {digest_of(code_version(), repr(rules.entries))}"
        self.found: set[str] = set()  # digests whose rows were read, and so are there
        self.reader: sqlite3.Connection | None = None
        self.pending: dict[str, tuple[str, str]] = {}  # rows `keep` has not written yet, by digest

    def load(self) -> LocalActorsMemo:
        """A memo reading each article's local actors from the file as resolve asks for them (one connection
        open until `save`), and keeping those it groups anew there."""
        self.reader = None
        if self.database.path.exists():
            try:
                reader = self.database.connect()
                if section_version(reader, self.NAME) == (self.version, None):
                    self.reader = reader
                else:
                    reader.close()
            except (OSError, sqlite3.DatabaseError) as error:
                log.warning("%s not used: %s", self.database.path, error)
        return LocalActorsMemo(StoredLocalActors(self), keep=self.keep)

    def keep(self, digest: str, actors: dict[str, LocalActor]) -> bool:
        """Store an article's local actors grouped in this build; written with the next batch, or before the
        next read."""
        self.pending[digest] = local_actors_json(actors)
        if len(self.pending) >= self.BATCH:
            self.write_pending()
        return True

    def write_pending(self) -> None:
        """Write the rows `keep` was given, under this version: rows of another version go first. Rows that
        cannot be written are grouped again when asked for (StoredLocalActors finds none)."""
        rows, self.pending = self.pending, {}
        if not rows:
            return
        with self.database.writing() as connection:
            if connection is None:
                return
            if section_version(connection, self.NAME) != (self.version, None):
                connection.execute("DELETE FROM local_actors")
                mark_section(connection, self.NAME, self.version)
            connection.executemany(
                "INSERT OR REPLACE INTO local_actors VALUES (?, ?, ?)",
                ((digest, *columns) for digest, columns in rows.items()),
            )
        if self.reader is None:
            try:
                self.reader = self.database.connect()
            except (OSError, sqlite3.DatabaseError) as error:
                log.warning("%s not used: %s", self.database.path, error)

    def get(self, digest: str) -> dict[str, LocalActor] | None:
        """An article's local actors, whole."""
        counts, spans = self.column(digest, "counts"), self.column(digest, "spans")
        if counts is None or spans is None:
            return None
        return self.decoded(
            digest,
            lambda: {intern(str(k)): local_actor_from_json(v, spans[k]) for k, v in counts.items()},
        )

    def counts(self, digest: str) -> dict[str, LocalCounts] | None:
        """What merging weighs of an article's local actors (its row's `counts`)."""
        found = self.column(digest, "counts")
        if found is None:
            return None
        return self.decoded(
            digest, lambda: {intern(str(k)): local_counts_from_json(v) for k, v in found.items()}
        )

    def spans(self, digest: str) -> dict[str, LocalActor] | None:
        """An article's local actors with their spans and how each was joined, no more (its row's `spans`)."""
        found = self.column(digest, "spans")
        if found is None:
            return None
        return self.decoded(
            digest,
            lambda: {intern(str(k)): local_spans_from_json(str(k), v) for k, v in found.items()},
        )

    def decoded(self, digest: str, decode: Callable[[], Any]) -> Any:
        try:
            return decode()
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            self.cache.log_unusable(f"{self.database.FILE} {self.NAME} {digest}", error)
            return None

    def column(self, digest: str, column: str) -> Any:
        """One column of an article's row, parsed; None when there is none (or it cannot be read: logged)."""
        if digest in self.pending:
            self.write_pending()
        if self.reader is None:
            return None
        try:
            row = self.reader.execute(
                f"SELECT {column} FROM local_actors WHERE digest = ?", (digest,)
            ).fetchone()
            if row is None:
                return None
            found = json.loads(read_text(row[0]))
        except sqlite3.DatabaseError as error:
            log.warning("%s not used: %s", self.database.path, error)
            self.close()
            return None
        except ValueError as error:
            self.cache.log_unusable(f"{self.database.FILE} {self.NAME} {digest}", error)
            return None
        self.found.add(digest)
        return found

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
            self.reader = None

    def save(self, memo: LocalActorsMemo) -> None:
        """Keep the local actors of this build's articles: rows of the others removed, new ones added."""
        self.write_pending()
        self.close()
        with self.database.writing() as connection:
            if connection is None:
                return
            if section_version(connection, self.NAME) != (self.version, None):
                connection.execute("DELETE FROM local_actors")
                self.found.clear()
            stale = [
                (digest,)
                for (digest,) in connection.execute("SELECT digest FROM local_actors")
                if digest not in memo.used
            ]
            connection.executemany("DELETE FROM local_actors WHERE digest = ?", stale)
            connection.executemany(
                "INSERT OR REPLACE INTO local_actors VALUES (?, ?, ?)",
                (
                    (digest, *local_actors_json(actors))
                    for digest, actors in memo.used.items()
                    if actors is not None and digest not in self.found
                ),
            )
            mark_section(connection, self.NAME, self.version)
        self.cache.remove(self.LEGACY)


def local_actors_json(actors: dict[str, LocalActor]) -> tuple[str, str]:
    """An article's local actors as their row holds them: what merging weighs, and their spans."""
    counts = {name: local_counts_to_json(actor) for name, actor in actors.items()}
    spans = {name: local_spans_to_json(actor) for name, actor in actors.items()}
    return json.dumps(counts, separators=(",", ":")), json.dumps(spans, separators=(",", ":"))


class StoredLocalActors(KnownLocalActors):
    """The saved local actors as the memo looks them up: one article's at a time, from the file, what merging
    weighs and their spans read apart."""

    def __init__(self, saved: SavedLocalActors):
        self.saved = saved

    def __getitem__(self, digest: str) -> dict[str, LocalActor]:
        found = self.saved.get(digest)
        if found is None:
            raise KeyError(digest)
        return found

    def get(self, digest, default=None):
        found = self.saved.get(digest)
        return default if found is None else found

    def counts(self, digest: str) -> dict[str, LocalCounts] | None:
        return self.saved.counts(digest)

    def spans(self, digest: str) -> dict[str, LocalActor] | None:
        return self.saved.spans(digest)

    def __iter__(self) -> Iterator[str]:
        return iter(())  # only ever looked up

    def __len__(self) -> int:
        return 0

    def __bool__(self) -> bool:
        return True


class SavedNearDuplicates:
    """The last build's near-duplicate pairs (doubts.NearDuplicates), rows of state.db valid only for the same
    code (which holds the rule). Missing, unreadable or of another version means None: every pair is worked out
    again."""

    NAME = "near-duplicates"
    LEGACY = "near-duplicates.json"  # the JSON entry of the cache folder versions before these rows wrote

    def __init__(self, cache: CacheFolder):
        self.cache = cache
        self.database = state_database(cache)
        self.version = f"{STATE_FORMAT} {code_version()}"

    def load(self) -> NearDuplicates | None:
        if not self.database.path.exists():
            return None
        with self.database.reading() as connection:
            if connection is None:
                return None
            if section_version(connection, self.NAME) != (self.version, None):
                return None
            names = {
                read_text(slug): (read_text(name), read_text(kind))
                for slug, name, kind in connection.execute(
                    "SELECT slug, name, kind FROM near_names"
                )
            }
            pairs = tuple(
                (read_text(first), read_text(second), float(ratio))
                for first, second, ratio in connection.execute(
                    "SELECT first, second, ratio FROM near_pairs ORDER BY rowid"
                )
            )
            return NearDuplicates(names, pairs)
        return None

    def save(self, near: NearDuplicates) -> None:
        with self.database.writing() as connection:
            if connection is None:
                return
            connection.execute("DELETE FROM near_names")
            connection.execute("DELETE FROM near_pairs")
            connection.executemany(
                "INSERT INTO near_names VALUES (?, ?, ?)",
                (
                    (stored_text(slug), stored_text(name), stored_text(kind))
                    for slug, (name, kind) in near.names.items()
                ),
            )
            connection.executemany(
                "INSERT INTO near_pairs VALUES (?, ?, ?)",
                (
                    (stored_text(first), stored_text(second), ratio)
                    for first, second, ratio in near.pairs
                ),
            )
            mark_section(connection, self.NAME, self.version)
        self.cache.remove(self.LEGACY)


class SignedPages:
    """Pages rendered from a signature (see signatures.actor_signatures and signatures.article_signatures): each
    key's signature in the last build, its page signature where there is one (signatures.article_page_signature),
    and the size and modification time of the files it wrote, a row per key. A key whose files are as they were
    is not rendered again when its signature is as it was, or else when its page signature is. Valid only for the
    same code and site settings; a file edited or deleted since means rendering it again."""

    def __init__(self, cache: CacheFolder, name: str, pages_dir: Path, site_settings: tuple):
        self.cache = cache
        self.database = state_database(cache)
        self.name = name
        self.pages_dir = pages_dir
        self.version = f"{STATE_FORMAT} {digest_of(code_version(), repr(site_settings))}"
        self.page_signatures: dict[
            str, str
        ] = {}  # known this build without rendering: kept, or taken to compare
        # The files of the keys `unchanged` found the same, as stored: this build does not write them, so `save`
        # need not look at them again (two stats a page, 0.4 s of a rebuild at 10,000 articles).
        self.kept_files: dict[str, str] = {}

    def files(self, paths: tuple[str, ...]) -> list[list[int]]:
        stats = []
        for path in paths:
            try:
                info = os.stat(self.pages_dir / path)
            except OSError:
                return []
            stats.append([info.st_size, info.st_mtime_ns])
        return stats

    def unchanged(
        self,
        signatures: dict[str, str],
        paths: Mapping[str, tuple[str, ...]],
        page_signature: Callable[[str], str] | None = None,
    ) -> frozenset[str]:
        if not self.database.path.exists():
            return frozenset()
        same: set[str] = set()
        with self.database.reading() as connection:
            if connection is None or section_version(connection, self.name) != (self.version, None):
                return frozenset()
            rows = connection.execute(
                "SELECT key, signature, page_signature, files FROM signed_pages WHERE section = ?",
                (self.name,),
            )
            for key, before, page_before, files in rows:
                signature = signatures.get(key)
                if (
                    signature is None
                    or files == "[]"
                    or json.loads(files) != self.files(paths[key])
                ):
                    continue
                if before == signature:
                    same.add(key)
                    if page_before is not None:
                        self.page_signatures[key] = page_before
                elif page_signature is not None and page_before is not None:
                    self.page_signatures[key] = page_signature(key)
                    if self.page_signatures[key] == page_before:
                        same.add(key)
                if key in same:
                    self.kept_files[key] = files
        return frozenset(same)

    def save(
        self,
        signatures: dict[str, str],
        paths: Mapping[str, tuple[str, ...]],
        page_signature: Callable[[str], str] | None = None,
    ) -> None:
        def rows() -> Iterator[tuple]:
            for key, signature in signatures.items():
                known = self.page_signatures.get(key)
                if known is None and page_signature is not None:
                    known = page_signature(key)
                files = self.kept_files.get(key) or json.dumps(
                    self.files(paths[key]), separators=(",", ":")
                )
                yield self.name, key, signature, known, files

        with self.database.writing() as connection:
            if connection is None:
                return
            connection.execute("DELETE FROM signed_pages WHERE section = ?", (self.name,))
            connection.executemany("INSERT INTO signed_pages VALUES (?, ?, ?, ?, ?)", rows())
            mark_section(connection, self.name, self.version)
        self.cache.remove(self.name)  # the JSON entry versions before state.db wrote


class ArticleURLs:
    """Every URL each article has had, by its input path (relative to the seeds folder), so that an article whose
    title or slug changed leaves a redirect at its old URL. An article no longer in the archive keeps its rows,
    for when it comes back. Missing or unreadable means none known: what survives a deleted cache is the
    article's own `redirect_from`. The one part of the state rebuilding cannot recover: a file of another shape
    is made again with these rows, and what versions before state.db kept (JSON entries) is read once."""

    NAME = "article-urls"
    LEGACY = "article-urls.json"
    URL = re.compile(
        r"\Aarticles/\d{4}/\d{2}/\d{2}/[a-z0-9]+(?:-[a-z0-9]+)*/\Z"
    )  # nothing else is written there

    def __init__(self, cache: CacheFolder):
        self.cache = cache
        self.database = state_database(cache)
        self.migrated = False

    def load(self) -> dict[str, list[str]]:
        known: dict[str, list[str]] = {}
        with self.database.reading() as connection:
            if connection is not None:
                rows = connection.execute("SELECT path, url FROM article_urls ORDER BY path, url")
                for path, url in rows:
                    if isinstance(url, str) and self.URL.match(url):
                        known.setdefault(read_text(path), []).append(url)
                if known or section_version(connection, self.NAME) is not None:
                    return known  # rows carried into a file made again have no section yet
        self.migrated = True
        return self.legacy()

    def legacy(self) -> dict[str, list[str]]:
        """The URLs as versions before state.db kept them: a JSON entry of the cache folder (version "2"), or before
        that {"format": 1, "urls": …}."""
        known = self.cache.load(self.LEGACY, "2")
        if known is None:
            try:
                data = json.loads(self.cache.path(self.LEGACY).read_bytes())
                known = data["urls"] if data["format"] == 1 else None
            except (OSError, ValueError, TypeError, KeyError):
                known = None
        if not isinstance(known, dict):
            return {}
        return {
            path: [url for url in urls if isinstance(url, str) and self.URL.match(url)]
            for path, urls in known.items()
            if isinstance(urls, list)
        }

    def save(self, earlier: dict[str, list[str]], articles: Sequence[Article]) -> None:
        """Add this build's URLs (and, read from an older cache, the earlier ones) to the rows."""
        carried = earlier.items() if self.migrated else ()
        with self.database.writing() as connection:
            if connection is None:
                return
            connection.executemany(
                "INSERT OR IGNORE INTO article_urls VALUES (?, ?)",
                itertools.chain(
                    ((stored_text(path), url) for path, urls in carried for url in urls),
                    ((stored_text(article.path), article_url(article)) for article in articles),
                ),
            )
            mark_section(connection, self.NAME, "1")
        self.cache.remove(self.LEGACY)
