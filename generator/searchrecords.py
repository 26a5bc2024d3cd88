"""What the search index holds of each article and actor page (Pagefind is fed these records rather than the
rendered pages): plain text, invisible characters shown as on the pages, without the pages' lists of other
articles and actors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .escape import visible_text
from .model import TYPE_LABELS, Archive, Article
from .render import format_date
from .urls import actor_page_path, article_page_path


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """What the search index holds of one article or actor page: its title and the text a reader searches for,
    as plain text (the index escapes it where it shows it; invisible characters are shown as on the pages), without
    the page's lists of other articles and actors."""

    path: str  # the page's path under the pages folder, as in Page
    title: str
    content: str


def article_records(articles: Iterable[Article]) -> list[SearchRecord]:
    """Each article's title, byline and text, in path order: known as soon as the articles are read."""
    records = []
    for article in articles:
        byline = " · ".join(
            [
                format_date(article.date),
                *(
                    part
                    for part in (article.source, article.author and f"by {article.author}")
                    if part
                ),
            ]
        )
        records.append(
            SearchRecord(
                article_page_path(article),
                visible_text(article.title),
                as_sentences([article.title, byline, *(b.text for b in article.blocks)]),
            )
        )
    return sorted(records, key=lambda record: record.path)


def actor_records(archive: Archive) -> list[SearchRecord]:
    """Each actor's name, type, description, other names and how often and when it is named, in path order."""
    dates = {article.slug: article.date for article in archive.articles}
    records = []
    for actor in archive.actors:
        seen = sorted({dates[m.article] for m in actor.mentions if m.article in dates})
        kind = TYPE_LABELS.get(actor.type, (actor.type,))[0]
        lines = [actor.name, kind, actor.description]
        if seen:
            articles = len({m.article for m in actor.mentions})
            times = "once" if len(actor.mentions) == 1 else f"{len(actor.mentions)} times"
            where = "one article" if articles == 1 else f"{articles} articles"
            span = (
                f"on {format_date(seen[0])}"
                if len(seen) == 1
                else f"from {format_date(seen[0])} to {format_date(seen[-1])}"
            )
            lines.append(f"Named {times} in {where}, {span}.")
        if actor.aliases:
            lines.append("Also written as " + ", ".join(actor.aliases) + ".")
        records.append(
            SearchRecord(actor_page_path(actor.slug), visible_text(actor.name), as_sentences(lines))
        )
    return sorted(records, key=lambda record: record.path)


def as_sentences(parts: list[str]) -> str:
    """Text parts as one run of prose, each ended by a full stop unless it ends a sentence already, so that a title
    or a name never runs into the next part of an excerpt."""
    parts = [visible_text(part).strip() for part in parts]
    return " ".join(part if part[-1] in ".!?…:;\"'”’)" else part + "." for part in parts if part)
