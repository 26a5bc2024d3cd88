"""Atom feeds (generator.feeds) on real articles, parsed back as a feed reader would: the site feed, one per actor,
links relative to the feed or absolute under site_url, plain-text content, bytes that do not depend on the day of
the build, and the <link rel="alternate"> that advertises them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator.feeds import actor_feed_path, feed_link_tags, feed_links, insert_feed_links, xml_text
from generator.model import Archive

from conftest import render_archive, render_feeds

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://user.github.io/archive/"
# Real articles: three of them name Donald Trump, so his feed has several entries to order.
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"shared corpus not found at {CORPUS} (expected ../shared beside the repo)",
)


@pytest.fixture(scope="module")
def archive(congress_archive) -> Archive:
    return congress_archive


def feeds_of(archive: Archive, site_url: str = "", limit: int = 50) -> dict[str, ET.Element]:
    return {
        page.path: ET.fromstring(page.content.encode("utf-8"))
        for page in render_feeds(archive, site_url, "Test Archive", limit)
    }


def entries(feed: ET.Element, days: bool = False) -> list[ET.Element]:
    """The feed's entries for articles or, with `days`, those for days of the archive (they link a day page)."""
    return [
        entry for entry in feed.findall(f"{ATOM}entry") if ("/dates/" in "/" + link(entry)) == days
    ]


def text(element: ET.Element, tag: str) -> str:
    return element.find(f"{ATOM}{tag}").text


def link(element: ET.Element, rel: str = "alternate") -> str:
    # Atom: a link without rel is rel="alternate".
    return next(
        link.get("href")
        for link in element.findall(f"{ATOM}link")
        if link.get("rel", "alternate") == rel
    )


def page_urls(archive: Archive) -> set[str]:
    """URL paths of every page render_archive generates ('' for home)."""
    urls = set()
    for page in render_archive(archive):
        if page.path.endswith(".md"):
            path = page.path[: -len(".md")]
            path = path[: -len("index")] if path.endswith("index") else path + "/"
            urls.add(path)
    return urls


def test_one_feed_for_the_site_and_one_per_actor(archive):
    feeds = feeds_of(archive)
    assert set(feeds) == {"feed.xml"} | {f"actors/{a.slug}/feed.xml" for a in archive.actors}
    assert actor_feed_path("vladimir-putin") == "actors/vladimir-putin/feed.xml"
    for feed in feeds.values():
        assert feed.tag == f"{ATOM}feed"
        assert (
            text(feed, "id").startswith("urn:uuid:")
            and text(feed, "title")
            and text(feed, "updated")
        )
        assert feed.find(f"{ATOM}author/{ATOM}name").text == "Test Archive"
        for entry in entries(feed):
            assert (
                text(entry, "id").startswith("urn:uuid:")
                and text(entry, "title")
                and text(entry, "updated")
                and link(entry)
            )
    assert len({text(feed, "id") for feed in feeds.values()}) == len(feeds)


def test_site_feed_lists_the_latest_articles_newest_first_and_is_updated_when_the_newest_is(
    archive,
):
    feed = feeds_of(archive)["feed.xml"]
    newest_first = sorted(archive.articles, key=lambda a: (-a.date.toordinal(), a.slug))
    assert [text(e, "title") for e in entries(feed)] == [a.title for a in newest_first]
    assert text(feed, "updated") == f"{newest_first[0].date.isoformat()}T00:00:00+00:00"
    assert [text(e, "published")[:10] for e in entries(feed)] == [
        a.date.isoformat() for a in newest_first
    ]
    # The summary is the first paragraph, as plain text.
    seed = next(e for e in entries(feed) if text(e, "title").startswith("High-stakes talks"))
    summary = seed.find(f"{ATOM}summary")
    assert summary.get("type", "text") == "text"
    assert summary.text.startswith(
        "High-stakes talks between Russia and the West have so far failed"
    )
    # The actors an article names are its categories.
    assert {c.get("term") for c in seed.findall(f"{ATOM}category")} >= {
        "vladimir-putin",
        "jens-stoltenberg",
        "nato",
    }


def test_limit_keeps_the_newest_entries(archive):
    feeds = feeds_of(archive, limit=2)
    newest_first = sorted(archive.articles, key=lambda a: (-a.date.toordinal(), a.slug))
    assert [text(e, "title") for e in entries(feeds["feed.xml"])] == [
        a.title for a in newest_first[:2]
    ]
    assert all(len(entries(feed)) <= 2 for feed in feeds.values())


def test_actor_feed_lists_the_articles_naming_the_actor_with_the_sentence_around_the_mention(
    archive,
):
    putin = feeds_of(archive)["actors/vladimir-putin/feed.xml"]
    assert text(putin, "title") == "Vladimir Putin — Test Archive"
    [entry] = entries(putin)
    assert text(entry, "title").startswith("High-stakes talks")
    summary = text(entry, "summary")
    assert (
        "British Prime Minister Boris Johnson spoke with Russian President Vladimir Putin by telephone"
        in summary
    )
    assert "his special relationship with Putin to set up a three-way-summit" in summary
    assert "Moscow has amassed" not in summary  # only the sentences around his mentions


@needs_corpus
def test_actor_feed_of_someone_in_several_articles_is_newest_first(archive):
    trump = next(a for a in archive.actors if a.slug == "donald-trump")
    expected = sorted(
        {m.article for m in trump.mentions},
        key=lambda slug: next(-a.date.toordinal() for a in archive.articles if a.slug == slug),
    )
    assert len(expected) >= 3
    feed = feeds_of(archive)["actors/donald-trump/feed.xml"]
    dates = [text(e, "updated") for e in entries(feed)]
    assert len(dates) == len(expected) and dates == sorted(dates, reverse=True)
    assert text(feed, "updated") == dates[0]
    for entry in entries(feed):
        assert "Trump" in text(entry, "summary")


def test_links_without_site_url_are_relative_to_the_feed_and_reach_real_pages(archive):
    pages = page_urls(archive)
    feeds = feeds_of(archive)
    base = "https://reader.example/any/path/"  # wherever the site is served, relative links resolve inside it
    for path, feed in feeds.items():
        feed_url = base + path
        assert urljoin(feed_url, link(feed, "self")) == feed_url
        assert urljoin(feed_url, link(feed))[len(base) :] in pages
        for entry in entries(feed):
            href = link(entry)
            assert not href.startswith(("/", "http"))
            assert urljoin(feed_url, href)[len(base) :] in pages
    assert link(feeds["actors/vladimir-putin/feed.xml"]) == "./"  # the actor's own page


def test_links_with_site_url_are_absolute_under_it(archive):
    feeds = feeds_of(archive, site_url=SITE_URL)
    pages = page_urls(archive)
    assert link(feeds["feed.xml"], "self") == SITE_URL + "feed.xml"
    assert link(feeds["feed.xml"]) == SITE_URL
    assert link(feeds["actors/vladimir-putin/feed.xml"]) == SITE_URL + "actors/vladimir-putin/"
    for feed in feeds.values():
        for entry in entries(feed):
            assert (
                link(entry).startswith(SITE_URL + "articles/")
                and link(entry)[len(SITE_URL) :] in pages
            )
    # Entry ids do not depend on where the site is published, so moving it does not duplicate entries in readers.
    relative = feeds_of(archive)
    for path, feed in feeds.items():
        assert [text(e, "id") for e in entries(feed)] == [
            text(e, "id") for e in entries(relative[path])
        ]
    # The same article is the same entry in every feed that lists it.
    seed_ids = {
        text(e, "id")
        for feed in feeds.values()
        for e in entries(feed)
        if text(e, "title").startswith("High-stakes talks")
    }
    assert len(seed_ids) == 1


def test_feeds_are_byte_identical_whatever_the_order_or_the_day(archive):
    first = render_feeds(archive, SITE_URL, "Test Archive")
    shuffled = dataclasses.replace(
        archive, actors=tuple(reversed(archive.actors)), articles=tuple(reversed(archive.articles))
    )
    assert render_feeds(shuffled, SITE_URL, "Test Archive") == first
    today = dt.date.today().isoformat()
    assert all(today not in page.content for page in first), "a feed carries the build date"


def test_untrusted_text_is_plain_escaped_text_and_never_breaks_the_xml(archive):
    hostile = '<script>alert("x")</script> & Co \x07\u202e \x00'
    article = dataclasses.replace(archive.articles[0], title=hostile, author="<b>Ann</b> \x1b")
    putin = next(a for a in archive.actors if a.slug == "vladimir-putin")
    renamed = dataclasses.replace(putin, name="Putin </name><evil/>")
    changed = dataclasses.replace(
        archive,
        articles=(article, *archive.articles[1:]),
        actors=tuple(renamed if a is putin else a for a in archive.actors),
    )
    pages = {p.path: p.content for p in render_feeds(changed, "", "Site <i>name</i>")}
    assert (
        "<script>" not in pages["feed.xml"]
        and "<evil/>" not in pages["actors/vladimir-putin/feed.xml"]
    )
    feed = ET.fromstring(pages["feed.xml"].encode("utf-8"))
    shown = '<script>alert("x")</script> & Co <U+0007><U+202E> <U+0000>'
    assert text(entries(feed)[0], "title") == shown
    assert entries(feed)[0].find(f"{ATOM}author/{ATOM}name").text == "<b>Ann</b> <U+001B>"
    assert text(feed, "title") == "Site <i>name</i>"
    actor_feed = ET.fromstring(pages["actors/vladimir-putin/feed.xml"].encode("utf-8"))
    assert text(actor_feed, "title") == "Putin </name><evil/> — Site <i>name</i>"
    assert xml_text("plain text, “quoted”") == "plain text, “quoted”"


def test_an_archive_without_articles_still_has_a_valid_feed():
    [page] = render_feeds(Archive(articles=(), actors=()), "", "Empty")
    feed = ET.fromstring(page.content.encode("utf-8"))
    assert (
        page.path == "feed.xml"
        and entries(feed) == []
        and text(feed, "updated").startswith("1970-01-01")
    )


@pytest.mark.parametrize(
    ("page_url", "actor", "expected"),
    [
        ("", None, ["feed.xml"]),
        ("actors/", None, ["feed.xml"]),
        (
            "actors/vladimir-putin/",
            "vladimir-putin",
            ["feed.xml", "actors/vladimir-putin/feed.xml"],
        ),
        ("articles/2022/02/03/high-stakes-talks/", None, ["feed.xml"]),
        (
            "actors/vladimir-putin.html",
            "vladimir-putin",
            ["feed.xml", "actors/vladimir-putin/feed.xml"],
        ),  # use_directory_urls: false
    ],
)
def test_feed_links_resolve_from_the_page_to_the_feeds(page_url, actor, expected):
    base = "https://user.github.io/archive/"
    assert [
        urljoin(base + page_url, href)[len(base) :] for href in feed_links(page_url, actor)
    ] == expected


def test_feed_link_tags_go_into_the_head(archive):
    putin = next(a for a in archive.actors if a.slug == "vladimir-putin")
    tags = feed_link_tags("actors/vladimir-putin/", 'Site "A" <b>', putin)
    assert tags.splitlines() == [
        '<link rel="alternate" type="application/atom+xml" title="Site &quot;A&quot; &lt;b&gt;" href="../../feed.xml">',
        '<link rel="alternate" type="application/atom+xml" title="Vladimir Putin — Site &quot;A&quot; &lt;b&gt;" href="feed.xml">',
    ]
    page = "<html><head><title>x</title></head><body><p>&lt;/head&gt;</p></body></html>"
    assert (
        insert_feed_links(page, tags)
        == "<html><head><title>x</title>"
        + tags
        + "\n</head><body><p>&lt;/head&gt;</p></body></html>"
    )
    assert insert_feed_links("<p>no head</p>", tags) == "<p>no head</p>"


def test_a_missing_site_name_or_article_title_still_gives_valid_feeds(archive):
    untitled = dataclasses.replace(archive.articles[0], title="  ")
    changed = dataclasses.replace(archive, articles=(untitled, *archive.articles[1:]))
    pages = {
        p.path: ET.fromstring(p.content.encode("utf-8")) for p in render_feeds(changed, "", "")
    }
    assert text(pages["feed.xml"], "title") == "Annals archive"
    assert (
        text(pages["actors/vladimir-putin/feed.xml"], "title") == "Vladimir Putin — Annals archive"
    )
    assert untitled.slug in [text(e, "title") for e in entries(pages["feed.xml"])]


def test_actor_feeds_keep_their_newest_twenty_articles_and_the_site_feed_fifty(archive):
    """An actor named in more articles than an actor feed holds: its feed has the newest ACTOR_FEED_LIMIT."""
    from generator.feeds import ACTOR_FEED_LIMIT

    actor = max(archive.actors, key=lambda a: len({m.article for m in a.mentions}))
    original = next(a for a in archive.articles if any(m.article == a.slug for m in actor.mentions))
    copies = [
        dataclasses.replace(
            original, slug=f"{original.slug}-{n}", date=original.date + dt.timedelta(days=n)
        )
        for n in range(30)
    ]
    mentions = tuple(
        dataclasses.replace(m, article=c.slug)
        for c in copies
        for m in actor.mentions
        if m.article == original.slug
    )
    crowded = Archive(
        articles=tuple(copies), actors=(dataclasses.replace(actor, mentions=mentions),)
    )
    feeds = feeds_of(crowded)
    assert ACTOR_FEED_LIMIT == 20
    actor_entries = entries(feeds[actor_feed_path(actor.slug)])
    assert len(entries(feeds["feed.xml"])) == 30
    newest = sorted(copies, key=lambda a: a.date, reverse=True)[:ACTOR_FEED_LIMIT]
    assert [e.find(f"{ATOM}updated").text[:10] for e in actor_entries] == [
        a.date.isoformat() for a in newest
    ]
