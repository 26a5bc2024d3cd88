"""Networks a reader can see (generator/network.py): the ego network on an actor page and /network/ by year, built
from real Wikinews articles of 2019 and 2020; checked against counts taken independently from api/articles.json,
for the same bytes whatever order files are read in, and with hostile names escaped."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from collections import Counter
from itertools import combinations
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from generator import network
from generator.model import Actor, Archive, Article, Block, Mention
from generator.pipeline import BuildSettings, build_archive
from generator.render import ArchiveView

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
ARTICLES = [
    "2019/2019-01-04-nancy-pelosi-again-elected-speaker-as-116th-u-s-congress-sworn-in.md",
    "2019/2019-01-06-senator-ted-cruz-proposes-amendment-to-u-s-constitution-setting-congressional-te.md",
    "2019/2019-01-07-president-trump-says-he-can-and-may-put-us-into-state-of-emergency-to-build-bord.md",
    "2019/2019-02-21-sixteen-states-sue-u-s-president-trump-to-stop-declaration-of-emergency-for-bord.md",
    "2020/2020-01-05-united-states-military-kills-qasem-soleimani.txt",
    "2020/2020-01-15-u-s-house-to-decide-on-submitting-articles-of-impeachment-to-senate.txt",
    "2020/2020-02-14-2020-united-states-presidential-election-trump-sanders-win-new-hampshire-primari.txt",
]
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")


def build(root: Path, order: list[str]) -> Path:
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    for name in order:
        shutil.copy(CORPUS / name, seeds / Path(name).name)
    settings = BuildSettings(
        seeds=seeds,
        entities=root / "entities.yml",
        model="en_core_web_sm",
        cache_dir=root / "cache",
        pages_dir=root / "pages",
    )
    build_archive(settings)
    return root / "pages"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("network"), ARTICLES)


def figure_svg(markdown_text: str) -> ET.Element:
    """The first network figure's <svg> of a generated page, parsed as XML (which it must be)."""
    start = markdown_text.index("<svg", markdown_text.index('<figure class="annals-network"'))
    return ET.fromstring(
        markdown_text[start : markdown_text.index("</svg>", start) + len("</svg>")]
    )


def node_links(svg: ET.Element) -> list[tuple[str, str]]:
    """(href, title) of each linked node, in drawing order."""
    return [(a.get(f"{XLINK}href"), a.find(f"{SVG}title").text) for a in svg.iter(f"{SVG}a")]


def articles_json(pages: Path) -> list[dict]:
    return json.loads((pages / "api" / "articles.json").read_text("utf-8"))


def test_the_ego_network_shows_the_co_occurrence_list_with_its_numbers(pages):
    text = (pages / "actors" / "donald-trump.md").read_text("utf-8")
    svg = figure_svg(text)
    links = node_links(svg)
    chips = text[text.index('id="together"') :].split("</ul>", 1)[0]
    listed = re.findall(
        r'href="([^"]+)">([^<]*)</a> <span class="annals-count">(\d+) article', chips
    )
    assert len(links) == min(len(listed), network.EGO_ALTERS) >= 5
    for (href, title), (chip_href, name, count) in zip(links, listed):
        assert href == chip_href  # same actors, same order, same links
        name, count = html.unescape(name), int(count)
        plural = "" if count == 1 else "s"
        assert title.startswith(name + " (") and title.endswith(
            f"): {count} article{plural} with Donald Trump"
        )
    assert (
        svg.find(f"{SVG}title").text == "Network of Donald Trump"
        and "Donald Trump in the middle" in svg.find(f"{SVG}desc").text
    )


def test_ties_among_the_others_count_the_articles_naming_all_three(pages):
    """Lines between two of Trump's companions are drawn, as wide as the articles naming Trump and both; the count
    is taken here from api/articles.json, apart from the code that drew them."""
    articles = [a for a in articles_json(pages) if "donald-trump" in a["entities"]]
    svg = figure_svg((pages / "actors" / "donald-trump.md").read_text("utf-8"))
    places = {}
    for a in svg.iter(f"{SVG}a"):
        circle = a.find(f"{SVG}circle")
        places[(circle.get("cx"), circle.get("cy"))] = (
            a.get(f"{XLINK}href").strip("./").split("/")[-1]
        )
    centre = svg.find(f".//{SVG}g[@class='annals-centre']/{SVG}circle")
    places[(centre.get("cx"), centre.get("cy"))] = "donald-trump"
    drawn = Counter()
    widths = {}
    for path in svg.iter(f"{SVG}path"):
        for x1, y1, x2, y2 in re.findall(r"M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)", path.get("d")):
            pair = tuple(sorted((places[(x1, y1)], places[(x2, y2)])))
            drawn[pair] += 1
            widths[pair] = float(path.get("stroke-width"))
    members = set(places.values())
    expected = Counter()
    for article in articles:
        expected.update(combinations(sorted(members & set(article["entities"])), 2))
    assert set(drawn) == set(expected) and set(drawn.values()) == {1}
    among = [pair for pair in expected if "donald-trump" not in pair]
    assert among, "no ties among Trump's companions in these articles"
    strongest = max(expected.values())
    for pair, count in expected.items():
        assert widths[pair] == round(2 * (1 + 4 * count / strongest)) / 2  # 1 to 5, in half units


def test_the_network_page_has_all_years_and_each_year_with_links_between_them(pages):
    index = (pages / "network" / "index.md").read_text("utf-8")
    assert (
        'href="2019/"' in index
        and 'href="2020/"' in index
        and 'aria-current="page"><strong>All years' in index
    )
    year = (pages / "network" / "2020" / "index.md").read_text("utf-8")
    assert (
        'href="../"' in year
        and 'href="../2019/"' in year
        and 'aria-current="page"><strong>2020' in year
    )
    assert '<span class="annals-key annals-person">' in year  # the legend names the types drawn


def test_a_years_network_draws_its_main_actors_and_strongest_ties_from_that_year(pages):
    articles = [a for a in articles_json(pages) if a["date"].startswith("2020")]
    svg = figure_svg((pages / "network" / "2020" / "index.md").read_text("utf-8"))
    counts = Counter(slug for article in articles for slug in article["entities"])
    entities = {
        e["slug"]: e for e in json.loads((pages / "api" / "entities.json").read_text("utf-8"))
    }
    main = sorted(counts, key=lambda slug: (-counts[slug], entities[slug]["name"], slug))[
        : network.MAIN_ACTORS
    ]
    links = node_links(svg)
    assert [href for href, _ in links] == [f"../../actors/{slug}/" for slug in main]
    for (_, title), slug in zip(links, main):
        assert title.endswith(f": {counts[slug]} article{'' if counts[slug] == 1 else 's'} in 2020")
    ties = Counter(
        pair
        for article in articles
        for pair in combinations(sorted(set(main) & set(article["entities"])), 2)
    )
    listed = (
        (pages / "network" / "2020" / "index.md")
        .read_text("utf-8")
        .split('class="annals-ties-list"', 1)[1]
    )
    strongest = sorted(ties.items(), key=lambda item: (-item[1], item[0]))
    first, second = strongest[0][0]
    assert (
        listed.split("</li>", 1)[0].count("href=") == 2
        and f"actors/{first}/" in listed.split("</li>", 1)[0]
    )
    assert (
        f"actors/{second}/" in listed.split("</li>", 1)[0]
        and f"{strongest[0][1]} article" in listed.split("</li>", 1)[0]
    )
    segments = sum(path.get("d").count("M") for path in svg.iter(f"{SVG}path"))
    assert segments == min(len(ties), network.MAIN_TIES)


def test_the_same_articles_read_in_another_order_give_the_same_bytes(pages, tmp_path):
    again = build(tmp_path, list(reversed(ARTICLES)))
    for path in [
        "network/index.md",
        "network/2019/index.md",
        "network/2020/index.md",
        "actors/donald-trump.md",
    ]:
        assert (again / path).read_bytes() == (pages / path).read_bytes(), path


def test_an_ego_network_stays_small(pages):
    figures = [
        text.split('<figure class="annals-network"', 1)[1].split("</figure>", 1)[0]
        for text in (p.read_text("utf-8") for p in (pages / "actors").glob("*.md"))
        if "annals-network" in text
    ]
    assert len(figures) > 10
    assert max(map(len, figures)) < 6_000  # 13 nodes, all tied, long names: a small part of a page


def test_an_actor_of_one_article_lists_its_companions_without_a_drawing(pages):
    """Named in one article, an actor shares just that article with each companion: the list says it all."""
    named_in = Counter(slug for a in articles_json(pages) for slug in a["entities"])
    once = [
        slug
        for slug, count in sorted(named_in.items())
        if count == 1 and 'id="together"' in (pages / "actors" / f"{slug}.md").read_text("utf-8")
    ]
    assert len(once) > 100
    for slug in once:
        text = (pages / "actors" / f"{slug}.md").read_text("utf-8")
        assert "annals-network" not in text and '<ul class="annals-chips"' in text
    twice = next(slug for slug, count in sorted(named_in.items()) if count > 1)
    assert "annals-network" in (pages / "actors" / f"{twice}.md").read_text("utf-8")


def hostile_archive() -> Archive:
    """Three actors named together in one article, one with a name that is markup and hidden characters."""
    body = "Alice Smith met Bob Jones in Paris."
    names = [
        ("alice-smith", "<script>alert(1)</script>\u202e Alice", "person", 0, 11),
        ("bob-jones", "Bob & Jones", "person", 16, 25),
        ("paris", "Paris", "place", 29, 34),
    ]
    actors = tuple(
        Actor(
            slug, name, kind, (), (Mention("a", start, end, body[start:end], "PERSON", body, slug),)
        )
        for slug, name, kind, start, end in names
    )
    article = Article(
        "a",
        dt.date(2020, 1, 2),
        "A meeting",
        "",
        "",
        "",
        body,
        (Block("paragraph", 0, len(body)),),
        "a.txt",
    )
    return Archive((article,), actors)


def test_names_in_the_svg_are_escaped_text():
    view = ArchiveView(hostile_archive())
    bob = view.actors["bob-jones"]
    drawn = network.ego_network_svg(view, bob, view.co_occurring(bob), "actors/bob-jones/")
    assert (
        "<script>" not in drawn and "&lt;script&gt;alert(1)&lt;/script&gt;&lt;U+202E&gt;" in drawn
    )
    assert "Bob &amp; Jones" in drawn
    svg = figure_svg(str(drawn))  # well-formed: names cannot open an element
    assert {href for href, _ in node_links(svg)} == {"../alice-smith/", "../paris/"}
    page = network.render_network_pages(view)[0].content
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_the_force_layout_is_repeatable_and_stays_inside_the_drawing():
    slugs = [f"actor-{i}" for i in range(network.MAIN_ACTORS)]
    ties = [network.Tie(slugs[i], slugs[j], 1 + (i * j) % 5) for i, j in combinations(range(12), 2)]
    first = network.force_layout(slugs, ties, 800, 560)
    assert first == network.force_layout(slugs, ties, 800, 560)
    for x, y in first.values():
        assert 90 <= x <= 710 and 90 <= y <= 470 and round(x, 1) == x and round(y, 1) == y
    assert len(set(first.values())) == len(slugs)  # no two actors on one spot
