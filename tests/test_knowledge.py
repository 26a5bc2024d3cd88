"""Tests for generator.knowledge: places and demonyms as news text writes them, and the words and people that must
not pass for places."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import knowledge
from generator.knowledge import (
    KINDS,
    Place,
    country_of_demonym,
    known_place_names,
    lookup_place,
    us_state_of_code,
)
from generator.names import name_key

REPO = Path(__file__).resolve().parents[1]

UNITED_STATES = Place("United States", "country", "US")
UNITED_KINGDOM = Place("United Kingdom", "country", "GB")
RUSSIA = Place("Russia", "country", "RU")
KYIV = Place("Kyiv", "city", "UA")


@pytest.mark.parametrize(
    "surface",
    [
        "the United States",
        "United States",
        "U.S.",
        "US",
        "USA",
        "U.S.A.",
        "United States of America",
        "America",
        "America's",
    ],
)
def test_every_way_news_names_the_united_states(surface):
    assert lookup_place(surface) == UNITED_STATES


@pytest.mark.parametrize(
    "surface", ["United Kingdom", "the UK", "U.K.", "Britain", "Great Britain", "Britain’s"]
)
def test_every_way_news_names_the_united_kingdom(surface):
    assert lookup_place(surface) == UNITED_KINGDOM


@pytest.mark.parametrize(
    "surface", ["Russia", "Russian Federation", "the Russian Federation", "Russia’s"]
)
def test_russia_by_its_common_and_its_iso_name(surface):
    assert lookup_place(surface) == RUSSIA


@pytest.mark.parametrize(
    "surface, name",
    [
        ("Iran", "Iran"),
        ("Islamic Republic of Iran", "Iran"),
        ("Syrian Arab Republic", "Syria"),
        ("South Korea", "South Korea"),
        ("Republic of Korea", "South Korea"),
        ("North Korea", "North Korea"),
        ("Viet Nam", "Vietnam"),
        ("Taiwan", "Taiwan"),
        ("Bolivia", "Bolivia"),
        ("Venezuela", "Venezuela"),
        ("Tanzania", "Tanzania"),
        ("Moldova", "Moldova"),
        ("Lao People's Democratic Republic", "Laos"),
        ("Czech Republic", "Czechia"),
        ("Czechia", "Czechia"),
        ("Turkey", "Turkey"),
        ("Türkiye", "Turkey"),
        ("Ukraine", "Ukraine"),
        ("Germany", "Germany"),
        ("China", "China"),
        ("Holland", "Netherlands"),
        ("the Netherlands", "Netherlands"),
        ("Burma", "Myanmar"),
        ("Kosovo", "Kosovo"),
    ],
)
def test_countries_have_their_common_english_name(surface, name):
    place = lookup_place(surface)
    assert place is not None and place.kind == "country" and place.name == name, (surface, place)


def test_kiev_and_kyiv_are_the_same_city():
    assert lookup_place("Kyiv") == lookup_place("Kiev") == KYIV


@pytest.mark.parametrize(
    "surface, name, country",
    [
        ("Moscow", "Moscow", "RU"),
        ("Washington", "Washington", "US"),
        ("Washington, D.C.", "Washington", "US"),
        ("London", "London", "GB"),
        ("Odessa", "Odesa", "UA"),
        ("Kharkov", "Kharkiv", "UA"),
        ("Mariupol", "Mariupol", "UA"),
        ("Sevastopol", "Sevastopol", "UA"),
        ("Gaza City", "Gaza", "PS"),
        ("Tel Aviv", "Tel Aviv", "IL"),
        ("Jerusalem", "Jerusalem", "IL"),
        ("Beijing", "Beijing", "CN"),
        ("Istanbul", "Istanbul", "TR"),
        ("Paris", "Paris", "FR"),
        ("Berlin", "Berlin", "DE"),
        ("New York City", "New York City", "US"),
    ],
)
def test_cities_by_name_and_by_respelling(surface, name, country):
    assert lookup_place(surface) == Place(name, "city", country)


def test_hong_kong_is_known_as_the_iso_territory_it_is():
    place = lookup_place("Hong Kong")
    assert place is not None and place.name == "Hong Kong" and place.country == "HK"


@pytest.mark.parametrize(
    "surface, name, country",
    [
        ("Crimea", "Crimea", "UA"),
        ("Avtonomna Respublika Krym", "Crimea", "UA"),
        ("Texas", "Texas", "US"),
        ("California", "California", "US"),
        ("Virginia", "Virginia", "US"),
        ("New York", "New York", "US"),
        ("Bavaria", "Bavaria", "DE"),
        ("Scotland", "Scotland", "GB"),
        ("Quebec", "Quebec", "CA"),
    ],
)
def test_regions(surface, name, country):
    assert lookup_place(surface) == Place(name, "region", country)


@pytest.mark.parametrize(
    "surface, name",
    [
        ("Calif.", "California"),
        ("Ore.", "Oregon"),
        ("Ill.", "Illinois"),
        ("N.J.", "New Jersey"),
        ("Md.", "Maryland"),
        ("Tex.", "Texas"),
        ("W.Va.", "West Virginia"),
    ],
)
def test_a_states_abbreviation_as_news_writes_it_names_the_state(surface, name):
    """spaCy's English tokenizer exceptions give each such word its state's name ('Portland, Ore.'); those it keeps
    whole with no name ('Baltimore, Md.') are the rest of the same traditional list."""
    assert lookup_place(surface) == Place(name, "region", "US")


@pytest.mark.parametrize(
    "code, name", [("TX", "Texas"), ("MO", "Missouri"), ("NC", "North Carolina")]
)
def test_a_postal_code_names_its_state(code, name):
    assert us_state_of_code(code) == Place(name, "region", "US")


@pytest.mark.parametrize("code", ["GA", "WA", "DC", "Tx", "TEX", "US", ""])
def test_a_code_of_a_state_whose_name_means_another_place_or_of_no_state_names_none(code):
    """As 'Ga.' and 'Wash.': 'Georgia' is the country and 'Washington' the capital; 'DC' is what follows
    'Washington, '; only the two capitals of the postal code."""
    assert us_state_of_code(code) is None


@pytest.mark.parametrize("surface", ["Ga.", "Wash.", "Calif", "PA", "Va", "LA", "Jan."])
def test_abbreviations_whose_name_means_another_place_or_no_state_are_no_state(surface):
    """'Georgia' is the country and 'Washington' the capital, so 'Ga.' and 'Wash.' stay as they are; only the
    abbreviation as written, with its period, names the state ('PA', 'Va', 'LA' are other things)."""
    place = lookup_place(surface)
    assert place is None or place.kind != "region", place


@pytest.mark.parametrize(
    "surface",
    ["Europe", "Africa", "Asia", "North America", "South America", "Oceania", "Antarctica"],
)
def test_continents_have_no_country(surface):
    assert lookup_place(surface) == Place(surface, "continent", "")


def test_a_country_beats_a_region_or_city_of_the_same_name():
    assert lookup_place("Georgia") == Place("Georgia", "country", "GE")
    assert lookup_place("Mexico") == Place("Mexico", "country", "MX")


@pytest.mark.parametrize(
    "surface",
    [
        # People in the news.
        "Johnson",
        "Putin",
        "Vladimir Putin",
        "Biden",
        "Obama",
        "Bush",
        "Kennedy",
        "Jackson",
        "Elizabeth",
        "George",
        "Santos",
        "Victoria",
        # Organisations and buildings.
        "NATO",
        "Pentagon",
        "Kremlin",
        "Downing Street",
        "White House",
        "European Union",
        "EU",
        # Ordinary words that are also the names of towns or regions somewhere.
        "March",
        "May",
        "Reading",
        "Nice",
        "Mobile",
        "Of",
        "Police",
        "Union",
        "Independence",
        "Delta",
        "Gulf",
        "the Gulf",
        "Unity",
        # Not names at all.
        "",
        "the",
        "'s",
    ],
)
def test_words_people_and_organisations_are_not_places(surface):
    assert lookup_place(surface) is None


@pytest.mark.parametrize(
    "code", ["us", "gb", "de", "fr", "can", "and", "per", "ita", "rus", "gbr", "is", "it", "no"]
)
def test_iso_codes_are_not_names_once_case_is_folded(code):
    # 'US' is a name through the press short forms; other two- and three-letter codes are words ('can', 'it').
    if code == "us":
        assert lookup_place("US") == UNITED_STATES
    else:
        assert name_key(code) not in known_place_names(), code


@pytest.mark.parametrize(
    "word, name",
    [
        ("Russian", "Russia"),
        ("Ukrainian", "Ukraine"),
        ("American", "United States"),
        ("British", "United Kingdom"),
        ("German", "Germany"),
        ("Turkish", "Turkey"),
        ("Chinese", "China"),
        ("French", "France"),
        ("Indian", "India"),
        ("Israeli", "Israel"),
        ("Iranian", "Iran"),
        ("Saudi", "Saudi Arabia"),
        ("Dutch", "Netherlands"),
        ("Swiss", "Switzerland"),
        ("Burmese", "Myanmar"),
    ],
)
def test_demonyms_give_the_country(word, name):
    place = country_of_demonym(word)
    assert place is not None and place.name == name and place.kind == "country", (word, place)


def test_a_demonym_and_the_country_name_give_the_same_place():
    for word, country in [
        ("Turkish", "Turkey"),
        ("Russian", "Russia"),
        ("American", "United States"),
    ]:
        assert country_of_demonym(word) == lookup_place(country)


@pytest.mark.parametrize(
    "word",
    [
        "Russians",
        "Ukrainians",
        "Americans",
        "European",
        "Europeans",
        "Scottish",
        "Djibouti",
        "",
        "Putin",
    ],
)
def test_plural_groups_non_states_and_place_names_are_not_demonyms(word):
    assert country_of_demonym(word) is None


@pytest.mark.parametrize(
    "surface, name",
    [
        ("Korea Republic", "South Korea"),  # ISO's 'Korea, Republic of', as FIFA lists the team
        ("Iran Islamic Republic", "Iran"),
        ("the State of Texas", "Texas"),
        ("Commonwealth of Massachusetts", "Massachusetts"),
    ],
)
def test_an_inverted_iso_name_and_a_states_formal_style_name_the_place(surface, name):
    place = lookup_place(surface)
    assert place is not None and place.name == name


def test_the_formal_style_of_a_city_is_not_the_city():
    assert lookup_place("City of London") is None or lookup_place("City of London").name != "London"
    assert lookup_place("State of Houston") is None  # a style of states and countries only


def test_known_place_names_are_the_keys_lookup_place_answers():
    names = known_place_names()
    assert isinstance(names, frozenset)
    for surface in ["Kyiv", "Kiev", "U.S.", "Crimea", "Europe", "Russia"]:
        assert name_key(surface) in names
    for surface in ["Johnson", "May", "NATO"]:
        assert name_key(surface) not in names
    assert all(lookup_place(key) is not None for key in sorted(names)[:500])


def test_every_place_is_well_formed():
    for key in sorted(known_place_names()):
        place = lookup_place(key)
        assert place.kind in KINDS, place
        assert place.name, place
        assert (place.country == "") == (place.kind == "continent"), place
        assert len(place.country) in (0, 2), place


def test_places_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        KYIV.name = "Kiev"


class _ProbedTable(dict):
    """A table that counts its look-ups by key and fails the test if anything walks through it."""

    def __init__(self, items):
        super().__init__(items)
        self.probes = 0

    def get(self, key, default=None):
        self.probes += 1
        return super().get(key, default)

    def __iter__(self):
        raise AssertionError("a look-up walked the whole table")

    keys = values = items = __iter__


def test_tables_are_built_once_and_a_lookup_is_one_probe(monkeypatch):
    """What keeps look-ups cheap, counted rather than timed: after the first call the tables are never built
    again, the known names are one shared set, and each look-up is a single probe of a table."""
    lookup_place("Kyiv")
    names = known_place_names()
    built, keyed = (
        knowledge._knowledge.cache_info().misses,
        knowledge._known_keys.cache_info().misses,
    )

    def build_again():
        raise AssertionError("the tables were built again")

    monkeypatch.setattr(knowledge, "_build_knowledge", build_again)
    for _ in range(3):
        assert lookup_place("the United States") == UNITED_STATES
        assert country_of_demonym("Russian") == RUSSIA
        assert known_place_names() is names
    assert (
        knowledge._knowledge.cache_info().misses,
        knowledge._known_keys.cache_info().misses,
    ) == (built, keyed)
    tables = knowledge._knowledge()
    probed = knowledge._Knowledge(_ProbedTable(tables.places), _ProbedTable(tables.demonyms))
    monkeypatch.setattr(knowledge, "_knowledge", lambda: probed)
    assert (
        lookup_place("the United States") == UNITED_STATES
        and lookup_place("Atlantis-on-Sea") is None
    )
    assert country_of_demonym("Russian") == RUSSIA
    assert (probed.places.probes, probed.demonyms.probes) == (2, 1)


def _table_digest(seed: str) -> str:
    script = (
        "import hashlib\n"
        "from generator import knowledge as k\n"
        "t = k._knowledge()\n"
        "rows = sorted(t.places.items()) + sorted(('demonym ' + key, p) for key, p in t.demonyms.items())\n"
        "print(len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_tables_do_not_depend_on_the_hash_seed():
    assert _table_digest("1") == _table_digest("2")


def test_tables_kept_in_a_file_load_back_the_same_and_a_bad_file_is_rebuilt(tmp_path):
    from generator import knowledge
    from generator.cache import CacheFolder

    kept = tmp_path / "knowledge.json"
    try:
        knowledge.keep_tables_in(CacheFolder(tmp_path))
        knowledge._knowledge.cache_clear()
        built = knowledge._knowledge()
        assert kept.is_file()
        knowledge._knowledge.cache_clear()
        assert knowledge._knowledge() == built  # loaded back from the file
        kept.write_bytes(b'{"version": "cut short')
        knowledge._knowledge.cache_clear()
        assert knowledge._knowledge() == built
        assert knowledge.lookup_place("Kyiv") is not None
    finally:
        knowledge.keep_tables_in(None)
        knowledge._knowledge.cache_clear()


def test_given_names_come_from_every_locale_but_never_a_word_or_a_place():
    # 'Brock Pierce' and 'Gloria La Riva' (../shared/corpus/wikinews/2020/2020-11-02-on-the-campaign-trail-in-the-usa-october-2020.txt)
    assert knowledge.is_given_name("Brock") and knowledge.is_given_name("Gloria")
    assert knowledge.is_given_name("Agnès") and knowledge.is_given_name(
        "Wojciech"
    )  # French, Polish
    assert not any(
        knowledge.is_given_name(word)
        for word in ("General", "Red", "China", "Georgia", "Faithless")
    )
