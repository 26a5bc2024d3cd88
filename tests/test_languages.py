"""The rules that read names and reported speech in French as in English (generator/languages.py and its users): on
sentences of the real French Wikinews articles in tests/data/multilingual, read by the French pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import knowledge
from generator.annotate import find_quotes, load_pipeline, quoted_spans
from generator.resolve import without_title

SEEDS = Path(__file__).resolve().parent / "data" / "multilingual" / "seeds"


def sentence_of(name: str, beginning: str) -> str:
    """The paragraph of a test article that starts with `beginning`, as written there."""
    text = (SEEDS / name).read_text("utf-8")
    return next(paragraph for paragraph in text.split("\n\n") if paragraph.startswith(beginning))


@pytest.fixture(scope="module")
def french():
    return load_pipeline("fr_core_news_sm").nlp


def quotes_of(nlp, text: str) -> list[tuple[str, str, str]]:
    """(speaker, verb, the quote's first words) of each quote found in `text`."""
    return [
        (text[q.speaker_start : q.speaker_end], q.verb, text[q.start : q.end].strip()[:30])
        for q in find_quotes(nlp(text), 0)
    ]


@pytest.mark.parametrize(
    "name, beginning, expected",
    [
        # The inverted incise: the verb after the quote, its speaker after the verb (the parser gives it no subject).
        (
            "2012-11-01-fr-45626.md",
            "« Je suis honoré",
            [("Barack Obama", "déclaré", "Je suis honoré d’avoir le sout")],
        ),
        # The parser takes 'bilan', a word of the quote, for the verb's subject: the name after the verb speaks.
        (
            "2012-11-02-fr-45643.md",
            "« Le président Obama a promis",
            [
                ("Mitt Romney", "déclaré", "Le président Obama a promis le"),
                ("il", "promis", "nouveau départ"),
            ],
        ),
        (
            "2012-11-02-fr-45643.md",
            "« Nous avons appris",
            [("président Obama", "réjoui", "Nous avons appris que les entr")],
        ),
    ],
)
def test_french_quotes_are_given_to_their_speakers(french, name, beginning, expected):
    assert quotes_of(french, sentence_of(name, beginning)) == expected


# Sentences of two more articles of the same French Wikinews corpus (documents/44959.html and 45712.html, CC BY 2.5).
HEAT = (
    "Selon Météo France, « L'épisode de températures caniculaires s'étendra ce dimanche vers le Nord-Est. Les "
    "températures sont également élevées sur les départements en jaune »."
)
FACTORY = (
    "Selon le nouveau directeur du site de Jababeka David Quentin, « les machines et les salariés tournent en trois "
    "équipes et produisent depuis peu 500 références de produits de soins pour les cheveux et pour la peau »."
)


def test_selon_gives_the_quote_to_the_name_it_introduces(french):
    assert quotes_of(french, HEAT) == [("Météo France", "selon", "L'épisode de températures cani")]
    speaker, verb, _ = quotes_of(french, FACTORY)[0]
    assert verb == "selon" and speaker in ("directeur", "David Quentin")


def test_a_quote_inside_a_quote_with_the_same_marks_is_part_of_it():
    text = (
        sentence_of("2012-11-02-fr-45643.md", "« Le président Obama")
        + " « On a constaté 261 cas de « réelle » fraude, pour 2 millions d’euros »."
    )
    spans = [text[s:e].strip() for s, e in quoted_spans(text)]
    assert spans[-1] == "On a constaté 261 cas de « réelle » fraude, pour 2 millions d’euros"
    german = "„Er sagte „nein“ und ging“, sagte sie."
    assert [german[s:e] for s, e in quoted_spans(german)] == ["Er sagte „nein“ und ging"]
    unbalanced = "« ouvert « sans fin » et puis"  # no mark balances the first: it closes at the first, as before
    assert [unbalanced[s:e] for s, e in quoted_spans(unbalanced)] == [" ouvert « sans fin "]


def test_english_quotes_are_still_found_as_before():
    nlp = load_pipeline("en_core_web_sm").nlp
    text = "Kremlin spokesperson Dmitry Peskov labeled the decision as “not the steps aimed at de-escalating tensions.”"
    assert quotes_of(nlp, text) == [("Dmitry Peskov", "labeled", "not the steps aimed at de-esca")]
    # A capitalised speech verb is part of a name ('Secretary of State'), never an incise.
    pompeo = "“The airline transports weapons,” according to a tweet on Monday by US Secretary of State Mike Pompeo."
    assert quotes_of(nlp, pompeo) == []


@pytest.mark.parametrize(
    "surface, label, language, expected",
    [
        ("M. Ayrault", "PER", "fr", "Ayrault"),
        ("Mme Aubry", "PER", "fr", "Aubry"),
        ("président Obama", "PER", "fr", "Obama"),
        (
            "la ministre Christiane Taubira",
            "PER",
            "fr",
            "la ministre Christiane Taubira",
        ),  # 'la' opens no title
        ("ministre Christiane Taubira", "PER", "fr", "Christiane Taubira"),
        ("Dr Martisius", "ORG", "fr", "Martisius"),
        # In English 'M.' is an initial and 'Me' a word: only French articles take them for titles.
        ("M. Night Shyamalan", "PERSON", "en", "M. Night Shyamalan"),
        ("Me Too", "ORG", "en", "Me Too"),
        ("Me Too", "ORG", "fr", "Too"),
    ],
)
def test_titles_and_honorifics_of_the_articles_language_are_taken_off(
    surface, label, language, expected
):
    body = f"Hier, {surface} a parlé."
    start = body.index(surface)
    span = without_title(body, start, start + len(surface), surface, label, language)
    assert span is not None and span[2] == expected and body[span[0] : span[1]] == expected


@pytest.mark.parametrize(
    "name, country",
    [
        ("États-Unis", "United States"),
        ("Etats-Unis", "United States"),
        ("Allemagne", "Germany"),
        ("Royaume-Uni", "United Kingdom"),
        ("Russie", "Russia"),
        ("Équateur", "Ecuador"),
        ("Corée du Sud", "South Korea"),
        ("Liban", "Lebanon"),
        ("Afrique", "Africa"),
    ],
)
def test_french_names_of_countries_and_continents_are_known(name, country):
    place = knowledge.lookup_place(name)
    assert place is not None and place.name == country


def test_french_country_names_that_are_given_names_or_cities_are_left_out():
    assert knowledge.lookup_place("Maurice") is None  # Mauritius in French, and a common given name
    salvador = knowledge.lookup_place("Salvador")
    assert (
        salvador is not None and salvador.kind == "city"
    )  # the Brazilian city, not El Salvador ('le Salvador')
    assert (
        knowledge.lookup_place("Germany").name == "Germany"
        and knowledge.lookup_place("Georgia").kind == "country"
    )
