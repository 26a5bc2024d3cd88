"""Writing generated pages into the pages folder: a file is replaced only when its content changed (so its
modification time says when it last changed, which the page cache and `mkdocs serve --dirty` rely on), atomically,
and files no longer generated are removed."""

from __future__ import annotations

import filecmp
import os
from collections.abc import Iterable
from pathlib import Path

from .model import Page


def write_pages(pages: Iterable[Page], directory: Path) -> tuple[int, int]:
    """Write pages whose content changed and delete files no longer generated; (written, removed)."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = set()
    written = 0
    for page in pages:
        wanted.add(page.path)
        target = directory / page.path
        if page.content is None:
            continue  # kept as the last build wrote it
        temporary = target.with_name(f".{target.name}.tmp")
        try:
            if isinstance(page.content, str):
                data = page.content.encode("utf-8")
                try:
                    if target.read_bytes() == data:
                        continue
                except OSError:
                    pass
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary.write_bytes(data)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(temporary, "wb") as stream:
                    for piece in page.content:  # text, or bytes for a binary export
                        stream.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
                if target.is_file() and filecmp.cmp(temporary, target, shallow=False):
                    temporary.unlink()
                    continue
            temporary.replace(target)
        except BaseException:
            temporary.unlink(
                missing_ok=True
            )  # a failed write leaves the old page, and nothing beside it
            raise
        written += 1
    removed = 0
    emptied: set[str] = set()
    # Bottom-up, so a folder emptied of its files is itself removed (os.walk: a fifth of the time of Path.rglob).
    for folder, folders, names in os.walk(directory, topdown=False):
        prefix = (
            Path(folder).relative_to(directory).as_posix() + "/" if folder != str(directory) else ""
        )
        kept = False
        for name in names:
            if prefix + name in wanted:
                kept = True
            else:
                os.unlink(os.path.join(folder, name))
                removed += 1
        if prefix and not kept and all(os.path.join(folder, child) in emptied for child in folders):
            os.rmdir(folder)
            emptied.add(folder)
    return written, removed
