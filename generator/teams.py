"""Teams called by their place's name: in a match report 'Sweden 1 – 0 Korea Republic', 'Tunisia lost 1 – 2 to
England' and 'Caloundra defeated Wynnum 45 points to 24' name the sides of a match, not a country or a town.

A side is a name standing against another across a score: 'A 1 – 0 B', 'A <verb> B 1 – 0' and 'A <verb> 1 – 2
to B', where the verb is one to three words in lower case ('defeated', 'lost', 'knocked off'). A score alone
('Texas 18–24', 'the Senate voted 52–48') makes no side, nor does one name facing nobody. resolve gives the
sides that are places an actor of their own for the whole article, named after the place ('Sweden team').

A side is also a name right before a player's or a coach's role and the name of whoever holds it: 'Liverpool
striker Mohamed Salah', 'England captain Harry Kane', 'Wynnum coach Matt Myers' (`fielded`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

# A score: '1 – 0', '43–5', '2-1', '45 points to 24'; not a date range's ('September 25–27', no name before it
# stands against one after it), nor a figure's ('18–24 year-olds', '3-4%').
_SCORE = re.compile(
    r"(?<![\w.,–-])\d{1,3}\s?[–—-]\s?\d{1,3}(?![\w%–-]|[.,]\d)|(?<![\w.,])\d{1,3} points? to \d{1,3}\b"
)
# A verb of one to three words in lower case between two sides, or between a side and a score, possibly with a
# word about the side after it ('defeated debutants Panama 3 – 0', 'lost 1 – 2 to England').
_VERB_BEFORE = re.compile(r"(?:\s+[a-z][\w'’-]*){1,3}\s+$")
_TO_SIDE = re.compile(r"\s+(?:to|against|with)\s+")
_GAP = re.compile(r"\s{1,2}|\s?[—–-]\s?")
# A name's last word that is really a score or its first number: 'Sweden 1' in 'putting Sweden 1 – 0 up',
# 'Caboolture 43–5'.
_TRAILING_NUMBER = re.compile(r"\s+\d{1,3}(?:\s?[–—-]\s?\d{1,3})?$")
_SCORE_AHEAD = re.compile(r"\s?[–—-]\s?\d")

TEAM_WORD = "team"

# A role in a team right after its name, then a capitalised word (the holder's name): 'Liverpool striker Mohamed
# Salah', 'Alabama head coach Nick Saban', 'Tunisia's goalkeeper Mouez Hassen'. Roles of a government or a firm ('governor', 'chief executive',
# 'leader') are not here: a state has a governor, not a striker; nor those that a place or a government has as
# often as a team ('Kremlin boss Vladimir Putin', 'Mariupol defender Denys Prokopenko').
_TEAM_ROLE_AFTER = re.compile(
    r"(?:['’]s)?\s(?:(?:head|assistant|caretaker|interim)\s)?(?:striker|midfielder|goalkeeper|goalie|keeper|winger|"
    r"full-?back|cent(?:re|er)-back|forward|captain|skipper|coach|manager|quarterback|pitcher|shortstop|"
    r"linebacker|batsman|bowler|fly-half|scrum-half|playmaker|point guard)\s+(?:[A-Z][\w'’.-]*)"
)


def without_score(body: str, start: int, end: int, surface: str) -> tuple[int, int, str]:
    """A span without a score the model ran into it ('Caboolture 43–5' → 'Caboolture'), nor a last number that
    opens one ('Sweden 1' of 'Sweden 1 – 0 up' → 'Sweden')."""
    number = _TRAILING_NUMBER.search(surface)
    if number is None or number.start() == 0:
        return start, end, surface
    if not _SCORE.fullmatch(number.group().strip()) and not _SCORE_AHEAD.match(body, end):
        return start, end, surface
    cut = len(surface) - number.start()
    return start, end - cut, surface[: number.start()]


def sides(body: str, spans: Iterable[tuple[int, int, str]]) -> set[str]:
    """The keys of the names that face each other across a score in `body`; `spans` are (start, end, key) of the
    names that may be sides (not people's: 'Biden leads Trump 52–42' is a poll)."""
    ordered = sorted(spans)
    starts = [start for start, _, _ in ordered]
    ending = {end: (start, key) for start, end, key in ordered}
    found: set[str] = set()
    for score in _SCORE.finditer(body):
        before = _name_ending(body, score.start(), ending)
        if before is not None:
            after = _name_starting(body, score.end(), ordered, starts)
            other = after or _name_before_verb(body, before[0], ending)  # 'A defeated B 1 – 0'
            if other is not None:
                found |= {before[1], other}
            continue
        verb = _VERB_BEFORE.search(body, max(0, score.start() - 40), score.start())
        first = ending.get(verb.start()) if verb else None
        to_side = _TO_SIDE.match(body, score.end())
        second = _name_starting(body, to_side.end(), ordered, starts) if to_side else None
        if first is not None and second is not None:  # 'Tunisia lost 1 – 2 to England'
            found |= {first[1], second}
    return found


def _name_ending(body: str, at: int, ending: dict[int, tuple[int, str]]) -> tuple[int, str] | None:
    """(start, key) of the name that ends one or two spaces before offset `at`, if any."""
    for gap in (1, 2):
        if at - gap in ending and body[at - gap : at].isspace():
            return ending[at - gap]
    return None


def _name_starting(
    body: str, at: int, ordered: list[tuple[int, int, str]], starts: list[int]
) -> str | None:
    """The key of the name starting right after offset `at` (a space or a dash between), if any."""
    gap = _GAP.match(body, at)
    begin = gap.end() if gap else at
    index = bisect.bisect_left(starts, begin)
    if index < len(ordered) and ordered[index][0] == begin:
        return ordered[index][2]
    return None


def _name_before_verb(body: str, start: int, ending: dict[int, tuple[int, str]]) -> str | None:
    """The key of the name that a verb of one to three words separates from the name starting at `start`."""
    verb = _VERB_BEFORE.search(body, max(0, start - 60), start)
    found = ending.get(verb.start()) if verb else None
    return found[1] if found else None


def fielded(body: str, spans: Iterable[tuple[int, int, str]]) -> set[str]:
    """The keys of the names that a player's or a coach's role and its holder's name follow in `body` ('Liverpool
    striker Mohamed Salah'); `spans` are (start, end, key) of the names that may be teams (not people's:
    'Djokovic coach Goran Ivanisevic' is his own)."""
    return {key for _, end, key in spans if _TEAM_ROLE_AFTER.match(body, end)}
