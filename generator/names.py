"""Name normalisation shared by the stages: the key two surface forms must share to be the same name, and URL slugs."""

from __future__ import annotations

import re
import unicodedata

from slugify import slugify

# Longest slug we emit: a 500-character name must still give a short, valid path segment.
MAX_SLUG_LENGTH = 80

_POSSESSIVE = re.compile(r"[’'](s)?$", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(the)\s+", re.IGNORECASE)
_EDGE_JUNK = re.compile(r"^[^\w]+|[^\w.)]+$")
_SPACES = re.compile(r"\s+")


def fold_diacritics(text: str) -> str:
    """`Erdoğan` → `Erdogan`: strip combining marks so spellings with and without accents meet."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_surface(text: str) -> str:
    """The display form of a mention: no leading 'the', possessive 's, stray edge punctuation or doubled spaces."""
    cleaned = _SPACES.sub(" ", text).strip()
    cleaned = _LEADING_ARTICLE.sub("", cleaned)
    cleaned = _POSSESSIVE.sub("", cleaned)
    cleaned = _EDGE_JUNK.sub("", cleaned)
    return cleaned.strip()


def name_key(text: str) -> str:
    """The comparison key of a name: case, diacritics, dots, 'the' and possessives never separate two names."""
    cleaned = fold_diacritics(clean_surface(text)).casefold()
    cleaned = cleaned.replace(".", "")
    cleaned = re.sub(r"[^\w\s-]", " ", cleaned)
    return _SPACES.sub(" ", cleaned).strip()


def make_slug(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Lowercase ASCII, hyphen-separated, cut at a word boundary when long; never empty."""
    text = text.replace("’", "'")  # O’Brien and O'Brien are one name, so one slug
    slug = slugify(text, max_length=max_length, word_boundary=True, save_order=True)
    return slug or "untitled"
