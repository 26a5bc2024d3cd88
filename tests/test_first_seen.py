"""What is new (generator.firstseen) on real Wikinews articles built into a site: the day, month and home pages
list the actors first seen then, each actor page links the article it first appeared in, the site feed has an
entry per day, and an earlier article added to a built archive moves an actor's first sighting in a rebuild
exactly as in a cold build. What each page should show is worked out here from the site's own exports
(api/entities.json, api/articles.json), not with the code that renders it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from test_incremental import CORPUS, files_under, mkdocs_build, new_project

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")

# Real articles on four days in three months that name many of the same people (Pelosi, Trump, the House).
EARLIEST = "2019/2019-01-04-nancy-pelosi-again-elected-speaker-as-116th-u-s-congress-sworn-in.md"
LATER = [
    "2019/2019-01-07-president-trump-says-he-can-and-may-put-us-into-state-of-emergency-to-build-bord.md",
    "2019/2019-09-25-us-speaker-pelosi-announces-trump-impeachment-investigation.md",
    "2019/2019-11-01-u-s-house-formalizes-rules-for-trump-impeachment-proceedings.md",
]
SHOWN = 30  # new actors a day or month page lists before "and N more"
HOME_SHOWN = 12  # home_actors' default
ATOM = "{http://www.w3.org/2005/Atom}"


def seeded(root: Path, names: list[str]) -> Path:
    project = new_project(root)
    for name in names:
        shutil.copyfile(CORPUS / name, project / "seeds" / Path(name).name)
    return project


def build(root: Path, names: list[str]) -> Path:
    project = seeded(root, names)
    mkdocs_build(project)
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("first-seen") / "archive", [EARLIEST, *LATER]) / "site"


def expected_first(site: Path) -> dict[str, dict]:
    """Actor slug → its earliest article (by date, then slug), from the exports."""
    articles = {
        a["slug"]: a for a in json.loads((site / "api" / "articles.json").read_text("utf-8"))
    }
    return {
        e["slug"]: min((articles[s] for s in e["articles"]), key=lambda a: (a["date"], a["slug"]))
        for e in json.loads((site / "api" / "entities.json").read_text("utf-8"))
    }


def expected_new(site: Path, period) -> dict[str, list[str]]:
    """Period key of a date ('2019-01-04', or '2019-01' for months) → actor slugs first seen then, in page order."""
    entities = {
        e["slug"]: e for e in json.loads((site / "api" / "entities.json").read_text("utf-8"))
    }
    grouped: dict[str, list[str]] = defaultdict(list)
    for slug, article in expected_first(site).items():
        grouped[period(article["date"])].append(slug)
    order = lambda slug: (-entities[slug]["mentions"], entities[slug]["name"], slug)  # noqa: E731
    return {key: sorted(slugs, key=order) for key, slugs in grouped.items()}


def listed_new(page: Path, heading: str) -> tuple[list[str], int] | None:
    """The actor slugs under a page's `heading` id and the N of its "and N more", or None without that section."""
    text = page.read_text("utf-8")
    start = text.find(f'id="{heading}"')
    if start < 0:
        return None
    end = text.index("</ul>", start)
    slugs = [
        target_of(page, href).split("/")[-2]
        for href in re.findall(r'<a class="annals-mention[^"]*" href="([^"]+)"', text[start:end])
    ]
    more = re.match(
        r'\s*<p class="annals-more-count">and (\d+) more</p>', text[end + len("</ul>") :]
    )
    return slugs, int(more.group(1)) if more else 0


def target_of(page: Path, href: str) -> str:
    """The site path ('actors/x/') a link on a built page points to: relative, or absolute under the project's
    site_url (the feed's links, as `annals new` sets site_url to the preview address at the site's root)."""
    site = next(p for p in page.parents if (p / "sitemap.xml").exists())
    return urlsplit(urljoin("/" + page.relative_to(site).as_posix(), href)).path.lstrip("/")


def day_page(site: Path, day: str) -> Path:
    return site / "dates" / day.replace("-", "/") / "index.html"


def capped(slugs: list[str], shown: int = SHOWN) -> tuple[list[str], int]:
    return slugs[:shown], max(0, len(slugs) - shown)


def test_each_day_page_lists_exactly_the_actors_whose_earliest_article_is_that_day(site):
    by_day = expected_new(site, lambda date: date)
    days = {a["date"] for a in json.loads((site / "api" / "articles.json").read_text("utf-8"))}
    assert len(days) == 4 and set(by_day) <= days and by_day["2019-01-04"]
    for day in sorted(days):
        listed = listed_new(day_page(site, day), "first-seen")
        if day in by_day:
            assert listed == capped(by_day[day]), day
        else:
            assert listed is None, day
    # Every actor is listed, or counted, on exactly one day page: its first.
    assert sum(len(slugs) for slugs in by_day.values()) == len(expected_first(site))


def test_each_month_page_lists_the_actors_first_seen_that_month(site):
    by_month = expected_new(site, lambda date: date[:7])
    assert "2019-01" in by_month and set(by_month) <= {"2019-01", "2019-09", "2019-11"}
    for month, slugs in by_month.items():
        assert listed_new(
            site / "dates" / month.replace("-", "/") / "index.html", "first-seen"
        ) == capped(slugs), month
    # January's two days both add actors; the month lists them in one order, not day by day.
    by_day = expected_new(site, lambda date: date)
    assert sorted(by_month["2019-01"]) == sorted(
        by_day["2019-01-04"] + by_day.get("2019-01-07", [])
    )


def test_the_home_page_shows_the_actors_first_seen_on_the_latest_day_with_the_date(site):
    latest = max(a["date"] for a in json.loads((site / "api" / "articles.json").read_text("utf-8")))
    by_day = expected_new(site, lambda date: date)
    home = site / "index.html"
    if by_day.get(latest):
        assert listed_new(home, "new-actors") == capped(by_day[latest], HOME_SHOWN)
        heading = home.read_text("utf-8").split('id="new-actors"')[1].split("</h2>")[0]
        assert f'datetime="{latest}"' in heading
        assert (
            target_of(home, re.search(r'href="([^"]+)"', heading).group(1))
            == f"dates/{latest.replace('-', '/')}/"
        )
    else:
        assert listed_new(home, "new-actors") == capped(
            expected_new(site, lambda date: date[:7]).get(latest[:7], []), HOME_SHOWN
        )


def test_each_actor_page_links_the_day_and_the_article_it_first_appeared_in(site):
    first = expected_first(site)
    assert len(first) > 50
    for slug, article in first.items():
        page = site / "actors" / slug / "index.html"
        facts = page.read_text("utf-8").split("<dt>First seen</dt>")[1].split("</dd>")[0]
        links = [target_of(page, href) for href in re.findall(r'href="([^"]+)"', facts)]
        assert links == [f"dates/{article['date'].replace('-', '/')}/", article["path"]], slug
        assert f'datetime="{article["date"]}"' in facts


def test_the_site_feed_has_an_entry_for_each_day_with_its_articles_and_new_actors(site):
    feed = ET.parse(site / "feed.xml").getroot()
    articles = json.loads((site / "api" / "articles.json").read_text("utf-8"))
    by_day = expected_new(site, lambda date: date)
    entries = feed.findall(f"{ATOM}entry")
    day_entries = [e for e in entries if "/dates/" in "/" + e.find(f"{ATOM}link").get("href")]
    days = sorted({a["date"] for a in articles}, reverse=True)
    assert [e.find(f"{ATOM}title").text[:10] for e in day_entries] == days  # newest first, one each
    assert len(entries) == len(days) + len(articles)
    for entry, day in zip(day_entries, days):
        count = sum(a["date"] == day for a in articles)
        new = by_day.get(day, [])
        plural = lambda n, noun: f"{n} {noun}{'' if n == 1 else 's'}"  # noqa: E731
        assert (
            entry.find(f"{ATOM}title").text
            == f"{day}: {plural(count, 'article')}, {plural(len(new), 'new actor')}"
        )
        assert (
            target_of(site / "feed.xml", entry.find(f"{ATOM}link").get("href"))
            == f"dates/{day.replace('-', '/')}/"
        )
        assert entry.find(f"{ATOM}updated").text.startswith(day)
        assert sorted(c.get("term") for c in entry.findall(f"{ATOM}category")) == sorted(new)
        summary = entry.find(f"{ATOM}summary").text
        assert all(a["title"] in summary for a in articles if a["date"] == day)
    # The day's entry comes just before its articles' entries.
    for entry, day in zip(day_entries, days):
        following = entries[entries.index(entry) + 1]
        assert following not in day_entries and following.find(f"{ATOM}published").text.startswith(
            day
        )
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)


def test_first_sightings_do_not_depend_on_the_order_of_articles_and_actors(tmp_path):
    """The same archive with its articles and actors in reverse order, and each actor's mentions too, gives the same
    first sightings, date pages, home page and site feed, and the same first-seen line on every actor page."""
    from generator.firstseen import first_articles
    from generator.render import ArchiveView, article_sort_key

    from conftest import render_archive, render_feeds

    archive = mkdocs_build(seeded(tmp_path / "archive", [EARLIEST, *LATER])).archive
    shuffled = dataclasses.replace(
        archive,
        articles=archive.articles[::-1],
        actors=tuple(
            dataclasses.replace(a, mentions=a.mentions[::-1]) for a in archive.actors[::-1]
        ),
    )
    assert ArchiveView(archive).first_seen == ArchiveView(shuffled).first_seen

    def pages(built):
        return {
            p.path: first_seen_part(p)
            for p in render_archive(built)
            if p.path.startswith(("dates/", "actors/", "index"))
        }

    assert pages(archive) == pages(shuffled)
    feed = lambda a: next(p.content for p in render_feeds(a, "", "Test") if p.path == "feed.xml")  # noqa: E731
    assert feed(archive) == feed(shuffled)

    # Two articles on one day naming the same actors: the first sighting is the one whose slug sorts first, whatever
    # the order.
    earliest = next(a for a in archive.articles if a.date == dt.date(2019, 1, 4))
    moved = next(a for a in archive.articles if a.date == dt.date(2019, 1, 7))
    same_day = sorted(
        (
            dataclasses.replace(a, date=dt.date(2019, 1, 4)) if a is moved else a
            for a in archive.articles
        ),
        key=article_sort_key,
    )
    tied = dataclasses.replace(archive, articles=tuple(same_day))
    tied_reversed = dataclasses.replace(tied, actors=shuffled.actors)
    first, first_reversed = ArchiveView(tied).first_seen, ArchiveView(tied_reversed).first_seen
    assert first == first_reversed
    both = [
        actor
        for actor in tied.actors
        if {m.article for m in actor.mentions} >= {moved.slug, earliest.slug}
    ]
    assert len(both) > 3
    for actor in both:
        assert first[actor.slug].slug == min(moved.slug, earliest.slug), actor.slug
    # first_articles itself breaks the tie, not the order ArchiveView happens to list an actor's articles in.
    by_slug = {a.slug: a for a in tied.articles}
    for slugs in ([moved.slug, earliest.slug], [earliest.slug, moved.slug]):
        assert first_articles({"x": slugs}, by_slug)["x"].slug == min(slugs)


def first_seen_part(page) -> str:
    """A page's content; for an actor page (whose sentences follow the order of its mentions) its first-seen line,
    and for the home page (whose latest articles are the archive's first) its new actors."""
    if page.path.startswith("actors/") and "<dt>First seen</dt>" in page.content:
        return page.content.split("<dt>First seen</dt>")[1].split("</dd>")[0]
    if page.path == "index.md":
        return page.content.split('id="new-actors"')[1].split("<h2")[0]
    return page.content


def test_an_earlier_article_added_moves_first_sightings_as_a_cold_build_does(tmp_path):
    project = build(tmp_path / "warm" / "archive", LATER)
    site = project / "site"
    before = expected_first(site)
    shutil.copyfile(CORPUS / EARLIEST, project / "seeds" / Path(EARLIEST).name)
    mkdocs_build(project)
    after = expected_first(site)
    # An actor the new article's names join to another ('Republicans' to the 'Republican Party' it spells out)
    # has no page of its own any more: its URL leads to the actor it joined.
    for slug in sorted(set(before) - set(after)):
        assert 'http-equiv="refresh"' in (site / "actors" / slug / "index.html").read_text(
            "utf-8"
        ), slug
    moved = sorted(
        slug for slug in before if slug in after and after[slug]["date"] != before[slug]["date"]
    )
    assert "nancy-pelosi" in moved, moved
    new_day = listed_new(day_page(site, "2019-01-04"), "first-seen")
    for slug in moved:
        old_day = listed_new(day_page(site, before[slug]["date"]), "first-seen")
        assert old_day is None or slug not in old_day[0], slug
        page = site / "actors" / slug / "index.html"
        facts = page.read_text("utf-8").split("<dt>First seen</dt>")[1].split("</dd>")[0]
        assert [target_of(page, h) for h in re.findall(r'href="([^"]+)"', facts)] == [
            "dates/2019/01/04/",
            after[slug]["path"],
        ]
    assert "nancy-pelosi" in new_day[0]

    cold = build(tmp_path / "cold" / "archive", [EARLIEST, *LATER])
    warm_files, cold_files = files_under(site), files_under(cold / "site")
    assert sorted(warm_files) == sorted(cold_files)
    different = [
        n
        for n in warm_files
        if n not in ("sitemap.xml", "sitemap.xml.gz")
        and warm_files[n].read_bytes() != cold_files[n].read_bytes()
    ]
    assert different == []
