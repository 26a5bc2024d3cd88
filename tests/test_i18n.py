"""The site's language (generator/i18n.py): catalogues complete for every message the code and templates say,
the catalogue theme.language picks, and dates as each language writes them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator import i18n

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Every message of the code and the templates, extracted as the README says to (pybabel and babel.cfg)."""
    template = tmp_path_factory.mktemp("pot") / "annals.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "Nn_:1,2",
            "--no-location",
            "-o",
            str(template),
            ".",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as file:
        return read_po(file)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_message_has_a_translation_in_each_catalogue(extracted, language):
    with i18n.catalogue_path(language).open("rb") as file:
        catalogue = read_po(file, locale=language)
    ids = [message.id for message in extracted if message.id]
    assert len(ids) > 140  # the templates', the code's and the theme's messages
    untranslated = []
    for message_id in ids:
        found = catalogue.get(message_id if isinstance(message_id, str) else message_id[0])
        strings = found.string if found else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if not found or found.fuzzy or not all(strings):
            untranslated.append(message_id)
    assert untranslated == []
    # Nothing the code no longer says, or says where extraction misses it (a message must be the literal argument
    # of _, ngettext, N_ or Nn_).
    said = {message_id if isinstance(message_id, str) else message_id[0] for message_id in ids}
    assert [
        m.id for m in catalogue if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in said
    ] == []
    # The doubts page's reasons and the feeds' own words are among them.
    for words in (
        "named once, and %(why)s. If it is no actor, ignore it.",
        "a near-duplicate of %(actor)s: %(how)s. If they are one actor, merge them.",
        "Articles in %(site)s that mention %(name)s.",
        "%(num)d new actor",
    ):
        assert words in said, words
    # Placeholders as in the English (Babel's own checks: python-format, plural forms).
    assert [(message.id, errors) for message, errors in catalogue.check()] == []


def test_the_english_catalogue_says_what_the_code_says():
    with i18n.catalogue_path("en").open("rb") as file:
        catalogue = read_po(file, locale="en")
    assert all(message.string == message.id for message in catalogue if message.id), (
        "English messages are written in the code and templates; reword them there"
    )


def test_the_catalogue_follows_theme_language_and_english_stands_in_for_the_others():
    assert i18n.catalogue_languages() == ("en", "fr")
    assert [
        i18n.site_language(code)
        for code in ("fr", "FR", "fr-CA", "fr_BE", "en", None, "de", "pt-BR")
    ] == ["fr", "fr", "fr", "fr", "en", "en", "en", "en"]
    assert i18n.unknown_language_notice("fr") == i18n.unknown_language_notice("en-GB") == ""
    assert "'de'" in i18n.unknown_language_notice(
        "de"
    ) and "in English" in i18n.unknown_language_notice("de")


def test_dates_and_month_names_are_the_languages_own():
    day = dt.date(2026, 12, 2)
    assert [i18n.format_day(day, language) for language in ("en", "fr")] == [
        "2 December 2026",
        "2 décembre 2026",
    ]
    assert [i18n.format_month(day, language) for language in ("en", "fr")] == [
        "December 2026",
        "décembre 2026",
    ]
    assert i18n.month_name(dt.date(2012, 8, 1), "fr") == "août"
    assert i18n.weekday_abbreviations("en") == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    assert i18n.weekday_abbreviations("fr")[0] == "lun."


def test_translated_words_never_let_article_text_become_markup():
    from generator.render import render_template

    hostile = "<script>alert(1)</script>"
    page = render_template(
        "group.md.j2",
        "fr",
        kind=__import__("generator.render", fromlist=["TAGS"]).TAGS,
        group=hostile,
        articles=[],
        up="../",
    )
    assert hostile not in page and "0 article étiqueté &lt;script&gt;" in page
