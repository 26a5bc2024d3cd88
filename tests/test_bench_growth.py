"""bench/growth.py: the benchmark's archives bring new actors as the corpus does. Heaps' law fitted on a curve
that follows it; names replaced in real Wikinews sentences keep their forms; and copies of real articles, renamed
by a plan and annotated and resolved by the real pipeline, name the new actors the plan minted."""

from __future__ import annotations

import re

import pytest

from bench.growth import (
    CorpusActor,
    Identity,
    RenamingPlan,
    corpus_curve,
    corpus_model,
    heaps_fit,
    renamed_form,
    replace_forms,
)

from conftest import CORPUS, SEED, needs_corpus

# From ../shared/corpus/wikinews/2019/2019-01-04-nancy-pelosi-again-elected-speaker-as-116th-u-s-congress-sworn-in.md
PELOSI = (
    "Guests at the swearing in included Pelosi's grandchildren and such celebrities as fashion designer Tim Gunn and"
    " Grateful Dead drummer Mickey Hart."
)


def test_heaps_fit_recovers_the_law_a_curve_follows():
    curve = [round(19.4 * n**0.92) for n in range(1, 300)]
    k, beta = heaps_fit(curve)
    assert abs(beta - 0.92) < 0.005 and abs(k - 19.4) < 0.5


def test_the_curve_counts_distinct_actors_in_date_order():
    from bench.growth import CorpusArticle

    articles = [
        CorpusArticle("b.md", "2019-02-01", (("trump", ()), ("pelosi", ()))),
        CorpusArticle("a.md", "2019-01-01", (("trump", ()),)),
        CorpusArticle("c.md", "2019-03-01", (("pelosi", ()), ("schumer", ()))),
    ]
    assert corpus_curve(articles) == [1, 2, 3]


def test_a_renamed_person_keeps_the_form_it_was_written_in():
    new = Identity("person", "Anna Kowalski", ("Anna", "Kowalski"))
    assert renamed_form("Nancy Pelosi", "Nancy Pelosi", new) == "Anna Kowalski"
    assert renamed_form("Pelosi", "Nancy Pelosi", new) == "Kowalski"
    assert renamed_form("Speaker Pelosi", "Nancy Pelosi", new) == "Speaker Kowalski"
    assert renamed_form("Nancy Patricia Pelosi", "Nancy Patricia Pelosi", new) == "Anna Kowalski"
    assert renamed_form("Nancy Pelosi", "Nancy Patricia Pelosi", new) == "Anna Kowalski"
    assert (
        renamed_form(
            "NATO",
            "North Atlantic Treaty Organization",
            Identity("organization", "Merritt Treaty Organization"),
        )
        == "MTO"
    )


def test_forms_are_replaced_in_one_pass_longest_first_at_word_boundaries():
    replacements = {
        "Nancy Pelosi": "Anna Kowalski",
        "Pelosi": "Kowalski",
        "Tim Gunn": "Jan Berg",
        "Gunn": "Berg",
        "Anna": "never",
    }
    text = replace_forms(PELOSI + " Nancy Pelosi thanked Gunn; Pelosian is no name.", replacements)
    assert text == (
        "Guests at the swearing in included Kowalski's grandchildren and such celebrities as fashion designer Jan Berg"
        " and Grateful Dead drummer Mickey Hart. Anna Kowalski thanked Berg; Pelosian is no name."
    )


@pytest.fixture(scope="module")
def congress_model(congress_archive):
    return corpus_model(congress_archive)


def plan_of(model, k: float, beta: float = 0.9) -> RenamingPlan:
    actors, articles = model
    return RenamingPlan(actors, articles, k, beta)


def source_text(path: str) -> str:
    """The text of a file of the Congress archive (its seeds are flat: the file's name)."""
    return (SEED if path == SEED.name else CORPUS / "2019" / path).read_text("utf-8")


def test_a_plan_mints_the_actors_its_curve_asks_for_and_the_same_names_every_time(congress_model):
    plan = plan_of(congress_model, k=12.0)
    n = len(plan.articles)
    for index in range(n, 4 * n):
        plan.renaming(index)
    assert plan.corpus_actors + plan.minted == round(plan.planned(4 * n))
    assert plan.minted > 2 * n  # several new actors per copy
    again = plan_of(congress_model, k=12.0)
    last = 4 * n - 1
    assert {slug: i.name for slug, i in again.renaming(last).items()} == {
        slug: i.name for slug, i in plan.renaming(last).items()
    }
    assert all(not plan.renaming(index) for index in range(n)), (
        "the corpus's own articles are left as they are"
    )


@needs_corpus
def test_a_renamed_copy_writes_the_new_name_in_every_form_of_the_old(congress_model):
    plan = plan_of(
        congress_model, k=200.0
    )  # enough new actors that every renamable actor of a copy is renamed
    n = len(plan.articles)
    pelosi = next(i for i, a in enumerate(plan.articles) if "nancy-pelosi-again-elected" in a.path)
    index = n + pelosi
    new = plan.renaming(index)["nancy-pelosi"]
    renamed = plan.rename(index, source_text(plan.articles[pelosi].path))
    assert not re.search(r"\bPelosi\b", renamed)
    assert f"{new.name} " in renamed  # 'Nancy Pelosi' as the full new name
    assert f"included {new.tokens[1]}'s grandchildren" in renamed


def test_renamed_copies_bring_new_actors_that_the_pipeline_finds(congress_model, tmp_path):
    """Copies of the Congress articles, renamed, read, annotated and resolved as a build does: the people the plan
    minted are actors of the archive under their new names."""
    from generator.pipeline import BuildSettings, build_archive

    plan = plan_of(congress_model, k=40.0)
    n = len(plan.articles)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for index in range(n):
        path = plan.articles[index].path
        (seeds / path).write_text(source_text(path), "utf-8")
        (seeds / f"copy-{path}").write_text(plan.rename(n + index, source_text(path)), "utf-8")
    settings = BuildSettings(
        seeds=seeds,
        entities=None,
        model="en_core_web_sm",
        cache_dir=tmp_path / "cache",
        pages_dir=tmp_path / "pages",
    )
    archive = build_archive(settings).archive
    assert len(archive.articles) == 2 * n
    names = {actor.name for actor in archive.actors}
    people = {
        i.name
        for index in range(n, 2 * n)
        for i in plan.renaming(index).values()
        if i.type == "person"
    }
    assert len(people) >= 10 and len(people & names) >= 0.8 * len(people), sorted(people - names)
    assert len(archive.actors) > 1.5 * plan.corpus_actors


def test_only_actors_named_as_names_and_labelled_alike_are_renamed():
    assert CorpusActor("nancy-pelosi", "Nancy Pelosi", "person", 3, "PERSON").renamable
    assert CorpusActor("bank-of-england", "Bank of England", "organization", 1, "ORG").renamable
    assert not CorpusActor("per-cubic-meter", "per cubic meter", "person", 1, "PERSON").renamable
    assert not CorpusActor("antarctic", "Antarctic", "organization", 2, "LOC").renamable
    assert not CorpusActor("mars", "Mars", "place", 1, "LOC").renamable  # towns and countries only
