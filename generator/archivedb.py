"""The archive's published facts as one SQLite database, `api/archive.db`, which `sqlite3` and Datasette open as it
is: articles, actors with their aliases, every mention with its sentence and how it was attached (provenance and
confidence), and the actors' co-occurrences, with primary keys, foreign keys and indexes on what they join by.

The other exports (generator/exports.py) are made from it: a mention's row number is its row in `mentions.csv`,
and the co-occurrences (`COOCCURRENCES`) are the edges of `network.gexf`. Values are stored as they are,
never quoted for a spreadsheet: SQL reads them through bound parameters, so the text is data, never a statement.

The same archive gives the same bytes. SQLite's file holds no time: its header has a change counter (one per
transaction, and the file is written in a fixed number of them), the library's version (the same in one
installation) and settings fixed here (page size, UTF-8, no auto-vacuum, the rollback journal rather than WAL,
which would mark the header). Rows go in in one fixed order, indexes are made after them, and the file is written
in a temporary folder and handed on in pieces, which the page writer puts in place by an atomic rename.
"""

from __future__ import annotations

import contextlib
import pickle
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from .exports import (
    CHUNK_BYTES,
    EXPORT_PATHS,
    iter_mentions_csv,
    iter_network_gexf,
    write_data_exports,
)
from .model import HOW, Archive, Page
from .urls import article_url
from .write import write_page

DATABASE_PATH = "api/archive.db"
SCHEMA_VERSION = 1  # PRAGMA user_version: bumped when a table or column changes

# Articles and actors are numbered (in date then slug order, and in slug order) and referred to by number: slugs
# repeated in every mention and co-occurrence made the file three times the size of mentions.csv.
SCHEMA = """
CREATE TABLE provenance (
    how TEXT PRIMARY KEY,        -- how resolve attached a mention to its actor
    description TEXT NOT NULL
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,      -- oldest first
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    date TEXT NOT NULL,          -- YYYY-MM-DD, the article's day as written
    source TEXT NOT NULL,
    url TEXT NOT NULL,           -- where it was published ('' when unknown)
    path TEXT NOT NULL           -- its page on this site
);
CREATE TABLE actors (
    id INTEGER PRIMARY KEY,      -- in slug order
    slug TEXT NOT NULL UNIQUE,   -- its page: /actors/<slug>/
    name TEXT NOT NULL,
    type TEXT NOT NULL,          -- person, organization, place, group, event or other
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    confidence REAL              -- the mean confidence of its mentions
);
CREATE TABLE aliases (
    actor INTEGER NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,         -- a name its mentions were written as, or an editorial alias
    PRIMARY KEY (actor, alias)
) WITHOUT ROWID;
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(id),
    text TEXT NOT NULL
);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,      -- its row in mentions.csv (header not counted)
    actor INTEGER NOT NULL REFERENCES actors(id),
    article INTEGER NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,      -- character offsets in the article's text
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,          -- as written
    sentence INTEGER NOT NULL REFERENCES sentences(id),
    label TEXT NOT NULL,         -- the model's label, '' when found by name
    how TEXT NOT NULL REFERENCES provenance(how),
    confidence REAL NOT NULL
);
CREATE TABLE cooccurrences (
    actor_a INTEGER NOT NULL REFERENCES actors(id),
    actor_b INTEGER NOT NULL REFERENCES actors(id),  -- actor_a < actor_b
    articles INTEGER NOT NULL,   -- articles naming both
    PRIMARY KEY (actor_a, actor_b)
) WITHOUT ROWID;
"""

# Pairs grow with the square of an article's actors: in an article naming more than this many, only its most
# mentioned actors are linked to each other, so a list of 2,000 names cannot turn into two million edges.
MAX_LINKED_ACTORS_PER_ARTICLE = 50

# Every pair of actors named in the same article, with the number of such articles, worked out from the mentions
# already in the file: in an article naming more than MAX_LINKED_ACTORS_PER_ARTICLE actors only its most mentioned
# (ties in slug order, as actors are numbered) are paired. SQL, rather than Python tuples handed to SQLite, made
# 1.3 million pairs of 10,000 articles in 1.7 s rather than 2.1 s, and kept none of them in the build's memory.
COOCCURRENCES = f"""
CREATE TEMP TABLE linked (article INTEGER, actor INTEGER, PRIMARY KEY (article, actor)) WITHOUT ROWID;
INSERT INTO linked
    SELECT article, actor FROM (
        SELECT article, actor, row_number() OVER (PARTITION BY article ORDER BY count(*) DESC, actor) AS rank
        FROM mentions GROUP BY article, actor
    )
    WHERE rank <= {MAX_LINKED_ACTORS_PER_ARTICLE};
INSERT INTO cooccurrences
    SELECT a.actor, b.actor, count(*) FROM linked AS a JOIN linked AS b ON b.article = a.article AND b.actor > a.actor
    GROUP BY a.actor, b.actor
    ORDER BY a.actor, b.actor;
DROP TABLE linked
"""

INDEXES = """
CREATE INDEX mentions_actor ON mentions(actor);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX cooccurrences_actor_b ON cooccurrences(actor_b);
CREATE INDEX articles_date ON articles(date);
"""


@contextlib.contextmanager
def archive_database(archive: Archive) -> Iterator[sqlite3.Connection]:
    """The database of `archive`, made in a temporary folder and open for the time of the `with`."""
    with tempfile.TemporaryDirectory(prefix="annals-db-") as folder:
        path = Path(folder) / "archive.db"
        write_archive_db(archive, path)
        connection = sqlite3.connect(path)
        try:
            yield connection
        finally:
            connection.close()


def mentions_csv(archive: Archive) -> str:
    """mentions.csv of `archive` (exports.iter_mentions_csv) as one text."""
    with archive_database(archive) as connection:
        return "".join(iter_mentions_csv(connection))


def network_gexf(archive: Archive) -> str:
    """network.gexf of `archive` (exports.iter_network_gexf) as one text."""
    with archive_database(archive) as connection:
        return "".join(iter_network_gexf(connection))


def file_pieces(path: Path) -> Iterator[bytes]:
    """A file's bytes in pieces, for the page writer."""
    with open(path, "rb") as stream:
        while piece := stream.read(CHUNK_BYTES):
            yield piece


def write_archive_db(archive: Archive, path: Path) -> None:
    """Write the database of `archive` to `path`, which must not exist."""
    write_database(archive_rows(archive), path)


def write_database(batches: Iterable[tuple[str, list[tuple]]], path: Path) -> None:
    """Write the database of the rows `batches` (archive_rows) to `path`, which must not exist."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in (
            "page_size = 4096",
            "auto_vacuum = NONE",
            "encoding = 'UTF-8'",
            "journal_mode = DELETE",
            "synchronous = OFF",
        ):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute(
            "BEGIN"
        )  # one transaction (executescript would commit it: statements one by one)
        for statement in SCHEMA.split(";"):
            connection.execute(statement)
        for table, rows in batches:
            connection.executemany(INSERTS[table], rows)
        for statement in COOCCURRENCES.split(";"):
            connection.execute(statement)
        for statement in INDEXES.split(";"):
            connection.execute(statement)
        connection.execute("COMMIT")
    finally:
        connection.close()


# The statement filling each table, by the name archive_rows gives its rows under.
INSERTS = {
    table: f"INSERT INTO {table} VALUES ({', '.join('?' * columns)})"
    for table, columns in (
        ("provenance", 2),
        ("articles", 7),
        ("actors", 7),
        ("aliases", 2),
        ("mentions", 10),
        ("sentences", 3),
    )
}
ROWS_PER_BATCH = 20_000


def archive_rows(archive: Archive) -> Iterator[tuple[str, list[tuple]]]:
    """The database's rows as (table, rows) in the order they go in, at most ROWS_PER_BATCH at a time: the same
    rows in the same order give the same file, whoever writes it."""
    articles = sorted(archive.articles, key=lambda a: (a.date, a.slug))
    article_ids = {article.slug: number for number, article in enumerate(articles, start=1)}
    actors = sorted(archive.actors, key=lambda a: a.slug)
    actor_ids = {actor.slug: number for number, actor in enumerate(actors, start=1)}
    sentences: dict[tuple[int, str], int] = {}
    tables: tuple[tuple[str, Iterable[tuple]], ...] = (
        ("provenance", HOW.items()),
        ("articles", article_rows(articles)),
        ("actors", actor_rows(actors, article_ids)),
        (
            "aliases",
            ((actor_ids[a.slug], alias) for a in actors for alias in sorted(set(a.aliases))),
        ),
        ("mentions", mention_rows(articles, actors, article_ids, actor_ids, sentences)),
        ("sentences", sentence_rows(sentences)),
    )
    for table, rows in tables:
        stream = iter(rows)
        while batch := list(islice(stream, ROWS_PER_BATCH)):
            yield table, batch


def sentence_rows(sentences: dict[tuple[int, str], int]) -> Iterator[tuple]:
    """The sentences mention_rows numbered, read only once it has made every mention (a generator starts late)."""
    for (article, text), number in sentences.items():
        yield number, article, text


def article_rows(articles) -> Iterator[tuple]:
    for number, article in enumerate(articles, start=1):
        yield (
            number,
            article.slug,
            article.title,
            article.date.isoformat(),
            article.source,
            article.url,
            article_url(article),
        )


def actor_rows(actors, article_ids: dict[str, int]) -> Iterator[tuple]:
    for number, actor in enumerate(actors, start=1):
        mentions = [m for m in actor.mentions if m.article in article_ids]
        confidence = (
            round(sum(m.confidence for m in mentions) / len(mentions), 2) if mentions else None
        )
        yield (
            number,
            actor.slug,
            actor.name,
            actor.type,
            len(mentions),
            len({m.article for m in mentions}),
            confidence,
        )


def mention_rows(
    articles, actors, article_ids, actor_ids, sentences: dict[tuple[int, str], int]
) -> Iterator[tuple]:
    """Mentions in mentions.csv's order (oldest article first, then by position); numbers each sentence, once per
    article, in `sentences` as it first comes."""
    by_article: dict[str, list] = {article.slug: [] for article in articles}
    for actor in actors:
        for mention in actor.mentions:
            rows = by_article.get(mention.article)
            if rows is not None:
                rows.append((mention.start, mention.end, actor.slug, mention))
    number = 0
    for article in articles:
        article_id = article_ids[article.slug]
        for start, end, actor, mention in sorted(
            by_article.pop(article.slug), key=lambda row: row[:3]
        ):
            number += 1
            sentence = sentences.setdefault((article_id, mention.sentence), len(sentences) + 1)
            yield (
                number,
                actor_ids[actor],
                article_id,
                start,
                end,
                mention.text,
                sentence,
                mention.label,
                mention.how,
                mention.confidence,
            )


# The process PublishedData runs: this package, wherever it was imported from (a copy, in the benchmark), writing.
PUBLISHING_PROCESS = "import sys; sys.path.insert(0, sys.argv[1]); from generator.archivedb import main; main(sys.argv[2:])"
PUBLISHED_PATHS = (DATABASE_PATH, *EXPORT_PATHS)


class PublishedData:
    """archive.db and the exports made from it (exports.py), written by a process of its own while the build
    renders its pages. The build hands it the database's rows (archive_rows), pickled into a temporary file that is
    the process's standard input: at 10,000 articles making and pickling them took 2.1 s of the build's core, where
    SQLite writing them there took 8 s. The exports hold Python's lock (the csv module, ElementTree), so in a thread
    they too would take the build's core. `wait` says what the process wrote, or raises what went wrong; `stop`
    ends it early (a build that fails meanwhile)."""

    def __init__(self, batches: Iterable[tuple[str, list[tuple]]], folder: Path):
        self.answer = tempfile.TemporaryFile()
        with tempfile.TemporaryFile() as rows:
            for batch in batches:
                pickle.dump(batch, rows, protocol=pickle.HIGHEST_PROTOCOL)
            rows.seek(0)
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    PUBLISHING_PROCESS,
                    str(Path(__file__).resolve().parents[1]),
                    str(folder),
                ],
                stdin=rows,
                stdout=self.answer,
                stderr=subprocess.STDOUT,
            )

    def wait(self) -> list[str]:
        """The paths the process wrote (the others were as it would have written them)."""
        code = self.process.wait()
        self.answer.seek(0)
        said = self.answer.read().decode("utf-8", "replace")
        self.answer.close()
        if code != 0:
            raise PublishingError(
                f"writing {', '.join(PUBLISHED_PATHS)} failed (exit status {code}): {said.strip()[-2000:]}"
            )
        return [line for line in said.splitlines() if line in PUBLISHED_PATHS]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.answer.close()


class PublishingError(Exception):
    """PublishedData's process failed."""


def read_batches(stream: BinaryIO) -> Iterator[tuple[str, list[tuple]]]:
    """The batches PublishedData pickled, as they come. Only ever this package's own file: pickle runs what it
    reads."""
    while True:
        try:
            yield pickle.load(stream)
        except EOFError:
            return


def main(arguments: list[str]) -> None:
    """PublishedData's process: `FOLDER`, the rows on standard input; writes the database and the exports under
    FOLDER, each only where it changed, and prints each path it wrote."""
    (folder,) = arguments
    with tempfile.TemporaryDirectory(prefix="annals-db-") as temporary:
        path = Path(temporary) / "archive.db"
        write_database(read_batches(sys.stdin.buffer), path)
        if write_page(Page(DATABASE_PATH, file_pieces(path)), Path(folder)):
            print(DATABASE_PATH, flush=True)
        for written in write_data_exports(path, Path(folder)):
            print(written, flush=True)
