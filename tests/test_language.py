"""Text in a language the pipeline does not read is not annotated by it (issue 17, point 4): on real Wikinews text
(the corpus file each comes from is named), and on a few paragraphs of French and German written for the test."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from generator import annotate
from generator.annotate import (
    AnnotationCache,
    annotate_articles,
    language_plan,
    model_identity,
    unannotated_message,
    unannotated_paragraphs,
)
from generator.config import load_entities
from generator.read import parse_article
from generator.resolve import resolve_archive

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews"
# An interview given in English and Hindi: each answer in English, then '((hi))Hindi language:' and the same in Hindi.
HINDI = "2020/2020-10-18-living-with-hiv-during-covid-19-wikinews-talks-to-hiv-positive-sex-workers-about.txt"
# English only (its names include Jerome Powell and the Federal Reserve).
ENGLISH = "2019/2019-01-04-nancy-pelosi-again-elected-speaker-as-116th-u-s-congress-sworn-in.md"
DEVANAGARI = re.compile("[\u0900-\u097f]")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not found")

FRENCH = (
    "Le président de la République a annoncé mardi soir de nouvelles mesures contre la pandémie, "
    "dont la fermeture des écoles et des universités dans toute la France à partir de lundi."
)
GERMAN = "Die Bundesregierung hat am Dienstag in Berlin neue Maßnahmen gegen die Pandemie beschlossen, sagte ein Sprecher."


def corpus_article(name: str):
    return parse_article((CORPUS / name).read_bytes(), Path(name).name)


def article(paragraphs: list[str], path: str = "test.txt"):
    return parse_article(
        f" date 2020-01-01 {chr(10) * 2}{(chr(10) * 2).join(paragraphs)}".encode(), path
    )


def annotated_without_identification(monkeypatch, articles):
    """The annotations every paragraph given to the pipeline as it is: what the build did before."""
    with monkeypatch.context() as patch:
        patch.setattr(annotate, "language_plan", lambda text, language: (text, ()))
        return annotate_articles(articles)


@needs_corpus
def test_the_hindi_interview_gives_no_actor_named_in_hindi_and_its_english_is_still_annotated(
    monkeypatch,
):
    hindi = corpus_article(HINDI)
    before = annotated_without_identification(monkeypatch, [hindi])[hindi.path]
    annotation = annotate_articles([hindi])[hindi.path]
    archive = resolve_archive([hindi], {hindi.path: annotation}, load_entities(None))
    names = {actor.name for actor in archive.actors}
    assert not [name for name in names if DEVANAGARI.search(name)]
    assert {"Akram Pasha", "Mysore", "Ashodaya"} <= names  # from the English halves of the answers
    # No entity reaches into Hindi, and every entity the English halves gave before is still there.
    left_out = annotation.unannotated
    assert left_out and {language for _, _, language in left_out} <= {"hi", "mr", "ne"}
    assert all(not DEVANAGARI.search(hindi.body[e.start : e.end]) for e in annotation.entities)

    def in_english(entity) -> bool:
        return not any(
            start < entity.end + 20 and entity.start - 20 < end for start, end, _ in left_out
        )

    assert [e for e in before.entities if in_english(e)] == [
        e for e in annotation.entities if in_english(e)
    ]
    assert len([e for e in annotation.entities if in_english(e)]) > 100


@needs_corpus
def test_an_english_article_is_annotated_exactly_as_before(monkeypatch):
    english = corpus_article(ENGLISH)
    before = annotated_without_identification(monkeypatch, [english])[english.path]
    after = annotate_articles([english])[english.path]
    assert after == before and after.unannotated == ()
    assert annotate.annotation_to_json(after) == {
        **annotate.annotation_to_json(before),
        "unannotated": [],
    }


@needs_corpus
@pytest.mark.parametrize(
    "name, beginning",
    [
        # English the identifier is unsure of, or takes for another language (French 0.34, German 0.52, French 0.22);
        # each is a paragraph of the file named, or its beginning.
        (
            "2019/2019-05-03-holy-headdress-of-christ-carried-in-procession-through-streets-of-cahors-france.md",
            "The procession at the Rue du Château du Roi. Image: Genium.",
        ),
        (
            "2020/2020-04-30-neuroscientists-tell-wikinews-about-empathy-and-harm-aversion-observed-in-lab-ra.txt",
            "((WN)) Is there a way to increase the degree of harm aversion in anti-social beings?",
        ),
        (
            "2020/2020-12-18-gregory-kurtzer-discusses-plans-for-rocky-linux-with-wikinews-as-red-hat-announc.txt",
            "Mid term: general availability of Rocky Linux.",
        ),
        # English full of Russian names, which another identifier (py3langid) calls Russian with 0.99.
        (
            "2019/2019-05-06-students-compete-in-second-international-neurosurgery-olympiad-in-tyumen-russia.md",
            "Madina Bizheva, in her fourth year at Kabardino-Balkarian State University, won this second Olympiad.",
        ),
    ],
)
def test_english_the_identifier_is_unsure_of_is_annotated(name, beginning):
    found = corpus_article(name)
    paragraph = next(
        text for text in map(found.text_of, found.blocks) if text.startswith(beginning)
    )
    readable, left_out = language_plan(paragraph, "en")
    assert readable is not None and readable.startswith(beginning)
    assert all(
        start >= len(beginning) for start, _, _ in left_out
    )  # only a quote in Cyrillic after it, if any


@pytest.mark.parametrize(
    "names",
    [
        # French names the identifier calls French with 0.90 and 0.98: a list of names is no evidence of a language.
        "Jean-Luc Mélenchon, Édouard Philippe, François Bayrou, Gérald Darmanin, Ségolène Royal, Clément Beaune, "
        "Amélie de Montchalin.",
        "Présidente Ségolène Royal, Préfecture de Police, Hôtel de Ville, Conseil d'État, Assemblée Nationale, "
        "Cour de Cassation.",
    ],
)
def test_a_paragraph_of_names_is_never_left_out(names):
    assert language_plan(names, "en") == (names, ())


def test_a_short_paragraph_of_names_is_annotated():
    names = "Vladimir Putin, Sergei Lavrov, Dmitry Peskov, Emmanuel Macron, Olaf Scholz, Giorgia Meloni, Pedro Sánchez."
    assert language_plan(names, "en") == (names, ())
    annotation = annotate_articles([article([names])])["test.txt"]
    assert len(annotation.entities) >= 5 and annotation.unannotated == ()


def test_paragraphs_in_another_language_get_no_mentions_and_short_ones_are_not_judged():
    english = "The minister said on Tuesday that schools across France would close from Monday."
    text = article([english, FRENCH, GERMAN, "Merci beaucoup et à bientôt."])
    annotation = annotate_articles([text])["test.txt"]
    french, german = text.blocks[1], text.blocks[2]
    assert annotation.unannotated == (
        (french.start, french.end, "fr"),
        (german.start, german.end, "de"),
    )
    assert all(e.end <= french.start or e.start >= german.end for e in annotation.entities)
    assert any(
        text.body[e.start : e.end] == "France" for e in annotation.entities
    )  # the English paragraph's
    assert (french.start, french.end) in annotation.sentences


def test_a_stretch_in_another_script_is_blanked_and_offsets_stay():
    text = (
        "Akram Pasha lives in Mysore. ((hi))Hindi language: \u200dमैं मैसूर में रहता हूँ, पिछले २५ years से।"
    )
    readable, left_out = language_plan(text, "en")
    start = text.index("\u200d")
    assert left_out == ((start, len(text), "hi"),)
    assert readable == text[:start] + " " * (len(text) - start)
    hindi = "\u200dमैं मैसूर में रहता हूँ।"
    assert language_plan(hindi, "en") == (None, ((0, len(hindi), "hi"),))
    assert language_plan(FRENCH, "xx") == (FRENCH, ())  # a multilingual pipeline reads everything
    assert language_plan(FRENCH, "fr") == (FRENCH, ())


def test_the_cache_keeps_what_was_left_out(tmp_path):
    text = article(["Angela Merkel met Emmanuel Macron in Paris on Tuesday.", GERMAN])
    first = annotate_articles([text], cache_dir=tmp_path)["test.txt"]
    assert first.unannotated
    cached = AnnotationCache(tmp_path).get(AnnotationCache(tmp_path).key(text, model_identity()))
    assert cached == first


def test_the_log_line_counts_paragraphs_by_language():
    assert unannotated_message(()) is None
    assert (
        unannotated_message((("fr", 1, 0),))
        == "annals: 1 paragraph left unannotated: 1 fr (no pipeline for that language)"
    )
    assert unannotated_message((("hi", 9, 2), ("fr", 3, 0))) == (
        "annals: 12 paragraphs left unannotated (2 only in part): 9 hi, 3 fr (no pipeline for those languages)"
    )


@needs_corpus
def test_a_build_reports_the_paragraphs_left_unannotated_cold_and_warm(tmp_path):
    from generator.pipeline import BuildSettings, build_archive

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(CORPUS / HINDI, seeds / "hindi.txt")
    (seeds / "europe.txt").write_text(
        f" date 2020-03-17 {chr(10) * 2}Schools close in France and Germany.\n\n{FRENCH}\n\n{GERMAN}\n\n{FRENCH} Encore.\n",
        "utf-8",
    )
    settings = BuildSettings(
        seeds=seeds,
        entities=None,
        model="en_core_web_sm",
        cache_dir=tmp_path / "cache",
        pages_dir=tmp_path / "pages",
    )
    result = build_archive(settings)
    cold = result.unannotated
    counts = {language: (count, partly) for language, count, partly in cold}
    # Most of europe.txt's letters are French, so it is read as French, which no pipeline reads: its short English
    # line too is left out, as French. The interview is read as English, its Hindi halves left out.
    assert counts["fr"] == (3, 0) and counts["de"] == (1, 0)
    assert result.unread == (("fr", 1),)
    assert sum(count for language, count, _ in cold if language in ("hi", "mr", "ne")) == 93
    assert list(cold) == sorted(cold, key=lambda c: (-c[1], c[0]))
    warm = build_archive(settings)
    assert (
        warm.written == 0 and warm.unannotated == cold and warm.unread == result.unread
    )  # from the cache, the same
    assert unannotated_paragraphs([], {}) == ()


@pytest.fixture(scope="module")
def french_pipeline(tmp_path_factory):
    """A small French pipeline on disk: spaCy's French tokenizer and rules that find two names (no model download)."""
    import spacy

    nlp = spacy.blank("fr")
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": "PER", "pattern": "Emmanuel Macron"}, {"label": "LOC", "pattern": "France"}]
    )
    nlp.meta["name"] = "test_rules"
    path = tmp_path_factory.mktemp("fr") / "fr_test_rules"
    nlp.to_disk(path)
    return str(path)


def test_a_pipeline_configured_for_a_language_reads_its_paragraphs(tmp_path, french_pipeline):
    macron = "Emmanuel Macron a annoncé mardi soir de nouvelles mesures contre la pandémie, dont la fermeture des écoles."
    text = article(["Emmanuel Macron spoke on Tuesday.", macron, GERMAN])
    annotation = annotate_articles([text], cache_dir=tmp_path, models={"fr": french_pipeline})[
        "test.txt"
    ]
    french, german = text.blocks[1], text.blocks[2]
    found = [
        (text.body[e.start : e.end], e.label) for e in annotation.entities if e.label != "DATE"
    ]
    assert found == [
        ("Emmanuel Macron", "PERSON"),
        ("Emmanuel Macron", "PER"),
    ]  # the English model's, the rules'
    assert annotation.unannotated == ((german.start, german.end, "de"),)  # no pipeline for it
    assert (french.start, french.end) in annotation.sentences
    # Cached under a key that names the French pipeline too: without it the French paragraph is unannotated again.
    assert (
        annotate_articles([text], cache_dir=tmp_path, models={"fr": french_pipeline})["test.txt"]
        == annotation
    )
    alone = annotate_articles([text], cache_dir=tmp_path)["test.txt"]
    assert len(alone.unannotated) == 2 and all(e.end <= french.start for e in alone.entities)


def test_a_pipeline_configured_for_a_script_reads_only_its_stretch(french_pipeline, monkeypatch):
    # A Hindi stretch in an English paragraph goes to the pipeline configured for Hindi, and only it.
    # (An identifier that calls the Hindi stretch French, and the whole English paragraph English.)
    monkeypatch.setattr(
        annotate,
        "identify_language",
        lambda text: ("fr", 1.0) if text.startswith("\u200d") else ("en", 1.0),
    )
    text = article(["France and Emmanuel Macron. ((hi))Hindi language: \u200dमैं France में रहता हूँ।"])
    annotation = annotate_articles([text], models={"fr": french_pipeline})["test.txt"]
    found = [(e.start, text.body[e.start : e.end]) for e in annotation.entities]
    second = text.body.rindex("France")
    assert (second, "France") in found and annotation.unannotated == ()
    assert all(
        label != "LOC" or start == second
        for start, label in ((e.start, e.label) for e in annotation.entities)
    )


def test_worker_processes_use_the_configured_pipelines_too(monkeypatch, french_pipeline):
    macron = "Emmanuel Macron a annoncé mardi soir de nouvelles mesures contre la pandémie, dont la fermeture des écoles."
    articles = [
        article(["Emmanuel Macron spoke on Tuesday.", macron, GERMAN], f"copy-{i}.txt")
        for i in range(4)
    ]
    monkeypatch.setattr(annotate, "MIN_TEXTS_FOR_WORKERS", 1)
    monkeypatch.setattr(annotate, "TASK_CHARS", 1)  # one article per task
    in_process = annotate_articles(articles, workers=1, models={"fr": french_pipeline})
    pooled = annotate_articles(articles, workers=2, models={"fr": french_pipeline})
    assert pooled == in_process and all(
        any(e.label == "PER" for e in a.entities) for a in pooled.values()
    )


@pytest.mark.parametrize(
    "models, error",
    [
        ({"fr": "fr_core_news_sm"}, None),
        ({}, None),
        ({"French": "fr_core_news_sm"}, "language codes"),
        ({"fr": 3}, "installed spaCy pipeline"),
        (["fr_core_news_sm"], "dict"),
    ],
)
def test_the_models_option(models, error):
    from generator.config import AnnalsConfig

    config = AnnalsConfig()
    config.load_dict({"models": models})
    errors, _ = config.validate()
    message = str(errors[0][1]) if errors else None
    assert message is None if error is None else error in (message or "")


def test_a_build_passes_the_configured_pipelines_on(tmp_path, french_pipeline):
    from generator.pipeline import BuildSettings, build_archive

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    macron = FRENCH.replace("Le président de la République", "Emmanuel Macron")
    (seeds / "paris.txt").write_text(
        f" date 2020-03-17 {chr(10) * 2}Schools close.\n\n{macron}\n", "utf-8"
    )
    settings = BuildSettings(
        seeds=seeds,
        entities=None,
        model="en_core_web_sm",
        cache_dir=None,
        pages_dir=tmp_path / "pages",
    )
    assert [language for language, _, _ in build_archive(settings).unannotated] == ["fr"]
    result = build_archive(dataclasses.replace(settings, models=(("fr", french_pipeline),)))
    assert result.unannotated == () and "Emmanuel Macron" in {
        actor.name for actor in result.archive.actors
    }


def front_matter_article(text: str, lang: str = "", path: str = "article.md"):
    front = f"---\ndate: 2020-03-17\n{f'lang: {lang}' + chr(10) if lang else ''}---\n\n"
    return parse_article((front + text).encode("utf-8"), path)


def test_an_articles_language_is_its_front_matters_else_that_of_most_of_its_letters():
    from generator.annotate import article_chunks, article_language

    def language(paragraphs: list[str], lang: str = "") -> str:
        return article_language(
            article_chunks(front_matter_article("\n\n".join(paragraphs), lang)), lang, "en"
        )

    assert language([FRENCH, GERMAN]) == "fr"  # 140 French letters of 227
    assert language([FRENCH, GERMAN, GERMAN]) == "de"
    assert (
        language(
            [
                FRENCH,
                GERMAN,
                "The minister said on Tuesday that schools across France would close from Monday.",
            ]
        )
        == "en"
    )
    assert (
        language(["Emmanuel Macron a parlé."]) == "en"
    )  # too short to tell: the main pipeline's language
    assert language([GERMAN], "pt-BR") == "pt" and language([GERMAN], "FR") == "fr"


def test_the_front_matters_language_decides_the_pipeline_and_is_in_the_cache_key(
    tmp_path, french_pipeline
):
    # Too short for the identifier to tell (a paragraph it is sure of goes to its language's pipeline, whatever the
    # front matter says): the front matter decides.
    english = "Emmanuel Macron spoke in France."
    declared = front_matter_article(english, "fr")
    plain = front_matter_article(english)
    models = {"fr": french_pipeline}
    annotations = annotate_articles([declared], cache_dir=tmp_path, models=models)["article.md"]
    assert annotations.language == "fr"
    assert {(declared.body[e.start : e.end], e.label) for e in annotations.entities} == {
        ("Emmanuel Macron", "PER"),
        ("France", "LOC"),
    }
    undeclared = annotate_articles([plain], cache_dir=tmp_path, models=models)["article.md"]
    assert undeclared.language == "en" and ("Emmanuel Macron", "PERSON") in {
        (plain.body[e.start : e.end], e.label) for e in undeclared.entities
    }
    cache = AnnotationCache(tmp_path)
    identity, others = model_identity(), (("fr", model_identity(french_pipeline)),)
    assert cache.key(declared, identity, others) != cache.key(plain, identity, others)
    assert (
        cache.get(cache.key(declared, identity, others)) == annotations
    )  # a warm build reads it back as it was


def test_an_article_in_a_language_without_a_pipeline_is_left_out_whole_and_counted():
    from generator.annotate import unread_articles, unread_articles_message

    german = front_matter_article(f"Angela Merkel.\n\n{GERMAN}", "de", "berlin.md")
    english = front_matter_article(
        "Angela Merkel met Emmanuel Macron in Paris on Tuesday.", "", "paris.md"
    )
    annotations = annotate_articles([german, english])
    assert annotations["berlin.md"].entities == () and annotations["berlin.md"].language == "de"
    assert {language for _, _, language in annotations["berlin.md"].unannotated} == {"de"}
    assert [block.start for block in german.blocks] == [
        start for start, _, _ in annotations["berlin.md"].unannotated
    ]
    assert annotations["paris.md"].entities and annotations["paris.md"].language == "en"
    counts = unread_articles(annotations.values(), {"en"})
    assert counts == (("de", 1),) and unread_articles(annotations.values(), {"en", "de"}) == ()
    assert unread_articles_message(()) is None
    assert unread_articles_message(counts) == (
        "annals: 1 article in a language with no pipeline, built without mentions: 1 de (pipelines go under models:)"
    )
    assert unread_articles_message((("de", 2), ("es", 1))).startswith(
        "annals: 3 articles in languages with no pipeline"
    )
