"""Archives that grow like real ones: copies of the corpus whose actors are renamed so that the number of distinct
actors grows with the archive at the rate the corpus itself shows.

A real archive keeps naming new people: its distinct actors V grow with its articles n roughly as Heaps' law,
V = K·n^β. The rate is measured on the corpus (`corpus_curve`, `heaps_fit`: its articles in date order, the
distinct actors the build resolves after each, a least-squares line through log V against log n). A copy of a
corpus article would add no actor; a `RenamingPlan` renames actors in each copy so that the archive's distinct
actors follow the corpus's fitted curve from where the corpus ends, V(n) = V(293) + K·(n^β − 293^β):

- each copy needs `new` fresh actors, the difference between the curve at its number and the actors planned so
  far; the article's least-known actors (the fewest corpus articles; persons, organisations and towns or
  countries the model labelled as such and named as names: a copy keeps its groups, regions and events) are
  renamed to new real-looking names, as many as it needs and has;
- the article's other actors named in only one corpus article take a name minted for an earlier copy (of the same
  type, one of the latest), so that new actors come back in later articles, as they do in a real archive;
- the rest keep their names.

Names come from Faker, seeded by the article's number, so the same plan gives the same texts whatever the size
built: people from the given names and surnames of a dozen locales, places as Faker's en_US towns ('Port
Jessica'), organisations as a surname of one of those locales before the kind of body the original was
('Merritt University', 'Ortiz Party') or, when its name says none, a common kind ('Ortiz Foundation'). A renamed actor keeps its form throughout the copy: every way the article wrote it is
replaced by the same form of the new name (the full name by the full name, a surname alone by the surname, an
acronym by the new name's initials), in one pass, longest form first, at word boundaries, so possessives ('Putin's'
→ 'Kowalski's') and the text around the names are left as they were.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property

SEED = "annals-bench"
# What a copy renames: an actor of these types whose mentions the model labelled alike (a person the model read as
# an organisation would be renamed as one, into a text that treats it as a person), and whose name is written as a
# name ('per cubic meter', typed person, is not).
RENAMED = {"person": ("PERSON",), "organization": ("ORG",), "place": ("GPE",)}
_NAME = re.compile(
    r"[A-Z][\w.'’-]*(?: (?:(?:of|the|and|for|de|du|van|von|al|bin|da|di|la|le)\b|[A-Z&][\w.'’&-]*))*"
)
# The kinds of body an organisation is named as when its own name says none.
GENERIC_KINDS = (
    "Group",
    "Institute",
    "Foundation",
    "Corporation",
    "Council",
    "Agency",
    "Association",
    "Industries",
)
PERSON_LOCALES = (
    "en_US",
    "en_GB",
    "en_IE",
    "de_DE",
    "fr_FR",
    "es_ES",
    "it_IT",
    "nl_NL",
    "pl_PL",
    "pt_BR",
    "sv_SE",
    "da_DK",
)
# Minted names a copy draws a returning actor from: the latest of that type.
RETURNING_POOL = 300
# The word an organisation's name ends with that says what kind of body it is, kept when it is renamed.
_KIND = re.compile(
    r"\b(Agency|Airlines?|Association|Authority|Bank|Board|Bureau|Church|Club|College|Commission|Committee|Company|"
    r"Corporation|Council|Court|Department|Foundation|Front|Group|Hospital|Institute|League|Ministry|Movement|Museum|"
    r"News|Office|Organi[sz]ation|Party|Police|Press|Service|Society|Times|Union|University)$"
)
_ACRONYM = re.compile(r"[A-Z][A-Z.&]{1,7}")


@dataclass(frozen=True)
class CorpusActor:
    slug: str
    name: str
    type: str
    articles: int  # corpus articles naming it
    label: str = ""  # the label the model gave its mentions most often

    @property
    def renamable(self) -> bool:
        return self.label in RENAMED.get(self.type, ()) and bool(_NAME.fullmatch(self.name))


@dataclass(frozen=True)
class CorpusArticle:
    path: str  # relative to the corpus folder
    date: str
    forms: tuple[
        tuple[str, tuple[str, ...]], ...
    ]  # (actor slug, every form the article writes it as)


def corpus_model(archive) -> tuple[dict[str, CorpusActor], list[CorpusArticle]]:
    """A resolved archive (generator.model.Archive) as a plan reads it: its actors by slug, and its articles in the
    order of their input paths, each with every form it writes each of its actors as."""
    forms: dict[str, dict[str, set[str]]] = {a.slug: {} for a in archive.articles}
    actors = {}
    for actor in archive.actors:
        for mention in actor.mentions:
            forms[mention.article].setdefault(actor.slug, set()).add(mention.text)
        actors[actor.slug] = CorpusActor(
            actor.slug,
            actor.name,
            actor.type,
            len({m.article for m in actor.mentions}),
            model_label(actor),
        )
    articles = [
        CorpusArticle(
            a.path,
            a.date.isoformat(),
            tuple((slug, tuple(sorted(texts))) for slug, texts in sorted(forms[a.slug].items())),
        )
        for a in sorted(archive.articles, key=lambda a: a.path)
    ]
    return actors, articles


def model_label(actor) -> str:
    """The label the model gave the actor's mentions most often ('' when it found none itself)."""
    labels = Counter(m.label for m in actor.mentions if m.label)
    return min(labels, key=lambda label: (-labels[label], label)) if labels else ""


def corpus_curve(articles: list[CorpusArticle]) -> list[int]:
    """Distinct actors after each article, the articles in date order (then by path)."""
    seen: set[str] = set()
    curve = []
    for article in sorted(articles, key=lambda a: (a.date, a.path)):
        seen.update(slug for slug, _ in article.forms)
        curve.append(len(seen))
    return curve


def heaps_fit(curve: list[int]) -> tuple[float, float]:
    """(K, β) of V = K·n^β, least squares through (log n, log V) over every point of `curve` (V after n = 1, 2, …)."""
    points = [(math.log(n), math.log(v)) for n, v in enumerate(curve, start=1) if v > 0]
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    beta = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum(
        (x - mean_x) ** 2 for x, _ in points
    )
    return math.exp(mean_y - beta * mean_x), beta


def planned_actors(n: int, start_n: int, start_v: int, k: float, beta: float) -> float:
    """Distinct actors the curve gives after `n` articles, continuing from (start_n, start_v)."""
    return (
        start_v + k * (n**beta - start_n**beta)
        if n > start_n
        else min(start_v, start_v * n / start_n)
    )


@dataclass
class Identity:
    """A minted actor: the names its forms are written as."""

    type: str
    name: str
    tokens: tuple[str, ...] = ()  # a person's given name(s) and surname


@dataclass
class RenamingPlan:
    """Which actors each copy renames, to whom; built one article after another, so article `i` is the same
    whatever the archive's size."""

    actors: dict[str, CorpusActor]
    articles: list[
        CorpusArticle
    ]  # in the archive's order: article i is a copy of articles[i % len]
    k: float
    beta: float
    minted: int = 0
    names_used: set[str] = field(default_factory=set)
    pools: dict[str, list[Identity]] = field(default_factory=dict)
    renamings: list[dict[str, Identity]] = field(
        default_factory=list
    )  # per article number: corpus slug → identity
    returning: int = 0  # renamings to an earlier minted actor

    @cached_property
    def corpus_names(self) -> set[str]:
        return {actor.name for actor in self.actors.values()}

    @cached_property
    def corpus_actors(self) -> int:
        return len({slug for article in self.articles for slug, _ in article.forms})

    def planned(self, n: int) -> float:
        return planned_actors(n, len(self.articles), self.corpus_actors, self.k, self.beta)

    def renaming(self, index: int) -> dict[str, Identity]:
        """Corpus actor slug → new identity, for article `index` of the archive."""
        while len(self.renamings) <= index:
            self.renamings.append(self._plan(len(self.renamings)))
        return self.renamings[index]

    def _plan(self, index: int) -> dict[str, Identity]:
        if index < len(self.articles):
            return {}
        article = self.articles[index % len(self.articles)]
        rng = random.Random(f"{SEED}:{index}")
        candidates = sorted(
            (self.actors[slug] for slug, _ in article.forms if self.actors[slug].renamable),
            key=lambda a: (a.articles, a.slug),
        )
        wanted = max(0, round(self.planned(index + 1)) - self.corpus_actors - self.minted)
        renaming: dict[str, Identity] = {}
        for actor in candidates[:wanted]:
            renaming[actor.slug] = self._mint(actor, rng)
        for actor in candidates[wanted:]:
            pool = self.pools.get(actor.type, [])
            if actor.articles == 1 and pool:
                renaming[actor.slug] = rng.choice(pool[-RETURNING_POOL:])
                self.returning += 1
        return renaming

    def _mint(self, actor: CorpusActor, rng: random.Random) -> Identity:
        for _ in range(100):
            identity = new_identity(actor, rng)
            if identity.name not in self.names_used and identity.name not in self.corpus_names:
                break
        self.names_used.add(identity.name)
        self.pools.setdefault(actor.type, []).append(identity)
        self.minted += 1
        return identity

    def rename(self, index: int, text: str) -> str:
        """`text` of article `index` with its renamed actors' forms replaced."""
        renaming = self.renaming(index)
        if not renaming:
            return text
        article = self.articles[index % len(self.articles)]
        replacements = {}
        for slug, forms in article.forms:
            if slug in renaming:
                for form in forms:
                    replacements.setdefault(
                        form, renamed_form(form, self.actors[slug].name, renaming[slug])
                    )
        return replace_forms(text, replacements)


def replace_forms(text: str, replacements: dict[str, str]) -> str:
    """Every form in `text` replaced at word boundaries, in one pass, the longest first."""
    forms = sorted(
        (f for f in replacements if f and f != replacements[f]), key=lambda f: (-len(f), f)
    )
    if not forms:
        return text
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)")
    return pattern.sub(lambda m: replacements[m.group()], text)


@cache
def _faker_of(locale: str):
    from faker import Faker

    return Faker(locale)


def _faker(locale: str, rng: random.Random):
    """Faker for `locale`, seeded from `rng` (made once per locale: making one takes tens of milliseconds)."""
    fake = _faker_of(locale)
    fake.seed_instance(rng.random())
    return fake


def new_identity(actor: CorpusActor, rng: random.Random) -> Identity:
    """A real-looking name for a new actor of `actor`'s type."""
    if actor.type == "person":
        fake = _faker(rng.choice(PERSON_LOCALES), rng)
        given, surname = fake.first_name(), fake.last_name()
        return Identity("person", f"{given} {surname}", (given, surname))
    if actor.type == "place":
        return Identity("place", _faker("en_US", rng).city())
    # A surname of any of the locales: en_US's thousand alone, times the kinds, would run out at 30,000 articles.
    kind = _KIND.search(actor.name)
    surname = _faker(rng.choice(PERSON_LOCALES), rng).last_name()
    return Identity(
        "organization", f"{surname} {kind.group() if kind else rng.choice(GENERIC_KINDS)}"
    )


def renamed_form(form: str, name: str, identity: Identity) -> str:
    """How `form`, one way an article writes the actor called `name`, is written for `identity`."""
    if _ACRONYM.fullmatch(form) and " " not in form:
        initials = "".join(word[0] for word in identity.name.split() if word[:1].isupper())
        return initials if len(initials) > 1 else identity.name
    if identity.type != "person" or not identity.tokens:
        return identity.name
    given, surname = identity.tokens
    words = name.split()
    if form == name:
        return identity.name
    if len(words) < 2:
        return surname
    # A part of the full name: its first word by the new given name, its last by the new surname, any word between
    # dropped, anything else ('President', 'Mr.') kept; a possessive keeps its ending.
    mapping = {**dict.fromkeys(words[1:-1], ""), words[0]: given, words[-1]: surname}
    out = []
    for word in form.split():
        base, ending = re.fullmatch(r"(.*?)((?:['’]s?)?)", word).groups()
        out.append(mapping[base] + ending if base in mapping else word)
    return " ".join(w for w in out if w)
