"""Work run in a forked child process, its result handed back: the build reads, annotates and resolves there, so
that what those steps make and drop on the way (annotations, articles as read, resolving's tables) never enters
the heap the build renders with.

Python's allocator keeps memory in 1 MiB arenas and gives an arena back only when every object in it is gone;
the resolved archive, made while annotations filled the heap, stays spread over arenas it never fills (at 10,000
of the bench's articles, 333 arenas held 203 MB of objects once resolved). A build that resolves in a child and
unpickles the archive here holds it compact (README, Measurements behind the code). The result comes back through
an unnamed temporary file, read once the child has exited, so its memory and the archive made from it here are
never held at once; its log records come back as they are made and are logged here, where MkDocs counts warnings
for `--strict` and tests read them.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import pickle
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from typing import TypeVar

from .progress import log, timed

T = TypeVar("T")
HANDOVER_PHASE = (
    "taking the child process's result"  # how long unpickling it took (`annals build -v`)
)
RELAY_WAIT = 10.0  # seconds to wait, once the child has ended, for the last of its log records


class ChildProcessError(RuntimeError):
    """The child process ended without handing back a result, or its error could not be handed back as it was."""


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(os, "waitpid")


def run_forked(work: Callable[[], T], handover_dir: str | None = None) -> T:
    """`work()`, run in a forked child process where the platform forks (else here); its exception raised here.
    `handover_dir`: where the unnamed file the result passes through lies (the system's temporary folder if
    None; a cache folder on disk keeps it out of a memory-backed /tmp)."""
    if not can_fork():
        return work()
    for stream in (sys.stdout, sys.stderr):  # what is buffered here must not be written twice
        stream.flush()
    with handover_file(handover_dir) as handover:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(reader)
            _run_child(work, handover.fileno(), writer)
        os.close(writer)
        relay = threading.Thread(target=_relay_records, args=(reader,), daemon=True)
        relay.start()
        status = _wait(pid)
        # EOF comes when the child and any process it forked have ended; one left running must not hang the build.
        relay.join(timeout=RELAY_WAIT)
        handover.seek(0)
        try:
            with timed(HANDOVER_PHASE), cycle_collection_off():
                succeeded, value, text = pickle.load(handover)
        except (EOFError, pickle.UnpicklingError) as error:
            raise ChildProcessError(
                f"the build's child process ended without its result ({describe_status(status)})"
            ) from error
    if succeeded:
        return value
    raise value from ChildTraceback(text)


@contextlib.contextmanager
def cycle_collection_off():
    """Python's cycle collector off while millions of objects that hold no cycle are unpickled: it would walk them
    again and again as they come (1.1 s of unpickling at 10,000 articles was 2.2 s with it)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def handover_file(folder: str | None):
    """An unnamed temporary file in `folder`, else (none given, or not writable) in the system's."""
    if folder is not None:
        try:
            os.makedirs(folder, exist_ok=True)
            return tempfile.TemporaryFile(dir=folder)
        except OSError:
            pass
    return tempfile.TemporaryFile()


def _wait(pid: int) -> int:
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:  # pragma: no cover - retried by Python itself since 3.5
            continue


def describe_status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


def _run_child(work: Callable[[], object], handover: int, writer: int) -> None:
    status = 0
    try:
        _log_to(writer)
        try:
            outcome: tuple[bool, object, str] = (True, work(), "")
        # Every error, KeyboardInterrupt included, is raised in the parent, with the child's traceback as its cause.
        except BaseException as error:
            text = "".join(traceback.format_exception(error)).rstrip()
            outcome = (False, transferable(error, text), text)
        with os.fdopen(handover, "wb", closefd=False) as result:
            pickle.dump(outcome, result, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        status = 1
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # no atexit handler of the parent's, no second flush of its buffers


def transferable(error: BaseException, text: str) -> BaseException:
    """`error` itself when it pickles and unpickles as it is, else a ChildProcessError saying what it was (`text`,
    its traceback)."""
    try:
        pickle.loads(pickle.dumps(error, protocol=pickle.HIGHEST_PROTOCOL))
        return error
    except Exception:
        return ChildProcessError(f"{type(error).__name__}: {error}\n{text}")


class ChildTraceback(Exception):
    """Where an error raised in the child process came from, as the child's traceback said it."""


class _PipeHandler(logging.Handler):
    """Each record as a JSON line [level, message] into the pipe to the parent."""

    def __init__(self, writer: int):
        super().__init__()
        self.writer = writer

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = json.dumps([record.levelno, record.getMessage()]) + "\n"
            data = line.encode("utf-8", "surrogatepass")
            while data:
                data = data[os.write(self.writer, data) :]
        except Exception:
            self.handleError(record)


def _log_to(writer: int) -> None:
    """In the child: the build's log records go to the parent, and nowhere else."""
    logger = log.logger
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(_PipeHandler(writer))
    logger.propagate = False


def _relay_records(reader: int) -> None:
    """In the parent: log each record the child sent, until the pipe's last writer closes it."""
    with os.fdopen(reader, "r", encoding="utf-8", errors="surrogatepass") as lines:
        for line in lines:
            level, message = json.loads(line)
            log.logger.log(level, "%s", message)
