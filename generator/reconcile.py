"""Wikidata links suggested for the editor to review (`annals reconcile`): the most-mentioned actors without a
`wikidata` link in entities.yml are looked up in Wikidata's public API, the candidates scored against what the
archive says about each actor, and the best written as ready entities.yml entries to `entities.suggested.yml`
beside entities.yml. Nothing is ever written into entities.yml, and the build never reads the suggestions: an
entry counts once the editor moves it into entities.yml, where its `description:` and `links:` reach the actor's
page and its JSON-LD (`description`, `sameAs`) as any editor's entry does.

Two calls per actor: `wbsearchentities` finds candidate items by label and alias (in Wikidata's order), then
`wbgetentities` fetches their statements and English descriptions. A candidate's score weighs its name (the
label or an alias equal to the actor's name or one of its other names), its type (read from the item's
statements: instance of human, or a date of birth or gender, is a person; coordinates or instance of a country,
city or region a place; a headquarters, legal form or founder an organisation), how many words of its
description the sentences naming the actor use, and its rank in Wikidata's search. A candidate whose type
contradicts the actor's is never suggested. The API's address is `https://www.wikidata.org/w/api.php`, or the
ANNALS_WIKIDATA_API variable's (the tests serve recorded answers from a local server); without a connection,
or given no usable answer, it says so and writes nothing.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import __version__
from .escape import visible_text
from .model import Actor, Archive
from .names import name_key

API_URL = "https://www.wikidata.org/w/api.php"
API_VARIABLE = "ANNALS_WIKIDATA_API"
SUGGESTIONS_FILE = "entities.suggested.yml"
DEFAULT_TOP = 20
CANDIDATES = 7  # the search results weighed per actor (wbsearchentities' default)
TIMEOUT = 20  # seconds for one answer
# Wikimedia asks API clients to name themselves in the User-Agent.
USER_AGENT = f"Annals/{__version__} (static news archive generator; annals reconcile) Python-urllib"
# The least score a candidate needs to be suggested: more than a name and a type that agree, or an exact name
# whose type is unknown, can give without a word of the description in the actor's sentences or a first rank.
SUGGEST_AT = 0.65
WEIGHTS = {"name": 0.4, "type": 0.3, "description": 0.2, "rank": 0.1}
UNKNOWN_TYPE_SCORE = 0.4  # an item whose statements say nothing this module reads about its kind

# Wikidata classes that say an item's type when it is an instance of them (P31). Subclasses are not followed
# (that would take a query per class); the properties below cover most items outside these classes.
INSTANCE_TYPES = {
    "Q5": "person",  # human
    "Q43229": "organization",  # organization
    "Q4830453": "organization",  # business
    "Q783794": "organization",  # company
    "Q891723": "organization",  # public company
    "Q7278": "organization",  # political party
    "Q327333": "organization",  # government agency
    "Q2659904": "organization",  # government organization
    "Q484652": "organization",  # international organization
    "Q163740": "organization",  # nonprofit organization
    "Q11204": "organization",  # legislature
    "Q35749": "organization",  # parliament
    "Q3918": "organization",  # university
    "Q1331793": "organization",  # media company
    "Q6256": "place",  # country
    "Q3624078": "place",  # sovereign state
    "Q515": "place",  # city
    "Q1549591": "place",  # big city
    "Q5119": "place",  # capital
    "Q35657": "place",  # state of the United States
    "Q107390": "place",  # federated state
    "Q10864048": "place",  # first-level administrative country subdivision
    "Q486972": "place",  # human settlement
    "Q82794": "place",  # geographic region
    "Q5107": "place",  # continent
    "Q23442": "place",  # island
    "Q41710": "group",  # ethnic group
    "Q16334295": "group",  # group of humans
    "Q1656682": "event",  # event
    "Q1190554": "event",  # occurrence
    "Q198": "event",  # war
    "Q40231": "event",  # public election
}
# Statements only items of one kind carry.
PROPERTY_TYPES = {
    "P569": "person",  # date of birth
    "P21": "person",  # sex or gender
    "P159": "organization",  # headquarters location
    "P1454": "organization",  # legal form
    "P112": "organization",  # founded by
    "P625": "place",  # coordinate location
    "P585": "event",  # point in time
}
_WORD = re.compile(r"[^\W\d_]{3,}")


class WikidataUnavailable(Exception):
    """Wikidata could not be reached, or gave no usable answer: the message says which."""


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item found for an actor, with what the score needs."""

    id: str
    label: str
    description: str
    aliases: tuple[str, ...]
    rank: int  # 0 for the first search result
    types: frozenset[str]  # Annals types its statements say (none: unknown)


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float
    reasons: tuple[str, ...]
    suggestible: bool


@dataclass(frozen=True)
class Lookup:
    """One actor looked up: its candidates, best first."""

    actor: Actor
    candidates: tuple[Scored, ...]

    @property
    def suggestion(self) -> Scored | None:
        best = self.candidates[0] if self.candidates else None
        return best if best and best.suggestible and best.score >= SUGGEST_AT else None


class WikidataClient:
    """Wikidata's action API over HTTP GET, JSON answers; `api_url` points it elsewhere (a local server in tests)."""

    def __init__(self, api_url: str = API_URL, timeout: float = TIMEOUT):
        self.api_url = api_url
        self.timeout = timeout

    def get(self, **params: str) -> dict:
        query = urllib.parse.urlencode(sorted({**params, "format": "json"}.items()))
        request = urllib.request.Request(
            f"{self.api_url}?{query}",
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise WikidataUnavailable(
                f"Wikidata at {self.api_url} answered HTTP {error.code} {error.reason}"
            ) from None
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise WikidataUnavailable(
                f"cannot reach Wikidata at {self.api_url} ({reason}): is this machine offline?"
            ) from None
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise WikidataUnavailable(
                f"Wikidata at {self.api_url} answered something that is not JSON"
            ) from None
        if not isinstance(data, dict) or "error" in data:
            answer = data.get("error", {}) if isinstance(data, dict) else {}
            raise WikidataUnavailable(
                f"Wikidata at {self.api_url} answered an error: {answer.get('code', '?')}: {answer.get('info', '')}"
            )
        return data

    def search(self, name: str) -> list[dict]:
        found = self.get(
            action="wbsearchentities",
            search=name,
            language="en",
            uselang="en",
            type="item",
            limit=str(CANDIDATES),
        )
        return [
            item
            for item in found.get("search", [])
            if isinstance(item, dict) and is_item_id(item.get("id", ""))
        ]

    def entities(self, ids: list[str]) -> dict[str, dict]:
        if not ids:
            return {}
        found = self.get(
            action="wbgetentities", ids="|".join(ids), props="claims|descriptions", languages="en"
        )
        return found.get("entities", {})


def is_item_id(value: str) -> bool:
    return bool(re.fullmatch(r"Q[1-9][0-9]*", value))


def api_url_from_environment() -> str:
    """The API's address: ANNALS_WIKIDATA_API when set, else Wikidata's own."""
    url = os.environ.get(API_VARIABLE, "").strip() or API_URL
    if not re.match(r"^https?://", url):
        raise WikidataUnavailable(f"{API_VARIABLE}={url!r} is not an http(s) address")
    return url


def actors_to_look_up(archive: Archive, top: int) -> list[Actor]:
    """The `top` most-mentioned actors with no Wikidata link yet (ties by name, then slug)."""
    unlinked = [
        actor for actor in archive.actors if not any(kind == "wikidata" for kind, _ in actor.links)
    ]
    return sorted(unlinked, key=lambda a: (-len(a.mentions), a.name, a.slug))[:top]


def context_words(actor: Actor) -> Counter:
    """The words of the sentences naming the actor, but its own names' words: what its description should share."""
    own = {word for name in (actor.name, *actor.aliases) for word in words(name)}
    counts: Counter = Counter()
    for sentence in sorted({m.sentence for m in actor.mentions}):
        counts.update(word for word in words(sentence) if word not in own)
    return counts


def words(text: str) -> list[str]:
    """Content words, folded: three letters or more, no stop word (spaCy's English list)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return [word for word in _WORD.findall(name_key(text)) if word not in STOP_WORDS]


def item_types(entity: dict) -> frozenset[str]:
    """The Annals types an item's statements say: its classes (P31) and the properties only one kind carries."""
    claims = entity.get("claims", {}) if isinstance(entity, dict) else {}
    types = {PROPERTY_TYPES[prop] for prop in claims if prop in PROPERTY_TYPES}
    for statement in claims.get("P31", []):
        value = statement.get("mainsnak", {}).get("datavalue", {}).get("value", {})
        kind = INSTANCE_TYPES.get(value.get("id", "") if isinstance(value, dict) else "")
        if kind:
            types.add(kind)
    if "person" in types:
        types -= {
            "place",
            "event",
        }  # a person's statements may hold a place of burial's coordinates, a date
    return frozenset(types)


def candidates_for(actor: Actor, client: WikidataClient) -> list[Candidate]:
    found = client.search(actor.name)
    entities = client.entities([item["id"] for item in found])
    candidates = []
    for rank, item in enumerate(found):
        entity = entities.get(item["id"], {})
        description = entity.get("descriptions", {}).get("en", {}).get("value") or item.get(
            "description", ""
        )
        aliases = tuple(str(a) for a in item.get("aliases", ()) if isinstance(a, str))
        match = item.get("match", {})
        if match.get("type") == "alias" and isinstance(match.get("text"), str):
            aliases += (match["text"],)
        candidates.append(
            Candidate(
                item["id"],
                str(item.get("label", "")),
                str(description),
                aliases,
                rank,
                item_types(entity),
            )
        )
    return candidates


def score(actor: Actor, candidate: Candidate, context: Counter) -> Scored:
    """A candidate's score, 0 to 1, two decimals, and the reasons for it in words."""
    names = {name_key(n) for n in (actor.name, *actor.aliases)}
    reasons = []
    if name_key(candidate.label) in names:
        name_score = 1.0
        reasons.append("label is the actor's name")
    elif any(name_key(alias) in names for alias in candidate.aliases):
        name_score = 0.85
        reasons.append("an alias is the actor's name")
    else:
        name_score = 0.7 * max(
            difflib.SequenceMatcher(None, name_key(candidate.label), n).ratio() for n in names
        )
        reasons.append(f"label {candidate.label!r} is like the name")
    if actor.type in candidate.types:
        type_score = 1.0
        reasons.append(f"a {actor.type} by its statements")
    elif candidate.types:
        type_score = 0.0
        reasons.append(
            f"a {' or '.join(sorted(candidate.types))} by its statements, not a {actor.type}"
        )
    else:
        type_score = UNKNOWN_TYPE_SCORE
        reasons.append("kind unknown from its statements")
    described = sorted(set(words(candidate.description)))
    shared = [word for word in described if word in context]
    description_score = len(shared) / len(described) if described else 0.0
    if shared:
        reasons.append("description shares " + ", ".join(shared))
    rank_score = 1 / (1 + candidate.rank)
    total = (
        WEIGHTS["name"] * name_score
        + WEIGHTS["type"] * type_score
        + WEIGHTS["description"] * description_score
        + WEIGHTS["rank"] * rank_score
    )
    return Scored(candidate, round(total, 2), tuple(reasons), suggestible=type_score > 0)


def look_up(actor: Actor, client: WikidataClient) -> Lookup:
    context = context_words(actor)
    scored = [score(actor, candidate, context) for candidate in candidates_for(actor, client)]
    scored.sort(key=lambda s: (-s.score, s.candidate.rank))
    return Lookup(actor, tuple(scored))


def reconcile(archive: Archive, client: WikidataClient, top: int = DEFAULT_TOP) -> list[Lookup]:
    """Look up the `top` most-mentioned actors without a Wikidata link; raises WikidataUnavailable."""
    return [look_up(actor, client) for actor in actors_to_look_up(archive, top)]


def suggestions_path(entities: Path) -> Path:
    return entities.with_name(SUGGESTIONS_FILE)


HEADER = """\
# Wikidata links suggested by `annals reconcile` for the most-mentioned actors that have none in entities.yml.
# The build never reads this file. To accept a suggestion, check the item, then move its entry under `actors:` in
# entities.yml (for an actor with an entry there already, add the `description:` and `links:` lines to that
# entry); the next build shows the description on the actor's page and links the item (`sameAs` in its JSON-LD).
# Running `annals reconcile` again rewrites this file.
"""


def suggestions_yaml(lookups: list[Lookup]) -> str:
    """The review file: for each actor looked up, a comment on what was found, and the entry when one is suggested."""
    parts = [HEADER, "actors:\n"]
    for lookup in lookups:
        actor, best = lookup.actor, lookup.suggestion
        mentions = f"{len(actor.mentions)} mention{'' if len(actor.mentions) == 1 else 's'}"
        if best:
            parts.append(
                comment(
                    f"{actor.name} ({actor.type}, {mentions}): {best.candidate.id} scores {best.score:.2f}: {'; '.join(best.reasons)}."
                )
            )
        elif lookup.candidates:
            parts.append(
                comment(
                    f"{actor.name} ({actor.type}, {mentions}): no candidate scored {SUGGEST_AT} or more; nothing suggested."
                )
            )
        else:
            parts.append(
                comment(
                    f"{actor.name} ({actor.type}, {mentions}): Wikidata has no item by this name; nothing suggested."
                )
            )
        others = [s for s in lookup.candidates if s is not best][:3]
        if others:
            parts.append(
                comment(
                    "Also found: "
                    + "; ".join(
                        f"{s.candidate.id} {s.candidate.label} ({s.candidate.description or 'no description'}) {s.score:.2f}"
                        for s in others
                    )
                    + "."
                )
            )
        if best:
            parts.append(entry_yaml(actor, best.candidate))
    return "".join(parts)


def entry_yaml(actor: Actor, candidate: Candidate) -> str:
    """A ready entities.yml entry for the actor, as a list item."""
    entry: dict = {"name": actor.name}
    if candidate.description:
        entry["description"] = visible_text(candidate.description).strip()
    entry["links"] = {"wikidata": candidate.id}
    return yaml.safe_dump(
        [entry], allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=None
    )


def comment(text: str) -> str:
    """Text as a YAML comment line: line breaks and invisible characters made visible, so none can end it."""
    return "# " + " ".join(visible_text(text).split()) + "\n"
