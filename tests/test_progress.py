"""The progress line: shown on a terminal only, never in CI or piped output, with rate and time left."""

from __future__ import annotations

import io

from generator.progress import SHOW_AFTER, TerminalProgress, progress_line, terminal_progress


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
