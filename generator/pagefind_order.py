"""A Pagefind bundle's filter indexes put in a fixed order, so that the same records give the same bytes.

Pagefind 1.5 collects filters in hash maps seeded afresh in every process and writes them in the order the maps
list them: each filter index's values, and the list of filter indexes in the bundle's metadata, come out in
another order on every run (its source says as much: "TODO: Change filter indexes to BTree to give them a stable
hash"), and with them the files' names. This module rewrites those files with the values and the list sorted,
names them by a digest of their new content, and points the metadata and `pagefind-entry.json` at the new names.
Pagefind reads every one of these lists into a map, so their order means nothing to a search.

The files are gzip-compressed CBOR after Pagefind's `pagefind_dcd` signature; CBOR is read and written here for
the few kinds of item those files hold (integers, strings, arrays, maps); anything else is kept as its bytes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True)
class Raw:
    """A CBOR item kept as its encoded bytes (a float, a tag, a simple value)."""

    data: bytes


def decode(data: bytes, at: int = 0) -> tuple[object, int]:
    """The CBOR item at `at` and the offset after it."""
    major, info = data[at] >> 5, data[at] & 31
    start, at = at, at + 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise ValueError(f"CBOR item of indefinite length at byte {start}")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at : at + argument]
        return (raw if major == 2 else raw.decode("utf-8")), at + argument
    if major in (4, 5):
        items = []
        for _ in range(argument * (2 if major == 5 else 1)):
            item, at = decode(data, at)
            items.append(item)
        return (items if major == 4 else dict(zip(items[::2], items[1::2], strict=True))), at
    if major == 6:
        _, at = decode(data, at)
        return Raw(data[start:at]), at
    return Raw(data[start:at]), at


def head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def encode(item: object) -> bytes:
    """`item` as CBOR, every length and integer in its shortest form (as Pagefind writes them)."""
    if isinstance(item, Raw):
        return item.data
    if isinstance(item, bool) or item is None:
        raise TypeError("no booleans or nulls in Pagefind's filter files")
    if isinstance(item, int):
        return head(0, item) if item >= 0 else head(1, -1 - item)
    if isinstance(item, bytes):
        return head(2, len(item)) + item
    if isinstance(item, str):
        data = item.encode("utf-8")
        return head(3, len(data)) + data
    if isinstance(item, list):
        return head(4, len(item)) + b"".join(encode(i) for i in item)
    if isinstance(item, dict):
        return head(5, len(item)) + b"".join(encode(k) + encode(v) for k, v in item.items())
    raise TypeError(f"cannot encode {type(item).__name__} as CBOR")


def read_file(content: bytes) -> Any:  # CBOR-like items: lists, strings, numbers
    data = gzip.decompress(content)
    if not data.startswith(SIGNATURE):
        raise ValueError("not a Pagefind data file")
    item, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError("trailing bytes after the CBOR item")
    return item


def write_file(item: object) -> bytes:
    return gzip.compress(SIGNATURE + encode(item), mtime=0)


def digest(content: bytes, length: int) -> str:
    return hashlib.sha256(content).hexdigest()[:length]


def order_filters(files: list[dict]) -> list[dict]:
    """The files of a bundle as Pagefind's service returns them ({"path", "content" in base64}), with the filter
    indexes in a fixed order and named after their content, and the metadata and entry file pointing at them.
    A bundle without filters is returned as it is."""
    by_path = {file["path"]: base64.b64decode(file["content"]) for file in files}
    entry_path = next((p for p in by_path if PurePosixPath(p).name == "pagefind-entry.json"), None)
    filters = [p for p in by_path if p.endswith(".pf_filter")]
    if entry_path is None or not filters:
        return files
    entry = json.loads(by_path[entry_path])
    renamed: dict[str, str] = {}  # old hash (as the metadata names it) → new
    for path in filters:
        index = read_file(by_path.pop(path))
        index[1] = sorted(
            index[1], key=lambda value: value[0]
        )  # [filter name, [[value, [pages]], …]]
        content = write_file(index)
        folder, name = path.rsplit("/", 1)
        language = name.split("_", 1)[0]
        new = f"{language}_{digest(content, 7)}"
        renamed[name.removesuffix(".pf_filter")] = new
        by_path[f"{folder}/{new}.pf_filter"] = content
    for language in entry["languages"].values():
        meta_path = str(
            PurePosixPath(entry_path).parent / f"pagefind.{language['hash']}.pf_meta"
        ).removeprefix("./")
        meta = read_file(by_path.pop(meta_path))
        meta = reorder_meta(meta, renamed)
        content = write_file(meta)
        language["hash"] = f"{language['hash'].split('_', 1)[0]}_{digest(content, 10)}"
        by_path[
            str(
                PurePosixPath(meta_path).parent / f"pagefind.{language['hash']}.pf_meta"
            ).removeprefix("./")
        ] = content
    by_path[entry_path] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
    return [
        {"path": path, "content": base64.b64encode(content).decode("ascii")}
        for path, content in sorted(by_path.items())
    ]


def reorder_meta(meta: list, renamed: dict[str, str]) -> list:
    """The metadata with its list of filter indexes ([[filter name, file hash], …]) renamed and sorted by name."""
    found = [
        n
        for n, part in enumerate(meta)
        if isinstance(part, list)
        and part
        and all(
            isinstance(f, list) and len(f) == 2 and isinstance(f[1], str) and f[1] in renamed
            for f in part
        )
    ]
    if len(found) != 1:
        raise ValueError("cannot find the list of filter indexes in Pagefind's metadata")
    meta[found[0]] = sorted(
        ([name, renamed[old]] for name, old in meta[found[0]]), key=lambda f: f[0]
    )
    return meta
