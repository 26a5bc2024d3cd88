"""Reading input: find article files under the seeds folder, decode and parse them into `Article` values.

Two formats are read: plain text in the seed format (` date YYYY-MM-DD` then the body) and Markdown with
YAML front matter. A file that cannot be built is returned as a `Rejection` with its reason, never dropped
silently; input files are only ever opened for reading.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .model import Article, Block, Rejection
from .names import MAX_SLUG_LENGTH, make_slug

MARKDOWN_SUFFIXES = {".md", ".markdown"}
# Editors and operating systems leave these behind; they are never articles.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
TITLE_MAX_CHARS = 90
SUBHEADING_MAX_CHARS = 80
ARTICLE_SLUG_MAX_CHARS = 60

_SEED_DATE = re.compile(r"\A\s*date\s+(\S+)[ \t]*", re.IGNORECASE)
_ISO_DATE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})\Z")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)
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
    r"\A([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|[0-9]{3}))?((?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)\Z", re.IGNORECASE
)
_MARKDOWN_HEADING = re.compile(r"\A#{1,6}\s+(.*?)\s*#*\s*\Z")
# Front matter keys Annals reads; any other is named in a warning (README, Input). `license` is accepted and kept
# out of the pages: the Wikinews corpus gives every article one.
FRONT_MATTER_KEYS = (
    "author", "date", "draft", "lang", "license", "redirect_from", "slug", "source", "tags", "title", "updated", "url",
)


class FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML that keeps dates as text, so `parse_date` checks them and names the value when impossible.
    libyaml's parser, where PyYAML has it, reads 10,000 articles' front matter in a tenth of the time."""


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
    """Every regular file under `seeds_dir`, recursively, in a fixed order (hidden files and folders skipped)."""
    found = []
    for path in seeds_dir.rglob("*"):
        relative = path.relative_to(seeds_dir)
        if any(part.startswith(".") for part in relative.parts) or path.name in IGNORED_NAMES:
            continue
        if path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(seeds_dir).as_posix())


def read_archive(seeds_dir: Path) -> ReadResult:
    """Read every article under `seeds_dir`; duplicates and unreadable files become rejections."""
    articles: list[Article] = []
    rejections: list[Rejection] = []
    drafts: list[str] = []
    seen_bodies: dict[str, str] = {}
    pinned: dict[str, str] = {}  # input path → the slug its front matter asks for
    for path in find_input_files(seeds_dir):
        relative = path.relative_to(seeds_dir).as_posix()
        try:
            parsed = read_file(path.read_bytes(), relative)
        except InputError as error:
            rejections.append(Rejection(relative, error.reason, error.line))
            continue
        except OSError as error:
            rejections.append(Rejection(relative, f"cannot be read: {error.strerror or error}"))
            continue
        article = parsed.article
        rejections.extend(parsed.warnings)
        if parsed.draft:  # before the duplicate check: a draft copy must not push the published article out
            drafts.append(relative)
            continue
        fingerprint = hashlib.sha256(article.body.encode("utf-8")).hexdigest()
        if fingerprint in seen_bodies:
            rejections.append(Rejection(relative, f"skipped: same text as {seen_bodies[fingerprint]}"))
            continue
        seen_bodies[fingerprint] = relative
        articles.append(article)
        if parsed.pinned:
            pinned[relative] = article.slug
    unique = assign_unique_slugs(articles)
    rejections.extend(pinned_slug_warnings(unique, pinned))
    return ReadResult(tuple(unique), tuple(rejections), tuple(drafts))


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


def parse_article(data: bytes, path: str) -> Article:
    """Parse one file's bytes; the format is chosen by the file's suffix."""
    return read_file(data, path).article


def read_file(data: bytes, path: str) -> ParsedFile:
    """Parse one file's bytes into an article and the warnings its front matter gives."""
    text = decode_text(data)
    if Path(path).suffix.lower() in MARKDOWN_SUFFIXES:
        meta, body, first_body_line = split_front_matter(text)
    else:
        meta, body, first_body_line = split_seed_header(text)
    date = parse_date(meta.get("date"), meta.get("_date_line", 1))
    blocks = split_blocks(body, markdown=Path(path).suffix.lower() in MARKDOWN_SUFFIXES)
    if not blocks:
        raise InputError("no article text after the date", first_body_line)
    body_text = "\n\n".join(block.text for block in blocks)
    title = meta_text(meta, "title") or derive_title(blocks)
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


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) only: other encodings are reported, never guessed and mangled."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); save the file as UTF-8",
            line,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def split_seed_header(text: str) -> tuple[dict, str, int]:
    """` date YYYY-MM-DD body…` → ({'date': …}, body, line of the body)."""
    match = _SEED_DATE.match(text)
    if not match:
        first_line = text.lstrip().split("\n", 1)[0][:40]
        if not text.strip():
            raise InputError("empty file", 1)
        raise InputError(f"missing 'date YYYY-MM-DD' at the start (found {first_line!r})", 1)
    line = text[: match.start(1)].count("\n") + 1
    return {"date": match.group(1), "_date_line": line}, text[match.end() :], line


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """`---\\nyaml\\n---\\nbody` → (metadata, body, line of the body)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise InputError("missing YAML front matter ('---' block with at least a date) at the start", 1)
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
    pattern = re.compile(rf"""(?:{re.escape(str(key))}|"{re.escape(str(key))}"|'{re.escape(str(key))}')\s*:""")
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
        reason = (
            f"unknown front matter key {str(key)!r} is ignored; {hint}known keys: {', '.join(FRONT_MATTER_KEYS)}"
        )
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


def correction_date(meta: dict, path: str, date: dt.date, warnings: list[Rejection]) -> dt.date | None:
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
    parts = [language.lower(), script and script.title(), region and region.upper(), variants.lower().lstrip("-")]
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


def parse_date(value: object, line: int) -> dt.date:
    """A calendar date from `YYYY-MM-DD` (or a YAML date); impossible dates are rejected with the line."""
    if value is None or value == "":
        raise InputError("missing date (expected 'date: YYYY-MM-DD')", line)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _ISO_DATE.match(text)
    if not match:
        raise InputError(f"date {text[:40]!r} is not in the form YYYY-MM-DD", line)
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise InputError(f"date {text!r} does not exist ({error})", line) from None


def meta_text(meta: dict, key: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value)
    # NFC again: the file's text is normalised before YAML reads it, but YAML's escapes ("\U0002F800") are not.
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def split_blocks(body: str, markdown: bool) -> tuple[Block, ...]:
    """Paragraphs split on blank lines, lines joined; short unpunctuated lines between paragraphs become headings."""
    chunks = [" ".join(chunk.split()) for chunk in _BLANK_LINES.split(body)]
    chunks = [chunk for chunk in chunks if chunk]
    kinds = []
    for index, chunk in enumerate(chunks):
        heading = _MARKDOWN_HEADING.match(chunk) if markdown else None
        if heading and heading.group(1):
            chunks[index] = heading.group(1)
            kinds.append("heading")
        elif 0 < index < len(chunks) - 1 and looks_like_subheading(chunk):
            kinds.append("heading")
        else:
            kinds.append("paragraph")
    blocks, offset = [], 0
    for kind, chunk in zip(kinds, chunks):
        blocks.append(Block(kind, chunk, offset))
        offset += len(chunk) + 2
    return tuple(blocks)


def looks_like_subheading(chunk: str) -> bool:
    return len(chunk) <= SUBHEADING_MAX_CHARS and not chunk.endswith(_FINAL_PUNCTUATION) and chunk[:1].isupper()


def derive_title(blocks: tuple[Block, ...]) -> str:
    """The first sentence of the first paragraph, cut at a word boundary when long."""
    first = next((b.text for b in blocks if b.kind == "paragraph" and not _DATELINE.fullmatch(b.text)), blocks[0].text)
    first = _DATELINE.sub("", first, count=1) or first  # 'Friday, December 25, 2020 In May, a study…'
    sentence = first
    for match in _SENTENCE_END.finditer(first):
        word = first[: match.start()].rsplit(None, 1)[-1] if first[: match.start()].strip() else ""
        if first[match.start()] == "." and (_INITIALS.match(word) or word.lower() in _ABBREVIATIONS):
            continue
        sentence = first[: match.start()]
        break
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence.strip()
    cut = sentence[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return cut + "…"
