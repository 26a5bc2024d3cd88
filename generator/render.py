"""Rendering: turn the resolved archive into Markdown pages and JSON exports through the Jinja templates.

Article text is untrusted, so every piece of it reaches the page only through `escape` inside raw HTML blocks,
where Markdown does not interpret it; the Jinja templates autoescape everything else. Links between pages are
relative (`urls`), so the site works at any base URL (a GitHub Pages project subpath included). Writing the
pages is `write`'s job, deciding which need rendering `signatures`'.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import html
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, partial

import jinja2
import yaml
from markupsafe import Markup

from .config import option_default
from .escape import escape_text, iter_json_export, safe_href
from .firstseen import NEW_ACTORS_SHOWN, first_articles, first_seen_by, month_of, same_day
from .i18n import (
    N_,
    SOURCE_LANGUAGE,
    Nn_,
    format_day,
    format_month,
    gettext_of,
    month_name,
    site_language,
    translations,
    weekday_abbreviations,
)
from .model import ACTOR_TYPES, HOW, TYPE_LABELS, TYPE_ORDER, Actor, Archive, Article, Mention, Page
from .names import make_slug
from .urls import (
    actor_page_path,
    actor_url,
    article_page_path,
    article_url,
    day_url,
    month_url,
    relative_url,
)


def format_date(date: dt.date, language: str = SOURCE_LANGUAGE) -> str:
    """A day as the site's language writes it: '2 December 2026', '2 décembre 2026'."""
    return format_day(date, language)


def type_label(actor_type: str, language: str = SOURCE_LANGUAGE) -> str:
    """An actor type's name in the site's language ('Person', 'Personne')."""
    return gettext_of(language)(TYPE_LABELS.get(actor_type, (actor_type, actor_type))[0])


def type_plural(actor_type: str, language: str = SOURCE_LANGUAGE) -> str:
    """The heading of a type's actors in the site's language ('People', 'Personnes')."""
    return gettext_of(language)(TYPE_LABELS.get(actor_type, (actor_type, actor_type))[1])


@cache
def template_environment(language: str = SOURCE_LANGUAGE) -> jinja2.Environment:
    """The templates' environment for one language: Annals' words through its catalogue (jinja2's i18n extension,
    new-style gettext, which escapes the values a message is given), dates and type names in that language."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["text"] = escape_text
    env.filters["date"] = partial(format_day, language=language)
    env.filters["month"] = partial(format_month, language=language)
    env.filters["month_name"] = partial(month_name, language=language)
    env.filters["type_label"] = partial(type_label, language=language)
    env.filters["type_plural"] = partial(type_plural, language=language)
    env.globals["weekdays"] = weekday_abbreviations(language)
    return env


def render_template(name: str, language: str = SOURCE_LANGUAGE, **context) -> str:
    return template_environment(language).get_template(name).render(**context)


# libyaml's emitter, when PyYAML was built with it, writes front matter for thousands of pages ten times faster.
YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(title: str, **extra) -> str:
    """YAML front matter; MkDocs treats a page title as HTML, so the untrusted title goes in escaped."""
    data = {"title": str(escape_text(title)), **extra}
    return (
        "---\n"
        + yaml.dump(data, Dumper=YAML_DUMPER, allow_unicode=True, sort_keys=True, width=10_000)
        + "---\n\n"
    )


COOCCURRING_LIMIT = 15
RELATED_LIMIT = 5
RELATED_MIN_CEILING = 200
# An actor page shows the sentences naming the actor for its newest CONTEXT_APPEARANCES articles; older articles
# are listed one line each (date, title, how many mentions). Without the cap a page of an actor named in thousands
# of articles would carry every one of those sentences: megabytes to download, and most of an archive's size.
# Every sentence is still on its article's page.
CONTEXT_APPEARANCES = 10


class ArchiveView:
    """Look-ups the templates need, computed once from the archive."""

    def __init__(self, archive: Archive, language: str = "en"):
        self.archive = archive
        self.language = (
            language  # the site's (theme.language): an article in another says so on its page
        )
        # The language of Annals' own words and dates on the pages: the catalogue theme.language has (i18n).
        self.catalogue = site_language(language)
        self.articles = archive.articles  # newest first
        self.actors = {actor.slug: actor for actor in archive.actors}
        self.article_by_slug = {article.slug: article for article in archive.articles}
        self.mentions_by_article: dict[str, list[Mention]] = defaultdict(list)
        for actor in archive.actors:
            for mention in actor.mentions:
                self.mentions_by_article[mention.article].append(mention)
        for mentions in self.mentions_by_article.values():
            mentions.sort(key=lambda m: (m.start, -m.end))
        self.actors_by_article = {
            slug: sorted({m.actor for m in ms}) for slug, ms in self.mentions_by_article.items()
        }
        self.articles_by_actor: dict[str, list[str]] = defaultdict(list)
        for slug, actor_slugs in sorted(self.actors_by_article.items()):
            for actor_slug in actor_slugs:
                self.articles_by_actor[actor_slug].append(slug)
        self.ordinals = {article.slug: article.date.toordinal() for article in archive.articles}
        self.related_ceiling = max(RELATED_MIN_CEILING, len(self.articles) // 20)
        chronological = sorted(archive.articles, key=lambda a: (a.date, a.slug))
        self.neighbours = {
            a.slug: (
                chronological[i - 1] if i > 0 else None,
                chronological[i + 1] if i + 1 < len(chronological) else None,
            )
            for i, a in enumerate(chronological)
        }
        self.related_articles: dict[
            str, list[tuple[Article, int]]
        ] = {}  # related(), once per article
        # Author pages, and links to them, only in an archive of several authors.
        self.author_pages = (
            len({slug for a in archive.articles for slug, _ in slugged(a.authors)}) > 1
        )

    @cached_property
    def first_seen(self) -> dict[str, Article]:
        """Actor slug → the article it was first seen in (firstseen.first_articles)."""
        return first_articles(self.articles_by_actor, self.article_by_slug)

    @cached_property
    def new_by_day(self) -> dict[dt.date, list[Actor]]:
        return first_seen_by(self.first_seen, self.actors, same_day)

    @cached_property
    def new_by_month(self) -> dict[dt.date, list[Actor]]:
        return first_seen_by(self.first_seen, self.actors, month_of)

    def actors_of(self, article: Article) -> list[Actor]:
        counts = Counter(m.actor for m in self.mentions_by_article.get(article.slug, ()))
        return sorted(
            (self.actors[slug] for slug in counts),
            key=lambda a: (TYPE_ORDER[a.type], -counts[a.slug], a.name),
        )

    def mention_count_in(self, article: Article) -> Counter:
        return Counter(m.actor for m in self.mentions_by_article.get(article.slug, ()))

    def articles_of(self, actor: Actor) -> list[Article]:
        return sorted(
            (self.article_by_slug[s] for s in self.articles_by_actor.get(actor.slug, ())),
            key=article_sort_key,
        )

    def co_occurring(self, actor: Actor, limit: int = COOCCURRING_LIMIT) -> list[tuple[Actor, int]]:
        """The actors most often named in the same articles as `actor`, with the number of shared articles."""
        counts: Counter = Counter()
        for article_slug in self.articles_by_actor.get(actor.slug, ()):
            counts.update(self.actors_by_article[article_slug])
        del counts[actor.slug]
        candidates: Iterable[tuple[str, int]] = counts.items()
        if (
            len(counts) > limit
        ):  # only counts as high as the limit-th highest can rank: sort those, not thousands
            lowest = heapq.nlargest(limit, counts.values())[-1]
            candidates = [item for item in candidates if item[1] >= lowest]
        ranked = sorted(candidates, key=lambda item: (-item[1], self.actors[item[0]].name, item[0]))
        return [(self.actors[slug], count) for slug, count in ranked[:limit]]

    def related(self, article: Article) -> list[tuple[Article, int]]:
        """Articles sharing the most actors with `article`. Actors named in a large share of the archive say
        little about relatedness and would make this quadratic, so they are left out of the count."""
        related = self.related_articles.get(article.slug)
        if related is None:
            related = self.related_articles[article.slug] = self._related(article, RELATED_LIMIT)
        return related

    def _related(self, article: Article, limit: int) -> list[tuple[Article, int]]:
        ceiling = self.related_ceiling
        counts: Counter = Counter()
        for actor_slug in self.actors_by_article.get(article.slug, ()):
            others = self.articles_by_actor[actor_slug]
            if len(others) <= ceiling:
                counts.update(others)
        del counts[article.slug]
        day = article.date.toordinal()
        ordinals = self.ordinals
        ranked = heapq.nsmallest(
            limit,
            counts.items(),
            key=lambda item: (-item[1], abs(ordinals[item[0]] - day), item[0]),
        )
        return [(self.article_by_slug[slug], count) for slug, count in ranked if count >= 1]


def article_sort_key(article: Article) -> tuple:
    """Newest first; the slug breaks ties so order never depends on reading order."""
    return (-article.date.toordinal(), article.slug)


def annotated_blocks(
    article: Article,
    mentions: list[Mention],
    page_url: str,
    actors: dict[str, Actor],
    language: str = SOURCE_LANGUAGE,
) -> Markup:
    """The article body as HTML: each block escaped, each mention wrapped in a link to its actor page."""
    parts = []
    starts = [m.start for m in mentions]  # mentions are sorted by start (ArchiveView)
    body = article.text
    for block in article.blocks:
        end_of_block = block.end
        window = mentions[
            bisect.bisect_left(starts, block.start) : bisect.bisect_right(starts, end_of_block)
        ]
        inside = [m for m in window if block.start <= m.start and m.end <= end_of_block]
        html_text = highlight(body, block.start, end_of_block, inside, page_url, actors, language)
        tag = "h2" if block.kind == "heading" else "p"
        parts.append(f"<{tag}>{html_text}</{tag}>")
    return Markup("\n".join(parts))


def highlight(
    body: str,
    start: int,
    end: int,
    mentions: list[Mention],
    page_url: str,
    actors: dict[str, Actor],
    language: str = SOURCE_LANGUAGE,
) -> str:
    out: list[str] = []
    cursor = start
    for mention in mentions:
        if mention.start < cursor:
            continue  # overlapping spans: the first wins
        actor = actors[mention.actor]
        out.append(escape_text(body[cursor : mention.start]))
        out.append(
            mention_link(
                actor,
                body[mention.start : mention.end],
                relative_url(page_url, actor_url(actor.slug)),
                type_label(actor.type, language),
            )
        )
        cursor = mention.end
    out.append(escape_text(body[cursor:end]))
    return "".join(out)


def mention_link(actor: Actor, text: str, href: str, label: str) -> str:
    """A mention as a link to its actor's page, titled with the actor's type (`label`), and with its name when
    the text names it otherwise ('Trump' for Donald Trump): the title's words the link's own would repeat are
    bytes on every mention of every article."""
    title = label if text == actor.name else f"{actor.name} ({label})"
    return (
        f'<a class="annals-mention annals-{actor.type}" href="{html.escape(href)}" '
        f'title="{escape_text(title)}">{escape_text(text)}</a>'
    )


def sentence_with_mark(mention: Mention, language: str = SOURCE_LANGUAGE) -> Markup:
    """The sentence around a mention, escaped, with the mention itself marked; the mark says on hover how the
    mention was attached to the actor and how surely ('found by the model, 0.9')."""
    sentence = mention.sentence
    index = sentence.find(mention.text)
    if index < 0:
        return escape_text(sentence)
    return Markup(
        escape_text(sentence[:index])
        + Markup(f'<mark title="{provenance_text(mention, language)}">')
        + escape_text(mention.text)
        + Markup("</mark>")
        + escape_text(sentence[index + len(mention.text) :])
    )


def provenance_text(mention: Mention, language: str = SOURCE_LANGUAGE) -> Markup:
    """How a mention was attached, in words, and its confidence, escaped for an attribute."""
    how = gettext_of(language)(HOW[mention.how]) if mention.how in HOW else mention.how
    return escape_text(f"{how}, {round(mention.confidence, 2)}")


def render_article(view: ArchiveView, article: Article) -> Page:
    url = article_url(article)
    mentions = view.mentions_by_article.get(article.slug, [])
    counts = view.mention_count_in(article)
    groups = group_by_type(view.actors_of(article))
    previous, following = view.neighbours.get(article.slug, (None, None))
    content = front_matter(article.title, annals="article") + render_template(
        "article.md.j2",
        view.catalogue,
        article=article,
        tags=[
            (name, relative_url(url, group_url(TAGS, slug))) for slug, name in slugged(article.tags)
        ],
        authors=[
            (name, relative_url(url, group_url(AUTHORS, slug)))
            for slug, name in slugged(article.authors)
        ]
        if view.author_pages
        else [],
        lang=article.lang if article.lang.lower() != view.language.lower() else "",
        body=annotated_blocks(article, mentions, url, view.actors, view.catalogue),
        legend=[t for t, _ in groups],
        related=[
            (other, relative_url(url, article_url(other)), count)
            for other, count in view.related(article)
        ],
        previous=(previous, relative_url(url, article_url(previous))) if previous else None,
        following=(following, relative_url(url, article_url(following))) if following else None,
        day_link=relative_url(url, day_url(article.date)),
        source_href=safe_href(article.url),
        groups=[
            (t, [(a, relative_url(url, actor_url(a.slug)), counts[a.slug]) for a in actors])
            for t, actors in groups
        ],
    )
    return Page(article_page_path(article), content)


def group_by_type(actors: list[Actor]) -> list[tuple[str, list[Actor]]]:
    grouped: dict[str, list[Actor]] = defaultdict(list)
    for actor in actors:
        grouped[actor.type].append(actor)
    return [(t, grouped[t]) for t in ACTOR_TYPES if grouped.get(t)]


def month_counts(view: ArchiveView, actor: Actor) -> list[tuple[dt.date, int]]:
    """Mentions per month from the first to the last month seen, empty months included."""
    counts: Counter = Counter()
    for mention in actor.mentions:
        date = view.article_by_slug[mention.article].date
        counts[dt.date(date.year, date.month, 1)] += 1
    if not counts:
        return []
    first, last = min(counts), max(counts)
    months, current = [], first
    while current <= last:
        months.append((current, counts.get(current, 0)))
        current = dt.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def timeline_svg(months: list[tuple[dt.date, int]], language: str = SOURCE_LANGUAGE) -> Markup:
    """Mentions per month as an inline SVG bar chart, made at build time: no script, and bars, labels and
    per-bar titles carry the numbers, so it reads without colour. Nothing for one month: a single bar says no more
    than the page's count of mentions and its dates. An empty month is a gap (a bar of no height shows nothing)."""
    if len(months) < 2:
        return Markup("")
    _, ngettext = gettext_of(language), translations(language).ngettext
    if len(months) > 120:  # a decade or more: a bar per year stays legible
        by_year: Counter = Counter()
        for month, count in months:
            by_year[dt.date(month.year, 1, 1)] += count
        bars = [(f"{d.year}", c) for d, c in sorted(by_year.items())]
    else:
        bars = [(format_month(d, language), c) for d, c in months]
    width, height, top, bottom = 640, 140, 18, 22
    peak = max(count for _label, count in bars) or 1
    step = width / len(bars)
    bar_width = max(1.0, step * 0.8)
    parts = []
    for index, (label, count) in enumerate(bars):
        if not count:
            continue
        bar_height = (height - top - bottom) * count / peak
        x = index * step + (step - bar_width) / 2
        y = height - bottom - bar_height
        title = ngettext("%(label)s: %(num)d mention", "%(label)s: %(num)d mentions", count)
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" height="{bar_height:.1f}">'
            f"<title>{html.escape(title % {'label': label, 'num': count})}</title></rect>"
        )
    numbers = {
        "first": bars[0][0],
        "last": bars[-1][0],
        "total": sum(count for _label, count in bars),
        "peak": peak,
    }
    if len(months) > 120:
        said = _("Mentions per year, %(first)s to %(last)s: %(total)d in all, at most %(peak)d.")
    else:
        said = _("Mentions per month, %(first)s to %(last)s: %(total)d in all, at most %(peak)d.")
    summary = html.escape(said % numbers)
    peak_label = html.escape(_("%(peak)d max") % numbers)
    axis = (
        f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" class="annals-axis"/>'
        f'<text x="0" y="{height - 6}" class="annals-label">{bars[0][0]}</text>'
        f'<text x="{width}" y="{height - 6}" text-anchor="end" class="annals-label">{bars[-1][0]}</text>'
        f'<text x="0" y="12" class="annals-label">{peak_label}</text>'
    )
    return Markup(
        f'<figure class="annals-timeline" data-search-exclude><svg viewBox="0 0 {width} {height}" role="img" aria-label="{summary}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}{axis}</svg>'
        f"<figcaption>{summary}</figcaption></figure>"
    )


def render_actor(view: ArchiveView, actor: Actor) -> Page:
    from . import network  # draws with this module's helpers, so it imports this module

    url = actor_url(actor.slug)
    articles = view.articles_of(actor)
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for mention in actor.mentions:
        by_article[mention.article].append(mention)
    entries = []
    for article in articles[:CONTEXT_APPEARANCES]:
        seen, sentences = set(), []
        for mention in by_article[article.slug]:
            if mention.sentence in seen:
                continue
            seen.add(mention.sentence)
            sentences.append(sentence_with_mark(mention, view.catalogue))
        entries.append((article, relative_url(url, article_url(article)), sentences))
    quotes = [
        (
            q,
            view.article_by_slug[q.article],
            relative_url(url, article_url(view.article_by_slug[q.article])),
        )
        for q in actor.quotes
        if q.article in view.article_by_slug
    ]
    quotes.sort(key=lambda item: (article_sort_key(item[1]), item[0].text))
    dates = sorted(a.date for a in articles)
    together = view.co_occurring(actor)
    content = front_matter(actor.name, annals="actor") + render_template(
        "actor.md.j2",
        view.catalogue,
        actor=actor,
        entries=entries,
        listed_entries=[
            (article, relative_url(url, article_url(article)), len(by_article[article.slug]))
            for article in articles[CONTEXT_APPEARANCES:]
        ],
        article_count=len(articles),
        timeline=timeline_svg(month_counts(view, actor), view.catalogue),
        co_occurring=[
            (other, relative_url(url, actor_url(other.slug)), count) for other, count in together
        ],
        # Named in one article, an actor shares that one article with every actor it is named with, and they with
        # each other: the drawing would add nothing to the list, only bytes to the most numerous pages.
        ego_network=network.ego_network_svg(view, actor, together, url)
        if len(articles) > 1
        else "",
        quotes=quotes,
        mention_count=len(actor.mentions),
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        first_link=relative_url(url, day_url(dates[0])) if dates else "",
        first_article=first_article_link(view, actor, url),
        last_link=relative_url(url, day_url(dates[-1])) if dates else "",
        index_link=relative_url(url, "actors/"),
        feed_link="feed.xml",
        links=[(kind, value, link_href(kind, value)) for kind, value in actor.links],
    )
    return Page(actor_page_path(actor.slug), content)


# The names actor.md.j2 gives an actor's links (config.LINK_KINDS, capitalised), marked for the catalogues.
LINK_NAMES = (N_("Wikidata"), N_("Wikipedia"), N_("Website"))


def link_href(kind: str, value: str) -> str:
    if kind == "wikidata":
        return f"https://www.wikidata.org/wiki/{value}"
    return safe_href(value)


def render_actor_index(view: ArchiveView) -> Page:
    """All actors three ways: by type and mentions, most mentioned overall, and A–Z."""
    url = "actors/"

    def row(actor: Actor) -> tuple:
        return (
            actor,
            relative_url(url, actor_url(actor.slug)),
            len(actor.mentions),
            len(view.articles_by_actor.get(actor.slug, ())),
        )

    by_mentions = sorted(view.archive.actors, key=lambda a: (-len(a.mentions), a.name, a.slug))
    by_name = sorted(view.archive.actors, key=lambda a: (fold_for_sorting(a.name), a.slug))
    letters: dict[str, list[tuple]] = defaultdict(list)
    for actor in by_name:
        initial = fold_for_sorting(actor.name)[:1].upper()
        letters[initial if initial.isalpha() else "#"].append(row(actor))
    _ = gettext_of(view.catalogue)
    content = front_matter(
        _("Actors"), annals="actors", search={"exclude": True}
    ) + render_template(
        "actors.md.j2",
        view.catalogue,
        groups=[(t, [row(a) for a in actors]) for t, actors in group_by_type(by_mentions)],
        top=[row(a) for a in by_mentions[:TOP_ACTORS]],
        letters=sorted(letters.items(), key=lambda item: (item[0] == "#", item[0])),
        total=len(by_mentions),
    )
    return Page("actors/index.md", content)


TOP_ACTORS = 50


def fold_for_sorting(name: str) -> str:
    from .names import fold_diacritics

    return fold_diacritics(name).casefold()


def month_calendar(
    year: int, month: int, counts: dict[dt.date, int], url: str
) -> list[list[tuple | None]]:
    """Weeks (Monday first) of (day, link or '', article count) cells; None pads days outside the month."""
    import calendar

    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells: list[tuple | None] = []
        for day in week:
            if day.month != month:
                cells.append(None)
            else:
                count = counts.get(day, 0)
                cells.append((day, relative_url(url, day_url(day)) if count else "", count))
        weeks.append(cells)
    return weeks


def render_date_pages(view: ArchiveView) -> list[Page]:
    """Dates index, one page per year (counts per month), month (a calendar) and day (its articles); their
    titles in the site's language, their URLs the same in every language."""
    language = view.catalogue
    _ = gettext_of(language)
    by_day: dict[dt.date, list[Article]] = defaultdict(list)
    for article in view.articles:
        by_day[article.date].append(article)
    day_counts = {day: len(articles) for day, articles in by_day.items()}
    years: dict[int, dict[int, list[dt.date]]] = defaultdict(lambda: defaultdict(list))
    for day in sorted(by_day):
        years[day.year][day.month].append(day)
    pages = []
    year_rows = [
        (
            year,
            relative_url("dates/", f"dates/{year}/"),
            sum(len(by_day[d]) for days in months.values() for d in days),
        )
        for year, months in sorted(years.items())
    ]
    pages.append(
        Page(
            "dates/index.md",
            front_matter(_("Dates"), annals="dates", search={"exclude": True})
            + render_template("dates.md.j2", language, years=year_rows),
        )
    )
    for year, months in sorted(years.items()):
        url = f"dates/{year}/"
        month_rows = []
        for month in range(1, 13):
            count = sum(len(by_day[d]) for d in months.get(month, ()))
            month_rows.append(
                (
                    dt.date(year, month, 1),
                    relative_url(url, f"dates/{year}/{month:02d}/") if count else "",
                    count,
                )
            )
        peak = max(count for *_link, count in month_rows) or 1
        pages.append(
            Page(
                f"dates/{year}/index.md",
                front_matter(str(year), annals="year", search={"exclude": True})
                + render_template(
                    "year.md.j2",
                    language,
                    year=year,
                    months=month_rows,
                    peak=peak,
                    up=relative_url(url, "dates/"),
                ),
            )
        )
        for month, days in sorted(months.items()):
            url = f"dates/{year}/{month:02d}/"
            first = dt.date(year, month, 1)
            day_rows = [(day, relative_url(url, day_url(day)), len(by_day[day])) for day in days]
            pages.append(
                Page(
                    f"dates/{year}/{month:02d}/index.md",
                    front_matter(
                        format_month(first, language), annals="month", search={"exclude": True}
                    )
                    + render_template(
                        "month.md.j2",
                        language,
                        month=first,
                        days=day_rows,
                        weeks=month_calendar(year, month, day_counts, url),
                        up=relative_url(url, f"dates/{year}/"),
                        **new_actor_rows(view.new_by_month.get(first, []), url),
                    ),
                )
            )
            for day in days:
                url = day_url(day)
                rows = [
                    (a, relative_url(url, article_url(a)))
                    for a in sorted(by_day[day], key=article_sort_key)
                ]
                pages.append(
                    Page(
                        f"dates/{day:%Y/%m/%d}/index.md",
                        front_matter(
                            format_day(day, language), annals="day", search={"exclude": True}
                        )
                        + render_template(
                            "day.md.j2",
                            language,
                            day=day,
                            articles=rows,
                            up=relative_url(url, month_url(day)),
                            **new_actor_rows(view.new_by_day.get(day, []), url),
                        ),
                    )
                )
    return pages


def slugged(names: Iterable[str]) -> list[tuple[str, str]]:
    """(slug, name as written) of each name, once a slug: 'Economy' and 'economy' are one tag, one author."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(make_slug(name), name)
    return list(seen.items())


def named_groups(articles: Iterable[Article], names_of) -> list[tuple[str, str, list[Article]]]:
    """(slug, name, articles newest first) of every name `names_of` gives an article (its tags, its authors), by
    slug. A name written several ways is shown the way most articles write it (then the way that sorts first),
    whatever the order files are read in."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    members: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for slug, name in slugged(names_of(article)):
            spellings[slug][name] += 1
            members[slug].append(article)
    return [
        (
            slug,
            min(spellings[slug].items(), key=lambda item: (-item[1], item[0]))[0],
            sorted(members[slug], key=article_sort_key),
        )
        for slug in sorted(spellings)
    ]


def archive_tags(articles: Iterable[Article]) -> list[tuple[str, str, list[Article]]]:
    return named_groups(articles, lambda article: article.tags)


def archive_authors(articles: Iterable[Article]) -> list[tuple[str, str, list[Article]]]:
    """The archive's authors as named_groups, when it has more than one (one author needs no page of their own)."""
    authors = named_groups(articles, lambda article: article.authors)
    return authors if len(authors) > 1 else []


@dataclass(frozen=True)
class GroupKind:
    """Pages listing the articles that share a name: tags, authors."""

    folder: str  # 'tags', 'authors'
    title: str  # of the index page (a message, as all three below are: i18n)
    all: str  # the link up to the index: 'All tags'
    count: tuple[str, str]  # '3 articles tagged Economy.', singular and plural


TAGS = GroupKind(
    "tags",
    N_("Tags"),
    N_("All tags"),
    Nn_("%(num)d article tagged %(name)s.", "%(num)d articles tagged %(name)s."),
)
AUTHORS = GroupKind(
    "authors",
    N_("Authors"),
    N_("All authors"),
    Nn_("%(num)d article by %(name)s.", "%(num)d articles by %(name)s."),
)


def group_url(kind: GroupKind, slug: str) -> str:
    return f"{kind.folder}/{slug}/"


def render_group_pages(
    kind: GroupKind,
    groups: list[tuple[str, str, list[Article]]],
    language: str = SOURCE_LANGUAGE,
) -> list[Page]:
    """The index of a kind and one page per name listing its articles, when there are any (else no pages)."""
    _ = gettext_of(language)
    if not groups:
        return []
    index = f"{kind.folder}/"
    rows = [
        (name, relative_url(index, group_url(kind, slug)), len(articles))
        for slug, name, articles in groups
    ]
    rows.sort(key=lambda row: (fold_for_sorting(row[0]), row[0]))
    meta = {"annals": kind.folder, "search": {"exclude": True}}
    pages = [
        Page(
            f"{index}index.md",
            front_matter(_(kind.title), **meta)
            + render_template("groups.md.j2", language, kind=kind, groups=rows),
        )
    ]
    for slug, name, articles in groups:
        url = group_url(kind, slug)
        listed = [(a, relative_url(url, article_url(a))) for a in articles]
        content = front_matter(name, **meta) + render_template(
            "group.md.j2",
            language,
            kind=kind,
            group=name,
            articles=listed,
            up=relative_url(url, index),
        )
        pages.append(Page(f"{url}index.md", content))
    return pages


def render_home(view: ArchiveView, intro: str, latest: int, top: int) -> Page:
    """A way in: the archive's span, latest articles, who was most mentioned in the latest month, busiest days."""
    _ = gettext_of(view.catalogue)
    url = ""
    articles = view.articles[:latest]
    dates = [a.date for a in view.articles]
    latest_month = max(dates).replace(day=1) if dates else None
    month_mentions: Counter = Counter()
    if latest_month:
        for article in view.articles:
            if article.date.replace(day=1) != latest_month:
                continue
            month_mentions.update(m.actor for m in view.mentions_by_article.get(article.slug, ()))
    month_top = sorted(
        month_mentions.items(), key=lambda item: (-item[1], view.actors[item[0]].name, item[0])
    )[:top]
    day_counts = Counter(dates)
    busiest = sorted(day_counts.items(), key=lambda item: (-item[1], -item[0].toordinal()))[
        :BUSIEST_DAYS
    ]
    content = (
        front_matter(_("Home"), annals="home", search={"exclude": True})
        + intro.strip()
        + "\n\n"
        + render_template(
            "home.md.j2",
            view.catalogue,
            articles=[(a, relative_url(url, article_url(a))) for a in articles],
            actors=[
                (view.actors[slug], relative_url(url, actor_url(slug)), count)
                for slug, count in month_top
            ],
            latest_month=latest_month,
            latest_month_link=relative_url(url, month_url(latest_month)) if latest_month else "",
            busiest=[
                (day, relative_url(url, day_url(day)), count) for day, count in busiest if count > 1
            ]
            if len(day_counts) > 1
            else [],
            first=min(dates) if dates else None,
            last=max(dates) if dates else None,
            article_count=len(view.articles),
            actor_count=len(view.archive.actors),
            **home_new_actors(view, url, top),
            links={
                "dates": "dates/",
                "actors": "actors/",
                "articles_json": "api/articles.json",
                "entities_json": "api/entities.json",
                "mentions_csv": "api/mentions.csv.gz",
                "network_gexf": "api/network.gexf.gz",
                "feed": "feed.xml",
                "tags": "tags/" if any(a.tags for a in view.articles) else "",
            },
        )
    )
    return Page("index.md", content)


BUSIEST_DAYS = 5


def first_article_link(view: ArchiveView, actor: Actor, url: str) -> tuple[Article, str] | None:
    """The article an actor was first seen in, and a link to it from `url`."""
    article = view.first_seen.get(actor.slug)
    return (article, relative_url(url, article_url(article))) if article else None


def new_actor_rows(actors: list[Actor], url: str, shown: int = NEW_ACTORS_SHOWN) -> dict:
    """Template context for the actors first seen in a period: the first `shown`, linked, and how many more."""
    return {
        "new_actors": [
            (actor, relative_url(url, actor_url(actor.slug))) for actor in actors[:shown]
        ],
        "new_more": max(0, len(actors) - shown),
    }


def home_new_actors(view: ArchiveView, url: str, shown: int) -> dict:
    """The home page's new actors: those first seen on the archive's latest day, or else in its latest month."""
    latest = max((a.date for a in view.articles), default=None)
    if latest and view.new_by_day.get(latest):
        period, actors, is_month, link = latest, view.new_by_day[latest], False, day_url(latest)
    elif latest and view.new_by_month.get(month_of(latest)):
        period, actors, is_month, link = (
            month_of(latest),
            view.new_by_month[month_of(latest)],
            True,
            month_url(latest),
        )
    else:
        return {
            "new_period": None,
            "new_is_month": False,
            "new_link": "",
            **new_actor_rows([], url),
        }
    return {
        "new_period": period,
        "new_is_month": is_month,
        "new_link": relative_url(url, link),
        **new_actor_rows(actors, url, shown),
    }


def mean_confidence(actor: Actor) -> float | None:
    """The mean confidence of an actor's mentions, two decimals; None for an actor with none."""
    if not actor.mentions:
        return None
    return round(sum(m.confidence for m in actor.mentions) / len(actor.mentions), 2)


def render_exports(view: ArchiveView) -> list[Page]:
    """The actors and the articles as JSON, each entry made as the file is written (iter_json_export)."""
    entities = (
        {
            "slug": actor.slug,
            "name": actor.name,
            "type": actor.type,
            "aliases": list(actor.aliases),
            "mentions": len(actor.mentions),
            "articles": sorted({m.article for m in actor.mentions}),
            "provenance": dict(sorted(Counter(m.how for m in actor.mentions).items())),
            "confidence": mean_confidence(actor),
        }
        for actor in sorted(view.archive.actors, key=lambda a: a.slug)
    )
    articles = (
        {
            "slug": article.slug,
            "title": article.title,
            "date": article.date.isoformat(),
            "source": article.source,
            "url": article.url,
            "path": article_url(article),
            "entities": sorted({m.actor for m in view.mentions_by_article.get(article.slug, ())}),
        }
        for article in sorted(view.articles, key=lambda a: a.slug)
    )
    return [
        Page("api/entities.json", iter_json_export(entities)),
        Page("api/articles.json", iter_json_export(articles)),
    ]


def redirect_page(from_url: str, to_url: str, language: str = SOURCE_LANGUAGE) -> str:
    """A static HTML page sending readers (and search engines, via the canonical link) to the new URL, in the
    site's language."""
    href = html.escape(relative_url(from_url, to_url))
    _ = gettext_of(language)
    moved = html.escape(_("Moved"))
    link = f'<a href="{href}">{href}</a>'
    said = html.escape(_("This page has moved to %(link)s.")).replace("%(link)s", link)
    return (
        f'<!doctype html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8"><title>{moved}</title>'
        f'<link rel="canonical" href="{href}"><meta http-equiv="refresh" content="0; url={href}">'
        f'<meta name="robots" content="noindex"></head><body><p>{said}</p></body></html>\n'
    )


def iter_archive_pages(
    archive: Archive,
    intro: str = "",
    home_articles: int = option_default("home_articles"),
    home_actors: int = option_default("home_actors"),
    unchanged_actors: frozenset[str] = frozenset(),
    unchanged_articles: frozenset[str] = frozenset(),
    view: ArchiveView | None = None,
) -> Iterator[Page]:
    """Every generated page of the archive, one at a time, so a build can write each as it comes instead of holding
    them all (at 10,000 articles, gigabytes of text). Pages of `unchanged_articles` and `unchanged_actors` (by slug)
    are kept as the last build wrote them."""
    view = view or ArchiveView(archive)
    yield render_home(view, intro, home_articles, home_actors)
    yield render_actor_index(view)
    for article in archive.articles:
        yield (
            Page(article_page_path(article), None)
            if article.slug in unchanged_articles
            else render_article(view, article)
        )
    for actor in archive.actors:
        yield (
            Page(actor_page_path(actor.slug), None)
            if actor.slug in unchanged_actors
            else render_actor(view, actor)
        )
    yield from render_date_pages(view)
    yield from render_group_pages(TAGS, archive_tags(view.articles), view.catalogue)
    yield from render_group_pages(AUTHORS, archive_authors(view.articles), view.catalogue)
    yield from render_exports(view)
