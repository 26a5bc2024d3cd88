"""Tests for the top-150 regression set of bench/actors.py: the labelled file and the scorer, on small hand-made
archives (one page per failure mode). No spaCy, no corpus: the scorer takes pages, the file is in the repo."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import actors  # noqa: E402
from bench.actors import Label, Page  # noqa: E402

TRUMP = Label("Donald Trump", "person", ("Donald Trump", "Trump"))
BIDEN = Label("Joe Biden", "person", ("Joe Biden", "Biden"))
COVID = Label("COVID-19", "other", ("COVID-19",))
COVID_SHORT = Label("COVID", "other", ("COVID",), same_as="COVID-19")
JUNK = Label("anti-Muslim", "", ("anti-Muslim",), not_actor=True)


def verdicts(labels: list[Label], pages: list[Page]) -> dict[str, str]:
    return {
        entry["entry"]: entry["verdict"] for entry in actors.score_top150(labels, pages)["wrong"]
    }


# ---------------------------------------------------------------- the labelled file


@pytest.fixture(scope="module")
def labels() -> list[Label]:
    return actors.load_labels()


def test_the_file_has_150_entries_each_named_once(labels):
    assert len(labels) == 150
    assert len({label.name for label in labels}) == 150


def test_every_actor_entry_has_a_type_of_the_design_and_junk_has_none(labels):
    for label in labels:
        if label.not_actor:
            assert label.type == ""
        else:
            assert label.type in ("person", "organization", "place", "group", "event", "other"), (
                label
            )


def test_same_as_points_at_an_actor_entry_that_is_no_alias_itself(labels):
    by_name = {label.name: label for label in labels}
    for label in labels:
        if label.same_as:
            target = by_name[label.same_as]
            assert not target.not_actor and not target.same_as, label
            assert target.type == label.type, label


def test_no_surface_name_belongs_to_two_actors(labels):
    groups = actors.label_groups(labels)
    owner: dict[str, str] = {}
    for root, group in groups.items():
        for name in {actors.fold(n) for label in group for n in label.names}:
            assert owner.setdefault(name, root) == root, (name, owner[name], root)


def test_known_labels_say_what_is_true_not_what_the_pipeline_made(labels):
    by_name = {label.name: label for label in labels}
    assert by_name["Brexit"].type == "event"
    assert (
        by_name["Don Blankenship"].type == "person"
        and "Blankenship" in by_name["Don Blankenship"].names
    )
    assert by_name["Democrats"].same_as == "Democratic Party"
    assert by_name["anti-Muslim"].not_actor


def test_a_bad_type_or_same_as_is_refused(tmp_path):
    path = tmp_path / "labels.yml"
    path.write_text("- {name: Sun, type: star}\n", "utf-8")
    with pytest.raises(ValueError, match="star"):
        actors.load_labels(path)
    path.write_text("- {name: COVID, type: other, same_as: COVID-19}\n", "utf-8")
    with pytest.raises(ValueError, match="COVID-19"):
        actors.load_labels(path)


# ---------------------------------------------------------------- the scorer


def test_an_entry_on_one_page_of_its_type_is_right_whatever_name_case_and_accents():
    pages = [
        Page("donald-trump", "Donald Trump", "person", ("Trump", "Trump's")),
        Page("joe-biden", "joe BIDEN", "person", ()),
    ]
    score = actors.score_top150([TRUMP, BIDEN], pages)
    assert score["wrong"] == [] and score["percent_right"] == 100.0
    assert score["pages_per_real_actor"] == 1.0


def test_a_wrong_type_is_wrong():
    assert verdicts([TRUMP], [Page("donald-trump", "Donald Trump", "place", ())]) == {
        "Donald Trump": "wrong type"
    }


def test_a_surname_page_beside_the_full_name_is_a_split_and_counts_two_pages():
    pages = [
        Page("donald-trump", "Donald Trump", "person", ()),
        Page("trump", "Trump", "person", ()),
    ]
    score = actors.score_top150(
        [TRUMP, BIDEN], pages + [Page("joe-biden", "Joe Biden", "person", ())]
    )
    assert {e["entry"]: e["verdict"] for e in score["wrong"]} == {"Donald Trump": "split"}
    assert score["pages_per_real_actor"] == 1.5


def test_same_as_entries_on_two_pages_are_both_wrong_and_on_one_page_both_right():
    two = [Page("covid-19", "COVID-19", "other", ()), Page("covid", "COVID", "other", ())]
    assert verdicts([COVID, COVID_SHORT], two) == {"COVID-19": "split", "COVID": "split"}
    one = [Page("covid-19", "COVID-19", "other", ("COVID",))]
    assert verdicts([COVID, COVID_SHORT], one) == {}


def test_a_page_for_a_non_actor_is_junk_and_its_absence_is_right():
    assert verdicts([JUNK], [Page("anti-muslim", "anti-Muslim", "group", ())]) == {
        "anti-Muslim": "junk page"
    }
    assert verdicts([JUNK], [Page("muslims", "Muslims", "group", ("Muslim",))]) == {}


def test_an_actor_no_page_carries_is_missing():
    score = actors.score_top150([TRUMP, BIDEN], [Page("joe-biden", "Joe Biden", "person", ())])
    assert {e["entry"]: e["verdict"] for e in score["wrong"]} == {"Donald Trump": "missing"}
    assert score["pages_per_real_actor"] == 1.0 and score["real_actors"] == 2


def test_a_page_found_by_another_name_only_must_still_be_titled_by_a_name_of_the_actor():
    pages = [Page("president", "President", "person", ("Trump",))]
    assert verdicts([TRUMP], pages) == {"Donald Trump": "wrong name"}


def test_another_persons_surname_or_another_labelled_actors_page_is_no_split():
    pages = [
        Page("donald-trump", "Donald Trump", "person", ()),
        Page("melania-trump", "Melania Trump", "person", ("Trump",)),  # her surname, written alone
        Page("joe-biden", "Joe Biden", "person", ("Trump",)),  # the page of another labelled actor
    ]
    assert verdicts([TRUMP, BIDEN], pages) == {}


def test_an_ambiguous_name_makes_a_page_only_as_its_title():
    poles = Label("Poles", "group", ("Poles", "Polish"), ambiguous=("Polish",))
    polish = Page("polish", "Polish", "group", ())
    assert verdicts([poles], [polish, Page("poland", "Poland", "place", ("Polish",))]) == {}
    assert verdicts([poles], [polish, Page("poles", "Poles", "group", ())]) == {"Poles": "split"}


def test_fold_ignores_case_diacritics_dots_the_and_possessives():
    assert actors.fold("the U.S.'s") == actors.fold("US")
    assert actors.fold("Erdoğan") == actors.fold("erdogan")
    assert actors.fold("Washington, D.C.") == actors.fold("Washington DC")
    assert actors.fold("The") == "the"


def test_wrong_entries_come_most_mentioned_first():
    pages = [
        Page("donald-trump", "Donald Trump", "place", (), 400),
        Page("joe-biden", "Joe Biden", "place", (), 200),
    ]
    score = actors.score_top150([BIDEN, TRUMP], pages)
    assert [e["entry"] for e in score["wrong"]] == ["Donald Trump", "Joe Biden"]


def test_the_report_names_each_wrong_actor_once_under_its_kind():
    pages = [Page("covid-19", "COVID-19", "other", (), 84), Page("covid", "COVID", "other", (), 24)]
    lines = actors.top150_lines(actors.score_top150([COVID, COVID_SHORT, JUNK], pages), limit=10)
    assert (
        "33.3 % right (1 of 3; target ≥ 95 %)" in lines[0]
        and "pages per real actor 2.000" in lines[0]
    )
    assert "  split: 2 entries, 1 actors" in lines
    assert sum("COVID-19 (other) [entries COVID, COVID-19]" in line for line in lines) == 1
    assert "  junk page" not in "\n".join(lines)
