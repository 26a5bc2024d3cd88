"""A mixed English/French archive of real Wikinews articles (tests/data/multilingual, CC BY 2.5), built end to end
(issue 22, points 1, 2 and 4): each article read by its language's pipeline, one actor for a place named in both
languages, French people, places, titles and quotes; and the same archive without a French pipeline, whose French
articles are built and searchable without mentions and counted in the build log."""

from __future__ import annotations

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


def build(root: Path, models: dict[str, str]) -> tuple[Path, str]:
    """A new project holding the test archive, built through the CLI with `models`: its site folder and build log."""
    project = root / "archive"
    subprocess.run(
        [sys.executable, "-m", "generator", "new", str(project)], check=True, capture_output=True
    )
    for example in (project / "seeds").iterdir():
        example.unlink()
    for path in DATA.iterdir():
        shutil.copy(path, project / "seeds" / path.name)
    config = project / "mkdocs.yml"
    option = "      model: en_core_web_sm\n"
    assert option in config.read_text("utf-8")
    lines = "".join(f"        {language}: {model}\n" for language, model in models.items())
    config.write_text(
        config.read_text("utf-8").replace(
            option, option + ("      models:\n" + lines if models else "")
        ),
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
    return build(tmp_path_factory.mktemp("bilingual"), {"fr": "fr_core_news_sm"})[0]


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
    # 'M. Ayrault' and 'le président Obama', as the French pipeline finds them, are Ayrault and Obama.
    assert found["ayrault"]["type"] == "person" and "M. Ayrault" not in found["ayrault"]["aliases"]
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
    in_french = [
        title
        for title in pages
        if title.startswith(("Élection", "Discours", "WikiLeaks", "Allemagne"))
    ]
    assert len(in_french) == len(FRENCH)
    for title, html in pages.items():
        assert (MENTION in html) == (title not in in_french), title
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "Je suis honoré d’avoir le soutien du maire de New York" in texts
    assert "ayrault" not in entities(site) and "francois-hollande" not in entities(site)
