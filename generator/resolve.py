"""Resolution: turn the model's entity spans into actors — one per real-world person, organisation or place.

Within an article, short forms join the full name introduced there ('Putin' → 'Vladimir Putin'), acronyms join
their expansion, and names the model missed are found by matching the actor's known forms; speaker labels and
a caption's credit ('Image: Nicholas Moreau.') are not mentions, and a place that plays a match there is its
team ('Sweden 1 – 0 Korea Republic'). Across articles, the same normalised name is the same actor, and a lone
surname joins the full name of the one person who dominates it (or stays apart while rivals are comparable). An actor's type is voted from
all its mentions (labels, titles, the words around them, what the text says the actor is), its name (a known
given name, an organisation's head noun) and built-in knowledge; editors override any of it in entities.yml.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import math
import operator
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from . import knowledge, teams
from .config import EditorialEntry, EditorialRules
from .languages import words_of
from .model import (
    TYPE_ORDER,
    Actor,
    ActorQuote,
    Annotation,
    Archive,
    Article,
    Entity,
    Mention,
    Rejection,
    shared_confidence,
    shared_offset,
)
from .names import clean_surface, make_slug, name_key
from .variants import NOT_HERE, ArchiveVariants

LABEL_TYPES = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "MISC": "other",
}
# Words that, right before a name, say it is a person ("Chancellor Olaf Scholz", "spokesperson Dmitry Peskov").
PERSON_TITLES = frozenset(
    """president chancellor minister secretary spokesperson spokesman spokeswoman senator governor mayor premier
    pope king queen prince princess mr mrs ms dr sir lady lord general colonel captain judge justice ambassador
    chairman chairwoman chair ceo director leader candidate rep representative commissioner prosecutor
    lawyer attorney professor emeritus coach actor actress singer author journalist reporter said""".split()
)
# Occupations that stand before a person's name as a title does in news copy ('planetary scientist Vlada
# Stamenković', 'economist Paul Krugman'): English nouns for what someone does, not what a body does (no producer,
# designer, developer or maker: 'oil producer Saudi Aramco', 'chip designer Arm'). They only vote, as a title does;
# they are never cut from a name.
OCCUPATION_NOUNS = frozenset(
    """scientist astronomer astronaut astrophysicist physicist chemist biologist geologist economist historian
    researcher scholar academic analyst engineer architect artist painter sculptor photographer filmmaker composer
    musician rapper comedian novelist poet writer playwright activist entrepreneur businessman businesswoman
    billionaire philanthropist explorer""".split()
)
# Titles that go with a single name and are part of how that person is known ('Pope Francis', 'Queen Elizabeth',
# 'Lady Gaga'); before a full name they are titles like the others ('Lady Melania Trump' is Melania Trump).
NOBLE_TITLES = frozenset("pope king queen prince princess lady lord sir dame".split())
# Titles that are never part of a name, whatever label the model gives the span ('Dr Martisius' tagged ORG).
HONORIFICS = frozenset("mr mrs ms miss dr prof".split())
# Ranks and titles as US news copy abbreviates them before a name ('Lance Cpl. Koby Saunders', 'Det. Sgt.', 'Atty.
# Gen.'), and the words that make a compound rank with the one after them ('Staff Sgt.', 'Rear Adm.'). spaCy's
# tokenizer keeps only some of them whole; the others it cuts before their period, which then ends a sentence, and
# the model takes the word left for a name.
TITLE_ABBREVIATIONS = frozenset(
    """adm amb asst atty brig capt cmdr col cpl det ens gen gov insp lt maj msgr pfc pres pvt rep sen sgt spc
    supt""".split()
)
RANK_MODIFIERS = frozenset("lance staff master first 1st 2nd rear vice command chief".split())
# Nouns that, right after a name, say it names a thing, not a person ("Iskander dual-capable missiles").
THING_NOUNS = frozenset(
    """missile missiles rocket rockets jet jets fighter fighters aircraft plane planes helicopter helicopters tank
    tanks drone drones system systems vaccine vaccines ship ships submarine submarines launcher launchers""".split()
)
# Nouns after a demonym that make it name the state: 'Russian President', 'the Russian deployment'.
STATE_NOUNS = frozenset(
    """president presidents prime minister ministers ministry foreign deputy government governments official officials
    authorities forces force troops military army navy embassy ambassador parliament leader leaders leadership
    defence defense state invasion offensive deployment police court courts diplomat diplomats diplomacy
    spokesperson spokesman spokeswoman chancellor administration regime intelligence security warships jets
    missiles sanctions demands concerns decision statement interior justice health finance economy central
    national federal senator senators lawmakers legislature congress cabinet crown king queen monarch monarchy
    royal emir sultan""".split()
)
_WORD = re.compile(r"[\w’'.-]+")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
_BRACKETED_ACRONYM = re.compile(r"\s*\(([A-Z][A-Z&.]{1,9})\)")
# A short form in mixed case the text coins in brackets right after a name ('… Seismology (Phivolcs)'), joined to it
# where its letters fit the name (abbreviates).
_SHORT_FORM_IN_BRACKETS = r"\(([A-Z][\w&.-]{1,11})\)"
_BRACKETED_SHORT_FORM = re.compile(r"\s*" + _SHORT_FORM_IN_BRACKETS)
_TRAILING_BRACKETED_ACRONYM = re.compile(r"\s*\(([A-Z][A-Z&.]{1,9})\)?$")
# Wiki markup around an interview's speaker or a language label: '((WN)) Given that…', '((hi))Hindi language:'.
_BRACKETED_LABEL = re.compile(r"\(\([^()\n]{1,80}\)\)")
_TRAILING_LABEL = re.compile(_BRACKETED_LABEL.pattern + r"\s*$")
# One to four capitalised words and a colon opening a paragraph that goes on to say something: the speaker of an
# interview or transcript ('NG: This study…'); not 'Trump's statement read:' (words not all capitalised), nor
# the credit line under a photo ('Kamala Harris Image: U.S. Senate.', too short to be speech).
_SPEAKER_LABEL = re.compile(r"((?:[A-Z][\w.'’-]*\s){0,3}[A-Z][\w.'’-]*):\s")
_ACRONYM_STOPWORDS = {
    "of",
    "the",
    "for",
    "and",
    "de",
    "du",
    "des",
    "la",
    "le",
    "on",
    "in",
    "to",
    "&",
}
MIN_FOUND_NAME_CHARS = 4
MIN_QUOTE_WORDS = 4
MIN_SPEECH_WORDS = 8
# How many times a person's counts must exceed every rival's for a lone surname to mean that person.
DOMINANCE = 3


@dataclass(slots=True)
class LocalActor:
    """Mentions in one article believed to be one actor, before merging across the archive. Slotted, `former`
    an immutable set shared while empty; never changed once `local_actors` has made it, so that what merging
    weighs of it (LocalCounts), alive for every article together while the archive is merged, shares its counts
    with every other counting the same (LocalActorsMemo.local_counts; README, Measurements behind the code)."""

    key: str
    forms: Counter = field(default_factory=Counter)
    votes: Counter = field(default_factory=Counter)
    spans: list = field(default_factory=list)  # (start, end, surface, label)
    # A common word this article never uses as a name: an actor only if most articles do (settle_common_words).
    unproven: bool = False
    # Spans the model ran into a caption's credit, as it wrote them ('Kamala Harris Image'): pages of earlier
    # builds, whose URLs redirect here.
    former: frozenset = frozenset()
    # Span start → (how, confidence) for the spans a rule of the article joined to this actor (see HOW in model.py);
    # a span not here was labelled by the model under this name, or found by name (its label is "").
    how: dict = field(default_factory=dict)
    # The actor's name when no form the article writes is one: a side of a match named after its place
    # ('Sweden team', see name_teams).
    name: str = ""
    # The longer name of the article a common word would stand for ('White House' for 'House') where the word
    # also heads another of its names ('House of Representatives'): which one it means is the archive's to say
    # (merge_across_articles), and by default this one (settle_common_words).
    short_of: str = ""


@dataclass(frozen=True, slots=True)
class LocalCounts:
    """What merging across the archive weighs of a local actor (merge_across_articles, build_actors' names and
    types): all of it but its spans, which the build reads again article by article once the actors are known
    (LocalActorsMemo.again). Every article's are alive together; their spans were most of the local actors'
    memory (192 MB at 10,000 articles)."""

    key: str
    forms: Counter
    votes: Counter
    mentions: int  # how many spans
    unproven: bool = False
    former: frozenset = frozenset()
    name: str = ""
    short_of: str = ""

    @classmethod
    def of(cls, actor: LocalActor) -> LocalCounts:
        return cls(
            actor.key,
            actor.forms,
            actor.votes,
            len(actor.spans),
            actor.unproven,
            actor.former,
            actor.name,
            actor.short_of,
        )


class KnownLocalActors(Mapping[str, dict[str, LocalActor]]):
    """Each article's local actors from an earlier build, by digest, as resolving reads them: what merging weighs
    first (`counts`), their spans once the archive's actors are known (`spans`). A store that keeps the two
    apart reads each alone; by default both are the whole local actors."""

    def counts(self, digest: str) -> dict[str, LocalCounts] | None:
        return counts_of(self.get(digest))

    def spans(self, digest: str) -> dict[str, LocalActor] | None:
        """The local actors with at least their spans and how each was joined (LocalActor.how)."""
        return self.get(digest)


def counts_of(actors: Mapping[str, LocalActor] | None) -> dict[str, LocalCounts] | None:
    return None if actors is None else {k: LocalCounts.of(a) for k, a in actors.items()}


class HeldLocalActors(KnownLocalActors):
    """Local actors held in a mapping (an earlier memo's `used`): both reads are the whole local actors."""

    def __init__(self, held: Mapping[str, dict[str, LocalActor] | None]):
        self.held = held

    def __getitem__(self, digest: str) -> dict[str, LocalActor]:
        found = self.held[digest]
        if found is None:
            raise KeyError(digest)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.held)

    def __len__(self) -> int:
        return len(self.held)


class LocalActorsMemo:
    """Each article's local actors from an earlier build, by a digest of the article's text and annotation, so a
    rebuild after one new article groups only that article's names. `known` must come from a build with the same
    editorial rules and code (the caller keys it so); `used` is what this build needed, to keep for the next: an
    article's local actors, or None where they are known or `keep` has stored them (`known` finds them again)."""

    def __init__(
        self,
        known: Mapping[str, dict[str, LocalActor] | None] | None = None,
        keep: Callable[[str, dict[str, LocalActor]], bool] | None = None,
    ):
        self.known = known if isinstance(known, KnownLocalActors) else HeldLocalActors(known or {})
        self.keep = keep
        self.used: dict[str, dict[str, LocalActor] | None] = {}
        # Each distinct count of forms or of type votes, by its items in order: one Counter for every local actor
        # counting the same ('Donald Trump' written twice; the votes of a name the model labelled once).
        self.counts: dict[tuple, Counter] = {}

    def local_counts(
        self, article: Article, annotation: Annotation, editorial: EditorialIndex, key: str = ""
    ) -> dict[str, LocalCounts]:
        """What merging weighs of the article's local actors (LocalCounts), known or grouped now: all a build
        holds of them until `again` reads their spans."""
        key = key or annotated_text_digest(article, annotation)
        found = self.known.counts(key)
        if found is None:
            actors = local_actors(article, annotation, editorial)
            stored = self.keep is not None and self.keep(key, actors)
            self.used[key] = None if stored else actors
            found = {k: LocalCounts.of(actor) for k, actor in actors.items()}
        else:
            self.used[key] = None
        # Every article's counts are alive together while the archive is merged, and 216,000 local actors at
        # 10,000 articles hold only 51,000 distinct counts (README, Measurements behind the code).
        return {k: self.with_shared_counts(c) for k, c in found.items()}

    def shared(self, counts: Counter) -> Counter:
        return self.counts.setdefault(tuple(counts.items()), counts)

    def with_shared_counts(self, counts: LocalCounts) -> LocalCounts:
        forms, votes = self.shared(counts.forms), self.shared(counts.votes)
        if forms is counts.forms and votes is counts.votes:
            return counts
        return LocalCounts(
            counts.key,
            forms,
            votes,
            counts.mentions,
            counts.unproven,
            counts.former,
            counts.name,
            counts.short_of,
        )

    def again(self, key: str) -> dict[str, LocalActor] | None:
        """The spans of the local actors `local_counts` gave under `key` (whole local actors, or at least their
        spans and how each was joined), read again where they were stored; None where they are gone from the
        store since (another build's save), for the caller to group them again."""
        actors = self.used.get(key)
        return actors if actors is not None else self.known.spans(key)


def annotated_text_digest(article: Article, annotation: Annotation) -> str:
    """A digest of an article's text and annotation: the key of its local actors (LocalActorsMemo) and its part of
    a build's inputs (pipeline.input_digest). The repr of every annotation takes about a second at 10,000
    articles, so a build takes it once for both."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(
        article.body.encode("utf-8", "surrogatepass")
        + b"\0"
        + repr(annotation).encode("utf-8", "surrogatepass")
    )
    return digest.hexdigest()


def resolve_archive(
    articles: Iterable[Article],
    annotations: dict[str, Annotation],
    rules: EditorialRules = EditorialRules(),
    rejections: Iterable[Rejection] = (),
    memo: LocalActorsMemo | None = None,
    digests: Mapping[str, str] | None = None,
) -> Archive:
    """Resolve every article's entities into actors and assemble the archive. `digests` are the articles'
    annotated_text_digest by path, where the caller has taken them."""
    articles = sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)
    editorial = EditorialIndex(rules)
    memo = memo or LocalActorsMemo()
    # What merging needs of every article's local actors; their spans are read again article by article
    # (local_spans) once the actors are known.
    per_article: dict[str, dict[str, LocalCounts]] = {}
    keys: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.path):
        annotation = annotations.get(article.path, Annotation((), ()))
        key = (digests.get(article.path, "") if digests else "") or annotated_text_digest(
            article, annotation
        )
        keys[article.path] = key
        per_article[article.path] = memo.local_counts(article, annotation, editorial, key)
    joined: dict = {}
    global_keys = merge_across_articles(per_article, editorial, joined)
    by_path = {article.path: article for article in articles}

    def local_spans(path: str) -> dict[str, LocalActor]:
        found = memo.again(keys[path])
        if found is not None:
            return found
        return local_actors(by_path[path], annotations.get(path, Annotation((), ())), editorial)

    actors, redirects = build_actors(
        articles, annotations, per_article, local_spans, global_keys, editorial, joined
    )
    articles = [with_language_read(article, annotations.get(article.path)) for article in articles]
    return Archive(tuple(articles), actors, redirects, tuple(rejections))


def with_language_read(article: Article, annotation: Annotation | None) -> Article:
    """The article with the language it was read as (its front matter's, else the one identified from its text),
    which its page and its search record declare."""
    if article.lang or annotation is None or not annotation.language:
        return article
    return dataclasses.replace(article, lang=annotation.language)


class EditorialIndex:
    """Look-ups into the editorial rules by name key."""

    def __init__(self, rules: EditorialRules):
        self.by_key: dict[str, EditorialEntry] = {}
        self.ignored: set[str] = set()
        for entry in rules.entries:
            for name in (entry.name, *entry.aliases, *entry.merge):
                if entry.ignore:
                    self.ignored.add(name_key(name))
                else:
                    self.by_key[name_key(name)] = entry

    def canonical_key(self, key: str) -> str:
        entry = self.by_key.get(key)
        return name_key(entry.name) if entry else key

    def entry(self, key: str) -> EditorialEntry | None:
        return self.by_key.get(key)


def local_actors(
    article: Article, annotation: Annotation, editorial: EditorialIndex
) -> dict[str, LocalActor]:
    """The actors of one article: labelled spans cleaned and grouped, short forms merged, missed names found."""
    credits = photo_credits(article.body)
    labels = sorted(
        speaker_labels(article)
        + credits
        + staff_credits(article, annotation)
        + party_designators(article.body)
    )
    capitals = dateline_places(article)
    spans: list[tuple[int, int, str, str, str]] = []  # start, end, surface, label, name key
    former: dict[
        int, str
    ] = {}  # start → the span as the model gave it, before a credit was cut off
    entities = split_at_short_forms(
        article.body, split_at_slashes(article.body, annotation.entities)
    )
    entities = split_affiliations(article.body, entities)
    entities = list(split_title_objects(article.body, split_leading_places(article.body, entities)))
    entity_ends = {entity.end for entity in entities}
    # A cleaned span → where the model's spans written so start.
    entity_texts: dict[str, set[int]] = defaultdict(set)
    for e in entities:
        entity_texts[clean_surface(article.body[e.start : e.end])].add(e.start)
    # Where the last span a rule lengthened ends: the model's spans inside it are part of it.
    taken_to = -1
    # Whether the text writes with capitals (writes_with_capitals), worked out at the first need.
    capitalised: bool | None = None
    for entity in entities:
        actor_type = LABEL_TYPES.get(entity.label)
        if actor_type is None or entity.start < taken_to:
            continue
        span = clean_span(article.body, *without_attitude(article.body, entity.start, entity.end))
        if span is not None:
            uncut, span = span, before_credit(article.body, *span, credits)
            if span is not None and span != uncut:
                former[span[0]] = uncut[2]
        if span is not None:
            span = teams.without_score(article.body, *span)
            span = without_trailing_figure(article.body, *span)
            span = without_small_words_around(
                article.body, *span, entity.label, annotation.language
            )
            span = without_title(article.body, *span, entity.label, annotation.language)
        label = entity.label
        if span is not None:
            span, label = after_inner_title(article.body, *span, label)
        if span is not None:
            span = without_glued_word(article.body, *span, label)
            span = with_hyphenated_tail(article.body, *span, label)
            span = with_camel_case_head(article.body, *span, label, entity_ends)
            span = with_capitalised_head(article.body, *span, label, entity_ends, entity_texts)
            span = with_place_opener(article.body, *span)
            span = with_place_after(article.body, *span, label)
            span = with_place_qualifier(article.body, *span, label)
            span = with_name_after_connector(article.body, *span, label)
            if span[1] > entity.end:
                taken_to = span[1]
        if (
            span is None
            or is_label(span, labels)
            or knowledge.is_time_zone(span[2])
            or is_rank_abbreviation(article.body, *span)
        ):
            continue  # a speaker's label, or the 'UTC' of '5 p.m. local time (2100 UTC)': no actor
        if (
            is_written_small(span[2])
            and not _WEB_ADDRESS.search(span[2])
            and name_key(span[2]) not in editorial.by_key
        ):
            if capitalised is None:
                capitalised = writes_with_capitals(article.body)
            if capitalised:
                continue  # 'per cubic meter', 'theropod dinosaurs': no name in a text that capitalises names
        start, end, surface = span
        if is_sentence_adverb(surface) and opens_sentence(article.body, start):
            continue  # 'Realistically, …', 'Reportedly …': an adverb opening a sentence, capitalised for it
        if surface.isupper() and any(s <= start and end <= e for s, e in capitals):
            surface = as_written_in_text(surface)
        key = canonical_key(surface, editorial)
        state = state_after_place(article.body, start, surface, spans)
        if state is not None:  # 'Austin, TX': the model's organisation 'TX' is Texas
            label, key = "GPE", name_key(state.name)
        if label == "NORP" and names_the_state(article.body, end):
            # 'Russian' in 'Russian President Vladimir Putin' names the state; in 'Afghan women' it does not.
            country = knowledge.country_of_demonym(surface)
            if country is not None:
                label, key = "GPE", name_key(country.name)
        if (
            spans
            and label in ("PERSON", "PER")
            and spans[-1][3] == label
            and article.body[spans[-1][1] : start] == " "
        ):
            # 'Judge Amy Berman Jackson' tagged as 'Amy Berman' + 'Jackson': one name, not two people.
            previous = spans.pop()
            start, surface = previous[0], f"{previous[2]} {surface}"
            key = canonical_key(surface, editorial)
        # One string for a name however many articles write it: every article's counts are alive together.
        spans.append((start, end, sys.intern(surface), label, key))
    # Names right after a person's 'of' ('Sheldon Yett of UNICEF', 'Alain Barbe of Allen, Texas'): where they work
    # or come from, never a surname (merge_across_articles).
    affiliations = {
        span[0]
        for before, span in zip(spans, spans[1:])
        if before[3] in ("PERSON", "PER")
        and _AFFILIATION_GAP.fullmatch(article.body, before[1], span[0])
    }
    actors: dict[str, LocalActor] = {}
    for start, end, surface, label, key in spans:
        if not key or key in editorial.ignored:
            continue
        actor = actors.setdefault(key, LocalActor(key))
        actor.forms[surface] += 1
        if start in former:
            actor.former = actor.former | {former[start]}
        actor.votes.update(
            type_votes(article.body, start, end, label, surface, annotation.language)
        )
        if any(s <= start and end <= e for s, e in capitals):
            # A wire dateline names the place the story was filed from, whatever the model made of its capitals
            # ('FRANKFURT (Reuters) -' is an ORG to it).
            actor.votes["place"] += 2
        if start in affiliations:
            actor.votes["cue:affiliation"] += 1
        text = article.body[start:end]
        # Most spans are written as their surface: one string for both, not two.
        actor.spans.append((start, end, surface if text == surface else text, label))
    vote_peoples(actors)
    merge_weather_names(actors)
    merge_short_forms(actors)
    merge_compass_words(actors)
    merge_given_names(actors, article.body)
    merge_titled_given_names(actors, article.body)
    merge_acronyms(actors, article.body)
    drop_acronyms_of_common_nouns(actors, article.body)
    settle_common_words(actors, article.body, editorial)
    name_teams(actors, article.body)
    find_missed_mentions(article.body, actors, labels)
    return actors


# A website's address, which is its name however it is written ('nytimes.com', 'change.org').
_WEB_ADDRESS = re.compile(r"\w\.[a-z]{2,}\b")


def is_written_small(surface: str) -> bool:
    """Whether a span is written in small letters only, with no capital and no digit ('per cubic meter',
    'green algae'), in a script that has capitals."""
    return surface == surface.lower() and surface != surface.upper() and not _DIGIT.search(surface)


# The first letter of a sentence: at the start of the text or of a line, or after a full stop, a question or an
# exclamation mark and the quotes or brackets closing there.
_SENTENCE_OPENING = re.compile(r"(?:^|\n|[.!?][\"'’”)\]]*\s)\W*?(\w)")


def writes_with_capitals(body: str) -> bool:
    """Whether a text writes as news does, capitalising its sentences (most of them), and so its names: then a span
    the model labels but writes in small letters only is no name (is_written_small). A text in small letters only
    (a transcript, a post) writes its names so too."""
    openings = [m.group(1) for m in _SENTENCE_OPENING.finditer(body)]
    cased = [ch for ch in openings if ch.lower() != ch.upper()]
    return bool(cased) and 2 * sum(ch.isupper() for ch in cased) > len(cased)


# A prefix of attitude glued to a name: 'anti-Muslim', 'pro-Beijing', 'Anti-Trump'.
_ATTITUDE = re.compile(r"(?:anti|pro|Anti|Pro)-[A-Z]")
# Names the model ran together across a slash ('Fedora/Red Hat Enterprise Linux'), each part long enough to be a
# name of its own ('AC/DC' and 'TCP/IP' stay whole).
_SLASH = re.compile(r"(?<=\w)/(?=[A-Z])")
MIN_SLASHED_PART_CHARS = 4


def without_attitude(body: str, start: int, end: int) -> tuple[int, int]:
    """A span without an opening word of attitude: 'anti-Muslim' (bigotry) and 'pro-Beijing' (camp) name no
    actor, so nothing is left of them; 'pro-Beijing New People Party' is the party."""
    if not _ATTITUDE.match(body, start, end):
        return start, end
    space = body.find(" ", start, end)
    return (space + 1, end) if space >= 0 else (start, start)


def split_at_slashes(body: str, entities: Iterable[Entity]) -> Iterable[Entity]:
    """Each entity, or its parts when it is names joined by slashes: 'Hammons/Bodenstab' is two people."""
    for entity in entities:
        cuts = [m.start() for m in _SLASH.finditer(body, entity.start, entity.end)]
        bounds = list(zip([entity.start, *(c + 1 for c in cuts)], [*cuts, entity.end]))
        if not cuts or any(end - start < MIN_SLASHED_PART_CHARS for start, end in bounds):
            yield entity
            continue
        for start, end in bounds:
            yield Entity(start, end, entity.label)


# A short form in brackets inside a span, with more of the span after it.
_INNER_SHORT_FORM = re.compile(" ?" + _SHORT_FORM_IN_BRACKETS + " ?")


def split_at_short_forms(body: str, entities: Iterable[Entity]) -> Iterable[Entity]:
    """Each entity, or the name before the short form the text coins for it in brackets and the name after, when
    the model ran on past the bracket ('Indian National Congress (INC) party', '… Organization (HO) Agnete
    Schultz'): the short form is the name's (abbreviates; merge_acronyms joins it), what follows is not, and only
    a capitalised rest is a name of its own."""
    for entity in entities:
        inner = _INNER_SHORT_FORM.search(body, entity.start, entity.end)
        if (
            inner is None
            or inner.end() >= entity.end
            or not abbreviates(inner.group(1), body[entity.start : inner.start()])
        ):
            yield entity
            continue
        yield Entity(entity.start, inner.start(), entity.label)
        if body[inner.end()].isupper():
            yield Entity(inner.end(), entity.end, entity.label)


_AFFILIATION_GAP = re.compile(r" of (?:the )?")
# Inside a span the model labelled a body: 'Lydia Buchtmann for Food Standards Australia', who speaks for it. Not in
# a person's span, where 'for' joins two people ('traded Anthony Davis for Luka Dončić').
_ON_BEHALF_GAP = re.compile(r" (?:of|for) (?:the )?")


def split_affiliations(body: str, entities: Iterable[Entity]) -> Iterable[Entity]:
    """Each entity, or a person's name and the body or place the model ran it on into: 'Kelly Rowley of NC' is
    Kelly Rowley and NC, 'Aislinn Hegarty of Marriage Equality Coalition Taiwan' (labelled an organisation) and
    'Crystal C'Bearing of the Northern Arapaho' (a work of art) a person and a body, as is 'Lydia Buchtmann for
    Food Standards Australia' (labelled an organisation: 'for' only in a span not labelled a person). Only two to
    four words before the 'of', none a title ('Catherine of Aragon', 'Mary Queen of Scots' and 'Prince Philip of
    Greece' are names as they stand) nor a possessive ("Paul's Rally for the Republic"), and in a span not labelled
    a person, opening with a known given name and not ending with an organisation's head noun ('Grace Church of
    Christ')."""
    titles = PERSON_TITLES | NOBLE_TITLES
    for entity in entities:
        text = body[entity.start : entity.end]
        gaps = _AFFILIATION_GAP if entity.label in ("PERSON", "PER") else _ON_BEHALF_GAP
        gap = gaps.search(text) if entity.label in LABEL_TYPES else None
        cut = gap.start() if gap else -1
        name = text[:cut].split() if cut > 0 else []
        rest = text[gap.end() :] if gap and cut > 0 else ""
        person = entity.label in ("PERSON", "PER") or (
            len(name) > 1
            and knowledge.is_given_name(name[0])
            and name[-1].lower() not in ORGANIZATION_HEADS
        )
        if (
            not person
            or not 2 <= len(name) <= 4
            or not (name[0][:1].isupper() and name[-1][:1].isupper() and rest[:1].isupper())
            or any(word.lower().strip(".") in titles for word in name)
            or any(word.endswith(("'s", "’s")) for word in name)  # "Paul's Rally for the Republic"
        ):
            yield entity
            continue
        yield Entity(entity.start, entity.start + cut, "PER" if entity.label == "PER" else "PERSON")
        label = "GPE" if knowledge.lookup_place(rest) is not None else "ORG"
        yield Entity(entity.end - len(rest), entity.end, label)


def split_leading_places(body: str, entities: Iterable[Entity]) -> Iterable[Entity]:
    """Each entity, or a place and the person's full name the model ran it into: 'Senator from Vermont Bernie
    Sanders' tagged 'Vermont Bernie Sanders' is Vermont and Bernie Sanders. The place is a known one of up to three
    words, and the name after it two or three capitalised words opening with a known given name, none an
    organisation's head noun and the last no common word ('Virginia Mason Franciscan Health' stays whole)."""
    for entity in entities:
        words = body[entity.start : entity.end].split(" ") if entity.label in LABEL_TYPES else []
        cut = next(
            (
                count
                for count in range(min(3, len(words) - 2), 0, -1)
                if is_full_name(words[count:])
                and knowledge.lookup_place(" ".join(words[:count])) is not None
            ),
            0,
        )
        if cut == 0:
            yield entity
            continue
        place_end = entity.start + len(" ".join(words[:cut]))
        yield Entity(entity.start, place_end, "GPE")
        yield Entity(place_end + 1, entity.end, "PERSON")


# What a title's 'of' stands before: 'Speaker of the ', 'members of the ', 'Governor of '.
_OF_BEFORE = re.compile(r"\w of (?:the )?\Z")


def split_title_objects(body: str, entities: Iterable[Entity]) -> Iterable[Entity]:
    """Each entity, or the body or place a title names and the person's full name the model ran it into: 'Speaker
    of the House Nancy Pelosi' tagged 'House Nancy Pelosi' is the House and Nancy Pelosi, 'members of the House of
    Representatives Darin LaHood' the House of Representatives and Darin LaHood. Only in a span the model gave a
    body's or a place's label, right after 'of' or 'of the', where a title's body or place stands, and only before
    a full name (is_full_name) that opens with a common given name and ends with no place's name: 'the Walt Disney
    Company', 'Bridget Anne Kelly' and 'director of Youth Forum Zimbabwe' stay whole."""
    for entity in entities:
        words = (
            body[entity.start : entity.end].split(" ")
            if entity.label in LABEL_TYPES and entity.label not in ("PERSON", "PER")
            else []
        )
        tail = next(
            (
                count
                for count in (3, 2)
                if len(words) > count
                and is_full_name(words[-count:])
                and knowledge.is_personal_name(words[-count])
                and knowledge.lookup_place(words[-1]) is None
                and words[-count - 1][:1].isupper()
                and _OF_BEFORE.search(body, max(0, entity.start - 12), entity.start)
            ),
            0,
        )
        if tail == 0:
            yield entity
            continue
        name_start = entity.end - len(" ".join(words[-tail:]))
        yield Entity(entity.start, name_start - 1, entity.label)
        yield Entity(name_start, entity.end, "PERSON")


def is_full_name(words: list[str]) -> bool:
    """Two or three capitalised words that open with a known given name, none an organisation's head noun and the
    last no common word: how a person is named in full ('Bernie Sanders', 'Gloria La Riva')."""
    return (
        2 <= len(words) <= 3
        and all(word[:1].isupper() for word in words)
        and knowledge.is_given_name(words[0])
        and not any(word.lower() in ORGANIZATION_HEADS for word in words)
        and not knowledge.is_common_word(words[-1])
    )


def speaker_labels(article: Article) -> list[tuple[int, int]]:
    """(start, end) of the labels an article's paragraphs carry rather than say: wiki markup such as '((WN))' or
    '((hi))' anywhere, and a speaker's name or initials before a colon opening a paragraph ('NG: This study…')."""
    labels = [(m.start(), m.end()) for m in _BRACKETED_LABEL.finditer(article.body)]
    for block in article.blocks:
        text = article.text_of(block)
        found = _SPEAKER_LABEL.match(text)
        if (
            block.kind == "paragraph"
            and found
            and len(text[found.end() :].split()) >= MIN_SPEECH_WORDS
        ):
            labels.append((block.start, block.start + found.end(1)))
    return sorted(labels)


# A caption's credit: a label ('Image:', 'Photo:', 'Credit:', …) and the short rest of its line, which names who
# took the picture, not someone in the story ('Dakota, a deer. Image: Nicholas Moreau.'). A caption copied from a
# web page can have its credit run into it, the label right after the last word ('Jo JorgensenImage: …').
_CREDIT = re.compile(
    r"(?:\b|(?<=[a-z]))(?:Image|Photo|Photograph|Picture|Credit|Video|Source)s?:[ \t]+([^\n]*)"
)
MAX_CREDIT_WORDS = 12


def photo_credits(body: str) -> list[tuple[int, int]]:
    """(start, end) of every credit line of a caption, from its label to the end of its line; a label followed by
    a long text is not a credit ('Source: …' opening a paragraph of the story)."""
    return [
        (m.start(), m.end())
        for m in _CREDIT.finditer(body)
        if len(m.group(1).split()) <= MAX_CREDIT_WORDS
    ]


# A story's staff credits name who wrote, reported or edited it, not who is in the news (README, What resolve
# does): the agency in a wire dateline ('AUSTIN, Texas (AP) —', 'LONDON, Dec 5 (Reuters) -', '(CNN) —', 'KANSAS
# CITY, Mo. /PRNewswire/ --'), a byline standing as its own line ('By Jeff Mason and Steve Holland'), a credit
# clause in brackets or opening a line ('(Reporting by Noel Randewich; Editing by Cynthia Osterman)') and a
# closing line of who 'contributed to this report'.
_DATELINE_AGENCY = re.compile(
    r"(?:(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)(?:,[^()/\n]{1,40})? ?)?"
    r"(?:\((?P<bracketed>[^()\n]{1,30})\)|/(?P<slashed>[A-Za-z][\w .-]{0,30})/) ?(?:—|–|-{1,2})"
)
_BYLINE = re.compile(r"By (?:(?:[A-Z][\w.'’-]*|and|&)[ ,]*){1,12}")
_CREDIT_CLAUSE = re.compile(
    r"(?i:(?:additional |further )?(?:reporting|writing|editing|compiled|compiling|produced|research"
    r"|translation|translated|graphics|photos?|illustrations?|video) by) "
)
_BRACKETED_CREDIT = re.compile(r"\(([^()\n]{1,300})\)")
# The small words a credited name or its place may hold ('Stephen Nellis in San Francisco', 'Ana da Silva').
_CREDIT_WORDS = frozenset(
    {"and", "&", "in", "via", "de", "da", "del", "der", "van", "von", "la", "le", "al", "bin"}
)
# A wire photo's credit ending its caption's line, the agency in capitals before the photographer's name
# ('REUTERS/Kevin Lamarque', 'REUTERS/Tyrone Siu/File Photo', 'EPA-EFE/JIM LO SCALZO'; not 'NATO/Russia talks'),
# or in brackets ('(AP Photo/Evan Vucci)'), and a copyright line ('Copyright 2021 The Associated Press. All rights
# reserved.', '© 2021 Reuters').
_AGENCY_PHOTO = re.compile(
    r"(?:^|(?<=[.!?] ))[A-Z]{2,}(?:-[A-Z]{2,})*/[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|van|von|de|da|der|del|la|le)){1,4}"
    r"(?:/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?)?[ \t]*$",
    re.MULTILINE,
)
_COPYRIGHT = re.compile(r"(?:Copyright|©|\([cC]\))\s")
_BRACKETED_PHOTO = re.compile(r"[A-Z]{2,} Photo/[^()\n]{3,80}")  # '(AP Photo/Evan Vucci)'
_CONTRIBUTED = re.compile(
    r"\bcontributed (?:reporting|(?:reporting )?to (?:this|the) (?:report|story|article))\W*$"
)
MAX_CREDIT_LINE_WORDS = 60


def wire_opening(text: str) -> tuple[re.Match | None, re.Match | None]:
    """The byline and the dateline a block of wire copy opens with, each None when it has none: a byline is a
    block of its own or runs on into the dateline (text flattened from a page), which opens the block or follows
    the byline."""
    byline = _BYLINE.match(text)
    dateline = _DATELINE_AGENCY.match(text, byline.end() if byline else 0)
    if byline and not (byline.end() == len(text.rstrip()) or dateline):
        byline = None
    return byline, dateline


def staff_credits(article: Article, annotation: Annotation) -> list[tuple[int, int]]:
    """(start, end) of the staff credits of an article (_DATELINE_AGENCY and the rest): its dateline's agency,
    its bylines, credit clauses and wire photos' credits, its copyright line, and the sentence of who contributed
    (by the model's sentences; to the end of its block). A credit line or a sentence of contributors is short."""
    credits = [
        (m.start(), m.end())
        for m in _BRACKETED_CREDIT.finditer(article.body)
        if is_credit(m.group(1)) or _BRACKETED_PHOTO.fullmatch(m.group(1))
    ]
    credits += [(m.start(), m.end()) for m in _AGENCY_PHOTO.finditer(article.body)]
    starts = [start for start, _ in annotation.sentences]
    for block in article.blocks:
        text = article.text_of(block)
        byline, dateline = wire_opening(text)
        if byline:
            credits.append((block.start, block.start + byline.end()))
        if dateline:
            agency = "bracketed" if dateline.group("bracketed") else "slashed"
            credits.append(
                (block.start + dateline.start(agency) - 1, block.start + dateline.end(agency) + 1)
            )
        start = block.start
        if not (is_credit(text) or _COPYRIGHT.match(text)):
            contributed = _CONTRIBUTED.search(text)
            if contributed is None:
                continue
            index = bisect.bisect_right(starts, block.start + contributed.start()) - 1
            start = max(start, starts[index] if index >= 0 else 0)
        if len(article.body[start : block.end].split()) <= MAX_CREDIT_LINE_WORDS:
            credits.append((start, block.end))
    return sorted(credits)


# A lawmaker's party and state, after their name in brackets or commas ('Sen. Mitch McConnell (R-Ky.)', 'Rep.
# Alexandria Ocasio-Cortez, D-N.Y.,'): a descriptor of the person, not a mention of the state.
_PARTY_DESIGNATOR = re.compile(
    r"(?:(?<=\()|(?<=, ))[RDI]-[A-Z][A-Za-z]*\.?(?: ?[A-Z][A-Za-z]*\.?)?(?=[),;]|\s|$)"
)


def party_designators(body: str) -> list[tuple[int, int]]:
    """(start, end) of every party-and-state designator after a lawmaker's name (_PARTY_DESIGNATOR)."""
    return [(m.start(), m.end()) for m in _PARTY_DESIGNATOR.finditer(body)]


def dateline_places(article: Article) -> list[tuple[int, int]]:
    """(start, end) of the place in capitals opening each wire dateline ('AUSTIN, Texas (AP) —'), which the
    dateline's convention writes so, not its name."""
    places = []
    for block in article.blocks:
        _, dateline = wire_opening(article.text_of(block))
        if dateline and dateline.group("place"):
            places.append(
                (block.start + dateline.start("place"), block.start + dateline.end("place"))
            )
    return places


def as_written_in_text(surface: str) -> str:
    """A name in capitals as running text writes it: 'SAN FRANCISCO' → 'San Francisco' ('D.C.' stays)."""
    return " ".join(
        word[0] + word[1:].lower() if word.isalpha() and len(word) > 2 else word
        for word in surface.split(" ")
    )


def is_credit(text: str) -> bool:
    """Whether `text` is credit clauses alone ('Reporting by Jeff Mason; editing by Chizu Nomiyama.'), each
    naming people and places only: 'Reporting by the Guardian found that…' opens a sentence of the story."""
    clauses = [clause.strip() for clause in text.strip().rstrip(".").split(";")]
    for clause in clauses:
        opening = _CREDIT_CLAUSE.match(clause)
        if opening is None:
            return False
        words = clause[opening.end() :].replace(",", " ").split()
        if not words or any(w not in _CREDIT_WORDS and not w[0].isupper() for w in words):
            return False
    return True


def before_credit(
    body: str, start: int, end: int, surface: str, credits: list[tuple[int, int]]
) -> tuple[int, int, str] | None:
    """A span that runs into a credit's label cut before it ('Disney Belle Image: Nick Moreau' → 'Disney Belle');
    spans inside a credit are left to is_label."""
    for credit_start, _ in credits:
        if start < credit_start < end:
            return clean_span(body, start, credit_start)
    return start, end, surface


def is_label(span: tuple[int, int, str], labels: list[tuple[int, int]]) -> bool:
    """Whether a span lies in a label: a label names who speaks, it is not a mention in the text (in interviews
    'WN', Wikinews' own label, would otherwise be the archive's most-mentioned actor)."""
    start, end, _ = span
    index = bisect.bisect_right(labels, (start, end))
    return any(s < end and start < e for s, e in labels[max(0, index - 1) : index + 1])


_EDITED_OPENING = re.compile(r"^\[?\w{1,3}\]\w*['’\w]*\s*")


def clean_span(body: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Shrink a span to its cleaned surface ('the United States' → 'United States'); None if nothing is left."""
    raw = body[start:end]
    surface = clean_surface(raw)
    bracket = _TRAILING_BRACKETED_ACRONYM.search(surface)
    if bracket and bracket.start() > 0:
        # 'National Hurricane Center (NHC': the model took in the acronym with the name. The name is what comes
        # before the bracket; the acronym, here and later in the article, joins it (merge_acronyms).
        surface = surface[: bracket.start()]
    surface = without_unmatched_bracket(surface)
    # '[W]e must', '[I]t's': a quotation's word with its letter changed in brackets is no name, nor part of one.
    surface = _EDITED_OPENING.sub("", surface)
    if "[" in surface or "]" in surface:
        # '[Russell] Church', 'Jerry [O'Connell]', 'Pittsburg[h]': what a quotation's editor added in brackets is
        # part of the name the reader is meant to read; the brackets are not.
        surface = " ".join(surface.replace("[", "").replace("]", "").split())
    if not any(ch.isalpha() for ch in surface) or sum(ch.isalnum() for ch in surface) < 2:
        return None  # '&', '3', a lone initial: nothing a reader would call a name
    offset = raw.find(surface)
    span = (
        (start, end, surface)
        if offset < 0
        else (start + offset, start + offset + len(surface), surface)
    )
    return None if is_currency_prefix(body, span[1]) else span


def without_unmatched_bracket(surface: str) -> str:
    """A span the model ran into a parenthesis, or began inside one, cut at the bracket it does not close or open:
    'Philippine Institute of Volcanology and Seismology (Phivolcs' → the institute, 'Phivolcs)' → 'Phivolcs'. A name
    holds a bracket only whole ('Lewis (Mississippi)'); the part before the bracket is the name, unless nothing is."""
    opened = []  # where each bracket not closed yet opens
    for index, char in enumerate(surface):
        if char == "(":
            opened.append(index)
        elif char == ")":
            if not opened:
                return _cut_at(surface, index)
            opened.pop()
    return _cut_at(surface, opened[0]) if opened else surface


def _cut_at(surface: str, index: int) -> str:
    before, after = surface[:index].strip(), surface[index + 1 :].strip()
    return before if sum(ch.isalnum() for ch in before) >= 2 else after


def is_currency_prefix(body: str, end: int) -> bool:
    """Whether a name ending at `end` is glued to a currency sign: the 'US' of 'US$750' and the 'HK' of 'HK$5'
    name a currency, not the country."""
    return body[end : end + 1] in CURRENCY_SIGNS


CURRENCY_SIGNS = frozenset("$€£¥₹")


def without_title(
    body: str, start: int, end: int, surface: str, label: str, language: str = "en"
) -> tuple[int, int, str] | None:
    """A span without the titles that open it: 'President Dmitry Medvedev' → 'Dmitry Medvedev' and 'Mr Howard' →
    'Howard' for a person, only honorifics ('Dr Martisius') for a span the model gave another label. A person's
    span of titles alone is no name (None); a noble title before a single name stays ('Pope Francis'); another
    span loses the titles of people that close it (without_closing_titles). Titles of the article's language count
    too ('M. Ayrault', 'président Obama' in French: generator/languages.py)."""
    person = label in ("PERSON", "PER")
    titles = opening_titles(language, person)
    words = surface.split()
    if not person:
        span = without_closing_titles(body, start, end, surface)
        if span is None:
            return None
        start, end, surface = span
        words = surface.split()
    count = 0
    while count < len(words) and opens_with_title(words[count:], titles):
        count += 1
    if count == 0:
        return start, end, surface
    if count == len(words):
        return None if person else (start, end, surface)
    if count == len(words) - 1 and words[count - 1].lower().strip(".") in NOBLE_TITLES:
        return start, end, surface
    skipped = re.match(rf"(?:\S+\s+){{{count}}}", body[start:end])
    if skipped is None:
        return start, end, surface
    return clean_span(body, start + skipped.end(), end)


# Words that join the parts of one name ('Alliance Party of Northern Ireland', 'Operation Fast and Furious'), at
# which the model sometimes ends a span, the rest of the name left out or tagged apart.
NAME_CONNECTORS = frozenset({"of", "and", "for", "&"})
# Words that never end a name where the model ended one ('Candace Windfall as Catwoman').
_TRAILING_WORDS = NAME_CONNECTORS | frozenset("as the a an in at to with by on featuring".split())
# The capitalised words right after a span: the rest of a name cut at a connector.
_CAPITALISED_RUN = re.compile(r" ([A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,4})")


def with_name_after_connector(
    body: str, start: int, end: int, surface: str, label: str
) -> tuple[int, int, str]:
    """A span the model ended at a word that joins a name's parts runs on through the capitalised words after it
    ('Alliance Party of' + 'Northern Ireland', 'Operation Fast and' + 'Furious'); a span ending with any other
    function word, or with a connector no capitalised word follows, loses it ('Candace Windfall as' of 'as
    Catwoman'): no name ends so. A person's name (by its label or its words) never runs on: what follows its 'of'
    is where they work or come from ('Patrice Talon of Benin'), what follows its 'and' someone else."""
    if " " not in surface or surface[surface.rfind(" ") + 1 :].lower() not in _TRAILING_WORDS:
        return start, end, surface
    words = surface.split()
    person = label in ("PERSON", "PER") or is_full_name(words[:-1])
    if words[-1].lower() in NAME_CONNECTORS and not person and body[start:end] == surface:
        rest = _CAPITALISED_RUN.match(body, end)
        if rest is not None:
            return start, rest.end(1), body[start : rest.end(1)]
    while len(words) > 1 and words[-1].lower() in _TRAILING_WORDS:
        words.pop()
    kept = surface[: surface.rindex(words[-1]) + len(words[-1])]
    return start, end - (len(surface) - len(kept)), kept


# A figure the model ran into the end of a name: a tally after a spaced dash ('Conservative Party - 365' of a list of
# results), a number and its unit ('Humberto 75 miles (120 kilometers) north of Bermuda').
_TRAILING_FIGURE = re.compile(r"\s+[–—-]\s*\d[\d,.]*$|\s+\d[\d,.]*\s+[a-z]+$")
# A number ending a span that a percent sign follows ('Victoria 1.6%').
_TRAILING_NUMBER = re.compile(r"\s+\d[\d,.]*$")
_PERCENT_AFTER = re.compile(r"\s?%|\s+per ?cent\b")
_DIGIT = re.compile(r"\d")


def without_trailing_figure(body: str, start: int, end: int, surface: str) -> tuple[int, int, str]:
    """A span without a tally, a measure or a share the model ran into its end: no name ends so."""
    if not _DIGIT.search(surface):
        return start, end, surface
    figure = _TRAILING_FIGURE.search(surface)
    if figure is None and _PERCENT_AFTER.match(body, end):
        figure = _TRAILING_NUMBER.search(surface)
    if figure is None or figure.start() == 0:
        return start, end, surface
    return start, end - (len(surface) - figure.start()), surface[: figure.start()]


def without_small_words_around(
    body: str, start: int, end: int, surface: str, label: str, language: str
) -> tuple[int, int, str]:
    """An English span without the words in small letters the model ran into its ends: a word after the name
    ('Blu-ray discs', 'Pacific region') or before it ('led Iraq War', 'a Nobel Peace Prize', 'this International
    Women's Day'). English capitalises every word of a name but its connectors, which stand inside ('Bank of
    England') or which the model ended a span at (left to with_name_after_connector), and its particles, which open
    a surname ('de Blasio', 'dela Vega': a person's span keeps what opens it); a head noun in small letters still
    ends one as written ('Democratic party', 'RMT union', 'the NATO treaty'). Other languages write names with
    small words at their end ('Assemblée nationale'); a span in small letters only is left to is_written_small,
    and what leaves no more than an initial ('A. millepora') stays whole."""
    if language not in ("", "en") or " " not in surface or body[start:end] != surface:
        return start, end, surface
    words = surface.split(" ")
    if all(is_written_small(word) for word in words):
        return start, end, surface
    first, last = 0, len(words)
    while (
        last > first + 1
        and is_written_small(words[last - 1])
        and words[last - 1] not in _TRAILING_WORDS
        and words[last - 1] not in NAME_HEADS
    ):
        last -= 1
    while (
        label not in ("PERSON", "PER")
        and first < last - 1
        and is_written_small(words[first])
        and words[first] not in NAME_PARTICLES
        and words[first] not in NAME_CONNECTORS
    ):
        first += 1
    kept = " ".join(words[first:last])
    if (first, last) == (0, len(words)) or is_initial(kept) or sum(ch.isalnum() for ch in kept) < 2:
        return start, end, surface
    head = sum(len(w) + 1 for w in words[:first])
    return start + head, start + head + len(kept), kept


def is_rank_abbreviation(body: str, start: int, end: int, surface: str) -> bool:
    """Whether a span is a rank or title abbreviated before its period and nothing else ('Lance Cpl' of 'Lance Cpl.
    Koby I. Saunders', 'Asst' of 'Asst. Chief'), whatever the model labelled it. Written with a capital and small
    letters: 'SEC.' ending a sentence is the Securities and Exchange Commission."""
    words = surface.rstrip(".").split()
    if not words or words[-1].lower() not in TITLE_ABBREVIATIONS:
        return False
    if not (surface.endswith(".") or body.startswith(".", end)):
        return False
    abbreviation = words[-1]
    return (
        abbreviation[:1].isupper()
        and abbreviation[1:].islower()
        and all(word.lower() in RANK_MODIFIERS | TITLE_ABBREVIATIONS for word in words[:-1])
    )


def opens_with_title(words: list[str], titles: frozenset[str]) -> bool:
    """Whether `words` open with a title, or with a word that goes with the title after it ('Crown Prince')."""
    first = words[0].lower()
    if first.strip(".") in titles:
        return True
    return (
        first in ROYAL_MODIFIERS | RANK_MODIFIERS
        and len(words) > 1
        and words[1].lower().strip(".") in titles
    )


# Titles of an office that may close the name of the body it is held in ('State Department Spokesperson', 'Melbourne
# Lord Mayor'): not noble titles or honorifics, which open a name ('Notre Dame', 'ToF MS'), nor the words of awards
# ('Best Actor'), nor a title that follows another ('Attorney General').
CLOSING_TITLES = (
    PERSON_TITLES
    - NOBLE_TITLES
    - HONORIFICS
    - frozenset("said actor actress singer author general".split())
)
# Words that make a compound title with the one after it ('Lord Mayor', 'Prime Minister', 'Shadow Home Secretary').
TITLE_MODIFIERS = frozenset(
    "lord prime vice deputy foreign home chief first assistant acting interim senior shadow".split()
)
_NAME_AFTER = re.compile(r"\s+(?:[A-Z][\w.’'-]*\s+)*[A-Z][\w’'-]+")


def without_closing_titles(
    body: str, start: int, end: int, surface: str
) -> tuple[int, int, str] | None:
    """A span the model labelled other than a person without the titles of people that close it ('State
    Department Spokesperson' → 'State Department', 'Melbourne Lord Mayor' → 'Melbourne'); None when it is such
    titles alone before a name ('Emeritus' of 'Emeritus Professor John Burrows'). Unchanged when what is left would end with a function word ('Office of
    the President', 'A Tribute For a King')."""
    words = [word.lower().strip(".,") for word in surface.split()]
    kept = len(words)
    while kept and words[kept - 1] in CLOSING_TITLES:
        kept -= 1
    while len(words) > kept > 0 and words[kept - 1] in TITLE_MODIFIERS:
        kept -= 1
    closing = words[kept - 1] if kept else ""
    if kept == len(words) or closing in _FUNCTION_WORDS or closing in _DETERMINERS_AND_COPULAS:
        return start, end, surface
    if kept == 0:
        return None if _NAME_AFTER.match(body, end) else (start, end, surface)
    cut = re.match(rf"\S+(?:\s+\S+){{{kept - 1}}}", body[start:end])
    return clean_span(body, start, start + cut.end()) if cut else (start, end, surface)


def after_inner_title(
    body: str, start: int, end: int, surface: str, label: str
) -> tuple[tuple[int, int, str] | None, str]:
    """A span and its label, cut after a title inside it that a person's full name follows, whatever label the
    model gave the whole ('United States Representative Elijah Cummings' tagged ORG is the person Elijah
    Cummings): the name after the title opens with a known given name and has two or three capitalised words."""
    words = surface.split()
    titles = [i for i, word in enumerate(words[:-2]) if word.lower().strip(".") in PERSON_TITLES]
    if not titles:
        return (start, end, surface), label
    name = words[titles[-1] + 1 :]
    if (
        len(name) > 3
        or not all(w[:1].isupper() for w in name)
        or not knowledge.is_given_name(name[0])
    ):
        return (start, end, surface), label
    skipped = re.match(rf"(?:\S+\s+){{{titles[-1] + 1}}}", body[start:end])
    if skipped is None:
        return (start, end, surface), label
    return clean_span(body, start + skipped.end(), end), "PERSON"


@cache
def opening_titles(language: str, person: bool) -> frozenset[str]:
    """The words taken off the start of a person's name (titles, honorifics, noble titles), or of any other name
    (honorifics only), in English and in `language`."""
    own = words_of(language)
    if person:
        return (
            PERSON_TITLES
            | own.person_titles
            | HONORIFICS
            | own.honorifics
            | NOBLE_TITLES
            | TITLE_ABBREVIATIONS
        )
    return HONORIFICS | own.honorifics


def without_glued_word(
    body: str, start: int, end: int, surface: str, label: str
) -> tuple[int, int, str]:
    """A span without a first word the model glued to a name: a word opening the sentence that is no name's
    ('Regarding Ashodaya?', 'Following South Carolina'), when the rest stands as a name elsewhere in the article;
    for a person, a place's name before a full name ('Mayor of Koszalin Piotr Jedlinski')."""
    words = surface.split()
    if len(words) < 2:
        return start, end, surface
    rest = re.match(r"\S+\s+", body[start:end])
    if rest is None:
        return start, end, surface
    rest_start = start + rest.end()
    if (
        label in ("PERSON", "PER")
        and len(words) > 2
        and knowledge.lookup_place(words[0]) is not None
    ):
        return clean_span(body, rest_start, end) or (start, end, surface)
    glued = is_glued_word(words[0]) and opens_sentence(body, start)
    if glued and names_elsewhere(body, body[rest_start:end], rest_start):
        return clean_span(body, rest_start, end) or (start, end, surface)
    return start, end, surface


# The lowercase syllable after a hyphen that ends a romanised given name ('Moon Jae-in'), where the tokenizer
# stopped the name because the syllable is also a word ('in'): short, and the name's last word before it too;
# not the short words that make a name an adjective ('Joe Biden-era', 'Mary Ann-led').
_HYPHENATED_TAIL = re.compile(r"-([a-z]{1,4})\b(?!-)")
_ADJECTIVE_SUFFIX = re.compile(r"-([a-z']+)$")  # searched within a span: '$' is the span's end
MAX_SYLLABLE_LETTERS = 5
COMPOUND_WORDS = frozenset(
    "era led run born like made free wide type ish old age fed won bred sent"
    " era's style owned based backed linked".split()
)


def with_hyphenated_tail(
    body: str, start: int, end: int, surface: str, label: str
) -> tuple[int, int, str]:
    """A person's span of two words or more with the lowercase syllable glued on by a hyphen after its last,
    short word ('Moon Jae' + '-in' → 'Moon Jae-in'), and without the word that makes the name an adjective
    ('Joe Biden-era' → 'Joe Biden')."""
    words = surface.split()
    adjective = _ADJECTIVE_SUFFIX.search(body, start, end)
    if label in ("PERSON", "PER") and adjective and adjective.group(1) in COMPOUND_WORDS:
        return clean_span(body, start, end - len(adjective.group(0))) or (start, end, surface)
    tail = _HYPHENATED_TAIL.match(body, end)
    if (
        label not in ("PERSON", "PER")
        or tail is None
        or tail.group(1) in COMPOUND_WORDS
        or len(words) < 2
        or not body[start:end].endswith(words[-1])
        or len(words[-1]) > MAX_SYLLABLE_LETTERS
        or not words[-1][:1].isupper()
    ):
        return start, end, surface
    return start, tail.end(), surface + tail.group(0)


# A word written with a capital inside it after a lowercase letter ('CentOS', 'iPhone', 'YouTube'): a brand's
# name whatever its place in the sentence, never a word that only opens it.
_CAMEL_CASE_WORD = re.compile(r"(?<![\w'’.-])([A-Za-z]*[a-z][A-Z][A-Za-z]*) $")


def with_camel_case_head(
    body: str, start: int, end: int, surface: str, label: str, entity_ends: set[int]
) -> tuple[int, int, str]:
    """A span that is not a person's with the brand word the model left out before it ('CentOS' + 'Stream' →
    'CentOS Stream', 'Stream' alone a GPE to it), unless that word ends a name of its own."""
    head = _CAMEL_CASE_WORD.search(body, max(0, start - 40), start)
    if label in ("PERSON", "PER") or head is None or head.end(1) in entity_ends:
        return start, end, surface
    return head.start(1), end, f"{head.group(1)} {surface}"


# A capitalised word right before a span, with what stands before it: the word the model may have left out of a
# name ('Liberal' of 'Liberal Democrats', tagged 'Democrats').
_CAPITALISED_HEAD = re.compile(r"(?:^|(?<=\s))([A-Z][a-z]+) $")
_CAPITALISED_BEFORE_HEAD = re.compile(r"([A-Z][\w’'.-]*)\s*$")
# Words that open a noun phrase before a name without being part of it ('The Guardian' is the Guardian's).
_HEAD_FUNCTION_WORDS = frozenset(
    "the a an this that these those its his her their our my your".split()
)
# 'On Monday Democrats met': a day the model did not tag is no part of a name. Written out, not calendar's names,
# which follow the process's locale.
_CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december""".split()
)


def with_capitalised_head(
    body: str,
    start: int,
    end: int,
    surface: str,
    label: str,
    entity_ends: set[int],
    entity_texts: Mapping[str, set[int]],
) -> tuple[int, int, str]:
    """A group's or organisation's span with the capitalised word the model left out before it ('Liberal' +
    'Democrats' → 'Liberal Democrats', not the US party's 'Democrats'), when the article tags the longer name
    whole elsewhere, or else the word stands mid-sentence, apart from other capitalised words, and names no place
    or people. Never an article, a title, a day or a month; never a word that ends a span of its own ('Senate' of
    'Senate Democrats')."""
    if label not in ("NORP", "ORG"):
        return start, end, surface
    head = _CAPITALISED_HEAD.search(body, max(0, start - 40), start)
    if head is None or head.end(1) in entity_ends or body[start:end] != surface:
        return start, end, surface
    word = head.group(1)
    folded = word.lower()
    if (
        folded in _HEAD_FUNCTION_WORDS
        or folded in PERSON_TITLES
        or folded in HONORIFICS
        or folded in _CALENDAR_WORDS
    ):
        return start, end, surface
    longer = f"{word} {surface}"
    # Tagged whole elsewhere: a span an earlier rule cut here ('Enrolling Minetest') is no evidence for itself.
    if not entity_texts.get(longer, set()) - {head.start(1), start}:
        if (
            opens_sentence(body, head.start(1))
            or knowledge.lookup_place(word) is not None
            or knowledge.country_of_demonym(word) is not None
        ):
            return start, end, surface
        # A run of capitals: a headline, or names the model kept apart.
        before = _CAPITALISED_BEFORE_HEAD.search(body, max(0, head.start(1) - 40), head.start(1))
        if before and before.group(1).lower() not in ("the", "a", "an"):
            return start, end, surface
    return head.start(1), end, longer


# The capitalised word right before a span, with the space between: a whole word ('Port', not the end of 'McPort').
_WORD_BEFORE = re.compile(r"(?<![\w’'.-])([A-Z][\w’'.-]*) $")
_WORD_AFTER = re.compile(r" ([A-Z][\w’'-]*)")


def with_place_opener(body: str, start: int, end: int, surface: str) -> tuple[int, int, str]:
    """A span with the word for a kind of place the model left out before it ('Punta' + 'Tombo', 'Mount' + 'Apo'),
    or that word alone with the name after it ('Punta' of 'Punta Tombo'): the place's name is both
    (PLACE_OPENERS)."""
    if surface.lower().rstrip(".") in PLACE_OPENERS and body[start:end] == surface:
        after = _WORD_AFTER.match(body, end)
        return (
            (start, after.end(1), f"{surface} {after.group(1)}") if after else (start, end, surface)
        )
    before = _WORD_BEFORE.search(body, max(0, start - 20), start)
    if before is None or body[start:end] != surface or len(surface.split()) > 2:
        return start, end, surface
    word = before.group(1)
    if word.lower().rstrip(".") not in PLACE_OPENERS or not surface[:1].isupper():
        return start, end, surface
    return before.start(1), end, f"{word} {surface}"


# ' of the United States', ' of Puerto Rico.': up to four capitalised words after an organisation's name.
_OF_PLACE = re.compile(r" of (?:the )?([A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,3})")


def with_place_after(
    body: str, start: int, end: int, surface: str, label: str
) -> tuple[int, int, str]:
    """An organisation's span with the country or region the model left out after its 'of' ('Supreme Court' + 'of
    Puerto Rico' → 'Supreme Court of Puerto Rico', not the US Supreme Court; 'ABC' + 'of Australia'): the name
    such a body goes by, as the model itself tags it elsewhere. Not a city ('Microsoft of Redmond' is Microsoft),
    nor after a name that says where it is already (names_a_place)."""
    if label != "ORG" or body[start:end] != surface:
        return start, end, surface
    found = _OF_PLACE.match(body, end)
    if found is None or names_a_place(surface):
        return start, end, surface
    words = found.group(1).split()
    for count in range(len(words), 0, -1):
        # Without a sentence's full stop ('of Iran.'), which is no part of the place.
        place_text = " ".join(words[:count]).rstrip(".")
        place = knowledge.lookup_place(place_text)
        place_end = found.start(1) + len(place_text)
        if place_text.endswith(("'s", "’s")) or body.startswith(("'s", "’s"), place_end):
            continue  # 'Nikki Holland of the UK's National Crime Agency': the place's, not the name's
        if place is not None and place.kind in ("country", "region"):
            return start, place_end, body[start:place_end]
    return start, end, surface


# ', D.C.', ', DC': up to three capitalised words or initials after a place's name and its comma.
_COMMA_QUALIFIER = re.compile(r", ([A-Z][\w.-]*(?: [A-Z][\w.-]*){0,2})")


def with_place_qualifier(
    body: str, start: int, end: int, surface: str, label: str
) -> tuple[int, int, str]:
    """A place's span with what follows its comma when the two are one name of that same place ('Washington' +
    ', D.C.': GeoNames lists 'Washington, D.C.' as the city's name), which the model tags as two places, when
    what follows the comma names no place of its own: a place and the region it lies in stay two ('Wilmington,
    Delaware' is also a name of the city, and names Delaware)."""
    if label not in ("GPE", "LOC") or body[start:end] != surface:
        return start, end, surface
    found = _COMMA_QUALIFIER.match(body, end)
    if found is None:
        return start, end, surface
    place = knowledge.lookup_place(surface)
    if place is None:
        return start, end, surface
    words = found.group(1).split()
    for count in range(len(words), 0, -1):
        qualifier = " ".join(words[:count])
        # A sentence's full stop ('Washington, DC.') is no part of it; an initial's is ('D.C.').
        if qualifier.count(".") == 1:
            qualifier = qualifier.rstrip(".")
        qualifier_end = found.start(1) + len(qualifier)
        if (
            knowledge.lookup_place(body[start:qualifier_end]) == place
            and knowledge.lookup_place(qualifier) is None
        ):
            return start, qualifier_end, body[start:qualifier_end]
    return start, end, surface


def state_after_place(
    body: str, start: int, surface: str, spans: list[tuple[int, int, str, str, str]]
) -> knowledge.Place | None:
    """The US state a postal code names right after a name the model tagged and its comma ('Austin, TX (US)', an
    address's or a patent's way), which the model makes an organisation or a place of its own; None elsewhere,
    where 'OK', 'IN' or 'ME' are other things, and after a person's full name, where such letters are a title
    ('Tom Molomby, SC', a Senior Counsel); a place the model took for a person ('College Station, TX') still counts."""
    if len(surface) != 2 or not spans or body[spans[-1][1] : start] != ", ":
        return None
    if spans[-1][3] in ("PERSON", "PER") and is_full_name(spans[-1][2].split()):
        return None
    return knowledge.us_state_of_code(surface)


def names_a_place(name: str) -> bool:
    """Whether a name already says where it is: an 'of' ('University of Sheffield') or a word of a known place or
    people ('Colorado State University', 'American Civil Liberties Union'). 'of the UK' after it tells where the
    body is, not what it is called."""
    words = name.split()
    return "of" in words or any(
        knowledge.lookup_place(word) is not None or knowledge.country_of_demonym(word) is not None
        for word in words
    )


# Prepositions, a closed class of words, that may open a sentence right before a name ('Despite Trump's…').
_PREPOSITIONS = frozenset(
    """about above across after against along amid among around before behind below beneath beside besides between
    beyond despite during except inside like near outside over since through throughout toward towards under
    underneath unlike until upon versus via within without""".split()
)


def is_glued_word(word: str) -> bool:
    """A word that is no part of a name when it opens a sentence: a preposition, or a form in -ing ('Regarding',
    'Following') of seven letters or more that is no known given name, surname or place ('Sterling', 'Beijing')."""
    folded = word.casefold()
    if folded in _PREPOSITIONS:
        return True
    if not (folded.endswith("ing") and len(folded) >= 7 and word.isalpha()):
        return False
    return not knowledge.is_personal_name(word) and knowledge.lookup_place(word) is None


# The endings of English adverbs made from adjectives ('realistically', 'reportedly', 'unfortunately'), after at
# least three letters: hardly a name ends so ('Kelly', 'Beverly', 'Grammarly' do not).
_ADVERB_ENDING = re.compile(
    r"[a-z]{3,}(?:ally|ously|ively|edly|ingly|fully|lessly|ately|ably|ibly|ently|antly)"
)


def is_sentence_adverb(surface: str) -> bool:
    """Whether a one-word span is an adverb of the kind that opens a sentence, which the model sometimes takes for
    a name because it is capitalised there; not a surname so written ('McNally', 'Tally')."""
    return (
        surface[:1].isupper()
        and surface[1:].islower()
        and bool(_ADVERB_ENDING.fullmatch(surface.lower()))
        and not knowledge.is_personal_name(surface)
    )


def opens_sentence(body: str, start: int) -> bool:
    """Whether only opening quotes or brackets, or a speaker's label ('((WN))'), stand between `start` and the
    end of the sentence before it."""
    before = _TRAILING_LABEL.sub("", body[max(0, start - 100) : start]).rstrip(_OPENING)
    return not before or before[-1] in ".!?:;\n"


def names_elsewhere(body: str, name: str, start: int) -> bool:
    """Whether `name` also stands in the text as a name on its own, apart from the occurrence at `start`."""
    return any(
        s != start and not part_of_longer_name(body, s, e)
        for s, e in whole_word_occurrences(body, name)
    )


def names_the_state(body: str, end: int) -> bool:
    """Whether the words right after a demonym are about the state (its leaders, forces, decisions)."""
    following = _WORD.findall(body[end : end + 40])[:2]
    return any(word.lower() in STATE_NOUNS for word in following)


def canonical_key(surface: str, editorial: EditorialIndex) -> str:
    """The key a surface form is grouped under: editorial names first, then built-in place names."""
    key = name_key(surface)
    if key in editorial.by_key or key in editorial.ignored:
        return editorial.canonical_key(key) if key in editorial.by_key else key
    place = knowledge.lookup_place(surface)
    if place is not None:
        return name_key(place.name)
    return key


def type_votes(
    body: str, start: int, end: int, label: str, surface: str, language: str = "en"
) -> Counter:
    """Evidence about an actor's type from one mention: the model's label, a title before it, a noun after it, what
    the text says it is, the words around it and the name itself (see decide_type for how the evidence weighs)."""
    votes: Counter = Counter()
    base = LABEL_TYPES.get(label)
    if stands_bare(body, start, end, surface):
        votes["cue:bare"] += 1
        votes["cue:nationality-or-faith"] += label == "NORP"
    if base:
        votes[base] += 1
    votes["cue:labelled"] += 1
    if is_word_acronym(surface):
        votes["cue:acronym"] += 1
    before = _WORD.findall(body[max(0, start - 40) : start])
    after = _WORD.findall(body[end : end + 40])
    if (
        before
        and (
            before[-1].lower().strip(".") in opening_titles(language, True)
            or before[-1].lower() in OCCUPATION_NOUNS
        )
        and len(surface.split()) <= 4
    ):
        votes["person"] += 2
        votes["cue:person-context"] += 1
    elif (
        _SPEECH_AFTER.match(body, end)
        or (before and before[-1].lower() in KIN_NOUNS)
        or is_person_apposition(body, end)
    ):
        votes["cue:person-context"] += 1
    if (
        any(word.lower() in THING_NOUNS for word in after[:2])
        and label != "NORP"
        and knowledge.country_of_demonym(surface) is None
    ):
        # 'Iskander missiles' names the missile; a people's word only says whose it is ('a Ukrainian passenger jet').
        votes["other"] += 3
    if before and before[-1].lower() in ("on", "via") and not _ON_BEHALF.match(body, end):
        votes["cue:on"] += 1
    votes.update(context_votes(body, start, end, label))
    votes.update(name_votes(surface))
    if _DIGIT.search(surface):
        votes["cue:digits"] += 1  # 'Voskhod 2', 'GPLv3', 'Linux 8': no one's name holds a digit
    place = knowledge.lookup_place(surface)
    if place is not None:
        # Countries and continents are places whatever the model says; a city's name is also a person's
        # name often enough ('Paris', 'Houston') that it only tips the balance, unless written with what follows
        # its comma ('Washington, D.C.', with_place_qualifier).
        qualified = "," in surface
        votes["place"] += 5 if place.kind in ("country", "continent", "region") or qualified else 2
        votes["cue:known-place"] += 1
    return votes


# Words that may stand before or after a noun standing alone as the head of its phrase: prepositions, conjunctions
# and auxiliaries, a closed class ('left Islam in 2018', 'about Islam or their experiences').
_FUNCTION_WORDS = (
    frozenset(
        """of in on at to for from with by as into about against than and or but nor so that which who whom whose is
    was are were be been has have had will would can could may might must shall should do does did not""".split()
    )
    | _PREPOSITIONS
)
# Words before a noun that make it a count noun or a predicate ('a Muslim', 'is Muslim'), not a belief's name.
_DETERMINERS_AND_COPULAS = frozenset(
    """a an the one every each another any some no this that these those his her their our my your its is was are
    were be been being became become remain remained""".split()
)


# Endings of English words for a member or an adjective of a people, faith or party (not of the belief's name).
_ADHERENT_SUFFIXES = ("an", "ese", "ish", "ic", "ist", "crat", "ite", "i")


def stands_bare(body: str, start: int, end: int, surface: str) -> bool:
    """Whether a one-word name stands alone as a noun, as a belief's name does ('renouncing Islam', 'criticise
    Islam or…'), not as its people's ('Muslims', 'a Muslim', 'Muslim women', 'Philippine President'): singular,
    no demonym of a country nor a member's word ('Republican', 'Buddhist'), no determiner or copula before it, and
    after it only punctuation or a function word."""
    if " " in surface or surface.endswith("s") or surface.isupper():
        return False
    if surface.lower().endswith(_ADHERENT_SUFFIXES) or knowledge.country_of_demonym(surface):
        return False
    before = _WORD.findall(body[max(0, start - 30) : start])
    if before and (before[-1].lower() in _DETERMINERS_AND_COPULAS or "-" in before[-1]):
        return False
    after = re.match(r"\s*([^\s\w]|[\w-]+)", body[end : end + 30])
    if after is None:
        return True
    following = after.group(1)
    if following in ("-", "/", "’", "'"):
        return False
    return not following[:1].isalnum() or following in _FUNCTION_WORDS


# What the text may say an actor is ('Nike, an athletic equipment company'; 'Minetest is an open-source game'):
# kind nouns of English, each with the type it gives.
KIND_NOUNS = {
    **dict.fromkeys(
        """organisation organization company firm charity nonprofit non-profit group party union agency startup
        start-up corporation institution association foundation band club network broadcaster newspaper
        publisher""".split(),
        "organization",
    ),
    **dict.fromkeys(
        """app application platform software game distribution distro browser disease virus illness infection
        syndrome drug product brand website system album film movie documentary novel sitcom podcast program
        programme""".split(),
        "other",
    ),
    **dict.fromkeys("festival tournament championship conference summit".split(), "event"),
    # Celestial bodies are places, as the Earth is ('the host star AB Aurigae', 'AB Aurigae is a young star').
    **dict.fromkeys(
        "star planet exoplanet galaxy comet asteroid moon nebula constellation".split(), "place"
    ),
}
_KINDS = "|".join(sorted(KIND_NOUNS, key=lambda k: (-len(k), k)))
# 'X, a/an … KIND' or 'X is/was a/an … KIND', the kind noun ending its phrase ('a party member' says nothing).
_KIND_AFTER = re.compile(
    rf"(?:[’']s?)?(?:,|\s+(?:is|was))\s+(?:a|an)\s+(?:[\w-]+\s+){{0,4}}?({_KINDS})"
    r"(?=\s*(?:[,.;:)!?]|$)|\s+(?:that|which|who|whose|in|of|with|from|for|based|founded|and|to|on|at|by|called)\b)"
)
# A kind of place and its 'of' right before a name, which says what the name is: 'the electoral district of Groom',
# 'the town of Mokha', 'the island of Samos' (not 'state', as in 'the state of Trump's health').
_PLACE_KIND_OF_BEFORE = re.compile(
    r"\b(?:city|town|village|hamlet|province|district|electorate|county|region|island|municipality|prefecture"
    r"|borough|suburb|township|parish|commune|oblast|canton|governorate)\s+of\s+(?:the\s+)?$"
)
# 'her organisation: Faithless Hijabi'.
_KIND_LABEL_BEFORE = re.compile(rf"\b({_KINDS}):\s*$")
# 'the company Red Hat', 'charity Sea-Eye': only a hint ('the company Trump founded' is no statement).
_KIND_BEFORE = re.compile(rf"\b({_KINDS})\s+$")
# Words right after a name that say it names an illness ('COVID-19 pandemic') or software ('Linux distributions'),
# or an account on a platform ('Twitter account'); words before that say it names an illness.
THING_CONTEXT_AFTER = frozenset(
    """pandemic pandemics epidemic outbreak outbreaks infection infections cases symptoms patients restrictions
    lockdown lockdowns vaccination vaccinations distribution distributions distro distros kernel release releases
    version versions command-line users""".split()
)
# Words right after a name that make it a platform people post on ('Twitter account', 'YouTube channel'): an
# organisation, as the companies behind them are.
PLATFORM_CONTEXT_AFTER = frozenset(
    "account accounts post posts feed followers channel channels".split()
)
_ILLNESS_BEFORE = re.compile(
    r"\b(?:positive\s+for|infected\s+with|cases\s+of|died\s+(?:of|from)|diagnosed\s+with|spread\s+of|"
    r"recovered\s+from|symptoms\s+of)\s+$"
)
# A kind of thing right after a name that 'the' opens names the kind of that thing, the name its own ('the Fedora
# operating system', 'the Ebola virus'); not kinds a maker's name comes before ('the Twitter app').
_THING_COMPOUND = re.compile(
    r"\s+(?:operating\s+system|software|game|distribution|distro|browser|disease|virus|illness|infection|"
    r"syndrome|drug)(?![\w-])"
)
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_ON_BEHALF = re.compile(r"[’']?s?\s+behalf\b")
# Verbs of making something: what one founds, starts or launches is not a person.
_FOUNDED_BEFORE = re.compile(
    r"\b(?:founded|co-founded|founding|start|started|starting|launched|established)\s+$"
)
# People who work or study at a name right before it: what they work at is a body ('analysts at Morgan Stanley',
# 'a professor at Clemson University'), though named after someone.
_WORKPLACE_BEFORE = re.compile(
    r"\b(?:analysts?|economists?|strategists?|researchers?|scientists?|employees?|engineers?|traders?|bankers?|"
    r"staff|workers?|professors?|students?)\s+at\s+$"
)
# 'its' right after a name, at most one word between ('Morgan Stanley raised its', 'Charles Schwab and its'): what
# the name is has things of its own as a body has; a person's are 'his' or 'her'.
_ITS_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?its\b")


def context_votes(body: str, start: int, end: int, label: str = "") -> Counter:
    """Votes from the words around one mention: what the text says the actor is ('X, a firm' decides, see
    decide_type), a kind noun before it, illness or software words around it, a verb of founding before it, a
    thing's kind after it ('the Fedora operating system'). A celestial kind counts only where the model labelled the mention, and not as a person ('a pop star')."""
    votes: Counter = Counter()
    before = body[max(0, start - 60) : start]
    celestial = label not in ("PERSON", "PER", "")
    stated = _KIND_AFTER.match(body, end) or _KIND_LABEL_BEFORE.search(before)
    kind = KIND_NOUNS[stated.group(1).lower()] if stated else ""
    if kind and (kind != "place" or celestial):
        votes[f"kind:{kind}"] += 1
    hinted = _KIND_BEFORE.search(before)
    kind = KIND_NOUNS[hinted.group(1)] if hinted else ""
    if kind and (kind != "place" or celestial):
        votes[kind] += 3
    following = re.match(r"\s+([\w-]+)", body[end : end + 40])
    if following and following.group(1).lower() in PLATFORM_CONTEXT_AFTER:
        votes["organization"] += 3
    elif (
        following and following.group(1).lower() in THING_CONTEXT_AFTER
    ) or _ILLNESS_BEFORE.search(before):
        votes["other"] += 3
        votes["cue:thing-context"] += 1
    if _PLACE_KIND_OF_BEFORE.search(before):
        votes["kind:place"] += 1  # 'the town of Mokha' says Mokha is a town
    if _FOUNDED_BEFORE.search(before):
        votes["organization"] += 2
    if _WORKPLACE_BEFORE.search(before) or _ITS_AFTER.match(body, end):
        votes["cue:body-context"] += 1
    if _THE_BEFORE.search(before) and _THING_COMPOUND.match(body, end):
        votes["other"] += 3
    return votes


# Head nouns and legal forms that make a name an organisation's ('Green Party', 'Red Hat Inc.', 'University of
# Oxford'): English grammar, not a list of organisations.
ORGANIZATION_HEADS = frozenset(
    """inc corp corporation company co ltd llc plc gmbh ag group holdings party foundation university college
    school institute institution association council ministry department agency commission committee bank
    federation league society club church organisation organization authority board bureau office court
    army navy police team fc airlines airways motors industries laboratories labs hospital trust fund alliance
    coalition movement front assembly parliament senate government administration network media studios
    technologies systems solutions partners ventures services corps clinic comics magazine journal mosque
    synagogue temple cathedral hotel museum brothers center centre""".split()
)
# Head nouns of the names of laws, treaties, awards, illnesses ('Abraham Accords', 'Affordable Care Act') and of
# events ('Syrian Civil War', 'Commonwealth Games'): such a name is no person's or organisation's.
THING_HEADS = {
    **dict.fromkeys(
        """act acts accord accords agreement treaty declaration protocol constitution amendment bill
        law award awards prize medal virus disease syndrome flu fever""".split(),
        "other",
    ),
    **dict.fromkeys(
        """war games cup championship championships olympics paralympics festival summit election elections
        convention caucuses primary primaries""".split(),
        "event",
    ),
}
LEGAL_FORMS = frozenset("inc corp corporation co ltd llc plc gmbh ag sa nv bros".split())
# Words that open the name of a weather system ('Hurricane Katrina', 'Typhoon Haiyan', 'Tropical Storm Barry',
# 'Storm Ciara'): its own name after them is a given name, so the model often calls it a person. An event; 'Storm'
# is also a given name, so a name it opens stays a person's where the text says it is someone ('actress Storm
# Reid'; decide_type).
WEATHER_WORDS = frozenset("hurricane typhoon cyclone storm".split())
GIVEN_NAME_WEATHER_WORDS = frozenset({"storm"})
WEATHER_MODIFIERS = frozenset("tropical subtropical winter severe super".split())
# Prefixes of a ship's name ('USS Nimitz', 'HMS Victory', a motor vessel's 'MV Namse Bangdzod') and the kind of
# craft that opens a spacecraft's ('Space Shuttle Atlantis'): a vessel, a thing, whatever the model says.
VESSEL_PREFIXES = frozenset("uss u.s.s hms h.m.s hmas hmcs hmnzs rms mv m.v".split())
CRAFT_WORDS = frozenset("shuttle spacecraft spaceship".split())


# An apposition after a name: ', the prime minister of Tonga', ', a former senator', ', an economist'.
_APPOSITION_AFTER = re.compile(
    r",\s+(?:the|a|an)\s+((?:[A-Za-z]+\s+){0,2}[A-Za-z]+)\b", re.IGNORECASE
)
# What may stand in such an apposition: a title or an occupation, after only these words.
APPOSITION_TITLES = (PERSON_TITLES - {"said"}) | OCCUPATION_NOUNS
APPOSITION_LEADS = TITLE_MODIFIERS | {"former", "then", "late"}


def is_person_apposition(body: str, end: int) -> bool:
    """Whether a title or an occupation stands in apposition right after a name ('Akilisi Pohiva, the prime
    minister of Tonga', 'Sarah Palin, a former governor'), which says someone as a title before it does; only
    'former', 'then', 'late' and a title's modifiers ('prime', 'deputy') may stand before it ('Chelsea, the club's
    captain' is no one)."""
    found = _APPOSITION_AFTER.match(body, end)
    if found is None:
        return False
    for word in found.group(1).lower().split():
        if word in APPOSITION_TITLES:
            return True
        if word not in APPOSITION_LEADS:
            return False
    return False


# Words after a name that make it someone who speaks or is spoken of as a person ('Hammons said', ', who', 'Rajamma
# said she', a next sentence opening 'She').
_SPEECH_AFTER = re.compile(
    r"(?:[’']s)?,?\s+(?:(?:said|says|told|tells|added|adds|explained|wrote|writes|tweeted|stated|argued|asked|"
    r"replied|recalled|who|himself|herself)\b|(?:\S+\s+){0,3}?(?:he|she|his|her|him)\b)"
    r"|[^.!?\n]{0,3}[.!?]\s+(?:He|She|His|Her)\s"
)
# Words for a relative right before a name: 'her brother, Borna', 'his son Hunter'.
KIN_NOUNS = frozenset(
    """brother brothers sister sisters son sons daughter daughters father mother wife husband uncle aunt cousin
    nephew niece grandson granddaughter grandfather grandmother stepson stepdaughter""".split()
)


def name_votes(surface: str) -> Counter:
    """Votes from the name itself: the head noun of a law's or an event's name ('Abraham Accords', 'Syrian Civil
    War'), an organisation's head noun or legal form ('Green Party', 'Apple Inc.'), or a known given name before a
    capitalised last word ('Brock Pierce', 'Gloria La Riva')."""
    words = [word.strip(".,").lower() for word in surface.split()]
    if len(words) < 2:
        return Counter({"cue:no-known-name": 1}) if is_unknown_name(surface) else Counter()
    before_of = words[words.index("of") - 1] if "of" in words[1:] else ""
    if (
        before_of in ORGANIZATION_HEADS
    ):  # 'University of Texas', 'UCLA School of Law': the noun before 'of' heads
        return Counter({"cue:organization-name": 1})
    if words[-1] in THING_HEADS:
        return Counter({THING_HEADS[words[-1]]: 3, "cue:thing-name": 1})
    if words[-1] in ORGANIZATION_HEADS or any(w in LEGAL_FORMS for w in words[1:]):
        return Counter({"cue:organization-name": 1})
    if names_a_kind_of_place(surface, words):
        return Counter({"place": 2, "cue:place-name": 1})
    opening = words[1:] if words[0] in WEATHER_MODIFIERS or words[0] == "space" else words
    if len(opening) == 2 and opening[0] in WEATHER_WORDS and opening[1].isalpha():
        # Not 'Storm Area 51', a call to storm a place.
        votes = Counter({"cue:weather-name": 1})
        if opening[0] in GIVEN_NAME_WEATHER_WORDS:
            votes["cue:given-name-weather"] = 1
        return votes
    # The vessel's own name, no common word ('Space Shuttle Program' names none).
    own = surface.split()[-1]
    if (
        words[0] in VESSEL_PREFIXES
        or words[-1] in CRAFT_WORDS
        or (len(opening) >= 2 and opening[0] in CRAFT_WORDS and not knowledge.is_common_word(own))
    ):
        return Counter({"other": 3, "cue:thing-name": 1, "cue:vessel-name": 1})
    if named_after_its_home(surface):
        return Counter({"organization": 2, "cue:organization-name": 1})
    first, *rest = surface.split()
    if len(rest) > 3 or not all(word[:1].isupper() or word in NAME_PARTICLES for word in rest):
        return Counter()  # 'Carroll and La Riva': two names, not one
    given = (
        first.istitle() and first.lower() not in NAME_PARTICLES and knowledge.is_given_name(first)
    ) or (
        is_initial(first)
        and all(is_initial(word) or word.lower() in NAME_PARTICLES for word in rest[:-1])
    )
    if given and rest[-1][:1].isupper() and not knowledge.is_common_word(rest[-1]):
        return Counter({"cue:given-name": 1})
    return Counter()


# Words that say a name is a place's, opening it ('Mount Apo', 'Cape Canaveral', 'Punta Tombo'; 'Gulf', 'Bay',
# 'Sea', 'Strait' and 'Isle' only before 'of': 'Gulf of Oman', not 'Gulf Oil') or closing it ('Mindanao Fault',
# 'Causeway Bay', 'Great Barrier Reef'). Not the words that are also given names in some language ('Sierra',
# 'Monte', 'Isla', 'Río') nor the plurals a team or a firm is named with ('Banks', 'Fields').
PLACE_OPENERS = frozenset("mount mt lake cape fort port punta cabo playa bahía".split())
PLACE_OPENERS_BEFORE_OF = frozenset("gulf bay sea strait isle".split())
PLACE_HEAD_NOUNS = frozenset(
    """ocean sea bay gulf strait peninsula desert trench fault volcano glacier reef creek harbour harbor basin cove
    canyon river island islands valley beach coast delta plateau lake mountains""".split()
)


def names_a_kind_of_place(surface: str, words: list[str]) -> bool:
    """Whether a name's own words say it is a place's: a place's kind opening or closing a name written with
    capitals, which no given name opens ('Michael Bay', 'Ricki Lake' are people)."""
    written = surface.split()
    if len(written) < 2 or not all(
        w[:1].isupper() or w in ("of", "the", "de", "del") for w in written
    ):
        return False
    if words[0] in PLACE_OPENERS_BEFORE_OF:
        return words[1] == "of"
    if words[0] in PLACE_OPENERS:
        return not knowledge.is_given_name(written[1])
    return words[-1] in PLACE_HEAD_NOUNS and not knowledge.is_given_name(written[0])


# Plurals that name a kind of place after a place's name ('Cayman Islands', 'Golan Heights', 'Colorado Springs').
PLACE_PLURALS = frozenset(
    """islands isles keys falls heights springs hills mountains alps highlands lowlands lakes plains rapids woods
    gardens palms sands shores pines narrows forks oaks meadows dunes flats banks valleys cliffs bluffs glades moors
    wells fields downs territories provinces states emirates republics""".split()
)
# Head nouns that end a name even written in small letters ('Democratic party', "A'Beckett street", 'the NATO
# treaty'): without_small_words_around keeps them.
NAME_HEADS = (
    ORGANIZATION_HEADS
    | frozenset(THING_HEADS)
    | PLACE_PLURALS
    | frozenset(
        "union street road avenue square river lake bridge park station airport county district".split()
    )
)


def named_after_its_home(surface: str) -> bool:
    """Whether a name is a known place's followed by a capitalised plural, as teams and firms are named after
    their home ('Phoenix Suns', 'Kenya Airways', 'Seattle Times'), and is no place itself ('Cayman Islands') nor
    a person's ('Madison Roberts': a surname ending in s is no plural)."""
    *home, last = surface.split()
    if not home or not all(word[:1].isupper() for word in surface.split()):
        return False
    if not (last.isalpha() and last.endswith("s")):
        return False
    if (
        last.endswith("ss")
        or knowledge.is_listed_surname(last)
        or knowledge.is_listed_given_name(last)
    ):
        return False
    if last.lower() in PLACE_PLURALS or knowledge.lookup_place(surface) is not None:
        return False
    return knowledge.lookup_place(" ".join(home)) is not None


# A given name written as its initials: 'J.', 'J-M', 'J.-M.', 'J.M.': marked as such, so not 'JM', 'AP' or the
# article 'A'; at most two letters, as 'U.S.S. Grayback' (a ship) is not a person.
_INITIALS = re.compile(r"[A-Z]\.|[A-Z](?:\.-?|-)[A-Z]\.?")


def is_initial(word: str) -> bool:
    """Whether a word is a given name's initials ('J-M' of 'J-M Ayrault', 'J.' of 'J. Smith'), not a place's
    ('U.S. Steel')."""
    return bool(_INITIALS.fullmatch(word)) and knowledge.lookup_place(word) is None


def is_unknown_name(word: str) -> bool:
    """A word written as a name that no list of given names or surnames knows ('Brexit', 'Fedora', 'Ashodaya'),
    nor a word of capitals (initials, acronyms: decided apart)."""
    return (
        not word.isupper()
        and not knowledge.is_listed_given_name(word)
        and not knowledge.is_listed_surname(word)
        and not knowledge.is_personal_name(word)
    )


# Words written in lower case inside a person's name ('Ursula von der Leyen', 'Bashar al-Assad' is one word).
NAME_PARTICLES = frozenset(
    "von van der den de da di du la le el al bin ibn ben dos das del della y".split()
)


def is_word_acronym(surface: str) -> bool:
    """A word of four or more capitals ('COVID', 'NATO', 'UNICEF'): said as a word, not a person's name, which is
    written in capitals only as initials ('JFK')."""
    letters = surface.replace("-", "")
    return len(letters) >= 4 and letters.isalpha() and letters.isupper()


def archive_types(votes_by_key: dict[str, Counter]) -> dict[str, str]:
    """Each key's type (decide_type), where a name whose last word the words around it make a thing elsewhere in
    the archive ('Linux distributions') is a thing too: English names a kind of thing by its head ('Rocky Linux'
    and 'Red Hat Enterprise Linux' are Linux distributions, whatever the model said and though 'Rocky' is a given
    name), unless the name or the text says what it is."""
    types = {key: decide_type(votes) for key, votes in votes_by_key.items()}
    for key, votes in votes_by_key.items():
        words = key.split()
        head = words[-1] if len(words) > 1 else ""
        thing_head = (
            types.get(head) == "other" and votes_by_key[head].get("cue:thing-context", 0) > 0
        )
        if thing_head and not own_name_evidence(votes):
            types[key] = "other"
    return types


def own_name_evidence(votes: Counter) -> bool:
    """Whether an actor's name or the text says what it is: an organisation's or a law's head noun, a stated kind."""
    return any(
        cue.startswith("kind:") or cue in ("cue:organization-name", "cue:thing-name")
        for cue in votes
    )


def is_personal_name(actor: LocalActor) -> bool:
    return decide_type(actor.votes) == "person"


def is_kind_and_name(actor: LocalActor) -> bool:
    """Whether an actor is a ship, a spacecraft or a weather system named by its kind and a name of its own
    ('U.S.S. Grayback', 'Space Shuttle Atlantis', 'Typhoon Haiyan'; name_votes), which alone is its short form."""
    if actor.votes.get("cue:vessel-name", 0):
        return decide_type(actor.votes) == "other"
    return actor.votes.get("cue:weather-name", 0) > 0 and decide_type(actor.votes) == "event"


def type_counts(votes: Counter) -> Counter:
    """The votes for the types themselves, without the cues (keys with a colon) decide_type also reads."""
    return Counter({t: n for t, n in votes.items() if t in TYPE_ORDER and n > 0})


def decide_type(votes: Counter) -> str:
    """The type all the evidence gives: what the text states the actor is ('X is an organisation'), unless a
    known place has that name; a faith's name a thing (names_belief); else the most votes, where the model's person label does not count for an
    actor mostly named after 'on' or 'via' ('posted on Twitter') or mostly written as a word of capitals
    ('COVID'); a name with an organisation's head noun or legal form is an organisation rather than a person, a
    group ('Democratic' joined to 'Democratic Party'), a thing or an event, unless more of its mentions give a
    person's full name (a company's name merged by hand into its founder's), one that starts with a known given
    name a person rather than an organisation or a thing (places and groups are left to the votes: 'Soviet
    Union', 'Victoria Park'), and one whose full name has a law's or an event's head noun a thing or an event
    rather than a person, an organisation or a group. A weather system's name is an event before all that
    ('Typhoon Phanfone', WEATHER_WORDS)."""
    types = type_counts(votes)
    if votes.get("cue:weather-name", 0) and not (
        votes.get("cue:given-name-weather", 0) and votes.get("cue:person-context", 0)
    ):
        return "event"
    stated = Counter(
        {t: votes.get(f"kind:{t}", 0) for t in TYPE_ORDER if votes.get(f"kind:{t}", 0) > 0}
    )
    if stated and not votes.get("cue:known-place", 0):
        return min(stated, key=lambda t: (-stated[t], TYPE_ORDER[t]))
    labelled = votes.get("cue:labelled", 0)
    if names_belief(votes):
        return "other"
    on, acronym = votes.get("cue:on", 0), votes.get("cue:acronym", 0)
    if (on >= 2 and 2 * on >= labelled) or 2 * acronym > labelled:
        types.pop("person", None)
    if no_person_evidence(votes) and len(types) > 1:
        types.pop("person", None)
    if votes.get("cue:digits", 0) and "person" in types:
        # A name with a digit is a thing's, a mission's or a version's, whatever the model says ('Voskhod 2').
        types.pop("person")
    if not types:
        return "other"
    decided = min(types, key=lambda t: (-types[t], TYPE_ORDER[t]))
    if decided in ("person", "group", "other", "event") and votes.get(
        "cue:organization-name", 0
    ) > votes.get("cue:given-name", 0):
        return "organization"
    if (
        decided in ("organization", "other")
        and votes.get("cue:given-name", 0) > 0
        and not named_after_someone(votes)
    ):
        return "person"
    things = {t: types.get(t, 0) for t in ("other", "event")}
    if (
        decided in ("person", "organization", "group")
        and votes.get("cue:thing-name", 0) > 0
        and any(things.values())
    ):
        # The actor's full name says it is a law or an event ('Digital Millennium Copyright Act'), though most
        # mentions are an acronym the model labelled otherwise ('DMCA').
        return max(things, key=lambda t: (things[t], t == "other"))
    return decided


def named_after_someone(votes: Counter) -> bool:
    """Whether a name that opens with a given name is a body's, named after someone ('Morgan Stanley', 'Charles
    Schwab'): the text treats it as a body somewhere ('analysts at Morgan Stanley', 'Morgan Stanley raised its
    price target') and nothing says it is someone: the model never labelled it a person, and no title stands
    before it. Without such words, a given name outweighs the model's labels, which call many people bodies."""
    return votes.get("cue:body-context", 0) > 0 and votes.get("person", 0) == 0


def no_person_evidence(votes: Counter) -> bool:
    """Whether only the model's label says an actor is a person: every labelled mention is one word that no list
    of names knows, and no title, verb of speech, 'who' or 'he'/'she' beside any mention says it is someone ('a
    no-deal Brexit', 'laptops with Fedora on it'). decide_type then leaves the person out when the model also
    labelled the actor as something else."""
    labelled = votes.get("cue:labelled", 0)
    return (
        labelled > 0
        and votes.get("cue:no-known-name", 0) >= labelled
        and not votes.get("cue:person-context", 0)
    )


def names_belief(votes: Counter) -> bool:
    """Whether an actor is a faith or an ideology ('Islam', 'Christianity'): the model labels it a nationality,
    religious or political group at least twice where it stands bare (stands_bare), and it stands so in most of
    its labelled mentions, as a people's name ('Muslims', 'Muslim women') does not."""
    return votes.get("cue:nationality-or-faith", 0) >= 2 and 2 * votes.get(
        "cue:bare", 0
    ) > votes.get("cue:labelled", 0)


MIN_PEOPLE_CHARS = 5


def vote_peoples(actors: dict[str, LocalActor]) -> None:
    """A one-word name the article writes both as a singular and as its plural in -s names a people, as a
    nationality does ('Neandertals made and used…', 'a Neandertal child'; 'Muslims', 'Muslim women'), whatever
    label the model gave it: both forms vote for a group. Not when a longer name of the article ends with the
    singular: 'the Trumps' beside 'Donald Trump' are his family, 'Senates' beside 'US Senate' its kind."""
    for key in sorted(actors):
        singular = key[:-1]
        if " " in key or len(key) < MIN_PEOPLE_CHARS or not key.endswith("s") or key.endswith("ss"):
            continue
        if singular in actors and not any(other.endswith(" " + singular) for other in actors):
            for actor in (actors[key], actors[singular]):
                actor.votes["group"] += 3 * len(actor.spans)


def merge_short_forms(actors: dict[str, LocalActor]) -> None:
    """'Putin' joins 'Vladimir Putin' when the article names one person ending so, or one who dominates the
    others ending so (see dominant_name); not a short form the words around it make a thing ('Linux
    distributions' beside 'Rocky Linux'), the name of a known place nor a name right after a person's 'of'
    ('Patrick Crusius of Allen, Texas' beside 'Greg Allen'); a surname the model took for a place it does not know
    ('Cummings') joins. The own name of a vessel or a storm joins its full name the same way ('Grayback', 'U.S.S.
    Grayback'; 'Haiyan', 'Typhoon Haiyan'), and a place or a body named after someone without the given names
    (named_after_someone_in_full)."""
    for key in sorted(actors, key=lambda k: (len(k.split()), k)):
        actor = actors.get(key)
        if actor is None or (len(key.split()) > 2 and not is_particle_surname(key)):
            continue
        fitting = {
            other_key: (len(other.spans),)
            for other_key, other in actors.items()
            if other_key != key
            and len(other_key.split()) > len(key.split())
            and other_key.endswith(" " + key)
            and (
                is_personal_name(other)
                or is_kind_and_name(other)
                or named_after_someone_in_full(other, key)
            )
        }
        target = dominant_name(fitting)
        known_place = actor.votes.get("place", 0) >= 5 and actor.votes.get("cue:known-place", 0) > 0
        where_from = actor.votes.get("cue:affiliation", 0) > 0  # 'Crusius of Allen, Texas'
        if (
            target is not None
            and not known_place
            and not where_from
            and actor.votes.get("other", 0) < 3
        ):
            how = "surname" if is_personal_name(actors[target]) else "short-form"
            if is_kind_and_name(actors[target]):
                # The model's label for a lone ship's or storm's name is a guess from the word ('Lorenzo', a
                # person): the full name has said what it is.
                actor.votes = Counter({k: n for k, n in actor.votes.items() if k not in TYPE_ORDER})
            absorb(
                actors[target],
                actor,
                how,
                mention_confidence(how, ratio=dominance_ratio(fitting, target)),
            )
            del actors[key]


def named_after_someone_in_full(actor: LocalActor, short_key: str) -> bool:
    """Whether an organisation's or a place's name is someone's given names (and initials) before `short_key`, a
    name of two words or more: shortened as the person's name is, to the surname ('Udvar-Hazy Center' of 'Steven
    F. Udvar-Hazy Center', 'Bush Intercontinental Airport' of 'George Bush Intercontinental Airport'). The short
    name opens with the surname, no common word ('Democratic Party' is no short form of 'Christian Democratic
    Party')."""
    words = short_key.split()
    if (
        len(words) < 2
        or knowledge.is_common_word(words[0])
        or decide_type(actor.votes) not in ("organization", "place")
    ):
        return False
    given = actor.key[: -len(short_key)].split()
    return bool(given) and all(
        knowledge.is_given_name(word) or (index > 0 and len(word) == 1)
        for index, word in enumerate(given)
    )


def merge_weather_names(actors: dict[str, LocalActor]) -> None:
    """'Tropical Storm Lorenzo', 'Hurricane Lorenzo' and 'Storm Lorenzo' in one article are one storm, named by
    its category of the moment and its own name: the names of weather systems with the same own name join the one
    written most."""
    by_own: dict[str, list[str]] = defaultdict(list)
    for key, actor in actors.items():
        if is_kind_and_name(actor) and actor.votes.get("cue:weather-name", 0):
            by_own[key.split()[-1]].append(key)
    for keys in by_own.values():
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: (-len(actors[k].spans), k))
        for key in keys[1:]:
            absorb(actors[keys[0]], actors.pop(key), "variant", mention_confidence("variant"))


# Words of a compass that, alone, name one half of a divided country the article names both halves of.
COMPASS_WORDS = ("north", "south", "east", "west")


def merge_compass_words(actors: dict[str, LocalActor]) -> None:
    """'The South retaliated', 'into the North' beside 'South Korea' and 'North Korea': a compass word alone,
    which the model takes for a place, is the half of a divided country it opens, where the article names the
    other half too ('Sudan' and 'South Sudan'). Otherwise it is left as it is: 'the West' beside 'West Virginia' is
    the Western world, 'the South' beside 'South Carolina' may be the American South."""
    places = {key for key, actor in actors.items() if decide_type(actor.votes) == "place"}
    for word in COMPASS_WORDS:
        actor = actors.get(word)
        if actor is None or word not in places:
            continue
        halves = [
            key
            for key in places
            if key.startswith(word + " ") and other_halves(key[len(word) + 1 :]) & (places - {key})
        ]
        if len(halves) == 1:
            absorb(
                actors[halves[0]], actors.pop(word), "short-form", mention_confidence("short-form")
            )
            places.discard(word)


def other_halves(rest: str) -> set[str]:
    """The names of a divided country's halves that 'North Korea' and the like end with `rest` ('korea'): the
    country itself and each compass word before it."""
    return {rest, *(f"{word} {rest}" for word in COMPASS_WORDS)}


def merge_given_names(actors: dict[str, LocalActor], body: str) -> None:
    """A given name alone ('Ahmed', 'Dries') joins the one person of the article whose full name opens with it, as
    news calls a child, a player or a victim by the first name once introduced; not when two people of the
    article share it or another name of the article, no person's, opens with it ('Rocky' beside 'Rocky Linux'), nor
    when a name of the article ends with it (then it is a surname: 'Clarence Thomas'). After
    a royal title ('Prince Harry', where the model took 'Harry' alone), it joins only a person the text gives that
    title: a royal goes by the given name, and 'Harry Kane' is not Prince Harry."""
    for key in sorted(actors):
        actor = actors.get(key)
        if actor is None or " " in key or not knowledge.is_listed_given_name(key):
            continue
        if any(other.endswith(" " + key) for other in actors):
            continue
        titles = {
            found.group(1)
            for start, *_ in actor.spans
            if (found := _ROYAL_TITLE_BEFORE.search(body, max(0, start - 20), start))
        }
        opening = [other for other_key, other in actors.items() if other_key.startswith(key + " ")]
        fitting = [
            other.key
            for other in opening
            if is_personal_name(other)
            and all(given_the_title(body, title, other) for title in titles)
        ]
        known_place = actor.votes.get("cue:known-place", 0) > 0
        # A thing's name opening with it ('Rocky Linux' beside 'Rocky McGaugh') may be what it stands for.
        thing = any(not is_personal_name(other) and not titles for other in opening)
        if len(fitting) == 1 and not thing and not known_place and actor.votes.get("other", 0) < 3:
            absorb(
                actors[fitting[0]], actors.pop(key), "short-form", mention_confidence("short-form")
            )


# Titles of royalty, who go by their given names ('Prince Harry'); not honours ('Sir Keir' is Keir Starmer).
ROYAL_TITLES = frozenset("pope king queen prince princess".split())
_ROYAL_TITLE_BEFORE = re.compile(rf"\b({'|'.join(sorted(ROYAL_TITLES))})\s+$", re.IGNORECASE)


def given_the_title(body: str, title: str, person: LocalActor) -> bool:
    """Whether the text writes `title` (words) before one of the person's names, a comma between or not ('crown
    prince, Mohammed bin Salman', 'King Charles III')."""
    titled = r"\s+".join(map(re.escape, title.split()))
    return any(
        re.search(rf"\b{titled}[\s,]+{re.escape(form)}\b", body, re.IGNORECASE)
        for form in person.forms
    )


def merge_titled_given_names(actors: dict[str, LocalActor], body: str) -> None:
    """A noble title and a given name ('Prince Mohammed', 'Crown Prince Mohammed', 'King Charles') join the one
    person of the article whose full name opens with that name and whom the text gives the same title ('the Saudi
    crown prince, Mohammed bin Salman', 'King Charles III'), as news calls royalty once introduced; not 'Prince
    Harry' beside 'Harry Kane'."""
    for key in sorted(actors):
        *titles, given = key.split()
        if not titles or not any(t in NOBLE_TITLES for t in titles):
            continue
        if not all(t in NOBLE_TITLES or t in ROYAL_MODIFIERS for t in titles):
            continue
        if not knowledge.is_listed_given_name(given):
            continue
        fitting = [
            other_key
            for other_key, other in actors.items()
            if other_key.startswith(given + " ")
            and is_personal_name(other)
            and given_the_title(body, " ".join(titles), other)
        ]
        if len(fitting) == 1:
            person, titled_form = actors[fitting[0]], actors.pop(key)
            absorb(person, titled_form, "short-form", mention_confidence("short-form"))
            # Named by the full name, not the title: 'Crown Prince Mohammed' is as long as 'Mohammed bin Salman'.
            person.forms.subtract(titled_form.forms)
            person.forms = +person.forms


# Words that go with a noble title ('Crown Prince', 'Grand Duke').
ROYAL_MODIFIERS = frozenset({"crown", "grand"})


def name_teams(actors: dict[str, LocalActor], body: str) -> None:
    """A place's name that faces another across a score (teams.sides), or that a player's or a coach's role
    follows ('Liverpool striker Mohamed Salah', teams.fielded), is a team's in the whole article: its actor is an
    organisation, for a place Annals knows one named after it ('Sweden team') and apart from the
    place's page across the archive. A one-word place of the article that is a word of one side's name and of
    no other place's joins that side ('Korea' beside 'South Korea')."""
    # Decided once: only a lone word's type changes below, from person to organisation, which is neither a side
    # nor a place either way.
    types = {key: decide_type(actor.votes) for key, actor in actors.items()}
    candidates = [
        (start, end, key)
        for key, actor in actors.items()
        if types[key] not in ("person", "group")
        for start, end, _, _ in actor.spans
    ]
    # A lone word the model took for a person, never written as a full name in the article, is a team's before a
    # player's role ('Wynnum coach Matt Myers'); a person written in full holds that role himself ('Novak
    # Djokovic … Djokovic coach Goran Ivanisevic': the surname has joined the full name by now).
    lone_words = [
        (start, end, key)
        for key, actor in actors.items()
        if types[key] == "person" and not any(" " in form for form in actor.forms)
        for start, end, _, _ in actor.spans
    ]
    for key in teams.fielded(body, lone_words):
        vote_a_team(actors[key])
    facing = sorted(
        key
        for key in teams.sides(body, candidates) | teams.fielded(body, candidates)
        if types[key] == "place"
    )
    if not facing:
        return
    places = [key for key in actors if types[key] == "place"]
    for key in sorted(places):
        holding = [other for other in places if other != key and key in other.split()]
        if " " not in key and key not in facing and len(holding) == 1 and holding[0] in facing:
            absorb(
                actors[holding[0]], actors.pop(key), "short-form", mention_confidence("short-form")
            )
    for key in facing:
        actor = actors[key]
        vote_a_team(actor)
        place = knowledge.lookup_place(key)
        if place is None:
            continue  # a place known only to the model ('Noosa'): the club's own name
        del actors[key]
        actor.key = f"{key} {teams.TEAM_WORD}"
        actor.name = f"{place.name} {teams.TEAM_WORD}"
        if actor.key in actors:
            absorb(actors[actor.key], actor)
        else:
            actors[actor.key] = actor


def vote_a_team(actor: LocalActor) -> None:
    """Make an actor a team: an organisation by every mention, whatever the model labelled them."""
    actor.votes = Counter({"organization": 3 * len(actor.spans), "cue:labelled": 1})


def written_as_name(actor: LocalActor | LocalCounts) -> bool:
    """Whether some form of the actor is written as a full name: a capital in its first and in its last word
    ('John de Graaf', 'Bashar al-Assad'); words the model ran together in another script or in lower case
    ('ओह ये corona', 'per cubic meter') are not a name that a surname could stand for."""
    return any(
        has_capital(form.split()[0]) and has_capital(form.split()[-1])
        for form in actor.forms
        if form.strip()
    )


def has_capital(word: str) -> bool:
    return any(ch.isupper() for ch in word)


def dominant_name(candidates: Mapping[str, tuple[int, ...]]) -> str | None:
    """Of the full names a short form could mean ('Mugabe', 'Court'), each with its counts (mentions; across the
    archive also articles), the one it means: the only one, or the one whose every count is at least DOMINANCE
    times that of every rival. A longer form of the leader's name ('Robert Gabriel Mugabe' beside 'Robert
    Mugabe') is no rival. None when rivals are comparable: the short form is not guessed."""
    ranked = sorted(candidates, key=lambda k: (tuple(-count for count in candidates[k]), k))
    if not ranked:
        return None
    leader = ranked[0]
    for rival in ranked[1:]:
        if rival.split()[0] == leader.split()[0]:
            continue
        if any(
            lead < DOMINANCE * other for lead, other in zip(candidates[leader], candidates[rival])
        ):
            return None
    return leader


def settle_common_words(
    actors: dict[str, LocalActor], body: str, editorial: EditorialIndex
) -> None:
    """A common word on its own ('Court', 'State', 'Board') is a name as the short form of a longer name of the
    article, which it joins when that ends with it and dominates the names there holding it ('Supreme Court'),
    unless the word also heads one of them ('House of Representatives' beside 'White House': LocalActor.short_of),
    or where the text uses it as a name: capitalised mid-sentence and apart from other capitalised words ('the
    Court ruled', 'Congress voted'). Capitalised only because it opens a sentence ('State media reported…') or as
    the piece of a longer name the model cut ('Secretary of State'), it is left unproven: an actor there only if at
    least as many of the archive's articles with it use it as a name ('Congress' opening a sentence); so is one the
    article writes in lower case more often than it uses it as a name ('WHO say Iodine deficiency…' beside a dozen
    'iodine'). A word is common when Faker's lexicon lists it or the article writes it in lower case; acronyms
    ('WHO'), places, editorial names, and people and groups as the longer name are left alone."""
    for key in sorted(actors):
        actor = actors.get(key)
        if actor is None or not is_common_word_here(key, actor, body, editorial):
            continue
        holding = {
            other_key: (len(other.spans),)
            for other_key, other in actors.items()
            if other_key != key
            and key in other_key.split()
            and decide_type(other.votes) not in ("person", "group")
        }
        longer = dominant_name(holding)
        if (
            longer is not None
            and longer.endswith(" " + key)
            and decide_type(actor.votes) != "group"
        ):
            ratio = dominance_ratio(holding, longer)
            confidence = mention_confidence("short-form", ratio=ratio)
            if any(heads_name(key, other) for other in holding):
                # The word also heads a name here ('House' beside 'White House' and 'House of
                # Representatives'), which English shortens to its head: the article alone cannot tell which
                # it means, nor can counts ('White House' named five times, the House once, its 'House Speaker'
                # and 'a House vote' meaning the House). It stays apart for the archive to decide.
                actor.short_of = longer
                for start, *_ in actor.spans:
                    actor.how.setdefault(start, ("short-form", confidence))
            else:
                absorb(actors[longer], actors.pop(key), "short-form", confidence)
        else:
            as_name = sum(used_as_name(body, start, end) for start, end, _, _ in actor.spans)
            # Capitalised mid-sentence once ('WHO say Iodine deficiency…') where the article writes 'iodine'
            # a dozen times: a slip of the writer's, not a name.
            if not as_name or as_name < len(lower_case_word(key).findall(body)):
                actor.unproven = True


def heads_name(word: str, key: str) -> bool:
    """Whether the name `key` is `word` followed by its 'of' ('house', 'house of representatives'): the name English
    shortens to that word (LocalActor.short_of)."""
    return key.startswith(word + " of ")


def is_common_word_here(key: str, actor: LocalActor, body: str, editorial: EditorialIndex) -> bool:
    if " " in key or editorial.entry(key) is not None or knowledge.lookup_place(key) is not None:
        return False
    if all(form.isupper() for form in actor.forms):
        return False
    if knowledge.is_common_word(key):
        return True
    # The pattern is made for each word, so only when the text holds the word at all.
    return key in body and bool(lower_case_word(key).search(body))


def lower_case_word(key: str) -> re.Pattern[str]:
    """The word `key` as running text writes it in lower case, not in a web address ('*.minetest.net')."""
    return re.compile(rf"(?<![\w./@-]){re.escape(key)}(?![\w@/-]|\.\w)")


_OPENING = " \t\"“‘'([—–-"
_NEAR_CAPITALISED_BEFORE = re.compile(r"([A-Z][\w’'.-]*)\s+(?:(?:of|the|for|and|de)\s+)*$")
_NEAR_CAPITALISED_AFTER = re.compile(r"\s+(?:(?:of|the|for|and|de)\s+)*[A-Z]")


def used_as_name(body: str, start: int, end: int) -> bool:
    """Whether a capitalised word stands mid-sentence and apart from other capitalised words, as a name does
    ('The' before it does not count: 'The Court ruled')."""
    if not body[start : start + 1].isupper():
        return False
    if opens_sentence(body, start):
        return False
    before = body[max(0, start - 60) : start]
    capitalised = _NEAR_CAPITALISED_BEFORE.search(before)
    if capitalised and capitalised.group(1).lower() not in ("the", "a", "an"):
        return False
    return not _NEAR_CAPITALISED_AFTER.match(body, end)


# Head nouns of a job, beside the titles above: 'Divisional Railway Manager (DRM)', 'Chief Executive Officer'.
ROLE_NOUNS = frozenset("manager managers officer officers executive executives".split())
_SPELLED_AFTER = re.compile(r"\b([A-Z][A-Z&]{1,7})s?\s*\(([^()\n]{3,80})\)")
_SPELLED_BEFORE = re.compile(r"((?:[\w’'-]+\s+){1,8})\(([A-Z][A-Z&]{1,7})s?\)")
_SPELLED_BRACKET = re.compile(r"\([A-Z][A-Z&]{1,7}s?\)")
_WORDS_AND_SPACES = re.compile(r"[\w’'\s-]*")


def spelled_before(body: str) -> Iterator[re.Match]:
    """The matches of _SPELLED_BEFORE.finditer(body), the same ones, found by searching only just before each
    bracketed acronym: tried at every position of an article, the pattern took 4 % of a cold build. A match's
    words end at its bracket, so a window before the bracket holds it unless the words run on past the window's
    start, and then the window is widened."""
    end = 0
    for bracket in _SPELLED_BRACKET.finditer(body):
        if bracket.start() < end:
            continue
        reach = 200
        while True:
            start = max(end, bracket.start() - reach)
            found = _SPELLED_BEFORE.search(body, start, bracket.end())
            cut = start > end and _WORDS_AND_SPACES.fullmatch(
                body[start - 1 : found.start() if found else bracket.start()]
            )
            if not cut:
                break
            reach *= 4
        if found:
            end = found.end()
            yield found


def acronyms_of_common_nouns(body: str) -> set[str]:
    """Keys of the acronyms an article spells out as something that is not a name: a phrase in lower case
    ('anterior cingulate cortex (ACC)', 'DRM (digital rights management, the subject of…)') or a job ('Divisional
    Railway Manager (DRM)'). The spelled-out words are the last ones before the brackets, or the first clause in
    them, whose initials are the acronym's."""
    found = set()
    spelled = [
        (m.group(1), re.split(r"[,;:]", m.group(2))[0]) for m in _SPELLED_AFTER.finditer(body)
    ]
    spelled += [(m.group(2), m.group(1)) for m in spelled_before(body)]
    for acronym, text in spelled:
        words = text.split()
        for first in range(len(words)):
            expansion = " ".join(words[first:])
            if initials(name_key(expansion)) == acronym.lower():
                if is_common_noun_phrase(words[first:]):
                    found.add(name_key(acronym))
                break
    return found


def is_common_noun_phrase(words: list[str]) -> bool:
    content = [word for word in words if word.lower() not in _ACRONYM_STOPWORDS]
    last = content[-1].lower().strip(".,;:") if content else ""
    return (
        all(word[:1].islower() for word in content) or last in PERSON_TITLES or last in ROLE_NOUNS
    )


def drop_acronyms_of_common_nouns(actors: dict[str, LocalActor], body: str) -> None:
    """An acronym the article spells out as a body part, a technique or a job is no actor there."""
    for key in acronyms_of_common_nouns(body) & set(actors):
        if all(_ACRONYM.match(form.replace(".", "")) for form in actors[key].forms):
            del actors[key]


def initials(key: str) -> str:
    """The initials of a name key, without its function words and the 's' its possessives leave ('korean people s
    army' → 'kpa')."""
    return "".join(
        word[0]
        for word in key.split()
        if word not in _ACRONYM_STOPWORDS and word != "s" and word[:1].isalpha()
    )


def merge_acronyms(actors: dict[str, LocalActor], body: str) -> None:
    """'ECB' joins 'European Central Bank' in the same article: by its initials, or because the text spells it
    out in brackets ('the Federal Security Service (FSB)', whose initials would not match). A short form the text
    coins in brackets that the model did not label ('… Seismology (Phivolcs)') is a mention of the name all the
    same, and one of its forms, by which find_missed_mentions finds it again."""
    for key in sorted(actors):
        actor = actors.get(key)
        if actor is None:
            continue
        for _start, end, surface, _ in list(actor.spans):
            acronym = _BRACKETED_ACRONYM.match(body, end)
            bracketed = acronym or _BRACKETED_SHORT_FORM.match(body, end)
            if bracketed is None:
                continue
            short = bracketed.group(1)
            fits = abbreviates(short, surface)
            if not fits and acronym is None:
                continue  # a word in brackets that is no short form of the name: '(Illinois)'
            acronym_key = name_key(short)
            if acronym_key == key:
                continue
            if acronym_key in actors:
                absorb(actor, actors.pop(acronym_key), "acronym", mention_confidence("acronym"))
            elif fits and short not in actor.forms:
                start = bracketed.start(1)
                actor.spans.append((start, start + len(short), short, ""))
                actor.how[start] = ("acronym", mention_confidence("acronym"))
                actor.forms[short] += 1
    for key in sorted(actors):
        actor = actors.get(key)
        if actor is None or not any(_ACRONYM.match(form.replace(".", "")) for form in actor.forms):
            continue
        fitting = [
            other
            for other_key, other in actors.items()
            if other_key != key
            and len(other_key.split()) > 1
            and initials(other_key) == key.replace(" ", "")
        ]
        if len(fitting) == 1:
            absorb(fitting[0], actor, "acronym", mention_confidence("acronym"))
            del actors[key]


def abbreviates(short: str, name: str) -> bool:
    """Whether `short` can be a short form the text coins for `name` in brackets after it ('Phivolcs' for 'Philippine
    Institute of Volcanology and Seismology', 'AfCFTA'): its letters and digits appear in the name in order, the
    first at the start of one of its words (Schwartz and Hearst's test for abbreviations defined in text)."""
    letters = [char.lower() for char in short if char.isalnum()]
    text = name.lower()
    at = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        while at >= 0 and (
            text[at] != letters[index] or (index == 0 and at > 0 and text[at - 1].isalnum())
        ):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return bool(letters)


def absorb(target: LocalActor, source: LocalActor, how: str = "", confidence: float = 0.0) -> None:
    """Join `source` to `target`; its spans not already joined by another rule are joined by `how`. A surname
    brings no place, organisation or people votes (see surname_votes)."""
    target.forms.update(source.forms)
    target.former |= source.former
    target.votes.update(
        surname_votes(source.votes, target.key, target.votes) if how == "surname" else source.votes
    )
    target.spans.extend(source.spans)
    target.how.update(source.how)
    if how:
        for start, *_ in source.spans:
            target.how.setdefault(start, (how, confidence))


def surname_votes(
    votes: Counter, full_name: str, full_name_votes: Counter | None = None
) -> Counter:
    """The type votes a lone surname brings to the person it joined. None for a place, which the model gives a
    surname it takes for a town it does not know ('Blankenship'; a known place never joins a person). None for an
    organisation or a people either when something says the full name is someone's: it opens with a given name of
    the lists, common word or not ('Bill Hammons', 'Jerome Segal'), or a title, a verb of speech, 'who' or a
    pronoun stands by it where it is written in full (`full_name_votes`, when the join is in one article: 'Beto
    O'Rourke, who was a candidate'). The model labels a lone surname by the words around it ('the Hammons plan',
    'O'Rourke dropped out'), and in an article naming someone once in full and then often by surname those labels
    outvoted the full name's own. The words around the lone word are not asked: a pronoun near it may be another's
    ('Warhol's adoption of the Polaroid camera revealed his process', beside 'Warhol Polaroid exhibits')."""
    dropped = {"place", "cue:known-place"}
    if knowledge.is_listed_given_name(full_name.split()[0]) or (
        full_name_votes is not None and full_name_votes.get("cue:person-context", 0) > 0
    ):
        dropped |= {"organization", "group"}
    return Counter({cue: n for cue, n in votes.items() if cue not in dropped})


def dominance_ratio(candidates: Mapping[str, tuple[int, ...]], leader: str) -> float:
    """How far `leader` dominates the rivals dominant_name weighs it against: the least of its counts divided by a
    rival's, over every rival (math.inf with none)."""
    ratios = [
        lead / other
        for rival, counts in candidates.items()
        if rival != leader and rival.split()[0] != leader.split()[0]
        for lead, other in zip(candidates[leader], counts)
        if other > 0
    ]
    return min(ratios, default=math.inf)


def mention_confidence(
    how: str, *, agrees: bool = True, ratio: float = math.inf, same_article: bool = True
) -> float:
    """How sure the attachment of a mention is, by the rule that made it (HOW in model.py); a fixed rule, not a
    learned number, rounded to two decimals:

    | how        | confidence                                                                            |
    |------------|---------------------------------------------------------------------------------------|
    | model      | 0.9 when the type of the model's label is the actor's final type (`agrees`), else 0.6 |
    | by-name    | 0.8: a name of the article's own actor, matched as a string                           |
    | surname    | 0.9 − 0.4 × DOMINANCE / ratio, at least 0.5: `ratio` is how many times the person's    |
    | short-form | counts exceed the nearest rival's (dominance_ratio): 0.5 at DOMINANCE, 0.9 with none   |
    | acronym    | 0.9 joined in the same article (`same_article`), 0.7 spelled out elsewhere            |
    | variant    | 0.8                                                                                   |
    | editorial  | 1.0: the editor said so                                                               |
    """
    if how == "model":
        value = 0.9 if agrees else 0.6
    elif how in ("surname", "short-form"):
        value = max(0.5, 0.9 - 0.4 * DOMINANCE / ratio)
    elif how == "acronym":
        value = 0.9 if same_article else 0.7
    elif how in ("by-name", "variant"):
        value = 0.8
    elif how == "editorial":
        value = 1.0
    else:
        raise ValueError(f"unknown provenance {how!r}")
    value = round(value, 2)
    return _CONFIDENCES.setdefault(value, value)  # one float object per value, not one per mention


_CONFIDENCES: dict[float, float] = {}


def find_missed_mentions(
    body: str, actors: dict[str, LocalActor], labels: Iterable[tuple[int, int]] = ()
) -> None:
    """Link later mentions the model did not label, by an actor's full name or (for people) surname, or a ship's
    or a storm's own name (is_kind_and_name); never inside `labels` (see speaker_labels)."""
    taken = sorted([*((s, e) for actor in actors.values() for s, e, _, _ in actor.spans), *labels])
    starts = [s for s, _ in taken]
    patterns = []
    for key in sorted(actors):
        actor = actors[key]
        forms = {
            form
            for form in actor.forms
            if (len(form) >= MIN_FOUND_NAME_CHARS and form[:1].isupper()) or _ACRONYM.match(form)
        }
        if decide_type(actor.votes) == "organization" and len(key.split()) > 1 and not actor.name:
            acronym = initials(key).upper()
            if len(acronym) >= 2:
                forms.add(
                    acronym
                )  # 'ECB President Christine Lagarde', after 'the European Central Bank'
        if is_personal_name(actor) or is_kind_and_name(actor):
            for form in list(actor.forms):
                parts = form.split()
                if (
                    len(parts) > 1
                    and len(parts[-1]) >= MIN_FOUND_NAME_CHARS
                    and not knowledge.is_common_word(parts[-1])
                ):
                    forms.add(parts[-1])
        for form in forms:
            patterns.append((form, actor))
    # Longer forms first, so 'Boris Johnson' is found before 'Johnson' claims its second word.
    for form, actor in sorted(patterns, key=lambda item: (-len(item[0]), item[0])):
        for start, end in whole_word_occurrences(body, form):
            if part_of_longer_name(body, start, end):
                continue
            index = bisect.bisect_right(starts, end)
            if any(s < end and start < e for s, e in taken[max(0, index - 50) : index]):
                continue
            actor.spans.append((start, end, form, ""))
            if (
                form not in actor.forms
                and _ACRONYM.match(form)
                and form == initials(actor.key).upper()
            ):
                # Not a name of the article but the initials of one: the acronym rule, within the article.
                actor.how[start] = ("acronym", mention_confidence("acronym"))
            # What the text says the actor is counts wherever the name stands ('Minetest is an open-source game').
            stated = context_votes(body, start, end)
            actor.votes.update({cue: n for cue, n in stated.items() if cue.startswith("kind:")})
            position = bisect.bisect_left(starts, start)
            starts.insert(position, start)
            taken.insert(position, (start, end))


# Capitalised words that may stand right before a name without being part of it.
_SENTENCE_STARTERS = frozenset(
    """the a an in on at by for from with as but and or of to when after before while if though although because
    since once unless until whereas whether yet so then thus hence however meanwhile also still""".split()
)


# A capitalised word of four letters or more, or an acronym, and a full stop: the end of the sentence before ('…with
# the Securities and Exchange Commission. Musk said', 'told CNN. Trump'), not an abbreviation that opens a name
# ('St. Louis', 'Gen. Milley') or one written with stops ('U.S.', 'J.').
_ENDS_SENTENCE = re.compile(r"[A-Z](?:[^\W\d_]{3,}|[A-Z]+)\.")


def part_of_longer_name(body: str, start: int, end: int) -> bool:
    """'Explorer' inside 'Internet Explorer', 'Image' in a credit line 'Image: Nick Moreau': such a match is
    another name, or no name at all, so it is not linked."""
    before = re.search(r"([A-Z][\w’'.-]*)[ \t]\Z", body[max(0, start - 40) : start])
    if (
        before
        and not _ENDS_SENTENCE.fullmatch(before.group(1))
        and before.group(1).lower().strip(".") not in PERSON_TITLES | _SENTENCE_STARTERS
    ):
        return True
    after = body[end : end + 40]
    if after.startswith(":") or is_currency_prefix(body, end):
        return True
    following = re.match(r"\s([A-Z][\w’'-]*)", after)
    return bool(following and following.group(1).lower() not in PERSON_TITLES)


def whole_word_occurrences(body: str, form: str):
    """(start, end) of `form` where no word character or hyphen touches it: what a regex with word-boundary
    look-arounds would find, with str.find's fast search (one regex scan per name form was quadratic)."""
    length, start = len(form), body.find(form)
    while start != -1:
        end = start + length
        if (start == 0 or not _WORD_CHAR.match(body[start - 1])) and (
            end == len(body) or not _WORD_CHAR.match(body[end])
        ):
            yield start, end
            start = body.find(form, end)
        else:
            start = body.find(form, start + 1)


_WORD_CHAR = re.compile(r"[\w-]")


def merge_across_articles(
    per_article: Mapping[str, Mapping[str, LocalCounts]],
    editorial: EditorialIndex,
    joined: dict | None = None,
) -> dict[tuple[str, str], str | None]:
    """(article path, local key) → global key: equal keys meet, and so do a company's name with and without its
    legal form and a group's plural and singular (see same_name); a lone surname joins the full name of the
    person who dominates that surname in the archive (by articles and mentions, see dominant_name), as does a
    person's word that is no one's surname the person whose full name it opens (first_word_may_name: 'Xi',
    'Borna'), though not
    a company's name that is the surname with a legal form ('Sanders Corporation', see names_company) nor a
    name right after a person's 'of' ('Alain Barbe of Allen, Texas': where they come from), an acronym
    only an unambiguous expansion, by initials or as spelled out in any article; None drops a common word where
    the article does not use it as a name, unless most of the archive's articles with it do (see
    settle_common_words); an institution's bare name goes to its own country's in an article of another country,
    or to none (ArchiveVariants.institution_in_article); a place's qualifier alone goes to that place
    (place_qualifiers). `joined`, if given, receives (article path, local key) → (how, confidence) for the local
    actors a rule joined to another key."""
    joined = {} if joined is None else joined
    votes_by_key: dict[str, Counter] = defaultdict(Counter)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # key → [articles, mentions]
    capitalised: set[str] = set()
    proof: Counter = (
        Counter()
    )  # key → articles using it as a name, less those where it is a common word unproven
    named: set[str] = (
        set()
    )  # keys of actors named by a rule, not by their forms: no acronym's expansion
    for actors in per_article.values():
        for key, actor in actors.items():
            if actor.name:
                named.add(key)
            proof[key] += -1 if actor.unproven else 1
            votes_by_key[key].update(actor.votes)
            if written_as_name(actor):
                capitalised.add(key)
            counts[key][0] += 1
            counts[key][1] += actor.mentions
    people_by_surname: dict[str, set[str]] = defaultdict(set)
    people_by_first_word: dict[str, set[str]] = defaultdict(set)
    orgs_by_initials: dict[str, set[str]] = defaultdict(set)
    types = archive_types(votes_by_key)
    for key in votes_by_key:
        words = key.split()
        if len(words) > 1 and types[key] == "person" and key in capitalised:
            people_by_surname[words[-1]].add(key)
            if surname := particle_surname(key):
                people_by_surname[surname].add(key)
            if first_word_may_name(words):
                people_by_first_word[words[0]].add(key)
        if len(words) > 1 and types[key] == "organization" and key not in named:
            orgs_by_initials[initials(key)].add(key)
    person_of_surname = {
        surname: dominant_name({key: tuple(counts[key]) for key in keys})
        for surname, keys in people_by_surname.items()
    }
    # A person's word that is no one's surname may be the first of a full name ('Xi' for Xi Jinping).
    first_words = set()
    for word, keys in people_by_first_word.items():
        if word not in people_by_surname and types.get(word) == "person":
            first_words.add(word)
            people_by_surname[word] = keys
            person_of_surname[word] = dominant_name({key: tuple(counts[key]) for key in keys})
    surname_confidence = {
        surname: mention_confidence(
            "surname",
            ratio=dominance_ratio(
                {key: tuple(counts[key]) for key in people_by_surname[surname]}, person
            ),
        )
        for surname, person in person_of_surname.items()
        if person is not None
    }
    spelled_out = acronyms_spelled_out(per_article)
    qualifiers = place_qualifiers(per_article, types)
    # A word an article leaves undecided (LocalActor.short_of) is no evidence there of what the archive means by
    # it: the name it heads is named beside it by construction.
    variants = ArchiveVariants(
        types,
        {key: (n, m) for key, (n, m) in counts.items()},
        (
            {k for k, actor in actors.items() if not actor.short_of}
            for actors in per_article.values()
        ),
    )

    def archive_form(key: str) -> tuple[str, tuple[str, float]]:
        """The key `key` is written as another form of, and how it was joined to it (see variants.py)."""
        form = same_name(key, types)
        join = None if editorial.entry(form) else variants.resolve(form)
        if join is not None and join.how == "short-form":
            return join.target, ("short-form", mention_confidence("short-form", ratio=join.ratio))
        return (join.target if join else form), ("variant", mention_confidence("variant"))

    mapping: dict[tuple[str, str], str | None] = {}
    bare_institutions = variants.bare_institutions
    for path, actors in per_article.items():
        # Words that open a longer name of the article: an acronym among them is that name's ('UH' beside 'UH
        # Mānoa'), whatever initials alone say ('U.S. House'); an expansion some article spells out still wins.
        opening = {k.split()[0] for k in actors if " " in k}
        article_keys = frozenset(actors)
        undecided = []  # common words between two names of the article (LocalActor.short_of)
        for key, actor in actors.items():
            if actor.short_of in actors and not editorial.entry(key):
                undecided.append((key, actor))
                continue
            target, how = (key, None) if editorial.entry(key) else archive_form(key)
            if (
                types.get(target) == "place"
                and target in qualifiers
                and not editorial.entry(target)
            ):
                target, how = qualifiers[target], ("short-form", mention_confidence("short-form"))
            here = (
                variants.institution_in_article(key, article_keys, actor.forms)
                if key in bare_institutions and not editorial.entry(key)
                else None
            )
            if here == NOT_HERE:
                mapping[(path, key)] = None
                continue
            if here is not None and here != target:
                target, how = here, ("short-form", mention_confidence("short-form"))
            if target != key:
                joined[(path, key)] = how
            if editorial.entry(target) is None and (
                len(target.split()) == 1 or is_particle_surname(target)
            ):
                spelled = orgs_by_initials.get(target, set()) | spelled_out.get(target, set())
                if types.get(target) == "place" and orgs_by_initials.get(target):
                    # A place's abbreviation is no organisation's initials: 'D.C.' of 'Washington, D.C.' beside
                    # the archive's 'District Court'. Where the initials hint at one, it is joined to nothing.
                    spelled = set()
                expansions = {archive_form(k)[0] for k in spelled}
                written_as_acronym = any(_ACRONYM.match(f.replace(".", "")) for f in actor.forms)
                if (
                    may_be_person(target, votes_by_key[target])
                    and person_of_surname.get(target)
                    and not names_company(key)
                    and not actor.votes.get("cue:affiliation", 0)
                    and not (target in first_words and written_as_acronym)
                ):
                    joined[(path, key)] = ("surname", surname_confidence[target])
                    target = person_of_surname[target] or target  # never None here: .get() said so
                elif (
                    written_as_acronym
                    and len(expansions) == 1
                    and (target not in opening or spelled_out.get(target))
                ):
                    target = next(iter(expansions))
                    joined[(path, key)] = (
                        "acronym",
                        mention_confidence("acronym", same_article=False),
                    )
            mapping[(path, key)] = None if actor.unproven and proof[key] < 0 else target
        for key, actor in undecided:
            # The name it heads when the archive means that one by the word ('House' in most of its articles
            # beside the House of Representatives: variants.ArchiveVariants), else the one it ends.
            meant, how = archive_form(key)
            headed = {mapping[(path, k)] for k in actors if heads_name(key, k)}
            if meant != key and meant in headed:
                mapping[(path, key)] = meant
                joined[(path, key)] = how
            else:
                mapping[(path, key)] = mapping[(path, actor.short_of)]
    return mapping


# Legal forms and the words for a whole firm that follow a company's name without making it another company.
COMPANY_SUFFIXES = frozenset(
    "inc corp corporation co company ltd llc plc gmbh ag sa nv group holdings".split()
)


def particle_surname(key: str) -> str:
    """The surname of a person's key with the particles before it ('rocky de la fuente' → 'de la fuente', 'bill
    de blasio' → 'de blasio'), which news writes alone as it writes a surname; '' when none comes before it."""
    words = key.split()
    first = len(words) - 1
    while first > 1 and words[first - 1] in NAME_PARTICLES:
        first -= 1
    return " ".join(words[first:]) if first < len(words) - 1 else ""


def is_particle_surname(key: str) -> bool:
    """Whether a key is a surname with its particles alone ('de la fuente', 'van der loo')."""
    words = key.split()
    return len(words) > 1 and all(word in NAME_PARTICLES for word in words[:-1])


def first_word_may_name(words: list[str]) -> bool:
    """Whether the first word of a person's key, alone, may name them: a family name written first, as Chinese and
    Korean names are ('xi jinping'), or a given name rare enough for no list to hold it ('borna derakhshani').
    Two or three words, the first no given name of the lists (a lone 'Donald' is anyone) and no place, none an
    organisation's head noun and the last no common word."""
    return (
        2 <= len(words) <= 3
        and not knowledge.is_listed_given_name(words[0])
        and knowledge.lookup_place(words[0]) is None
        and not any(word in ORGANIZATION_HEADS for word in words)
        and not knowledge.is_common_word(words[-1])
    )


def names_company(key: str) -> bool:
    """Whether a key is a company's name with its legal form ('sanders corporation', 'dell inc'): without it, it may
    read as a person's surname, but a company named after someone is not that person."""
    words = key.split()
    return len(words) > 1 and words[-1] in COMPANY_SUFFIXES


def same_name(key: str, types: dict[str, str]) -> str:
    """The key of the actor another key is only a form of, across the archive: a company's name without its legal
    form ('general motors corporation', 'apple inc' → 'general motors', 'apple') and a plural without its 's'
    ('muslims' → 'muslim', 'neandertals' → 'neandertal', each typed alike, neither a person nor a place), when
    the archive has that shorter name as an actor of a fitting type (not a person: 'Walt Disney Company' is not
    Walt Disney); else the key itself."""
    if names_company(key):
        shorter = key.rsplit(" ", 1)[0]
        if types.get(shorter) not in (None, "person", "place"):
            return shorter
    if (
        types.get(key) not in (None, "person", "place")
        and key.endswith("s")
        and types.get(key[:-1]) == types[key]
    ):
        return key[:-1]
    return key


def place_qualifiers(
    per_article: Mapping[str, Mapping[str, LocalCounts]], types: dict[str, str]
) -> dict[str, str]:
    """The key of what follows a place's comma in a name the gazetteer knows whole ('D.C.' of 'Washington, D.C.',
    with_place_qualifier) → that place's key, where it follows one place only: standing alone, it names that place
    ('D.C. Mayor Muriel Bowser'). What names a place of its own ('Texas' of 'Austin, Texas') is never joined so."""
    found: dict[str, set[str]] = defaultdict(set)
    for actors in per_article.values():
        for key, actor in actors.items():
            if types.get(key) != "place":
                continue
            for form in actor.forms:
                _, comma, qualifier = form.partition(", ")
                if (
                    comma
                    and qualifier
                    and knowledge.lookup_place(form) is not None
                    and knowledge.lookup_place(qualifier) is None
                ):
                    found[name_key(qualifier)].add(key)
    return {
        qualifier: next(iter(keys))
        for qualifier, keys in found.items()
        if len(keys) == 1 and qualifier not in keys
    }


def acronyms_spelled_out(
    per_article: Mapping[str, Mapping[str, LocalCounts]],
) -> dict[str, set[str]]:
    """Acronym key → the keys of the names some article spells it out as ('FSB' → 'federal security service',
    joined in brackets though its initials differ): an acronym alone elsewhere joins an expansion found anywhere."""
    found: dict[str, set[str]] = defaultdict(set)
    for actors in per_article.values():
        for key, actor in actors.items():
            if len(key.split()) < 2:
                continue
            for form in actor.forms:
                if _ACRONYM.match(form.replace(".", "")) and name_key(form) != key:
                    found[name_key(form)].add(key)
    return found


def may_be_person(key: str, votes: Counter) -> bool:
    """Whether a one-word name may be a person's surname: typed person; or, when no known place has that name
    (Jordan, Washington), typed place but no common word ('Blankenship', a surname the model took for a town) or
    with at least a third of its evidence for a person ('Sanders campaign' votes organization)."""
    if decide_type(votes) == "person":
        return True
    if knowledge.lookup_place(key) is not None:
        return False
    if decide_type(votes) == "place":
        return not knowledge.is_common_word(key)  # 'the West' is no one's surname
    return 3 * votes.get("person", 0) >= sum(type_counts(votes).values())


# A span of one article in build_actors in order: by start, end, text and label.
_SPAN_ORDER = operator.itemgetter(0, 1, 2, 3)


def build_actors(
    articles: list[Article],
    annotations: Mapping[str, Annotation],
    per_article: Mapping[str, Mapping[str, LocalCounts]],
    local_spans: Callable[[str], Mapping[str, LocalActor]],
    global_keys: dict[tuple[str, str], str | None],
    editorial: EditorialIndex,
    joined: dict | None = None,
) -> tuple[tuple[Actor, ...], tuple[tuple[str, str], ...]]:
    """Actors with slugs, names, types and mentions; plus redirects from the slugs of their other names. Names and
    types come from every article's counts (`per_article`), the mentions from each article's local actors read
    again one article at a time (`local_spans`, by path): their spans are never all alive at once. Each mention
    says how it was attached (provenance) and how surely; `joined` holds the joins across the archive."""
    joined = joined or {}
    forms: dict[str, Counter] = defaultdict(Counter)
    # The forms that name an actor: not those of the names only joined to it as variants ('U.S. Senate' and
    # 'Democrats' are the Senate's and the Democratic Party's, not what to call them).
    naming: dict[str, Counter] = defaultdict(Counter)
    former: dict[str, set] = defaultdict(set)
    given: dict[str, Counter] = defaultdict(Counter)  # names a rule gave (LocalActor.name)
    votes: dict[str, Counter] = defaultdict(Counter)
    for path in sorted(per_article):
        for key, counts in per_article[path].items():
            target = global_keys[(path, key)]
            if target is None:
                continue
            forms[target].update(counts.forms)
            if (joined.get((path, key)) or ("",))[0] not in ("variant", "short-form"):
                naming[target].update(counts.forms)
            former[target] |= counts.former
            if counts.name:
                given[target][counts.name] += 1
            surname = (joined.get((path, key)) or ("",))[0] == "surname"
            votes[target].update(surname_votes(counts.votes, target) if surname else counts.votes)
    names = {
        key: choose_name(key, given[key] or naming[key] or forms[key], editorial) for key in forms
    }
    types = archive_types({key: votes[key] for key in sorted(forms)})
    final_types = {
        key: ((entry.type if (entry := editorial.entry(key)) and entry.type else "") or types[key])
        for key in forms
    }
    slugs = assign_slugs(names, editorial)
    mentions_by_actor: dict[str, list[Mention]] = defaultdict(list)
    quotes_by_path: dict[str, list[tuple[str, ActorQuote]]] = {}
    # One string per sentence, shared by the mentions it holds (a sentence names three actors on average, and the
    # archive's sentences were its largest part in memory after resolving).
    sentence_texts: dict[str, str] = {}
    by_path = {article.path: article for article in articles}
    for path in sorted(per_article):
        article, annotation = by_path[path], annotations.get(path)
        # Each span with its actor and how it was attached, (how, confidence) or None.
        spans = sorted(
            (
                (
                    s,
                    e,
                    text,
                    label,
                    target,
                    joined.get((path, key))
                    or actor.how.get(s)
                    or (("by-name", mention_confidence("by-name")) if not label else None),
                )
                for key, actor in local_spans(path).items()
                if (target := global_keys[(path, key)]) is not None
                for s, e, text, label in actor.spans
            ),
            key=_SPAN_ORDER,
        )
        starts = [s for s, _ in annotation.sentences] if annotation else []
        for start, end, text, label, key, provenance in spans:
            sentence = sentence_around(article.body, annotation, start, starts)
            sentence = sentence_texts.setdefault(sentence, sentence)
            how, confidence = mention_provenance(
                key, text, label, provenance, final_types[key], editorial
            )
            mentions_by_actor[key].append(
                Mention(
                    article.slug,
                    shared_offset(start),
                    shared_offset(end),
                    text,
                    label,
                    sentence,
                    slugs[key],
                    how,
                    shared_confidence(confidence),
                )
            )
        if annotation and annotation.quotes:
            quotes_by_path[path] = article_quotes(
                article, annotation, sorted((s, e, slugs[key]) for s, e, _, _, key, _ in spans)
            )
    quotes: dict[str, list[ActorQuote]] = defaultdict(list)
    for article in articles:  # newest first
        for slug, quote in quotes_by_path.get(article.path, ()):
            quotes[slug].append(quote)
    actors = []
    for key in forms:
        entry = editorial.entry(key)
        actor_type = final_types[key]
        aliases = sorted(
            set(forms[key])
            | set(entry.aliases if entry else ())
            | set(entry.merge if entry else ()) - {names[key]}
        )
        ordered = sorted(mentions_by_actor.pop(key, ()), key=lambda m: (m.article, m.start))
        actors.append(
            Actor(
                slug=slugs[key],
                name=names[key],
                type=actor_type,
                aliases=tuple(a for a in aliases if a != names[key]),
                mentions=tuple(ordered),
                quotes=tuple(quotes.get(slugs[key], ())),
                description=entry.description if entry else "",
                links=entry.links if entry else (),
                type_votes=tuple(
                    sorted(
                        type_counts(votes[key]).items(),
                        key=lambda item: (-item[1], TYPE_ORDER[item[0]]),
                    )
                ),
            )
        )
    actors.sort(key=lambda a: a.slug)
    return tuple(actors), redirects_for(actors, forms, names, slugs, editorial, former)


def mention_provenance(
    key: str,
    text: str,
    label: str,
    joined: tuple[str, float] | None,
    actor_type: str,
    editorial: EditorialIndex,
) -> tuple[str, float]:
    """How one span of the actor under `key` came to it: by entities.yml when the editor lists the span's own name
    as another name of the actor; else by the rule that joined it (`joined`: across the archive, in the article, or
    found by name); else by the model's label, whose confidence says whether its type is the actor's."""
    own = name_key(text)
    if own != key and editorial.entry(key) is not None and editorial.canonical_key(own) == key:
        return "editorial", mention_confidence("editorial")
    if joined is not None:
        return joined
    return "model", mention_confidence("model", agrees=LABEL_TYPES.get(label) == actor_type)


def choose_name(key: str, forms: Counter, editorial: EditorialIndex) -> str:
    """Editorial name, else a known place's name, else the most frequent of the longest surface forms."""
    entry = editorial.entry(key)
    if entry is not None:
        return entry.name
    place = knowledge.lookup_place(key)
    if place is not None and name_key(place.name) == key:
        return place.name
    longest = max(len(form.split()) for form in forms)
    candidates = [form for form in forms if len(form.split()) == longest]
    return min(candidates, key=lambda form: (-forms[form], not form[:1].isupper(), form))


# Pages of their own under actors/: the actors index (actors/index.md) and the actors to check (doubts.py).
RESERVED_ACTOR_SLUGS = frozenset({"index", "doubts"})


def assign_slugs(names: dict[str, str], editorial: EditorialIndex) -> dict[str, str]:
    """Slugs from names; pinned editorial slugs first; on a clash the smallest key keeps the plain slug and the
    others get a suffix from a hash of their own key, so a page's URL never depends on reading order."""
    slugs: dict[str, str] = {}
    for key in names:
        entry = editorial.entry(key)
        slugs[key] = entry.slug if entry and entry.slug else make_slug(names[key])
        if (
            slugs[key] in RESERVED_ACTOR_SLUGS
        ):  # an actor called 'Doubts' must not take the place of that page
            slugs[key] = f"{slugs[key]}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"
    pinned = {slugs[key] for key in names if (e := editorial.entry(key)) and e.slug}
    by_slug: dict[str, list[str]] = defaultdict(list)
    for key, slug in slugs.items():
        by_slug[slug].append(key)
    for slug, keys in by_slug.items():
        if len(keys) == 1 and not (slug in pinned and editorial.entry(keys[0]) is None):
            continue
        keys.sort(key=lambda k: (not getattr(editorial.entry(k), "slug", ""), k))
        keep = 0 if (slug not in pinned or editorial.entry(keys[0])) else -1
        for index, key in enumerate(keys):
            if index != keep:
                slugs[key] = f"{slug[:70]}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"
    return slugs


def redirects_for(
    actors, forms, names, slugs, editorial: EditorialIndex, former=None
) -> tuple[tuple[str, str], ...]:
    """Old URLs to keep working: every other name an actor was known by (a surname page before the full name
    appeared, a merged or renamed actor, a span once run into a caption's credit: `former`) redirects to its
    page, unless another actor owns that slug."""
    owned = set(slugs.values())
    redirects: dict[str, str] = {}
    for key, _name in names.items():
        entry = editorial.entry(key)
        others = set(forms[key]) | ({key} if entry else set()) | set(entry.merge if entry else ())
        others |= (former or {}).get(key, set())
        for other in sorted(others):
            slug = make_slug(other)
            if slug != slugs[key] and slug not in owned and slug not in RESERVED_ACTOR_SLUGS:
                redirects.setdefault(slug, slugs[key])
    return tuple(sorted(redirects.items()))


def sentence_around(
    body: str, annotation: Annotation | None, offset: int, starts: list[int] | None = None
) -> str:
    if annotation and annotation.sentences:
        if starts is None:
            starts = [s for s, _ in annotation.sentences]
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0:
            s, e = annotation.sentences[index]
            if s <= offset < e:
                return body[s:e].strip()
    start = body.rfind("\n\n", 0, offset)
    end = body.find("\n\n", offset)
    return body[start + 2 if start >= 0 else 0 : end if end >= 0 else len(body)].strip()


def article_quotes(
    article: Article, annotation: Annotation, spans: list[tuple[int, int, str]]
) -> list[tuple[str, ActorQuote]]:
    """The article's quotes, each with the slug of the actor whose mention overlaps its speaker span; `spans` are
    the article's mentions, (start, end, actor slug) by start."""
    result = []
    starts = [s for s, _, _ in spans]
    longest = max((e - s for s, e, _ in spans), default=0)
    for quote in annotation.quotes:
        # Only spans starting within `longest` before the speaker can overlap it; the first of them wins.
        low = bisect.bisect_left(starts, quote.speaker_start - longest)
        high = bisect.bisect_left(starts, quote.speaker_end)
        speaker = next(
            (
                slug
                for s, e, slug in spans[low:high]
                if s < quote.speaker_end and quote.speaker_start < e
            ),
            None,
        )
        text = article.body[quote.start : quote.end].strip()
        # 'called it “fake news”': a scare-quoted phrase is not a statement worth listing.
        if speaker is not None and len(text.split()) >= MIN_QUOTE_WORDS:
            result.append((speaker, ActorQuote(article.slug, text, quote.verb)))
    return result
