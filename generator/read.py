"""Reading input: find article files under the seeds folder, decode and parse them into `Article` values.

Two formats are read: plain text in the seed format (` date YYYY-MM-DD` then the body) and Markdown with
YAML front matter. A file that cannot be built is returned as a `Rejection` with its reason, never dropped
silently; input files are only ever opened for reading.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import hashlib
import html
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import ftfy
import yaml

from .model import Article, Block, Rejection
from .names import MAX_SLUG_LENGTH, make_slug
from .progress import log

MARKDOWN_SUFFIXES = {".md", ".markdown"}
# Editors and operating systems leave these behind; they are never articles.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
TITLE_MAX_CHARS = 90
SUBHEADING_MAX_CHARS = 80
ARTICLE_SLUG_MAX_CHARS = 60

# ' date 2019-01-04 …': the value must hold a digit, so a text opening with 'Date palms …' is text, not a bad date.
_SEED_DATE = re.compile(r"\A\s*date\s+(\S*\d\S*)[ \t]*", re.IGNORECASE)
# A date as people write it: ISO (2019-01-04) or compact (20190104), optionally with a time and an offset.
_DATE_VALUE = re.compile(
    r"\A(\d{4})(-?)(\d{2})\2(\d{2})(?:[T ]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?\Z",
    re.IGNORECASE,
)
# A date in the path: 2019-01-04 anywhere in a segment, or folders 2019/01/04/; the last one (nearest the file) wins.
_PATH_DATE = re.compile(r"(?<!\d)(\d{4})(?:-(\d{2})-|/(\d{2})/)(\d{2})(?!\d)")
_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(]*[A-Z0-9]|\s*$)")
# Words ending in a dot that do not end a sentence: initials ('U.S.', 'Brian T.') and common abbreviations.
# Wikinews-style datelines that open an article: 'Friday, January 4, 2019'.
_DATELINE = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+\d{1,2},\s+\d{4}\s*"
)
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]\Z")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen gov sen rep prof rev lt col sgt capt no vs jan feb mar apr jun jul aug sep sept oct nov dec inc corp ltd co".split()
)
_FINAL_PUNCTUATION = tuple(".!?:;,\"'”’)]…")
_PINNED_SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# An earlier URL of the article, as a folder path under the site: what a static server can answer with a page.
_REDIRECT_PATH = re.compile(r"\A(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\Z")
# A BCP 47 language tag: language, then optional script, region and variants ('en', 'pt-BR', 'sr-Latn-RS').
_LANGUAGE_TAG = re.compile(
    r"\A([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|[0-9]{3}))?((?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)\Z",
    re.IGNORECASE,
)
_MARKDOWN_HEADING = re.compile(r"\A#{1,6}\s+(.*?)\s*#*\s*\Z")
# Front matter keys Annals reads; any other is named in a warning (README, Input). `license` is accepted and kept
# out of the pages: the Wikinews corpus gives every article one.
FRONT_MATTER_KEYS = (
    "author",
    "date",
    "draft",
    "lang",
    "license",
    "redirect_from",
    "slug",
    "source",
    "tags",
    "title",
    "updated",
    "url",
)


class FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML that keeps dates as text, so `parse_date` checks them and names the value when impossible.
    libyaml's parser, where PyYAML has it, reads front matter many times faster."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class InputError(Exception):
    """A file that cannot be read as an article; `line` is 1-based where one applies."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class ParsedFile:
    """One input file read as an article, with the warnings its front matter gave (it is built all the same)."""

    article: Article
    warnings: tuple[Rejection, ...] = ()
    draft: bool = False  # `draft: true`: kept out of the site
    pinned: bool = False  # the slug is the front matter's `slug:`


@dataclass(frozen=True)
class ReadResult:
    """Every article that could be read, and every file that could not, with its reason."""

    articles: tuple[Article, ...]
    rejections: tuple[Rejection, ...]
    drafts: tuple[str, ...] = ()  # input paths of the articles marked `draft: true`, left out


def find_input_files(seeds_dir: Path) -> list[Path]:
    """Every file to read under `seeds_dir`, recursively, in a fixed order (hidden files and folders skipped)."""
    return scan_seeds(seeds_dir).files


@dataclass(frozen=True)
class SeedFiles:
    """The files to read under a seeds folder, and the symbolic links refused there."""

    files: list[Path]
    refused: list[Rejection]


def scan_seeds(seeds_dir: Path) -> SeedFiles:
    """Regular files under `seeds_dir` in the order of their relative paths, each read once: a symbolic link
    within the folder adds only what is not already reached without it (so a link never makes a duplicate and a
    cycle of links ends), and a link leading out of the folder, or nowhere, is refused, never followed."""
    root = Path(os.path.realpath(seeds_dir))
    files: list[Path] = []
    links: list[Path] = []
    for path in visible_entries(seeds_dir):
        (links if path.is_symlink() else files).append(path)
    seen = (
        {os.path.realpath(path) for path in files} if links else set()
    )  # realpath is a stat per folder
    refused = []
    for link in sorted(links, key=lambda p: p.relative_to(seeds_dir).as_posix()):
        relative = link.relative_to(seeds_dir).as_posix()
        target = Path(os.path.realpath(link))
        if not target.is_relative_to(root):
            refused.append(
                Rejection(
                    relative,
                    f"symbolic link to {target} points outside seeds/; copy the file in instead",
                )
            )
            continue
        if not target.exists():
            refused.append(
                Rejection(
                    relative, f"symbolic link to {os.readlink(link)} leads nowhere (no such file)"
                )
            )
            continue
        inside = (
            [link]
            if target.is_file()
            else [
                link / p.relative_to(target) for p in visible_entries(target) if not p.is_symlink()
            ]
        )
        for path in inside:
            if os.path.realpath(path) not in seen:
                seen.add(os.path.realpath(path))
                files.append(path)
    files.sort(key=lambda p: p.relative_to(seeds_dir).as_posix())
    return SeedFiles(files, refused)


def visible_entries(folder: Path) -> list[Path]:
    """Regular files and symbolic links (to files or folders) under `folder`, not following links, hidden ones and
    editors' leftovers skipped."""
    found = []
    for directory, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in [*folders, *names]:
            path = Path(directory, name)
            if name.startswith(".") or name in IGNORED_NAMES:
                continue
            if path.is_symlink() or (name in names and path.is_file()):
                found.append(path)
    return found


DATE_SOURCES = (
    "mtime",
)  # --date-from: where a date comes from when neither the text nor the path has one


def read_archive(seeds_dir: Path, date_from: str | None = None) -> ReadResult:
    """Read every article under `seeds_dir`; duplicates and unreadable files become rejections. With
    `date_from="mtime"` an article without a date of its own is dated by its file's modification time (UTC)."""
    articles: list[Article] = []
    scan = scan_seeds(seeds_dir)
    rejections: list[Rejection] = list(scan.refused)
    drafts: list[str] = []
    seen_bodies: dict[str, str] = {}
    pinned: dict[str, str] = {}  # input path → the slug its front matter asks for
    for path in scan.files:
        relative = path.relative_to(seeds_dir).as_posix()
        try:
            modified = modification_date(path) if date_from == "mtime" else None
            parsed = read_file(path.read_bytes(), relative, modified)
        except InputError as error:
            rejections.append(Rejection(relative, error.reason, error.line))
            continue
        except OSError as error:
            rejections.append(Rejection(relative, f"cannot be read: {error.strerror or error}"))
            continue
        article = parsed.article
        rejections.extend(parsed.warnings)
        if (
            parsed.draft
        ):  # before the duplicate check: a draft copy must not push the published article out
            drafts.append(relative)
            continue
        fingerprint = hashlib.sha256(article.body.encode("utf-8")).hexdigest()
        if fingerprint in seen_bodies:
            rejections.append(
                Rejection(relative, f"skipped: same text as {seen_bodies[fingerprint]}")
            )
            continue
        seen_bodies[fingerprint] = relative
        articles.append(article)
        if parsed.pinned:
            pinned[relative] = article.slug
    unique = assign_unique_slugs(articles)
    rejections.extend(pinned_slug_warnings(unique, pinned))
    return ReadResult(tuple(unique), tuple(sorted(rejections, key=lambda r: r.path)), tuple(drafts))


def pinned_slug_warnings(articles: list[Article], pinned: dict[str, str]) -> list[Rejection]:
    """A warning for each article whose `slug:` another article already has, naming both and the URL it got."""
    holder = {article.slug: article.path for article in articles}
    warnings = []
    for article in sorted(articles, key=lambda a: a.path):
        wanted = pinned.get(article.path)
        if wanted is not None and article.slug != wanted:
            reason = (
                f"slug {wanted!r} is already the slug of {holder[wanted]}, so this article is at "
                f"/{article.url_path}; give one of them another slug"
            )
            warnings.append(Rejection(article.path, reason))
    return warnings


def modification_date(path: Path) -> dt.date:
    """The day, in UTC, a file was last modified."""
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()


def assign_unique_slugs(articles: list[Article]) -> list[Article]:
    """Articles whose title slugs clash get a numeric suffix, in (date, input path) order, so that article slugs
    are unique across the archive (the exports name articles by slug) and an older article keeps its slug."""
    taken: set[str] = set()
    unique = []
    for article in sorted(articles, key=lambda a: (a.date, a.path)):
        slug, n = article.slug, 2
        while slug in taken:
            slug = f"{article.slug}-{n}"
            n += 1
        taken.add(slug)
        unique.append(replace(article, slug=slug) if slug != article.slug else article)
    return unique


def parse_article(data: bytes, path: str, modified: dt.date | None = None) -> Article:
    """Parse one file's bytes; the format is chosen by the file's suffix. The date is the text's own, else the one
    in `path`, else `modified` (the file's modification date, when the build was asked to use it)."""
    return read_file(data, path, modified).article


def read_file(data: bytes, path: str, modified: dt.date | None = None) -> ParsedFile:
    """Parse one file's bytes into an article and the warnings its front matter gives (as parse_article)."""
    text = decode_text(data, path)
    if Path(path).suffix.lower() in MARKDOWN_SUFFIXES:
        meta, body, first_body_line = split_front_matter(text)
    else:
        meta, body, first_body_line = split_seed_header(text)
    date = article_date(meta, path, modified, text)
    chunks = split_blocks(
        decode_references(body), markdown=Path(path).suffix.lower() in MARKDOWN_SUFFIXES
    )
    if not chunks:
        raise InputError("no article text after the date", first_body_line)
    body_text = "\n\n".join(text for _, text in chunks)
    blocks = block_spans(chunks)
    title = meta_text(meta, "title") or derive_title(chunks)
    warnings = front_matter_warnings(meta, path)
    title_slug = make_slug(title, ARTICLE_SLUG_MAX_CHARS)
    pinned = pinned_slug(meta, path, title_slug, warnings)
    article = Article(
        slug=pinned or title_slug,
        date=date,
        title=title,
        source=meta_text(meta, "source"),
        url=meta_text(meta, "url"),
        author=meta_text(meta, "author"),
        body=body_text,
        blocks=blocks,
        path=path,
        redirect_from=redirect_paths(meta, path, warnings),
        updated=correction_date(meta, path, date, warnings),
        lang=language_tag(meta, path, warnings),
        tags=names_in(meta, "tags", path, warnings),
        authors=names_in(meta, "author", path, warnings),
    )
    draft = is_draft(meta, path, warnings)
    return ParsedFile(article, tuple(warnings), draft, bool(pinned))


def decode_text(data: bytes, path: str = "") -> str:
    """Text from UTF-8 (with or without BOM), or UTF-16/32 with a BOM, or UTF-16 without one where its NUL bytes
    leave no doubt; line ends made Unix, mojibake repaired (`repair_text`), NFC. Other encodings are reported,
    never guessed and mangled."""
    encoding, skip = text_encoding(data)
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        raise InputError(
            "binary file, not text (it contains NUL bytes; if it is UTF-16 text, save it as UTF-8)"
        )
    if encoding != "utf-8":
        log.debug("%s: reading it as %s", path or "a file", encoding.upper())
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        start = skip + error.start
        line = data[:start].count(b"\n" if encoding == "utf-8" else "\n".encode(encoding)) + 1
        raise InputError(
            f"not valid {encoding.upper()} (byte 0x{data[start]:02x} at offset {start}); save the file as UTF-8",
            line,
        ) from None
    if "\x00" in text:
        raise InputError("binary file, not text (it contains NUL characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", repair_text(text))


_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def text_encoding(data: bytes) -> tuple[str, int]:
    """(codec, length of its byte-order mark) of a file's bytes: by the mark, else UTF-16 when the NUL bytes
    say so beyond doubt, else UTF-8."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding, len(mark)
    return utf16_without_mark(data) or "utf-8", 0


def utf16_without_mark(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text that is clearly UTF-16 without a byte-order mark: an even length, and
    in its first 8 kB the high byte of most characters NUL (mostly Latin text) and the low byte never."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 16:
        return None
    low_first, high_first = sample[0::2].count(0), sample[1::2].count(0)
    units = len(sample) // 2
    if high_first >= 0.7 * units and low_first == 0:
        return "utf-16-le"
    if low_first >= 0.7 * units and high_first == 0:
        return "utf-16-be"
    return None


# Mojibake repair only: ftfy's guesses about lost no-break spaces and its cosmetic changes (straight quotes, half-width
# forms, ligatures, line breaks, control characters, HTML entities) are off, so correct text, curly quotes and every
# script included, is left as it is.
_REPAIR = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    restore_byte_a0=False,  # "Ã " may be à whose no-break space became a space, or a capital Ã and a space
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


# What UTF-8 read as Windows-1252 or Latin-1 (a lead Â–ô then a continuation byte's character) or as Windows-1251
# (Р or С then another such character) looks like, and C1 controls: only a text holding one can need ftfy, whose
# own check costs about a millisecond per article on every build. Written as one class of first characters, then
# a lookbehind saying which of them it was: `re` skips ahead to a character of a leading class in C, and it tried
# each of three alternatives at every character instead (0.22 s against 0.04 s for 3,000 articles, same matches).
_MAYBE_MOJIBAKE = re.compile(
    "[\u0080-\u00f4\u0420\u0421]"
    "(?:(?<=[\u00c2-\u00f4])[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|(?<=[\u0420\u0421])[\u0400-\u045f\u0490\u0491\u00a0-\u00bf\u2018-\u203a\u2116]"
    "|(?<=[\u0080-\u009f]))"
)


def repair_text(text: str) -> str:
    """Text with mojibake undone ('CafÃ©' → 'Café', 'doesnâ€™t' → 'doesn’t'), by ftfy."""
    return ftfy.fix_text(text, _REPAIR) if _MAYBE_MOJIBAKE.search(text) else text


# Character references that end in ';' (&amp; &#8217; &eacute;): '&not' inside '?a=1&notify=2' stays as it is.
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


def decode_references(text: str) -> str:
    """Plain text with its HTML character references as the characters they stand for. The result is still plain
    text: '&lt;script&gt;' becomes the characters '<script>', which every output escapes as it does all text."""
    if "&" not in text:
        return text
    return unicodedata.normalize(
        "NFC", _CHARACTER_REFERENCE.sub(lambda m: html.unescape(m.group(0)), text)
    )


def split_seed_header(text: str) -> tuple[dict, str, int]:
    """` date YYYY-MM-DD body…` → ({'date': …}, body, line of the body); without a date line the whole text is
    the body (its date must then come from elsewhere: `article_date`)."""
    if not text.strip():
        raise InputError("empty file", 1)
    match = _SEED_DATE.match(text)
    if not match:
        return {}, text, 1
    line = text[: match.start(1)].count("\n") + 1
    return {"date": match.group(1), "_date_line": line}, text[match.end() :], line


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """`---\\nyaml\\n---\\nbody` → (metadata, body, line of the body)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 1  # plain Markdown: its date must come from its path (article_date)
    try:
        meta = yaml.load(match.group(1), Loader=FrontMatterLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise InputError(f"front matter is not valid YAML: {problem}", line) from None
    if not isinstance(meta, dict):
        raise InputError("front matter must be a mapping of fields (date:, title:, …)", 2)
    meta["_date_line"] = date_line_in_front_matter(match.group(1))
    meta["_front_matter"] = match.group(1)
    body_line = text[: match.end()].count("\n") + 1
    return meta, text[match.end() :], body_line


def date_line_in_front_matter(front_matter: str) -> int:
    for number, line in enumerate(front_matter.split("\n"), start=2):
        if re.match(r"date\s*:", line):
            return number
    return 1


def key_line(meta: dict, key: object) -> int | None:
    """The 1-based file line where a front matter key is written (the first of its block), or None."""
    pattern = re.compile(
        rf"""(?:{re.escape(str(key))}|"{re.escape(str(key))}"|'{re.escape(str(key))}')\s*:"""
    )
    for number, line in enumerate(meta.get("_front_matter", "").split("\n"), start=2):
        if pattern.match(line):
            return number
    return None


def front_matter_warnings(meta: dict, path: str) -> list[Rejection]:
    """A warning for each front matter key Annals does not know, with the close match it may have meant."""
    warnings = []
    for key in meta:
        if key in ("_date_line", "_front_matter") or key in FRONT_MATTER_KEYS:
            continue
        close = difflib.get_close_matches(str(key).lower(), FRONT_MATTER_KEYS, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        reason = f"unknown front matter key {str(key)!r} is ignored; {hint}known keys: {', '.join(FRONT_MATTER_KEYS)}"
        warnings.append(Rejection(path, reason, key_line(meta, key)))
    return warnings


def pinned_slug(meta: dict, path: str, title_slug: str, warnings: list[Rejection]) -> str:
    """The `slug:` that pins the article's URL, or "" when there is none or it is not a valid slug (a warning then
    says how to write it, and the slug made from the title is used)."""
    value = meta.get("slug")
    if value is None:
        return ""
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if _PINNED_SLUG.match(text) and len(text) <= MAX_SLUG_LENGTH:
        return text
    fix = make_slug(text, MAX_SLUG_LENGTH) if text.strip() else title_slug
    reason = (
        f"slug {str(value)[:40]!r} is not a slug (lowercase ASCII letters, digits and single hyphens, at most "
        f"{MAX_SLUG_LENGTH} characters), so the slug made from the title is used; write 'slug: {fix}'"
    )
    warnings.append(Rejection(path, reason, key_line(meta, "slug")))
    return ""


def redirect_paths(meta: dict, path: str, warnings: list[Rejection]) -> tuple[str, ...]:
    """`redirect_from:` — one earlier URL of the article or a list of them — as sorted folder paths
    ('articles/2019/01/04/old-title/'); a value that is no such path is named in a warning and left out."""
    value = meta.get("redirect_from")
    values = [] if value is None else value if isinstance(value, list) else [value]
    paths = set()
    for item in values:
        text = item.strip().strip("/") if isinstance(item, str) else ""
        if _REDIRECT_PATH.match(text):
            paths.add(text + "/")
            continue
        reason = (
            f"redirect_from: {str(item)[:60]!r} is not a page path of this site, so no redirect is made from it; "
            "write the old URL's path, as in 'redirect_from: [/articles/2019/01/04/old-title/]' "
            "(letters, digits, '-' and '_' between slashes)"
        )
        warnings.append(Rejection(path, reason, key_line(meta, "redirect_from")))
    return tuple(sorted(paths))


def correction_date(
    meta: dict, path: str, date: dt.date, warnings: list[Rejection]
) -> dt.date | None:
    """`updated:`, the date of a correction, when it is a date on or after the article's; else a warning."""
    value = meta.get("updated")
    if value is None:
        return None
    line = key_line(meta, "updated")
    try:
        updated = parse_date(value, line or 1)
    except InputError as error:
        warnings.append(Rejection(path, f"updated: {error.reason}; it is not shown", line))
        return None
    if updated < date:
        reason = f"updated: {updated.isoformat()} is before the article's date {date.isoformat()}; it is not shown"
        warnings.append(Rejection(path, reason, line))
        return None
    return updated


def language_tag(meta: dict, path: str, warnings: list[Rejection]) -> str:
    """`lang:` as a BCP 47 tag in its usual case ('pt-br' → 'pt-BR'), or "" with a warning when it is none."""
    value = meta.get("lang")
    if value is None:
        return ""
    match = _LANGUAGE_TAG.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        reason = f"lang: {str(value)[:40]!r} is not a language tag; write one such as 'en', 'fr' or 'pt-BR'"
        warnings.append(Rejection(path, reason, key_line(meta, "lang")))
        return ""
    language, script, region, variants = match.groups()
    parts = [
        language.lower(),
        script and script.title(),
        region and region.upper(),
        variants.lower().lstrip("-"),
    ]
    return "-".join(part for part in parts if part)


def names_in(meta: dict, key: str, path: str, warnings: list[Rejection]) -> tuple[str, ...]:
    """`tags:` or `author:`, a list of names or one name, each as text with its whitespace collapsed and each once,
    in the order written; an item that is not text (a list, a mapping) is named in a warning and left out."""
    value = meta.get(key)
    values = [] if value is None else value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        if isinstance(item, (dict, list)) or item is None:
            reason = f"{key}: {str(item)[:40]!r} is not a name; write a name or a list of names, as in '{key}: [A, B]'"
            warnings.append(Rejection(path, reason, key_line(meta, key)))
            continue
        name = meta_text({key: item}, key)
        if name and name not in names:
            names.append(name)
    return tuple(names)


def is_draft(meta: dict, path: str, warnings: list[Rejection]) -> bool:
    """`draft: true` keeps an article out of the site. A value that is not a boolean is named in a warning and
    kept out too: publishing what its writer may have meant as a draft cannot be undone."""
    value = meta.get("draft", False)
    if isinstance(value, bool):
        return value
    reason = (
        f"draft: {str(value)[:40]!r} is not true or false, so the article is left out as a draft; "
        "write 'draft: true' or 'draft: false'"
    )
    warnings.append(Rejection(path, reason, key_line(meta, "draft")))
    return True


def article_date(meta: dict, path: str, modified: dt.date | None, text: str) -> dt.date:
    """The article's date: its text's or front matter's, else its path's, else `modified`; none is a rejection
    that says each way to give one."""
    if meta.get("date") not in (None, ""):
        return parse_date(meta["date"], meta.get("_date_line", 1))
    from_path = path_date(path)
    if from_path is not None:
        return from_path
    if modified is not None:
        return modified
    if Path(path).suffix.lower() in MARKDOWN_SUFFIXES:
        missing = "missing 'date: YYYY-MM-DD' in the front matter"
    else:
        missing = f"missing 'date YYYY-MM-DD' at the start (found {text.lstrip().split(chr(10), 1)[0][:40]!r})"
    raise InputError(
        f"{missing}; add it, name the file YYYY-MM-DD-….{Path(path).suffix.lstrip('.') or 'txt'}, "
        "or build with --date-from mtime",
        meta.get("_date_line", 1),
    )


def parse_date(value: object, line: int) -> dt.date:
    """The calendar date of `YYYY-MM-DD` or `YYYYMMDD`, with or without a time and offset (or a YAML date). The
    day is the one written, in the article's own offset, never converted to UTC. Impossible dates are rejected."""
    if isinstance(value, dt.datetime):
        return value.date()  # an aware datetime's date is the one in its own offset
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE_VALUE.match(text)
    if not match:
        raise InputError(
            f"date {text[:40]!r} is not in the form YYYY-MM-DD (or YYYY-MM-DDTHH:MM+HH:MM)", line
        )
    try:
        date = dt.date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
    except ValueError as error:
        raise InputError(f"date {text!r} does not exist ({error})", line) from None
    try:
        dt.datetime.fromisoformat(text.replace(",", ".").replace("z", "Z"))
    except ValueError:
        raise InputError(f"date {text!r} has an impossible time", line) from None
    return date


def path_date(path: str) -> dt.date | None:
    """The date a file's path gives (2019-01-04-pelosi.txt, 2019/01/04/pelosi.txt), the one nearest the file."""
    matches = list(_PATH_DATE.finditer(path))
    if not matches:
        return None
    year, month_dashed, month_slashed, day = matches[-1].groups()
    try:
        return dt.date(int(year), int(month_dashed or month_slashed), int(day))
    except ValueError as error:
        raise InputError(
            f"the date {matches[-1].group(0)!r} in the file's path does not exist ({error})"
        ) from None


def meta_text(meta: dict, key: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value)
    # NFC again: the file's text is normalised before YAML reads it, but YAML's escapes ("\U0002F800") are not.
    return " ".join(decode_references(unicodedata.normalize("NFC", str(value))).split())


def split_blocks(body: str, markdown: bool) -> tuple[tuple[str, str], ...]:
    """(kind, text) of each block: paragraphs split on blank lines, lines joined; short unpunctuated lines between
    paragraphs become headings."""
    chunks = [" ".join(chunk.split()) for chunk in _BLANK_LINES.split(body)]
    chunks = [chunk for chunk in chunks if chunk]
    kinds = []
    for index, chunk in enumerate(chunks):
        heading = _MARKDOWN_HEADING.match(chunk) if markdown else None
        if markdown and chunk.startswith("\\#"):
            chunks[index] = chunk[
                1:
            ]  # Markdown's escape: '\# 1 in the charts' is a paragraph that starts with '#'
            kinds.append("paragraph")
        elif heading and heading.group(1):
            chunks[index] = heading.group(1)
            kinds.append("heading")
        elif 0 < index < len(chunks) - 1 and looks_like_subheading(chunk):
            kinds.append("heading")
        else:
            kinds.append("paragraph")
    return tuple(zip(kinds, chunks))


def block_spans(chunks: tuple[tuple[str, str], ...]) -> tuple[Block, ...]:
    """The blocks of `chunks` (split_blocks) in the body that joins their texts with blank lines."""
    blocks, offset = [], 0
    for kind, text in chunks:
        blocks.append(Block(kind, offset, offset + len(text)))
        offset += len(text) + 2
    return tuple(blocks)


def looks_like_subheading(chunk: str) -> bool:
    return (
        len(chunk) <= SUBHEADING_MAX_CHARS
        and not chunk.endswith(_FINAL_PUNCTUATION)
        and chunk[:1].isupper()
    )


def derive_title(chunks: tuple[tuple[str, str], ...]) -> str:
    """The first sentence of the first paragraph (of split_blocks' `chunks`), cut at a word boundary when long."""
    first = next(
        (text for kind, text in chunks if kind == "paragraph" and not _DATELINE.fullmatch(text)),
        chunks[0][1],
    )
    first = (
        _DATELINE.sub("", first, count=1) or first
    )  # 'Friday, December 25, 2020 In May, a study…'
    sentence = first
    for match in _SENTENCE_END.finditer(first):
        word = first[: match.start()].rsplit(None, 1)[-1] if first[: match.start()].strip() else ""
        if first[match.start()] == "." and (
            _INITIALS.match(word) or word.lower() in _ABBREVIATIONS
        ):
            continue
        sentence = first[: match.start()]
        break
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence.strip()
    cut = sentence[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return cut + "…"
