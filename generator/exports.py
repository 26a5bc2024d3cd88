"""Data exports for analysis tools: every mention as CSV (`api/mentions.csv.gz`, for spreadsheets, pandas and R)
and the actors' co-occurrence network as GEXF 1.3 (`api/network.gexf.gz`, for Gephi and networkx), both gzipped.

Both are sorted and carry no build time (nor does their gzip header), so the same archive gives the same bytes.

`mentions.csv` is UTF-8, RFC 4180 (written by the csv module: comma-separated, CRLF line ends, fields quoted when
they hold a comma, quote or line break), with a header row. Its last two columns say how resolve attached the mention to the actor (`how`, one of
generator/model.py's HOW: model, by-name, surname, short-form, acronym, variant, editorial) and how surely
(`confidence`, two decimals, the fixed rule of resolve.mention_confidence). Article text is untrusted and a spreadsheet runs a
cell that starts with `=`, `+`, `-` or `@` (or tab, carriage return, NUL) as a formula, so such a cell is written
with a `'` in front, as OWASP's CSV Injection guidance advises: spreadsheets show the text as it is, and a script
that wants the raw value strips a leading `'` when the character after it is one of those.

`network.gexf` is written with the standard library's ElementTree rather than `networkx.write_gexf`: networkx's
writer stamps `<meta lastmodifieddate>` with the day of the build and names its own version as the creator, so the
bytes would change from day to day and on every networkx upgrade, and it would make networkx (a large package) a
dependency for one small file. The GEXF written here follows the 1.3 schema and networkx's `read_gexf` and Gephi
read it back.
"""

from __future__ import annotations

import bisect
import csv
import functools
import gzip
import io
import itertools
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .feeds import xml_text
from .model import Actor, Archive, Page

MENTION_COLUMNS = (
    "actor_slug",
    "actor_name",
    "actor_type",
    "article_slug",
    "article_date",
    "start",
    "end",
    "text",
    "sentence",
    "how",
    "confidence",
)
# First characters that make a spreadsheet read a cell as a formula (OWASP CSV Injection; ASVS adds NUL).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Pieces of a binary export handed to the page writer: large enough to be few, small enough not to matter.
CHUNK_BYTES = 1 << 20
GEXF_NAMESPACE = "http://gexf.net/1.3"
GEXF_SCHEMA = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
NODE_ATTRIBUTES = (("type", "string"), ("mentions", "integer"), ("articles", "integer"))


def iter_data_exports(archive: Archive, pairs: Cooccurrences | None = None) -> Iterator[Page]:
    """The exports one at a time, each as pieces a build writes as they come: the CSV of a large archive, as one
    string with the buffer it was built in, was the build's peak memory (README, Measurements behind the code).
    Both are gzipped, an eighth of their size or less: they grow with the archive (the network with the square of
    an article's actors), pandas, R and networkx read them compressed as they are, and Gephi opens them."""
    yield Page("api/mentions.csv.gz", iter_gzipped(iter_mentions_csv(archive)))
    yield Page("api/network.gexf.gz", iter_gzipped(iter_network_gexf(archive, pairs)))


LEVEL = 4  # zlib's, for the exports (iter_gzipped)


def iter_gzipped(pieces: Iterable[str]) -> Iterator[bytes]:
    """Text pieces as one gzip stream in pieces, with no file name and a zero time in its header, so the same text
    gives the same bytes. zlib's level 4, not gzip's 9 nor zlib's default 6: at 1,000 articles the network export
    compressed in 0.19 s at 6 instead of 0.84 s at 9, 6 % larger; at 10,000, both exports took 5.8 s at 4 instead
    of 6.9 s at 6 (made and compressed), 3 % larger (35.4 MB instead of 34.4 MB). The compressing is done in a
    thread of its own, a batch of text behind the making of it: zlib lets go of the GIL while it compresses, so the
    other core does it while this one makes the next batch (at 10,000 articles it was 5 of a one-article rebuild's
    77 s, on the build's core)."""
    sink = io.BytesIO()
    stream = gzip.GzipFile(filename="", mode="wb", fileobj=sink, mtime=0, compresslevel=LEVEL)

    def compressed(data: bytes | None) -> bytes:
        if data is None:
            stream.close()
        else:
            stream.write(data)
        out = sink.getvalue()
        sink.seek(0)
        sink.truncate()
        return out

    # One worker: the batches are compressed in the order they are given, into one stream.
    with ThreadPoolExecutor(1, thread_name_prefix="annals-gzip") as worker:
        pending: deque[Future[bytes]] = deque()
        batch: list[bytes] = []
        size = 0
        for piece in pieces:
            data = piece.encode("utf-8")
            batch.append(data)
            size += len(data)
            if size >= CHUNK_BYTES:
                pending.append(worker.submit(compressed, b"".join(batch)))
                batch, size = [], 0
                if len(pending) > 2 and (out := pending.popleft().result()):  # three batches held
                    yield out
        pending.append(worker.submit(compressed, b"".join(batch)))
        pending.append(worker.submit(compressed, None))
        for future in pending:
            if out := future.result():
                yield out


def spreadsheet_safe(value: str) -> str:
    """A cell value no spreadsheet will run as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def mentions_csv(archive: Archive) -> str:
    """One row per mention, oldest article first, then by position in the article."""
    return "".join(iter_mentions_csv(archive))


def iter_mentions_csv(archive: Archive) -> Iterator[str]:
    """mentions_csv in pieces: the header, then the rows of one article at a time. An actor's cells and an
    article's are made safe once, not once per mention: a large archive has tens of mentions per actor."""
    by_article: dict[str, list] = {article.slug: [] for article in archive.articles}
    for actor in archive.actors:
        cells = tuple(map(spreadsheet_safe, (actor.slug, actor.name, actor.type)))
        for mention in actor.mentions:
            rows = by_article.get(mention.article)
            if rows is not None:
                rows.append((mention.start, mention.end, actor.slug, cells, mention))

    @functools.cache
    def confidence_text(confidence: float) -> str:
        return f"{confidence:.2f}"

    out = io.StringIO(newline="")
    writer = csv.writer(out)  # the 'excel' dialect: RFC 4180 quoting, CRLF
    writer.writerow(MENTION_COLUMNS)
    for article in sorted(archive.articles, key=lambda a: (a.date, a.slug)):
        slug, date = spreadsheet_safe(article.slug), article.date.isoformat()
        rows = by_article[article.slug]
        rows.sort(key=lambda row: row[:3])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        writer.writerows(
            (
                actor_slug,
                name,
                kind,
                slug,
                date,
                start,
                end,
                spreadsheet_safe(mention.text),
                spreadsheet_safe(mention.sentence),
                mention.how,
                confidence_text(mention.confidence),
            )
            for start, end, _, (actor_slug, name, kind), mention in rows
        )
    yield out.getvalue()


# Pairs grow with the square of an article's actors: in an article naming more than this many, only its most
# mentioned actors are linked to each other, so a list of 2,000 names cannot turn into two million edges.
MAX_LINKED_ACTORS_PER_ARTICLE = 50


@dataclass(frozen=True)
class Cooccurrences:
    """Every pair of actors named in the same article, with the number of such articles, in (slug, slug) order:
    worked out once a build and read by both the network and the database, as three arrays of numbers into the
    sorted slugs. At 10,000 articles that is 1.3 million pairs in 15 MB; working them out took 2.2 s, twice."""

    slugs: tuple[str, ...]  # every actor's slug, sorted: a pair's numbers index it
    first: array
    second: array
    articles: array

    def __iter__(self) -> Iterator[tuple[tuple[str, str], int]]:
        slugs = self.slugs
        for first, second, articles in zip(self.first, self.second, self.articles):
            yield (slugs[first], slugs[second]), articles

    def numbered(self) -> Iterator[tuple[int, int, int]]:
        """(first, second, articles), actors numbered from 1 in slug order, as archive.db numbers them."""
        for first, second, articles in zip(self.first, self.second, self.articles):
            yield first + 1, second + 1, articles


def cooccurrences(archive: Archive) -> Cooccurrences:
    """The archive's pairs, made one actor's pairs at a time: as Python tuples, the pairs of a large archive held
    at once (millions of them, with the square of an article's actors) were the largest thing the exports made."""
    counts_by_article: dict[str, Counter] = {}
    for actor in archive.actors:
        for mention in actor.mentions:
            counts_by_article.setdefault(mention.article, Counter())[actor.slug] += 1
    slugs = tuple(sorted({actor.slug for actor in archive.actors}))
    number = {slug: n for n, slug in enumerate(slugs)}
    linked: dict[str, list[int]] = {}  # article → its linked actors' numbers, sorted
    articles_of: dict[int, list[str]] = defaultdict(list)  # actor → the articles it is linked in
    for article, counts in counts_by_article.items():
        ranked = sorted(counts, key=lambda slug: (-counts[slug], slug))
        linked[article] = sorted(number[slug] for slug in ranked[:MAX_LINKED_ACTORS_PER_ARTICLE])
        for actor_number in linked[article]:
            articles_of[actor_number].append(article)
    del counts_by_article
    pairs = Cooccurrences(slugs, array("I"), array("I"), array("I"))
    for actor_number in sorted(articles_of):
        partners: Counter = Counter()
        for article in articles_of[actor_number]:
            others = linked[article]
            # Each pair once, counted from its first actor.
            partners.update(others[bisect.bisect_right(others, actor_number) :])
        for other in sorted(partners):
            pairs.first.append(actor_number)
            pairs.second.append(other)
            pairs.articles.append(partners[other])
    return pairs


def network_gexf(archive: Archive, pairs: Cooccurrences | None = None) -> str:
    """Actors as nodes (type, mention and article counts), shared articles as weighted undirected edges."""
    return "".join(iter_network_gexf(archive, pairs))


# Edges and nodes a piece of iter_network_gexf holds.
EDGES_PER_PIECE = 10_000
NODES_PER_PIECE = 1_000


def gexf_node(actor: Actor) -> str:
    """An actor's <node>, indented as at its place in the whole document."""
    node = ET.Element("node", {"id": actor.slug, "label": xml_text(actor.name)})
    values = ET.SubElement(node, "attvalues")
    counts = {
        "type": actor.type,
        "mentions": len(actor.mentions),
        "articles": len({m.article for m in actor.mentions}),
    }
    for name, _ in NODE_ATTRIBUTES:
        ET.SubElement(values, "attvalue", {"for": name, "value": str(counts[name])})
    ET.indent(node, space="  ", level=3)
    return ET.tostring(node, encoding="unicode")


def iter_network_gexf(archive: Archive, pairs: Cooccurrences | None = None) -> Iterator[str]:
    """network_gexf in pieces: everything but the edges, around the edges a piece at a time."""
    root = ET.Element(
        "gexf",
        {
            "xmlns": GEXF_NAMESPACE,
            "xmlns:xsi": XSI_NAMESPACE,
            "xsi:schemaLocation": GEXF_SCHEMA,
            "version": "1.3",
        },
    )
    meta = ET.SubElement(root, "meta")
    if archive.articles:
        meta.set("lastmodifieddate", max(a.date for a in archive.articles).isoformat())
    ET.SubElement(meta, "creator").text = "Annals"
    ET.SubElement(
        meta, "description"
    ).text = "Actors named in the same article; edge weight: the number of such articles."
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "undirected", "mode": "static"})
    declared = ET.SubElement(graph, "attributes", {"class": "node", "mode": "static"})
    for name, kind in NODE_ATTRIBUTES:
        ET.SubElement(declared, "attribute", {"id": name, "title": name, "type": kind})
    ET.SubElement(graph, "nodes")
    ET.SubElement(graph, "edges")
    ET.indent(root, space="  ")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    # The nodes, one actor's element at a time, as ElementTree writes them inside the whole tree; the empty
    # element is the only '<nodes />' in the text.
    if archive.actors:
        before, _, text = text.partition("<nodes />")
        yield before + "<nodes>\n"
        actors = sorted(archive.actors, key=lambda a: a.slug)
        for first in range(0, len(actors), NODES_PER_PIECE):
            yield "".join(
                "      " + gexf_node(actor) + "\n"
                for actor in actors[first : first + NODES_PER_PIECE]
            )
        text = "    </nodes>" + text
    # Edges outnumber actors by far and hold nothing but slugs (lowercase ASCII, digits and hyphens) and numbers,
    # so they are written as text, as ElementTree would write them, at a fraction of its time. Numbered in (source,
    # target) order: short ids matter.
    edges = iter(pairs if pairs is not None else cooccurrences(archive))
    piece = list(itertools.islice(edges, EDGES_PER_PIECE))
    if not piece:
        yield text + "\n"
        return
    # Labels are escaped, so the empty element is the only '<edges />' in the text.
    before, _, after = text.partition("<edges />")
    yield before + "<edges>\n"
    first = 0
    while piece:
        yield "".join(
            f'      <edge id="{number}" source="{source}" target="{target}" weight="{weight}" />\n'
            for number, ((source, target), weight) in enumerate(piece, start=first)
        )
        first += len(piece)
        piece = list(itertools.islice(edges, EDGES_PER_PIECE))
    yield "    </edges>" + after + "\n"
