"""The site's language: Annals' own words on its pages come from gettext catalogues, and its dates from CLDR.

A catalogue is `locale/<language>/LC_MESSAGES/annals.po`, kept as the text translators edit and compiled when first
needed (Babel reads the .po and writes the .mo in memory: a few milliseconds, once per build process), so a clean
clone installed with `pip install -e .` has nothing to compile and no binary file to keep in step. The site's
language is MkDocs' `theme.language` (Material's setting); a language with no catalogue gets English, which every
message is written in. Dates are formatted by Babel with patterns the catalogues translate too ('d MMMM y' in
English and French, as another language may order its dates otherwise), in the language of the catalogue used, so
a page never mixes an English sentence with a French date. URLs never depend on any of it.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.dates import format_date, get_day_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "annals"
SOURCE_LANGUAGE = "en"  # the language the messages are written in, in the code and the templates


def N_(message: str) -> str:
    """Marks a message for extraction where it is declared (model.TYPE_LABELS); it is translated where it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with its plural for extraction where it is declared (render.GroupKind)."""
    return singular, plural


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_languages() -> tuple[str, ...]:
    """The languages Annals has a catalogue for ('en', 'fr'), sorted."""
    return tuple(
        sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    )


def site_language(theme_language: str | None) -> str:
    """The catalogue for `theme.language`: its own ('fr'), else its language's without the region or script
    ('fr' for 'fr-CA'), else English."""
    wanted = (theme_language or SOURCE_LANGUAGE).replace("_", "-").lower()
    available = {language.lower(): language for language in catalogue_languages()}
    for candidate in (wanted, wanted.split("-")[0]):
        if candidate in available:
            return available[candidate]
    return SOURCE_LANGUAGE


def unknown_language_notice(theme_language: str | None) -> str:
    """What to say when `theme.language` has no catalogue ('' when it has one)."""
    if site_language(theme_language) != SOURCE_LANGUAGE or str(theme_language or "").lower().split(
        "-"
    )[0] in (
        "",
        SOURCE_LANGUAGE,
    ):
        return ""
    return (
        f"theme.language is {theme_language!r}, for which Annals has no catalogue (it has "
        f"{', '.join(catalogue_languages())}): its pages' own words and dates are in English. To add one, see "
        "'More than one language' in the README"
    )


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of `language` compiled from its .po; for a language without one, the messages as written."""
    path = catalogue_path(language)
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def gettext_of(language: str) -> Callable[[str], str]:
    return translations(language).gettext


# The CLDR patterns of the dates Annals writes, translated by each catalogue: msgids, in English's own order.
DAY_PATTERN = N_("d MMMM y")  # 2 December 2026
MONTH_PATTERN = N_("LLLL y")  # December 2026 (L: the month's name standing alone, as a title is)
MONTH_NAME_PATTERN = N_("LLLL")  # December


def format_pattern(date: dt.date, pattern: str, language: str) -> str:
    return format_date(date, translations(language).gettext(pattern), locale=language)


def format_day(date: dt.date, language: str = SOURCE_LANGUAGE) -> str:
    return format_pattern(date, DAY_PATTERN, language)


def format_month(date: dt.date, language: str = SOURCE_LANGUAGE) -> str:
    return format_pattern(date, MONTH_PATTERN, language)


def month_name(date: dt.date, language: str = SOURCE_LANGUAGE) -> str:
    return format_pattern(date, MONTH_NAME_PATTERN, language)


@cache
def weekday_abbreviations(language: str = SOURCE_LANGUAGE) -> tuple[str, ...]:
    """Monday to Sunday, abbreviated as the language does ('Mon', 'lun.'): a month calendar's column heads."""
    names = get_day_names("abbreviated", locale=language)
    return tuple(names[day] for day in range(7))  # Babel numbers the days from Monday, 0
