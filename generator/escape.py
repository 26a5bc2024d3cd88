"""The escaping policy for untrusted text (articles, front matter, entities.yml): every piece reaches a page only
as inert HTML, with characters that could hide or reorder text shown as visible code points, and reaches JSON
exports with <, > and & escaped so the file stays inert even if served as HTML. Links are kept only when they are
plainly http(s)."""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Iterable, Iterator

from markupsafe import Markup

# Characters that could hide or reorder text (bidi overrides, zero-width marks) or collide with Markdown's
# internal placeholders (C0 controls); they are shown as visible code points instead.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]"
)


# Line breaks in editorial text (a description in entities.yml) would let a line start a Markdown block.
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def escape_text(text: str) -> Markup:
    """Untrusted text as inert HTML: markup escaped, invisible and control characters made visible."""
    return Markup(html.escape(visible_text(text), quote=True))


def visible_text(text: str) -> str:
    """Plain text with escape_text's policy for invisible and control characters and line breaks, and no HTML
    escaping: for places that escape text themselves (JSON-LD, the search index). It was escape_text's HTML
    unescaped again, which gives the same text (tested) at twice the cost, for every sentence Pagefind indexes."""
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", _LINE_BREAKS.sub(" ", text))


def safe_href(url: str) -> str:
    """An external link only when it is plainly http(s); anything else (javascript:, data:) is no link."""
    url = url.strip()
    if re.match(
        r"^https?://[^\s<>\"'\x00-\x1f\x7f]+$", url, re.IGNORECASE
    ) and not _INVISIBLE.search(url):
        return url
    return ""


def json_export(data) -> str:
    """Deterministic JSON; <, > and & are \\u-escaped so the file is inert even if served as HTML. A list is written
    one item a line, each without spaces: as easy to read and diff line by line as an indented file, at half its
    size."""
    if isinstance(data, list):
        return "".join(iter_json_export(data))
    return inert_json(compact_json(data)) + "\n"


# Items of a list a piece of iter_json_export holds.
JSON_ITEMS_PER_PIECE = 1000


def iter_json_export(items: Iterable) -> Iterator[str]:
    """json_export of a list, in pieces made as the items come: the exports that grow with the archive (an entry
    per actor, per article) are not held whole, as data or as text."""
    items = iter(items)
    piece = list(itertools.islice(items, JSON_ITEMS_PER_PIECE))
    if not piece:
        yield "[]\n"
        return
    opening = "[\n"
    while piece:
        yield inert_json(opening + ",\n".join(map(compact_json, piece)))
        opening = ",\n"
        piece = list(itertools.islice(items, JSON_ITEMS_PER_PIECE))
    yield "\n]\n"


def inert_json(text: str) -> str:
    """JSON text with <, > and & \\u-escaped, and bidi and zero-width characters, exact in the data, written as
    escapes a viewer cannot hide."""
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _INVISIBLE.sub(lambda m: json_escape(m.group()), text)


def compact_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_escape(char: str) -> str:
    """A character as a JSON \\u escape (a surrogate pair beyond the Basic Multilingual Plane)."""
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


# Characters XML 1.0 cannot hold at all (C0 controls but tab, newline, return; lone surrogates; U+FFFE/U+FFFF),
# and invisible ones that hide or reorder text (bidi overrides, zero-width marks) as in render.escape_text.
_UNSAFE_IN_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def xml_text(text: str) -> str:
    """Text XML can carry and a reader sees as it is: unsafe or invisible characters as visible code points."""
    return _UNSAFE_IN_XML.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
