"""Benchmark of actor finding: raw spaCy against Annals on the gold-annotated GUM news documents.

Gold (`../shared/gold/gum-news`, read from `dep/*.conllu`, whose `Entity=` annotations carry the same mentions,
types and Wikipedia links as `conll/*.conll`): the mentions of type person, organization or place that name
their referent. A mention names when its syntactic head (the word of the span whose dependency head lies outside
it) is a proper noun (PROPN); or when that head is a title with a proper noun attached as `flat` or `appos`
('actor Dennis Hopper', 'English captain Harry Kane'), which then counts as the head; or when it carries a
Wikipedia link and its head is not a pronoun, common noun, determiner, number or adverb ('US' tagged ADJ). This
narrows the README's "or that carry a Wikipedia link" on purpose: GUM puts the link on every mention of a linked
entity, so it would count 'he' (Donald_Trump) and 'the church' (Church_of_Scientology) as names that a name
tagger is expected to find. When two gold mentions of one type share their head, only the inner one is kept
(GUM wraps names in coordinations and trailing phrases: 'Lee Cheuk-yan of the Labour Party and Frederick Fung of
ADPL'). Gold mentions sharing a Wikipedia link are one actor, across documents; unlinked ones are one actor per
coreference chain within their document. Each document's text is rebuilt from its tokens (SpaceAfter=No and
multi-word tokens honoured, sentences of a paragraph joined by a space, paragraphs by a blank line), already in
the form Annals gives `Article.body`, so gold, raw spaCy and Annals offsets are offsets into the same string.

Systems: raw spaCy runs the pipeline Annals loads (`generator.annotate.load_pipeline`) over each whole document
and keeps PERSON → person, ORG → organization, GPE/LOC/FAC → place; a "page" is an entity's exact text. Annals
reads the documents as seed files, annotates and resolves them; its mentions are the mentions of actors typed
person, organization or place, with the actor's type, and a page is an actor slug.

Matching (the same for both systems): a predicted mention matches a gold mention when, after trimming a leading
'the' and a trailing possessive ('s, ’s, ') from the prediction, it lies inside the gold span and contains the
gold mention's head word — so 'Donald Trump' matches gold 'U.S. President Donald Trump's' (head 'Donald'), and
'U.S.' or 'Trump' do not. For precision and recall the types must agree too; each gold and each predicted
mention is matched at most once (closest in length first). Scores are per type and micro-averaged over the three
types.

Pages per actor: for each gold actor, the number of distinct pages among the predictions matched to its mentions
by the span rule alone (a page with a wrong type is still a page a reader lands on), averaged over the gold actors
with at least one match; 1.0 is perfect, above 1 means the actor is split over pages. Gold actors with no match
at all are counted apart.

Top 150 (`--top150`): `bench/data/wikinews-top150.yml` labels by hand the 150 most-mentioned actors of the
shared Wikinews corpus (`../shared/corpus/wikinews`): canonical name, type, surface names, which entries are the
same actor (`same_as`) and which are no actor. Annals builds the corpus (no entities.yml) and each entry is scored
against the actor pages. A page carries an entry when its name folds to one of the entry's names, or one of its
other names does, unless the page's own name is another labelled actor's ('American' on the United States page)
or contains it ('Johnson' on Andrew Johnson's) or the entry marks it `ambiguous` ('Polish' on Poland's). An actor
entry is right when exactly one page carries its actor (all the names of its `same_as` group), with the labelled
type and a name of the group; a not-actor entry is right when no page carries it. Pages per real actor: pages
carrying each labelled actor, averaged over the actors with a page.

French (`--french`): the same systems and scores with `fr_core_news_sm` (PER → person besides the labels above;
MISC, like GUM's other types, is left out) on the gold of `bench/data/europeana-fr`, a CC0 sample of the Europeana
Newspapers NER corpora (OCR'd L'Ouest-Éclair, 1906; its README says what was kept and how). Each newspaper page is a
document whose text is rebuilt from the IOB tokens (`join_tokens`); a mention is a run of PER/LOC/ORG tags, its head
the first capitalised word; with no links or chains in the data, a gold actor is a type and a folded name.

Run from the repository root:
`python bench/actors.py [--french] [--model NAME] [--json FILE] [--errors N] [--top150]`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if (
    str(REPO) not in sys.path
):  # `python bench/actors.py` puts bench/, not the repo root, on sys.path
    sys.path.insert(0, str(REPO))

GOLD_DIR = REPO.parent / "shared" / "gold" / "gum-news"
CORPUS_DIR = REPO.parent / "shared" / "corpus" / "wikinews"
TOP150 = REPO / "bench" / "data" / "wikinews-top150.yml"
ACTOR_TYPES = ("person", "organization", "place", "group", "event", "other")
TYPES = ("person", "organization", "place")
RAW_LABEL_TYPES = {
    "PERSON": "person",
    "PER": "person",  # the label of spaCy's French (and other WikiNER-trained) pipelines
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
# Heads that make a linked mention a description or a pro-form rather than a name ('the team', 'he', 'there').
NOT_NAME_HEADS = {"PRON", "NOUN", "DET", "NUM", "ADV"}
# Words that are never the head of a name when another word of the span could be.
FUNCTION_POS = {"DET", "PUNCT", "ADP", "CCONJ", "PART", "SCONJ"}
DEFAULT_DATE = "2020-01-01"
FRENCH_GOLD_DIR = REPO / "bench" / "data" / "europeana-fr"
FRENCH_MODEL = "fr_core_news_sm"
EUROPEANA_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
_NO_SPACE_BEFORE = frozenset({",", ".", ")", "]", "...", "…"})
_NO_SPACE_AFTER = ("'", "’", "(", "[")
# '* [**L000001 - L006184**]' then "L'Ouest-Éclair, 23-04-1906, 641047" then the Gallica URL, ending '/f1.item'.
_EUROPEANA_PAGE = re.compile(
    r"^\* \[\*\*L(?P<first>\d+)\s*-\s*L(?P<last>\d+)\*\*\]\s*\n"
    r"(?P<paper>[^,\n]+), (?P<date>\d{2}-\d{2}-\d{4}), \d+\s*\n"
    r"\S+/f(?P<page>\d+)\.item",
    re.MULTILINE,
)

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
    name_key: str = ""  # gold with neither links nor chains (Europeana): the folded name, one actor with its type

    @property
    def actor(self) -> tuple[str, ...]:
        if self.link:
            return ("wiki", self.link)
        if self.name_key:
            return ("name", self.type, self.name_key)
        return ("chain", self.doc, str(self.chain))


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
    label: str = ""  # the model's label; for Annals "" when resolve found the mention by name


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
                tokens.append(
                    Token(s, e, row[1], row[3], base + head - first_id if head else -1, row[7])
                )
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
    date, title = meta.get("dateCreated", DEFAULT_DATE), meta.get("title", "")
    return GoldDocument(name, date, title, text, tuple(tokens), mentions)


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


def named_mentions(
    name: str, text: str, tokens: list[Token], entity_fields: list[str]
) -> tuple[GoldMention, ...]:
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
        start, end, word = tokens[first].start, tokens[last].end, tokens[head]
        mentions.append(
            GoldMention(
                name,
                start,
                end,
                text[start:end],
                etype,
                chain,
                link,
                word.start,
                word.end,
                word.upos,
            )
        )
    return tuple(innermost(mentions))


def innermost(mentions: list[GoldMention]) -> list[GoldMention]:
    """Drop a mention when a smaller one of the same type inside it has the same name head: GUM wraps names in
    coordinations and trailing phrases ('Lee Cheuk-yan of the Labour Party and Frederick Fung of ADPL' around
    'Lee Cheuk-yan of the Labour Party'), and a name tagger can only ever find the inner one."""
    by_head: dict[tuple[int, str], list[GoldMention]] = defaultdict(list)
    for mention in mentions:
        by_head[(mention.head_start, mention.type)].append(mention)

    def wraps(outer: GoldMention, inner: GoldMention) -> bool:
        inside = outer.start <= inner.start and inner.end <= outer.end
        return inside and inner.end - inner.start < outer.end - outer.start

    return [
        m for m in mentions if not any(wraps(m, other) for other in by_head[(m.head_start, m.type)])
    ]


def name_head(tokens: list[Token], first: int, last: int) -> int | None:
    """The word of tokens[first..last] that heads a proper name: the syntactic head when it is a proper noun,
    else, after a title ('actor Dennis Hopper', 'English captain Harry Kane'), the first proper noun attached to
    the head as `flat` or `appos`; None when the span names nothing."""
    head = syntactic_head(tokens, first, last)
    if tokens[head].upos == "PROPN":
        return head
    for index in range(head + 1, last + 1):
        token = tokens[index]
        if (
            token.head == head
            and token.upos == "PROPN"
            and token.deprel.split(":")[0] in ("flat", "appos")
        ):
            return index
    return None


def syntactic_head(tokens: list[Token], first: int, last: int) -> int:
    """The first word of tokens[first..last] whose head lies outside the span, content words before function
    words (a stray attachment of 'the' does not make it the head)."""
    outside = [i for i in range(first, last + 1) if not first <= tokens[i].head <= last] or [first]
    return next((i for i in outside if tokens[i].upos not in FUNCTION_POS), outside[0])


# ---------------------------------------------------------------- French gold: Europeana Newspapers


def load_europeana(folder: Path = FRENCH_GOLD_DIR) -> list[GoldDocument]:
    """One document per newspaper page of the sample's map (the `.md` beside the `.bio`), its text rebuilt from the
    IOB tokens."""
    from generator.names import make_slug

    (bio,) = folder.glob("*.bio")
    page_map = bio.with_suffix(
        ".md"
    )  # the corpus' map of the .bio file's lines to pages, beside it
    lines = bio.read_text("utf-8").splitlines()
    docs = []
    for match in _EUROPEANA_PAGE.finditer(page_map.read_text("utf-8")):
        first, last = int(match["first"]), int(match["last"])
        if last > len(lines):
            raise ValueError(
                f"{page_map}: page L{first}-L{last} runs past the {len(lines)} lines of {bio}"
            )
        rows = []
        for number in range(first, last + 1):
            fields = lines[number - 1].split()
            if len(fields) != 2:
                raise ValueError(f"{bio}:{number}: expected 'token TAG', got {lines[number - 1]!r}")
            rows.append(
                (unicodedata.normalize("NFC", fields[0]), fields[1])
            )  # as Annals reads text
        day, month, year = match["date"].split("-")
        name = f"{make_slug(match['paper'])}-{year}-{month}-{day}-p{match['page']}"
        title = f"{match['paper']}, {year}-{month}-{day}, page {match['page']}"
        docs.append(parse_iob(rows, name, f"{year}-{month}-{day}", title))
    if not docs:
        raise ValueError(
            f"{page_map}: no page ranges ('* [**L000001 - L006184**]' and two lines after)"
        )
    return docs


def parse_iob(rows: list[tuple[str, str]], name: str, date: str, title: str) -> GoldDocument:
    """A document from (token, IOB tag) rows: the tokens joined by `join_tokens`, and a mention for each run of
    PER/LOC/ORG tags (IOB1: a run goes on through I- tags of its type; B- starts a new one)."""
    text, spans = join_tokens([form for form, _ in rows])
    tokens = tuple(Token(s, e, form, "", -1, "") for (s, e), (form, _) in zip(spans, rows))
    runs: list[list] = []  # [type, first token, last token]
    for index, (_, tag) in enumerate(rows):
        prefix, _, label = tag.partition("-")
        actor_type = EUROPEANA_TYPES.get(label)
        if actor_type is None:
            continue
        if prefix == "I" and runs and runs[-1][0] == actor_type and runs[-1][2] == index - 1:
            runs[-1][2] = index
        else:
            runs.append([actor_type, index, index])
    mentions = []
    for actor_type, first, last in runs:
        start, end = spans[first][0], spans[last][1]
        head = next(
            (i for i in range(first, last + 1) if rows[i][0][:1].isupper()), first
        )  # the name after a lower-case title or particle: 'rue de la Tannerie', 'de Mauroy'
        mention_text = text[start:end]
        mentions.append(
            GoldMention(
                name,
                start,
                end,
                mention_text,
                actor_type,
                len(mentions),
                "",
                *spans[head],
                "",
                fold(mention_text),
            )
        )
    return GoldDocument(name, date, title, text, tokens, tuple(mentions))


def join_tokens(forms: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens joined by one space, except none before closing punctuation (', . ) ]') or after an elision or an
    opening bracket ("L'", "d'", '('); French spacing around ';:!?«»' is kept. Returns the text and each token's
    span."""
    pieces: list[str] = []
    spans = []
    length = 0
    for index, form in enumerate(forms):
        if index and not (form in _NO_SPACE_BEFORE or forms[index - 1].endswith(_NO_SPACE_AFTER)):
            pieces.append(" ")
            length += 1
        spans.append((length, length + len(form)))
        pieces.append(form)
        length += len(form)
    return "".join(pieces), spans


# ---------------------------------------------------------------- systems


def raw_spacy_predictions(docs: list[GoldDocument], model: str) -> list[Predicted]:
    """The pipeline's own entities over each whole document; a page is an entity's exact text."""
    from generator.annotate import load_pipeline

    nlp = load_pipeline(model).nlp
    predicted = []
    for doc, parsed in zip(docs, nlp.pipe([doc.text for doc in docs], batch_size=8)):
        for entity in parsed.ents:
            actor_type = RAW_LABEL_TYPES.get(entity.label_)
            if actor_type:
                start, end = entity.start_char, entity.end_char
                predicted.append(
                    Predicted(doc.name, start, end, actor_type, entity.text, entity.label_)
                )
    return predicted


def seed_file_text(doc: GoldDocument) -> str:
    return f"date {doc.date}\n\n{doc.text}\n"


def annals_predictions(docs: list[GoldDocument], model: str) -> list[Predicted]:
    """Annals end to end (read → annotate → resolve) on the documents as seed files; a page is an actor slug."""
    from generator.annotate import annotate_articles
    from generator.read import read_archive
    from generator.resolve import resolve_archive

    by_name = {doc.name: doc for doc in docs}
    with tempfile.TemporaryDirectory(prefix="annals-bench-") as folder:
        for doc in docs:
            (Path(folder) / f"{doc.name}.txt").write_text(seed_file_text(doc), "utf-8")
        result = read_archive(Path(folder))
    if result.rejections:
        raise RuntimeError(
            "Annals rejected gold documents: " + "; ".join(r.message() for r in result.rejections)
        )
    doc_of_slug = {}
    for article in result.articles:
        name = article.path.removesuffix(".txt")
        if article.body != by_name[name].text:
            raise AssertionError(
                f"{name}: Article.body differs from the gold text, offsets would not line up"
            )
        doc_of_slug[article.slug] = name
    annotations = annotate_articles(result.articles, model, cache_dir=None, workers=1)
    archive = resolve_archive(result.articles, annotations)
    return [
        Predicted(
            doc_of_slug[mention.article],
            mention.start,
            mention.end,
            actor.type,
            actor.slug,
            mention.label,
        )
        for actor in archive.actors
        if actor.type in TYPES
        for mention in actor.mentions
    ]


# ---------------------------------------------------------------- scoring


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A predicted span without a leading 'the' or a trailing possessive."""
    surface = text[start:end]
    lead = _LEADING_THE.match(surface)
    if lead and lead.end() < len(surface):
        start += lead.end()
    tail = _TRAILING_POSSESSIVE.search(text[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
    return start, end


def match(
    docs: list[GoldDocument], predicted: list[Predicted], typed: bool = True
) -> dict[int, int]:
    """Gold mention index → predicted mention index, one to one (see the module docstring for the rule).

    Gold mentions are indexed in the order of `gold_mentions(docs)`."""
    texts = {doc.name: doc.text for doc in docs}
    gold = gold_mentions(docs)
    predicted_by_doc: dict[str, list[int]] = defaultdict(list)
    for index, p in enumerate(predicted):
        predicted_by_doc[p.doc].append(index)
    pairs = []
    for g_index, g in enumerate(gold):
        for p_index in predicted_by_doc[g.doc]:
            p = predicted[p_index]
            if typed and p.type != g.type:
                continue
            start, end = trimmed_span(texts[p.doc], p.start, p.end)
            if g.start <= start and end <= g.end and start <= g.head_start and g.head_end <= end:
                pairs.append((abs((end - start) - (g.end - g.start)), g_index, p_index))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, g_index, p_index in sorted(pairs):
        if g_index not in matched and p_index not in used:
            matched[g_index] = p_index
            used.add(p_index)
    return matched


def gold_mentions(docs: list[GoldDocument]) -> list[GoldMention]:
    return [mention for doc in docs for mention in doc.mentions]


def prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def score(docs: list[GoldDocument], predicted: list[Predicted]) -> dict:
    """Precision, recall and F1 per type and micro-averaged, plus pages per gold actor."""
    gold = gold_mentions(docs)
    matched = match(docs, predicted, typed=True)
    by_type = {}
    for actor_type in TYPES:
        tp = sum(1 for g in matched if gold[g].type == actor_type)
        n_gold = sum(1 for g in gold if g.type == actor_type)
        n_predicted = sum(1 for p in predicted if p.type == actor_type)
        by_type[actor_type] = prf(tp, n_predicted - tp, n_gold - tp)
    micro = prf(*(sum(by_type[t][k] for t in TYPES) for k in ("tp", "fp", "fn")))
    return {"by_type": by_type, "micro": micro, **pages_per_actor(docs, predicted)}


def pages_per_actor(docs: list[GoldDocument], predicted: list[Predicted]) -> dict:
    """Distinct pages among the predictions matched (span rule, any type) to each gold actor's mentions."""
    gold = gold_mentions(docs)
    pages: dict[tuple, set[str]] = {g.actor: set() for g in gold}
    for g_index, p_index in match(docs, predicted, typed=False).items():
        pages[gold[g_index].actor].add(predicted[p_index].page)
    found = [len(p) for p in pages.values() if p]
    return {
        "pages_per_actor": sum(found) / len(found) if found else 0.0,
        "gold_actors": len(pages),
        "actors_matched": len(found),
        "actors_unmatched": len(pages) - len(found),
        "actors_split": sum(1 for n in found if n > 1),
    }


# ---------------------------------------------------------------- top 150 of the corpus


@dataclass(frozen=True)
class Label:
    """One hand-labelled entry: the real actor's name, type ('' when not an actor), every name it goes by (the
    first is `name`) and the entry it is another name of ('' when none)."""

    name: str
    type: str
    names: tuple[str, ...]
    same_as: str = ""
    not_actor: bool = False
    ambiguous: tuple[
        str, ...
    ] = ()  # names as often another actor's ('Polish': Poland), matched as titles only


@dataclass(frozen=True)
class Page:
    """An actor page of a built archive: slug, shown name, type, every other name it carries, mentions."""

    slug: str
    name: str
    type: str
    names: tuple[str, ...]
    mentions: int = 0


def load_labels(path: Path = TOP150) -> list[Label]:
    """The labelled entries of `path`, in file order; raises ValueError on a bad type or same_as."""
    import yaml

    entries = yaml.safe_load(path.read_text("utf-8"))
    labels = [
        Label(
            str(e["name"]),
            "" if e.get("not_actor") else str(e["type"]),
            tuple(dict.fromkeys([str(e["name"]), *map(str, e.get("names", ()))])),
            str(e.get("same_as", "")),
            bool(e.get("not_actor", False)),
            tuple(map(str, e.get("ambiguous", ()))),
        )
        for e in entries
    ]
    known = {label.name for label in labels}
    for label in labels:
        if not label.not_actor and label.type not in ACTOR_TYPES:
            raise ValueError(
                f"{label.name}: type {label.type!r} is not one of {', '.join(ACTOR_TYPES)}"
            )
        if label.same_as and label.same_as not in known:
            raise ValueError(f"{label.name}: same_as {label.same_as!r} is no entry")
        if not set(label.ambiguous) <= set(label.names):
            raise ValueError(f"{label.name}: ambiguous names must be among its names")
    return labels


def fold(name: str) -> str:
    """A name as compared: no diacritics, case, dots, leading 'the', trailing possessive or other punctuation."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace(".", "")
    text = re.sub(r"['’]s?$", "", text.strip())
    words = re.sub(r"[^\w&]+", " ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def label_groups(labels: list[Label]) -> dict[str, list[Label]]:
    """Root entry name → the entries that are one real actor (following same_as to the end)."""
    by_name = {label.name: label for label in labels}

    def root(label: Label) -> str:
        seen = set()
        while label.same_as and label.name not in seen:
            seen.add(label.name)
            label = by_name[label.same_as]
        return label.name

    groups: dict[str, list[Label]] = defaultdict(list)
    for label in labels:
        groups[root(label)].append(label)
    return dict(groups)


def is_part_of(name: str, whole: str) -> bool:
    """Whether folded `name` is a run of whole words of folded `whole` ('johnson' of 'andrew johnson')."""
    return f" {name} " in f" {whole} "


def carriers(
    names: set[str],
    alias_names: set[str],
    pages: list[Page],
    owners: dict[str, set[str]],
    root: str,
) -> list[Page]:
    """Pages whose name folds to one of `names`; or one of whose other names folds to one of `alias_names`,
    unless the page's own name is another labelled actor's or contains that other name ('Johnson' on Andrew
    Johnson's page is his surname, not Boris Johnson)."""
    found = []
    for page in pages:
        own = fold(page.name)
        if own in names:
            found.append(page)
        elif not (owners.get(own, set()) - {root}) and any(
            fold(n) in alias_names and not is_part_of(fold(n), own) for n in page.names
        ):
            found.append(page)
    return found


def score_top150(labels: list[Label], pages: list[Page]) -> dict:
    """Per entry right or wrong (kinds: wrong type, wrong name, split, missing, junk page), % right and pages per
    real actor (see the module docstring)."""
    groups = label_groups(labels)
    group_names = {
        root: {fold(n) for label in group for n in label.names} for root, group in groups.items()
    }
    alias_names = {
        root: {fold(n) for label in group for n in label.names if n not in label.ambiguous}
        for root, group in groups.items()
    }
    owners: dict[str, set[str]] = defaultdict(set)
    for root, names in group_names.items():
        for name in names:
            owners[name].add(root)
    verdicts: dict[str, tuple[str, list[Page]]] = {}
    for root, group in groups.items():
        found = carriers(group_names[root], alias_names[root], pages, owners, root)
        head = next(label for label in group if label.name == root)
        if head.not_actor:
            verdict = "junk page" if found else "right"
        elif not found:
            verdict = "missing"
        elif len(found) > 1:
            verdict = "split"
        elif found[0].type != head.type:
            verdict = "wrong type"
        elif fold(found[0].name) not in group_names[root]:
            verdict = "wrong name"
        else:
            verdict = "right"
        verdicts[root] = (verdict, found)
    entries = []
    for root, group in groups.items():
        verdict, found = verdicts[root]
        head = next(label for label in group if label.name == root)
        for label in group:
            entries.append(
                {
                    "entry": label.name,
                    "actor": root,
                    "type": head.type,
                    "verdict": verdict,
                    "pages": [f"{p.slug} ({p.type}, {p.name!r}, {p.mentions})" for p in found],
                    "mentions": sum(p.mentions for p in found),
                }
            )
    real = [
        root
        for root in groups
        if not next(label for label in groups[root] if label.name == root).not_actor
    ]
    with_pages = [root for root in real if verdicts[root][1]]
    right = sum(1 for e in entries if e["verdict"] == "right")
    return {
        "entries": len(entries),
        "right": right,
        "percent_right": 100.0 * right / len(entries) if entries else 0.0,
        "real_actors": len(real),
        "pages_per_real_actor": (
            sum(len(verdicts[root][1]) for root in with_pages) / len(with_pages)
            if with_pages
            else 0.0
        ),
        "wrong": sorted(
            (e for e in entries if e["verdict"] != "right"),
            key=lambda e: (-e["mentions"], e["entry"]),
        ),
    }


def pages_of(archive) -> list[Page]:
    """The actor pages of a resolved archive, each with every name its mentions were written as."""
    pages = []
    for actor in archive.actors:
        names = tuple(dict.fromkeys([*actor.aliases, *(m.text for m in actor.mentions)]))
        pages.append(Page(actor.slug, actor.name, actor.type, names, len(actor.mentions)))
    return pages


def build_corpus_pages(model: str, corpus: Path = CORPUS_DIR) -> list[Page]:
    """Annals' actor pages for the shared corpus, built with no entities.yml into a temporary folder."""
    from generator.pipeline import BuildSettings, build_archive

    if not corpus.is_dir():
        raise FileNotFoundError(
            f"no corpus at {corpus} (expected the 'shared' folder next to the repo)"
        )
    with tempfile.TemporaryDirectory(prefix="annals-top150-") as folder:
        settings = BuildSettings(
            seeds=corpus, entities=None, model=model, cache_dir=None, pages_dir=Path(folder)
        )
        return pages_of(build_archive(settings).archive)


def top150_lines(top: dict, limit: int) -> list[str]:
    lines = [
        f"Top 150 of the Wikinews corpus ({TOP150.relative_to(REPO)}): {top['percent_right']:.1f} % right "
        f"({top['right']} of {top['entries']}; target ≥ 95 %), pages per real actor "
        f"{top['pages_per_real_actor']:.3f} over {top['real_actors']} real actors (target ≤ 1.05)"
    ]
    kinds: dict[str, dict[str, list[dict]]] = defaultdict(
        dict
    )  # verdict → actor → its wrong entries
    for entry in top["wrong"]:
        kinds[entry["verdict"]].setdefault(entry["actor"], []).append(entry)
    for kind in ("wrong type", "wrong name", "split", "junk page", "missing"):
        if kinds[kind]:
            count = sum(len(entries) for entries in kinds[kind].values())
            lines.append(f"  {kind}: {count} entries, {len(kinds[kind])} actors")
            for actor, entries in list(kinds[kind].items())[:limit]:
                e = entries[0]
                names = (
                    f" [entries {', '.join(x['entry'] for x in entries)}]"
                    if len(entries) > 1
                    else ""
                )
                shown = ", ".join(e["pages"]) or "no page"
                lines.append(f"    {actor} ({e['type'] or 'not an actor'}){names}: {shown}")
    return lines


# ---------------------------------------------------------------- report


@dataclass(frozen=True)
class GoldCorpus:
    """A gold data set the bench scores: what the report calls it, where it is, how it is read and the pipeline
    that reads its language."""

    name: str
    folder: Path
    load: Callable[[Path], list[GoldDocument]]
    model: str


GUM = GoldCorpus("GUM news documents", GOLD_DIR, load_gold, "en_core_web_sm")
EUROPEANA_FR = GoldCorpus(
    "pages of L'Ouest-Éclair, 1906 (Europeana Newspapers, French)",
    FRENCH_GOLD_DIR,
    load_europeana,
    FRENCH_MODEL,
)


@dataclass
class Run:
    """Everything one evaluation produced: gold, both systems' predictions, their scores and timings."""

    corpus: str
    model: str
    docs: list[GoldDocument]
    raw: list[Predicted]
    annals: list[Predicted]
    seconds: dict[str, float]

    def summary(self) -> dict:
        gold = gold_mentions(self.docs)
        return {
            "corpus": self.corpus,
            "model": self.model,
            "documents": len(self.docs),
            "gold_mentions": {t: sum(1 for g in gold if g.type == t) for t in TYPES}
            | {"all": len(gold)},
            "gold_actors": len({g.actor for g in gold}),
            "systems": {
                "raw_spacy": score(self.docs, self.raw),
                "annals": score(self.docs, self.annals),
            },
            "seconds": self.seconds,
        }


def run(model: str | None = None, gold_dir: Path | None = None, corpus: GoldCorpus = GUM) -> Run:
    """Both systems on `corpus` (read from `gold_dir`, else its own folder) with `model`, else its pipeline."""
    model = model or corpus.model
    started = time.perf_counter()
    docs = corpus.load(gold_dir or corpus.folder)
    loaded = time.perf_counter()
    from generator.annotate import load_pipeline

    load_pipeline(model)  # loaded once, shared by both systems; timed apart
    model_loaded = time.perf_counter()
    raw = raw_spacy_predictions(docs, model)
    raw_done = time.perf_counter()
    annals = annals_predictions(docs, model)
    annals_done = time.perf_counter()
    seconds = {
        "gold": loaded - started,
        "model_load": model_loaded - loaded,
        "raw_spacy": raw_done - model_loaded,
        "annals": annals_done - raw_done,
        "total": annals_done - started,
    }
    return Run(corpus.name, model, docs, raw, annals, {k: round(v, 2) for k, v in seconds.items()})


def evaluate(
    model: str | None = None, gold_dir: Path | None = None, corpus: GoldCorpus = GUM
) -> dict:
    """Scores of raw spaCy and Annals on the gold documents (the structure `--json` writes)."""
    return run(model, gold_dir, corpus).summary()


def markdown_table(summary: dict) -> str:
    raw, annals = summary["systems"]["raw_spacy"], summary["systems"]["annals"]

    def cell(scores: dict) -> str:
        return f"{scores['precision']:.3f} / {scores['recall']:.3f} / {scores['f1']:.3f}"

    lines = ["| type | raw spaCy P / R / F1 | Annals P / R / F1 |", "|---|---|---|"]
    for actor_type in TYPES:
        n = summary["gold_mentions"][actor_type]
        lines.append(
            f"| {actor_type} ({n}) | {cell(raw['by_type'][actor_type])} | {cell(annals['by_type'][actor_type])} |"
        )
    lines.append(
        f"| all, micro ({summary['gold_mentions']['all']}) | {cell(raw['micro'])} | {cell(annals['micro'])} |"
    )
    return "\n".join(lines)


def pages_lines(summary: dict) -> list[str]:
    lines = []
    for label, key in (("raw spaCy", "raw_spacy"), ("Annals", "annals")):
        s = summary["systems"][key]
        lines.append(
            f"Pages per gold actor, {label}: {s['pages_per_actor']:.3f} over {s['actors_matched']} of {s['gold_actors']} "
            f"gold actors ({s['actors_split']} split over several pages; {s['actors_unmatched']} with no match)"
        )
    return lines


def overlapping(items, doc: str, start: int, end: int) -> list:
    return [item for item in items if item.doc == doc and item.start < end and start < item.end]


def annals_errors(result: Run, limit: int) -> list[str]:
    """Where Annals is wrong and raw spaCy is right: gold mentions only raw spaCy finds (with what Annals has
    there), Annals mentions matching no gold mention where raw spaCy has no false mention of that type, and gold
    actors Annals splits over several pages."""
    gold = gold_mentions(result.docs)
    texts = {doc.name: doc.text for doc in result.docs}
    raw_matched = match(result.docs, result.raw)
    annals_matched = match(result.docs, result.annals)
    raw_used, annals_used = set(raw_matched.values()), set(annals_matched.values())

    def shown(p: Predicted, system: str) -> str:
        source = f" ({p.label or 'found by name'})" if system == "annals" else ""
        return f"{texts[p.doc][p.start : p.end]!r}{source}→{p.type}" + (
            f":{p.page}" if system == "annals" else ""
        )

    lines = []
    for actor_type in TYPES:
        missed = [g for g in raw_matched if g not in annals_matched and gold[g].type == actor_type]
        lines.append(
            f"\n{actor_type}: {len(missed)} gold mentions raw spaCy finds and Annals does not"
        )
        for g_index in missed[:limit]:
            g = gold[g_index]
            annals_there = [
                shown(p, "annals") for p in overlapping(result.annals, g.doc, g.start, g.end)
            ]
            raw_p = shown(result.raw[raw_matched[g_index]], "raw")
            lines.append(
                f"  {g.doc}: gold {g.text!r}; raw {raw_p}; Annals {', '.join(annals_there) or 'nothing'}"
            )
        raw_false = [
            p for i, p in enumerate(result.raw) if i not in raw_used and p.type == actor_type
        ]
        extra = [
            p
            for i, p in enumerate(result.annals)
            if p.type == actor_type
            and i not in annals_used
            and not overlapping(raw_false, p.doc, p.start, p.end)
        ]
        lines.append(
            f"{actor_type}: {len(extra)} Annals mentions matching no gold mention (raw spaCy has no false one there)"
        )
        for p in extra[:limit]:
            gold_there = [f"{g.text!r}→{g.type}" for g in overlapping(gold, p.doc, p.start, p.end)]
            raw_there = [shown(r, "raw") for r in overlapping(result.raw, p.doc, p.start, p.end)]
            context = " ".join(texts[p.doc][max(0, p.start - 40) : p.end + 40].split())
            lines.append(
                f"  {p.doc}: {shown(p, 'annals')}; gold {', '.join(gold_there) or 'none'}; "
                f"raw {', '.join(raw_there) or 'none'}; …{context}…"
            )
    split: dict[tuple, set[str]] = defaultdict(set)
    for g_index, p_index in match(result.docs, result.annals, typed=False).items():
        split[gold[g_index].actor].add(result.annals[p_index].page)
    split = {actor: pages for actor, pages in split.items() if len(pages) > 1}
    lines.append(f"\n{len(split)} gold actors split over several Annals pages")
    for actor, pages in sorted(split.items(), key=lambda item: (-len(item[1]), item[0]))[:limit]:
        lines.append(f"  {'/'.join(actor[1:])}: {', '.join(sorted(pages))}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Actor finding on gold news (GUM, or with --french Europeana): raw spaCy against Annals."
    )
    parser.add_argument(
        "--french",
        action="store_true",
        help=f"score the French gold ({FRENCH_GOLD_DIR.relative_to(REPO)}) instead of GUM",
    )
    parser.add_argument(
        "--model",
        help=f"spaCy pipeline (default: {GUM.model}; with --french {EUROPEANA_FR.model})",
    )
    parser.add_argument(
        "--gold",
        type=Path,
        help=f"gold folder (default: {GOLD_DIR}; with --french {FRENCH_GOLD_DIR})",
    )
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="also list up to N Annals errors of each kind and type",
    )
    parser.add_argument(
        "--top150",
        action="store_true",
        help="also build the shared corpus and score the labelled top 150 actors",
    )
    args = parser.parse_args(argv)
    if args.french and args.top150:
        parser.error("--top150 scores the English Wikinews corpus; run it without --french")
    result = run(args.model, args.gold, EUROPEANA_FR if args.french else GUM)
    summary = result.summary()
    if args.top150:
        started = time.perf_counter()
        summary["top150"] = score_top150(load_labels(), build_corpus_pages(result.model))
        summary["seconds"]["top150"] = round(time.perf_counter() - started, 2)
    print(
        f"Actor mentions on {summary['documents']} {summary['corpus']} (gold: {summary['gold_mentions']['all']} named "
        f"mentions of {summary['gold_actors']} actors), model {summary['model']}\n"
    )
    print(markdown_table(summary))
    print()
    print("\n".join(pages_lines(summary)))
    s = summary["seconds"]
    print(
        f"Wall time: {s['total']:.1f} s (gold {s['gold']:.1f} s, model load {s['model_load']:.1f} s, "
        f"raw spaCy {s['raw_spacy']:.1f} s, Annals {s['annals']:.1f} s)"
    )
    if args.top150:
        print("\n".join(top150_lines(summary["top150"], args.errors or 15)))
    if args.errors:
        print("\n".join(annals_errors(result, args.errors)))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
