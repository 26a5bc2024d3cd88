"""The build bench's own bookkeeping: the phases it reads from a build's log and how it reports them."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from bench.build import (
    BuildRun,
    SizeResult,
    markdown_table,
    median_run,
    phase_of,
    phases_table,
    tree_memory_kb,
)
from generator.progress import timed


def run(seconds: float, phases: list) -> BuildRun:
    return BuildRun(seconds, 0.0, 0, 0, 1, 1, 0, phases=phases)


def test_the_bench_reads_each_phase_the_build_times(caplog):
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.annals"):
        with timed("resolving the actors"):
            pass
        with timed("reading the articles: seeds/a: b"):  # a colon in the phase's name
            pass
    phases = [phase_of(record.getMessage()) for record in caplog.records]
    assert [phase[0] for phase in phases] == [
        "resolving the actors",
        "reading the articles: seeds/a: b",
    ]
    assert all(isinstance(phase[1], float) and phase[2] > 0 for phase in phases)
    assert phase_of("annals: 3 articles, 4 actors; 5 pages written, 0 removed") is None


def test_phases_are_reported_slowest_first_summed_with_the_peak_so_far():
    result = SizeResult(1000, articles=1000)
    result.cold = run(
        10, [["annotating", 6.0, 500], ["rendering", 1.5, 700], ["rendering", 2.5, 900]]
    )
    result.added = run(2, [["annotating", 0.2, 300], ["writing pages", 1.0, 400]])
    table = phases_table([result]).splitlines()
    assert table[0].endswith("| 1,000 cold | 1,000 one added |")
    assert table[2:] == [
        "| annotating | 6.0 (500) | 0.2 (300) |",
        "| rendering | 4.0 (900) | — |",
        "| writing pages | — | 1.0 (400) |",
    ]
    assert phases_table([SizeResult(1000)]) == ""


def test_the_one_article_rebuild_is_the_median_of_the_articles_added_each_shown():
    result = SizeResult(1000, articles=1000, reference=1200.0)
    result.cold = run(600, [])
    result.warm = run(30, [])
    result.added_runs = [run(seconds, []) for seconds in (61.0, 55.0, 70.0)]
    for peak, added in zip((2100.0, 2300.0, 2000.0), result.added_runs):
        added.tree_peak_mb, added.tree_peak_pss_mb = peak, peak - 900
    result.cold.tree_peak_mb, result.cold.tree_peak_pss_mb = 2200.0, 1250.0
    result.added = median_run(result.added_runs)
    assert result.added is result.added_runs[0]
    assert median_run(result.added_runs[1:]) is result.added_runs[1]  # of two, the lower
    table = markdown_table([result])
    assert "| 61.0 s (10.2 %) |" in table
    assert "| 61.0 s (10.2 %), 55.0 s (9.2 %), 70.0 s (11.7 %) |" in table
    assert "| 2,200 MB / 2,300 MB |" in table  # the largest peak of the rebuilds
    assert "(PSS): cold / one article added | 1,250 MB / 1,400 MB |" in table


def test_the_largest_child_is_sampled_from_its_own_memory_not_the_parents():
    """A child started by `subprocess` shows its own resident memory: the kernel's figure for children counts the
    parent's memory at the moment it started them (vfork), which once reported the build as Pagefind."""
    code = "b = bytearray(120 << 20); b[::4096] = b'x' * len(b[::4096]); print(flush=True); input()"
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None
        child.stdout.readline()  # its memory is touched
        total, _, largest, name = tree_memory_kb(os.getpid())
    finally:
        child.communicate(b"\n")
    assert largest >= 120 << 10
    assert name.startswith("python")
    assert total >= largest + (10 << 10)  # and this process's own


def test_memory_a_forked_worker_shares_with_the_build_is_counted_once_in_the_pss_sum():
    """spaCy's workers are forked from the build and share its pages: the sum of resident sizes counts them in
    each process, the sum of proportional ones (PSS) once, as the machine holds them."""
    code = (
        "import os, sys\n"
        "b = bytearray(200 << 20); b[::4096] = b'x' * len(b[::4096])\n"
        "if os.fork() == 0:\n"
        "    c = bytearray(8 << 20)\n"  # a mapping of its own: not its parent's size (tree_memory_kb, vfork)
        "    print(flush=True); sys.stdin.read(); os._exit(0)\n"
        "print(flush=True); sys.stdin.read(); os.wait()\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert parent.stdout is not None
        parent.stdout.readline()  # the memory is touched and the child forked
        parent.stdout.readline()  # the child has mapped its own
        total, total_pss, largest, _ = tree_memory_kb(parent.pid)
    finally:
        parent.communicate(b"")
    assert largest >= 200 << 10  # the forked child's resident size holds the shared buffer
    assert total >= 400 << 10  # counted in both
    assert 200 << 10 <= total_pss <= total - (150 << 10)  # counted once


def test_a_child_started_by_vfork_and_not_yet_running_its_program_is_not_counted_again(tmp_path):
    """Between vfork and exec a child runs in its parent's memory, which /proc shows as the child's own: the
    same sizes as its parent's, to the kilobyte. Counted, the build was once counted twice; a child of another
    size (Pagefind running) counts."""

    def process(pid: int, parent: int, name: str, size: int, rss: int, pss: int) -> None:
        folder = tmp_path / str(pid)
        folder.mkdir()
        (folder / "stat").write_text(f"{pid} ({name}) S {parent} 1 1 0 -1\n")
        (folder / "status").write_text(f"Name:\t{name}\nVmSize:\t{size} kB\nVmRSS:\t{rss} kB\n")
        (folder / "smaps_rollup").write_text(f"Rss: {rss} kB\nPss: {pss} kB\n")

    process(10, 1, "python", 3_000_000, 1_450_000, 1_400_000)  # the build
    process(11, 10, "python", 3_000_000, 1_450_000, 1_400_000)  # vforked, not yet Pagefind
    process(12, 10, "pagefind", 900_000, 500_000, 500_000)
    total, total_pss, largest, name = tree_memory_kb(10, str(tmp_path))
    assert (total, total_pss) == (1_950_000, 1_900_000)
    assert (largest, name) == (500_000, "pagefind")
    process(13, 10, "python", 3_000_000, 1_449_996, 700_000)  # forked, its own from here on
    assert tree_memory_kb(10, str(tmp_path))[:2] == (3_399_996, 2_600_000)
