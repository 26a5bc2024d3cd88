"""Atom feeds: the archive's latest articles at `feed.xml` and, for every actor, the articles that name them at
`actors/<slug>/feed.xml`, written with feedgen.

Every piece of text goes into the feed as plain text (`type="text"`, escaped by the XML library), with characters
XML cannot carry, and the invisible ones that could reorder text, shown as visible code points. Two builds of the
same archive give the same bytes: `<updated>` is the newest article's date, never the build time, and entries are
sorted newest first with the slug breaking ties. The site feed also has an entry for each day of its articles, just
before them, linking the day page and naming the day's articles and the actors first seen that day. Links are
absolute under `site_url` when it is set; otherwise they are relative to the feed itself, which is what Atom
resolves a relative reference against. Entry ids are `urn:uuid:` names derived from the article's (or the day
page's) URL path, so they stay the same when the site moves to another domain and an entry has the same id in
every feed that lists it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from collections.abc import Iterator

from feedgen.feed import FeedGenerator

from .escape import xml_text
from .firstseen import NEW_ACTORS_SHOWN
from .i18n import gettext_of, translations
from .model import Actor, Archive, Article, Page
from .render import ArchiveView, article_sort_key
from .urls import actor_url, article_url, day_url, relative_url

FEED_TYPE = "application/atom+xml"
SITE_FEED = "feed.xml"
_NO_ARTICLES = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # <updated> of a feed with no entries


def actor_feed_path(slug: str) -> str:
    return f"{actor_url(slug)}feed.xml"


# An actor's feed carries their newest articles only: a reader subscribing wants what comes next, and longer
# feeds were a large share of a big site (README, Measurements behind the code); their pages list every article.
ACTOR_FEED_LIMIT = 20


def iter_feeds(
    archive: Archive,
    site_url: str | None,
    site_name: str,
    limit: int = 50,
    unchanged_actors: frozenset[str] = frozenset(),
    view: ArchiveView | None = None,
) -> Iterator[Page]:
    """The site feed and one feed per actor, newest first, one at a time (a build writes each as it comes): the
    site feed with at most `limit` entries, an actor's with at most ACTOR_FEED_LIMIT; the feeds of
    `unchanged_actors` are kept as they are."""
    view = view or ArchiveView(archive)
    # Atom requires a title; mkdocs.yml always has site_name.
    _ = gettext_of(view.catalogue)
    site_name = site_name.strip() or _("Annals archive")
    yield Page(SITE_FEED, site_feed(view, site_url or "", site_name, limit))
    for actor in sorted(archive.actors, key=lambda a: a.slug):
        if actor.slug in unchanged_actors:
            yield Page(actor_feed_path(actor.slug), None)
        else:
            yield Page(
                actor_feed_path(actor.slug),
                actor_feed(view, actor, site_url or "", site_name, min(limit, ACTOR_FEED_LIMIT)),
            )


def site_feed(view: ArchiveView, site_url: str, site_name: str, limit: int) -> str:
    """The latest `limit` articles, each day's entry before its articles, in the site's language."""
    _ = gettext_of(view.catalogue)
    articles = sorted(view.articles, key=article_sort_key)[:limit]
    feed = new_feed(
        SITE_FEED,
        "",
        site_url,
        site_name,
        _("The latest articles in %(site)s.") % {"site": site_name},
        site_name,
        articles,
    )
    days = articles_by_day(view, {article.date for article in articles})
    for article in articles:
        if article is days[article.date][0]:  # each day's entry comes before its articles' entries
            add_day_entry(feed, view, article.date, days[article.date], site_url)
        entry = add_entry(feed, article, SITE_FEED, site_url, article.first_paragraph)
        for actor in sorted(view.actors_of(article), key=lambda a: a.slug):
            entry.category(
                term=actor.slug,
                label=xml_text(actor.name),
                scheme=link_to("actors/", SITE_FEED, site_url),
            )
    return feed_text(feed)


def articles_by_day(view: ArchiveView, days: set[dt.date]) -> dict[dt.date, list[Article]]:
    """Each of `days` → every article of that day, newest first as the feed lists them."""
    by_day: dict[dt.date, list[Article]] = {day: [] for day in days}
    for article in view.articles:
        if article.date in by_day:
            by_day[article.date].append(article)
    return {day: sorted(articles, key=article_sort_key) for day, articles in by_day.items()}


def add_day_entry(
    feed: FeedGenerator, view: ArchiveView, day: dt.date, articles: list[Article], site_url: str
):
    """An entry for a day of the archive, linking its day page: how many articles and which actors were first seen."""
    new = view.new_by_day.get(day, [])
    _, ngettext = gettext_of(view.catalogue), translations(view.catalogue).ngettext
    entry = feed.add_entry(order="append")
    entry.id(stable_id(day_url(day)))
    counts = {
        "day": day.isoformat(),
        "articles": ngettext("%(num)d article", "%(num)d articles", len(articles))
        % {"num": len(articles)},
        "actors": ngettext("%(num)d new actor", "%(num)d new actors", len(new)) % {"num": len(new)},
    }
    entry.title(_("%(day)s: %(articles)s, %(actors)s") % counts)
    entry.link(href=link_to(day_url(day), SITE_FEED, site_url), rel="alternate", type="text/html")
    entry.published(midnight_utc(day))
    entry.updated(midnight_utc(day))
    titles = [article.title.strip() or article.slug for article in articles]
    lines = [_("Articles: %(names)s") % {"names": listed(titles, "; ", view.catalogue)}]
    if new:
        names = listed([actor.name for actor in new], ", ", view.catalogue)
        lines.append(_("First seen: %(names)s") % {"names": names})
    entry.summary(xml_text("\n".join(lines)))
    for actor in sorted(new, key=lambda a: a.slug):
        entry.category(
            term=actor.slug,
            label=xml_text(actor.name),
            scheme=link_to("actors/", SITE_FEED, site_url),
        )
    return entry


def listed(names: list[str], separator: str, language: str, shown: int = NEW_ACTORS_SHOWN) -> str:
    """The first `shown` names joined, and how many more there are, as a sentence in `language`."""
    joined = separator.join(names[:shown])
    if len(names) <= shown:
        return joined + "."
    more = len(names) - shown
    return translations(language).ngettext(
        "%(names)s and %(num)d more.", "%(names)s and %(num)d more.", more
    ) % {"names": joined, "num": more}


def actor_feed(view: ArchiveView, actor: Actor, site_url: str, site_name: str, limit: int) -> str:
    _ = gettext_of(view.catalogue)
    path = actor_feed_path(actor.slug)
    articles = view.articles_of(actor)[:limit]  # newest first
    title = f"{actor.name} — {site_name}"
    feed = new_feed(
        path,
        actor_url(actor.slug),
        site_url,
        title,
        _("Articles in %(site)s that mention %(name)s.") % {"site": site_name, "name": actor.name},
        site_name,
        articles,
    )
    for article in articles:
        add_entry(feed, article, path, site_url, mention_context(actor, article))
    return feed_text(feed)


def new_feed(
    path: str,
    page: str,
    site_url: str,
    title: str,
    subtitle: str,
    site_name: str,
    articles: list[Article],
) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(stable_id(site_name + ":" + path))
    feed.title(xml_text(title))
    feed.subtitle(xml_text(subtitle))
    feed.author(name=xml_text(site_name))
    feed.generator(
        "Annals"
    )  # feedgen's default names its own version, which would change the bytes on upgrade
    feed.link(href=link_to(page, path, site_url), rel="alternate", type="text/html")
    feed.link(href=link_to(path, path, site_url), rel="self", type=FEED_TYPE)
    feed.updated(midnight_utc(max(last_changed(a) for a in articles)) if articles else _NO_ARTICLES)
    return feed


def add_entry(feed: FeedGenerator, article: Article, feed_path: str, site_url: str, summary: str):
    entry = feed.add_entry(order="append")  # feedgen prepends by default
    entry.id(stable_id(article_url(article)))
    entry.title(xml_text(article.title.strip() or article.slug))
    entry.link(
        href=link_to(article_url(article), feed_path, site_url), rel="alternate", type="text/html"
    )
    entry.published(midnight_utc(article.date))
    entry.updated(midnight_utc(last_changed(article)))
    if article.author:
        entry.author(name=xml_text(article.author))
    if summary:
        entry.summary(xml_text(summary))
    return entry


def last_changed(article: Article) -> dt.date:
    """The date of the article's correction (`updated:`), else its date."""
    return article.updated or article.date


def feed_text(feed: FeedGenerator) -> str:
    """The feed's XML, unindented: an archive has a feed per actor, and feed readers need no indentation."""
    return feed.atom_str(pretty=False, encoding="UTF-8").decode("utf-8")


def mention_context(actor: Actor, article: Article) -> str:
    """The sentences around the actor's mentions in one article, in text order, each once."""
    sentences: list[str] = []
    for mention in sorted(
        (m for m in actor.mentions if m.article == article.slug), key=lambda m: (m.start, m.end)
    ):
        if mention.sentence and mention.sentence not in sentences:
            sentences.append(mention.sentence)
    return " … ".join(sentences)


def stable_id(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'annals:' + name)}"


def midnight_utc(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def link_to(target: str, feed_path: str, site_url: str) -> str:
    """A page URL ('articles/…/', '' for home) as a feed link: absolute under site_url, else relative to the feed."""
    if site_url:
        return site_url.rstrip("/") + "/" + target
    link = relative_url(feed_path, target)
    if (target == "" or target.endswith("/")) and not link.endswith("/"):
        link += "/"
    return link


def feed_links(page_url: str, actor_slug: str | None = None) -> list[str]:
    """Hrefs, relative to an HTML page ('' for home, 'actors/x/'), of the feeds that page should advertise."""
    hrefs = [relative_url(page_url, SITE_FEED)]
    if actor_slug:
        hrefs.append(relative_url(page_url, actor_feed_path(actor_slug)))
    return hrefs


def feed_link_tags(page_url: str, site_name: str, actor: Actor | None = None) -> str:
    """`<link rel="alternate">` elements for a page's <head>, so browsers and feed readers discover the feeds."""
    titles = [site_name] + ([f"{actor.name} — {site_name}"] if actor else [])
    hrefs = feed_links(page_url, actor.slug if actor else None)
    return "\n".join(
        f'<link rel="alternate" type="{FEED_TYPE}" title="{html.escape(xml_text(title))}" href="{html.escape(href)}">'
        for title, href in zip(titles, hrefs)
    )


def insert_feed_links(page_html: str, tags: str) -> str:
    """The page with `tags` added just before </head> (unchanged when it has no head)."""
    match = re.search(r"</head\s*>", page_html, re.IGNORECASE)
    if match is None or not tags:
        return page_html
    return page_html[: match.start()] + tags + "\n" + page_html[match.start() :]
