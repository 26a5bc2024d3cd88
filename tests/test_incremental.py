"""Incremental builds on real articles: after adds, edits and removals the rebuilt site is byte for byte the site a
cold build of the same seeds makes, spaCy runs only on new or changed text, and only pages whose content changes
are written. Everything is counted (pages written, articles annotated, cache entries), never timed."""

from __future__ import annotations

import contextlib
import dataclasses
import filecmp
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from generator import annotate

from conftest import build_in_process

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
# Short real articles that share actors (Donald Trump, Joe Biden, the United States), in both input formats.
ARTICLES = [
    "2020/2020-03-16-us-president-trump-declares-covid-19-national-emergency.txt",
    "2020/2020-10-03-us-president-donald-trump-tests-positive-for-covid-19.txt",
    "2020/2020-11-07-joe-biden-projected-us-president-elect.txt",
    "2019/2019-10-27-us-announces-restrictions-on-flying-to-cuba.md",
    "2019/2019-03-15-former-trump-advisor-paul-manafort-receives-second-sentence-in-u-s-federal-court.md",
    "2019/2019-01-05-escape-room-fire-kills-five-teen-girls-in-koszalin-poland.md",  # shares no actor with the others
]
UNRELATED = ARTICLES[-1]
ADDED = (
    "2020/2020-08-12-biden-announces-kamala-harris-as-2020-running-mate-in-us-presidential-race.txt"
)

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")


def new_project(root: Path) -> Path:
    """A fresh `annals new` project with no seeds; `root`'s name is the site name, so keep it equal across projects."""
    root.parent.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "new", str(root)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    for seed in (root / "seeds").iterdir():
        seed.unlink()
    return root


def add_seed(project: Path, name: str) -> Path:
    target = project / "seeds" / Path(name).name
    shutil.copyfile(CORPUS / name, target)
    return target


def mkdocs_build(project: Path, dirty: bool = False):
    """`mkdocs build` in this process (so spaCy calls can be counted); the annals plugin's BuildResult."""
    return build_in_process(project / "mkdocs.yml", dirty).result


def files_under(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time."""
    return {
        name: (path.read_bytes(), path.stat().st_mtime_ns)
        for name, path in files_under(folder).items()
    }


def cache_entries(project: Path) -> set[str]:
    return {
        p.name
        for p in (project / ".annals-cache" / "annotations").rglob("*.json")
        if not p.name.startswith(".")
    }


def assert_same_tree(built: Path, cold: Path) -> None:
    a, b = files_under(built), files_under(cold)
    assert sorted(a) == sorted(b), (
        f"files differ: only in rebuilt {sorted(set(a) - set(b))[:5]}, only in cold {sorted(set(b) - set(a))[:5]}"
    )
    different = [name for name in a if not filecmp.cmp(a[name], b[name], shallow=False)]
    assert not different, f"rebuilt and cold build differ in {different[:10]}"


@pytest.fixture
def annotated(monkeypatch, tmp_path):
    """Counts the articles spaCy annotates, whichever build runs it (in this process: few texts, no workers)."""
    monkeypatch.setenv("CI", "true")
    return counted_calls(
        monkeypatch, annotate, "annotate_task", lambda pipeline, task, *_: len(task), tmp_path
    )


class NotedCalls:
    """What calls noted, in this process and in the processes it forks (the build reads, annotates and resolves in
    a child): a JSON line each in a file, appended in one write. Read like the list of them."""

    def __init__(self, path: Path):
        self.path = path
        path.write_text("", "utf-8")

    def append(self, value) -> None:
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(value) + "\n")

    def clear(self) -> None:
        self.path.write_text("", "utf-8")

    def values(self) -> list:
        return [json.loads(line) for line in self.path.read_text("utf-8").splitlines()]

    def __iter__(self):
        return iter(self.values())

    def __len__(self) -> int:
        return len(self.values())

    def __getitem__(self, index):
        return self.values()[index]

    def __eq__(self, other) -> bool:
        return self.values() == list(other)

    def __repr__(self) -> str:
        return repr(self.values())


def counted_calls(monkeypatch, module, name: str, record, tmp_path: Path) -> NotedCalls:
    """`module.name` replaced, for the test, by itself noting `record(*arguments)` of each call (NotedCalls)."""
    calls = NotedCalls(tmp_path / f".calls-{module.__name__}-{name}.jsonl")
    real = getattr(module, name)

    def counting(*arguments):
        calls.append(record(*arguments))
        return real(*arguments)

    monkeypatch.setattr(module, name, counting)
    return calls


@pytest.fixture
def grouped(monkeypatch, tmp_path) -> NotedCalls:
    """The paths of the articles whose names the builds group (not read back from the state)."""
    from generator import resolve

    return counted_calls(
        monkeypatch, resolve, "local_actors", lambda article, *_: article.path, tmp_path
    )


@pytest.fixture
def resolutions(monkeypatch, tmp_path) -> NotedCalls:
    """How many articles each build resolved (none when it took the saved archive)."""
    from generator import pipeline

    return counted_calls(
        monkeypatch,
        pipeline,
        "resolve_articles",
        lambda settings, rules, read, *_: len(read.articles),
        tmp_path,
    )


@pytest.fixture
def rendered_articles(monkeypatch, tmp_path) -> NotedCalls:
    """The slugs of the articles rendered, as the builds in this process render them."""
    from generator import render

    return counted_calls(
        monkeypatch, render, "render_article", lambda view, article: article.slug, tmp_path
    )


def test_rebuilds_after_adds_edits_and_removals_match_a_cold_build(tmp_path, annotated):
    project = new_project(tmp_path / "incremental" / "archive")
    pages = project / ".annals-cache" / "pages"
    for name in ARTICLES:
        add_seed(project, name)

    first = mkdocs_build(project)
    assert sum(annotated) == len(ARTICLES)
    assert len(cache_entries(project)) == len(ARTICLES)
    assert first.written == len(files_under(pages)) and first.removed == 0

    # Nothing changed: spaCy does not run, no cache entry is added, no page is written, the site is the same.
    annotated.clear()
    before, site_before = snapshot(pages), snapshot(project / "site")
    again = mkdocs_build(project)
    assert annotated == []
    assert len(cache_entries(project)) == len(ARTICLES)
    assert (again.written, again.removed) == (0, 0)
    assert snapshot(pages) == before
    assert {k: v[0] for k, v in snapshot(project / "site").items()} == {
        k: v[0] for k, v in site_before.items()
    }
    assert len(again.archive.articles) == len(first.archive.articles)

    # One article added: only it is annotated, and exactly the pages whose content changes are written.
    annotated.clear()
    add_seed(project, ADDED)
    added = mkdocs_build(project)
    assert sum(annotated) == 1
    assert len(cache_entries(project)) == len(ARTICLES) + 1
    after = snapshot(pages)
    changed = {name for name in after if name not in before or after[name][0] != before[name][0]}
    rewritten = {name for name in after if name not in before or after[name][1] != before[name][1]}
    assert rewritten == changed, (
        "a page was rewritten with the same content, or changed without being written"
    )
    assert added.written == len(changed) and added.removed == 0
    article = next(a for a in added.archive.articles if a.path == Path(ADDED).name)
    day = f"dates/{article.date:%Y/%m/%d}/index.md"
    must_change = {
        f"articles/{article.date:%Y/%m/%d}/{article.slug}.md",
        day,
        "index.md",
        "actors/index.md",
        "dates/index.md",
        "api/articles.json",
        "api/entities.json",
    }
    assert must_change <= changed
    assert "actors/joe-biden.md" in changed  # the new article mentions him
    unrelated = next(a for a in added.archive.articles if a.path == Path(UNRELATED).name)
    assert (
        f"articles/{unrelated.date:%Y/%m/%d}/{unrelated.slug}.md" not in rewritten
    )  # no actor, date or link in common
    assert not any(name.startswith("actors/") and "poland" in name for name in rewritten)
    # Feeds and exports reach the site as hard links to the generated files (replaced, never written into, by a
    # build), not as copies: the changed ones link the new files, the rest the files as they were.
    linked = [name for name in files_under(pages) if not name.endswith(".md")]
    assert "api/mentions.csv.gz" in linked and "actors/joe-biden/feed.xml" in linked
    assert all(os.path.samefile(project / "site" / name, pages / name) for name in linked)
    assert all(
        after[name][0] == before[name][0]
        for name in linked
        if name not in changed and name in before
    )

    # One article edited: only that text is annotated again.
    annotated.clear()
    edited = project / "seeds" / Path(ARTICLES[2]).name
    edited.write_text(
        edited.read_text("utf-8").rstrip()
        + "\n\nThe result was certified by Congress in January.\n",
        "utf-8",
    )
    mkdocs_build(project)
    assert sum(annotated) == 1
    assert (
        len(cache_entries(project)) == len(ARTICLES) + 2
    )  # the old entry stays, unused, until the cache is cleared

    # One article removed: nothing is annotated, its page goes.
    annotated.clear()
    removed_seed = project / "seeds" / Path(ARTICLES[0]).name
    removed_slug = next(a.slug for a in added.archive.articles if a.path == removed_seed.name)
    removed_seed.unlink()
    removed = mkdocs_build(project)
    assert annotated == []
    assert removed.removed >= 1
    assert not any(name.endswith(f"/{removed_slug}.md") for name in files_under(pages))

    # A cold build of the same seeds in a fresh project gives the same bytes: pages, exports and site.
    cold = new_project(tmp_path / "cold" / "archive")
    for seed in (project / "seeds").iterdir():
        shutil.copyfile(seed, cold / "seeds" / seed.name)
    annotated.clear()
    mkdocs_build(cold)
    assert sum(annotated) == len(ARTICLES)
    assert_same_tree(pages, cold / ".annals-cache" / "pages")
    assert_same_tree(project / "site", cold / "site")


def test_a_crash_mid_build_leaves_no_corrupt_cache_entry_and_the_next_build_recovers(
    tmp_path, annotated, monkeypatch
):
    project = new_project(tmp_path / "crash" / "archive")
    for name in ARTICLES[:3]:
        add_seed(project, name)
    real = annotate.annotation_to_json
    calls = []

    def crash_on_second_entry(annotation):
        calls.append(annotation)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the build is stopped while the second cache entry is being written
        return real(annotation)

    monkeypatch.setattr(annotate, "annotation_to_json", crash_on_second_entry)
    with pytest.raises(KeyboardInterrupt):
        mkdocs_build(project)
    cache = project / ".annals-cache" / "annotations"
    assert (
        len(cache_entries(project)) == 1
    )  # the complete entry only: no half-written one under a real name
    assert not list(cache.rglob(".tmp-*"))
    # A process killed outright leaves its temporary file behind; it is never read as an entry.
    next(cache.iterdir()).joinpath(".tmp-killed.json").write_text('{"entities": [[0, 4', "utf-8")
    monkeypatch.setattr(annotate, "annotation_to_json", real)
    annotated.clear()
    result = mkdocs_build(project)
    assert sum(annotated) == 2  # the entry that was written is reused
    assert len(cache_entries(project)) == 3
    assert len(result.archive.articles) == 3


def test_dirty_serve_rebuilds_only_pages_whose_markdown_changed(tmp_path, annotated):
    """`mkdocs serve --dirty` re-renders a page only when its Markdown is newer than its HTML: unchanged pages keep
    their modification times, so after adding one article only the affected pages' HTML is rendered again."""
    project = new_project(tmp_path / "dirty" / "archive")
    for name in ARTICLES[:3]:
        add_seed(project, name)
    mkdocs_build(project)
    site = project / "site"
    html_before = {
        name: path.stat().st_mtime_ns
        for name, path in files_under(site).items()
        if name.endswith(".html")
    }
    pages_before = snapshot(project / ".annals-cache" / "pages")
    add_seed(project, ADDED)
    result = mkdocs_build(project, dirty=True)
    pages_after = snapshot(project / ".annals-cache" / "pages")
    rewritten = {
        name for name in pages_after if pages_before.get(name, (b"", 0))[1] != pages_after[name][1]
    }
    assert result.written == len(rewritten) > 0
    html_after = {
        name: path.stat().st_mtime_ns
        for name, path in files_under(site).items()
        if name.endswith(".html")
    }

    def html_of(page: str) -> str:
        stem = page[: -len(".md")]
        return (
            "index.html"
            if stem == "index"
            else (stem[: -len("index")] if stem.endswith("/index") else stem + "/") + "index.html"
        )

    rerendered = {name for name in html_after if html_before.get(name) != html_after[name]}
    assert {html_of(p) for p in rewritten if p.endswith(".md")} <= rerendered
    untouched = [html_of(p) for p in pages_after if p.endswith(".md") and p not in rewritten]
    assert untouched and not (set(untouched) & rerendered)


def test_an_unchanged_rebuild_still_repairs_edited_pages_and_follows_every_input(
    tmp_path, annotated
):
    """The shortcut for unchanged inputs is taken only when the generated pages are as the last build left them,
    and any input — here the editorial entities.yml — or a lost or corrupt saved state means a full build."""
    from generator.pipeline import BuildSettings, build_archive

    project = new_project(tmp_path / "repair" / "archive")
    for name in ARTICLES[:3]:
        add_seed(project, name)
    cache = project / ".annals-cache"
    settings = BuildSettings(
        seeds=project / "seeds",
        entities=project / "entities.yml",
        model="en_core_web_sm",
        cache_dir=cache,
        pages_dir=cache / "pages",
        workers=1,
    )
    build_archive(settings)
    index = cache / "pages" / "actors" / "index.md"
    original = index.read_bytes()
    index.unlink()
    assert build_archive(settings).written == 1 and index.read_bytes() == original
    index.write_text("edited by hand", "utf-8")
    assert build_archive(settings).written == 1 and index.read_bytes() == original
    assert build_archive(settings).written == 0

    (project / "entities.yml").write_text("ignore: [Donald Trump]\n", "utf-8")
    ignored = build_archive(settings)
    assert ignored.written > 0 and ignored.removed >= 1
    assert "donald-trump" not in {actor.slug for actor in ignored.archive.actors}

    state = cache / "state.db"
    state.write_bytes(state.read_bytes()[:5000])  # truncated
    assert build_archive(settings).written == 0  # built in full, and the same pages came out
    state.unlink()
    again = build_archive(settings)
    assert again.written == 0 and len(again.archive.actors) == len(ignored.archive.actors)
    assert annotated == [3]  # spaCy ran once, in the first build


def test_a_site_build_keeps_its_archive_for_the_next_one_which_resolves_nothing(
    tmp_path, annotated, resolutions
):
    """The pipeline saves the resolved archive once its pages are written: an unchanged rebuild of the site takes
    it as it is, and one after an added article resolves again. While MkDocs makes its pages the site build holds
    the archive without its actors' mentions, whose words the head tags never needed."""
    project = new_project(tmp_path / "kept" / "archive")
    for name in ARTICLES[:3]:
        add_seed(project, name)
    built = build_in_process(project / "mkdocs.yml")
    first = built.result
    assert resolutions == [3] and first.written > 0
    held = built.held.archive
    assert held.articles == first.archive.articles and held.redirects == first.archive.redirects
    assert [a.slug for a in held.actors] == [a.slug for a in first.archive.actors]
    assert all(a.mentions for a in first.archive.actors)
    assert not any(a.mentions for a in held.actors)
    trump = next(a for a in first.archive.actors if a.name == "Donald Trump")
    named_in = len({m.article for m in trump.mentions})
    head = (project / "site" / "actors" / trump.slug / "index.html").read_text("utf-8")
    assert f'content="Person named in {named_in} articles of ' in head and named_in >= 2
    again = mkdocs_build(project)
    assert resolutions == [3] and again.written == 0  # the saved archive, taken whole
    assert again.archive == first.archive
    add_seed(project, ADDED)
    assert len(mkdocs_build(project).archive.articles) == 4 and resolutions == [3, 4]
    assert mkdocs_build(project).written == 0 and resolutions == [3, 4]


def test_a_project_moved_to_another_folder_keeps_its_state(
    tmp_path, annotated, resolutions, grouped
):
    """Where the project lies is no input: moved (or mounted elsewhere), an unchanged rebuild takes the saved
    archive, and one after an added article groups only that article's names."""
    project = new_project(tmp_path / "before" / "archive")
    (project / "entities.yml").write_text(
        "actors:\n  - name: Kamala Harris\n    aliases: [Harris]\n", "utf-8"
    )
    for name in ARTICLES[:3]:
        add_seed(project, name)
    first = mkdocs_build(project)
    assert resolutions == [3] and len(grouped) == 3
    # Another folder, the same name: the site's name is the folder's.
    moved = tmp_path / "after" / "renamed" / "archive"
    moved.parent.mkdir(parents=True)
    project.rename(moved)
    again = mkdocs_build(moved)
    assert resolutions == [3] and again.written == 0 and again.archive == first.archive
    add_seed(moved, ADDED)
    added = mkdocs_build(moved)
    assert resolutions == [3, 4] and grouped[3:] == [Path(ADDED).name]
    assert any(actor.slug == "kamala-harris" for actor in added.archive.actors)


def test_the_input_digest_follows_text_annotation_and_rules_not_where_the_project_lies(tmp_path):
    from generator.config import EditorialEntry, EditorialRules
    from generator.model import Annotation, Entity
    from generator.pipeline import BuildSettings, annotated_text_digests, input_digest
    from generator.read import ReadResult, parse_article

    article = parse_article(
        b" date 2020-11-07 Joe Biden won the election, the Associated Press said.", "a.txt"
    )
    annotation = Annotation((Entity(0, 9, "PERSON"),), ((0, 54),))

    def digest(annotation=annotation, root=tmp_path / "here", rules=EditorialRules()):
        settings = BuildSettings(
            root / "seeds", root / "entities.yml", "model", root / ".cache", root / "pages"
        )
        read = ReadResult((article,), (), ())
        return input_digest(
            settings, rules, read, annotated_text_digests([article], {"a.txt": annotation})
        )

    assert digest() == digest(root=tmp_path / "moved" / "elsewhere")
    relabelled = Annotation((Entity(0, 9, "ORG"),), ((0, 54),))
    assert digest(relabelled) != digest()
    assert digest(rules=EditorialRules((EditorialEntry("Joe Biden"),))) != digest()


def test_a_build_takes_each_article_s_annotation_digest_once(
    tmp_path, annotated, grouped, monkeypatch
):
    """The repr of every annotation is about a second at 10,000 articles: a build takes each article's digest once,
    for both its input digest and the key of its grouped names, and a rebuild after an added article groups only
    that article's names with them."""
    from generator import pipeline, resolve

    taken = counted_calls(
        monkeypatch, resolve, "annotated_text_digest", lambda article, _: article.path, tmp_path
    )
    monkeypatch.setattr(pipeline, "annotated_text_digest", resolve.annotated_text_digest)
    project = new_project(tmp_path / "once" / "archive")
    for name in ARTICLES[:3]:
        add_seed(project, name)
    mkdocs_build(project)
    assert sorted(taken) == sorted(Path(name).name for name in ARTICLES[:3])
    taken.clear()
    grouped.clear()
    add_seed(project, ADDED)
    mkdocs_build(project)
    assert len(taken) == 4 and grouped == [Path(ADDED).name]


def test_a_rebuild_groups_names_only_in_new_or_changed_articles(tmp_path, annotated, grouped):
    """Each article's names are grouped once and kept under the cache (by its text and annotation, for the same
    code and editorial rules); editing entities.yml groups everything again."""
    project = new_project(tmp_path / "memo" / "archive")
    for name in ARTICLES[:3]:
        add_seed(project, name)
    mkdocs_build(project)
    assert len(grouped) == 3
    grouped.clear()
    add_seed(project, ADDED)
    added = mkdocs_build(project)
    assert grouped == [Path(ADDED).name]
    assert any(actor.slug == "kamala-harris" for actor in added.archive.actors)
    grouped.clear()
    (project / "entities.yml").write_text(
        "actors:\n  - name: Kamala Harris\n    aliases: [Harris]\n", "utf-8"
    )
    mkdocs_build(project)
    assert len(grouped) == 4
    grouped.clear()
    (project / ".annals-cache" / "state.db").write_bytes(b"SQLite format 3\0 truncated")
    (project / "seeds" / Path(ADDED).name).unlink()
    mkdocs_build(project)
    assert len(grouped) == 3  # an unreadable memo only means grouping again


def test_a_rebuild_compares_only_new_names_for_near_duplicates(tmp_path, annotated, monkeypatch):
    """The near-duplicate pairs are kept under the cache by each actor's folded name and type: a rebuild compares
    only the names an added article brings, with the same doubts as a cold build; an unreadable entry means
    comparing every name again."""
    from generator import doubts

    compared: list[set[str] | None] = []
    real = doubts.near_duplicate_pairs

    def counting(actors, fresh=None):
        compared.append(None if fresh is None else set(fresh))
        return real(actors, fresh)

    monkeypatch.setattr(doubts, "near_duplicate_pairs", counting)
    project = new_project(tmp_path / "near" / "archive")
    for name in ARTICLES[:3]:
        add_seed(project, name)
    first = mkdocs_build(project)
    assert compared == [None]
    before = {actor.slug for actor in first.archive.actors}
    compared.clear()
    add_seed(project, ADDED)
    added = mkdocs_build(project)
    new = {actor.slug for actor in added.archive.actors if actor.mentions} - before
    assert len(compared) == 1 and compared[0] is not None
    assert new and new <= compared[0]
    assert len(compared[0]) < len(before) / 2
    doubts_json = (project / ".annals-cache" / "pages" / "api" / "doubts.json").read_bytes()
    assert doubts_json == doubts.doubts_json(doubts.find_doubts(added.archive)).encode("utf-8")
    # Rows of state.db, not a file of their own.
    assert not (project / ".annals-cache" / "near-duplicates.json").exists()
    with contextlib.closing(sqlite3.connect(project / ".annals-cache" / "state.db")) as db, db:
        assert db.execute("SELECT count(*) FROM near_names").fetchone()[0] == len(
            [actor for actor in added.archive.actors if actor.mentions]
        )
        db.execute("UPDATE near_names SET name = 1.5")  # rows no build writes
    compared.clear()
    (project / "seeds" / Path(ADDED).name).unlink()
    mkdocs_build(project)
    assert compared == [None]  # unreadable rows only mean comparing everything again
    compared.clear()
    add_seed(project, ADDED)
    mkdocs_build(project)
    assert len(compared) == 1 and compared[0] is not None  # saved again, and used


def test_a_rebuild_renders_only_actors_whose_page_inputs_changed(tmp_path, annotated, monkeypatch):
    """An actor whose articles, names and co-occurring actors are as in the last build keeps its page and feed;
    one whose file was deleted or edited since is rendered again."""
    from generator import feeds, render

    rendered: list[str] = []
    real_page, real_feed = render.render_actor, feeds.actor_feed

    def counting_page(view, actor):
        rendered.append(actor.slug)
        return real_page(view, actor)

    def counting_feed(view, actor, *args):
        rendered.append(actor.slug + " feed")
        return real_feed(view, actor, *args)

    monkeypatch.setattr(render, "render_actor", counting_page)
    monkeypatch.setattr(feeds, "actor_feed", counting_feed)
    project = new_project(tmp_path / "actors" / "archive")
    for name in ARTICLES[-2:]:  # Paul Manafort's sentence, and a fire in Poland: no actor in common
        add_seed(project, name)
    first = mkdocs_build(project)
    every = {actor.slug for actor in first.archive.actors}
    assert set(rendered) == every | {slug + " feed" for slug in every}

    rendered.clear()
    add_seed(project, ARTICLES[3])  # flights to Cuba: the United States again, nothing about Poland
    added = mkdocs_build(project)
    assert "united-states" in rendered and "united-states feed" in rendered
    assert not any("poland" in slug or "koszalin" in slug for slug in rendered)
    assert set(rendered) < {actor.slug for actor in added.archive.actors} | {
        a.slug + " feed" for a in added.archive.actors
    }

    rendered.clear()
    poland = next(slug for slug in every if "poland" in slug)
    (project / ".annals-cache" / "pages" / "actors" / f"{poland}.md").unlink()
    mkdocs_build(project)
    assert sorted(rendered) == [poland, poland + " feed"]


def test_a_rebuild_renders_only_articles_whose_page_inputs_changed(
    tmp_path, annotated, rendered_articles
):
    """Adding an article renders it and the articles it could change (a shared actor may make it related; the one
    before it by date gains a 'next' link); an article sharing no actor and no neighbour keeps its page. A page
    deleted since the last build is rendered again."""
    from generator import urls

    rendered = rendered_articles
    project = new_project(tmp_path / "articles" / "archive")
    for name in ARTICLES[
        -2:
    ]:  # Poland (January 2019), then Paul Manafort (March 2019): no actor in common
        add_seed(project, name)
    first = mkdocs_build(project)
    assert sorted(rendered) == sorted(a.slug for a in first.archive.articles)
    poland, manafort = (
        next(a.slug for a in first.archive.articles if word in a.slug)
        for word in ("koszalin", "manafort")
    )

    rendered.clear()
    add_seed(
        project, ARTICLES[3]
    )  # flights to Cuba, October 2019: the United States, as in Manafort's
    added = mkdocs_build(project)
    cuba = next(a.slug for a in added.archive.articles if "cuba" in a.slug)
    assert sorted(rendered) == sorted([cuba, manafort])
    page = (
        project
        / ".annals-cache"
        / "pages"
        / urls.article_page_path(next(a for a in added.archive.articles if a.slug == manafort))
    )
    assert cuba in page.read_text("utf-8")  # the page kept is not stale: it links the new article

    rendered.clear()
    poland_article = next(a for a in added.archive.articles if a.slug == poland)
    (project / ".annals-cache" / "pages" / urls.article_page_path(poland_article)).unlink()
    mkdocs_build(project)
    assert rendered == [poland]


def test_an_article_sharing_an_actor_with_an_added_one_is_rendered_only_if_its_page_changes(
    tmp_path, annotated, rendered_articles, monkeypatch
):
    """An added article changes what decides the related articles of every article it shares an actor with, yet
    enters the related articles of only a few: the others, and articles that are not its neighbours by date, keep
    their pages without being rendered again. What is rendered is exactly what changed."""
    from generator import render

    rendered = rendered_articles
    monkeypatch.setattr(render, "RELATED_LIMIT", 1)  # one related article each: most keep theirs
    project = new_project(tmp_path / "related" / "archive")
    for name in ARTICLES[:5]:  # all name the United States, as does the article added
        add_seed(project, name)
    mkdocs_build(project)
    articles = project / ".annals-cache" / "pages" / "articles"
    before = {name: data for name, (data, _) in snapshot(articles).items()}
    rendered.clear()
    add_seed(project, ADDED)
    added = mkdocs_build(project)
    after = {name: data for name, (data, _) in snapshot(articles).items()}
    changed = {Path(name).stem for name in after if before.get(name) != after[name]}
    assert sorted(rendered) == sorted(changed)
    view = render.ArchiveView(added.archive)
    new = next(a.slug for a in added.archive.articles if a.date.isoformat() == "2020-08-12")
    sharing = {
        a.slug
        for a in added.archive.articles
        if set(view.actors_by_article[a.slug]) & set(view.actors_by_article[new])
    } - {new}
    kept = sharing - set(rendered)
    assert len(sharing) == 5 and len(kept) == 2, (sharing, rendered)


def test_signatures_depend_on_values_not_on_shared_objects():
    """Pickle writes an object it meets twice as a reference: equal values must still give equal digests."""
    from generator.signatures import value_digest

    name = "United States"
    built = "".join(["United", " ", "States"])  # equal, another object
    assert built is not name
    assert value_digest([(name, name)]) == value_digest([(name, built)])
    assert value_digest([(name, name)]) != value_digest([(name, "United Kingdom")])


def test_the_build_pauses_cycle_collection_only_while_it_makes_the_archive(
    tmp_path, annotated, monkeypatch
):
    """Resolving and rendering run with Python's cycle collector paused (it walked the whole heap again and again
    for nothing); MkDocs, and whatever runs after a build, even one that failed, get the thresholds they had."""
    import gc

    from generator import pipeline

    seen = {}
    real_pages = pipeline.build_pages
    # Resolving runs in the build's child process: what it sees comes back through a file.
    resolving = counted_calls(
        monkeypatch, pipeline, "resolve_archive", lambda *_: gc.get_threshold()[0], tmp_path
    )

    def rendering(settings, archive):
        seen["pages"] = gc.get_threshold()[0]
        if seen.get("fail"):
            raise RuntimeError("rendering failed")
        return real_pages(settings, archive)

    monkeypatch.setattr(pipeline, "build_pages", rendering)
    thresholds = gc.get_threshold()
    try:
        gc.set_threshold(555, 7, 9)
        project = new_project(tmp_path / "gc" / "archive")
        add_seed(project, ARTICLES[0])
        result = mkdocs_build(project)
        assert result.archive.articles and resolving == [0] and seen == {"pages": 0}
        assert gc.get_threshold() == (555, 7, 9)
        seen["fail"] = True
        add_seed(project, ARTICLES[1])
        with pytest.raises(RuntimeError, match="rendering failed"):
            mkdocs_build(project)
        assert gc.get_threshold() == (555, 7, 9)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def test_nothing_the_cache_keeps_can_run_code_and_an_older_cache_is_rebuilt(tmp_path, annotated):
    """Every state the cache folder keeps is JSON or SQLite rows (a CI cache or another user may have written it;
    pickle or compiled templates would run their code as they load); a cache left by an older version, in pickles, is
    ignored: the build gives the same site without reading them."""
    import json
    import pickle

    project = new_project(tmp_path / "nocode" / "archive")
    add_seed(project, ARTICLES[0])
    mkdocs_build(project)
    cache = project / ".annals-cache"
    state = sorted(
        p.relative_to(cache).as_posix()
        for p in cache.rglob("*")
        if p.is_file() and p.parts[len(cache.parts)] not in ("pages", "rendered", "pagefind")
    )
    assert "state.db" in state and "build-archive.json" not in state
    assert any(name.startswith("annotations/") for name in state)
    for name in state:
        if name.startswith("state.db"):  # SQLite's rows: text, numbers, and JSON read by codec.py
            continue
        assert isinstance(json.loads((cache / name).read_bytes()), dict), name
    assert not list(cache.rglob("*.pickle")) and not (cache / "templates").exists()
    before = snapshot(project / "site")

    class Trap:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "ran"),))

    for name in (
        "build-state.pickle",
        "local-actors.pickle",
        "knowledge.pickle",
        "actor-pages.pickle",
    ):
        (cache / name).write_bytes(pickle.dumps(Trap()))
    (cache / "build-state.json").write_bytes(
        pickle.dumps(Trap())
    )  # a pickle where JSON is expected
    (cache / "local-actors.json").write_text(
        '{"version": "1", "value": {}}', "utf-8"
    )  # an older version's
    mkdocs_build(project)
    assert not (tmp_path / "ran").exists()
    assert {name: data for name, (data, _) in snapshot(project / "site").items()} == {
        name: data for name, (data, _) in before.items()
    }


def resolved(names: list[str]):
    from generator.config import load_entities
    from generator.read import parse_article
    from generator.resolve import resolve_archive

    articles = [parse_article((CORPUS / name).read_bytes(), Path(name).name) for name in names]
    return resolve_archive(articles, annotate.annotate_articles(articles), load_entities(None))


def test_actor_signatures_change_with_the_articles_and_the_actors_named_with_them():
    """An added article changes the signature of each actor it names and of no other whose name and type stay;
    renaming an actor changes the signatures of the actors named in an article with it, and no other."""
    from generator.signatures import actor_signatures

    before = resolved(ARTICLES)
    after = resolved([*ARTICLES, ADDED])
    old, new = actor_signatures(before), actor_signatures(after)
    added_slug = next(
        a.slug for a in after.articles if a.slug not in {b.slug for b in before.articles}
    )
    named = {m.actor for a in after.actors for m in a.mentions if m.article == added_slug}
    kept = {a.slug: (a.name, a.type) for a in before.actors}
    renamed = {
        a.slug for a in after.actors if kept.get(a.slug, (a.name, a.type)) != (a.name, a.type)
    }
    near_renamed = {
        m.actor
        for a in after.actors
        for m in a.mentions
        if m.article in {n.article for r in after.actors if r.slug in renamed for n in r.mentions}
    }
    assert named and all(old.get(slug) != new[slug] for slug in named)
    untouched = set(old) & set(new) - named - near_renamed
    assert len(untouched) > 10
    assert all(old[slug] == new[slug] for slug in untouched)

    poland = next(a for a in before.actors if a.name == "Poland")
    with_poland = {
        m.actor
        for a in before.actors
        for m in a.mentions
        if m.article in {n.article for n in poland.mentions}
    }
    renamed_archive = dataclasses.replace(
        before,
        actors=tuple(
            dataclasses.replace(a, name="Rzeczpospolita Polska") if a is poland else a
            for a in before.actors
        ),
    )
    renamed_signatures = actor_signatures(renamed_archive)
    changed = {slug for slug in old if old[slug] != renamed_signatures[slug]}
    assert len(with_poland) > 3
    assert changed == with_poland
