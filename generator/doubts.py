"""Doubts: the actors an editor should look at, each with the reason and a ready-to-paste `entities.yml` entry.

From the resolved archive alone (and the editorial rules, so a decision already written down is not asked again),
five general rules flag an actor: its type votes split (the winning type has less than TYPE_MAJORITY of them), a
one-word person left apart from the full names it is the surname of, two names a letter, a space or a hyphen apart
(NEAR_DUPLICATE_RATIO), a single-mention name that looks like a fragment (lowercase, a stray character, or part
of a better-known name in the same article), and an actor whose mentions were attached with low confidence on
average (LOW_CONFIDENCE, see Mention.confidence). Most-mentioned first, so an editor fixing the top of the list fixes what readers meet most. The doubts go
out as `api/doubts.json`, as the page `/actors/doubts/` and, from `annals doubts`, as text in a terminal.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from itertools import chain, combinations
from typing import TypeAlias

import yaml
from markupsafe import Markup

from .config import EditorialRules
from .escape import escape_text, json_export
from .i18n import N_, SOURCE_LANGUAGE, Nn_, gettext_of, translations
from .model import Actor, Archive, Page
from .names import fold_diacritics, name_key
from .render import front_matter, mean_confidence, render_template
from .urls import actor_url, relative_url

DOUBTS_PAGE = "actors/doubts.md"
DOUBTS_URL = "actors/doubts/"
DOUBTS_JSON = "api/doubts.json"
KINDS = ("type", "surname", "near-duplicate", "fragment", "low-confidence")
# An actor of at least LOW_CONFIDENCE_MIN_MENTIONS mentions is in doubt when their mean confidence is below this:
# below what agreeing model labels (0.9), names found by name (0.8) and acronyms joined across the archive (0.7)
# give, so mostly model labels of another type than the actor's (0.6) or surnames joined by a narrow lead (0.5+).
LOW_CONFIDENCE = 0.65
LOW_CONFIDENCE_MIN_MENTIONS = 2
# A type is in doubt when the type chosen has less than two thirds of the votes for a type.
TYPE_MAJORITY = 2 / 3
# Two names of one type are near-duplicates when difflib's ratio of their folded, punctuation-free spellings is at
# least this: one letter in ten ('Al-Qaeda' / 'Al-Qaida' is 0.857, so not; 'Zelensky' / 'Zelenskyy' 0.94), and never
# for names under NEAR_DUPLICATE_MIN_CHARS letters ('Iran' / 'Iraq'). Spellings equal but for spaces, hyphens, dots
# or case ('Al-Qaeda' / 'Al Qaeda') are near-duplicates whatever their types.
NEAR_DUPLICATE_RATIO = 0.9
NEAR_DUPLICATE_MIN_CHARS = 6
# Letter counts two names must share among each one's rarest few to be compared at all (rare_letter_counts): more
# makes longer lists to count but far fewer pairs to compare; any number finds every pair the ratio allows.
NEAR_DUPLICATE_SHARED = 8
# Buckets of up to this many names compare every pair: the filter costs more than it spares.
NEAR_DUPLICATE_SMALL_BUCKET = 80
# Characters a name is written with (by Unicode category: letters, marks, numbers, spaces, dashes, quotes and
# ordinary punctuation, round brackets); any other character in a single-mention name looks like a stray of the text:
# a square bracket of a quotation's insertion, a symbol, a control character.
NAME_CATEGORIES = ("L", "M", "N", "Zs", "Pd", "Pi", "Pf", "Po", "Cf")
NAME_BRACKETS = "()"
_NOT_LETTERS = re.compile(r"[\W_]+")


# The actor types as a sentence names them ('shown as person').
TYPE_WORDS = {
    "person": N_("person"),
    "organization": N_("organization"),
    "place": N_("place"),
    "group": N_("group"),
    "event": N_("event"),
    "other": N_("other"),
}
# The kinds of doubt as the doubts page names them.
KIND_WORDS = {
    "type": N_("type"),
    "surname": N_("surname"),
    "near-duplicate": N_("near-duplicate"),
    "fragment": N_("fragment"),
    "low-confidence": N_("low-confidence"),
}
Value: TypeAlias = "str | int | Words | tuple[Words, ...]"


@dataclass(frozen=True, slots=True)
class Words:
    """A sentence of Annals' own, kept as its message (marked for the catalogues; a (singular, plural) pair takes
    its number from the value `num`) and its values until it is said in a language: the doubts page says it in the
    site's, api/doubts.json and the terminal in English. Values are names and numbers, or words said in turn (a
    tuple of them joined by commas)."""

    message: str | tuple[str, str]
    values: tuple[tuple[str, Value], ...] = ()

    def say(self, language: str = SOURCE_LANGUAGE) -> str:
        found = translations(language)
        values = {name: said(value, language) for name, value in self.values}
        if isinstance(self.message, tuple):
            return found.ngettext(*self.message, int(values["num"])) % values
        return found.gettext(self.message) % values


def said(value: Value, language: str) -> str | int:
    if isinstance(value, Words):
        return value.say(language)
    if isinstance(value, tuple):
        return ", ".join(str(said(part, language)) for part in value)
    return value


@dataclass(frozen=True, slots=True)
class Doubt:
    """One actor an editor should check: why, in plain words, and the entities.yml entry that settles it."""

    slug: str
    name: str
    mentions: int
    kind: str  # one of KINDS
    why: Words
    snippet: str  # YAML: one entry for the `actors:` list of entities.yml

    @property
    def reason(self) -> str:
        """Why, in English."""
        return self.why.say()

    def as_json(self) -> dict:
        return {
            "slug": self.slug,
            "name": self.name,
            "mentions": self.mentions,
            "kind": self.kind,
            "reason": self.reason,
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class NearDuplicates:
    """The near-duplicate pairs among an archive's doubted actors, kept from one build for the next: each actor's
    folded name and type by slug (all a pair depends on) and the pairs found, as (first slug, second slug, ratio)
    in order. A rebuild compares only the actors whose folded name or type is new; the other pairs stay."""

    names: Mapping[str, tuple[str, str]]
    pairs: tuple[tuple[str, str, float], ...]


def doubted_actors(archive: Archive) -> list[Actor]:
    """The actors the doubts are about: those with a mention."""
    return [actor for actor in archive.actors if actor.mentions]


def near_duplicates(archive: Archive, known: NearDuplicates | None = None) -> NearDuplicates:
    """The archive's near-duplicate pairs (near_duplicate_pairs): those of `known` (an earlier build's) between
    actors whose folded name and type are unchanged, and those worked out for every other actor."""
    actors = doubted_actors(archive)
    names = {actor.slug: (compact(actor.name), actor.type) for actor in actors}
    if known is None:
        fresh: set[str] | None = None
        kept = []
    else:
        fresh = {slug for slug, name in names.items() if known.names.get(slug) != name}
        kept = [
            pair
            for pair in known.pairs
            if all(slug in names and slug not in fresh for slug in pair[:2])
        ]
    found = [
        (first.slug, second.slug, ratio)
        for first, second, ratio in near_duplicate_pairs(actors, fresh)
    ]
    return NearDuplicates(names, tuple(sorted(kept + found)))


def find_doubts(
    archive: Archive,
    rules: EditorialRules = EditorialRules(),
    near: NearDuplicates | None = None,
) -> list[Doubt]:
    """Every doubt about the archive's actors, most-mentioned first, then by name, kind and slug; `near`: the
    archive's near-duplicates, when already worked out (near_duplicates)."""
    decided = decided_keys(rules)
    actors = doubted_actors(archive)
    doubts = [
        *type_doubts(actors, decided["type"]),
        *surname_doubts(actors),
        *near_duplicate_doubts(actors, near if near is not None else near_duplicates(archive)),
    ]
    already = {doubt.slug for doubt in doubts if doubt.kind == "surname"}
    doubts.extend(
        doubt for doubt in fragment_doubts(actors, decided["ignore"]) if doubt.slug not in already
    )
    typed = {doubt.slug for doubt in doubts if doubt.kind == "type"}
    doubts.extend(
        doubt for doubt in low_confidence_doubts(actors, decided["type"]) if doubt.slug not in typed
    )
    # The snippet last: one actor may be a near-duplicate of two namesakes, whose reasons read alike.
    return sorted(
        doubts,
        key=lambda d: (-d.mentions, d.name, KINDS.index(d.kind), d.slug, d.reason, d.snippet),
    )


def decided_keys(rules: EditorialRules) -> dict[str, set[str]]:
    """Name keys of the actors whose type the editor set, and of the names the editor ignores."""
    decided: dict[str, set[str]] = {"type": set(), "ignore": set()}
    for entry in rules.entries:
        names = {name_key(name) for name in (entry.name, *entry.aliases, *entry.merge)}
        if entry.ignore:
            decided["ignore"] |= names
        elif entry.type:
            decided["type"] |= names
    return decided


class SnippetDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing a text with a line break or an invisible character in double quotes, where
    both are escapes: a name is then one line of the entry, whatever it holds."""


def hidden(char: str) -> bool:
    """A control, format (bidi, zero-width), line-separating or unassigned character."""
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style='"' if any(map(hidden, text)) else None
    )


SnippetDumper.add_representer(str, represent_text)


def entry_snippet(**entry) -> str:
    """One entities.yml list entry, dumped by PyYAML's safe dumper so no name can add keys or structure to it.
    Other scripts are written as they are, unless a value holds an invisible character: then everything beyond
    ASCII is a \\u escape, which PyYAML writes only for all characters at once."""
    texts = [value for value in entry.values() if isinstance(value, str)]
    texts += [item for value in entry.values() if isinstance(value, list) for item in value]
    visible = not any(hidden(char) for text in texts for char in text)
    return yaml.dump(
        [entry], Dumper=SnippetDumper, allow_unicode=visible, sort_keys=False, width=10_000
    )


def merge_snippet(into: Actor, merged: list[Actor]) -> str:
    return entry_snippet(name=into.name, merge=[actor.name for actor in merged])


def counted(actor: Actor) -> Words:
    """'Louisiana (12 mentions)'."""
    return Words(
        N_("%(name)s (%(mentions)s)"),
        (("name", actor.name), ("mentions", mentions_words(len(actor.mentions)))),
    )


def mentions_words(count: int) -> Words:
    return Words(Nn_("%(num)d mention", "%(num)d mentions"), (("num", count),))


def mentions_text(count: int) -> str:
    return "1 mention" if count == 1 else f"{count} mentions"


def type_doubts(actors: list[Actor], decided: set[str]) -> Iterator[Doubt]:
    """Actors whose type won less than TYPE_MAJORITY of the votes, unless entities.yml sets it."""
    for actor in actors:
        total = sum(count for _, count in actor.type_votes)
        if not total or name_key(actor.name) in decided:
            continue
        winner, votes = actor.type_votes[0]
        if votes >= TYPE_MAJORITY * total:
            continue
        split = tuple(
            Words(N_("%(type)s %(num)d"), (("type", type_words(kind)), ("num", count)))
            for kind, count in actor.type_votes
        )
        reason = Words(
            N_(
                "the evidence for its type is split (%(split)s); it is shown as %(type)s. Confirm or correct the type."
            ),
            (("split", split), ("type", type_words(actor.type))),
        )
        yield Doubt(
            actor.slug,
            actor.name,
            len(actor.mentions),
            "type",
            reason,
            entry_snippet(name=actor.name, type=actor.type or winner),
        )


def surname_doubts(actors: list[Actor]) -> Iterator[Doubt]:
    """One-word people left apart from the full names ending with them: resolve joins a surname to a full name only
    when one person dominates it, so these are the surnames whose owners were too close to call."""
    full_names: dict[str, list[Actor]] = defaultdict(list)
    for actor in actors:
        words = name_key(actor.name).split()
        if actor.type == "person" and len(words) > 1:
            full_names[words[-1]].append(actor)
    for actor in actors:
        key = name_key(actor.name)
        owners = full_names.get(key) if actor.type == "person" and len(key.split()) == 1 else None
        if not owners:
            continue
        owners = sorted(owners, key=lambda a: (-len(a.mentions), a.name, a.slug))
        reason = Words(
            N_(
                "a surname alone, kept apart from %(owners)s. If it means %(name)s, merge it; if another, merge it into that one instead."
            ),
            (("owners", tuple(counted(owner) for owner in owners)), ("name", owners[0].name)),
        )
        yield Doubt(
            actor.slug,
            actor.name,
            len(actor.mentions),
            "surname",
            reason,
            merge_snippet(owners[0], [actor]),
        )


def low_confidence_doubts(actors: list[Actor], decided_types: set[str]) -> Iterator[Doubt]:
    """Actors of LOW_CONFIDENCE_MIN_MENTIONS mentions or more whose mean confidence is below LOW_CONFIDENCE. When
    most of that comes from model labels of another type, the entry sets the type (unless the editor did); when it
    comes from names a rule joined (a surname, a short form, an acronym), the entry lists those names as aliases,
    which confirms the join (aliases in entities.yml are editorial, confidence 1.0)."""
    for actor in actors:
        count, mean = len(actor.mentions), mean_confidence(actor)
        if count < LOW_CONFIDENCE_MIN_MENTIONS or mean is None or mean >= LOW_CONFIDENCE:
            continue
        weak = [m for m in actor.mentions if m.confidence < LOW_CONFIDENCE]
        by_how = Counter(m.how for m in weak)
        how = min(by_how, key=lambda h: (-by_how[h], h))
        lead = (
            ("mentions", mentions_words(count)),
            ("mean", str(mean)),
            ("under", str(LOW_CONFIDENCE)),
        )
        if how == "model":
            if name_key(actor.name) in decided_types:
                continue
            reason = Words(
                N_(
                    "its %(mentions)s were attached with a mean confidence of %(mean)s (under %(under)s): the model labelled %(num)d of them as another type than %(type)s. Confirm or correct the type."
                ),
                (*lead, ("num", by_how[how]), ("type", type_words(actor.type))),
            )
            yield Doubt(
                actor.slug,
                actor.name,
                count,
                "low-confidence",
                reason,
                entry_snippet(name=actor.name, type=actor.type),
            )
        else:
            forms = sorted(
                {m.text for m in weak if m.how == how and name_key(m.text) != name_key(actor.name)}
            )
            if not forms:
                continue
            reason = Words(
                N_(
                    "its %(mentions)s were attached with a mean confidence of %(mean)s (under %(under)s): %(forms)s joined it by the %(rule)s rule on a narrow lead. If they are %(name)s, confirm them as aliases."
                ),
                (*lead, ("forms", ", ".join(forms)), ("rule", how), ("name", actor.name)),
            )
            yield Doubt(
                actor.slug,
                actor.name,
                count,
                "low-confidence",
                reason,
                entry_snippet(name=actor.name, aliases=forms),
            )


def compact(name: str) -> str:
    """A name folded for comparison: no accents, case, spaces or punctuation."""
    return _NOT_LETTERS.sub("", fold_diacritics(name).casefold())


def near_duplicate_pairs(
    actors: list[Actor], fresh: Collection[str] | None = None
) -> Iterator[tuple[Actor, Actor, float]]:
    """Pairs of actors whose names are near-duplicates (see NEAR_DUPLICATE_RATIO), with their ratio, each pair
    (first, second) in order of slug; with `fresh` (slugs), only the pairs with at least one of them. Names folded
    the same (compact) pair whatever their types; others are compared only with names of their type sharing their
    first or last three letters, and of a length the ratio allows. Within such a bucket a name meets only the names
    sharing enough of its rarest letter counts (rare_letter_counts): a bucket of thousands of 'Surname Agency'
    organisations would otherwise cost the square of its size."""
    folded_names = {actor.slug: compact(actor.name) for actor in actors}
    letters = {name: frozenset(name) for name in folded_names.values()}
    yield from (
        pair
        for pair in same_folded_pairs(actors, folded_names)
        if fresh is None or pair[0].slug in fresh or pair[1].slug in fresh
    )
    buckets: dict[tuple[str, str, str], list[Actor]] = defaultdict(list)
    for actor in actors:
        folded = folded_names[actor.slug]
        if len(folded) >= NEAR_DUPLICATE_MIN_CHARS:
            buckets[("start", folded[:3], actor.type)].append(actor)
            buckets[("end", folded[-3:], actor.type)].append(actor)
    for (side, _, _), bucket in sorted(buckets.items()):
        if fresh is not None and not any(actor.slug in fresh for actor in bucket):
            continue  # every pair of this bucket was found before
        for one, other in candidate_pairs(bucket, folded_names, fresh):
            a, b = folded_names[one.slug], folded_names[other.slug]
            if a == b or (side == "end" and a[:3] == b[:3]):  # the latter met in its "start" bucket
                continue
            if 2 * min(len(a), len(b)) < NEAR_DUPLICATE_RATIO * (len(a) + len(b)):
                continue  # the lengths alone keep the ratio below
            # Each letter of one name missing from the other costs at least one match: a bound worked out by set
            # operations, then the finer one of the letters' counts; only the few pairs left pay for the full
            # comparison, made in order of slug as the rule says.
            in_a, in_b = letters[a], letters[b]
            matches = min(len(a) - len(in_a - in_b), len(b) - len(in_b - in_a))
            if (
                2.0 * matches / (len(a) + len(b)) < NEAR_DUPLICATE_RATIO
            ):  # as difflib reckons a ratio
                continue
            first, second = (one, other) if one.slug < other.slug else (other, one)
            matcher = difflib.SequenceMatcher(
                None, folded_names[first.slug], folded_names[second.slug], autojunk=False
            )
            if matcher.quick_ratio() < NEAR_DUPLICATE_RATIO:
                continue
            ratio = matcher.ratio()
            if ratio >= NEAR_DUPLICATE_RATIO:
                yield first, second, ratio


def same_folded_pairs(
    actors: list[Actor], folded_names: dict[str, str]
) -> Iterator[tuple[Actor, Actor, float]]:
    """Pairs of actors whose names are folded the same (ratio 1.0), in order of slug."""
    groups: dict[str, list[Actor]] = defaultdict(list)
    for actor in actors:
        if folded_names[actor.slug]:
            groups[folded_names[actor.slug]].append(actor)
    for group in groups.values():
        for first, second in combinations(sorted(group, key=lambda a: a.slug), 2):
            yield first, second, 1.0


def rare_letter_counts(names: Collection[str]) -> dict[str, frozenset[tuple[str, int]]]:
    """For each name, its rarest letter counts ('o' three times) among `names`, of which any near-duplicate of it
    among them shares at least NEAR_DUPLICATE_SHARED (a prefix filter), or an empty set when there are too few
    letters for the bound.

    Difflib's ratio 2M/(a+b) of at least r leaves at most d = (1-r)(a+b) letters of the two names unmatched, so
    the counts of all but d of the letters any of `names` has are the same in both (a letter absent from a name has
    the count 0). Two sets sharing t of their K items share k among the first K - t + k of each, in any one order of
    all items: with the rarest first, what sets a name apart ('z' of 'Rzad Corporation') decides whom it meets,
    not its common words."""
    ratio = Fraction(str(NEAR_DUPLICATE_RATIO))
    counts = {name: Counter(name) for name in names}
    present = Counter(letter for name in names for letter in set(name))
    frequency = Counter(item for count in counts.values() for item in count.items())
    for letter, names_with in present.items():
        frequency[letter, 0] = len(names) - names_with
    # Letters absent from a name are telling only when most names have them: the most common first.
    common = sorted(present, key=lambda letter: (frequency[letter, 0], letter))
    rare: dict[str, frozenset[tuple[str, int]]] = {}
    for name, count in counts.items():
        unmatched = math.floor((1 - ratio) * (len(name) + lengths_within_ratio(len(name)).stop - 1))
        kept = unmatched + NEAR_DUPLICATE_SHARED
        if kept > len(present):
            rare[name] = frozenset()
            continue
        absent = [(letter, 0) for letter in common if letter not in count][:kept]
        items = sorted([*count.items(), *absent], key=lambda item: (frequency[item], item))
        rare[name] = frozenset(items[:kept])
    return rare


@cache
def lengths_within_ratio(length: int) -> range:
    """The lengths of the names a name of `length` letters may be a near-duplicate of: difflib's ratio is at most
    2 min(a, b) / (a + b)."""
    ratio = Fraction(str(NEAR_DUPLICATE_RATIO))
    return range(
        math.ceil(length * ratio / (2 - ratio)), math.floor(length * (2 - ratio) / ratio) + 1
    )


def candidate_pairs(
    bucket: list[Actor], folded_names: dict[str, str], fresh: Collection[str] | None
) -> Iterator[tuple[Actor, Actor]]:
    """Each pair of the bucket's actors that may be near-duplicates by their lengths and rare letter counts (among
    the bucket's, rare_letter_counts), or every pair of a small bucket, once, in order of slug; with `fresh`, only
    pairs with a fresh actor."""
    members = sorted(bucket, key=lambda a: a.slug)
    if len(members) <= NEAR_DUPLICATE_SMALL_BUCKET:
        for first, second in combinations(members, 2):
            if fresh is None or first.slug in fresh or second.slug in fresh:
                yield first, second
        return
    rare = rare_letter_counts({folded_names[actor.slug] for actor in members})
    index: dict[tuple[tuple[str, int], int], list[int]] = defaultdict(list)
    unbounded: dict[int, list[int]] = defaultdict(list)
    for number, actor in enumerate(members):
        name = folded_names[actor.slug]
        if not rare[name]:
            unbounded[len(name)].append(number)
        for item in rare[name]:
            index[item, len(name)].append(number)
    for number, actor in enumerate(members):
        if fresh is not None and actor.slug not in fresh:
            continue
        name = folded_names[actor.slug]
        lengths = lengths_within_ratio(len(name))
        met = {other for length in lengths for other in unbounded.get(length, ())}
        if rare[name]:
            shared = Counter(
                chain.from_iterable(
                    index.get((item, length), ()) for item in rare[name] for length in lengths
                )
            )
            met.update(other for other, count in shared.items() if count >= NEAR_DUPLICATE_SHARED)
        else:
            met.update(
                other
                for other in range(len(members))
                if len(folded_names[members[other].slug]) in lengths
            )
        for other in sorted(met):
            # Meeting is mutual: a pair whose other side probes too is taken from the later one.
            if other == number or (
                other < number and (fresh is None or members[other].slug in fresh)
            ):
                continue
            yield actor, members[other]


def near_duplicate_doubts(actors: list[Actor], near: NearDuplicates) -> Iterator[Doubt]:
    """The less-mentioned of two near-duplicate names, to merge into the other."""
    by_slug = {actor.slug: actor for actor in actors}
    for first_slug, second_slug, ratio in near.pairs:
        first, second = by_slug[first_slug], by_slug[second_slug]
        # The more-mentioned name stays; between equals, one without a stray character ('Pittsburg[h').
        larger, smaller = sorted(
            (first, second),
            key=lambda a: (-len(a.mentions), any(map(is_stray, a.name)), a.name, a.slug),
        )
        how = (
            Words(N_("spelled the same but for spaces, punctuation or case"))
            if ratio == 1.0
            else Words(N_("%(percent)s alike"), (("percent", f"{ratio:.0%}"),))
        )
        reason = Words(
            N_("a near-duplicate of %(actor)s: %(how)s. If they are one actor, merge them."),
            (("actor", counted(larger)), ("how", how)),
        )
        yield Doubt(
            smaller.slug,
            smaller.name,
            len(smaller.mentions),
            "near-duplicate",
            reason,
            merge_snippet(larger, [smaller]),
        )


def fragment_doubts(actors: list[Actor], ignored: set[str]) -> Iterator[Doubt]:
    """Single-mention names that look like pieces of text rather than names, to ignore."""
    by_article: dict[str, list[Actor]] = defaultdict(list)
    for actor in actors:
        for article in {m.article for m in actor.mentions}:
            by_article[article].append(actor)
    words = {actor.slug: name_key(actor.name).split() for actor in actors}
    for actor in actors:
        if len(actor.mentions) != 1 or " ".join(words[actor.slug]) in ignored:
            continue
        why = fragment_reason(actor, by_article[actor.mentions[0].article], words)
        if why:
            reason = Words(
                N_("named once, and %(why)s. If it is no actor, ignore it."), (("why", why),)
            )
            yield Doubt(
                actor.slug,
                actor.name,
                1,
                "fragment",
                reason,
                entry_snippet(name=actor.name, ignore=True),
            )


def fragment_reason(
    actor: Actor, neighbours: list[Actor], words_of: dict[str, list[str]]
) -> Words | None:
    """Why a single-mention name looks like a fragment, or None when it does not; `words_of`: each actor's name key
    as words, by slug."""
    name = actor.name
    if len(name.split()) == 1 and name[:1].islower():
        return Words(N_("it is one word starting with a small letter"))
    stray = next((ch for ch in name if is_stray(ch)), "")
    if stray:
        return Words(
            N_("it holds the character %(char)s, rare in a name"), (("char", repr(stray)),)
        )
    words = words_of[actor.slug]
    for other in sorted(neighbours, key=lambda a: (-len(a.mentions), a.name, a.slug)):
        other_words = words_of[other.slug]
        if (
            len(other.mentions) > 1
            and len(other_words) > len(words)
            and (other_words[: len(words)] == words or other_words[-len(words) :] == words)
        ):
            return Words(
                N_("it is part of %(actor)s, named in the same article"),
                (("actor", counted(other)),),
            )
    return None


def type_words(actor_type: str) -> Words | str:
    return Words(TYPE_WORDS[actor_type]) if actor_type in TYPE_WORDS else actor_type


def is_stray(char: str) -> bool:
    """Whether a character is out of place in a name (see NAME_CATEGORIES)."""
    return (
        char not in NAME_BRACKETS
        and not unicodedata.category(char).startswith(NAME_CATEGORIES)
        or char in "\\*_#@"
    )


def render_doubts(doubts: list[Doubt], language: str = SOURCE_LANGUAGE) -> list[Page]:
    """The page /actors/doubts/, in the site's language (the reasons too; api/doubts.json and the terminal say
    them in English), and api/doubts.json."""
    return [
        Page(DOUBTS_PAGE, doubts_page(doubts, language)),
        Page(DOUBTS_JSON, doubts_json(doubts)),
    ]


def doubts_json(doubts: list[Doubt]) -> str:
    return json_export([doubt.as_json() for doubt in doubts])


def doubts_page(doubts: list[Doubt], language: str = SOURCE_LANGUAGE) -> str:
    """Every doubt with its actor's link, reason and entry; all of it article text, so all of it escaped. The entry
    goes in <pre><code> (raw HTML Markdown leaves alone: no backtick in a name can close it) line by line through
    escape_text, which keeps markup and invisible characters inert."""
    _ = gettext_of(language)
    rows = [
        (
            doubt,
            relative_url(DOUBTS_URL, actor_url(doubt.slug)),
            snippet_html(doubt.snippet),
            doubt.why.say(language),
            _(KIND_WORDS.get(doubt.kind, doubt.kind)),
        )
        for doubt in doubts
    ]
    return front_matter(
        _("Actors to check"), annals="doubts", search={"exclude": True}
    ) + render_template(
        "doubts.md.j2",
        language,
        doubts=rows,
        json_href=relative_url(DOUBTS_URL, DOUBTS_JSON),
        index_href=relative_url(DOUBTS_URL, "actors/"),
    )


def snippet_html(snippet: str) -> Markup:
    return Markup("\n").join(escape_text(line) for line in snippet.rstrip("\n").split("\n"))


def doubts_text(doubts: list[Doubt], limit: int | None = None) -> str:
    """The doubts for a terminal: one block each, the reason and the entry to paste."""
    if not doubts:
        return "No actors to check.\n"
    shown = doubts if limit is None else doubts[:limit]
    blocks = [
        f"{len(doubts)} actors to check"
        + (f", the first {len(shown)} shown" if len(shown) < len(doubts) else "")
        + ", most mentioned first.\n"
    ]
    blocks.append("Paste an entry under 'actors:' in entities.yml and build again.\n")
    for doubt in shown:
        entry = "".join(f"    {line}\n" for line in doubt.snippet.splitlines())
        blocks.append(
            f"{printable(doubt.name)} [{doubt.kind}, {mentions_text(doubt.mentions)}]\n  {printable(doubt.reason)}\n{printable_block(entry)}"
        )
    return "\n".join(blocks)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Names come from articles: no control character of theirs reaches the terminal (escape sequences)."""
    return _CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text.replace("\n", " "))


def printable_block(text: str) -> str:
    return "\n".join(printable(line) for line in text.split("\n"))
