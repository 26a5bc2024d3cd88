"""forked.run_forked: work done in a child process, its result, errors and log records handed back; and the build
resolving there, with the same pages as resolving in the build's own process."""

from __future__ import annotations

import logging
import os
import resource
import shutil

import pytest

from generator import forked, pipeline
from generator.pipeline import BuildSettings, build_archive
from generator.progress import log

from conftest import CONGRESS_ARTICLES, CORPUS, SEED, needs_corpus

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="this platform does not fork")


def test_the_work_runs_in_another_process_and_its_result_comes_back():
    pid, values = forked.run_forked(lambda: (os.getpid(), {"a": [1, 2.5, "é"]}))
    assert pid != os.getpid()
    assert values == {"a": [1, 2.5, "é"]}


def test_what_the_child_allocates_never_raises_this_process_peak():
    def allocate() -> int:
        block = bytearray(300 * 1024 * 1024)  # touched, so resident in the child
        for index in range(0, len(block), 4096):
            block[index] = 1
        return len(block)

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    assert forked.run_forked(allocate) == 300 * 1024 * 1024
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert after - before < 100 * 1024


def test_an_error_in_the_child_is_raised_here_as_itself():
    def fail():
        raise FileNotFoundError(2, "no such seeds folder", "/nowhere")

    with pytest.raises(FileNotFoundError) as raised:
        forked.run_forked(fail)
    assert raised.value.filename == "/nowhere"
    cause = raised.value.__cause__
    assert isinstance(cause, forked.ChildTraceback) and "in fail" in str(cause)


class Unpicklable(Exception):
    def __init__(self, first, second):  # pickle calls it with one argument: it cannot be made again
        super().__init__(f"{first} and {second}")


def test_an_error_that_cannot_come_back_as_itself_comes_back_said_in_words():
    def fail():
        raise Unpicklable("one", "two")

    with pytest.raises(forked.ChildProcessError, match="Unpicklable: one and two"):
        forked.run_forked(fail)


def test_a_child_that_dies_without_a_result_says_how_it_ended():
    with pytest.raises(forked.ChildProcessError, match="exit status 3"):
        forked.run_forked(lambda: os._exit(3))


def test_the_childs_log_records_are_logged_here_in_order(caplog):
    def chatty():
        log.info("first from the child")
        log.warning("a damaged cache entry, say")
        return "done"

    with caplog.at_level(logging.INFO, logger=log.logger.name):
        assert forked.run_forked(chatty) == "done"
    ours = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == log.logger.name]
    assert ours == [
        (logging.INFO, "annals: first from the child"),
        (logging.WARNING, "annals: a damaged cache entry, say"),
    ]


@needs_corpus
def test_resolving_in_a_child_gives_the_pages_resolving_here_gives(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in [SEED, *(CORPUS / name for name in CONGRESS_ARTICLES[:2])]:
        shutil.copy(path, seeds / path.name)
    resolve_articles = pipeline.resolve_articles

    def resolving(*args, **kwargs):
        (
            tmp_path / f"resolved-{os.getpid()}"
        ).touch()  # a file: a list filled in the child stays there
        return resolve_articles(*args, **kwargs)

    monkeypatch.setattr(pipeline, "resolve_articles", resolving)

    def build(name: str):
        settings = BuildSettings(
            seeds=seeds,
            entities=None,
            model="en_core_web_sm",
            cache_dir=tmp_path / name / "cache",
            pages_dir=tmp_path / name / "pages",
        )
        return build_archive(settings)

    in_child = build("child")
    resolved_in = [p.name for p in tmp_path.glob("resolved-*")]
    assert resolved_in and f"resolved-{os.getpid()}" not in resolved_in
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    here = build("here")
    assert f"resolved-{os.getpid()}" in [p.name for p in tmp_path.glob("resolved-*")]
    assert in_child.archive == here.archive
    pages = sorted(
        p.relative_to(tmp_path / "child" / "pages")
        for p in (tmp_path / "child" / "pages").rglob("*")
        if p.is_file()
    )
    assert pages == sorted(
        p.relative_to(tmp_path / "here" / "pages")
        for p in (tmp_path / "here" / "pages").rglob("*")
        if p.is_file()
    )
    assert len(pages) > 20
    for page in pages:
        assert (tmp_path / "child" / "pages" / page).read_bytes() == (
            tmp_path / "here" / "pages" / page
        ).read_bytes(), page
