"""The rendered-page cache: a rebuild takes unchanged generated pages' HTML (and search entries) from the cache
instead of rendering them, and the site stays byte-identical to a cold build; anything the HTML depends on — the
page's Markdown, the MkDocs config, the theme overrides — renders it again; entries are never stale or partial."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from generator.pagecache import PageCache
from generator.plugin import DEFAULT_NAV
from generator.sitepages import compact_html

from conftest import build_in_process, set_site_url
from test_incremental import ADDED, ARTICLES, add_seed, assert_same_tree, files_under, new_project

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}"
)


def build(project: Path):
    """`mkdocs build` in this process; the annals plugin's build, whose page cache says which pages it did not
    render."""
    return build_in_process(project / "mkdocs.yml")


def built_project(folder: Path, articles: list[str]) -> Path:
    """A new project with `articles` as its seeds, built once."""
    project = new_project(folder / "archive")
    for name in articles:
        add_seed(project, name)
    build(project)
    return project


def cacheable_pages(project: Path) -> set[str]:
    """Generated pages outside the nav (home, dates, actors and network indexes): the ones the cache may serve."""
    pages = project / ".annals-cache" / "pages"
    nav = {path for _title, path in DEFAULT_NAV}
    return {name for name in files_under(pages) if name.endswith(".md") and name not in nav}


@pytest.fixture
def quiet(monkeypatch):
    monkeypatch.setenv("CI", "true")


# --- the cache on its own ------------------------------------------------------------------------------------


def test_an_entry_is_used_only_under_the_same_key(tmp_path):
    cache = PageCache(tmp_path, "fingerprint", search=False)
    assert not cache.lookup("actors/a.md", ("markdown", "2020-01-01"))
    cache.store("actors/a.md", "<html>a</html>")
    assert not PageCache(tmp_path, "fingerprint", search=False).lookup(
        "actors/a.md", ("markdown", "2020-01-01")
    ), "listed only once the build finished"
    cache.finish(tmp_path / "site", [("actors/a.md", "actors/a/")])
    again = PageCache(tmp_path, "fingerprint", search=False)
    assert again.lookup("actors/a.md", ("markdown", "2020-01-01"))
    assert again.read("actors/a.md") == "<html>a</html>"
    assert not PageCache(tmp_path, "fingerprint", search=False).lookup(
        "actors/a.md", ("edited", "2020-01-01")
    )
    assert not PageCache(tmp_path, "fingerprint", search=False).lookup(
        "actors/a.md", ("markdown", "2020-01-02")
    )
    assert not PageCache(tmp_path, "other site", search=False).lookup(
        "actors/a.md", ("markdown", "2020-01-01")
    )


def test_with_search_on_an_entry_needs_its_search_entries_too(tmp_path):
    cache = PageCache(tmp_path, "fingerprint", search=False)
    cache.lookup("actors/a.md", ("markdown",))
    cache.store("actors/a.md", "<html>a</html>")
    cache.finish(tmp_path / "site", [("actors/a.md", "actors/a/")])
    assert PageCache(tmp_path, "fingerprint", search=False).lookup("actors/a.md", ("markdown",))
    # The HTML is there, but no search entries were saved with it: the page must be rendered (and indexed) again.
    assert not PageCache(tmp_path, "fingerprint", search=True).lookup("actors/a.md", ("markdown",))


def test_a_partial_entry_from_a_killed_build_is_never_read(tmp_path):
    cache = PageCache(tmp_path, "fingerprint", search=False)
    cache.lookup("actors/a.md", ("markdown",))
    cache.store("actors/a.md", "<html>a</html>")
    cache.finish(tmp_path / "site", [("actors/a.md", "actors/a/")])
    # A later build stored a new entry and was killed before it saved the manifest: the manifest still lists the
    # old entry, and the file is not the one listed.
    killed = PageCache(tmp_path, "fingerprint", search=False)
    killed.lookup("actors/a.md", ("edited",))
    killed.store("actors/a.md", "<html>edited, then killed")
    assert not PageCache(tmp_path, "fingerprint", search=False).lookup("actors/a.md", ("markdown",))
    assert not PageCache(tmp_path, "fingerprint", search=False).lookup("actors/a.md", ("edited",))
    entry = tmp_path / "pages" / "actors" / "a.md.html"
    (entry.parent / ".tmp-killed").write_text("<html>half", "utf-8")
    cache.finish(tmp_path / "site", [("actors/a.md", "actors/a/")])
    assert not (entry.parent / ".tmp-killed").exists()


def test_the_entries_of_pages_no_longer_built_go_and_the_others_stay(tmp_path):
    cache = PageCache(tmp_path, "fingerprint", search=False)
    for src in ("actors/a.md", "actors/b.md", "articles/2020/01/02/c.md", "index.md"):
        cache.lookup(src, ("markdown",))
        cache.store(src, f"<html>{src}</html>")
    cache.finish(
        tmp_path / "site", [("actors/a.md", "actors/a/"), ("articles/2020/01/02/c.md", "c/")]
    )
    pages = tmp_path / "pages"
    assert sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.html")) == [
        "actors/a.md.html",
        "articles/2020/01/02/c.md.html",
    ]
    again = PageCache(tmp_path, "fingerprint", search=False)
    assert again.lookup("articles/2020/01/02/c.md", ("markdown",))
    assert not again.lookup("actors/b.md", ("markdown",))


def test_an_entry_goes_into_the_site_as_a_link_and_a_new_one_never_changes_it(tmp_path):
    cache = PageCache(tmp_path / "cache", "fingerprint", search=False)
    cache.lookup("actors/a.md", ("markdown",))
    cache.store("actors/a.md", "<html>a</html>")
    cache.finish(tmp_path / "site", [("actors/a.md", "actors/a/")])
    again = PageCache(tmp_path / "cache", "fingerprint", search=False)
    assert again.lookup("actors/a.md", ("markdown",))
    page = tmp_path / "site" / "actors" / "a" / "index.html"
    again.link("actors/a.md", str(page))
    assert page.read_text("utf-8") == "<html>a</html>"
    assert page.samefile(tmp_path / "cache" / "pages" / "actors" / "a.md.html")
    # A later build renders the page anew: the entry is replaced, and the site that shared the old one keeps it.
    later = PageCache(tmp_path / "cache", "fingerprint", search=False)
    later.lookup("actors/a.md", ("edited",))
    later.store("actors/a.md", "<html>b</html>")
    assert page.read_text("utf-8") == "<html>a</html>"
    # An entry edited in place (through a link, say) is never used again.
    later.finish(tmp_path / "site", [("actors/a.md", "actors/a/")])
    entry = tmp_path / "cache" / "pages" / "actors" / "a.md.html"
    entry.write_text("<html>c</html>", "utf-8")
    assert not PageCache(tmp_path / "cache", "fingerprint", search=False).lookup(
        "actors/a.md", ("edited",)
    )


def test_compact_html_cuts_indentation_but_keeps_preformatted_text():
    html = "<body>\n    <p>\n      Two  spaces stay\n    </p>\n\n  <pre>\n  code\n    indented</pre>\n  <textarea>\n  a\n</textarea>\n</body>"
    assert (
        compact_html(html)
        == "<body>\n<p>\nTwo  spaces stay\n</p>\n<pre>\n  code\n    indented</pre>\n<textarea>\n  a\n</textarea>\n</body>"
    )


# --- whole builds ----------------------------------------------------------------------------------------------


@needs_corpus
def test_a_warm_rebuild_renders_no_generated_page_and_matches_a_cold_build(tmp_path, quiet):
    project = new_project(tmp_path / "warm" / "archive")
    config = project / "mkdocs.yml"
    set_site_url(config, "https://example.org/archive/")  # a sitemap
    for name in ARTICLES[:4]:
        add_seed(project, name)
    first = build(project)
    assert first.reuse.cache.cached == set()
    cold_site = tmp_path / "cold-site"
    shutil.copytree(project / "site", cold_site)

    again = build(project)
    assert again.reuse.cache.cached == cacheable_pages(project)
    assert_same_tree(project / "site", cold_site)
    # Pages the cache put in place are listed in the sitemap as the cold build listed them (assert_same_tree).
    assert "<loc>https://example.org/archive/actors/donald-trump/</loc>" in (
        project / "site" / "sitemap.xml"
    ).read_text("utf-8")
    index = json.loads((project / "site" / "search" / "search_index.json").read_text("utf-8"))
    assert any(
        doc["location"].startswith("actors/donald-trump/") for doc in index["docs"]
    )  # cached, still indexed
    modes = {
        path.stat().st_mode & 0o777 for path in (project / "site").rglob("*") if path.is_file()
    }
    assert len(modes) == 1  # the merged search index is as readable as every page MkDocs wrote

    # One article added: the pages it changes are rendered, the rest come from the cache.
    add_seed(project, ADDED)
    added = build(project)
    rendered = cacheable_pages(project) - added.reuse.cache.cached
    assert "actors/joe-biden.md" in rendered and "actors/kamala-harris.md" in rendered
    assert len(rendered) < len(cacheable_pages(project)) / 2


@needs_corpus
def test_changing_the_config_or_the_theme_overrides_renders_every_page_again(tmp_path, quiet):
    project = built_project(tmp_path / "config", ARTICLES[:2])
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\ncopyright: Cache test newsroom\n", "utf-8")
    changed = build(project)
    assert changed.reuse.cache.cached == set()
    assert "Cache test newsroom" in (
        project / "site" / "actors" / "donald-trump" / "index.html"
    ).read_text("utf-8")
    assert build(project).reuse.cache.cached == cacheable_pages(project)

    overrides = project / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "copyright.html").write_text(
        '<div class="md-copyright">Overridden footer</div>', "utf-8"
    )
    config.write_text(
        config.read_text("utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1
        ),
        "utf-8",
    )
    assert build(project).reuse.cache.cached == set()
    page = project / "site" / "actors" / "donald-trump" / "index.html"
    assert "Overridden footer" in page.read_text("utf-8")
    (overrides / "partials" / "copyright.html").write_text(
        '<div class="md-copyright">Edited footer</div>', "utf-8"
    )
    assert build(project).reuse.cache.cached == set()
    assert "Edited footer" in page.read_text("utf-8")


@needs_corpus
def test_a_deleted_or_tampered_cache_only_means_rendering_again(tmp_path, quiet):
    project = built_project(tmp_path / "tamper", ARTICLES[:2])
    cold_site = tmp_path / "cold-site"
    shutil.copytree(project / "site", cold_site)
    rendered = project / ".annals-cache" / "rendered"
    entry = rendered / "pages" / "actors" / "donald-trump.md.html"
    entry.write_text(entry.read_text("utf-8").replace("Donald Trump", "Somebody Else"), "utf-8")
    result = build(project)
    assert "actors/donald-trump.md" not in result.reuse.cache.cached
    assert_same_tree(project / "site", cold_site)

    shutil.rmtree(rendered)
    assert build(project).reuse.cache.cached == set()
    assert_same_tree(project / "site", cold_site)


@needs_corpus
def test_entries_of_removed_pages_are_dropped(tmp_path, quiet):
    project = built_project(tmp_path / "removed", ARTICLES[-2:])
    entries = project / ".annals-cache" / "rendered" / "pages"
    poland = [p for p in files_under(entries) if "poland" in p]
    assert poland
    (project / "seeds" / Path(ARTICLES[-1]).name).unlink()
    build(project)
    assert not [p for p in files_under(entries) if "poland" in p]
    search = json.loads(
        (project / ".annals-cache" / "rendered" / "search-entries.json").read_text("utf-8")
    )["value"]
    assert set(search) == cacheable_pages(project)


@needs_corpus
@pytest.mark.parametrize("bundles", [1, 2], ids=["one bundle", "two bundles"])
def test_with_pagefind_rebuilds_after_adds_and_removals_match_a_cold_build(
    tmp_path, quiet, caplog, bundles
):
    """Pagefind indexes the site MkDocs wrote, cached pages included: the index after incremental builds is the
    cold build's, byte for byte, in one bundle or split in two."""
    options = "      search: pagefind\n" + (
        "      pagefind_split_above: 0\n" if bundles == 2 else ""
    )

    def with_pagefind(project: Path) -> Path:
        config = project / "mkdocs.yml"
        text = config.read_text("utf-8")
        config.write_text(
            text.replace(
                "      cache_dir: .annals-cache\n", "      cache_dir: .annals-cache\n" + options
            ),
            "utf-8",
        )
        assert "search: pagefind" in config.read_text("utf-8")
        return project

    project = with_pagefind(new_project(tmp_path / "incremental" / "archive"))
    for name in ARTICLES[:3]:
        add_seed(project, name)
    build(project)
    add_seed(project, ADDED)
    added = build(project)
    assert added.search_bundles == bundles
    if (
        bundles == 1
    ):  # split, the plugin lets go of the page cache before Pagefind writes the second bundle
        assert added.reuse.cache.cached
    (project / "seeds" / Path(ARTICLES[0]).name).unlink()
    build(project)

    cold = with_pagefind(new_project(tmp_path / "cold" / "archive"))
    for seed in (project / "seeds").iterdir():
        shutil.copyfile(seed, cold / "seeds" / seed.name)
    build(cold)
    assert (cold / "site" / "pagefind" / "pagefind-entry.json").is_file()
    assert (cold / "site" / "pagefind" / "others" / "pagefind-entry.json").is_file() == (
        bundles == 2
    )
    assert_same_tree(project / "site", cold / "site")

    # Nothing changed: the bundle comes back from the cache instead of a new run of Pagefind, with the same bytes.
    cold_site = tmp_path / "cold-site"
    shutil.copytree(cold / "site", cold_site)
    caplog.clear()
    with caplog.at_level("INFO"):
        build(cold)
    assert any("Pagefind reused the index" in record.getMessage() for record in caplog.records)
    assert_same_tree(cold / "site", cold_site)


@needs_corpus
def test_a_build_that_needs_one_more_search_bundle_renders_no_page_again(tmp_path, quiet):
    """The search box learns the split index's bundles from pagefind/annals-bundles.json, not from the pages: an
    added article that makes one more bundle of articles leaves every page it does not change as the cache holds
    it (until 2026-12 every page's header named the bundles, and every page was rendered again)."""
    project = new_project(tmp_path / "archive")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "      cache_dir: .annals-cache\n",
            "      cache_dir: .annals-cache\n      search: pagefind\n      pagefind_split_above: 0\n"
            "      pagefind_articles_per_bundle: 1\n",
        ),
        "utf-8",
    )
    for name in ARTICLES[:3]:
        add_seed(project, name)
    build(project)
    layout = project / "site" / "pagefind" / "annals-bundles.json"
    before = json.loads(layout.read_text("utf-8"))["merge"]
    # The actors' pages: generated, outside the nav, so the page cache may put them in place.
    pages = {
        p.relative_to(project / "site"): p.read_bytes()
        for p in (project / "site" / "actors").rglob("*.html")
    }
    started = time.time_ns()
    add_seed(project, ADDED)
    build(project)
    assert len(json.loads(layout.read_text("utf-8"))["merge"]) == len(before) + 1
    same = [
        path
        for path, html in pages.items()
        if (project / "site" / path).is_file() and (project / "site" / path).read_bytes() == html
    ]
    kept = [path for path in same if (project / "site" / path).stat().st_mtime_ns < started]
    assert len(same) > len(pages) / 2, (len(same), len(pages))
    assert len(kept) > len(same) / 2, (len(kept), len(same))


def fingerprint_of(project: Path) -> str:
    from mkdocs.config import load_config

    from generator.pagecache import site_fingerprint

    config_file = project / "mkdocs.yml"
    config = load_config(str(config_file))
    return site_fingerprint(
        config, config_file.read_text("utf-8"), "code", [project / "docs", project / "overrides"]
    )


def test_a_project_moved_elsewhere_keeps_its_page_cache_and_an_edited_override_does_not(tmp_path):
    """The site's fingerprint names the project's folders from the project, and the packages' from where Python
    imports them: a project moved (or a CI cache restored at another path) keeps its rendered pages."""
    first = tmp_path / "here" / "site-project"
    (first / "docs").mkdir(parents=True)
    (first / "overrides").mkdir()
    (first / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (first / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", "utf-8")
    (first / "mkdocs.yml").write_text(
        "site_name: Moved\ntheme:\n  name: material\n  custom_dir: overrides\n", "utf-8"
    )
    second = tmp_path / "somewhere" / "else" / "renamed"
    shutil.copytree(first, second)
    assert fingerprint_of(first) == fingerprint_of(second)
    (second / "overrides" / "main.html").write_text(
        "{% extends 'base.html' %}\n<!-- -->\n", "utf-8"
    )
    assert fingerprint_of(first) != fingerprint_of(second)


def test_a_path_is_named_from_the_innermost_root_it_lies_in(tmp_path):
    from generator.pagecache import portable_path

    roots = [("project", str(tmp_path / "p" / "inner")), ("python", str(tmp_path / "p"))]
    assert portable_path(str(tmp_path / "p" / "inner" / "docs"), roots) == "project:docs"
    assert portable_path(str(tmp_path / "p" / "material" / "templates"), roots) == (
        "python:material/templates"
    )
    assert portable_path(str(tmp_path / "elsewhere"), roots) == str(tmp_path / "elsewhere")
    assert portable_path(None, roots) is None
