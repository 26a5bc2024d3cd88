"""The progress line: shown on a terminal only, never in CI or piped output, with rate and time left."""

from __future__ import annotations

import io
import logging
import re

from generator.progress import (
    SHOW_AFTER,
    TerminalProgress,
    log,
    peak_memory_mb,
    progress_line,
    terminal_progress,
    timed,
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_is_shown_on_a_terminal_and_not_in_ci_or_pipes(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert terminal_progress(stream=Terminal()) is not None
    assert terminal_progress(stream=io.StringIO()) is None  # piped or redirected
    monkeypatch.setenv("CI", "true")
    assert terminal_progress(stream=Terminal()) is None


def test_the_line_counts_articles_rate_and_time_left_and_is_cleared_at_the_end():
    stream, clock = Terminal(), Clock()
    progress = TerminalProgress(stream=stream, clock=clock)
    progress(200, 1000)  # the cache held 200
    clock.now = 1.0
    progress(210, 1000)
    assert stream.getvalue() == ""  # a short run shows nothing
    clock.now = SHOW_AFTER + 8.0
    progress(300, 1000)  # 100 annotated in 10 s: 10/s, 700 left: 70 s
    shown = stream.getvalue()
    assert "300/1,000 articles (30.0%)" in shown and "10.0/s" in shown and "1:10 left" in shown
    progress(1000, 1000)
    assert stream.getvalue().endswith(
        "\r" + " " * len(progress_line("annotating", 300, 1000, 100, 10.0)) + "\r"
    )


def test_a_fully_cached_build_shows_nothing():
    stream = Terminal()
    progress = TerminalProgress(stream=stream, clock=Clock())
    progress(500, 500)
    progress.close()
    assert stream.getvalue() == ""


def test_each_phase_shows_its_name_and_time_or_count_and_time_left_once_it_runs_long():
    from generator.progress import PhaseProgress, phase_line

    stream, clock = Terminal(), Clock()
    phases = PhaseProgress(stream, clock=clock, ticking=False)
    with phases.phase("resolving the actors"):
        clock.now = 1.0
        phases.tick()
        assert stream.getvalue() == ""  # a short phase shows nothing
        clock.now = SHOW_AFTER + 10.0
        phases.tick()
        assert stream.getvalue().endswith(phase_line("resolving the actors", SHOW_AFTER + 10.0))
        assert "annals: resolving the actors… 0:12" in stream.getvalue()
    assert stream.getvalue().endswith("\r")  # cleared when the phase ends
    with phases.phase("MkDocs writing pages", total=400):
        phases.advance(100)
        clock.now += 20.0  # 100 pages in 20 s: 300 left, 60 s
        phases.tick()
    assert "annals: MkDocs writing pages 100/400 (25.0%), 1:00 left" in stream.getvalue()
    phases.tick()  # between phases: nothing is drawn
    assert stream.getvalue().endswith("\r")


def test_a_real_build_on_a_terminal_names_its_phases_and_leaves_no_line_behind(
    tmp_path, monkeypatch
):
    """Through the plugin, as `annals build` runs it, with stderr a terminal and every phase shown at once."""
    from test_site import make_project

    import generator.progress as progress

    from conftest import SEED, build_in_process

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(progress, "UPDATE_EVERY", 0.001)
    drawn = (
        tmp_path / "drawn.txt"
    )  # a file: the build reads, annotates and resolves in a child process

    class Recording(Terminal):
        def write(self, text: str) -> int:
            if text.startswith(
                "\r"
            ):  # a progress line (log records, which also reach stderr, are not)
                with drawn.open("a", encoding="utf-8", newline="") as file:
                    file.write(text)
            return super().write(text)

    monkeypatch.setattr(progress.sys, "stderr", Recording())
    project = make_project(tmp_path / "archive", [SEED])
    config = project / "mkdocs.yml"
    option = "      cache_dir: .annals-cache\n"
    assert option in config.read_text("utf-8")
    config.write_text(
        config.read_text("utf-8").replace(option, option + "      search: pagefind\n"), "utf-8"
    )
    monkeypatch.chdir(project)
    build_in_process(config)
    shown = drawn.read_bytes().decode("utf-8")
    for phase in (
        "reading the articles",
        "resolving the actors",
        "indexing the articles for search",  # Pagefind's articles' bundles, which rendering waits for
        "rendering and writing pages",
        "putting kept pages in place",
        "Pagefind indexing for search",
    ):
        assert f"annals: {phase}…" in shown, phase
    assert "annals: MkDocs writing pages " in shown
    assert shown.endswith("\r")  # the last line drawn was cleared


def test_each_phase_logs_the_peak_memory_it_reached():
    messages: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logger = log.logger
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        with timed("holding 80 MB"):
            held = b"x" * (80 * 1024 * 1024)  # written, so resident
        del held
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    (message,) = [m for m in messages if "holding 80 MB" in m]
    peak = int(re.search(r"peak memory so far (\d+) MB", message)[1])
    assert 80 <= peak <= peak_memory_mb()


def test_annals_build_shows_the_previous_site_being_replaced(tmp_path, monkeypatch):
    """Deleting the previous site's tens of thousands of files takes seconds at scale: a phase like the others."""
    from pathlib import Path

    import generator.progress as progress
    from generator import cli

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    drawn: list[str] = []

    class Recording(Terminal):
        def write(self, text: str) -> int:
            if text.startswith("\r"):
                drawn.append(text)
            return super().write(text)

    def build(config):  # MkDocs' part, done: the new site in the folder the CLI builds into
        Path(config.site_dir).mkdir(parents=True)
        (Path(config.site_dir) / "index.html").write_text("the new site", "utf-8")

    project = tmp_path / "archive"
    cli.create_project(project)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the previous site", "utf-8")
    monkeypatch.setattr("mkdocs.commands.build.build", build)
    monkeypatch.setattr(progress.sys, "stderr", Recording())
    monkeypatch.chdir(project)
    assert cli.main(["build"]) == 0
    assert "annals: replacing the previous site…" in "".join(drawn)
    assert (project / "site" / "index.html").read_text("utf-8") == "the new site"
