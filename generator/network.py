"""Networks a reader can see: each actor's ego network on its page, and the archive's main actors and their
strongest ties at /network/ (all years) and /network/YYYY/ (one year), as static SVG laid out at build time.

An ego network is the actor, the actors most often named alongside it (ArchiveView.co_occurring, the numbers of
the page's "Often named with" list) and the ties among those, counted in the articles naming the actor. Counting
them there, rather than across the archive, keeps what an actor page shows a function of its own articles: an
added article changes only the pages of the actors it names, as before. /network/ shows the actors named in the
most articles of a period and their strongest ties, counted over the period's articles.

Layouts are deterministic: the ego network is radial (the actor in the middle, the others around it by rank,
strongest at the top), the archive's network a Fruchterman–Reingold force layout run a fixed number of steps
from positions given by rank, with no randomness; every coordinate is rounded to one decimal, so the same archive
gives the same bytes. The SVG needs no script: nodes are links with a <title>, labels are text, the figure has a
<title> and <desc>, and colours come from the type palette of annals.css, light and dark. Names are article text:
every one goes through escape.escape_text.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import NamedTuple

from markupsafe import Markup

from .escape import escape_text
from .i18n import SOURCE_LANGUAGE, gettext_of, translations
from .model import ACTOR_TYPES, Actor, Page
from .render import ArchiveView, front_matter, render_template, type_label
from .urls import actor_url, relative_url

EGO_ALTERS = 12  # the actors an ego network shows around its actor: enough to read, few enough to keep pages small
MAIN_ACTORS = 30  # the actors /network/ shows for a period
MAIN_TIES = 60  # the strongest ties among them it draws
TIES_LISTED = 15  # the strongest ties it lists as text under the figure
# The force layout: its steps, and the strength of its forces (tuned by eye on the Wikinews corpus's years: ties
# pulling a fifth as hard as Fruchterman–Reingold's, a spacing of 0.6 of the even share of the area, and a pull to
# the middle that keeps actors without a drawn tie near the others, so the stretch to fit does not squeeze the rest).
LAYOUT_STEPS = 120
SPRING = 0.2
SPACING = 0.6
GRAVITY = 2.0
LABEL_CHARACTERS = (
    24  # longer names are cut with '…' in the label; the node's title has the whole name
)
NETWORK_URL = "network/"
# Nodes link with xlink:href, not href: Material's instant navigation and previews rewrite every element's `href`
# property (`el.href = el.href`), which an SVG link has only a getter for, and the error stops their scripts on the
# page. Namespaced, the attribute is out of their sight; browsers follow it as they follow href.
XLINK = "http://www.w3.org/1999/xlink"


@dataclass(frozen=True)
class Node:
    """An actor placed in a figure: `articles` is what its size shows (shared with the ego, or in the period)."""

    actor: Actor
    articles: int
    x: float
    y: float
    radius: float


class Tie(NamedTuple):
    """Two actors (slugs, in sorted order) named in `articles` of the same articles."""

    source: str
    target: str
    articles: int


@dataclass(frozen=True)
class Figure:
    """A laid-out network: its nodes, its ties and the size of its drawing."""

    nodes: tuple[Node, ...]
    ties: tuple[Tie, ...]
    width: int
    height: int


def count_ties(
    article_slugs: Iterable[str], actors_by_article: dict[str, list[str]], members: set[str]
) -> Counter:
    """(slug, slug) → articles naming both, for pairs of `members`, over the given articles; each pair in sorted
    order."""
    ties: Counter = Counter()
    for slug in article_slugs:
        present = members.intersection(
            actors_by_article.get(slug, ())
        )  # in C: a Python loop here tripled the time
        if len(present) > 1:
            ties.update(combinations(sorted(present), 2))
    return ties


def ties_among(
    view: ArchiveView, actor: Actor, alters: list[tuple[Actor, int]]
) -> list[tuple[tuple[str, str], int]]:
    """((slug, slug), articles) for each two of an actor's companions named together in the actor's articles,
    sorted: all an actor page's drawing takes beyond its co-occurrence list (so its signature holds it)."""
    members = {other.slug for other, _ in alters}
    return sorted(
        count_ties(
            view.articles_by_actor.get(actor.slug, ()), view.actors_by_article, members
        ).items()
    )


def ego_ties(view: ArchiveView, actor: Actor, alters: list[tuple[Actor, int]]) -> list[Tie]:
    """The ties of an ego network, sorted: the actor's own (its co-occurrence counts) and those among the others."""
    own = [
        Tie(min(actor.slug, other.slug), max(actor.slug, other.slug), count)
        for other, count in alters
    ]
    return sorted(own + [Tie(a, b, count) for (a, b), count in ties_among(view, actor, alters)])


def ego_figure(view: ArchiveView, actor: Actor, alters: list[tuple[Actor, int]]) -> Figure:
    """The actor in the middle and the others on a ring by rank, clockwise from the top."""
    width, height, ring = 720, 420, 140
    cx, cy = width / 2, height / 2
    peak = max((count for _, count in alters), default=1)
    nodes = [Node(actor, len(view.articles_by_actor.get(actor.slug, ())), cx, cy, 14.0)]
    for rank, (other, count) in enumerate(alters):
        angle = 2 * math.pi * rank / len(alters) - math.pi / 2
        x, y = cx + ring * math.cos(angle), cy + ring * math.sin(angle)
        nodes.append(Node(other, count, round(x, 1), round(y, 1), node_radius(count, peak)))
    return Figure(tuple(nodes), tuple(ego_ties(view, actor, alters)), width, height)


def node_radius(count: int, peak: int) -> float:
    """Area grows with the count: 5 to 13 units of radius."""
    return round(5 + 8 * math.sqrt(count / peak), 1) if peak else 5.0


def period_figure(view: ArchiveView, article_slugs: list[str]) -> Figure:
    """The MAIN_ACTORS actors named in most of the given articles and their MAIN_TIES strongest ties, laid out
    by force_layout."""
    counts: Counter = Counter()
    for slug in article_slugs:
        counts.update(view.actors_by_article.get(slug, ()))
    main = sorted(counts, key=lambda slug: (-counts[slug], view.actors[slug].name, slug))[
        :MAIN_ACTORS
    ]
    ties = count_ties(article_slugs, view.actors_by_article, set(main))
    strongest = sorted(ties.items(), key=lambda item: (-item[1], item[0]))[:MAIN_TIES]
    kept = [Tie(a, b, count) for (a, b), count in strongest]
    width, height = 800, 560
    places = force_layout(main, kept, width, height)
    peak = max((counts[slug] for slug in main), default=1)
    nodes = [
        Node(view.actors[slug], counts[slug], *places[slug], node_radius(counts[slug], peak))
        for slug in main
    ]
    return Figure(tuple(nodes), tuple(sorted(kept)), width, height)


def force_layout(
    slugs: list[str], ties: list[Tie], width: int, height: int, steps: int = LAYOUT_STEPS
) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold with a pull to the middle: nodes repel, ties pull (stronger ties harder), each step
    moving a node at most a cooling distance. Starts from a ring in the given order, rounded; uses no randomness,
    and past that ring only +, -, *, / and square roots, which IEEE 754 fixes exactly, so any platform gives the
    same positions."""
    n = len(slugs)
    if n == 0:
        return {}
    margin = 90
    inner_w, inner_h = width - 2 * margin, height - 2 * margin
    xs = [round(inner_w / 2 + inner_w / 2.5 * math.cos(2 * math.pi * i / n), 3) for i in range(n)]
    ys = [round(inner_h / 2 + inner_h / 2.5 * math.sin(2 * math.pi * i / n), 3) for i in range(n)]
    index = {slug: i for i, slug in enumerate(slugs)}
    peak = max((tie.articles for tie in ties), default=1)
    springs = [(index[t.source], index[t.target], 0.5 + t.articles / peak) for t in ties]
    k = math.sqrt(inner_w * inner_h / n) * SPACING
    heat = inner_w / 8
    for _ in range(steps):
        dx_all, dy_all = [0.0] * n, [0.0] * n
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = xs[i] - xs[j], ys[i] - ys[j]
                distance = math.sqrt(dx * dx + dy * dy) or 0.01
                push = k * k / distance / distance
                dx_all[i] += dx * push
                dy_all[i] += dy * push
                dx_all[j] -= dx * push
                dy_all[j] -= dy * push
        for i, j, strength in springs:
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            distance = math.sqrt(dx * dx + dy * dy) or 0.01
            pull = distance / k * strength * SPRING
            dx_all[i] -= dx * pull
            dy_all[i] -= dy * pull
            dx_all[j] += dx * pull
            dy_all[j] += dy * pull
        for i in range(
            n
        ):  # a weak pull to the middle keeps actors without ties from drifting to the edges
            dx_all[i] -= (xs[i] - inner_w / 2) * GRAVITY
            dy_all[i] -= (ys[i] - inner_h / 2) * GRAVITY
            length = math.sqrt(dx_all[i] * dx_all[i] + dy_all[i] * dy_all[i])
            if length:
                step = min(length, heat) / length
                xs[i] = min(inner_w, max(0.0, xs[i] + dx_all[i] * step))
                ys[i] = min(inner_h, max(0.0, ys[i] + dy_all[i] * step))
        heat *= 0.96
    return fit(slugs, xs, ys, width, height, margin)


def fit(
    slugs: list[str], xs: list[float], ys: list[float], width: int, height: int, margin: int
) -> dict[str, tuple[float, float]]:
    """Positions stretched to fill the drawing inside its margin, rounded to one decimal."""
    low_x, high_x, low_y, high_y = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = (high_x - low_x) or 1.0, (high_y - low_y) or 1.0
    places = {}
    for slug, x, y in zip(slugs, xs, ys):
        fx = margin + (x - low_x) / span_x * (width - 2 * margin) if high_x > low_x else width / 2
        fy = margin + (y - low_y) / span_y * (height - 2 * margin) if high_y > low_y else height / 2
        places[slug] = (round(fx, 1), round(fy, 1))
    return places


def label(name: str) -> str:
    return name if len(name) <= LABEL_CHARACTERS else name[: LABEL_CHARACTERS - 1].rstrip() + "…"


def svg(
    figure: Figure,
    page_url: str,
    title: str,
    description: str,
    centre: str = "",
    counted_in: str = "",
    language: str = SOURCE_LANGUAGE,
) -> Markup:
    """The figure as inline SVG: ties (wider for more shared articles) under nodes; each node but the `centre`
    actor's a link to its page with a title naming it, its type and its count, and a text label."""
    nodes = [
        node_svg(node, page_url, node.actor.slug == centre, counted_in, figure, language)
        for node in figure.nodes
    ]
    return Markup(
        f'<svg viewBox="0 0 {figure.width} {figure.height}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="{XLINK}">'
        f"<title>{escape_text(title)}</title><desc>{escape_text(description)}</desc>"
        f'{ties_svg(figure, centre)}<g class="annals-nodes">{"".join(nodes)}</g></svg>'
    )


def ties_svg(figure: Figure, centre: str) -> str:
    """The ties as one path per width (and one more for the centre's own ties), a segment per tie: a few bytes a
    tie where a <line> each took seventy."""
    places = {node.actor.slug: node for node in figure.nodes}
    peak = max((tie.articles for tie in figure.ties), default=1)
    segments: dict[tuple[bool, float], list[str]] = defaultdict(list)
    for tie in figure.ties:
        a, b = places[tie.source], places[tie.target]
        segments[(centre in (tie.source, tie.target), tie_width(tie.articles, peak))].append(
            f"M{number(a.x)} {number(a.y)}L{number(b.x)} {number(b.y)}"
        )
    own_class = ' class="annals-ego-tie"'
    paths = [
        f'<path{own_class if own else ""} stroke-width="{number(width)}" d="{"".join(parts)}"/>'
        for (own, width), parts in sorted(segments.items())
    ]
    return f'<g class="annals-ties">{"".join(paths)}</g>'


def tie_width(articles: int, peak: int) -> float:
    """1 to 5 units, in half units, growing with the articles a tie stands for."""
    return round(2 * (1 + 4 * articles / peak)) / 2


def number(value: float) -> str:
    """A coordinate as SVG needs it: one decimal at most, none when whole ('220', '88.8')."""
    return f"{value:.1f}".removesuffix(".0")


def node_svg(
    node: Node,
    page_url: str,
    is_centre: bool,
    counted_in: str,
    figure: Figure,
    language: str = SOURCE_LANGUAGE,
) -> str:
    """A node: its circle, coloured by type, and its label; a link titled with the name, type and count (the
    articles `counted_in`: ' with X', ' in 2019'), unless it is the centre of an ego network."""
    kind = type_label(node.actor.type, language)
    name = node.actor.name
    anchor, dx, dy = label_place(node, is_centre, figure)
    circle = f'<circle class="annals-{node.actor.type}" cx="{number(node.x)}" cy="{number(node.y)}" r="{number(node.radius)}"/>'
    anchored = f' text-anchor="{anchor}"' if anchor != "start" else ""
    text = f'<text x="{number(node.x + dx)}" y="{number(node.y + dy)}"{anchored}>{escape_text(label(name))}</text>'
    if is_centre:
        return f'<g class="annals-centre">{circle}{text}</g>'
    ngettext = translations(language).ngettext
    title = ngettext(
        "%(name)s (%(kind)s): %(num)d article",
        "%(name)s (%(kind)s): %(num)d articles",
        node.articles,
    ) % {"name": name, "kind": kind, "num": node.articles} + (counted_in and f" {counted_in}")
    href = relative_url(page_url, actor_url(node.actor.slug))
    return f'<a xlink:href="{href}"><title>{escape_text(title)}</title>{circle}{text}</a>'


def label_place(node: Node, is_centre: bool, figure: Figure) -> tuple[str, float, float]:
    """Where a label goes beside its node (text anchor, offset): below the centre; else left of nodes in the
    left part of the drawing, right of those in the right part, below or above those in the middle, so labels
    point away from the middle."""
    if is_centre:
        return "middle", 0.0, node.radius + 16
    if node.x < figure.width * 0.42:
        return "end", -(node.radius + 4), 4.0
    if node.x > figure.width * 0.58:
        return "start", node.radius + 4, 4.0
    return "middle", 0.0, (node.radius + 14) if node.y > figure.height / 2 else -(node.radius + 6)


def ego_network_svg(
    view: ArchiveView, actor: Actor, alters: list[tuple[Actor, int]], page_url: str
) -> Markup:
    """An actor page's ego network, as a figure with a caption; nothing for an actor named with no other."""
    alters = alters[:EGO_ALTERS]
    if not alters:
        return Markup("")
    figure = ego_figure(view, actor, alters)
    among = [tie for tie in figure.ties if actor.slug not in (tie.source, tie.target)]
    names = {node.actor.slug: node.actor.name for node in figure.nodes}
    strongest = sorted(among, key=lambda t: (-t.articles, t.source, t.target))[:3]
    _ = gettext_of(view.catalogue)
    described = "; ".join(
        _("%(first)s and %(second)s, %(num)d")
        % {"first": names[t.source], "second": names[t.target], "num": t.articles}
        for t in strongest
    )
    numbers = {"name": actor.name, "alters": len(alters), "pairs": len(among), "most": described}
    description = (
        _(
            "%(name)s in the middle, linked to the %(alters)d actors most often named in the same articles, the "
            "strongest at the top and clockwise; lines between them join those named together in articles naming "
            "%(name)s (%(pairs)d such pairs; the most: %(most)s)."
        )
        if described
        else _(
            "%(name)s in the middle, linked to the %(alters)d actors most often named in the same articles, the "
            "strongest at the top and clockwise; lines between them join those named together in articles naming "
            "%(name)s (%(pairs)d such pairs)."
        )
    ) % numbers
    caption = _(
        "Who is named with whom: the line to each actor is as wide as the articles they share with %(name)s; "
        "the numbers are in the list below."
    ) % {"name": actor.name}
    body = svg(
        figure,
        page_url,
        _("Network of %(name)s") % {"name": actor.name},
        description,
        centre=actor.slug,
        counted_in=_("with %(name)s") % {"name": actor.name},
        language=view.catalogue,
    )
    return Markup(
        f'<figure class="annals-network" data-search-exclude>{body}<figcaption>{escape_text(caption)}</figcaption></figure>'
    )


def years_of(view: ArchiveView) -> list[int]:
    return sorted({article.date.year for article in view.articles})


def period_url(year: int | None) -> str:
    return f"{NETWORK_URL}{year}/" if year else NETWORK_URL


def render_network_pages(view: ArchiveView) -> list[Page]:
    """/network/ for all years and /network/YYYY/ for each year, each linking to the others."""
    years = years_of(view)
    pages = []
    for year in [None, *years]:
        slugs = [a.slug for a in view.articles if year is None or a.date.year == year]
        pages.append(Page(period_url(year) + "index.md", network_page(view, year, years, slugs)))
    return pages


def network_page(
    view: ArchiveView, year: int | None, years: list[int], article_slugs: list[str]
) -> str:
    url = period_url(year)
    figure = period_figure(view, article_slugs)
    _ = gettext_of(view.catalogue)
    when = str(year) if year else _("all years")
    names = {node.actor.slug: node.actor.name for node in figure.nodes}
    strongest = sorted(figure.ties, key=lambda t: (-t.articles, t.source, t.target))
    description = _(
        "The %(nodes)d actors named in the most articles of %(when)s (%(articles)d articles), each as large as its "
        "count, and the %(ties)d strongest ties among them, as wide as the articles naming both."
    ) % {
        "nodes": len(figure.nodes),
        "when": when,
        "articles": len(article_slugs),
        "ties": len(figure.ties),
    }
    title = _("Network") if year is None else _("Network, %(year)d") % {"year": year}
    return front_matter(title, annals="network", search={"exclude": True}) + render_template(
        "network.md.j2",
        view.catalogue,
        title=title,
        when=when,
        periods=[
            (str(y) if y else _("All years"), relative_url(url, period_url(y)), y == year)
            for y in [None, *years]
        ],
        legend=[t for t in ACTOR_TYPES if any(node.actor.type == t for node in figure.nodes)],
        figure=svg(
            figure,
            url,
            _("Main actors and their ties, %(when)s") % {"when": when},
            description,
            counted_in=_("in %(when)s") % {"when": when},
            language=view.catalogue,
        )
        if figure.nodes
        else Markup(""),
        ties=[
            (
                names[t.source],
                relative_url(url, actor_url(t.source)),
                names[t.target],
                relative_url(url, actor_url(t.target)),
                t.articles,
            )
            for t in strongest[:TIES_LISTED]
        ],
        gexf=relative_url(url, "api/network.gexf.gz"),
    )
