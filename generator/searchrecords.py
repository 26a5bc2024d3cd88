"""What the search index holds of each article and actor page (Pagefind is fed these records rather than the
rendered pages): plain text, invisible characters shown as on the pages, without the pages' lists of other
articles and actors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .escape import visible_text
from .i18n import SOURCE_LANGUAGE, gettext_of, translations
from .model import Archive, Article
from .render import format_date, type_label
from .urls import actor_page_path, article_page_path


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """What the search index holds of one article or actor page: its title and the text a reader searches for,
    as plain text (the index escapes it where it shows it; invisible characters are shown as on the pages), without
    the page's lists of other articles and actors."""

    path: str  # the page's path under the pages folder, as in Page
    title: str
    content: str
    filters: tuple[
        tuple[str, tuple[str, ...]], ...
    ] = ()  # (name, values) to narrow by (facets.Facets)
    sort: tuple[tuple[str, str], ...] = ()  # (name, key) to sort by
    language: str = (
        ""  # the page's own language (BCP 47) when it is not the site's; "" for the site's
    )


def article_records(
    articles: Iterable[Article], facets: dict | None = None, language: str = SOURCE_LANGUAGE
) -> Iterator[SearchRecord]:
    """Each article's title, byline (in the site's `language`, as on the page) and text, in path order, with its
    facets (facets.article_facets) if given; made as they are asked for, since all the articles' texts at once
    would be as large as the archive."""
    _ = gettext_of(language)
    for article in sorted(articles, key=article_page_path):
        author = article.author and f"{_('by')} {article.author}"
        byline = " · ".join(
            [format_date(article.date, language), *(p for p in (article.source, author) if p)]
        )
        found = facets.get(article.slug) if facets else None
        filters, sort = (found.filters, found.sort) if found else ((), ())
        text = as_sentences([article.title, byline, *article.block_texts()])
        yield SearchRecord(
            article_page_path(article),
            visible_text(article.title),
            text,
            filters,
            sort,
            article.lang,
        )


def actor_records(
    archive: Archive, language: str = SOURCE_LANGUAGE, named_in: int = 1
) -> list[SearchRecord]:
    """Each actor's name, type, description, other names and how often and when it is named, in path order, in
    the site's `language`: of the actors named in at least `named_in` articles, and of those with a description,
    whose page holds words no article has."""
    _, ngettext = gettext_of(language), translations(language).ngettext
    dates = {article.slug: article.date for article in archive.articles}
    records = []
    for actor in archive.actors:
        articles = len({m.article for m in actor.mentions})
        if not actor.description and articles < named_in:
            continue
        seen = sorted({dates[m.article] for m in actor.mentions if m.article in dates})
        lines = [actor.name, type_label(actor.type, language), actor.description]
        if seen:
            mentions = len(actor.mentions)
            numbers = {
                "times": mentions,
                "num": articles,
                "first": format_date(seen[0], language),
                "last": format_date(seen[-1], language),
            }
            times = ngettext("once", "%(times)d times", mentions) % numbers
            where = ngettext("in one article", "in %(num)d articles", articles) % numbers
            span = (
                _("on %(first)s") if len(seen) == 1 else _("from %(first)s to %(last)s")
            ) % numbers
            lines.append(
                _("Named %(times)s %(where)s, %(span)s.")
                % {"times": times, "where": where, "span": span}
            )
        if actor.aliases:
            lines.append(_("Also written as %(names)s.") % {"names": ", ".join(actor.aliases)})
        records.append(
            SearchRecord(actor_page_path(actor.slug), visible_text(actor.name), as_sentences(lines))
        )
    return sorted(records, key=lambda record: record.path)


def most_named(archive: Archive, count: int) -> frozenset[str]:
    """The page paths of the `count` actors named in the most articles (ties by slug, so the same archive always
    gives the same ones): the actors a reader most likely looks for."""
    ranked = sorted(archive.actors, key=lambda a: (-len({m.article for m in a.mentions}), a.slug))
    return frozenset(actor_page_path(actor.slug) for actor in ranked[:count])


def as_sentences(parts: list[str]) -> str:
    """Text parts as one run of prose, each ended by a full stop unless it ends a sentence already, so that a title
    or a name never runs into the next part of an excerpt."""
    parts = [visible_text(part).strip() for part in parts]
    return " ".join(part if part[-1] in ".!?…:;\"'”’)" else part + "." for part in parts if part)
