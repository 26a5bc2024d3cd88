"""The cache folder's one mechanism (generator/cache.py) and the JSON form of the archive it keeps
(generator/codec.py): what is saved reads back equal, and an entry that cannot be used is refused and said so
at debug level, with the reason."""

from __future__ import annotations

import dataclasses
import json
import logging

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
