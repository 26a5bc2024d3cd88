"""Data exports for analysis tools: every mention as CSV (`api/mentions.csv.gz`, for spreadsheets, pandas and R)
and the actors' co-occurrence network as GEXF 1.3 (`api/network.gexf.gz`, for Gephi and networkx), both gzipped.

Both are made from the archive's database, `api/archive.db` (generator/archivedb.py), so they publish the same facts
it does; a build writes the database first and these in a process of its own beside its rendering (DataExports).
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

import csv
import gzip
import io
import sqlite3
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree as ET

from .escape import xml_text
from .model import Page
from .write import write_page

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


EXPORT_PATHS = ("api/mentions.csv.gz", "api/network.gexf.gz")


def iter_data_exports(connection: sqlite3.Connection) -> Iterator[Page]:
    """The exports one at a time, made from `api/archive.db` (archivedb.py) open on `connection`, each as pieces a
    build writes as they come: the CSV of a large archive, as one string with the buffer it was built in, was the
    build's peak memory (README, Measurements behind the code). Both are gzipped, an eighth of their size or less:
    they grow with the archive (the network with the square of an article's actors), pandas, R and networkx read
    them compressed as they are, and Gephi opens them. Made from the database, they publish the same facts it
    does, and a build makes them in a process of its own while it renders (DataExports)."""
    csv_path, gexf_path = EXPORT_PATHS
    yield Page(csv_path, iter_gzipped(iter_mentions_csv(connection)))
    yield Page(gexf_path, iter_gzipped(iter_network_gexf(connection)))


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


def spreadsheet_safe_sql(column: str) -> str:
    """spreadsheet_safe as an SQL expression on `column`. The first character is compared as the text's first
    byte: every trigger is ASCII, which in UTF-8 is its own byte and starts no other character, and SQLite's text
    functions take a NUL for the end of the text."""
    triggers = ", ".join(f"x'{ord(c):02x}'" for c in FORMULA_TRIGGERS)
    first = f"substr(CAST({column} AS BLOB), 1, 1)"
    return f"CASE WHEN {first} IN ({triggers}) THEN '''' || {column} ELSE {column} END"


# The rows of mentions.csv: archive.db's mentions in their order (oldest article first, then by position in the
# article), each with its actor's, article's and sentence's cells. SQLite makes the cells and the csv module writes
# them, with no Python code of ours run per mention.
MENTION_ROWS = f"""
SELECT {spreadsheet_safe_sql("actors.slug")}, {spreadsheet_safe_sql("actors.name")},
       {spreadsheet_safe_sql("actors.type")}, {spreadsheet_safe_sql("articles.slug")}, articles.date,
       mentions.start, mentions."end", {spreadsheet_safe_sql("mentions.text")},
       {spreadsheet_safe_sql("sentences.text")}, mentions.how, printf('%.2f', mentions.confidence)
FROM mentions
JOIN actors ON actors.id = mentions.actor
JOIN articles ON articles.id = mentions.article
JOIN sentences ON sentences.id = mentions.sentence
ORDER BY mentions.id
"""
ROWS_PER_PIECE = 5000


def iter_mentions_csv(connection: sqlite3.Connection) -> Iterator[str]:
    """mentions.csv in pieces: the header, then a few thousand rows at a time. A confidence is stored rounded to
    two decimals (resolve.mention_confidence), so SQLite's printf writes it as Python's format would."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # the 'excel' dialect: RFC 4180 quoting, CRLF
    writer.writerow(MENTION_COLUMNS)
    cursor = connection.execute(MENTION_ROWS)
    while rows := cursor.fetchmany(ROWS_PER_PIECE):
        writer.writerows(rows)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


# Edges and nodes a piece of iter_network_gexf holds.
EDGES_PER_PIECE = 10_000
NODES_PER_PIECE = 1_000


def gexf_node(slug: str, name: str, kind: str, mentions: int, articles: int) -> str:
    """An actor's <node>, indented as at its place in the whole document."""
    node = ET.Element("node", {"id": slug, "label": xml_text(name)})
    values = ET.SubElement(node, "attvalues")
    counts = {"type": kind, "mentions": mentions, "articles": articles}
    for attribute, _ in NODE_ATTRIBUTES:
        ET.SubElement(values, "attvalue", {"for": attribute, "value": str(counts[attribute])})
    ET.indent(node, space="  ", level=3)
    return ET.tostring(node, encoding="unicode")


def iter_network_gexf(connection: sqlite3.Connection) -> Iterator[str]:
    """The network from archive.db, in pieces: everything but the edges, around the edges a piece at a time.
    Actors are nodes (type, mention and article counts), their co-occurrences weighted undirected edges."""
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
    (last,) = connection.execute("SELECT max(date) FROM articles").fetchone()
    if last:
        meta.set("lastmodifieddate", last)
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
    nodes = connection.execute(
        "SELECT slug, name, type, mentions, articles FROM actors ORDER BY slug"
    )
    if piece := nodes.fetchmany(NODES_PER_PIECE):
        before, _, text = text.partition("<nodes />")
        yield before + "<nodes>\n"
        while piece:
            yield "".join("      " + gexf_node(*actor) + "\n" for actor in piece)
            piece = nodes.fetchmany(NODES_PER_PIECE)
        text = "    </nodes>" + text
    # Edges outnumber actors by far and hold nothing but slugs (lowercase ASCII, digits and hyphens) and numbers,
    # so they are written as text, as ElementTree would write them, at a fraction of its time. Numbered in (source,
    # target) order: short ids matter.
    edges = connection.execute(
        """SELECT a.slug, b.slug, cooccurrences.articles FROM cooccurrences
        JOIN actors AS a ON a.id = cooccurrences.actor_a JOIN actors AS b ON b.id = cooccurrences.actor_b
        ORDER BY cooccurrences.actor_a, cooccurrences.actor_b"""
    )
    piece = edges.fetchmany(EDGES_PER_PIECE)
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
            for number, (source, target, weight) in enumerate(piece, start=first)
        )
        first += len(piece)
        piece = edges.fetchmany(EDGES_PER_PIECE)
    yield "    </edges>" + after + "\n"


def write_data_exports(database: Path, folder: Path) -> list[str]:
    """Write the exports of the archive.db at `database` under `folder` (the pages folder), each only where it
    changed; the paths written."""
    connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [page.path for page in iter_data_exports(connection) if write_page(page, folder)]
    finally:
        connection.close()


# The process DataExports runs: this package, wherever it was imported from (a copy, in the benchmark), writing.
EXPORT_PROCESS = "import sys; sys.path.insert(0, sys.argv[1]); from generator.exports import main; main(sys.argv[2:])"


class DataExports:
    """The CSV and the network written from archive.db by a process of its own, started as soon as the database
    is written, while the build goes on with its pages: the csv module and ElementTree hold Python's lock, so in a
    thread they would take the build's own core (5 of a one-article rebuild's 55 s at 10,000 articles). The
    process reads the database as it streams, holding no archive. `wait` says what it wrote, or raises what went
    wrong; `stop` ends it early (a build that fails meanwhile)."""

    def __init__(self, database: Path, folder: Path):
        self.answer = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                EXPORT_PROCESS,
                str(Path(__file__).resolve().parents[1]),
                str(database),
                str(folder),
            ],
            stdin=subprocess.DEVNULL,
            stdout=self.answer,
            stderr=subprocess.STDOUT,
        )

    def wait(self) -> list[str]:
        """The paths the process wrote (the others were as it would have written them)."""
        code = self.process.wait()
        self.answer.seek(0)
        said = self.answer.read().decode("utf-8", "replace")
        self.answer.close()
        if code != 0:
            raise ExportError(
                f"writing {' and '.join(EXPORT_PATHS)} failed (exit status {code}): {said.strip()[-2000:]}"
            )
        return [line for line in said.splitlines() if line in EXPORT_PATHS]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.answer.close()


class ExportError(Exception):
    """DataExports' process failed."""


def main(arguments: list[str]) -> None:
    """DataExports' process: `DATABASE FOLDER`; prints each path it wrote."""
    database, folder = arguments
    for path in write_data_exports(Path(database), Path(folder)):
        print(path)
