"""Merging within one article, end to end on real Wikinews articles: read, annotated by the spaCy model and resolved
by the real pipeline, as a build does.

- A surname alone joins the full name the article introduced: "Donald Trump", then "Trump", is one actor.
- An acronym joins the organisation the article spells out before it in brackets, "the World Health Organization
  (WHO)", then "WHO": one actor, even when the model takes the bracket into the name's span.

Each article's later mentions are checked where the text has them, so a mention left to an actor of its own (a
`trump` page beside `donald-trump`, an `nhc` page beside `national-hurricane-center`) fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.names import make_slug

from conftest import build_seed_files

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")

# 2020/2020-07-02-iran-issues-arrest-warrants-for-36-people-including-us-president-trump-seeks-int.txt:
#   "... demanded from Interpol to publish a red notice for US president Donald Trump."
#   "... adding Iran will pursue the prosecution of Trump even after he ends serving as president of the US. Among the
#   36 arrest warrants, Trump's was the only identity disclosed."
TRUMP_ARTICLE = "2020/2020-07-02-iran-issues-arrest-warrants-for-36-people-including-us-president-trump-seeks-int.txt"
TRUMP_LATER = ["the prosecution of Trump even after", "Trump's was the only identity disclosed"]

# (file, the name spelled out, its acronym, a later sentence naming it by the acronym alone)
ACRONYM_ARTICLES = [
    # "... the National Hurricane Center (NHC) reported Hurricane Dorian in the Caribbean had strengthened ..."
    # The model tags 'National Hurricane Center (NHC' as one span.
    (
        "2019/2019-09-01-hurricane-dorian-strengthens-to-category-5-makes-landfall-in-the-bahamas.md",
        "National Hurricane Center",
        "NHC",
        "The NHC also warned of potential flash floods",
    ),
    # "On Wednesday, the World Health Organization (WHO) declared the ongoing outbreak of COVID-19 ... to be a pandemic."
    (
        "2020/2020-03-14-world-health-organization-declares-covid-19-pandemic.txt",
        "World Health Organization",
        "WHO",
        "the WHO noted the need to drive governments to action",
    ),
    # "The Scottish National Party (SNP) gained 13 seats and Liberal Democrats lost 10."
    (
        "2019/2019-12-16-conservative-party-wins-majority-in-2019-uk-general-election.md",
        "Scottish National Party",
        "SNP",
        "Jo Swinson was defeated in Dunbartonshire East by an SNP candidate",
    ),
    # "... an international coalition to counter the Islamic State (ISIS)." Its initials are not 'ISIS'.
    (
        "2020/2020-01-06-iraqi-parliament-votes-for-expulsion-of-united-states-troops.txt",
        "Islamic State",
        "ISIS",
        "The coalition came to Iraq to fight ISIS",
    ),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The articles above, copied into a seeds folder and built by the real pipeline (model en_core_web_sm)."""
    root = tmp_path_factory.mktemp("merging")
    files = [CORPUS / name for name in [TRUMP_ARTICLE, *(row[0] for row in ACRONYM_ARTICLES)]]
    return build_seed_files(root, files).archive, root / "pages"


def article_from(archive, name: str):
    (article,) = [a for a in archive.articles if a.path.endswith(Path(name).name)]
    return article


def actors_named_in(archive, article, text: str) -> dict[str, list]:
    """slug → the actor's mentions in `article` whose text is `text`."""
    found = {
        a.slug: [m for m in a.mentions if m.article == article.slug and m.text == text]
        for a in archive.actors
    }
    return {slug: mentions for slug, mentions in found.items() if mentions}


def start_in(article, sentence: str, word: str) -> int:
    return article.text.index(sentence) + re.search(rf"\b{word}\b", sentence).start()


def test_a_lone_surname_joins_the_full_name_the_article_introduced(built):
    archive, pages = built
    article = article_from(archive, TRUMP_ARTICLE)
    assert set(actors_named_in(archive, article, "Donald Trump")) == {"donald-trump"}
    assert set(actors_named_in(archive, article, "Trump")) == {"donald-trump"}
    trump = next(a for a in archive.actors if a.slug == "donald-trump")
    starts = {m.start for m in trump.mentions if m.article == article.slug}
    for sentence in TRUMP_LATER:
        assert start_in(article, sentence, "Trump") in starts, sentence
    # Every 'Trump' of the file counts towards Donald Trump, and no page is made for the surname.
    written = (CORPUS / TRUMP_ARTICLE).read_text("utf-8")
    assert len(starts) == len(re.findall(r"\bTrump\b", written)) == 3
    assert not any(a.slug == "trump" or a.name == "Trump" for a in archive.actors)
    assert (pages / "actors" / "donald-trump.md").is_file() and not (
        pages / "actors" / "trump.md"
    ).exists()


@pytest.mark.parametrize(
    "name, full, acronym, later", ACRONYM_ARTICLES, ids=[row[2] for row in ACRONYM_ARTICLES]
)
def test_an_acronym_joins_the_organisation_spelled_out_before_it(built, name, full, acronym, later):
    archive, pages = built
    article = article_from(archive, name)
    written = (CORPUS / name).read_text("utf-8")
    assert f"{full} ({acronym})" in written
    slug = make_slug(full)
    assert set(actors_named_in(archive, article, full)) == {slug}
    assert set(actors_named_in(archive, article, acronym)) == {slug}
    actor = next(a for a in archive.actors if a.slug == slug)
    assert actor.name == full and actor.type == "organization"
    assert start_in(article, later, acronym) in {
        m.start for m in actor.mentions if m.article == article.slug
    }
    # No page for the acronym alone, nor for the name with its bracket.
    assert not any(a.name == acronym or f"({acronym}" in a.name for a in archive.actors), [
        a.name for a in archive.actors if acronym in a.name
    ]
    assert (pages / "actors" / f"{slug}.md").is_file() and not (
        pages / "actors" / f"{make_slug(acronym)}.md"
    ).exists()
