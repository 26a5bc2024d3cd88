"""What is new: the article each actor was first seen in, and the actors first seen on each day and in each month.

An actor's first article is the earliest of the articles naming it, by date and then by slug (the order of their
URLs), so it never depends on the order files were read in. Worked out once per archive, in one pass over each
actor's articles; the day, month and home pages, the actor pages and the site feed all read it from here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from .model import Actor, Article

# Day and month pages list this many of their new actors, the most mentioned first, and count the rest.
NEW_ACTORS_SHOWN = 30


def first_articles(
    articles_by_actor: Mapping[str, Sequence[str]], article_by_slug: Mapping[str, Article]
) -> dict[str, Article]:
    """Actor slug → the earliest article naming it (by date, then slug)."""
    first = {}
    for actor_slug, slugs in articles_by_actor.items():
        articles = [article_by_slug[slug] for slug in slugs if slug in article_by_slug]
        if articles:
            first[actor_slug] = min(articles, key=lambda a: (a.date, a.slug))
    return first


def first_seen_by(
    first: Mapping[str, Article], actors: Mapping[str, Actor], period: Callable[[dt.date], dt.date]
) -> dict[dt.date, list[Actor]]:
    """Period (a day, or the first of a month) → the actors first seen in it, most mentioned first, then by name."""
    grouped: dict[dt.date, list[Actor]] = defaultdict(list)
    for actor_slug, article in first.items():
        grouped[period(article.date)].append(actors[actor_slug])
    for group in grouped.values():
        group.sort(key=newcomer_order)
    return dict(grouped)


def newcomer_order(actor: Actor) -> tuple:
    return (-len(actor.mentions), actor.name, actor.slug)


def same_day(date: dt.date) -> dt.date:
    return date


def month_of(date: dt.date) -> dt.date:
    return date.replace(day=1)
