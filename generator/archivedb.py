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
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .exports import (
    CHUNK_BYTES,
    iter_mentions_csv,
    iter_network_gexf,
)
from .model import HOW, Archive, Page
from .urls import article_url

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


def iter_database_exports(archive: Archive) -> Iterator[Page]:
    """The database, as pieces of bytes a build writes as they come. It stays uncompressed: sqlite3 and Datasette
    open it only as it is."""
    yield Page(DATABASE_PATH, iter_archive_db(archive))


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


def iter_archive_db(archive: Archive) -> Iterator[bytes]:
    """The database's bytes in pieces, made in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="annals-db-") as folder:
        path = Path(folder) / "archive.db"
        write_archive_db(archive, path)
        with open(path, "rb") as stream:
            while piece := stream.read(CHUNK_BYTES):
                yield piece


def write_archive_db(archive: Archive, path: Path) -> None:
    """Write the database to `path`, which must not exist."""
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
        insert_rows(connection, archive)
        for statement in COOCCURRENCES.split(";"):
            connection.execute(statement)
        for statement in INDEXES.split(";"):
            connection.execute(statement)
        connection.execute("COMMIT")
    finally:
        connection.close()


def insert_rows(connection: sqlite3.Connection, archive: Archive) -> None:
    articles = sorted(archive.articles, key=lambda a: (a.date, a.slug))
    article_ids = {article.slug: number for number, article in enumerate(articles, start=1)}
    actors = sorted(archive.actors, key=lambda a: a.slug)
    actor_ids = {actor.slug: number for number, actor in enumerate(actors, start=1)}
    connection.executemany("INSERT INTO provenance VALUES (?, ?)", HOW.items())
    connection.executemany(
        "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", article_rows(articles)
    )
    connection.executemany(
        "INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?)", actor_rows(actors, article_ids)
    )
    connection.executemany(
        "INSERT INTO aliases VALUES (?, ?)",
        ((actor_ids[a.slug], alias) for a in actors for alias in sorted(set(a.aliases))),
    )
    sentences: dict[tuple[int, str], int] = {}
    rows = mention_rows(articles, actors, article_ids, actor_ids, sentences)
    connection.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    connection.executemany(
        "INSERT INTO sentences VALUES (?, ?, ?)",
        ((n, a, text) for (a, text), n in sentences.items()),
    )


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
