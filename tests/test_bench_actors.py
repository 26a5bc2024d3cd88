"""Tests for bench/actors.py: the GUM news gold loader, the matching rule and the scorer, on the real gold files.

The gold documents live in the shared folder next to the repo (../shared/gold/gum-news). Only the last test runs
spaCy (one call to `evaluate`); it is marked slow.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import actors  # noqa: E402
from generator.read import read_archive  # noqa: E402

GOLD = actors.GOLD_DIR


@pytest.fixture(scope="module")
def gold() -> list[actors.GoldDocument]:
    if not (GOLD / "dep").exists():
        pytest.skip(
            f"shared gold data not found: {GOLD} (expected the 'shared' folder next to the repo)"
        )
    return actors.load_gold()


@pytest.fixture(scope="module")
def by_name(gold) -> dict[str, actors.GoldDocument]:
    return {doc.name: doc for doc in gold}


def find_mention(doc: actors.GoldDocument, text: str) -> actors.GoldMention:
    return next(m for m in doc.mentions if m.text == text)


def as_predictions(mentions) -> list[actors.Predicted]:
    return [actors.Predicted(m.doc, m.start, m.end, m.type, "/".join(m.actor)) for m in mentions]


# ---------------------------------------------------------------- gold loader


def test_gold_has_the_24_gum_news_documents_with_their_dates(gold, by_name):
    assert len(gold) == 24
    assert all(doc.name.startswith("GUM_news_") for doc in gold)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date) for doc in gold)
    afghan = by_name["GUM_news_afghan"]
    assert afghan.date == "2017-07-18"
    assert afghan.title.startswith("After visa snags, all-girl Afghan team honored")
    assert afghan.text.startswith(
        "After visa snags, all-girl Afghan team honored for 'courageous achievement'"
    )


def test_document_text_joins_the_sentences_and_paragraphs_of_the_conllu(gold):
    for doc in gold:
        data = (GOLD / "dep" / f"{doc.name}.conllu").read_text("utf-8")
        sentences = [
            line[len("# text = ") :] for line in data.splitlines() if line.startswith("# text = ")
        ]
        paragraphs = sum(1 for line in data.splitlines() if line.strip() == "# newpar")
        assert doc.text.replace("\n\n", " ") == " ".join(sentences), doc.name
        assert doc.text.count("\n\n") == paragraphs - 1, doc.name
        assert "  " not in doc.text and doc.text == doc.text.strip()


def test_mentions_are_whole_words_of_the_document(gold):
    for doc in gold:
        starts = {t.start for t in doc.tokens}
        ends = {t.end for t in doc.tokens}
        for m in doc.mentions:
            assert m.text == doc.text[m.start : m.end]
            assert m.start in starts and m.end in ends, (doc.name, m.text)
            assert m.start <= m.head_start < m.head_end <= m.end
            assert m.type in actors.TYPES


@pytest.mark.parametrize(
    "name, text, head, link",
    [
        (
            "GUM_news_afghan",
            "U.S. President Donald Trump's",
            "Donald",
            "Donald_Trump",
        ),  # ends inside the token Trump's
        ("GUM_news_afghan", "the United States", "States", "United_States"),
        (
            "GUM_news_soccer",
            "English captain Harry Kane",
            "Harry",
            "Harry_Kane",
        ),  # a title before the name
        ("GUM_news_nasa", "NASA", "NASA", "NASA"),
        ("GUM_news_clock", "Ahmed Mohamed", "Ahmed", ""),  # unlinked: one actor per chain
    ],
)
def test_known_mentions_have_the_token_text_and_head(by_name, name, text, head, link):
    doc = by_name[name]
    mention = find_mention(doc, text)
    words = [t for t in doc.tokens if mention.start <= t.start and t.end <= mention.end]
    assert (words[0].start, words[-1].end) == (mention.start, mention.end)
    assert "".join(t.form for t in words) == text.replace(" ", "")
    assert doc.text[mention.head_start : mention.head_end] == head
    assert mention.link == link


def conll_mentions(path: Path) -> tuple[list[str], set[tuple[int, int, str, str]]]:
    """Token forms and (first, last, type, link) of every mention of a conll file, parsed independently."""
    rows = [
        line.split("\t")
        for line in path.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    opened: dict[str, list[int]] = defaultdict(list)
    found = set()
    for index, row in enumerate(rows):
        for match in re.finditer(
            r"(\()?([a-z]+)-(\d+)(?:-([^()]+?))?(\))?(?=\(|[a-z]+-\d|$)", row[2]
        ):
            opening, etype, chain, link, closing = match.groups()
            if opening:
                opened[chain].append(index)
            if closing:
                found.add((opened[chain].pop(), index, etype, link or ""))
    return [row[1] for row in rows], found


def test_gold_agrees_with_the_conll_files(gold):
    for doc in gold:
        forms, mentions = conll_mentions(GOLD / "conll" / f"{doc.name}.conll")
        assert forms == [t.form for t in doc.tokens], doc.name
        first = {t.start: i for i, t in reversed(list(enumerate(doc.tokens)))}
        last = {t.end: i for i, t in enumerate(doc.tokens)}
        for m in doc.mentions:
            assert (first[m.start], last[m.end], m.type, m.link) in mentions, (doc.name, m.text)


def test_gold_keeps_names_and_leaves_out_pronouns_descriptions_and_coordinations(gold, by_name):
    texts = {m.text for doc in gold for m in doc.mentions}
    assert not {"he", "He", "she", "She", "they", "it", "We"} & texts
    scientology = {
        m.text
        for name in ("GUM_news_defector", "GUM_news_imprisoned")
        for m in by_name[name].mentions
    }
    assert "the church" not in scientology  # linked to Church_of_Scientology, but not a name
    assert "Church of Scientology" in scientology
    election = {m.text for m in by_name["GUM_news_election"].mentions}
    assert "Lee Cheuk-yan of the Labour Party" in election
    assert "Lee Cheuk-yan of the Labour Party and Frederick Fung of ADPL" not in election
    trump = {m.actor for doc in gold for m in doc.mentions if m.link == "Donald_Trump"}
    assert trump == {("wiki", "Donald_Trump")}


def test_documents_read_back_by_annals_as_the_same_text(gold, tmp_path):
    for doc in gold:
        (tmp_path / f"{doc.name}.txt").write_text(actors.seed_file_text(doc), "utf-8")
    result = read_archive(tmp_path)
    assert not result.rejections
    bodies = {article.path.removesuffix(".txt"): article for article in result.articles}
    for doc in gold:
        assert bodies[doc.name].body == doc.text
        assert str(bodies[doc.name].date) == doc.date


# ---------------------------------------------------------------- matching and scoring


def test_predictions_equal_to_the_gold_score_one(gold):
    summary = actors.score(gold, as_predictions(actors.gold_mentions(gold)))
    for scores in [*summary["by_type"].values(), summary["micro"]]:
        assert scores["precision"] == scores["recall"] == scores["f1"] == 1.0
        assert scores["fp"] == scores["fn"] == 0
    assert summary["pages_per_actor"] == 1.0
    assert summary["actors_unmatched"] == summary["actors_split"] == 0
    assert summary["gold_actors"] == len({m.actor for m in actors.gold_mentions(gold)})


def test_one_missing_mention_lowers_recall_of_its_type_only(gold, by_name):
    kane = find_mention(by_name["GUM_news_soccer"], "English captain Harry Kane")
    mentions = [m for m in actors.gold_mentions(gold) if m is not kane]
    summary = actors.score(gold, as_predictions(mentions))
    person = summary["by_type"]["person"]
    n_person = sum(1 for m in actors.gold_mentions(gold) if m.type == "person")
    assert person["precision"] == 1.0
    assert person["recall"] == pytest.approx((n_person - 1) / n_person)
    assert person["f1"] < 1.0 and summary["micro"]["f1"] < 1.0
    assert summary["by_type"]["place"]["f1"] == summary["by_type"]["organization"]["f1"] == 1.0


def test_a_wrong_type_is_a_false_positive_and_a_miss_but_still_the_same_page(gold, by_name):
    nasa = find_mention(by_name["GUM_news_nasa"], "NASA")
    mentions = [replace(m, type="place") if m is nasa else m for m in actors.gold_mentions(gold)]
    summary = actors.score(gold, as_predictions(mentions))
    assert summary["by_type"]["organization"]["recall"] < 1.0
    assert summary["by_type"]["organization"]["precision"] == 1.0
    assert summary["by_type"]["place"]["precision"] < 1.0
    assert summary["pages_per_actor"] == 1.0


def test_an_actor_split_over_two_pages_counts_two(gold):
    predictions = [
        replace(p, page=p.page + f"#{i % 2}") if p.page == "wiki/Harry_Kane" else p
        for i, p in enumerate(as_predictions(actors.gold_mentions(gold)))
    ]
    summary = actors.score(gold, predictions)
    assert summary["actors_split"] == 1
    assert summary["pages_per_actor"] == pytest.approx(1 + 1 / summary["actors_matched"])


def span_of(doc: actors.GoldDocument, text: str, within: actors.GoldMention) -> tuple[int, int]:
    start = doc.text.index(text, within.start)
    return start, start + len(text)


def test_matching_needs_the_head_word_inside_the_gold_span(by_name):
    doc = by_name["GUM_news_afghan"]
    trump = find_mention(doc, "U.S. President Donald Trump's")
    index = actors.gold_mentions([doc]).index(trump)

    def matched(text: str, actor_type: str = "person", typed: bool = True) -> bool:
        start, end = span_of(doc, text, trump)
        found = actors.match(
            [doc], [actors.Predicted(doc.name, start, end, actor_type, text)], typed=typed
        )
        return found.get(index) == 0

    assert matched("Donald Trump")
    assert matched("President Donald Trump's")
    assert not matched("Trump")  # misses the head word 'Donald'
    assert not matched("Donald Trump", "organization")
    assert matched("Donald Trump", "organization", typed=False)


def test_a_leading_the_is_trimmed_from_predictions(by_name):
    doc = by_name["GUM_news_afghan"]
    # 'the U.S. border': the gold mention is 'U.S.' alone, spaCy's span would be 'the U.S.'
    states = next(
        m
        for m in doc.mentions
        if m.text == "U.S." and doc.text[m.start - 4 : m.end + 7] == "the U.S. border"
    )
    index = actors.gold_mentions([doc]).index(states)
    prediction = actors.Predicted(doc.name, states.start - 4, states.end, "place", "the U.S.")
    assert actors.match([doc], [prediction]).get(index) == 0
    assert actors.trimmed_span(doc.text, prediction.start, prediction.end) == (
        states.start,
        states.end,
    )


# ---------------------------------------------------------------- end to end


@pytest.mark.slow
def test_evaluate_scores_both_systems_on_the_gold(gold):
    summary = actors.evaluate()
    assert summary["documents"] == 24
    assert set(summary["systems"]) == {"raw_spacy", "annals"}
    for system in summary["systems"].values():
        assert set(system["by_type"]) == set(actors.TYPES)
        for actor_type, scores in [*system["by_type"].items(), ("all", system["micro"])]:
            for key in ("precision", "recall", "f1"):
                assert 0.0 <= scores[key] <= 1.0
            assert scores["tp"] + scores["fn"] == summary["gold_mentions"][actor_type]
        assert system["pages_per_actor"] >= 1.0
        assert system["actors_matched"] + system["actors_unmatched"] == summary["gold_actors"]
    table = actors.markdown_table(summary).splitlines()
    assert table[0].startswith("| type |") and len(table) == 2 + len(actors.TYPES) + 1
    # How long it took is the benchmark's figure to report (python -m bench.actors), not something a test times.
    assert set(summary["seconds"]) == {"gold", "model_load", "raw_spacy", "annals", "total"}


# ---------------------------------------------------------------- French gold (Europeana Newspapers, IOB)

FRENCH = actors.FRENCH_GOLD_DIR


@pytest.fixture(scope="module")
def french() -> list[actors.GoldDocument]:
    return actors.load_europeana()


def iob_runs(path: Path) -> dict[str, int]:
    """Entities of each IOB tag type in a .bio file, counted independently: a run of one type's tags, cut by B-."""
    counts: dict[str, int] = defaultdict(int)
    previous = "O"
    for line in path.read_text("utf-8").splitlines():
        tag = line.split()[1]
        if tag != "O" and (tag.startswith("B-") or tag[2:] != previous[2:]):
            counts[tag[2:]] += 1
        previous = tag
    return dict(counts)


def test_french_gold_is_one_document_per_page_of_the_map_with_every_entity_of_the_sample(french):
    page_map = (FRENCH / "enp_FR.bnf.sample.md").read_text("utf-8")
    assert len(french) == page_map.count("gallica.bnf.fr") == 6
    assert [doc.date for doc in french] == ["1906-04-23"] * 4 + ["1906-07-25"] * 2
    assert french[0].name == "l-ouest-eclair-1906-04-23-p1"
    tokens = sum(len(doc.tokens) for doc in french)
    assert tokens == len((FRENCH / "enp_FR.bnf.sample.bio").read_text("utf-8").splitlines())
    counts = iob_runs(FRENCH / "enp_FR.bnf.sample.bio")
    mentions = actors.gold_mentions(french)
    for label, actor_type in actors.EUROPEANA_TYPES.items():
        assert sum(1 for m in mentions if m.type == actor_type) == counts[label]
    assert set(counts) == set(actors.EUROPEANA_TYPES)  # PER, LOC, ORG: no other type to ignore


def test_french_text_is_the_tokens_spaced_as_written(french):
    for doc in french:
        assert [doc.text[t.start : t.end] for t in doc.tokens] == [t.form for t in doc.tokens]
        assert "  " not in doc.text
        for previous, token in zip(doc.tokens, doc.tokens[1:]):
            spaced = token.start == previous.end + 1
            closing = token.form in (",", ".", ")", "]", "...", "…")
            opening = previous.form.endswith(("'", "’", "(", "["))  # "L'", "d'", '('
            assert spaced == (not closing and not opening), (previous, token)
        for m in doc.mentions:
            assert m.text == doc.text[m.start : m.end] and m.type in actors.TYPES
    page1 = french[0].text
    assert "Rue du Pré-Botté, aS RENNES" in page1  # no space before a comma
    assert "DE LA BRETAGNE & DE L'OUEST" in page1  # nor after an elision


def test_french_documents_read_back_by_annals_as_the_same_text(french, tmp_path):
    for doc in french:
        (tmp_path / f"{doc.name}.txt").write_text(actors.seed_file_text(doc), "utf-8")
    result = read_archive(tmp_path)
    assert not result.rejections
    bodies = {article.path.removesuffix(".txt"): article.body for article in result.articles}
    assert bodies == {
        doc.name: doc.text for doc in french
    }  # NFC-normalised tokens, as Annals reads them


def test_iob_runs_follow_i_tags_of_one_type_and_break_at_b_tags():
    rows = [
        ("M.", "O"),
        ("Jean", "I-PER"),
        ("Jaurès", "I-PER"),
        ("Paul", "B-PER"),  # IOB1: B- only where two entities of one type touch
        ("à", "O"),
        ("Saint-Malo", "I-LOC"),
        ("Mairie", "I-ORG"),  # another type: another entity
        ("de", "I-ORG"),
        ("Rennes", "I-ORG"),
        ("Salon", "I-MISC"),  # not a type the bench scores
    ]
    doc = actors.parse_iob(rows, "doc", "1906-04-23", "")
    assert doc.text == "M. Jean Jaurès Paul à Saint-Malo Mairie de Rennes Salon"
    found = [(m.text, m.type, doc.text[m.head_start : m.head_end]) for m in doc.mentions]
    assert found == [
        ("Jean Jaurès", "person", "Jean"),
        ("Paul", "person", "Paul"),
        ("Saint-Malo", "place", "Saint-Malo"),
        ("Mairie de Rennes", "organization", "Mairie"),
    ]


def test_french_predictions_equal_to_the_gold_score_one_and_a_missed_name_lowers_recall(french):
    mentions = actors.gold_mentions(french)
    perfect = actors.score(french, as_predictions(mentions))
    for scores in [*perfect["by_type"].values(), perfect["micro"]]:
        assert scores["precision"] == scores["recall"] == scores["f1"] == 1.0
    assert perfect["pages_per_actor"] == 1.0
    motte = next(m for m in mentions if m.text == "Eugène Motte")
    n_person = sum(1 for m in mentions if m.type == "person")
    missed = actors.score(french, as_predictions([m for m in mentions if m is not motte]))
    assert missed["by_type"]["person"]["recall"] == pytest.approx((n_person - 1) / n_person)
    assert missed["by_type"]["person"]["precision"] == 1.0
    assert missed["by_type"]["place"]["f1"] == 1.0


def test_french_gold_actors_are_names_across_pages(french):
    rennes = {m.actor for m in actors.gold_mentions(french) if m.text in ("RENNES", "Rennes")}
    assert rennes == {("name", "place", "rennes")}  # capitals and pages aside, one actor
    assert len({m.doc for m in actors.gold_mentions(french) if m.actor in rennes}) > 1


def test_a_french_name_matches_by_the_word_after_its_lower_case_title(french):
    doc = next(d for d in french if "rue de la Tannerie" in d.text)
    street = next(m for m in doc.mentions if m.text == "rue de la Tannerie")
    index = actors.gold_mentions([doc]).index(street)

    def matched(text: str) -> bool:
        start = doc.text.index(text, street.start)
        prediction = actors.Predicted(doc.name, start, start + len(text), "place", text)
        return actors.match([doc], [prediction]).get(index) == 0

    assert doc.text[street.head_start : street.head_end] == "Tannerie"
    assert matched("rue de la Tannerie") and matched("Tannerie")
    assert not matched("rue")


@pytest.mark.slow
def test_evaluate_scores_both_systems_on_the_french_gold(french):
    summary = actors.evaluate(corpus=actors.EUROPEANA_FR)
    assert summary["model"] == "fr_core_news_sm" and summary["documents"] == len(french)
    assert summary["gold_mentions"]["all"] == len(actors.gold_mentions(french))
    for system in summary["systems"].values():
        for actor_type, scores in [*system["by_type"].items(), ("all", system["micro"])]:
            assert scores["tp"] + scores["fn"] == summary["gold_mentions"][actor_type]
        # French names are found: far from nothing, though OCR noise keeps it far from perfect.
        assert 0.2 < system["micro"]["f1"] < 1.0
        assert system["actors_matched"] + system["actors_unmatched"] == summary["gold_actors"]
