"""Annotation on a Dask cluster, for `annals annotate --scheduler`: the articles whose annotation is not cached go to
the cluster's workers in batches, and each worker writes its annotations straight into the annotation cache.

Workers write the entries themselves rather than send them back, because the cache is somewhere the build reads
anyway (a shared disk, or S3 and the like through fsspec): results never travel through the scheduler and this
process, which holds only counts. So before any batch is sent, every worker must read an entry this process has
just written there, and must load the pipelines the cache keys name: a worker that cannot see the cache (a folder
on this machine only, with a remote cluster) or that would annotate otherwise than the keys say (another model
version) is an error that names it, never lost work or entries filed under keys that lie.

A batch holds only what annotation reads: each article's cache key, the language its front matter declares, and its
text in chunks (about BATCH_CHARS characters a batch). A worker process loads its pipelines once and runs
one batch at a time (spaCy promises no thread safety, and threads would share one core's worth of Python anyway):
give workers one thread each, one process per core. Only a few batches per worker are in flight at once, so a large
archive never becomes one huge graph on the scheduler. dask.distributed is the optional extra `annals[cluster]`.
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .annotate import (
    AnnotationCache,
    OtherPipelines,
    Pipeline,
    ProgressCallback,
    annotate_task,
    annotation_tasks,
    load_pipeline,
    model_identity,
)
from .cache import Location, cache_folder
from .model import Article

# Seconds to wait for the scheduler to answer, and for a first worker to join it.
CONNECT_TIMEOUT = 30
WORKERS_TIMEOUT = 60
# Characters of text in a batch: less than a local process's task (annotate.TASK_CHARS), so that even a small
# archive is spread over the workers and a lost worker loses little; a few hundred sentences still batch well.
BATCH_CHARS = 10_000
# Batches in flight per worker thread: enough that no worker waits for its next one.
BATCHES_PER_THREAD = 2
INSTALL_HINT = "pip install 'annals[cluster]'"


class ClusterError(Exception):
    """Annotation on the cluster cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Batch:
    """A few articles to annotate: their cache keys, and for each its declared language and chunks."""

    keys: tuple[str, ...]
    articles: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


@dataclass(frozen=True)
class PipelineNames:
    """The pipelines a worker loads (the main one; others by language) and the fingerprints the keys were made
    with, which the loaded pipelines must have."""

    model: str
    models: tuple[tuple[str, str], ...]
    fingerprints: tuple[str, ...]


def pipeline_names(model: str, models: dict[str, str]) -> PipelineNames:
    """The pipelines by name, with the fingerprints of their meta.json here (as `annotate.cached_annotations`
    keys entries)."""
    others = tuple(sorted(models.items()))
    fingerprints = (
        model_identity(model).fingerprint,
        *(model_identity(name).fingerprint for _, name in others),
    )
    return PipelineNames(model, others, fingerprints)


def annotation_batches(missing: list[tuple[Article, str]]) -> list[Batch]:
    """(article, key) pairs grouped, in order, into batches as `annotate.annotation_tasks` groups articles."""
    keys = iter([key for _, key in missing])
    return [
        Batch(
            tuple(itertools.islice(keys, len(task))),
            tuple((language, tuple(chunks)) for language, chunks in task),
        )
        for task in annotation_tasks([article for article, _ in missing], BATCH_CHARS)
    ]


def annotate_on_cluster(
    missing: list[tuple[Article, str]],
    model: str,
    models: dict[str, str],
    location: Location,
    scheduler: str | Any,
    timeout: float | None = None,
    progress: ProgressCallback | None = None,
) -> int:
    """Annotate the (article, cache key) pairs `missing` on the workers of the Dask scheduler at `scheduler` (an
    address, or a connected dask.distributed Client, which is left open, as a hosted cluster's API gives), into
    the annotation cache at `location`; how many were annotated. Gives up after `timeout` seconds, if given (what
    was annotated by then stays cached)."""
    if not missing:
        return 0
    names = pipeline_names(model, models)
    batches = annotation_batches(missing)
    client = connect(scheduler) if isinstance(scheduler, str) else scheduler
    try:
        check_workers(client, location, names, timeout)
        return run_batches(client, batches, names, location, timeout, progress)
    finally:
        if client is not scheduler:
            client.close()


def connect(scheduler: str) -> Any:
    """A dask.distributed Client of the scheduler at `scheduler`, once at least one worker has joined it."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            f"annotating on a Dask cluster needs dask.distributed, which is not installed: {INSTALL_HINT}"
        ) from None
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except TimeoutError:
        client.close()
        raise ClusterError(
            f"no worker joined the Dask scheduler at {scheduler} within {WORKERS_TIMEOUT} s; start some "
            f"(`dask worker {scheduler} --nthreads 1` on each machine)"
        ) from None
    return client


def check_workers(client: Any, location: Location, names: PipelineNames, timeout: float | None):
    """Every worker reads an entry written here just now into the cache at `location`, and loads the pipelines
    `names` gives with the fingerprints it gives; otherwise ClusterError, naming each worker and why."""
    folder = cache_folder(location)
    token = uuid.uuid4().hex
    probe = f"probe-{token}.json"
    folder.save(probe, token, token)
    try:
        workers = sorted(client.nthreads())
        checks = [
            client.submit(
                worker_problem,
                location,
                probe,
                token,
                names,
                workers=[worker],
                allow_other_workers=False,
                key=f"annals-check-{token}-{index}",
            )
            for index, worker in enumerate(workers)
        ]
        problems = [
            (worker, check.result(timeout=timeout)) for worker, check in zip(workers, checks)
        ]
    finally:
        folder.remove(probe)
    said = [f"worker {worker}: {problem}" for worker, problem in problems if problem]
    if said:
        raise ClusterError("; ".join(said))


def run_batches(
    client: Any,
    batches: list[Batch],
    names: PipelineNames,
    location: Location,
    timeout: float | None,
    progress: ProgressCallback | None,
) -> int:
    """Send the batches to the workers, a few per worker thread at a time; how many articles they annotated."""
    from distributed import KilledWorker, as_completed

    token = uuid.uuid4().hex
    numbered: Iterator[tuple[int, Batch]] = enumerate(batches)

    def submit(index: int, batch: Batch) -> Any:
        return client.submit(
            annotate_batch, batch, names, location, key=f"annals-annotate-{token}-{index}"
        )

    total = sum(len(batch.keys) for batch in batches)
    window = BATCHES_PER_THREAD * max(1, sum(client.nthreads().values()))
    running = as_completed(
        [submit(*item) for item in itertools.islice(numbered, window)],
        timeout=timeout,
        loop=client.loop,
    )
    done = 0
    if progress:
        progress(done, total)
    try:
        for finished in running:
            done += finished.result()
            if progress:
                progress(done, total)
            following = next(numbered, None)
            if following is not None:
                running.add(submit(*following))
    except TimeoutError:
        raise ClusterError(
            f"annotation did not finish within {timeout:g} s ({done} of {total} articles annotated, and kept "
            "in the cache: run it again to go on)"
        ) from None
    except KilledWorker as error:
        raise ClusterError(f"workers died annotating a batch, one after another: {error}") from None
    return done


# --- in a worker process ----------------------------------------------------------------------------------------

_one_batch_at_a_time = threading.Lock()


def worker_pipelines(names: PipelineNames) -> tuple[Pipeline, OtherPipelines]:
    """The pipelines `names` gives, loaded once per process (`annotate.load_pipeline` keeps them); ClusterError
    when they would annotate otherwise than the keys they are to file entries under say."""
    pipeline = load_pipeline(names.model)
    others = tuple((language, load_pipeline(name)) for language, name in names.models)
    loaded = (pipeline, *(other for _, other in others))
    if tuple(each.fingerprint for each in loaded) != names.fingerprints:
        found = ", ".join(f"{each.name} {each.version}" for each in loaded)
        raise ClusterError(
            f"its pipelines ({found}) or annotation settings differ from those of the machine that sent the "
            "articles: install the same versions of Annals and of the spaCy models on both"
        )
    return pipeline, others


def worker_problem(location: Location, probe: str, token: str, names: PipelineNames) -> str:
    """Why this worker cannot annotate for the build ('' when it can): it does not see the probe entry the
    client wrote into the cache at `location`, or its pipelines differ."""
    if cache_folder(location).load(probe, token) != token:
        return (
            f"cannot read the annotation cache at {location}; put it where the workers and the build both "
            "reach it (a shared disk, or s3://… and the like) with 'annotate: {cache: …}'"
        )
    try:
        with _one_batch_at_a_time:
            worker_pipelines(names)
    except Exception as error:  # reported with the worker's address, whatever went wrong loading
        return str(error)
    return ""


def annotate_batch(batch: Batch, names: PipelineNames, location: Location) -> int:
    """Annotate a batch and write each annotation into the cache at `location` under its key; how many."""
    with _one_batch_at_a_time:
        pipeline, others = worker_pipelines(names)
        task = [(language, list(chunks)) for language, chunks in batch.articles]
        annotations = annotate_task(pipeline, task, others)
    cache = AnnotationCache(location)
    for key, annotation in zip(batch.keys, annotations):
        cache.put(key, annotation)
    return len(annotations)
