"""Facets of the Pagefind search: what each article's search record carries to be narrowed and sorted by, and the
search page (`/search/`) that offers them.

Pagefind keeps one filter index per filter name and a query downloads only the ones it filters by, so an article
record carries its facets as filters (the slugs of the actors it names, their types, its year and month, its
source, the slugs of its authors and tags, as their pages have them) and its date as a sort key. The actors' filter is the one that grows with the archive
(every article names a dozen or more actors: 414 kB compressed for 10,000 synthetic articles), so it is split into
ACTOR_SHARDS filters by a hash of the slug (`actor-00` to `actor-63`), and narrowing to one actor downloads one
shard. The search page is built only with Pagefind; its choices
(types, years, sources, and tags and authors while there are few enough to list) are written into it from the
archive, every name escaped, so the page needs no download to offer them, and assets/annals/facets.js runs the
query, reading the choices from the page's address (an actor page links to `search/?actor=<slug>`, a month page
to `search/?month=YYYY-MM`, a tag's or an author's page to `search/?tag=<slug>` or `search/?author=<slug>`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .i18n import SOURCE_LANGUAGE, gettext_of
from .model import TYPE_LABELS, Archive
from .render import archive_authors, archive_tags, front_matter, render_template, slugged

SEARCH_PAGE = "search/index.md"
# The sort key each article record carries (Pagefind's `sort`); its filters are made in article_facets.
SORT = "date"
ACTOR_SHARDS = 64  # assets/annals/facets.js computes the same shard
# Tags or authors beyond this many are not listed on the search page (a long list would weigh on every visit to
# it); their own pages still open the search narrowed to them.
LISTED_CHOICES = 200
# Up to this many articles the search page lists the articles narrowed to before any word is typed. Pagefind 1.5
# fetches every chunk of the words' index for a search without words (search(null, {filters}); fixed upstream
# after 1.5.2), about 2 kB per article: 892 kB at 300 articles, 2,004 kB at 1,000 (bench/build.py's
# "prefiltered"), under 500 kB up to about 120. Above it, the page narrowed without words shows what it is
# narrowed to and asks for words, as a split index's page does.
LISTED_WITHOUT_WORDS = 100


def actor_filter(slug: str) -> str:
    """The name of the filter an actor's slug is a value of: its FNV-1a hash (32 bits, over the slug's UTF-8
    bytes, which are ASCII) modulo ACTOR_SHARDS, as facets.js computes it."""
    value = 0x811C9DC5
    for byte in slug.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"actor-{value % ACTOR_SHARDS:02d}"


@dataclass(frozen=True, slots=True)
class Facets:
    """One article's filter values by filter name (actor shards, type, year, month, source, author, tag; a filter
    without values left out) and its sort keys; all plain strings, handed to Pagefind as data."""

    filters: tuple[tuple[str, tuple[str, ...]], ...]
    sort: tuple[tuple[str, str], ...]


def article_facets(archive: Archive) -> dict[str, Facets]:
    """Each article's facets, by article slug."""
    actors: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    for actor in archive.actors:
        for mention in actor.mentions:
            actors[mention.article].add(actor.slug)
            types[mention.article].add(actor.type)
    facets = {}
    for article in archive.articles:
        shards: dict[str, list[str]] = defaultdict(list)
        for slug in sorted(actors[article.slug]):
            shards[actor_filter(slug)].append(slug)
        values = {
            **dict(sorted(shards.items())),
            "type": sorted(types[article.slug]),
            "year": [f"{article.date:%Y}"],
            "month": [f"{article.date:%Y-%m}"],
            "source": [article.source] if article.source else [],
            "author": sorted(slug for slug, _ in slugged(article.authors)),
            "tag": sorted(slug for slug, _ in slugged(article.tags)),
        }
        filters = tuple((name, tuple(found)) for name, found in values.items() if found)
        facets[article.slug] = Facets(filters, ((SORT, article.date.isoformat()),))
    return facets


def listed(groups: list[tuple[str, str, list]]) -> list[tuple[str, str]]:
    """(slug, name) of tags or authors to offer as choices, by name, or none when there are too many to list."""
    if len(groups) > LISTED_CHOICES:
        return []
    return sorted(((slug, name) for slug, name, _ in groups), key=lambda c: (c[1].casefold(), c))


def search_page(archive: Archive, language: str = SOURCE_LANGUAGE) -> str:
    """The search page's Markdown: a form whose choices are the archive's actor types, years, sources, tags and
    authors, in a raw HTML block that Markdown leaves as it is; its words in the site's language
    (i18n.site_language)."""
    present = {actor.type for actor in archive.actors}
    types = [(key, labels[0]) for key, labels in TYPE_LABELS.items() if key in present]
    years = sorted({f"{article.date:%Y}" for article in archive.articles}, reverse=True)
    sources = sorted(
        {article.source for article in archive.articles if article.source},
        key=lambda s: (s.casefold(), s),
    )
    _ = gettext_of(language)
    return front_matter(_("Search"), annals="search", search={"exclude": True}) + render_template(
        "search.md.j2",
        language,
        types=types,
        years=years,
        sources=sources,
        tags=listed(archive_tags(archive.articles)),
        authors=listed(archive_authors(archive.articles)),
        lists_without_words=len(archive.articles) <= LISTED_WITHOUT_WORDS,
    )
