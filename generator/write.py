"""Writing generated pages into the pages folder: a file is replaced only when its content changed (so its
modification time says when it last changed, which the page cache and `mkdocs serve --dirty` rely on), atomically,
and files no longer generated are removed."""

from __future__ import annotations

import contextlib
import filecmp
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .model import Page

# (path under the folder, size, modification time in ns) of each file, by path
Listing = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class WrittenPages:
    """What write_pages did: files written and removed, and every file the folder holds now (for the page
    cache, which reuses an HTML page while its Markdown's size and time stay the same)."""

    written: int
    removed: int
    listing: Listing


def write_pages(pages: Iterable[Page], directory: Path) -> WrittenPages:
    """Write pages whose content changed and delete files no longer generated."""
    writer = PageWriter(directory)
    writer.write(pages)
    return writer.finish()


class PageWriter:
    """write_pages in steps, for a build that writes some pages before others and has files written by another
    process meanwhile (exports.DataExports): every page written is wanted, and so is every path `expect`ed;
    `finish` removes the rest and lists the folder."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.wanted: set[str] = set()
        self.written = 0

    def write(self, pages: Iterable[Page]) -> None:
        for page in pages:
            self.wanted.add(page.path)
            self.written += write_page(page, self.directory)

    def expect(self, paths: Iterable[str], written: int) -> None:
        """Paths another process wrote into the folder, `written` of them changed."""
        self.wanted.update(paths)
        self.written += written

    def finish(self) -> WrittenPages:
        listing: list[tuple[str, int, int]] = []
        removed = prune_and_list(self.directory, "", self.wanted, listing)
        return WrittenPages(self.written, removed, tuple(sorted(listing)))


def write_page(page: Page, directory: Path) -> bool:
    """Write one page under `directory` unless its content is None (kept as the last build wrote it) or the same
    as the file's, atomically; whether the file changed."""
    if page.content is None:
        return False
    target = directory / page.path
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        if isinstance(page.content, str):
            data = page.content.encode("utf-8")
            try:
                if target.read_bytes() == data:
                    return False
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
                return False
        temporary.replace(target)
    except BaseException:
        temporary.unlink(
            missing_ok=True
        )  # a failed write leaves the old page, and nothing beside it
        raise
    return True


def prune_and_list(
    folder: Path | str, prefix: str, wanted: set[str], listing: list[tuple[str, int, int]]
) -> int:
    """Remove the files under `folder` that are not `wanted` (paths under the pages folder, `prefix` being
    `folder`'s) and the folders left empty, and add the others to `listing`; the number of files removed. One
    pass of os.scandir, which also gives the sizes and times the listing needs: os.walk and then a listing took
    14 s of a 10,000-article rebuild."""
    removed, _ = pruned_folder(folder, prefix, wanted, listing)
    return removed


def pruned_folder(
    folder: Path | str, prefix: str, wanted: set[str], listing: list[tuple[str, int, int]]
) -> tuple[int, bool]:
    """prune_and_list's walk: the files removed under `folder`, and whether it kept anything. Only a folder left
    with nothing is removed: trying every folder (an error from each of 40,000 kept ones) took 1.4-3 s of a
    10,000-article rebuild under py-spy."""
    removed = 0
    kept = False
    with os.scandir(folder) as entries:
        for entry in list(entries):
            path = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                gone, kept_below = pruned_folder(entry.path, path + "/", wanted, listing)
                removed += gone
                if kept_below:
                    kept = True
                else:
                    with contextlib.suppress(OSError):  # a file put there since, by another process
                        os.rmdir(entry.path)
            elif path in wanted:
                info = entry.stat(follow_symlinks=False)
                listing.append((path, info.st_size, info.st_mtime_ns))
                kept = True
            else:
                os.unlink(entry.path)
                removed += 1
    return removed, kept
