"""The cache folder's one mechanism (generator/cache.py) and the JSON form of the archive it keeps
(generator/codec.py): what is saved reads back equal, and an entry that cannot be used is refused and said so
at debug level, with the reason."""

from __future__ import annotations

import dataclasses
import errno
import json
import logging
import os

import pytest

from generator import cache
from generator.cache import CacheFolder
from generator.codec import from_json, to_json
from generator.model import Archive


def test_an_entry_reads_back_only_under_its_version(tmp_path):
    folder = CacheFolder(tmp_path)
    folder.save("state/entry.json", "v1", {"Łódź": [1, 2.5, None, "naïve \udc80"]})
    assert folder.load("state/entry.json", "v1") == {"Łódź": [1, 2.5, None, "naïve \udc80"]}
    assert folder.load("state/entry.json", "v2") is None
    assert folder.load("state/missing.json", "v1") is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"version": "v1", "val', "unreadable"),
        (b"\x80\x05\x95 a pickle", "unreadable"),
        (b'{"format": 1, "urls": {}}', "not an entry of this format"),
        (b'{"version": "v0", "value": {}}', "made by another version"),
    ],
)
def test_an_unusable_entry_is_refused_and_logged_at_debug_with_its_reason(
    tmp_path, caplog, content, reason
):
    (tmp_path / "entry.json").write_bytes(content)
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.annals"):
        assert CacheFolder(tmp_path).load("entry.json", "v1") is None
    (record,) = [r for r in caplog.records if "entry.json" in r.getMessage()]
    assert record.levelno == logging.DEBUG and reason in record.getMessage()


def test_the_code_version_is_computed_once_per_process(monkeypatch):
    first = cache.code_version()
    monkeypatch.setattr(cache, "PACKAGE_DIR", cache.PACKAGE_DIR / "no such folder")
    assert cache.code_version() == first


def test_a_resolved_archive_reads_back_equal_from_its_json_form(congress_archive):
    """The archive of real articles (dates, optional dates, nested tuples, floats) through JSON and back."""
    archive = congress_archive
    assert isinstance(archive, Archive) and archive.actors and archive.articles

    assert from_json(Archive, json.loads(json.dumps(to_json(archive)))) == archive


def test_a_json_form_of_the_wrong_shape_is_refused(congress_archive):
    data = to_json(congress_archive)
    article = data[0][0]
    with pytest.raises(ValueError):
        from_json(
            Archive, [[[*article[:1], 20190104, *article[2:]]], [], [], [], 0]
        )  # a date that is no date
    with pytest.raises(ValueError):
        from_json(Archive, [data[0], data[1], [], [], True])  # a boolean where a count belongs
    mention = data[1][0][4][0]
    with pytest.raises(ValueError):
        from_json(Archive, [[], [[*data[1][0][:4], [mention[:-1]], *data[1][0][5:]]], [], [], 0])
    assert dataclasses.fields(Archive)[-1].name == "drafts"


def test_a_cache_folder_at_a_url_keeps_entries_through_fsspec(caplog):
    folder = cache.cache_folder("memory://annals-test-cache/entries")
    assert isinstance(folder, cache.RemoteFolder)
    folder.save("annotations/ab/key.json", "v1", {"Łódź": [1, "naïve \udc80"]})
    assert folder.load("annotations/ab/key.json", "v1") == {"Łódź": [1, "naïve \udc80"]}
    assert folder.load("annotations/ab/key.json", "v2") is None
    assert folder.load("annotations/ab/missing.json", "v1") is None
    folder.fs.pipe_file(f"{folder.root}/torn.json", b'{"version": "v1", "val')  # a write cut short
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.annals"):
        assert folder.load("torn.json", "v1") is None
    assert "memory://annals-test-cache/entries/torn.json not used: unreadable" in caplog.text
    folder.remove("annotations/ab/key.json")
    folder.remove("annotations/ab/key.json")  # removing what is gone is no error
    assert folder.load("annotations/ab/key.json", "v1") is None


def test_a_local_path_or_file_url_is_a_local_cache_folder_with_atomic_writes(tmp_path):
    for location in (tmp_path, str(tmp_path), f"file://{tmp_path}"):
        folder = cache.cache_folder(location)
        assert type(folder) is CacheFolder and folder.directory == tmp_path
        folder.save("annotations/ab/key.json", "v1", [1])
        assert json.loads((tmp_path / "annotations/ab/key.json").read_text()) == {
            "version": "v1",
            "value": [1],
        }


def test_link_or_copy_links_into_a_new_folder_and_replaces_a_file_without_writing_through_it(
    tmp_path,
):
    source, other = tmp_path / "entry.html", tmp_path / "other.html"
    source.write_text("new")
    other.write_text("old")
    target = tmp_path / "site" / "actors" / "a" / "index.html"
    cache.link_or_copy(source, target)  # its folders do not exist yet
    assert target.read_text() == "new" and os.path.samefile(source, target)
    cache.link_or_copy(other, target)  # a file in place: replaced, the file it was left as it is
    assert target.read_text() == "old" and os.path.samefile(other, target)
    assert source.read_text() == "new"
    with pytest.raises(FileNotFoundError):
        cache.link_or_copy(tmp_path / "missing.html", tmp_path / "site" / "b.html")
    assert not (tmp_path / "site" / "b.html").exists()


def test_link_or_copy_copies_where_there_are_no_hard_links(tmp_path, monkeypatch):
    source, target = tmp_path / "entry.html", tmp_path / "site" / "page.html"
    source.write_text("new")
    target.parent.mkdir()
    target.write_text("old")
    shared = tmp_path / "shared.html"
    os.link(target, shared)  # what the site's old file was linked to must keep its text

    def no_links(src, dst):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(cache.os, "link", no_links)
    cache.link_or_copy(source, target)
    assert target.read_text() == "new" and not os.path.samefile(source, target)
    assert shared.read_text() == "old"
    cache.link_or_copy(source, tmp_path / "fresh" / "page.html")
    assert (tmp_path / "fresh" / "page.html").read_text() == "new"
