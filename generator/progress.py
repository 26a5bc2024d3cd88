"""Progress of a long build on a terminal: articles annotated of total, rate and time left, on one line; and for
every other phase (reading, resolving, writing pages, indexing for search), which one is under way, for how long,
and how far where it counts.

It shows only where someone watches — stderr is a terminal and no `CI` variable is set — so CI logs and piped
output stay clean. Updates are throttled, nothing is shown for a run that ends within a couple of seconds, and
the line is cleared when the run ends, so log lines printed afterwards start on a clean line.

`log` is the plugin's logger (MkDocs' `get_plugin_logger`, which prefixes every message with 'annals: '), for
every module; `counted` words every count the build logs ('1 article', '2 articles'); `timed` logs how long a
phase of the build took, at debug level (`annals build -v`).

`pause_for_tests` is a hook for the kill tests alone (tests/test_robustness.py): it does nothing unless
ANNALS_TEST_PAUSE_AT is set.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TextIO

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("annals")

# "<phase>:<marker file>": the build writes the marker file on reaching <phase>, then waits there to be killed.
# Phases: "annotating" (the first new annotation just cached), "writing" (MkDocs about to write the first page
# it renders).
PAUSE_VARIABLE = "ANNALS_TEST_PAUSE_AT"

# Seconds before anything is shown (a short run shows nothing) and between two updates.
SHOW_AFTER = 2.0
UPDATE_EVERY = 0.5


def wanted(stream: TextIO) -> bool:
    """Whether progress belongs on `stream`: an interactive terminal, not a CI log."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def counted(number: int, noun: str, plural: str = "") -> str:
    """'1 article', '0 articles', '1200 articles'."""
    return f"{number} {noun_for(number, noun, plural)}"


def noun_for(number: int, noun: str, plural: str = "") -> str:
    """The noun as a count of `number` needs it: singular for one, plural otherwise."""
    return noun if number == 1 else plural or noun + "s"


def format_duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def progress_line(label: str, done: int, total: int, fresh: int, elapsed: float) -> str:
    """'annals: annotating 1,200/10,000 articles (12.0%), 8.3/s, 17:40 left' — the rate counts only articles
    annotated in this run, not those the cache already held."""
    percent = 100.0 * done / total if total else 100.0
    line = f"annals: {label} {done:,}/{total:,} {noun_for(total, 'article')} ({percent:.1f}%)"
    if fresh > 0 and elapsed > 0:
        rate = fresh / elapsed
        line += f", {rate:.1f}/s, {format_duration((total - done) / rate)} left"
    return line


class TerminalProgress:
    """A `progress(done, total)` callback that draws one self-overwriting line on a terminal."""

    def __init__(
        self, label: str = "annotating", stream: TextIO | None = None, clock=time.monotonic
    ):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.started: float | None = None
        self.first_done = 0
        self.shown_at: float | None = None
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.started is None:
            self.started, self.first_done = now, done  # the first call reports what the cache held
        if done >= total:
            self.close()
            return
        if now - self.started < SHOW_AFTER or (
            self.shown_at is not None and now - self.shown_at < UPDATE_EVERY
        ):
            return
        self.draw(
            progress_line(self.label, done, total, done - self.first_done, now - self.started)
        )
        self.shown_at = now

    def draw(self, line: str) -> None:
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        """Clear the line, if one was drawn."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def terminal_progress(
    label: str = "annotating", stream: TextIO | None = None
) -> TerminalProgress | None:
    """A progress display for `stream` (stderr by default), or None where progress is not wanted."""
    stream = stream if stream is not None else sys.stderr
    return TerminalProgress(label, stream) if wanted(stream) else None


def phase_line(label: str, elapsed: float, done: int = 0, total: int | None = None) -> str:
    """'annals: resolving… 0:12'; with a count: 'annals: writing pages 1,200/24,539 (4.9%), 0:40 left'."""
    if not total:
        return f"annals: {label}… {format_duration(elapsed)}"
    line = f"annals: {label} {done:,}/{total:,} ({100.0 * done / total:.1f}%)"
    if done > 0:
        line += f", {format_duration(elapsed * (total - done) / done)} left"
    return line


class PhaseProgress:
    """A line on a terminal for the phase of the build under way, redrawn by a thread every UPDATE_EVERY seconds
    once the phase has run SHOW_AFTER seconds (a short phase shows nothing), cleared when it ends. Phases do not
    overlap, and none runs while spaCy's worker processes are forked (the annotation has its own line)."""

    def __init__(self, stream: TextIO, clock=time.monotonic, ticking: bool = True):
        self.line = TerminalProgress(stream=stream, clock=clock)
        self.clock = clock
        self.ticking = ticking  # tests draw by calling tick() themselves
        self.lock = threading.Lock()
        self.label: str | None = None
        self.started = 0.0
        self.done = 0
        self.total: int | None = None

    @contextmanager
    def phase(self, label: str, total: int | None = None) -> Iterator[None]:
        with self.lock:
            self.label, self.started, self.done, self.total = label, self.clock(), 0, total
        self.tick()  # drawn at once only when SHOW_AFTER is 0
        stop = threading.Event()
        ticker = threading.Thread(target=self.run, args=(stop,), daemon=True)
        if self.ticking:
            ticker.start()
        try:
            yield
        finally:
            stop.set()
            if self.ticking:
                ticker.join()
            with self.lock:
                self.label = None
                self.line.close()

    def advance(self, count: int = 1) -> None:
        self.done += count

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(UPDATE_EVERY):
            self.tick()

    def tick(self) -> None:
        with self.lock:
            elapsed = self.clock() - self.started
            if self.label is not None and elapsed >= SHOW_AFTER:
                self.line.draw(phase_line(self.label, elapsed, self.done, self.total))


def phase_progress(stream: TextIO | None = None) -> PhaseProgress | None:
    """A display of the build's phases for `stream` (stderr by default), or None where progress is not wanted."""
    stream = stream if stream is not None else sys.stderr
    return PhaseProgress(stream) if wanted(stream) else None


def pause_for_tests(phase: str) -> None:
    """Exists for tests: with ANNALS_TEST_PAUSE_AT=<phase>:<marker file>, write the marker and block until killed."""
    named, _, marker = os.environ.get(PAUSE_VARIABLE, "").partition(":")
    if named != phase or not marker:
        return
    Path(marker).write_text(f"{os.getpid()}\n", "utf-8")
    while (
        True
    ):  # a kill test's SIGKILL ends it: the build stops at a known point, never at a raced one
        time.sleep(3600)


@contextmanager
def timed(
    phase: str, shown: PhaseProgress | None = None, total: int | None = None
) -> Iterator[None]:
    """Log at debug level how long the phase in the `with` block took and the most memory the build process has
    held so far (which phase raised it: `annals build -v`), and show it on `shown`, if given."""
    started = time.perf_counter()
    try:
        with shown.phase(phase, total) if shown is not None else nullcontext():
            yield
    finally:
        log.debug(
            "%s: %.2f s; peak memory so far %d MB",
            phase,
            time.perf_counter() - started,
            peak_memory_mb(),
        )


def peak_memory_mb() -> int:
    """The most resident memory this process has held since it started, in MB (0 where it cannot be known)."""
    try:
        import resource  # Unix only
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (
        peak // (1024 * 1024) if sys.platform == "darwin" else peak // 1024
    )  # bytes there, kB elsewhere
