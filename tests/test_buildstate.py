"""The state a build keeps for the next one (generator/buildstate.py), as rows of `.annals-cache/state.db`: what
is saved reads back equal, and a damaged, foreign or older file is made again with a warning naming it, never
trusted and never a crash."""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import threading
from collections import Counter

from generator import buildstate
from generator.annotate import annotate_articles
from generator.buildstate import ArticleURLs, SavedArchive, SavedLocalActors, page_listing
from generator.cache import CacheFolder
from generator.config import EditorialEntry, EditorialRules, load_entities
from generator.model import Rejection
from generator.read import parse_article
from generator.resolve import LocalActor, LocalActorsMemo, resolve_archive

from conftest import CONGRESS_ARTICLES, CORPUS, SEED, needs_corpus

LATIN1_PATH = "2019/caf\udce9.md"  # os.fsdecode of a file name that is not UTF-8


def saved_and_loaded(tmp_path, archive, redirects=(("old/", "new/"),)):
    pages = tmp_path / "pages"
    (pages / "actors").mkdir(parents=True)
    (pages / "actors" / "index.md").write_text("# Actors\n", "utf-8")
    listing = page_listing(pages)
    SavedArchive(CacheFolder(tmp_path / "cache")).save("digest", archive, redirects, listing)
    return SavedArchive(CacheFolder(tmp_path / "cache")), pages, listing


def test_a_resolved_archive_reads_back_equal_from_its_rows(tmp_path, congress_archive):
    """Real articles and actors (dates, optional dates, nested tuples, floats), a file name that is not UTF-8, a
    rejection and the drafts count, through the database and back."""
    first = congress_archive.articles[0]
    archive = dataclasses.replace(
        congress_archive,
        articles=(dataclasses.replace(first, path=LATIN1_PATH), *congress_archive.articles[1:]),
        rejections=(Rejection(LATIN1_PATH, "no date", 3), Rejection("b.md", "empty")),
        drafts=2,
    )
    assert archive.actors and any(actor.quotes or actor.links for actor in archive.actors)
    saved, pages, listing = saved_and_loaded(tmp_path, archive)
    loaded = saved.load("digest", pages)
    assert loaded == (archive, (("old/", "new/"),), listing)
    # Equal offsets and confidences come back as one object each (model.shared_offset), as resolving made them.
    mentions = [m for actor in loaded[0].actors for m in actor.mentions]
    assert len({id(m.confidence) for m in mentions}) == len({m.confidence for m in mentions})
    assert len({id(m.start) for m in mentions}) == len({m.start for m in mentions})
    assert saved.load("other digest", pages) is None
    (pages / "actors" / "index.md").write_text("edited", "utf-8")
    assert saved.load("digest", pages) is None  # a generated page edited since


def test_the_archive_is_a_row_per_article_actor_and_mention(tmp_path, congress_archive):
    saved, _, _ = saved_and_loaded(tmp_path, congress_archive)
    with sqlite3.connect(saved.database.path) as connection:
        count = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "actors", "mentions")
        }
    assert count == {
        "articles": len(congress_archive.articles),
        "actors": len(congress_archive.actors),
        "mentions": sum(len(actor.mentions) for actor in congress_archive.actors),
    }


def test_local_actors_read_back_for_the_same_rules_only(tmp_path):
    actor = LocalActor(
        "kamala harris",
        Counter({"Kamala Harris": 2, "Harris": 1}),
        Counter({"person": 3}),
        [(0, 13, "Kamala Harris", "PERSON")],
        False,
        {"Kamala Harris Image"},
        {40: ("surname", 0.8)},
        "",
    )
    # A common word left for the archive to place between two names (resolve.settle_common_words).
    house = LocalActor(
        "house",
        Counter({"House": 2}),
        Counter({"organization": 2}),
        [(60, 65, "House", "ORG"), (90, 95, "House", "ORG")],
        how={60: ("short-form", 0.66), 90: ("short-form", 0.66)},
        short_of="white house",
    )
    cache = CacheFolder(tmp_path)
    memo = LocalActorsMemo()
    memo.used = {"a" * 40: {"kamala harris": actor, "house": house}, "b" * 40: {}}
    rules = EditorialRules(
        (EditorialEntry("Kamala Harris", aliases=("Harris",)),), "/a/entities.yml"
    )
    SavedLocalActors(cache, rules).save(memo)
    again = SavedLocalActors(cache, rules)
    known = again.load().known
    assert known.get("a" * 40) == {"kamala harris": actor, "house": house}
    assert known.get("b" * 40) == {}
    assert known.get("c" * 40) is None
    other = EditorialRules((EditorialEntry("Kamala Harris"),), "/a/entities.yml")
    assert SavedLocalActors(cache, other).load().known.get("a" * 40) is None
    # The same rules read from another folder (the project moved): the same local actors.
    moved = dataclasses.replace(rules, path="/b/entities.yml")
    assert SavedLocalActors(cache, moved).load().known.get("a" * 40) == {
        "kamala harris": actor,
        "house": house,
    }
    kept = LocalActorsMemo()
    kept.used = {"b" * 40: {}}
    again.save(kept)  # an article gone: its row goes
    assert SavedLocalActors(cache, rules).load().known.get("a" * 40) is None


def test_local_actors_read_back_share_one_string_per_name_across_articles(tmp_path):
    """A rebuild holds every article's local actors at once: read back, a name or a label the articles repeat is
    one string, not one per article."""

    def harris(start: int) -> LocalActor:
        # Each article's own strings, as the model's spans give them.
        name = "".join(["Kamala", " Harris"])
        return LocalActor(
            "".join(["kamala", " harris"]),
            Counter({name: 1}),
            Counter({"".join(["per", "son"]): 1}),
            [(start, start + 13, name, "".join(["PER", "SON"]))],
        )

    memo = LocalActorsMemo()
    memo.used = {"a" * 40: {"kamala harris": harris(0)}, "b" * 40: {"kamala harris": harris(7)}}
    cache = CacheFolder(tmp_path)
    SavedLocalActors(cache, EditorialRules()).save(memo)
    known = SavedLocalActors(cache, EditorialRules()).load().known
    first, second = (known.get(d * 40)["kamala harris"] for d in "ab")
    assert (first, second) == (harris(0), harris(7))
    assert first.key is second.key
    assert next(iter(first.forms)) is next(iter(second.forms))
    assert next(iter(first.votes)) is next(iter(second.votes))
    assert first.spans[0][2] is second.spans[0][2] and first.spans[0][3] is second.spans[0][3]


def test_a_damaged_or_foreign_state_db_is_made_again_with_a_warning_naming_it(
    tmp_path, congress_archive, caplog
):
    saved, pages, listing = saved_and_loaded(tmp_path, congress_archive)
    path = saved.database.path
    whole = path.read_bytes()
    damaged = {
        "not a database": b"\x80\x05\x95 a pickle, or anything" * 100,
        "torn": whole[: len(whole) // 3],
        "pages overwritten": whole[:8192] + b"\xff" * (len(whole) - 8192),
    }
    for name, content in damaged.items():
        path.write_bytes(content)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.annals"):
            assert saved.load("digest", pages) is None, name
            saved.save("digest", congress_archive, (), listing)
        assert str(path) in caplog.text, name
        assert saved.load("digest", pages) == (congress_archive, (), listing), name
    path.unlink()
    with sqlite3.connect(path) as foreign:  # another program's database where state.db belongs
        foreign.execute("CREATE TABLE articles (id, title)")
        foreign.execute("PRAGMA user_version = 7")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.annals"):
        assert saved.load("digest", pages) is None
    assert str(path) in caplog.text and "another shape" in caplog.text
    saved.save("digest", congress_archive, (), listing)
    assert saved.load("digest", pages) == (congress_archive, (), listing)


def test_article_urls_survive_a_file_of_another_shape_and_come_over_from_json(
    tmp_path, congress_archive, monkeypatch
):
    """The URL history is what rebuilding cannot recover: read once from the JSON entry versions before
    state.db kept, and carried over when the file is made again for another shape of tables."""
    cache = CacheFolder(tmp_path)
    cache.save(ArticleURLs.LEGACY, "2", {LATIN1_PATH: ["articles/2019/01/01/old-title/"]})
    urls = ArticleURLs(cache)
    earlier = urls.load()
    assert earlier == {LATIN1_PATH: ["articles/2019/01/01/old-title/"]}
    urls.save(earlier, congress_archive.articles)
    assert not cache.path(ArticleURLs.LEGACY).exists()
    expected = {
        LATIN1_PATH: ["articles/2019/01/01/old-title/"],
        **{
            article.path: [buildstate.article_url(article)] for article in congress_archive.articles
        },
    }
    assert ArticleURLs(cache).load() == expected
    monkeypatch.setattr(buildstate, "SCHEMA_VERSION", buildstate.SCHEMA_VERSION + 1)
    assert ArticleURLs(cache).load() == expected
    with sqlite3.connect(cache.path("state.db")) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == buildstate.SCHEMA_VERSION


def test_two_builds_saving_at_once_leave_one_whole_archive(tmp_path, congress_archive):
    """Two `mkdocs serve` rebuilds on one cache: one writer at a time, and what is read back is one build's
    archive whole, never rows of both."""
    saved, pages, listing = saved_and_loaded(tmp_path, congress_archive)
    smaller = dataclasses.replace(
        congress_archive, actors=congress_archive.actors[:3], articles=congress_archive.articles[:1]
    )
    cache = CacheFolder(tmp_path / "cache")
    writers = [
        threading.Thread(target=SavedArchive(cache).save, args=(digest, archive, (), listing))
        for digest, archive in (("one", congress_archive), ("two", smaller))
    ]
    for writer in writers:
        writer.start()
    for _ in range(20):  # reads meanwhile see one whole state or none
        found = saved.load("one", pages) or saved.load("two", pages)
        assert found is None or found[0] in (congress_archive, smaller)
    for writer in writers:
        writer.join()
    loaded = {digest: saved.load(digest, pages) for digest in ("one", "two")}
    assert [digest for digest, found in loaded.items() if found is not None] in (["one"], ["two"])
    assert loaded["one"] in (None, (congress_archive, (), listing))
    assert loaded["two"] in (None, (smaller, (), listing))


@needs_corpus
def test_local_actors_grouped_anew_are_kept_as_resolve_goes_and_read_again_for_their_spans(
    tmp_path,
):
    """Every article's spans are never alive at once: a build keeps each article's new local actors in state.db as
    it groups them, in batches, holding none of them, and reads each article's again for its mentions once the
    archive's actors are known. The archive is the one resolved in memory, cold, warm (each row's two parts read
    apart), and when the rows are gone before they are read again (another build's save): those articles are
    grouped again."""
    paths = [SEED, *(CORPUS / name for name in CONGRESS_ARTICLES)]
    articles = [parse_article(path.read_bytes(), path.name) for path in paths]
    annotations, rules = annotate_articles(articles), load_entities(None)
    in_memory = resolve_archive(articles, annotations, rules)
    assert any(actor.quotes for actor in in_memory.actors)
    saved = SavedLocalActors(CacheFolder(tmp_path), rules)
    saved.BATCH = 2  # more than one batch, and one left for the read that writes it
    memo = saved.load()
    assert resolve_archive(articles, annotations, rules, memo=memo) == in_memory
    assert len(memo.used) == len(articles) and set(memo.used.values()) == {None}
    with sqlite3.connect(tmp_path / "state.db") as connection:
        (rows,) = connection.execute("SELECT count(*) FROM local_actors").fetchone()
    assert rows == len(articles)
    saved.save(memo)
    warm = SavedLocalActors(CacheFolder(tmp_path), rules)
    columns, column = [], warm.column
    warm.column = lambda digest, name: columns.append(name) or column(digest, name)
    assert resolve_archive(articles, annotations, rules, memo=warm.load()) == in_memory
    assert len(warm.found) == len(articles)
    # Merging reads what it weighs of each article, the mentions its spans: each column once.
    assert sorted(columns) == ["counts"] * len(articles) + ["spans"] * len(articles)
    lost = LocalActorsMemo(keep=lambda digest, actors: True)  # kept, then gone
    assert resolve_archive(articles, annotations, rules, memo=lost) == in_memory
