"""The archive as a database (`api/archive.db`) and mentions.csv compressed (`api/mentions.csv.gz`), issue 20 point 3:
a site built through the CLI from real Wikinews articles (../shared/corpus), its database opened with sqlite3 as
a reader would and checked row by row against the site's pages and JSON and CSV exports; and the same bytes from
the same articles copied in and walked in the opposite order."""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import sqlite3
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from test_pages import build_site

from generator.exports import spreadsheet_safe

from conftest import CONGRESS_ARTICLES, CORPUS, SEED, build_seed_files

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")

# The Congress articles and three more, on other subjects: an explosion in Russia, Ebola, measles in Samoa.
ARTICLES = [
    *CONGRESS_ARTICLES,
    "2019/2019-01-04-magnitogorsk-apartment-building-collapses-after-explosion-dozens-dead.md",
    "2019/2019-08-15-scientists-report-two-life-saving-treatments-for-ebola.md",
    "2019/2019-12-07-samoan-government-temporarily-shuts-down-for-nationwide-measles-vaccination-driv.md",
]
MENTION = re.compile(r'<a class="annals-mention [^"]*" href="(?:\.\./)+actors/([a-z0-9-]+)/"')


def seed_files() -> list[Path]:
    return [SEED, *(CORPUS / name for name in ARTICLES)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("db"), seed_files())


@pytest.fixture(scope="module")
def db(site):
    connection = sqlite3.connect(f"file:{site / 'api' / 'archive.db'}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_the_database_opens_as_it_is_whole_with_its_keys_and_indexes(db):
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA journal_mode").fetchone() == (
        "delete",
    )  # no WAL: one file, readable read-only
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {
        "provenance",
        "articles",
        "actors",
        "aliases",
        "sentences",
        "mentions",
        "cooccurrences",
    }
    references = {(row[2], row[3]) for row in db.execute("PRAGMA foreign_key_list(mentions)")}
    assert references == {
        ("actors", "actor"),
        ("articles", "article"),
        ("sentences", "sentence"),
        ("provenance", "how"),
    }
    assert {(row[2], row[4]) for row in db.execute("PRAGMA foreign_key_list(cooccurrences)")} == {
        ("actors", "id")
    }
    indexes = {
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
    }
    assert {"mentions_actor", "mentions_article"} <= indexes
    plan = " ".join(
        row[3] for row in db.execute("EXPLAIN QUERY PLAN SELECT * FROM mentions WHERE actor = 1")
    )
    assert "mentions_actor" in plan


def test_articles_and_actors_are_those_of_the_json_exports(site, db):
    articles = json.loads((site / "api" / "articles.json").read_text("utf-8"))
    rows = db.execute(
        "SELECT slug, title, date, source, url, path FROM articles ORDER BY slug"
    ).fetchall()
    assert rows == [
        (a["slug"], a["title"], a["date"], a["source"], a["url"], a["path"]) for a in articles
    ]
    assert len(rows) == len(ARTICLES) + 1
    entities = json.loads((site / "api" / "entities.json").read_text("utf-8"))
    rows = db.execute(
        "SELECT slug, name, type, mentions, articles, confidence FROM actors ORDER BY slug"
    ).fetchall()
    assert rows == [
        (e["slug"], e["name"], e["type"], e["mentions"], len(e["articles"]), e["confidence"])
        for e in entities
    ]
    aliases = set(
        db.execute(
            "SELECT actors.slug, alias FROM aliases JOIN actors ON actors.id = aliases.actor"
        )
    )
    assert aliases == {(e["slug"], alias) for e in entities for alias in e["aliases"]}
    provenance = db.execute(
        "SELECT slug, how, count(*) FROM mentions JOIN actors ON actors.id = actor GROUP BY slug, how"
    ).fetchall()
    assert {(a, how): n for a, how, n in provenance} == {
        (e["slug"], how): n for e in entities for how, n in e["provenance"].items()
    }
    pelosi = db.execute("SELECT type, articles FROM actors WHERE name = 'Nancy Pelosi'").fetchone()
    assert pelosi[0] == "person" and pelosi[1] >= 3


def test_mentions_are_the_rows_of_mentions_csv_with_their_sentences(site, db):
    with gzip.open(site / "api" / "mentions.csv.gz", "rt", encoding="utf-8", newline="") as stream:
        header, *csv_rows = list(csv.reader(stream))
    assert header[-2:] == ["how", "confidence"]
    rows = db.execute(
        """SELECT actors.slug, actors.name, actors.type, articles.slug, articles.date, mentions.start, mentions."end",
                  mentions.text, sentences.text, mentions.how, mentions.confidence
           FROM mentions JOIN actors ON actors.id = mentions.actor JOIN articles ON articles.id = mentions.article
                JOIN sentences ON sentences.id = mentions.sentence
           ORDER BY mentions.id"""
    ).fetchall()
    as_csv = [
        [
            *map(spreadsheet_safe, (a, name, kind, article)),
            date,
            str(start),
            str(end),
            *map(spreadsheet_safe, (text, sentence)),
            how,
            f"{confidence:.2f}",
        ]
        for a, name, kind, article, date, start, end, text, sentence, how, confidence in rows
    ]
    assert as_csv == csv_rows and len(rows) > 100
    # A sentence naming several actors is stored once, in its own article.
    assert db.execute("SELECT count(*) FROM sentences").fetchone()[0] < len(rows)
    assert db.execute(
        "SELECT count(*) FROM mentions JOIN sentences ON sentences.id = mentions.sentence WHERE sentences.article != mentions.article"
    ).fetchone() == (0,)


def test_each_article_page_highlights_the_actors_the_database_says_it_names(site, db):
    for number, slug, path in db.execute("SELECT id, slug, path FROM articles").fetchall():
        page = (site / path / "index.html").read_text("utf-8")
        linked = set(MENTION.findall(page))
        named = {
            a
            for (a,) in db.execute(
                "SELECT DISTINCT slug FROM mentions JOIN actors ON actors.id = actor WHERE article = ?",
                (number,),
            )
        }
        assert linked == named, slug


def test_cooccurrences_are_the_edges_of_network_gexf(site, db):
    with gzip.open(site / "api" / "network.gexf.gz") as stream:
        graph = ET.parse(stream)
    edges = {
        (e.get("source"), e.get("target"), int(e.get("weight")))
        for e in graph.iter("{http://gexf.net/1.3}edge")
    }
    pairs = db.execute(
        """SELECT a.slug, b.slug, cooccurrences.articles FROM cooccurrences
           JOIN actors AS a ON a.id = actor_a JOIN actors AS b ON b.id = actor_b"""
    )
    assert set(pairs) == edges
    assert edges and all(a < b for a, b, _ in edges)
    # Two actors of one article co-occur: a query over mentions gives the same count.
    a, b, n = max(edges, key=lambda e: (e[2], e[0], e[1]))
    articles_of = "SELECT article FROM mentions JOIN actors ON actors.id = actor WHERE slug = ?"
    both = db.execute(
        f"SELECT count(*) FROM ({articles_of} INTERSECT {articles_of})", (a, b)
    ).fetchone()[0]
    assert both == n


def test_every_pair_of_actors_named_in_one_article_is_an_edge_counted_by_its_articles(site, db):
    """The edges, made one actor's pairs at a time, against pairs counted from the mentions themselves (no article
    here names more than MAX_LINKED_ACTORS_PER_ARTICLE actors, so every pair counts)."""
    named: dict[int, set[str]] = {}
    for article, slug in db.execute(
        "SELECT article, slug FROM mentions JOIN actors ON actors.id = actor"
    ):
        named.setdefault(article, set()).add(slug)
    assert max(len(slugs) for slugs in named.values()) <= 50
    counted: dict[tuple[str, str], int] = {}
    for slugs in named.values():
        for a in slugs:
            for b in slugs:
                if a < b:
                    counted[(a, b)] = counted.get((a, b), 0) + 1
    with gzip.open(site / "api" / "network.gexf.gz") as stream:
        graph = ET.parse(stream)
    edges = [
        ((e.get("source"), e.get("target")), int(e.get("weight")))
        for e in graph.iter("{http://gexf.net/1.3}edge")
    ]
    assert len(edges) > 100
    assert edges == sorted(counted.items())  # each pair once, in order, numbered in that order
    numbers = [int(e.get("id")) for e in graph.iter("{http://gexf.net/1.3}edge")]
    assert numbers == list(range(len(edges)))


def test_network_gexf_is_indented_as_elementtree_indents_the_whole_document(site):
    """Its nodes and edges are written a piece at a time, yet laid out as one tree indented at once would be."""
    text = gzip.decompress((site / "api" / "network.gexf.gz").read_bytes()).decode()
    root = ET.fromstring(text.encode())
    ET.indent(root, space="  ")
    again = ET.tostring(root, encoding="unicode")
    line_shape = re.compile(r"( *)(</?)(?:\w+:)?(\w+)")

    def shape(document: str) -> list[tuple[str, ...]]:
        return [m.groups() for line in document.splitlines() if (m := line_shape.match(line))]

    assert shape(text) == shape(again)
    assert len(shape(text)) > 500


@pytest.mark.parametrize("name", ["mentions.csv", "network.gexf"])
def test_the_growing_exports_are_gzipped_with_no_name_or_time_in_their_header(site, name):
    """Only compressed: they are the exports that grow fastest with the archive."""
    assert not (site / "api" / name).exists()
    packed = (site / "api" / f"{name}.gz").read_bytes()
    assert (
        packed[:3] == b"\x1f\x8b\x08" and packed[3] == 0
    )  # deflate, no flags: no file name, no comment
    assert packed[4:8] == b"\0\0\0\0"  # modification time: none
    assert len(packed) < len(gzip.decompress(packed)) / 3


def build_pages(root: Path, files: list[Path]) -> Path:
    """The generated pages of `files` (copied in the order given), built in this process."""
    build_seed_files(root, files)
    return root / "pages"


WALK = os.walk


def reversed_walk(top, *args, **kwargs):
    """os.walk giving each folder's files and folders in the opposite order."""
    for folder, folders, names in WALK(top, *args, **kwargs):
        folders.reverse()
        yield folder, folders, names[::-1]


def test_same_articles_read_in_another_order_give_the_same_bytes(site, tmp_path, monkeypatch):
    first = build_pages(tmp_path / "first", seed_files())
    monkeypatch.setattr(os, "walk", reversed_walk)
    second = build_pages(tmp_path / "second", seed_files()[::-1])
    for name in ("api/archive.db", "api/mentions.csv.gz"):
        assert (
            (first / name).read_bytes()
            == (second / name).read_bytes()
            == (site / name).read_bytes()
        ), name
    assert not list((first / "api").glob(".*")), "no temporary file is left beside the exports"


def test_article_text_is_data_in_the_database(tmp_path):
    """A mention whose text looks like SQL is stored as it was written, and the statement never runs."""
    article = tmp_path / "2019-01-04-drop.txt"
    article.write_text(
        "date 2019-01-04 Robert'); DROP TABLE actors;-- met Nancy Pelosi in Washington on Friday.\n",
        "utf-8",
    )
    pages = build_pages(tmp_path / "archive", [article])
    with sqlite3.connect(f"file:{pages / 'api' / 'archive.db'}?mode=ro", uri=True) as connection:
        names = {name for (name,) in connection.execute("SELECT name FROM actors")}
        sentences = [text for (text,) in connection.execute("SELECT text FROM sentences")]
    assert "Nancy Pelosi" in names
    assert any("DROP TABLE actors;--" in text for text in sentences)


def test_the_export_process_writes_the_sites_exports_from_the_database_and_only_what_changed(
    site, tmp_path
):
    """exports.DataExports, the process a build writes the CSV and the network with: from the site's database it
    writes the very bytes the site publishes, and run again on the same database, writes nothing."""
    from generator.exports import EXPORT_PATHS, DataExports

    database = site / "api" / "archive.db"
    assert DataExports(database, tmp_path).wait() == list(EXPORT_PATHS)
    for path in EXPORT_PATHS:
        assert (tmp_path / path).read_bytes() == (site / path).read_bytes()
    before = {path: (tmp_path / path).stat().st_mtime_ns for path in EXPORT_PATHS}
    assert DataExports(database, tmp_path).wait() == []
    assert {path: (tmp_path / path).stat().st_mtime_ns for path in EXPORT_PATHS} == before


def test_an_export_process_that_fails_says_why_and_leaves_the_exports_as_they_were(site, tmp_path):
    from generator.exports import DataExports, ExportError

    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "mentions.csv.gz").write_bytes(b"the last build's")
    broken = tmp_path / "archive.db"
    broken.write_bytes(b"not a database, " * 100)
    with pytest.raises(ExportError) as failed:
        DataExports(broken, tmp_path).wait()
    assert "api/mentions.csv.gz" in str(failed.value)
    assert "file is not a database" in str(failed.value)
    assert (tmp_path / "api" / "mentions.csv.gz").read_bytes() == b"the last build's"
    assert sorted(p.name for p in (tmp_path / "api").iterdir()) == ["mentions.csv.gz"]
    # A build that fails meanwhile stops the process, at once and more than once.
    running = DataExports(site / "api" / "archive.db", tmp_path / "stopped")
    running.stop()
    running.stop()
    assert running.process.returncode is not None


def test_an_article_naming_more_than_fifty_actors_links_only_its_fifty_most_mentioned(tmp_path):
    """A list of names cannot turn into the square of its length in edges: an article naming 55 actors links its
    50 most mentioned (ties in slug order) to each other; the five left out still pair where another article names
    them together."""
    import datetime as dt

    from generator.archivedb import MAX_LINKED_ACTORS_PER_ARTICLE, write_archive_db
    from generator.model import Actor, Archive, Article, Block, Mention

    def article(slug: str) -> Article:
        body = "Names."
        return Article(
            slug,
            dt.date(2020, 1, 1),
            slug,
            "",
            "",
            "",
            body,
            (Block("paragraph", 0, 6),),
            f"{slug}.md",
        )

    # actor k: mentioned 1 + k % 3 times in the list; the two least mentioned of slugs a50..a54 pair in "other".
    mentions: dict[str, list] = {}
    for k in range(55):
        slug = f"a{k:02}"
        mentions[slug] = [
            Mention("list", i, i + 1, slug, "PERSON", "Names.", slug) for i in range(1 + k % 3)
        ]
    mentions["a51"].append(Mention("other", 0, 1, "a51", "PERSON", "Names.", "a51"))
    mentions["a54"].append(Mention("other", 2, 3, "a54", "PERSON", "Names.", "a54"))
    actors = tuple(
        Actor(slug, slug, "person", (), tuple(found)) for slug, found in sorted(mentions.items())
    )
    archive = Archive((article("list"), article("other")), actors, (), ())
    write_archive_db(archive, tmp_path / "archive.db")
    with sqlite3.connect(tmp_path / "archive.db") as connection:
        pairs = connection.execute(
            """SELECT a.slug, b.slug, c.articles FROM cooccurrences AS c
            JOIN actors AS a ON a.id = c.actor_a JOIN actors AS b ON b.id = c.actor_b"""
        ).fetchall()
    ranked = sorted(mentions, key=lambda slug: (-(1 + int(slug[1:]) % 3), slug))
    linked = sorted(ranked[:MAX_LINKED_ACTORS_PER_ARTICLE])
    expected = {(a, b): 1 for i, a in enumerate(linked) for b in linked[i + 1 :]}
    expected[("a51", "a54")] = expected.get(("a51", "a54"), 0) + 1
    assert MAX_LINKED_ACTORS_PER_ARTICLE == 50
    assert {(a, b): n for a, b, n in pairs} == expected
    assert len(pairs) == 50 * 49 // 2 + 1
    left_out = {"a42", "a45", "a48", "a51", "a54"}  # mentioned once, last in slug order
    assert not any(
        a in left_out and b in left_out and (a, b) != ("a51", "a54") for a, b, _ in pairs
    )
    assert not any((a in left_out) != (b in left_out) for a, b, _ in pairs)
