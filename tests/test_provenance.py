"""Provenance and confidence per mention (issue 17 point 6): how resolve attached each mention to its actor and how
surely, on real sentences of the shared Wikinews corpus (each file named above its text), through the exports and
the actor page."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_resolve_real_news import BOTH_TRUMPS, CORPUS, DONALD_TRUMP, TRUMP_ALONE, article, resolve

from generator.config import load_entities
from generator.model import HOW
from generator.read import parse_article
from generator.render import ArchiveView, render_exports
from generator.resolve import DOMINANCE, mention_confidence

from conftest import render_archive, render_data_exports

# The sentences of test_resolve_real_news: Donald Trump named in four articles, Melania Trump in one of them, 'Trump'
# alone in another; and, from other files of ../shared/corpus/wikinews:
# 2019/2019-12-07-samoan-government-temporarily-shuts-down-for-nationwide-measles-vaccination-driv.md
SAMOA = "According to the World Health Organization (WHO), vaccination before the outbreak began covered only about 31 percent of Samoans."
# 2019/2019-08-15-scientists-report-two-life-saving-treatments-for-ebola.md
EBOLA = "Past EVD outbreak mortality rates have been at least 25%, as high as 90%, and averaged around 50% according to WHO's statistics."


def mentions_of(archive, name: str, text: str | None = None, article_slug: str | None = None):
    (actor,) = [a for a in archive.actors if a.name == name]
    return [
        m
        for m in actor.mentions
        if (text is None or m.text == text) and (article_slug is None or m.article == article_slug)
    ]


def trump_articles():
    full = [
        article([text], f"{i}.txt", f"2019-0{i + 1}-01")
        for i, text in enumerate([*DONALD_TRUMP, BOTH_TRUMPS])
    ]
    return full, article([TRUMP_ALONE], "alone.txt", "2019-10-18")


@pytest.fixture(scope="module")
def trump_archive():
    full, alone = trump_articles()
    return resolve([*full, alone]), alone


@pytest.fixture(scope="module")
def who_archive():
    return resolve(
        [article([SAMOA], "samoa.txt", "2019-12-07"), article([EBOLA], "ebola.txt", "2019-08-15")]
    )


def test_the_rule_gives_rounded_documented_values():
    assert mention_confidence("model") == 0.9 and mention_confidence("model", agrees=False) == 0.6
    assert mention_confidence("by-name") == 0.8 and mention_confidence("variant") == 0.8
    assert (
        mention_confidence("acronym") == 0.9
        and mention_confidence("acronym", same_article=False) == 0.7
    )
    assert mention_confidence("editorial") == 1.0
    assert mention_confidence("surname") == 0.9  # no rival
    assert (
        mention_confidence("surname", ratio=DOMINANCE) == 0.5
    )  # the narrowest lead resolve accepts
    assert mention_confidence("surname", ratio=7) == 0.73  # 0.9 - 1.2 / 7, rounded
    assert set(HOW) == {
        "model",
        "by-name",
        "surname",
        "short-form",
        "acronym",
        "variant",
        "editorial",
    }
    with pytest.raises(ValueError):
        mention_confidence("guess")


def test_a_name_the_model_labels_is_found_by_the_model(trump_archive):
    archive, _ = trump_archive
    full = mentions_of(archive, "Donald Trump", "Donald Trump")
    assert full and all(
        (m.how, m.confidence) == ("model", 0.9) for m in full
    )  # labelled PERSON, a person


def test_a_lone_surname_joined_across_the_archive_is_a_surname(trump_archive):
    archive, alone = trump_archive
    (lone,) = mentions_of(archive, "Donald Trump", "Trump", alone.slug)
    # Donald Trump leads Melania Trump 4 to 1 in articles and in mentions: 0.9 - 0.4 * 3 / 4.
    assert (lone.how, lone.confidence) == ("surname", 0.6)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not found")
def test_a_lone_surname_joined_in_its_article_is_a_surname():
    # 'Robert Mugabe' (and once 'Robert Gabriel Mugabe') beside one 'Grace Mugabe': 'Mugabe' is Robert Mugabe.
    path = CORPUS / "2019" / "2019-09-09-longtime-leader-of-zimbabwe-robert-mugabe-dies-aged-95.md"
    archive = resolve([parse_article(path.read_bytes(), "mugabe.md")])
    lone = mentions_of(archive, "Robert Mugabe", "Mugabe")
    hows = {m.how for m in lone}
    assert "surname" in hows and hows <= {"surname", "by-name"}, hows
    assert all(0.5 <= m.confidence <= 0.9 for m in lone if m.how == "surname")
    assert all(m.how == "model" for m in mentions_of(archive, "Robert Mugabe", "Robert Mugabe"))


def test_an_acronym_joined_to_its_expansion_is_an_acronym(who_archive):
    samoa_who = [
        m
        for m in mentions_of(who_archive, "World Health Organization", "WHO")
        if m.sentence.startswith("According")
    ]
    ebola_who = [
        m
        for m in mentions_of(who_archive, "World Health Organization")
        if m.text.startswith("WHO") and "statistics" in m.sentence
    ]
    assert [(m.how, m.confidence) for m in samoa_who] == [
        ("acronym", 0.9)
    ]  # spelled out in brackets right there
    assert [(m.how, m.confidence) for m in ebola_who] == [
        ("acronym", 0.7)
    ]  # spelled out in another article


def test_a_name_merged_in_entities_yml_is_editorial(tmp_path):
    rules_file = tmp_path / "entities.yml"
    rules_file.write_text("actors:\n  - name: Donald Trump\n    merge: [Trump]\n", "utf-8")
    alone = article([TRUMP_ALONE], "alone.txt", "2019-10-18")
    archive = resolve([alone], load_entities(rules_file))
    (lone,) = mentions_of(archive, "Donald Trump", "Trump")
    assert (lone.how, lone.confidence) == ("editorial", 1.0)


def test_mentions_csv_ends_with_how_and_confidence(trump_archive):
    archive, alone = trump_archive
    (page,) = [p for p in render_data_exports(archive) if p.path == "api/mentions.csv.gz"]
    rows = list(csv.reader(io.StringIO(page.content, newline="")))
    assert rows[0][-2:] == ["how", "confidence"] and rows[0][:3] == [
        "actor_slug",
        "actor_name",
        "actor_type",
    ]
    by_place = {(m.article, m.start): m for a in archive.actors for m in a.mentions}
    assert len(rows) - 1 == len(by_place)
    for row in rows[1:]:
        mention = by_place[(row[3], int(row[5]))]
        assert row[-2:] == [mention.how, f"{mention.confidence:.2f}"]
    (lone,) = [row for row in rows[1:] if row[3] == alone.slug and row[7] == "Trump"]
    assert (lone[0], *lone[-2:]) == ("donald-trump", "surname", "0.60")


def test_entities_json_counts_provenance_and_averages_confidence(trump_archive):
    archive, _ = trump_archive
    (page,) = [p for p in render_exports(ArchiveView(archive)) if p.path == "api/entities.json"]
    entities = json.loads("".join(page.content))
    for entry in entities:
        assert sum(entry["provenance"].values()) == entry["mentions"], entry
        assert list(entry["provenance"]) == sorted(entry["provenance"]) and set(
            entry["provenance"]
        ) <= set(HOW)
    trump = next(e for e in entities if e["slug"] == "donald-trump")
    actor = next(a for a in archive.actors if a.slug == "donald-trump")
    assert trump["provenance"]["surname"] >= 1
    assert (
        trump["confidence"]
        == round(sum(m.confidence for m in actor.mentions) / len(actor.mentions), 2)
        < 0.9
    )


def test_the_actor_page_says_on_hover_how_a_mention_was_attached(trump_archive):
    archive, _ = trump_archive
    page = {p.path: p.content for p in render_archive(archive)}["actors/donald-trump.md"]
    assert (
        'inquiry into President <mark title="joined as a surname, 0.6">Trump</mark>, alongside'
        in page
    )
    assert '<mark title="found by the model, 0.9">Donald Trump</mark>' in page


def test_exports_are_the_same_bytes_whatever_the_reading_order(trump_archive):
    archive, alone = trump_archive
    full, _ = trump_articles()
    reordered = resolve([alone, *reversed(full)])

    def exports(archive):
        pages = [*render_data_exports(archive), *render_exports(ArchiveView(archive))]
        return {p.path: "".join(p.content) for p in pages}

    assert exports(reordered) == exports(archive)
    assert [(m.how, m.confidence) for a in reordered.actors for m in a.mentions] == [
        (m.how, m.confidence) for a in archive.actors for m in a.mentions
    ]
