"""The pages a reader comes for, on a site built from real articles: actor pages (timeline, co-occurring actors,
quotes, folded appearances), article pages (legend, related, previous/next, source), indexes, calendars, home."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
SEED = REPO / "seeds" / "000_e2b6ca9178d6fb5e.txt"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")


def corpus_files_naming(name: str, count: int) -> list[Path]:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and name in p.read_text("utf-8"))
    return sorted(files, key=lambda p: p.stat().st_size)[:count]


def build_site(root: Path, seeds: list[Path]) -> Path:
    """A new project under `root` holding only `seeds`, built through the CLI; its site folder."""
    project = root / "archive"
    subprocess.run(
        [sys.executable, "-m", "generator", "new", str(project)], check=True, capture_output=True
    )
    for example in (project / "seeds").iterdir():
        example.unlink()
    for path in seeds:
        shutil.copy(path, project / "seeds" / path.name)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(
        tmp_path_factory.mktemp("pages"), corpus_files_naming("Donald Trump", 13) + [SEED]
    )


# Real articles chosen so that several days have more than one: three on 2019-02-11, two on each of five other days
# (one more than the home page lists), and one alone on its day.
BUSY_DAY_ARTICLES = [
    "2019/2019-02-11-bishop-emeritus-dinualdo-gutierrez-of-marbel-philippines-dies.md",
    "2019/2019-02-11-pioneering-oceanographer-walter-munk-dies-of-pneumonia-in-california.md",
    "2019/2019-02-11-thai-political-party-withdraws-nomination-of-princess-for-prime-minister.md",
    "2019/2019-07-23-four-teenagers-shot-at-pennsylvania-graduation-party.md",
    "2019/2019-07-23-tropical-depression-three-of-2019-approaches-florida-before-dissipating.md",
    "2019/2019-09-12-sitting-tongan-prime-minister-akilisi-pohiva-dies-aged-78.md",
    "2019/2019-09-12-us-president-trump-ousts-national-security-advisor-bolton.md",
    "2020/2020-03-15-bernie-sanders-wins-2020-northern-mariana-islands-us-democratic-presidential-cau.txt",
    "2020/2020-03-15-native-american-groups-sue-us-state-of-montana-over-ballot-law.txt",
    "2020/2020-06-11-burundi-president-pierre-nkurunziza-dies-aged-55.txt",
    "2020/2020-06-11-police-arrest-twelve-after-explosives-kill-jackal-in-tamil-nadu-india.txt",
    "2020/2020-11-07-turkish-government-stops-search-of-survivors-of-aegean-sea-earthquake-off-izmir.txt",
    "2020/2020-11-07-joe-biden-projected-us-president-elect.txt",
    "2019/2019-01-05-escape-room-fire-kills-five-teen-girls-in-koszalin-poland.md",
]


@pytest.fixture(scope="module")
def busy_site(tmp_path_factory) -> Path:
    return build_site(
        tmp_path_factory.mktemp("busy"), [CORPUS / name for name in BUSY_DAY_ARTICLES]
    )


def date_in_file(path: Path) -> str:
    """The article's date as its file states it: `date: "YYYY-MM-DD"` in front matter, or ` date YYYY-MM-DD` first."""
    text = path.read_text("utf-8")
    found = (
        re.match(r'---\n(?:.*\n)*?date: *"?(\d{4}-\d\d-\d\d)"?\n', text)
        if path.suffix == ".md"
        else re.match(r"\s*date (\d{4}-\d\d-\d\d) ", text)
    )
    assert found, path
    return found.group(1)


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8")


def entities(site: Path) -> dict[str, dict]:
    return {e["slug"]: e for e in json.loads((site / "api" / "entities.json").read_text("utf-8"))}


def test_actor_timeline_is_an_inline_svg_with_a_bar_per_month(site):
    trump = entities(site)["donald-trump"]
    page = read(site, "actors/donald-trump")
    figure = page[page.index('<figure class="annals-timeline"') :]
    svg = figure[: figure.index("</svg>")]
    titles = re.findall(r"<title>([^<]+): (\d+) mentions?</title>", svg)
    assert sum(int(n) for _, n in titles) == trump["mentions"]
    assert titles[0][0] != titles[-1][0]  # spans months
    assert all(
        int(n) for _, n in titles
    )  # an empty month is a gap: a bar of no height shows nothing
    assert (
        "<script" not in page[page.index('<div class="annals-actor') : page.index('id="articles"')]
    )
    assert 'role="img"' in svg and "aria-label=" in svg


def test_co_occurring_actors_are_linked_with_counts(site):
    page = read(site, "actors/donald-trump")
    section = page[page.index('id="together"') : page.index('id="articles"')]
    pairs = re.findall(
        r'href="\.\./([^/]+)/">[^<]+</a> <span class="annals-count">(\d+) articles?</span>', section
    )
    assert pairs, section[:500]
    known = entities(site)
    trump_articles = set(known["donald-trump"]["articles"])
    for slug, count in pairs:
        assert int(count) == len(trump_articles & set(known[slug]["articles"])), slug
    assert [int(c) for _, c in pairs] == sorted((int(c) for _, c in pairs), reverse=True)


def test_an_actor_of_one_article_lists_who_it_is_named_with_and_its_day_once(site):
    """Named in one article, an actor shares just that one with everyone it is named with, and was first and last
    seen that day: the page says each once, in its facts, rather than once per row."""
    known = entities(site)
    slug = next(
        s
        for s, e in sorted(known.items())
        if len(e["articles"]) == 1
        and any(o != s and e["articles"][0] in other["articles"] for o, other in known.items())
    )
    page = read(site, f"actors/{slug}")
    assert re.search(r"<dt>Mentions</dt><dd>\d+ in 1 article</dd>", page)
    assert "<dt>First seen</dt>" in page and "<dt>Last seen</dt>" not in page
    section = page[page.index('id="together"') : page.index('id="articles"')]
    named_with = re.findall(
        r'<li><a class="annals-mention annals-\w+" href="\.\./([^/]+)/">', section
    )
    assert named_with and "annals-count" not in section
    article = known[slug]["articles"][0]
    assert all(article in known[other]["articles"] for other in named_with)
    # An actor of several articles on several days keeps both dates and a count per row.
    trump = read(site, "actors/donald-trump")
    assert "<dt>Last seen</dt>" in trump and 'class="annals-count"' in trump


def test_quote_goes_to_the_speaker_not_the_people_spoken_about(site):
    peskov = read(site, "actors/dmitry-peskov")
    assert "not the steps aimed at de-escalating tensions" in peskov[peskov.index('id="quotes"') :]
    for other in ("united-states", "nato"):
        assert (
            "not the steps aimed at de-escalating"
            not in read(site, f"actors/{other}").split('id="articles"')[0]
        )


def test_older_appearances_are_listed_one_line_each_with_their_mentions(site):
    """The newest articles naming an actor show their sentences; older ones are a line each (date, title, the
    actor's mentions in it), and every one is there, with the numbers of api/mentions.csv.gz."""
    trump = entities(site)["donald-trump"]
    assert len(trump["articles"]) > 10
    page = read(site, "actors/donald-trump")
    appearances = page[page.index('id="articles"') :]
    assert appearances.count('class="annals-appearance"') == 10
    assert "<mark title=" in appearances
    listed = appearances[appearances.index('<ol class="annals-article-list">') :]
    lines = re.findall(
        r'<li><time datetime="([\d-]+)">[^<]+</time> <a href="[^"]*/([^/"]+)/">[^<]+</a> '
        r'<span class="annals-count">(\d+) mentions?</span></li>',
        listed,
    )
    assert len(lines) == len(trump["articles"]) - 10
    dates = re.findall(r'<p class="annals-byline"><time datetime="([\d-]+)"', appearances)
    assert dates + [date for date, _, _ in lines] == sorted(
        dates + [date for date, _, _ in lines], reverse=True
    )  # newest first
    with gzip.open(site / "api" / "mentions.csv.gz", "rt", encoding="utf-8", newline="") as file:
        per_article = Counter(
            row["article_slug"]
            for row in csv.DictReader(file)
            if row["actor_slug"] == "donald-trump"
        )
    assert {slug: int(count) for _, slug, count in lines} == {
        slug: per_article[slug] for _, slug, _ in lines
    }


def test_article_page_has_legend_related_and_sequence_links(site):
    articles = sorted(
        json.loads((site / "api" / "articles.json").read_text("utf-8")),
        key=lambda a: (a["date"], a["slug"]),
    )
    middle = articles[len(articles) // 2]
    page = read(site, middle["path"].rstrip("/"))
    legend = page[page.index('class="annals-legend"') :]
    legend = legend[: legend.index("</p>")]
    assert "Person" in legend and "Place" in legend
    index = articles.index(middle)
    assert (
        'rel="prev">← ' in page
        and articles[index - 1]["path"].split("/")[-2] in page.split('rel="prev"')[0][-400:]
    )
    assert (
        articles[index + 1]["path"].split("/")[-2]
        in page[page.index('class="annals-next"') - 300 :]
    )
    related = page[page.index('id="annals-related-heading"') :]
    assert "in common" in related
    if middle["url"]:
        assert f'href="{middle["url"]}"' in page


def test_actors_index_by_type_by_mentions_and_a_to_z(site):
    page = read(site, "actors")
    assert 'id="by-type"' in page and 'id="most-mentioned"' in page and 'id="a-z"' in page
    top = page[page.index('id="most-mentioned"') : page.index('id="a-z"')]
    counts = [int(n) for n in re.findall(r'<span class="annals-count">(\d+) mentions', top)]
    assert counts == sorted(counts, reverse=True) and counts[0] == max(
        e["mentions"] for e in entities(site).values()
    )
    letters = re.findall(r'<h3 id="letter-([a-z]+|other)">', page)
    assert letters == sorted(letters, key=lambda letter: (letter == "other", letter))


def test_month_is_a_calendar_and_year_counts_every_month(site):
    articles = json.loads((site / "api" / "articles.json").read_text("utf-8"))
    year, month, day = articles[0]["date"].split("-")
    calendar = read(site, f"dates/{year}/{month}")
    table = calendar[calendar.index('<table class="annals-calendar"') : calendar.index("</table>")]
    assert table.count("<tr>") >= 5  # header + at least four weeks
    assert f'href="../../{year}/{month}/{day}/"' in table or f'href="{day}/"' in table
    year_page = read(site, f"dates/{year}")
    assert len(re.findall(r"<tr><td>", year_page)) == 12
    in_year = sum(1 for a in articles if a["date"].startswith(year))
    assert sum(int(n) for n in re.findall(r"</td><td>(\d+)</td><td><span", year_page)) == in_year


def test_home_shows_the_latest_month_and_its_most_mentioned_actors(site):
    home = (site / "index.html").read_text("utf-8")
    articles = json.loads((site / "api" / "articles.json").read_text("utf-8"))
    latest = max(a["date"] for a in articles)
    assert (
        "Most mentioned in <a" in home and dt.date.fromisoformat(latest).strftime("%B %Y") in home
    )
    assert 'id="latest"' in home


def test_home_lists_the_busiest_days_counted_from_the_seed_files(busy_site):
    # Counted here from the files' own dates; the five days with most articles (more than one), ties newest first.
    per_day = Counter(date_in_file(CORPUS / name) for name in BUSY_DAY_ARTICLES)
    expected = sorted(
        ((day, n) for day, n in per_day.items() if n > 1),
        key=lambda item: (-item[1], -dt.date.fromisoformat(item[0]).toordinal()),
    )[:5]
    assert expected == [
        ("2019-02-11", 3),
        ("2020-11-07", 2),
        ("2020-06-11", 2),
        ("2020-03-15", 2),
        ("2019-09-12", 2),
    ]
    home = (busy_site / "index.html").read_text("utf-8")
    assert '<h2 id="busiest">Busiest days</h2>' in home
    section = home[home.index('id="busiest"') :]
    section = section[: section.index("</ul>")]
    listed = re.findall(
        r'<li><a href="([^"]+)"><time datetime="([\d-]+)">[^<]+</time></a> <span class="annals-count">(\d+) articles</span></li>',
        section,
    )
    assert [(day, int(count)) for _, day, count in listed] == expected
    for href, day, count in listed:
        assert href == "dates/" + day.replace("-", "/") + "/"
        day_page = (busy_site / href / "index.html").read_text("utf-8")
        assert len(re.findall(r'href="\.\./\.\./\.\./\.\./articles/', day_page)) == int(count), day


def test_search_indexes_articles_and_actor_names_but_not_repeated_contexts(site):
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("articles/") for loc in locations)
    assert any(loc.startswith("actors/donald-trump/") for loc in locations)
    # Index and date pages only repeat titles; actor pages' contexts repeat article text: neither is indexed.
    assert not any(loc.startswith("dates/") or loc in ("", "actors/") for loc in locations)
    trump = " ".join(
        doc["text"] for doc in index["docs"] if doc["location"].startswith("actors/donald-trump/")
    )
    assert "Person" in trump and "<mark" not in trump and "Often named with" not in trump


def test_the_palette_script_is_material_s_own_loaded_from_one_file(site):
    """Material's palette script, which every page ran inline, is one file every page loads (in the same place,
    so it still runs before the page is drawn); a Material upgrade that changes the script fails here."""
    import material

    partial = Path(material.__file__).parent / "templates/partials/javascripts/palette.html"
    script = re.search(r"<script>(.*)</script>", partial.read_text("utf-8")).group(1)
    assert (site / "assets/annals/palette.js").read_text("utf-8").strip() == script
    for page in ("actors/donald-trump", "dates", ""):
        html = read(site, page) if page else (site / "index.html").read_text("utf-8")
        assert script not in html
        header = html[html.index("<header") : html.index("</header>")]
        # The toggle's form is written by the script before it (chrome.py), then Material's script reads it.
        assert re.search(
            r'<script src="(\.\./)*assets/annals/palette-form\.js"></script>\n'
            r'<script src="(\.\./)*assets/annals/palette\.js"></script>',
            header,
        )
        assert (
            "__tabbed_" not in html
        )  # Material's content-tab script, for tabs no generated page has


def test_the_scope_script_is_material_s_own_loaded_from_one_file(site):
    """Material's head script (its storage helpers and the site's scope) is one file every page loads in the same
    place, the scope taken from the file's own address, which is the site's root two folders up."""
    import material

    partial = Path(material.__file__).parent / "templates/partials/javascripts/base.html"
    script = re.search(r"<script>(.*)</script>", partial.read_text("utf-8")).group(1)
    ours = script.replace(
        '"{{ config.extra.scope | d(base_url) }}",location', '"../..",document.currentScript.src'
    )
    assert ours != script
    assert (site / "assets/annals/scope.js").read_text("utf-8").strip() == ours
    for page in ("actors/donald-trump", "dates", ""):
        html = read(site, page) if page else (site / "index.html").read_text("utf-8")
        head = html[: html.index("</head>")]
        assert "__md_scope" not in html
        assert re.search(r'<script src="(\.\./)*assets/annals/scope\.js"></script>', head)


def palette_form(site) -> str:
    """The form assets/annals/palette-form.js writes, its sprite's address (the script's folder's) as SPRITE."""
    script = (site / "assets/annals/palette-form.js").read_text("utf-8")
    found = re.search(r'insertAdjacentHTML\("beforebegin", ("[^\n]*")\.split\(("[^"]*")\)', script)
    return json.loads(found.group(1)).replace(json.loads(found.group(2)), "SPRITE")


def test_the_palette_form_is_material_s_written_by_one_shared_script(site):
    """Every page loads the toggle's form from one script (chrome.py) where Material writes it: the same
    inputs and labels Material's partial makes from the config, a tag a line, and nothing that can end the
    script's string."""
    script = (site / "assets/annals/palette-form.js").read_text("utf-8")
    assert "<" not in script.split("insertAdjacentHTML", 1)[1]  # every '<' of the form escaped
    form = palette_form(site)
    assert form.startswith('<form class="md-header__option" data-md-component="palette">\n')
    assert form.endswith("\n</form>") and "\n\n" not in form
    inputs = re.findall(r"<input [^>]*>", form)
    assert [re.search(r'data-md-color-scheme="([^"]+)"', i).group(1) for i in inputs] == [
        "default",
        "slate",
    ]
    assert re.findall(r'<label [^>]*title="([^"]+)" for="(__palette_\d)" hidden>', form) == [
        ("Switch to dark mode", "__palette_1"),
        ("Switch to light mode", "__palette_0"),
    ]


def test_the_logo_and_palette_icons_are_drawn_from_one_sprite(site):
    """The logo (twice) and the palette toggles are a <use> of a symbol in assets/annals/icons.svg, the same
    shapes Material would write inline into every page."""
    import material

    icons = Path(material.__file__).parent / "templates/.icons/material"
    sprite = (site / "assets/annals/icons.svg").read_text("utf-8")
    for name in ("library", "menu", "brightness-7", "brightness-4"):
        shape = re.search(r"<svg[^>]*>(.*)</svg>", (icons / f"{name}.svg").read_text("utf-8"))
        assert (
            f'<symbol id="material-{name}" viewBox="0 0 24 24">{shape.group(1)}</symbol>' in sprite
        )
    for page in ("actors/donald-trump", "dates", ""):
        html = read(site, page) if page else (site / "index.html").read_text("utf-8")
        depth = "../" * page.count("/") + ("../" if page else "")
        uses = re.findall(r'<svg viewBox="0 0 24 24"><use xlink:href="([^"]+)"/></svg>', html)
        assert uses.count(f"{depth}assets/annals/icons.svg#material-library") == 2  # header, drawer
        assert 'data-md-component="palette"' not in html  # written by palette-form.js, below
    form = palette_form(site)
    uses = re.findall(r'<svg viewBox="0 0 24 24"><use xlink:href="([^"]+)"/></svg>', form)
    assert uses == ["SPRITE#material-brightness-7", "SPRITE#material-brightness-4"]
    assert "<path" not in form


@pytest.mark.parametrize(
    "partial, theirs, ours",
    [
        (
            "logo.html",
            '  {% include ".icons/" ~ icon ~ ".svg" %}\n',
            '  {% include "partials/annals-icon.html" %}\n',
        ),
        (
            "palette.html",
            '        {% include ".icons/" ~ option.toggle.icon ~ ".svg" %}\n',
            '        {% set icon = option.toggle.icon %}\n        {% include "partials/annals-icon.html" %}\n',
        ),
    ],
)
def test_our_logo_and_palette_partials_are_materials_with_only_the_icon_drawn_from_the_sprite(
    partial, theirs, ours
):
    """The theme's copies of Material's partials change only how the icon is drawn (the palette's is
    annals-palette-form.html, which palette-form.js writes into the page); when Material is upgraded this says
    whether a copy must be refreshed."""
    import material

    from generator.plugin import THEME_DIR

    material_text = (Path(material.__file__).parent / "templates/partials" / partial).read_text(
        "utf-8"
    )
    assert material_text.count(theirs) == 1
    body = lambda text: text.split("-#}\n", 1)[1]  # noqa: E731  (each file opens with its own comment)
    ours_name = "annals-palette-form.html" if partial == "palette.html" else partial
    copy = (Path(THEME_DIR) / "partials" / ours_name).read_text("utf-8")
    assert body(copy) == body(material_text.replace(theirs, ours))


def test_generated_listing_pages_skip_markdown_and_keep_the_navs_titles(tmp_path):
    """Every generated page but home reaches MkDocs as a GeneratedPage (its HTML passed through, not parsed by
    Markdown again: the actors index is megabytes), those the nav names with the nav's title."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import get_navigation

    from generator.sitepages import GeneratedPage, add_generated_files, nav_titles

    nav = [
        {"Accueil": "index.md"},
        {"Tout le monde": [{"Les acteurs": "actors/index.md"}, "network/index.md"]},
        "dates/index.md",
    ]
    assert nav_titles(nav) == {
        "index.md": "Accueil",
        "actors/index.md": "Les acteurs",
        "network/index.md": None,
        "dates/index.md": None,
    }
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", "utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.nav = nav
    paths = [
        "index.md",
        "actors/index.md",
        "network/index.md",
        "dates/index.md",
        "actors/x/index.md",
    ]
    files = Files([])
    add_generated_files(files, paths, str(tmp_path / "pages"), config)
    pages = {path: files.get_file_from_path(path).page for path in paths}
    assert pages["index.md"] is None  # the home page holds the project's own Markdown
    assert all(isinstance(pages[path], GeneratedPage) for path in paths[1:])
    navigation = get_navigation(files, config)
    section = navigation.items[1]
    assert [item.title for item in section.children][:1] == ["Les acteurs"]
    assert section.children[0] is pages["actors/index.md"]


def test_generated_page_content_is_read_again_not_held_unless_a_plugin_changed_it(tmp_path):
    """MkDocs renders every page before it writes any: a generated page's content, as its file gives it, is not
    held meanwhile but passed through again from the file when the page is written (a file changed in between
    fails the build by name); a content or a source a plugin gave is kept as given."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import Files

    from generator.sitepages import add_generated_files, markdown_passthrough

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", "utf-8")
    pages_dir = tmp_path / "pages"
    html = '<div class="annals-actor">\n<h1 id="a">Ada &amp; Co</h1>\n\n  \n<p>Named\ttwice.</p>\n</div>\n'
    for name in ("x", "y", "z"):
        (pages_dir / "actors" / name).mkdir(parents=True)
        (pages_dir / "actors" / name / "index.md").write_text(
            f"---\nannals: actor\n---\n{html}", "utf-8"
        )

    class Rewrites(BasePlugin):
        def on_page_read_source(self, page, config):
            return "---\nannals: actor\n---\n<p>given</p>" if "/z/" in page.file.src_uri else None

        def on_page_content(self, content, page, config, files):
            return content.replace("Named", "Said") if "/y/" in page.file.src_uri else content

    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins["rewrites"] = Rewrites()
    files = Files([])
    paths = [f"actors/{name}/index.md" for name in ("x", "y", "z")]
    add_generated_files(files, paths, str(pages_dir), config)
    pages = [files.get_file_from_path(path).page for path in paths]
    for page in pages:  # as MkDocs' build populates a page
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )
        page.render(config, files)
        page.content = config.plugins.on_page_content(
            page.content, page=page, config=config, files=files
        )
    x, y, z = pages
    assert x.meta == {"annals": "actor"}
    assert x.content == markdown_passthrough(html) and "\t" not in x.content
    assert y.content == markdown_passthrough(html).replace("Named", "Said")
    assert z.content == "<p>given</p>"
    for name in ("x", "y", "z"):
        (pages_dir / "actors" / name / "index.md").write_text(
            "---\nannals: actor\n---\n<p>new</p>", "utf-8"
        )
    assert y.content.startswith('<div class="annals-actor">') and z.content == "<p>given</p>"
    with pytest.raises(PluginError, match="actors/x/index.md changed during the build"):
        str(x.content)
    x.content = ""  # written: what finish_page leaves
    assert x.content == ""


def test_generated_pages_and_files_get_every_attribute_when_made_and_share_their_anchors(tmp_path):
    """MkDocs holds every page and file to the end of the build: CPython keeps an object's attributes compactly only
    if it has them all when made (a page given more while populated cost 0.8 kB more, a file 0.6 kB), so a generated
    page gets none while MkDocs reads and renders it; pages with the same anchors share one set, and a file's
    absolute paths, worked out when asked for, are as MkDocs' own and can still be set."""
    import os

    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files

    from generator.sitepages import GeneratedFile, add_generated_files

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", "utf-8")
    pages_dir = tmp_path / "pages"
    for name in ("x", "y", "z"):
        (pages_dir / "actors" / name).mkdir(parents=True)
        anchors = '<h2 id="together">W</h2><h2 id="articles">A</h2>' if name != "z" else ""
        (pages_dir / "actors" / name / "index.md").write_text(
            f"---\nannals: actor\ntitle: {name.upper()}\n---\n<div>{anchors}</div>\n", "utf-8"
        )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = Files([])
    paths = [f"actors/{name}/index.md" for name in ("x", "y", "z")] + ["actors/x/feed.xml"]
    add_generated_files(files, paths, str(pages_dir), config)
    made = [files.get_file_from_path(path) for path in paths]
    pages = [file.page for file in made[:3]]
    names_when_made = [list(vars(page)) for page in pages]
    for page in pages:  # as MkDocs' build populates a page
        page.read_source(config)
        page.render(config, files)
    assert [list(vars(page)) for page in pages] == names_when_made
    x, y, z = pages
    assert x.meta == {"annals": "actor", "title": "X"} and x.title == "X"
    assert x.present_anchor_ids == {"together", "articles"} and z.present_anchor_ids == set()
    assert x.present_anchor_ids is y.present_anchor_ids
    assert x.meta["annals"] is y.meta["annals"]
    for file in made:
        plain = File(file.src_uri, str(pages_dir), config.site_dir, config.use_directory_urls)
        assert isinstance(file, GeneratedFile)
        assert (file.name, file.dest_uri, file.url) == (plain.name, plain.dest_uri, plain.url)
        assert (file.abs_src_path, file.abs_dest_path) == (plain.abs_src_path, plain.abs_dest_path)
    assert made[3].abs_src_path == os.path.normpath(pages_dir / "actors/x/feed.xml")
    made[3].abs_src_path = None  # what MkDocs does to a file given its content
    made[3].abs_dest_path = str(tmp_path / "elsewhere.xml")
    assert made[3].abs_src_path is None and made[3].abs_dest_path == str(tmp_path / "elsewhere.xml")
