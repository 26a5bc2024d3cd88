"""A mixed English/French archive of real Wikinews articles (tests/data/multilingual, CC BY 2.5), built end to end
(issue 22): each article read by its language's pipeline, one actor for a place named in both languages, French
people, places, titles and quotes; the same archive without a French pipeline, whose French articles are built and
searchable without mentions and counted in the build log; and as a French site, in French, whose English articles
say their language; both sites' search finding articles of either language."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "multilingual" / "seeds"
FRENCH = sorted(path.name for path in DATA.iterdir() if "-fr-" in path.name)
ENGLISH = sorted(path.name for path in DATA.iterdir() if "-en-" in path.name)
MENTION = 'class="annals-mention'
FRENCH_TITLES = (
    "Élection",
    "Discours",
    "WikiLeaks",
    "Allemagne",
)  # the first words of the French articles' titles


def build(
    root: Path,
    models: dict[str, str],
    language: str = "",
    options: str = "",
    more_seeds: tuple[Path, ...] = (),
    only: list[str] | None = None,
) -> tuple[Path, str]:
    """A new project holding the test archive (and `more_seeds`), built through the CLI with `models`, the theme's
    `language` if given and more plugin `options` (YAML lines), of `only` these of its files if given: its site
    folder and build log."""
    project = root / "archive"
    subprocess.run(
        [sys.executable, "-m", "generator", "new", str(project)], check=True, capture_output=True
    )
    for example in (project / "seeds").iterdir():
        example.unlink()
    for path in [
        *(DATA / name for name in only or sorted(p.name for p in DATA.iterdir())),
        *more_seeds,
    ]:
        shutil.copy(path, project / "seeds" / path.name)
    config = project / "mkdocs.yml"
    option = "      model: en_core_web_sm\n"
    theme = "  name: material\n"
    assert option in config.read_text("utf-8") and theme in config.read_text("utf-8")
    lines = "".join(f"        {language}: {model}\n" for language, model in models.items())
    config.write_text(
        config.read_text("utf-8")
        .replace(option, option + ("      models:\n" + lines if models else "") + options)
        .replace(theme, theme + (f"  language: {language}\n" if language else "")),
        "utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return project / "site", result.stderr


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory) -> Path:
    """The archive as an English site searched by Pagefind."""
    return build(
        tmp_path_factory.mktemp("bilingual"),
        {"fr": "fr_core_news_sm"},
        options="      search: pagefind\n",
    )[0]


@pytest.fixture(scope="module")
def bilingual_parted(tmp_path_factory) -> Path:
    """The same, its index split with two articles to a bundle: some bundles hold one language only."""
    return build(
        tmp_path_factory.mktemp("bilingual-parted"),
        {"fr": "fr_core_news_sm"},
        options="      search: pagefind\n      pagefind_split_above: 0\n"
        "      pagefind_articles_per_bundle: 2\n",
    )[0]


def test_bundles_of_one_language_are_named_to_the_search_box(bilingual_parted):
    """The box is told each bundle's languages, and some bundle lacks one: Pagefind would answer a language a
    bundle lacks from its other language's index, so that bundle must not be searched in it."""
    box = re.search(r"<pagefind-searchbox[^>]*>", html_of(bilingual_parted, "")).group(0)
    assert "data-split" in box and "articles-" not in box, box
    layout = json.loads((bilingual_parted / "pagefind" / "annals-bundles.json").read_text("utf-8"))
    parts = [" ".join(languages) for languages in layout["languages"]]
    folders = ["pagefind"] + [f"pagefind/articles-{n}" for n in range(2, len(parts) + 1)]
    for folder, languages in zip(folders, parts):
        entry = json.loads((bilingual_parted / folder / "pagefind-entry.json").read_text("utf-8"))
        assert sorted(entry["languages"]) == languages.split(), folder
    assert len(parts) > 2 and any(set(p.split()) != {"en", "fr"} for p in parts), parts


@pytest.fixture(scope="module")
def english_only(tmp_path_factory) -> tuple[Path, str]:
    return build(tmp_path_factory.mktemp("english-only"), {})


def entities(site: Path) -> dict[str, dict]:
    return {
        entity["slug"]: entity
        for entity in json.loads((site / "api" / "entities.json").read_text("utf-8"))
    }


def article_pages(site: Path) -> dict[str, str]:
    """Each article's page HTML by its title."""
    pages = {}
    for article in json.loads((site / "api" / "articles.json").read_text("utf-8")):
        pages[article["title"]] = (site / article["path"] / "index.html").read_text("utf-8")
    return pages


def page_text(site: Path, slug: str) -> str:
    """An actor page's text, tags stripped and spaces collapsed."""
    html = (site / "actors" / slug / "index.html").read_text("utf-8")
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def test_each_article_is_annotated_by_its_languages_pipeline():
    from generator.annotate import annotate_articles
    from generator.read import read_archive

    read = read_archive(DATA)
    annotations = annotate_articles(read.articles, models={"fr": "fr_core_news_sm"}, workers=1)
    declared = {article.path: article.lang for article in read.articles}
    assert {path: annotation.language for path, annotation in annotations.items()} == {
        **dict.fromkeys(FRENCH, "fr"),
        **dict.fromkeys(ENGLISH, "en"),
    }
    assert (
        sorted(path for path, lang in declared.items() if lang == "fr") != FRENCH
    )  # two are identified, not declared
    for path, annotation in annotations.items():
        labels = {entity.label for entity in annotation.entities}
        # The French pipeline's labels (PER, LOC, ORG, MISC) in French articles, OntoNotes' (PERSON, GPE, …) in English.
        if path in FRENCH:
            assert labels <= {"PER", "LOC", "ORG", "MISC"}, path
        else:
            assert {"PERSON", "GPE"} <= labels and not labels & {"PER", "MISC"}, path
        assert annotation.unannotated == ()
    assert all(
        "PER" in {e.label for e in annotations[path].entities}
        for path in FRENCH
        if "44939" not in path
    )


def test_a_place_named_in_english_and_in_french_is_one_actor(bilingual):
    found = entities(bilingual)
    united_states = found["united-states"]
    assert "États-Unis" in united_states["aliases"]
    articles = {
        a["slug"]: a["title"]
        for a in json.loads((bilingual / "api" / "articles.json").read_text("utf-8"))
    }
    titles = [articles[slug] for slug in united_states["articles"]]
    assert "WikiLeaks : l’Équateur accorde l'asile politique à Julian Assange" in titles
    assert "Germany bans Mahan Air of Iran, citing 'security'" in titles
    assert (
        "Royaume-Uni" in found["united-kingdom"]["aliases"]
        and "Équateur" in found["ecuador"]["aliases"]
    )
    assert not {"etats-unis", "royaume-uni", "equateur"} & set(found)
    text = page_text(bilingual, "united-states")
    assert (
        "Julian Assange n'est plus entré aux États-Unis" in text
        and "United States sanctions since 2011" in text
    )


def test_french_people_and_places_have_pages(bilingual):
    found = entities(bilingual)
    assert found["francois-hollande"]["type"] == "person" and found["nantes"]["type"] == "place"
    assert "programme de campagne de François Hollande" in page_text(bilingual, "francois-hollande")
    assert "l’ex-maire de Nantes" in page_text(bilingual, "nantes")
    # Barack Obama is one person in both languages.
    assert len(found["barack-obama"]["articles"]) >= 3


def test_french_titles_are_taken_off_names(bilingual):
    found = entities(bilingual)
    # 'M. Ayrault' and 'le président Obama', as the French pipeline finds them, are Ayrault and Obama; 'J-M
    # Ayrault', which it labels MISC, is the same person by his initials.
    ayrault = [
        (entity["name"], entity["aliases"], entity["mentions"])
        for entity in found.values()
        if "Ayrault" in entity["name"] and entity["type"] == "person"
    ]
    assert ayrault == [("J-M Ayrault", ["Ayrault"], 3)]
    people = {entity["name"] for entity in found.values() if entity["type"] == "person"}
    assert "Mitt Romney" in people and not [
        name for name in people if re.match(r"(M\.|Mme|président|ministre) ", name)
    ]


def test_french_quotes_go_to_their_speakers(bilingual):
    obama = page_text(bilingual, "barack-obama")
    assert "“Je suis honoré d’avoir le soutien du maire de New York”— déclaré" in obama
    romney = page_text(bilingual, "mitt-romney")
    assert (
        "Le président Obama a promis le changement" in romney
        and "Le président Obama a promis" not in obama
    )


def test_without_a_french_pipeline_french_articles_are_built_and_searchable_without_mentions(
    english_only,
):
    site, log = english_only
    assert "annals: 5 articles in a language with no pipeline, built without mentions: 5 fr" in log
    assert re.search(r"annals: \d+ paragraphs left unannotated: \d+ fr", log)
    pages = article_pages(site)
    assert len(pages) == len(FRENCH) + len(ENGLISH)
    in_french = [title for title in pages if title.startswith(FRENCH_TITLES)]
    assert len(in_french) == len(FRENCH)
    for title, html in pages.items():
        assert (MENTION in html) == (title not in in_french), title
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "Je suis honoré d’avoir le soutien du maire de New York" in texts
    assert "ayrault" not in entities(site) and "francois-hollande" not in entities(site)


# --- issue 22, point 3: a site in French ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def french_site(tmp_path_factory) -> Path:
    """The bilingual archive and the repo's seed article as a French site (theme.language: fr), searched by
    Pagefind."""
    from conftest import SEED

    return build(
        tmp_path_factory.mktemp("french-site"),
        {"fr": "fr_core_news_sm"},
        language="fr",
        options="      search: pagefind\n",
        more_seeds=(SEED,),
    )[0]


def html_of(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def test_a_french_site_says_annals_own_words_in_french(french_site):
    home = html_of(french_site, "")
    assert '<html lang="fr"' in home
    assert '<h2 id="latest">Derniers articles</h2>' in home and "Parcourez-les par" in home
    nav = re.findall(r'class="md-nav__link">\s*<span class="md-ellipsis">\s*([^<]*?)\s*<', home)
    assert {"Dates", "Acteurs", "Réseau"} <= set(nav) and "<title>Accueil - " in home, nav
    actors = html_of(french_site, "actors")
    assert "<h1>Acteurs</h1>" in actors and "Personnes" in actors and "Lieux" in actors
    obama = html_of(french_site, "actors/barack-obama")
    for words in ("<dt>Mentions</dt>", "<dt>Vu pour la première fois</dt>", "Souvent nommé avec"):
        assert words in obama, words
    search = html_of(french_site, "search")
    assert '<label for="annals-search-q">Mots</label>' in search
    assert 'data-say-prompt="Tapez des mots' in search
    assert '<h1 id="page-not-found">Page introuvable</h1>' in (french_site / "404.html").read_text(
        "utf-8"
    )
    english = [
        "Latest articles",
        "Actors in this article",
        "Also written as",
        "First seen",
        "Often named with",
    ]
    for page in (home, actors, obama, *article_pages(french_site).values()):
        assert not [words for words in english if words in page]


def test_a_french_sites_dates_are_french_and_its_urls_do_not_change(french_site):
    month = html_of(french_site, "dates/2012/08")
    assert "<h1>août 2012</h1>" in month
    assert '<th scope="col">lun.</th>' in month and '<th scope="col">dim.</th>' in month
    assert "<h1>17 août 2012</h1>" in html_of(french_site, "dates/2012/08/17")
    assert '<a href="08/">août</a>' in html_of(french_site, "dates/2012")
    pages = article_pages(french_site)
    assert (
        '<time datetime="2019-01-23">23 janvier 2019</time>'
        in (pages["Germany bans Mahan Air of Iran, citing 'security'"])
    )


def test_english_articles_in_a_french_site_carry_their_language(french_site):
    pages = article_pages(french_site)
    english = [title for title in pages if not title.startswith(FRENCH_TITLES)]
    assert len(english) == len(ENGLISH) + 1  # and the repo's seed article
    for title, html in pages.items():
        assert '<html lang="fr"' in html
        opening = (
            '<article class="annals-article" lang="en">'
            if title in english
            else '<article class="annals-article">'
        )
        assert opening in html, title


def fragment_languages(site: Path) -> dict[str, str]:
    """The language of the index each page of the first bundle and of the articles' other bundles is in, by URL:
    Pagefind names a page's fragment after its index's language ('fr_….pf_fragment')."""
    found = {}
    folders = [site / "pagefind", *(site / "pagefind").glob("articles-*")]
    for path in (p for folder in folders for p in (folder / "fragment").glob("*.pf_fragment")):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        found[fragment["url"]] = path.name.split("_")[0]
    return found


def test_pagefind_indexes_each_article_in_its_language_and_annals_pages_in_the_sites(
    bilingual, french_site
):
    for site, language in ((bilingual, "en"), (french_site, "fr")):
        entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
        assert sorted(entry["languages"]) == ["en", "fr"]
        articles = {
            f"/{a['path'].strip('/')}/": a["title"]
            for a in json.loads((site / "api" / "articles.json").read_text("utf-8"))
        }
        english = len(ENGLISH) + (
            language == "fr"
        )  # the French site holds the repo's seed article too
        languages = fragment_languages(site)
        in_french = {url for url, lang in languages.items() if lang == "fr" and url in articles}
        assert sorted(articles[url].split()[0] for url in in_french) == sorted(
            title.split()[0] for title in articles.values() if title.startswith(FRENCH_TITLES)
        )
        assert entry["languages"]["fr"]["page_count"] == (
            len(FRENCH) if language == "en" else len(languages) - english
        )
        # Actor pages and Annals' own pages are in the site's language.
        assert {lang for url, lang in languages.items() if url not in articles} == {language}
        box = re.search(r"<pagefind-searchbox[^>]*>", html_of(site, "")).group(0)
        assert f'data-languages="en fr" data-language="{language}"' in box


def test_a_site_in_one_language_says_nothing_of_languages_to_its_search_box(tmp_path):
    site = build(
        tmp_path,
        {},
        options="      search: pagefind\n",
        only=ENGLISH,
    )[0]
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["en"]
    assert "data-languages" not in html_of(site, "")


# An inflected form of a word of one French article and of one English article, each in no page of the archive as
# typed (only its language's stemmer leads from one form to the other), with the form the article has.
INFLECTED = {
    # French 'prévoir': the English stemmer leaves both forms as they are.
    "prévoyait": ("prévoit", "Allemagne"),
    # English 'suspend': the French stemmer leaves both forms as they are.
    "suspending": ("suspended", "Germany"),
}


@pytest.mark.parametrize("site_name", ["bilingual", "french_site", "bilingual_parted"])
def test_the_sites_search_finds_articles_by_their_languages_inflections_once(
    site_name, request, browser
):
    from test_search import search_box, search_page_results, wait_for_results

    from conftest import open_page, serve_site

    site = request.getfixturevalue(site_name)
    articles = json.loads((site / "api" / "articles.json").read_text("utf-8"))
    url, stop = serve_site(site)
    try:
        for typed, (written, title) in INFLECTED.items():
            pages = {
                article["path"]: (site / article["path"] / "index.html").read_text("utf-8").lower()
                for article in articles
            }
            assert not [path for path, html in pages.items() if typed in html]
            having = [a for a in articles if written in pages[a["path"]]]
            assert [article["title"].split()[0] for article in having] == [title], written
            link = f"/{having[0]['path'].strip('/')}/"
            context, page = open_page(browser, f"{url}search/?q={typed}")
            assert search_page_results(page, {link}) == [link]
            search_box(page).fill(typed)
            assert wait_for_results(page, {link}) == [link]
            context.close()
    finally:
        stop()


@pytest.mark.parametrize("site_name", ["bilingual", "bilingual_parted"])
def test_the_search_page_sorted_by_date_interleaves_the_languages_articles(
    site_name, request, browser
):
    from test_search import SEARCH_PAGE_SHOWN

    from conftest import open_page, serve_site

    bilingual = request.getfixturevalue(site_name)

    articles = json.loads((bilingual / "api" / "articles.json").read_text("utf-8"))
    naming = {
        f"/{a['path'].strip('/')}/": a["date"] for a in articles if "barack-obama" in a["entities"]
    }
    url, stop = serve_site(bilingual)
    try:
        for order, newest_first in (("newest", True), ("oldest", False)):
            context, page = open_page(browser, f"{url}search/?q=obama&sort={order}")
            page.wait_for_function(
                "() => document.querySelector('[data-annals-search]').dataset.state === 'done'"
            )
            shown = page.evaluate(SEARCH_PAGE_SHOWN)
            context.close()
            assert set(shown) == set(naming) and len(shown) == len(naming)
            assert [naming[link] for link in shown] == sorted(naming.values(), reverse=newest_first)
            languages = fragment_languages(bilingual)
            assert {languages[link] for link in shown} == {"en", "fr"}
    finally:
        stop()


def test_a_french_sites_doubts_page_and_feeds_are_in_french(french_site):
    doubts = json.loads((french_site / "api" / "doubts.json").read_text("utf-8"))
    assert doubts  # the data stays in English, as the terminal says it
    page = " ".join(
        unescape(re.sub(r"<[^>]+>", " ", html_of(french_site, "actors/doubts"))).split()
    )
    said_in_french = {
        "fragment": "Si ce n’est pas un acteur, ignorez-le.",
        "near-duplicate": "S’ils sont un seul acteur, fusionnez-les.",
        "type": "Confirmez ou corrigez le type.",
        "surname": "fusionnez-le plutôt avec celui-là.",
        "low-confidence": "lui ont été rattachées avec une confiance moyenne",
    }
    kinds = {doubt["kind"] for doubt in doubts}
    for kind in kinds:
        assert said_in_french[kind] in page, kind
    english = (
        "If it is no actor",
        "If they are one actor",
        "Confirm or correct",
        "merge it",
        "mention)",
    )
    assert not [words for words in english if words in page]
    feed = (french_site / "feed.xml").read_text("utf-8")
    assert "Les derniers articles de " in feed and "Articles : " in feed
    assert re.search(r"\d+ nouveaux? acteurs?|\d+ nouvel acteur", feed)
    obama = (french_site / "actors" / "barack-obama" / "feed.xml").read_text("utf-8")
    assert "qui mentionnent Barack Obama." in obama
    for words in ("The latest articles", "Articles:", "First seen", "new actor", "that mention"):
        assert words not in feed + obama, words
