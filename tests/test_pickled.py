"""The archive as pickled for the forked child's handover (forked.py) and for digests (signatures.value_digest):
equal after the round trip, and written without an object per mention or per block, which the pickle would keep
alive until it ends."""

from __future__ import annotations

import io
import pickle

from generator.model import Actor, ActorQuote, Block, Blocks, Entities, Entity, Mention, Offsets
from generator.signatures import value_digest


def mentions_of(slug: str, count: int) -> tuple[Mention, ...]:
    """`count` mentions over ten sentences, with every field varying: labels, provenance, another actor's slug
    (a mention moved by an editor keeps what it was attached as), offsets past 2**32, uneven confidences."""
    sentences = [f"Sentence {n} names Ada Lovelace." for n in range(10)]
    articles = [
        f"article-{n}" for n in range(7)
    ]  # one string each, as an archive's mentions share their slug
    hows = ("model", "surname", "by-name", "acronym")
    return tuple(
        Mention(
            article=articles[n % 7],
            start=n * 3 + (2**33 if n % 5 == 0 else 0),
            end=n * 3 + 12 + (2**33 if n % 5 == 0 else 0),
            text="Lovelace" if n % 2 else "Ada Lovelace",
            label="" if n % 9 == 0 else ("PERSON" if n % 3 else "ORG"),
            sentence=sentences[n % 10],
            actor=slug if n % 11 else "someone-else",
            how=hows[n % 4],
            confidence=(0.9, 0.86, 1 / 3, 0.0)[n % 4],
        )
        for n in range(count)
    )


def test_an_actor_comes_back_equal_with_every_mention_as_it_was():
    actor = Actor(
        slug="ada-lovelace",
        name="Ada Lovelace",
        type="person",
        aliases=("Lovelace", "Augusta Ada King"),
        mentions=mentions_of("ada-lovelace", 40),
        quotes=(ActorQuote("article-1", "The engine weaves patterns.", "said"),),
        description="Mathematician.",
        links=(("wikidata", "Q7259"),),
        type_votes=(("person", 38), ("organization", 2)),
    )
    again = pickle.loads(pickle.dumps(actor, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == actor
    assert [type(m) for m in again.mentions] == [Mention] * 40
    assert again.mentions[5].start == 15 + 2**33 and again.mentions[2].confidence == 1 / 3
    assert again.mentions[11].actor == "someone-else" and again.mentions[9].label == ""
    empty = Actor("nobody", "Nobody", "other", (), ())
    assert pickle.loads(pickle.dumps(empty)) == empty


def test_pickling_writes_no_object_per_mention_or_block():
    """The pickle's memo keeps every object it wrote alive until it ends: 2,000 mentions over ten sentences are
    a few dozen objects, not a mention and an argument tuple each."""
    actor = Actor("ada-lovelace", "Ada Lovelace", "person", (), mentions_of("ada-lovelace", 2000))
    blocks = Blocks(Block("paragraph", n * 10, n * 10 + 9) for n in range(2000))
    for value in (actor, blocks):
        pickler = pickle.Pickler(io.BytesIO(), protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dump(value)
        assert len(pickler.memo.copy()) < 100


def test_packed_tuples_come_back_packed_and_equal():
    entities = Entities([Entity(0, 3, "ORG"), Entity(10, 14, "GPE")])
    offsets = Offsets([(0, 20), (21, 40)])
    blocks = Blocks([Block("heading", 0, 5), Block("paragraph", 6, 90)])
    for packed in (entities, offsets, blocks):
        again = pickle.loads(pickle.dumps(packed))
        assert type(again) is type(packed) and again == packed and tuple(again) == tuple(packed)


def test_a_digest_follows_a_mention_change_and_nothing_else():
    mentions = mentions_of("ada-lovelace", 30)
    actor = Actor("ada-lovelace", "Ada Lovelace", "person", (), mentions)
    same = Actor(
        "ada-lovelace", "Ada Lovelace", "person", (), tuple(pickle.loads(pickle.dumps(mentions)))
    )
    assert value_digest(actor) == value_digest(same)
    for change in (
        {"confidence": 0.8},
        {"how": "variant"},
        {"sentence": "Another sentence."},
        {"end": mentions[3].end + 1},
    ):
        changed = list(mentions)
        changed[3] = Mention(
            **{**{f: getattr(mentions[3], f) for f in Mention.__slots__}, **change}
        )
        other = Actor("ada-lovelace", "Ada Lovelace", "person", (), tuple(changed))
        assert value_digest(other) != value_digest(actor), change


def test_equal_offsets_and_confidences_come_back_as_one_object_each():
    """Ints above 256 and floats are objects of their own: an archive's mentions share them instead (a third of
    the unpickled archive's memory at 10,000 articles), each confidence staying the type it was made as."""
    mentions = tuple(
        Mention(f"article-{n}", 1000, 1012, "Ada", "PERSON", "Ada spoke.", "ada", "model", 0.9)
        for n in range(3)
    ) + (
        Mention(
            "article-3", 70_000, 70_012, "Ada", "PERSON", "Ada spoke.", "ada", "editorial", 1.0
        ),
    )
    actor = pickle.loads(pickle.dumps(Actor("ada", "Ada", "person", (), mentions)))
    first, second, third, far = actor.mentions
    assert first.start is second.start is third.start and first.end is third.end
    assert first.confidence is second.confidence is third.confidence
    assert type(far.confidence) is float and far.confidence == 1.0 and far.start == 70_000
    assert actor.mentions == mentions
