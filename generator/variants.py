"""Forms of one name across the archive: which actor key is only another way of writing another key.

resolve groups mentions by `name_key`; this module decides, once the archive's keys, types and counts are known,
which keys are variants of another: a hyphen for a space ('United-States'), a possessive's 's' left out inside a
name ('New People Party' for 'New People's Party'), a middle initial ('Brian T.
Carroll'), a numbered name's bare stem ('COVID' beside 'COVID-19'), a party's adjective and its members' plural
('Democratic', 'Democrats' → 'Democratic Party'), a place or demonym written differently before an institution
('US Senate', 'U.S. Senate', 'United States Senate'), an acronym for the first words of a name ('UN Security
Council' for 'United Nations Security Council'), and an institution's bare name ('Senate', 'House') when one
qualified institution of that name dominates the archive (in an article of another country, that country's
institution or none: institution_in_article). Every look-up goes through dicts built in one pass over
the keys: nothing here grows faster than the number of actors.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from . import knowledge
from .names import name_key

# How many times the leading qualified institution's counts must exceed every rival's for its bare name to join it.
DOMINANCE = 3
# A one-word head joins the name 'X of …' it heads only if at least one in this many of the articles naming it name
# that too: on the 10,000-article bench, 240 of the 378 articles with a bare 'House' name the House of
# Representatives, and none of those with a bare 'Time', 'Council' or 'University' names what they would join.
HEAD_SHARED_ARTICLES = 4
# Longest run of words a place's name may take before an institution's ('united states', 'new south wales').
MAX_PLACE_WORDS = 3
_NUMBERED = re.compile(r"(.+?)-(\d+)")
# Types that are no institution, nor another form of one: a person or a place keeps its own name.
_OWN_NAME_TYPES = ("person", "place")


@dataclass(frozen=True)
class Join:
    """A key joins `target`; `how` is 'variant' (another spelling) or 'short-form' (an institution's bare name,
    `ratio` being how many times its counts exceed the nearest rival's)."""

    target: str
    how: str
    ratio: float = math.inf


class ArchiveVariants:
    """The joins between the keys of one archive, given each key's type and (articles, mentions) counts."""

    def __init__(
        self,
        types: dict[str, str],
        counts: dict[str, tuple[int, int]],
        articles: Iterable[Iterable[str]] = (),
    ):
        self.types = types
        self.counts = counts
        self._articles: dict[str, list[int]] = defaultdict(
            list
        )  # key → indexes of the articles naming it
        self._article_keys: list[frozenset[str]] = []
        for index, keys in enumerate(articles):
            self._article_keys.append(frozenset(keys))
            for key in self._article_keys[-1]:
                self._articles[key].append(index)
        self.joins: dict[str, Join] = {}
        self._qualified: dict[str, str] = {}  # key → its qualified form, with the place's own name
        self._institutions: dict[str, set[str]] = defaultdict(set)  # bare name → qualified forms
        self._representative: dict[
            str, str
        ] = {}  # qualified form → the most mentioned key written so
        self._place_of: dict[str, str] = {}  # qualified form → the key of its place
        self._keys_of: dict[str, list[str]] = defaultdict(
            list
        )  # qualified form → the keys written so
        self._form_counts: dict[
            str, tuple[int, int]
        ] = {}  # qualified form → counts of all its keys
        self._heads: dict[str, set[str]] = defaultdict(
            set
        )  # 'house' → keys 'house of …', qualified or not
        # A bare institution's name → the country (ISO code) of the institution the archive means by it.
        self._meant_country: dict[str, str] = {}
        numbered: dict[str, list[str]] = defaultdict(list)
        initialled: dict[str, list[str]] = defaultdict(list)
        self._possessive: dict[str, list[str]] = defaultdict(
            list
        )  # 'new people party' → ['new people s party']
        # 'un security council' → ['united nations security council']: names whose first words, by their initials,
        # are the acronym before the same rest.
        self._acronym_first: dict[str, list[str]] = defaultdict(list)
        for key in sorted(types):
            # A place's name before an institution's is qualify's to join ('US Senate').
            if types[key] not in _OWN_NAME_TYPES and qualify(key) is None:
                for short in acronym_first_forms(key):
                    self._acronym_first[short].append(key)
            if " s " in key:
                self._possessive[key.replace(" s ", " ")].append(key)
            found = _NUMBERED.fullmatch(key)
            if found:
                numbered[found.group(1)].append(key)
            if types[key] == "person":
                plain = without_initials(key)
                if plain != key:
                    initialled[plain].append(key)
            self._index_institution(key)
        # Longer names first, so a one-word name meets the institutions it heads as they are joined.
        for key in sorted(types, key=lambda k: (-len(k.split()), k)):
            join = self._spelling(key, numbered, initialled) or self._bare_institution(key)
            if join is not None and join.target != key:
                self.joins[key] = join

    def resolve(self, key: str) -> Join | None:
        """The join of `key`, followed to its end (a bare 'House' → 'House of Representatives' → 'United States
        House of Representatives'); None when the key is a name of its own."""
        join, seen = self.joins.get(key), {key}
        while join is not None and join.target in self.joins and join.target not in seen:
            seen.add(join.target)
            following = self.joins[join.target]
            how = "short-form" if "short-form" in (join.how, following.how) else "variant"
            join = Join(following.target, how, min(join.ratio, following.ratio))
        return join

    def _index_institution(self, key: str) -> None:
        if self.types[key] in _OWN_NAME_TYPES:
            return
        qualified = qualify(key)
        bare = qualified[1] if qualified else key
        words = bare.split()
        if len(words) > 2 and words[1] == "of":
            self._heads[words[0]].add(key)
        if qualified is None:
            return
        form, _, self._place_of[form] = qualified
        self._qualified[key] = form
        self._keys_of[form].append(key)
        self._institutions[bare].add(form)
        current = self._representative.get(form)
        if current is None or self._rank(key) < self._rank(current):
            self._representative[form] = key
        articles, mentions = self._form_counts.get(form, (0, 0))
        found = self.counts.get(key, (0, 0))
        self._form_counts[form] = (articles + found[0], mentions + found[1])

    def _rank(self, key: str) -> tuple:
        articles, mentions = self.counts.get(key, (0, 0))
        return (-mentions, -articles, key)

    def _spelling(
        self, key: str, numbered: dict[str, list[str]], initialled: dict[str, list[str]]
    ) -> Join | None:
        """Another spelling of a name the archive has: see the module docstring."""
        kind = self.types[key]
        spaced = key.replace("-", " ")
        if spaced != key and spaced in self.types:
            return Join(spaced, "variant")
        if kind == "person":
            plain = without_initials(key)
            if plain != key and self.types.get(plain) == "person" and len(initialled[plain]) == 1:
                return Join(plain, "variant")
            return None
        if kind == "place":
            return None
        possessive = self._possessive.get(key, [])
        if len(possessive) == 1 and self.types[possessive[0]] == kind:
            return Join(possessive[0], "variant")  # 'New People Party' is the 'New People's Party'
        if len(numbered.get(key, ())) == 1:
            return Join(numbered[key][0], "variant")
        spelled = self._acronym_first.get(key, [])
        if len(spelled) == 1 and self.types[spelled[0]] == kind and key not in self._qualified:
            return Join(
                spelled[0], "variant"
            )  # 'U.N. Security Council' is the 'United Nations Security Council'
        party = self._party_of(key)
        if party is not None:
            return Join(party, "variant")
        form = self._qualified.get(key)
        if form is not None and self._representative[form] != key:
            return Join(self._representative[form], "variant")
        return None

    def _party_of(self, key: str) -> str | None:
        """'democratic', 'democrat', 'democrats' → 'democratic party'; 'republicans' → 'republican party': a
        party's adjective and its members' name, singular or plural, when the archive names that party."""
        if " " in key or self.types[key] not in ("group", "organization"):
            return None
        stems = {key, key[:-1]} if key.endswith("s") else {key}
        for stem in sorted(stems):
            for form in (stem, stem + "ic"):
                party = f"{form} party"
                if self.types.get(party) == "organization":
                    return party
        return None

    def _bare_institution(self, key: str) -> Join | None:
        """An institution's bare name and the one the archive means by it: 'senate' → 'united states senate'
        when the articles naming the Senate name the United States, not Puerto Rico (see _institution_of); a
        one-word name also joins the one name 'X of …' it heads that dominates the others ('house' → 'house of
        representatives' beside 'house of commons') and that a share of the articles naming it name too (see
        HEAD_SHARED_ARTICLES): the archive then uses the one for the other, where 'Time' the magazine is never
        named beside 'Time of Your Life' the song, nor a bare 'University' beside the one university it heads."""
        if self.types[key] != "organization" or key in self._qualified:
            return None
        join = self._institution_of(key)
        if join is not None or " " in key:
            return join
        totals: dict[str, tuple[int, int]] = {}
        members: dict[str, set[str]] = defaultdict(set)  # target → the keys that name it
        counted: set[str] = set()
        for head in sorted(self._heads.get(key, ())):
            form = self._qualified.get(head)
            joined = self.resolve(head)
            target = joined.target if joined else self._representative[form] if form else head
            members[target].update(self._keys_of[form] if form else (head,))
            if (form or head) in counted:
                continue
            counted.add(form or head)
            add_counts(
                totals, target, self._form_counts[form] if form else self.counts.get(head, (0, 0))
            )
        totals = {
            target: counts
            for target, counts in totals.items()
            if self.types.get(target) == "organization"
        }
        leader, ratio = dominant(totals)
        if leader is None:
            return None
        articles = self._articles.get(key, [])
        shared = sum(1 for index in articles if self._article_keys[index] & members[leader])
        if shared == 0 or HEAD_SHARED_ARTICLES * shared < len(articles):
            return None
        return Join(leader, "short-form", ratio)

    def _institution_of(self, key: str) -> Join | None:
        """The qualified institution a bare name means: of the places that qualify it in the archive ('US
        Senate', 'Puerto Rico Senate'), the one named in more than half of the articles naming the bare name and
        in DOMINANCE times as many as any other. When the bare name is the more mentioned, the qualified names
        join it instead (the archive calls it so), and None is returned."""
        forms = sorted(self._institutions.get(key, ()))
        articles = self._articles.get(key, [])
        if not forms or not articles:
            return None
        forms_named_by: dict[str, set[str]] = defaultdict(
            set
        )  # the place's key or a qualified key → its forms
        for form in forms:
            for name in (self._place_of[form], *self._keys_of[form]):
                forms_named_by[name].add(form)
        naming: Counter = (
            Counter()
        )  # form → articles naming the bare name that name its place (one pass)
        for index in articles:
            naming.update(
                set().union(*(forms_named_by.get(k, ()) for k in self._article_keys[index]))
            )
        by_place = {form: (naming[form], naming[form]) for form in forms}
        leader, ratio = dominant(by_place)
        if leader is None or 2 * by_place[leader][0] <= len(articles):
            return None
        place = knowledge.lookup_place(self._place_of[leader])
        if place is not None and place.country:
            self._meant_country[key] = place.country
        target = self._representative[leader]
        if (
            self.counts.get(key, (0, 0))[1] > self._form_counts[leader][1]
            and target not in self.joins
        ):
            self.joins[target] = Join(key, "variant")
            return None
        return Join(target, "short-form", ratio)

    @property
    def bare_institutions(self) -> Collection[str]:
        """The bare names institution_in_article may place otherwise: the others need not be asked."""
        return self._meant_country.keys()

    def institution_in_article(
        self, key: str, article_keys: frozenset[str], written: Iterable[str] = ()
    ) -> str | None:
        """Where an article's bare institution name goes when the archive means another country's by it: to the
        one qualified form of it the article names, if that is another country's ('Parliament' beside 'Parliament
        of Iraq', 'Senate' beside 'Puerto Rico Senate'), else nowhere (NOT_HERE) when the article names places and
        none is in that country ('Senate' in a story of Argentina's Congress is not the US Senate). None leaves
        the archive's join."""
        country = self._meant_country.get(key)
        if country is None:
            return None
        forms = self._institutions[key]
        named = {self._qualified[k]: k for k in article_keys if self._qualified.get(k) in forms}
        # The article's own actor may hold the qualified name, beside the bare one ('Supreme Court of Puerto Rico').
        for name in written:
            qualified = qualify(name_key(name))
            if qualified is not None and qualified[1] == key:
                named.setdefault(qualified[0], name_key(name))
        if len(named) == 1:
            form, written_so = named.popitem()
            place = knowledge.lookup_place(qualified_place(written_so))
            if place is None or place.country == country:
                return None  # a state's or city's own ('Iowa Democratic Party') may stand beside the nation's
            representative = self._representative.get(form, written_so)
            join = self.resolve(representative)
            return join.target if join else representative
        countries = {
            place.country
            for k in article_keys
            if self.types.get(k) == "place"
            and (place := knowledge.lookup_place(k)) is not None
            and place.country
        }
        if countries and country not in countries:
            return NOT_HERE
        return None


# institution_in_article's answer for a bare institution's name that names none of the archive's here.
NOT_HERE = ""


def add_counts(totals: dict[str, tuple[int, int]], key: str, counts: tuple[int, int]) -> None:
    articles, mentions = totals.get(key, (0, 0))
    totals[key] = (articles + counts[0], mentions + counts[1])


# Small words an acronym leaves out ('Bank of England' → 'BoE' is written 'boe', 'BE' as often: both are tried).
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for"})


def acronym_first_forms(key: str) -> set[str]:
    """The keys of a name written with its first two to four words as their acronym before the rest, at least one
    word after it: 'united nations security council' → {'un security council', 'uns council'}."""
    words = key.split()
    forms = set()
    for count in range(2, min(4, len(words) - 1) + 1):
        letters = "".join(word[0] for word in words[:count] if word not in _ACRONYM_SKIPS)
        if len(letters) >= 2:
            forms.add(f"{letters} {' '.join(words[count:])}")
    return forms


def without_initials(key: str) -> str:
    """'brian t carroll' → 'brian carroll': a person's name without its one-letter middle words."""
    words = key.split()
    if len(words) < 3:
        return key
    middle = [word for word in words[1:-1] if len(word) > 1]
    return " ".join([words[0], *middle, words[-1]])


def qualify(key: str) -> tuple[str, str, str] | None:
    """An institution's name qualified by a place, with the place as the place's own name and the bare name:
    'us senate' → ('united states senate', 'senate'), 'british parliament' → ('united kingdom parliament',
    'parliament'), 'supreme court of the united states' → ('united states supreme court', 'supreme court'), and
    the place's key.
    None for a name with no place before it or after its 'of', or nothing else."""
    words = key.split()
    for count in range(min(MAX_PLACE_WORDS, len(words) - 1), 0, -1):
        place = place_key(" ".join(words[:count]))
        if place is not None:
            bare = " ".join(words[count:])
            return f"{place} {bare}", bare, place
    if " of " in key:
        bare, _, where = key.rpartition(" of ")
        where = where.removeprefix("the ")
        place = place_key(where) if bare else None
        if place is not None:
            return f"{place} {bare}", bare, place
    return None


def qualified_place(key: str) -> str:
    """The key of the place that qualifies an institution's name ('us senate' → 'united states'); '' if none."""
    qualified = qualify(key)
    return qualified[2] if qualified else ""


def place_key(text: str) -> str | None:
    """The key of the country or place `text` names, by its name or its demonym ('us', 'british'); None if none."""
    place = knowledge.lookup_place(text) or knowledge.country_of_demonym(text)
    return name_key(place.name) if place is not None else None


def dominant(totals: dict[str, tuple[int, int]]) -> tuple[str | None, float]:
    """The key whose every count is at least DOMINANCE times every rival's, and by how much (math.inf alone)."""
    ranked = sorted(totals, key=lambda k: (-totals[k][1], -totals[k][0], k))
    if not ranked:
        return None, 0.0
    leader, ratio = ranked[0], math.inf
    for rival in ranked[1:]:
        for lead, other in zip(totals[leader], totals[rival]):
            if lead < DOMINANCE * other:
                return None, 0.0
            if other > 0:
                ratio = min(ratio, lead / other)
    return leader, ratio
