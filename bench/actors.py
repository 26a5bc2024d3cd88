"""Benchmark of actor finding: raw spaCy against Annals on the gold-annotated GUM news documents.

Gold (`../shared/gold/gum-news`, read from `dep/*.conllu`, whose `Entity=` annotations carry the same mentions,
chains and Wikipedia links as `conll/*.conll`): every mention of type person, organization or place whose
syntactic head (the one token of the span whose dependency head lies outside it) is a proper noun (PROPN), or
whose head is not a pronoun or common noun but that carries a Wikipedia link. Linked pronouns and common-noun
phrases ('he', 'the team') are left out: they are coreference, not names, and neither system is meant to find
them. Gold mentions sharing a Wikipedia link are one actor, across documents; unlinked ones are one actor per
coreference chain within their document. Each document's text is rebuilt from its tokens (SpaceAfter=No and
multi-word tokens honoured, sentences of a paragraph joined by a space, paragraphs by a blank line), already in
the form Annals gives `Article.body`, so gold, raw spaCy and Annals offsets are offsets into the same string.

Systems: raw spaCy runs the pipeline Annals loads (`generator.annotate.load_pipeline`) over each whole document
and keeps PERSON → person, ORG → organization, GPE/LOC/FAC → place; a "page" is an entity's exact text. Annals
reads the documents as seed files, annotates and resolves them; its mentions are the mentions of actors typed
person, organization or place, with the actor's type, and a page is an actor slug.

Matching (the same for both systems): a predicted mention matches a gold mention when, after trimming a leading
'the' and a trailing possessive ('s, ’s, ') from the prediction, it lies inside the gold span and contains the
gold mention's head token — so 'Trump' matches gold 'US President Donald Trump's' (head 'Trump') but 'US' does
not. For precision and recall the types must agree too; each gold and each predicted mention is matched at most
once (closest in length first). Scores are per type and micro-averaged over the three types.

Pages per actor: for each gold actor, the number of distinct pages among the predictions matched to its mentions
by the span rule alone (a page with a wrong type is still a page a reader lands on), averaged over the gold actors
with at least one match; 1.0 is perfect, above 1 means the actor is split over pages. Gold actors with no match
at all are counted apart.

Run from the repository root: `python bench/actors.py [--model NAME] [--json FILE] [--errors N]`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `python bench/actors.py` puts bench/, not the repo root, on sys.path
    sys.path.insert(0, str(REPO))

GOLD_DIR = REPO.parent / "shared" / "gold" / "gum-news"
TYPES = ("person", "organization", "place")
RAW_LABEL_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}
# Heads that make a linked mention a description or a pro-form rather than a name ('the team', 'he', 'there').
NOT_NAME_HEADS = {"PRON", "NOUN", "DET", "NUM", "ADV"}
# Words that are never the head of a name when another word of the span could be.
FUNCTION_POS = {"DET", "PUNCT", "ADP", "CCONJ", "PART", "SCONJ"}
DEFAULT_DATE = "2020-01-01"

_ENTITY_OPEN = re.compile(r"\((\d+)-([^()|]*)")
_ENTITY_CLOSE = re.compile(r"(?<![(\w-])(\d+)\)")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING_POSSESSIVE = re.compile(r"(?:['’][sS]?)$")


@dataclass(frozen=True)
class Token:
    """One syntactic word of a gold document, with its character span in the document text."""

    start: int
    end: int
    form: str
    upos: str
    head: int  # document-wide index of the head word, -1 for the root
    deprel: str


@dataclass(frozen=True)
class GoldMention:
    """A named gold mention: span in the document text, type, chain, Wikipedia link (or '') and head word."""

    doc: str
    start: int
    end: int
    text: str
    type: str
    chain: int
    link: str
    head_start: int
    head_end: int
    head_upos: str

    @property
    def actor(self) -> tuple[str, ...]:
        return ("wiki", self.link) if self.link else ("chain", self.doc, str(self.chain))


@dataclass(frozen=True)
class GoldDocument:
    name: str
    date: str
    title: str
    text: str
    tokens: tuple[Token, ...]
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True)
class Predicted:
    """A system's mention: span in the document text, type, and the page it is shown on."""

    doc: str
    start: int
    end: int
    type: str
    page: str


# ---------------------------------------------------------------- gold


def load_gold(gold_dir: Path = GOLD_DIR) -> list[GoldDocument]:
    """Every document of `gold_dir/dep`, in name order."""
    paths = sorted((gold_dir / "dep").glob("*.conllu"))
    if not paths:
        raise FileNotFoundError(f"no gold documents under {gold_dir / 'dep'}")
    return [parse_conllu(path.read_text("utf-8"), path.stem) for path in paths]


def parse_conllu(data: str, name: str) -> GoldDocument:
    """Text, words and named person/organization/place mentions of one CoNLL-U document."""
    meta: dict[str, str] = {}
    pieces: list[str] = []
    length = 0
    tokens: list[Token] = []
    entity_fields: list[str] = []  # the Entity= value of each word, '' when none
    new_paragraph = False
    sentence: list[list[str]] = []

    def emit(text: str) -> int:
        nonlocal length
        pieces.append(text)
        length += len(text)
        return length - len(text)

    def flush_sentence() -> None:
        nonlocal new_paragraph
        if not sentence:
            return
        if tokens:
            emit("\n\n" if new_paragraph else " ")
        new_paragraph = False
        base = len(tokens)
        words = [row for row in sentence if row[0].isdigit()]
        first_id = int(words[0][0])
        ranges = {int(row[0].split("-")[0]): row for row in sentence if "-" in row[0]}
        index = 0
        while index < len(words):
            word_id = int(words[index][0])
            if word_id in ranges:
                span_row = ranges[word_id]
                last = int(span_row[0].split("-")[1])
                parts = [row for row in words[index:] if int(row[0]) <= last]
                surface, misc = span_row[1], span_row[9]
            else:
                parts, surface, misc = [words[index]], words[index][1], words[index][9]
            start = emit(surface)
            offsets = word_offsets(surface, [row[1] for row in parts], start)
            for row, (s, e) in zip(parts, offsets):
                head = int(row[6])
                tokens.append(Token(s, e, row[1], row[3], base + head - first_id if head else -1, row[7]))
                entity_fields.append(misc_value(row[9], "Entity"))
            index += len(parts)
            if index < len(words) and "SpaceAfter=No" not in misc.split("|"):
                emit(" ")
        sentence.clear()

    for line in data.splitlines():
        if line.startswith("#"):
            if line.strip() == "# newpar":
                new_paragraph = True
            elif line.startswith("# meta::") and " = " in line:
                key, value = line[len("# meta::") :].split(" = ", 1)
                meta[key.strip()] = value.strip()
        elif not line.strip():
            flush_sentence()
        else:
            row = line.split("\t")
            if "." not in row[0]:  # empty nodes of the enhanced graph have no text
                sentence.append(row)
    flush_sentence()
    text = "".join(pieces)
    mentions = named_mentions(name, text, tokens, entity_fields)
    return GoldDocument(name, meta.get("dateCreated", DEFAULT_DATE), meta.get("title", ""), text, tuple(tokens), mentions)


def word_offsets(surface: str, forms: list[str], start: int) -> list[tuple[int, int]]:
    """Character spans of the words of one written token ('Trump's' → 'Trump', ''s'); the whole token when they
    do not spell it."""
    if "".join(forms) != surface:
        return [(start, start + len(surface))] * len(forms)
    spans, offset = [], start
    for form in forms:
        spans.append((offset, offset + len(form)))
        offset += len(form)
    return spans


def misc_value(misc: str, key: str) -> str:
    for item in misc.split("|"):
        if item.startswith(key + "="):
            return item[len(key) + 1 :]
    return ""


def named_mentions(name: str, text: str, tokens: list[Token], entity_fields: list[str]) -> tuple[GoldMention, ...]:
    """Mentions from the bracketed `Entity=` fields, kept when person/organization/place and named."""
    open_spans: dict[int, list[tuple[int, str]]] = defaultdict(list)
    found = []
    for index, field in enumerate(entity_fields):
        for match in _ENTITY_OPEN.finditer(field):
            open_spans[int(match.group(1))].append((index, match.group(2)))
            if field[match.end() : match.end() + 1] == ")":  # a one-word mention closes at once
                chain = int(match.group(1))
                start, description = open_spans[chain].pop()
                found.append((start, index, chain, description))
        for match in _ENTITY_CLOSE.finditer(field):
            chain = int(match.group(1))
            if open_spans.get(chain):
                start, description = open_spans[chain].pop()
                found.append((start, index, chain, description))
    mentions = []
    for first, last, chain, description in sorted(found):
        # etype-infstat-salience-centering-minspan-link[-identity]
        fields = description.split("-", 6)
        etype, link = fields[0], (fields[6] if len(fields) > 6 else "")
        if etype not in TYPES:
            continue
        head = name_head(tokens, first, last)
        if head is None:
            head = syntactic_head(tokens, first, last)
            if not link or tokens[head].upos in NOT_NAME_HEADS:
                continue
        start, end = tokens[first].start, tokens[last].end
        mentions.append(
            GoldMention(name, start, end, text[start:end], etype, chain, link, tokens[head].start, tokens[head].end, tokens[head].upos)
        )
    return tuple(mentions)


def name_head(tokens: list[Token], first: int, last: int) -> int | None:
    """The word of tokens[first..last] that heads a proper name: the syntactic head when it is a proper noun,
    else, after a title ('actor Dennis Hopper', 'English captain Harry Kane'), the first proper noun attached to
    the head as `flat` or `appos`; None when the span names nothing."""
    head = syntactic_head(tokens, first, last)
    if tokens[head].upos == "PROPN":
        return head
    for index in range(head + 1, last + 1):
        token = tokens[index]
        if token.head == head and token.upos == "PROPN" and token.deprel.split(":")[0] in ("flat", "appos"):
            return index
    return None


def syntactic_head(tokens: list[Token], first: int, last: int) -> int:
    """The first word of tokens[first..last] whose head lies outside the span, content words before function
    words (a stray attachment of 'the' does not make it the head)."""
    outside = [i for i in range(first, last + 1) if not first <= tokens[i].head <= last] or [first]
    return next((i for i in outside if tokens[i].upos not in FUNCTION_POS), outside[0])
