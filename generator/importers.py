"""Importing: turn what people have (CSV and JSON Lines exports, RSS/Atom feeds, saved HTML pages, WARC crawls)
into seed files, Markdown with YAML front matter, one per article.

Each source kind has one function that yields `ImportedArticle` values, or `RejectedRecord` values naming the row,
entry or page and why it cannot be an article. `import_sources` writes the articles into the seeds folder: never
over an existing file, never an article already there (the same URL, or the same text as `read` reads it), and
returns what it did as an `ImportReport`. Seed files are checked by parsing them with `read.parse_article` before
they are written, so an imported file is one the build reads exactly as it was meant.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import gzip
import hashlib
import io
import json
import re
import socket
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import Article
from .names import make_slug
from .read import ARTICLE_SLUG_MAX_CHARS, InputError, parse_article, read_archive

FETCH_TIMEOUT = 60  # seconds a feed's server may take to answer
FIELDS = ("title", "date", "text", "url", "author", "source")
# Column names the usual exports use for each field, compared lowercased with spaces and hyphens as underscores.
GUESSED_COLUMNS = {
    "title": ("title", "headline", "head", "name", "subject"),
    "date": (
        "date",
        "published",
        "published_at",
        "publish_date",
        "published_date",
        "date_published",
        "publication_date",
        "pubdate",
        "pub_date",
        "datetime",
        "created",
        "created_at",
        "timestamp",
    ),
    "text": (
        "text",
        "body",
        "content",
        "body_text",
        "full_text",
        "article",
        "article_text",
        "body_html",
        "content_html",
        "html",
        "story",
    ),
    "url": ("url", "link", "permalink", "canonical_url", "href", "uri", "web_url"),
    "author": ("author", "authors", "byline", "creator", "by", "writer"),
    "source": (
        "source",
        "publication",
        "publisher",
        "outlet",
        "site_name",
        "sitename",
        "site",
        "newspaper",
    ),
}
KINDS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".rdf": "feed",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".arc": "warc",
}
_COMPACT_DATE = re.compile(r"\A(\d{4})(\d{2})(\d{2})\Z")
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:p|br|div|h[1-6]|li|blockquote|span|a|em|strong|b|i)\b[^>]*>", re.IGNORECASE
)
_HTML_BLOCKS = (
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "tr",
    "section",
    "article",
    "figcaption",
)


@dataclass(frozen=True)
class ImportedArticle:
    """One article found in a source; `origin` names the file and the row, entry or page, for messages."""

    title: str
    date: dt.date
    text: str  # paragraphs separated by blank lines
    url: str
    author: str
    source: str
    origin: str


@dataclass(frozen=True)
class RejectedRecord:
    """A row, entry or page that cannot be an article, and why."""

    origin: str
    reason: str


class SourceError(Exception):
    """A source that cannot be read at all (missing, not the kind it claims, a column mapped that it lacks)."""


@dataclass
class ImportReport:
    """What an import did: files written, and every article skipped or rejected with its origin and reason."""

    imported: list[tuple[str, Path]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------------
# Fields: dates, text, names


def parse_published(value: object) -> dt.date | None:
    """The article's own calendar date from an ISO date or datetime (its offset kept, never converted to UTC), an
    RFC 822 date as feeds write them, or a compact 20190104; None when there is no usable date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    compact = _COMPACT_DATE.match(text)
    try:
        if compact:
            return dt.date(*(int(part) for part in compact.groups()))
        return dt.datetime.fromisoformat(
            text.replace(" ", "T", 1) if len(text) > 10 else text
        ).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def html_to_text(fragment: str) -> str:
    """An HTML fragment (a feed entry's content, a CMS's body_html) as plain paragraphs separated by blank lines;
    scripts and styles dropped, tags never kept."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises ParserError or XMLSyntaxError on an empty or broken fragment
        return ""
    for element in list(root.iter("script", "style", "noscript", "template")):
        element.drop_tree()
    for element in root.iter(*_HTML_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n\n" + (element.text or "")
    return root.text_content()


def plain_paragraphs(text: str, is_html: bool | None = None) -> str:
    """Paragraphs separated by blank lines, each on one line; a text without blank lines has a paragraph a line.
    HTML is made text first: when `is_html` is None (a CSV or JSON field), a text with paragraph tags is taken as HTML."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if is_html or (is_html is None and _LOOKS_LIKE_HTML.search(text)):
        text = html_to_text(text)
    chunks = (
        re.split(r"\n[ \t\u00a0]*\n", text)
        if re.search(r"\n[ \t\u00a0]*\n", text)
        else text.split("\n")
    )
    return "\n\n".join(
        paragraph for paragraph in (" ".join(chunk.split()) for chunk in chunks) if paragraph
    )


def one_line(value: object) -> str:
    """A field such as a title or byline as one line: lists joined with commas, {'name': …} objects by name."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or ""
    if isinstance(value, (list, tuple)):
        return ", ".join(part for part in (one_line(item) for item in value) if part)
    return " ".join(str(value).split())


def make_record(
    fields: dict[str, object], origin: str, is_html: bool | None = None
) -> ImportedArticle | RejectedRecord:
    """An article from its fields, or the reason it cannot be one (no date, no text); `is_html` as for
    `plain_paragraphs`."""
    raw_date = fields.get("date")
    date = parse_published(raw_date)
    if date is None:
        reason = (
            "no publication date"
            if not one_line(raw_date)
            else f"date {one_line(raw_date)[:40]!r} is not a date"
        )
        return RejectedRecord(origin, reason)
    text = plain_paragraphs(str(fields.get("text") or ""), is_html)
    if not text:
        return RejectedRecord(origin, "no article text")
    title = one_line(fields.get("title"))
    first_line = text.split("\n\n", 1)[0]
    if title and first_line == title and "\n\n" in text:
        text = text.split("\n\n", 1)[1]  # the headline repeated as the first line of the body
    return ImportedArticle(
        title=title,
        date=date,
        text=text,
        url=one_line(fields.get("url")),
        author=one_line(fields.get("author")),
        source=one_line(fields.get("source")),
        origin=origin,
    )


# ---------------------------------------------------------------------------------------------------------------
# Tables: CSV and JSON Lines


def parse_mapping(text: str | None) -> dict[str, str]:
    """`date=published_at,text=body_html` → {'date': 'published_at', 'text': 'body_html'}; ValueError says what's wrong."""
    mapping: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, equals, column = part.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not equals or not column:
            raise ValueError(
                f"--map {part.strip()!r}: write FIELD=COLUMN, for example date=published_at"
            )
        if name not in FIELDS:
            raise ValueError(
                f"--map {part.strip()!r}: no field {name!r}; the fields are {', '.join(FIELDS)}"
            )
        mapping[name] = column
    return mapping


def choose_columns(columns: Iterable[str], mapping: dict[str, str], origin: str) -> dict[str, str]:
    """Which column holds each field: the mapped one, else the first usual name found."""
    columns = [column for column in columns if column is not None]
    folded = {re.sub(r"[\s\-]+", "_", column.strip().lower()): column for column in columns}
    chosen = {}
    for name in FIELDS:
        if name in mapping:
            if mapping[name] not in columns:
                raise SourceError(
                    f"{origin}: no column {mapping[name]!r} for --map {name}=…; the columns are {', '.join(columns)}"
                )
            chosen[name] = mapping[name]
            continue
        found = next((folded[guess] for guess in GUESSED_COLUMNS[name] if guess in folded), None)
        if found is not None:
            chosen[name] = found
    if "text" not in chosen:
        raise SourceError(
            f"{origin}: no column holds the article text (found {', '.join(columns)}); name it with --map text=COLUMN"
        )
    return chosen


def records_from_csv(
    path: Path, mapping: dict[str, str] | None = None
) -> Iterator[ImportedArticle | RejectedRecord]:
    """One article per row; the header names the columns (comma, semicolon or tab separated)."""
    text = read_source_text(path)
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count) if path.suffix.lower() != ".tsv" else "\t"
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = choose_columns(reader.fieldnames or [], mapping or {}, path.name)
    line = reader.line_num + 1
    try:
        for row in reader:
            fields = {name: row.get(column) for name, column in columns.items()}
            yield make_record(fields, f"{path.name}:{line}")  # the line the row starts on
            line = reader.line_num + 1
    except csv.Error as error:
        yield RejectedRecord(f"{path.name}:{line}", f"not valid CSV from here on ({error})")


def records_from_jsonl(
    path: Path, mapping: dict[str, str] | None = None
) -> Iterator[ImportedArticle | RejectedRecord]:
    """One article per line of JSON Lines (or per object of a .json file holding a list)."""
    text = read_source_text(path)
    if path.suffix.lower() == ".json" and text.lstrip().startswith("["):
        try:
            items = [(f"{path.name}[{index}]", item) for index, item in enumerate(json.loads(text))]
        except json.JSONDecodeError as error:
            raise SourceError(f"{path.name}: not valid JSON ({error})") from None
    else:
        items = [
            (f"{path.name}:{number}", line)
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
    columns_for: dict[tuple, dict[str, str]] = {}
    for origin, item in items:
        if isinstance(item, str):
            try:
                item = json.loads(item)
            except json.JSONDecodeError as error:
                yield RejectedRecord(
                    origin, f"not valid JSON ({error.msg} at column {error.colno})"
                )
                continue
        if not isinstance(item, dict):
            yield RejectedRecord(origin, "not a JSON object of fields")
            continue
        keys = tuple(item)
        if keys not in columns_for:
            columns_for[keys] = choose_columns(keys, mapping or {}, origin)
        yield make_record({name: item.get(key) for name, key in columns_for[keys].items()}, origin)


def read_source_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"{path.name}: not valid UTF-8 (byte 0x{error.object[error.start]:02x} at offset {error.start}); save it as UTF-8"
        ) from None


# ---------------------------------------------------------------------------------------------------------------
# Feeds, pages and crawls


def records_from_feed(location: str | Path) -> Iterator[ImportedArticle | RejectedRecord]:
    """One article per entry of an RSS or Atom feed, a file or an http(s) URL (fetched by feedparser)."""
    import feedparser

    name = str(location) if isinstance(location, str) else location.name
    if isinstance(location, str):
        previous = socket.getdefaulttimeout()
        socket.setdefaulttimeout(
            FETCH_TIMEOUT
        )  # feedparser has no timeout of its own: a dead server would hang
        try:
            feed = feedparser.parse(location)
        finally:
            socket.setdefaulttimeout(previous)
    else:
        feed = feedparser.parse(location.read_bytes())
    if feed.get("status", 200) >= 400:
        raise SourceError(f"{name}: the server answered HTTP {feed.status}")
    if not feed.entries:
        problem = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        raise SourceError(f"{name}: not a feed with entries{problem}")
    site = one_line(feed.feed.get("title"))
    for number, entry in enumerate(feed.entries, start=1):
        contents = [item.get("value", "") for item in entry.get("content", [])]
        text = max(contents, key=len) if contents else entry.get("summary", "")
        fields = {
            "title": entry.get("title"),
            "date": feed_entry_date(entry),
            "text": text,
            "url": entry.get("link"),
            "author": [author.get("name") for author in entry.get("authors", [])]
            or entry.get("author"),
            "source": site,
        }
        yield make_record(fields, f"{name}: entry {number}", is_html=True)


def feed_entry_date(entry) -> object:
    """The entry's date as the feed wrote it, offset and all (feedparser's parsed dates are in UTC, which can move
    an evening article to the next day); its parsed date only when the raw one cannot be read."""
    for key in ("published", "updated", "created"):
        if parse_published(entry.get(key)) is not None:
            return entry.get(key)
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key):
            return dt.date(*entry[key][:3])
    return entry.get("published") or entry.get("updated")


def records_from_html(path: Path) -> Iterator[ImportedArticle | RejectedRecord]:
    """A saved page: its main text, title, author and publication date, without navigation, banners or comments."""
    yield record_from_page(path.read_bytes(), path.name, url=None)


def record_from_page(page: bytes, origin: str, url: str | None) -> ImportedArticle | RejectedRecord:
    """trafilatura finds the main text and metadata; it works on the bytes given and never fetches anything."""
    import trafilatura

    document: Any = trafilatura.bare_extraction(  # a Document: with_metadata, not as_dict
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "outputformat": "%Y-%m-%d",
        },
    )
    if document is None or not (document.text or "").strip():
        return RejectedRecord(origin, "no article text found in the page")
    if not document.date:
        return RejectedRecord(origin, "no publication date in the page")
    fields = {
        "title": document.title,
        "date": document.date,
        "text": "\n\n".join(document.text.splitlines()),
        "url": document.url or url,
        "author": document.author,
        "source": document.sitename,
    }
    return make_record(fields, origin, is_html=False)


def records_from_warc(path: Path) -> Iterator[ImportedArticle | RejectedRecord]:
    """One article per successful HTML response in a WARC (or ARC) file; other records are not articles."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with path.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream, arc2warc=True):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in content_type or record.http_headers.get_statuscode() != "200":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                yield record_from_page(
                    record.content_stream().read(), f"{path.name}: {url}", url=url
                )
        except ArchiveLoadFailed as error:
            raise SourceError(f"{path.name}: not a WARC file ({error.msg})") from None


def source_kind(location: str) -> str | None:
    """'csv', 'jsonl', 'feed', 'html' or 'warc', by URL scheme, file extension, or failing those the first bytes."""
    if re.match(r"https?://", location, re.IGNORECASE):
        return "feed"
    path = Path(location)
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes[-1:] == [".gz"] and suffixes[-2:-1] in ([".warc"], [".arc"]):
        return "warc"
    if suffixes and suffixes[-1] in KINDS:
        return KINDS[suffixes[-1]]
    with path.open("rb") as stream:
        head = stream.read(2048)
    if head.startswith(b"\x1f\x8b"):  # gzipped: look inside
        try:
            with gzip.open(path, "rb") as stream:
                head = stream.read(2048)
        except (OSError, EOFError):
            return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "feed"
    if start.startswith(b"{"):
        return "jsonl"
    return None


def records_from(
    location: str, mapping: dict[str, str]
) -> Iterator[ImportedArticle | RejectedRecord]:
    """The records of one source, of whatever kind it is; SourceError when it cannot be read at all."""
    is_url = re.match(r"https?://", location, re.IGNORECASE) is not None
    if not is_url and not Path(location).is_file():
        raise SourceError(f"{location}: no such file")
    try:
        kind = source_kind(location)
    except OSError as error:
        raise SourceError(f"{location}: cannot be read ({error.strerror or error})") from None
    if kind is None:
        raise SourceError(
            f"{location}: not a CSV, JSON Lines, feed, HTML or WARC file (name it .csv, .jsonl, .rss, .atom, .html or .warc.gz)"
        )
    if kind == "feed":
        return records_from_feed(location if is_url else Path(location))
    if kind in ("csv", "jsonl"):
        return (records_from_csv if kind == "csv" else records_from_jsonl)(Path(location), mapping)
    return (records_from_html if kind == "html" else records_from_warc)(Path(location))


# ---------------------------------------------------------------------------------------------------------------
# Writing seed files


def seed_file_text(record: ImportedArticle) -> str:
    """The seed file: YAML front matter (written by yaml.safe_dump, so no field can end it early) and the text."""
    meta = {
        "date": record.date,
        "title": record.title,
        "url": record.url,
        "author": record.author,
        "source": record.source,
    }
    front = yaml.safe_dump(
        {key: value for key, value in meta.items() if value},
        sort_keys=False,
        allow_unicode=True,
        width=sys.maxsize,
    )
    return f"---\n{front}---\n\n{escape_leading_hashes(record.text)}\n"


def escape_leading_hashes(text: str) -> str:
    """A paragraph that starts with '#' escaped as Markdown does ('\\#'), so the reader keeps it a paragraph rather
    than taking it for a heading."""
    paragraphs = re.split(r"\n[ \t]*\n", text)
    return "\n\n".join("\\" + p.lstrip() if p.lstrip().startswith("#") else p for p in paragraphs)


def seed_file_name(record: ImportedArticle) -> str:
    return f"{record.date:%Y-%m-%d}-{make_slug(record.title or record.text[:80], ARTICLE_SLUG_MAX_CHARS)}.md"


def text_digest(article: Article) -> str:
    """The same digest of an article's text as `read` uses to find two files with the same text."""
    return hashlib.sha256(article.body.encode("utf-8")).hexdigest()


def normal_url(url: str) -> str:
    return url.strip().split("#", 1)[0]


@dataclass
class SeedsIndex:
    """URLs and text digests of the articles already in the seeds folder (and those written so far)."""

    urls: dict[str, str]
    digests: dict[str, str]

    @classmethod
    def of(cls, seeds: Path) -> SeedsIndex:
        index = cls({}, {})
        for article in read_archive(seeds).articles if seeds.is_dir() else ():
            index.add(article, article.path)
        return index

    def add(self, article: Article, where: str) -> None:
        if article.url:
            self.urls.setdefault(normal_url(article.url), where)
        self.digests.setdefault(text_digest(article), where)

    def already_has(self, article: Article) -> str | None:
        """Why `article` is already in the seeds, or None."""
        if article.url and normal_url(article.url) in self.urls:
            return f"same URL as {self.urls[normal_url(article.url)]}"
        if text_digest(article) in self.digests:
            return f"same text as {self.digests[text_digest(article)]}"
        return None


def import_sources(
    sources: list[str], into: Path, mapping: dict[str, str] | None = None
) -> ImportReport:
    """Read every source and write each new article into `into` as a seed file; nothing existing is overwritten."""
    report = ImportReport()
    into.mkdir(parents=True, exist_ok=True)
    index = SeedsIndex.of(into)
    for location in expand_folders(sources):
        try:
            for record in records_from(location, mapping or {}):
                import_record(record, into, index, report)
        except SourceError as error:
            report.unreadable.append((location, str(error)))
        except OSError as error:
            report.unreadable.append(
                (location, f"{location}: cannot be read ({error.strerror or error})")
            )
    return report


def expand_folders(sources: list[str]) -> list[str]:
    """Each source as given, a folder replaced by the files in it, recursively, in sorted order (hidden ones left out)."""
    expanded = []
    for location in sources:
        folder = Path(location)
        if re.match(r"https?://", location, re.IGNORECASE) or not folder.is_dir():
            expanded.append(location)
            continue
        files = [
            path
            for path in folder.rglob("*")
            if path.is_file()
            and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        ]
        expanded += [str(path) for path in sorted(files)]
    return expanded


def import_record(
    record: ImportedArticle | RejectedRecord, into: Path, index: SeedsIndex, report: ImportReport
) -> None:
    """Write one article, or note why it was skipped or rejected."""
    if isinstance(record, RejectedRecord):
        report.rejected.append((record.origin, record.reason))
        return
    name, content = seed_file_name(record), seed_file_text(record)
    try:
        article = parse_article(content.encode("utf-8"), name)
    except InputError as error:
        report.rejected.append((record.origin, error.reason))
        return
    duplicate = index.already_has(article)
    if duplicate:
        report.duplicates.append((record.origin, duplicate))
        return
    target = into / name
    try:
        with target.open("x", encoding="utf-8", newline="\n") as output:
            output.write(content)
    except FileExistsError:
        report.rejected.append(
            (
                record.origin,
                f"{name} exists with other text (edited since, or another article with this date and title); left as it is",
            )
        )
        return
    index.add(article, name)
    report.imported.append((record.origin, target))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def report_lines(report: ImportReport) -> list[str]:
    """One line per article not imported and per unreadable source, then the summary."""
    lines = [f"skipped as duplicate: {origin}: {reason}" for origin, reason in report.duplicates]
    lines += [f"rejected: {origin}: {reason}" for origin, reason in report.rejected]
    lines += [f"cannot read {message}" for _, message in report.unreadable]
    summary = f"imported {len(report.imported)}, skipped {len(report.duplicates)} as {'duplicate' if len(report.duplicates) == 1 else 'duplicates'}, rejected {len(report.rejected)}"
    if report.unreadable:
        summary += f"; {plural(len(report.unreadable), 'source')} could not be read"
    return lines + [summary]


def run_import(sources: list[str], into: str, mapping_text: str | None) -> int:
    """`annals import`: 0 when every source was read, 1 when one could not be read at all, 2 on a wrong --map."""
    try:
        mapping = parse_mapping(mapping_text)
    except ValueError as error:
        print(f"annals import: {error}", file=sys.stderr)
        return 2
    report = import_sources(sources, Path(into), mapping)
    for line in report_lines(report):
        print(line)
    return 1 if report.unreadable else 0
