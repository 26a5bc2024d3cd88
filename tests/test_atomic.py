"""Every writer that promises "all or nothing" keeps it: when the final rename fails, the file still holds the old
bytes, the error reaches the caller, and no temporary file is left beside it.

A writer that wrote in place would pass a test that only looks for leftover temporary files; here the rename is
made to fail, so only a writer that puts the new bytes somewhere else first and renames them last keeps the old
file whole.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.annotate import AnnotationCache
from generator.cache import CacheFolder, write_atomically
from generator.model import Annotation, Entity, Page
from generator.write import write_pages


def failing_rename(*args, **kwargs):
    raise OSError(28, "No space left on device (made to fail by the test)")


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_page(folder: Path, content) -> None:
    write_pages([Page("actors/putin.md", content)], folder)


# Each writer: a function writing `value` under `folder`, as a caller would use it. Text, bytes, JSON entries.
WRITERS = {
    "cache.write_atomically": lambda folder, value: write_atomically(
        folder / "pages" / "entry.html", value.encode("utf-8")
    ),
    "cache.CacheFolder.save": lambda folder, value: CacheFolder(folder).save(
        "build-state.json", "1", {"archive": value}
    ),
    "annotate.AnnotationCache.put": lambda folder, value: AnnotationCache(folder).put(
        "ab" + "0" * 62, Annotation((Entity(0, len(value), "PERSON"),), ((0, len(value)),))
    ),
    "write.write_pages, one text": lambda folder, value: write_page(folder, value),
    "write.write_pages, in pieces": lambda folder, value: write_page(
        folder, iter([value[:3], value[3:]])
    ),
}


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_failed_rename_leaves_the_old_bytes_and_no_temporary_file(tmp_path, monkeypatch, writer):
    writer(tmp_path, "Vladimir Putin")
    before = files_in(tmp_path)
    assert len(before) == 1 and all(before.values())
    monkeypatch.setattr(os, "replace", failing_rename)
    with pytest.raises(OSError, match="made to fail by the test"):
        writer(tmp_path, "Jens Stoltenberg, Secretary General")
    monkeypatch.undo()
    assert files_in(tmp_path) == before


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_successful_write_replaces_the_file_whole(tmp_path, writer):
    writer(tmp_path, "Vladimir Putin")
    ((name, old),) = files_in(tmp_path).items()
    writer(tmp_path, "Jens Stoltenberg, Secretary General")
    ((new_name, new),) = files_in(tmp_path).items()
    assert new_name == name and new != old


def test_what_the_writers_write_reads_back(tmp_path):
    """The two writers with a reader of their own: what they wrote is what comes back."""
    folder = tmp_path
    CacheFolder(folder).save("state.json", "1", {"archive": "x"})
    assert CacheFolder(folder).load("state.json", "1") == {"archive": "x"}
    annotation = Annotation((Entity(0, 5, "PERSON"),), ((0, 5),))
    AnnotationCache(folder).put("cd" + "1" * 62, annotation)
    assert AnnotationCache(folder).get("cd" + "1" * 62) == annotation
