"""Tests for generator.names: display forms, comparison keys and URL slugs, on surface forms from real articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.names import MAX_SLUG_LENGTH, clean_surface, fold_diacritics, make_slug, name_key

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_e2b6ca9178d6fb5e.txt"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(
            f"shared test data not found: {SEED} (expected the 'shared' folder next to the repo)"
        )
    return SEED.read_text("utf-8")


@pytest.mark.parametrize(
    "form, display",
    [
        ("the United States", "United States"),
        ("Russia’s", "Russia"),
        ("& S-400", "S-400"),
        ("U.S.", "U.S."),
        ("Vladimir Putin", "Vladimir Putin"),
        (
            "NATO Secretary General Jens Stoltenberg",
            "NATO Secretary General Jens Stoltenberg",
        ),  # titles are not trimmed
    ],
)
def test_clean_surface_of_forms_as_the_seed_writes_them_stays_inside_the_text(
    seed_text, form, display
):
    """The resolver cuts a mention down to its cleaned form by finding it in the span it cleaned: the display must be
    the form's own text, trimmed, never rewritten, and keep its key."""
    start = seed_text.index(form)  # each form is written so in the seed article
    assert clean_surface(form) == display
    assert display in seed_text[start : start + len(form)]
    assert name_key(display) == name_key(form)


@pytest.mark.parametrize(
    "surface, display",
    [
        ("the United States", "United States"),
        ("The United States", "United States"),
        ("Putin’s", "Putin"),
        ("Putin's", "Putin"),
        ("Russia’s", "Russia"),
        ("& S-400", "S-400"),
        ("U.S.", "U.S."),  # the final dot belongs to the abbreviation
        ("Erdoğan", "Erdoğan"),  # display keeps the diacritics
        ("Volodomyr Zelenskiy,", "Volodomyr Zelenskiy"),
        ("“NATO”", "NATO"),
        ("Jens\n  Stoltenberg ", "Jens Stoltenberg"),
        ("Federal Security Service (FSB)", "Federal Security Service (FSB)"),
    ],
)
def test_clean_surface(surface, display):
    assert clean_surface(surface) == display


def test_clean_surface_only_drops_the_whole_word_the():
    assert clean_surface("Theresa May") == "Theresa May"
    assert clean_surface("Thessaloniki") == "Thessaloniki"


@pytest.mark.parametrize(
    "forms",
    [
        ["the United States", "United States", "UNITED STATES", "The United States’"],
        ["U.S.", "US", "U.S", "the U.S."],
        ["Erdoğan", "Erdogan", "ERDOĞAN"],
        ["Putin’s", "Putin's", "Putin"],
        ["& S-400", "S-400", "s-400"],
        ["Kremlin", "the Kremlin", "Kremlin’s"],
        ["Łódź", "Lodz", "ŁÓDŹ"],  # ł has no accent to strip: it is transliterated
        ["Søren Jessen-Petersen", "Soren Jessen-Petersen"],
        ["Paweł Adamowicz", "Pawel Adamowicz"],
        ["Æsir", "Aesir"],
    ],
)
def test_name_key_brings_spellings_of_one_name_together(forms):
    keys = {name_key(form) for form in forms}
    assert len(keys) == 1, keys


def test_name_key_values():
    assert name_key("the United States") == "united states"
    assert name_key("U.S.") == "us"
    assert name_key("Erdoğan") == "erdogan"
    assert name_key("& S-400") == "s-400"  # the hyphen is part of the name


@pytest.mark.parametrize(
    "first, second",
    [
        ("Russia", "Russian"),
        ("Johnson", "Boris Johnson"),
        ("S-400", "Su-35"),
        ("Ukraine", "Ukrainian"),
        (
            "Путин",
            "Putin",
        ),  # only Latin letters are transliterated: another script is another spelling
        ("北京", "Beijing"),
    ],
)
def test_name_key_keeps_different_names_apart(first, second):
    assert name_key(first) != name_key(second)


def test_fold_diacritics():
    assert fold_diacritics("Erdoğan") == "Erdogan"
    assert fold_diacritics("Rosselló Vázquez") == "Rossello Vazquez"
    assert fold_diacritics("Erdog\u0306an") == "Erdogan"  # already decomposed
    assert fold_diacritics("Łódź, Søren, Đoković") == "Lodz, Soren, Dokovic"
    assert fold_diacritics("Путин, 北京") == "Путин, 北京"


@pytest.mark.skipif(
    not (SHARED / "corpus").is_dir(), reason=f"shared corpus not found at {SHARED / 'corpus'}"
)
def test_a_name_written_with_and_without_its_polish_letters_is_one_actor(tmp_path):
    """The corpus's report of the Gdańsk mayor's stabbing names him 'Paweł Adamowicz'; a wire copy of its first
    sentence in ASCII, as English-language agencies often write it, names 'Pawel Adamowicz'. One actor, whose
    page keeps the URL his name's slug already had."""
    from generator.pipeline import BuildSettings, build_archive

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    report = (
        SHARED
        / "corpus"
        / "wikinews"
        / "2019"
        / "2019-01-14-arrest-made-as-mayor-of-gdansk-poland-stabbed-on-stage.md"
    )
    (seeds / report.name).write_bytes(report.read_bytes())
    (seeds / "2019-01-15-wire.txt").write_text(
        "date 2019-01-15 An individual has been arrested after Pawel Adamowicz, mayor of the Polish city of Gdansk, "
        "was stabbed last night whilst on stage at a fundraising event.\n",
        "utf-8",
    )
    settings = BuildSettings(
        seeds=seeds,
        entities=None,
        model="en_core_web_sm",
        cache_dir=tmp_path / "cache",
        pages_dir=tmp_path / "pages",
    )
    archive = build_archive(settings).archive
    (mayor,) = [actor for actor in archive.actors if "adamowicz" in actor.slug]
    assert mayor.slug == "pawel-adamowicz"
    assert {m.text for m in mayor.mentions} >= {"Paweł Adamowicz", "Pawel Adamowicz"}
    assert {m.article for m in mayor.mentions} == {article.slug for article in archive.articles}


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Vladimir Putin", "vladimir-putin"),  # the DESIGN.md example
        ("Erdoğan", "erdogan"),
        ("Łódź", "lodz"),
        ("NATO", "nato"),
        ("S-400", "s-400"),
    ],
)
def test_make_slug_examples(name, slug):
    assert make_slug(name) == slug


def test_make_slug_of_a_500_character_name_is_bounded_and_cut_between_words(seed_text):
    body = re.sub(r"\A\s*date\s+\S+\s+", "", seed_text)
    name = " ".join(body.split())[:500]  # 500 characters of real text after the header
    assert len(name) == 500
    slug = make_slug(name)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert SLUG_PATTERN.match(slug)
    full = make_slug(name, max_length=0)
    assert len(full) > MAX_SLUG_LENGTH
    assert full.startswith(slug)
    assert full[len(slug)] == "-", "the slug must end at a word boundary"
    assert slug.startswith("high-stakes-talks-between-russia")


def test_make_slug_respects_a_smaller_limit():
    slug = make_slug(
        "Turkish President Recep Tayyip Erdogan met with Ukrainian President Volodomyr Zelenskiy",
        20,
    )
    assert len(slug) <= 20
    assert SLUG_PATTERN.match(slug)


@pytest.mark.parametrize(
    "hostile",
    [
        "",
        "   ",
        "!!!",
        "…",
        "—",
        "🇷🇺",
        "..",
        ".",
        "../../etc/passwd",
        "a/b",
        "\\..\\windows",
        "C:\\x",
        "%2e%2e%2f",
        "\x00",
        "北京",
    ],
)
def test_make_slug_is_never_empty_and_never_a_path(hostile):
    slug = make_slug(hostile)
    assert slug
    assert SLUG_PATTERN.match(slug), slug
    assert "/" not in slug and "\\" not in slug and ".." not in slug


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_make_slug_property(text):
    slug = make_slug(text)
    assert 0 < len(slug) <= MAX_SLUG_LENGTH
    assert slug.isascii()
    assert SLUG_PATTERN.match(slug), slug


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .’'&-", max_size=60))
def test_name_key_never_depends_on_case(text):
    assert name_key(text.upper()) == name_key(text.lower())
