"""The values passed between stages: small, frozen, and free of behaviour that belongs to a stage."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import operator
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .i18n import N_

# Every actor type, in the order pages list them, with its label in the singular and the plural.
TYPE_LABELS = {
    "person": (N_("Person"), N_("People")),
    "organization": (N_("Organisation"), N_("Organisations")),
    "place": (N_("Place"), N_("Places")),
    "group": (N_("Group"), N_("Groups")),
    "event": (N_("Event"), N_("Events")),
    "other": (N_("Other"), N_("Other")),
}
ACTOR_TYPES = tuple(TYPE_LABELS)
TYPE_ORDER = {kind: index for index, kind in enumerate(ACTOR_TYPES)}  # for sorting by type


def pickled_as_fields(cls):
    """Pickle instances of a slotted dataclass as (class, field values), for signatures.value_digest, which digests
    values by pickling them (never loading them back). Python's default for slotted dataclasses calls a Python
    function that walks fields() for every object, most of the time a digest of a large archive takes."""
    values = operator.attrgetter(*cls.__slots__)

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Block:
    """One block of an article body: a paragraph, or a short line standing as a subheading. Its text is
    `Article.body[start:end]` (Article.text_of), not a string of its own: the copies were a second copy of every
    article's text, held through the whole build (70 MB at 10,000 articles)."""

    kind: str  # "paragraph" | "heading"
    start: int  # offset of the block in Article.body
    end: int


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Article:
    """An article as read from one input file; `body` is its blocks joined by blank lines."""

    slug: str
    date: dt.date
    title: str
    source: str
    url: str
    author: str
    body: str
    blocks: Sequence[Block]  # held as Blocks, whatever it was given as
    path: str  # input file, relative to the seeds folder, with forward slashes
    redirect_from: tuple[
        str, ...
    ] = ()  # earlier page URLs ('articles/…/old-slug/') that redirect here
    updated: dt.date | None = None  # the date of a correction, on or after `date`
    lang: str = ""  # BCP 47 ('fr', 'pt-BR'): its front matter's; once resolved, else the language it was read as
    tags: tuple[
        str, ...
    ] = ()  # from the front matter, as written (whitespace collapsed), each once
    authors: tuple[str, ...] = ()  # the names `author` joins, each once
    # `body` compressed, in place of it ('' then): how the build holds its articles once resolved (packed_copy).
    packed: bytes = b""

    def __post_init__(self):
        if not isinstance(self.blocks, Blocks):
            object.__setattr__(self, "blocks", Blocks(self.blocks))

    @property
    def url_path(self) -> str:
        return f"articles/{self.date:%Y/%m/%d}/{self.slug}/"

    @property
    def text(self) -> str:
        """Its body, whether held as read or packed: what every stage after resolving reads."""
        if self.packed:
            return zlib.decompress(self.packed).decode("utf-8", "surrogatepass")
        return self.body

    def text_of(self, block: Block) -> str:
        """The text of one of its blocks."""
        return self.text[block.start : block.end]

    def block_texts(self) -> tuple[str, ...]:
        """The text of each of its blocks, in order, its body unpacked once."""
        text = self.text
        return tuple(text[block.start : block.end] for block in self.blocks)

    @property
    def first_paragraph(self) -> str:
        """The text of its first paragraph (not a subheading), '' when it has none: its summary in feeds and
        head tags."""
        paragraph = next((b for b in self.blocks if b.kind == "paragraph"), None)
        return self.text_of(paragraph) if paragraph else ""

    def packed_copy(self) -> Article:
        """The article with its body compressed. A body is held as Python holds text, 1, 2 or 4 bytes a character
        by its widest (one curly quote makes it 2): 8.1 kB an article on the bench's, 2.0 kB packed; the build
        holds every article from resolving to its end (generator/pipeline.py, README: Measurements)."""
        if self.packed or not self.body:
            return self
        body = zlib.compress(self.body.encode("utf-8", "surrogatepass"))
        return dataclasses.replace(self, body="", packed=body)


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Rejection:
    """An input file that could not be built as it is, and why; shown to the user as a warning."""

    path: str
    reason: str
    line: int | None = None

    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Entity:
    """A span the NER model labelled, with offsets into Article.body."""

    start: int
    end: int
    label: str


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Quote:
    """Reported speech found in the parse: the speaker's span, the quoted span, and the speech verb."""

    speaker_start: int
    speaker_end: int
    start: int
    end: int
    verb: str


class PackedTuple(Sequence):
    """A tuple held packed (Offsets, Entities): its items are made as they are read, and it is equal to, hashed
    and written as the tuple of them, so an annotation's repr (which keys each article's local actors) and
    comparisons do not change with the packing."""

    __slots__ = ()

    def _item(self, index: int):
        raise NotImplementedError

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self)[index]
        return self._item(range(len(self))[index])  # IndexError out of range, as a tuple's

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (PackedTuple, tuple)):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self):
        # Pickled as what it holds, not as the tuple of its items: a pickle keeps every object it writes alive
        # until it ends, and an item and its argument tuple each, for every block of every article, were 22 MB of
        # the handover of a 10,000-article archive (forked.py).
        return unpickle_packed, (type(self), *(getattr(self, name) for name in self.__slots__))


def unpickle_packed(kind: type[PackedTuple], *held) -> PackedTuple:
    """A PackedTuple from what it held (PackedTuple.__reduce__)."""
    packed = kind.__new__(kind)
    names: tuple[str, ...] = kind.__slots__
    for name, value in zip(names, held):
        setattr(packed, name, value)
    return packed


class Offsets(PackedTuple):
    """(start, end) pairs held as one array of ints: an article's sentence bounds (Annotation.sentences) at 16
    bytes a pair, not a tuple's 136 with its ints (every article's annotation is alive while the archive is
    resolved)."""

    __slots__ = ("_flat",)

    def __init__(self, pairs: Iterable[tuple[int, int]] = ()):
        self._flat = array("q", itertools.chain.from_iterable(pairs))

    def __len__(self) -> int:
        return len(self._flat) // 2

    def _item(self, index: int) -> tuple[int, int]:
        return (self._flat[2 * index], self._flat[2 * index + 1])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        flat = iter(self._flat)
        return zip(flat, flat)


class Entities(PackedTuple):
    """An article's entities (Annotation.entities) as one array of their offsets and a tuple of their labels, one
    string each across the archive: 24 bytes an entity, not 120 as objects. Each is an Entity as it is read."""

    __slots__ = ("_flat", "_labels")

    def __init__(self, entities: Iterable[Entity] = ()):
        entities = tuple(entities)
        self._flat = array("q", itertools.chain.from_iterable((e.start, e.end) for e in entities))
        self._labels = tuple(sys.intern(e.label) for e in entities)

    def __len__(self) -> int:
        return len(self._labels)

    def _item(self, index: int) -> Entity:
        return Entity(self._flat[2 * index], self._flat[2 * index + 1], self._labels[index])

    def __iter__(self) -> Iterator[Entity]:
        flat = iter(self._flat)
        return map(Entity, flat, flat, self._labels)


class Blocks(PackedTuple):
    """An article's blocks as one array of their offsets and a tuple of their kinds, one string each across the
    archive: 24 bytes a block, not a Block's 110 with its ints (every article is held from reading to the build's
    end, 30 blocks an article on the bench's). Each is a Block as it is read."""

    __slots__ = ("_flat", "_kinds")

    def __init__(self, blocks: Iterable[Block] = ()):
        blocks = tuple(blocks)
        self._flat = array("q", itertools.chain.from_iterable((b.start, b.end) for b in blocks))
        self._kinds = tuple(sys.intern(b.kind) for b in blocks)

    def __len__(self) -> int:
        return len(self._kinds)

    def _item(self, index: int) -> Block:
        return Block(self._kinds[index], self._flat[2 * index], self._flat[2 * index + 1])

    def __iter__(self) -> Iterator[Block]:
        flat = iter(self._flat)
        return map(Block, self._kinds, flat, flat)


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Annotation:
    """What the language pipeline found in one article: entities, sentence bounds and quotes; the stretches of
    text it was not given because they are in another language, as (start, end, language code); and the language
    the article was read as (its front matter's, else identified from its text; "" before any was known)."""

    entities: Sequence[Entity]
    sentences: Sequence[tuple[int, int]]
    quotes: tuple[Quote, ...] = ()
    unannotated: tuple[tuple[int, int, str], ...] = ()
    language: str = ""

    def __post_init__(self):
        # Held compactly whatever they were given as (Entities, Offsets): equal to the tuples all the same.
        if not isinstance(self.entities, Entities):
            object.__setattr__(self, "entities", Entities(self.entities))
        if not isinstance(self.sentences, Offsets):
            object.__setattr__(self, "sentences", Offsets(self.sentences))


# How a mention came to belong to its actor (Mention.how), each with the words an actor page shows on hover. The
# confidence each gets is in generator/resolve.py, mention_confidence.
HOW = {
    "model": N_(
        "found by the model"
    ),  # the model labelled the span; it is grouped under its own name
    "by-name": N_(
        "found by name"
    ),  # the model missed it; a name of an actor of the same article matched it
    "surname": N_(
        "joined as a surname"
    ),  # a lone surname joined the one person it stands for, in the article or the archive
    "short-form": N_(
        "joined as a short form"
    ),  # a common word joined the longer name ending with it ('Court', 'Supreme Court')
    "acronym": N_(
        "joined as an acronym"
    ),  # an acronym joined its expansion, in the same article or elsewhere in the archive
    "variant": N_(
        "joined as a variant"
    ),  # a company's name with its legal form, a group's plural, joined the shorter name
    "editorial": N_(
        "joined by entities.yml"
    ),  # the editor lists this name as the actor's alias or merge
}


# A mention's offsets and confidence as objects shared across the archive. Every int above 256 and every float is
# an object of its own (32 and 24 bytes): 430,000 mentions of 10,000 articles held 770,000 offsets of 51,000 values
# and 430,000 confidences of 24, 33 MB in the build and in the child that resolves (3 × at 30,000 articles). The
# tables are bounded: offsets below 65,536 (news articles are shorter; beyond, each keeps its own), confidences
# two decimals (resolve.mention_confidence), at most 1,000 kept.
SHARED_OFFSETS = tuple(range(1 << 16))
SHARED_CONFIDENCES: dict[float, float] = {}


def shared_offset(value: int) -> int:
    """`value`, as the one object of its value the archive's offsets share when it has one."""
    return SHARED_OFFSETS[value] if 0 <= value < len(SHARED_OFFSETS) else value


def shared_confidence(value: float) -> float:
    """`value`, as the one object of its value the archive's confidences share (floats only: 1 and 1.0 are equal
    keys, and a confidence must stay the type it was made as)."""
    if type(value) is not float:
        return value
    if len(SHARED_CONFIDENCES) < 1000:
        return SHARED_CONFIDENCES.setdefault(value, value)
    return SHARED_CONFIDENCES.get(value, value)


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an actor in an article."""

    article: str  # article slug
    start: int
    end: int
    text: str
    label: str  # the model's label, or "" for a mention found by name after the model missed it
    sentence: str
    actor: str = ""  # actor slug, set by resolve
    how: str = "model"  # how resolve attached it: a key of HOW
    confidence: float = (
        0.9  # how sure that attachment is, 0 to 1, two decimals (resolve.mention_confidence)
    )


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class ActorQuote:
    """What an actor said, and where."""

    article: str
    text: str
    verb: str


@dataclass(frozen=True, slots=True)
class Actor:
    """A real-world person, organisation, place, group, event or other named thing, with every mention of it."""

    slug: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]
    quotes: tuple[ActorQuote, ...] = ()
    description: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (kind, value): wikidata, wikipedia, website
    # The evidence its type was voted from, (type, votes) most first: what generator/doubts.py reads to flag a
    # type the evidence is split over. An editor's `type:` overrides the type, not these votes.
    type_votes: tuple[tuple[str, int], ...] = ()

    def __reduce__(self):
        fields = tuple(getattr(self, name) for name in ACTOR_FIELDS_BUT_MENTIONS)
        return unpickle_actor, (fields, *mention_columns(self.mentions))


ACTOR_FIELDS_BUT_MENTIONS = tuple(name for name in Actor.__slots__ if name != "mentions")


def mention_columns(
    mentions: Sequence[Mention],
) -> tuple[tuple[str, ...], bytes, bytes, tuple, bytes]:
    """An actor's mentions as a few columns to pickle (Actor.__reduce__): their strings, their offsets and their
    confidences, and an index into the (label, how, actor) their mentions have. A pickle keeps every object it
    writes alive until it ends: a mention and its argument tuple each took 35 MB more of the forked child that
    hands a 10,000-article archive over (forked.py). Actors' digests (signatures.value_digest) pickle them too:
    2.4 s for that archive's 29,117 actors, 3.5 s before."""
    kinds: dict[tuple[str, str, str], int] = {}
    codes = array("q", (kinds.setdefault((m.label, m.how, m.actor), len(kinds)) for m in mentions))
    strings = tuple(
        itertools.chain.from_iterable((m.article, m.text, m.sentence) for m in mentions)
    )
    offsets = array("q", itertools.chain.from_iterable((m.start, m.end) for m in mentions))
    confidences = array("d", (m.confidence for m in mentions))
    return strings, offsets.tobytes(), confidences.tobytes(), tuple(kinds), codes.tobytes()


def unpickle_actor(
    fields: tuple, strings, offsets: bytes, confidences: bytes, kinds, codes: bytes
) -> Actor:
    """An Actor from Actor.__reduce__'s fields and mention columns. The bytes are in this machine's order: the
    pickle is read back by the build that wrote it."""
    numbers, sureness, kind_of = array("q"), array("d"), array("q")
    numbers.frombytes(offsets)
    sureness.frombytes(confidences)
    kind_of.frombytes(codes)
    # Column by column (slices and maps) rather than a Python step per mention: the Mention constructor is most
    # of the time either way.
    bounds = list(map(shared_offset, numbers))
    labels, hows, owners = (tuple(kind[i] for kind in kinds) for i in range(3))
    mentions = tuple(
        map(
            Mention,
            strings[0::3],
            bounds[0::2],
            bounds[1::2],
            strings[1::3],
            map(labels.__getitem__, kind_of),
            strings[2::3],
            map(owners.__getitem__, kind_of),
            map(hows.__getitem__, kind_of),
            map(shared_confidence, sureness),
        )
    )
    return Actor(mentions=mentions, **dict(zip(ACTOR_FIELDS_BUT_MENTIONS, fields)))


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Archive:
    """The resolved archive: articles newest first, actors by slug, and the redirects old URLs need."""

    articles: tuple[Article, ...]
    actors: tuple[Actor, ...]
    redirects: tuple[tuple[str, str], ...] = field(default=())  # (old actor slug, new actor slug)
    rejections: tuple[Rejection, ...] = field(default=())
    drafts: int = 0  # articles marked `draft: true`, left out


@dataclass(frozen=True)
class Page:
    """One generated file: its path under the pages folder and its content, as one text or, for a large export, as
    pieces of text (bytes for a binary export) written as they come; None keeps the file as the last build wrote
    it (the caller knows its inputs are unchanged)."""

    path: str
    content: str | Iterable[str] | Iterable[bytes] | None
