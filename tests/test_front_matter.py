"""Tests for the front matter of Markdown articles (issue 19, point 3): every key Annals reads is honoured, and a
key it does not know is named in a warning with the file and line, never dropped in silence.

Fixtures are real articles: the Magnitogorsk and Cahors reports of the Wikinews corpus (../shared/corpus), shortened
and written out here, so these tests run without ../shared.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import sqlite3
from pathlib import Path

from generator.read import FRONT_MATTER_KEYS, parse_article, read_archive, read_file
from generator.urls import article_redirects

from test_incremental import files_under, mkdocs_build, new_project

MAGNITOGORSK = """---
title: "Magnitogorsk apartment building collapses after explosion, dozens dead"
date: "2019-01-04"
source: "Wikinews"
url: "https://en.wikinews.org/wiki/Magnitogorsk_apartment_building_collapses_after_explosion,_dozens_dead"
license: "CC BY 2.5"
---

Friday, January 4, 2019

An apartment building collapsed on Monday in Magnitogorsk, a city in the Ural region of Russia. A suspected gas \
leak led to an explosion, followed by the ten-storey building coming down. A total of 39 are confirmed dead, \
officials told state media, adding that rescuers ended their work yesterday. Some reports suggest a deliberate \
criminal act.
"""

CAHORS = """---
title: "Holy headdress of Christ carried in procession through streets of Cahors, France"
date: "2019-05-03"
source: "Wikinews"
---

On Monday, the Holy Headdress of Christ was carried in procession through the streets of Cahors, France, as it \
is every Easter Monday. Bishop Laurent Camiade led the procession from the cathedral.
"""


def with_keys(document: str, lines: str) -> str:
    """The article with extra front matter lines just before its closing '---'."""
    head, rest = document.split("\n---\n", 1)
    return f"{head}\n{lines.rstrip()}\n---\n{rest}"


def write(directory: Path, relative: str, text: str) -> Path:
    path = directory / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_the_fixtures_give_no_warnings():
    assert read_file(MAGNITOGORSK.encode(), "a.md").warnings == ()
    assert read_file(CAHORS.encode(), "b.md").warnings == ()


def test_unknown_key_is_named_with_its_line_and_a_close_match_and_the_article_is_still_built(
    tmp_path,
):
    write(tmp_path, "2019/magnitogorsk.md", with_keys(MAGNITOGORSK, "auther: Jane Roe\nfoo_bar: 1"))
    result = read_archive(tmp_path)
    assert [a.path for a in result.articles] == ["2019/magnitogorsk.md"]
    assert result.articles[0].author == ""  # a misspelt key is not guessed at
    warnings = sorted(result.rejections, key=lambda r: r.line)
    assert [(w.path, w.line) for w in warnings] == [
        ("2019/magnitogorsk.md", 7),
        ("2019/magnitogorsk.md", 8),
    ]
    assert "'auther'" in warnings[0].reason and "did you mean 'author'?" in warnings[0].reason
    assert "'foo_bar'" in warnings[1].reason and "did you mean" not in warnings[1].reason
    for key in FRONT_MATTER_KEYS:
        assert key in warnings[1].reason
    assert (
        warnings[0]
        .message()
        .startswith("2019/magnitogorsk.md:7: unknown front matter key 'auther'")
    )


def test_unknown_key_written_in_another_case_or_quoted_is_found_on_its_line():
    document = with_keys(MAGNITOGORSK, '"Title2": x')
    (warning,) = read_file(document.encode(), "a.md").warnings
    assert (
        warning.line == 7
        and "'Title2'" in warning.reason
        and "did you mean 'title'?" in warning.reason
    )


def test_parse_article_still_returns_the_article():
    assert parse_article(with_keys(CAHORS, "colour: red").encode(), "c.md").title.startswith(
        "Holy headdress"
    )


def build(seeds: Path, cache: Path):
    """The whole pipeline (read → spaCy → resolve → render) into `cache`/pages, in this process."""
    from generator.pipeline import BuildSettings, build_archive

    settings = BuildSettings(
        seeds=seeds,
        entities=None,
        model="en_core_web_sm",
        cache_dir=cache,
        pages_dir=cache / "pages",
        workers=1,
    )
    return build_archive(settings)


def build_both(tmp_path: Path, cahors_keys: str, magnitogorsk_keys: str) -> dict[str, str]:
    """The generated pages of an archive of the two fixtures, each with the front matter lines given."""
    seeds = tmp_path / "seeds"
    write(seeds, "cahors.md", with_keys(CAHORS, cahors_keys) if cahors_keys else CAHORS)
    write(
        seeds,
        "magnitogorsk.md",
        with_keys(MAGNITOGORSK, magnitogorsk_keys) if magnitogorsk_keys else MAGNITOGORSK,
    )
    build(seeds, tmp_path / "cache")
    return generated(tmp_path / "cache")


def generated(cache: Path) -> dict[str, str]:
    pages = cache / "pages"
    return {p.relative_to(pages).as_posix(): as_text(p) for p in pages.rglob("*") if p.is_file()}


def as_text(path: Path) -> str:
    """A generated file's text: the database as its SQL dump, a gzipped export unpacked."""
    if path.suffix == ".db":
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return "\n".join(connection.iterdump())
        finally:
            connection.close()
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text("utf-8")


def test_a_draft_is_left_out_of_the_site_entirely(tmp_path):
    seeds = tmp_path / "seeds"
    write(seeds, "cahors.md", CAHORS)
    write(seeds, "magnitogorsk.md", with_keys(MAGNITOGORSK, "draft: true"))
    result = build(seeds, tmp_path / "cache")
    assert [a.path for a in result.archive.articles] == ["cahors.md"]
    assert result.archive.drafts == 1 and result.rejections == ()
    pages = generated(tmp_path / "cache")
    assert not [
        path for path in pages if "magnitogorsk" in path
    ]  # no article page, no actor page it alone names
    assert any(path.startswith("actors/cahors") for path in pages)
    everything = "\n".join(pages.values())
    assert (
        "Magnitogorsk" not in everything and "Ural" not in everything
    )  # exports, feeds, dates, home
    assert "2019/01" not in " ".join(pages)  # nor in the date index


def test_a_draft_with_the_text_of_a_published_article_does_not_push_it_out(tmp_path):
    write(tmp_path, "a-draft.md", with_keys(CAHORS, "draft: true\nsource: Draft desk"))
    write(tmp_path, "b-published.md", CAHORS)
    result = read_archive(tmp_path)
    assert [a.path for a in result.articles] == ["b-published.md"] and result.rejections == ()
    assert result.drafts == ("a-draft.md",)


def test_draft_false_is_published_and_a_draft_value_that_is_not_a_boolean_is_a_warning_and_left_out(
    tmp_path,
):
    write(tmp_path, "published.md", with_keys(CAHORS, "draft: false"))
    write(tmp_path, "unclear.md", with_keys(MAGNITOGORSK, 'draft: "no"'))
    result = read_archive(tmp_path)
    assert [a.path for a in result.articles] == ["published.md"]
    assert result.drafts == ("unclear.md",)
    (warning,) = result.rejections
    assert (warning.path, warning.line) == ("unclear.md", 7)
    assert (
        "'no'" in warning.reason
        and "draft: true" in warning.reason
        and "draft: false" in warning.reason
    )


def test_slug_pins_the_url_whatever_the_title():
    article = parse_article(with_keys(MAGNITOGORSK, "slug: magnitogorsk-collapse").encode(), "a.md")
    assert article.slug == "magnitogorsk-collapse"
    assert article.url_path == "articles/2019/01/04/magnitogorsk-collapse/"
    renamed = MAGNITOGORSK.replace("after explosion, dozens dead", "after gas explosion")
    assert (
        parse_article(with_keys(renamed, "slug: magnitogorsk-collapse").encode(), "a.md").slug
        == "magnitogorsk-collapse"
    )


def test_a_slug_that_is_no_slug_is_a_warning_with_the_fix_and_the_title_slug_is_used():
    for value, fix in [
        ('"Magnitogorsk Collapse!"', "magnitogorsk-collapse"),
        ("../../etc", "etc"),
        ("[a, b]", "magnitogorsk-apartment-building-collapses-after-explosion"),
    ]:
        parsed = read_file(with_keys(MAGNITOGORSK, f"slug: {value}").encode(), "a.md")
        assert parsed.article.slug.startswith("magnitogorsk-apartment-building-collapses")
        (warning,) = parsed.warnings
        assert warning.line == 7 and f"write 'slug: {fix}'" in warning.reason, warning.reason


def test_two_articles_claiming_one_slug_are_told_apart_in_date_and_path_order_with_a_warning(
    tmp_path,
):
    for order in (["a.md", "b.md"], ["b.md", "a.md"]):
        seeds = tmp_path / "-".join(order)
        # Written in the other order, to show the result depends on the names, not on the writing.
        for name in reversed(order):
            write(
                seeds, name, with_keys(CAHORS if name == "a.md" else MAGNITOGORSK, "slug: collapse")
            )
        result = read_archive(seeds)
        # The older article (Magnitogorsk, January) keeps the slug, as title slugs do today.
        slugs = {a.path: a.slug for a in result.articles}
        assert slugs == {"b.md": "collapse", "a.md": "collapse-2"}
        (warning,) = result.rejections
        assert (
            warning.path == "a.md"
            and "b.md" in warning.reason
            and "/articles/2019/05/03/collapse-2/" in warning.reason
        )


OLD_URL = "articles/2019/01/04/magnitogorsk-apartment-building-collapses-after-explosion/"
NEW_URL = "articles/2019/01/04/magnitogorsk-building-collapses/"
CAHORS_URL = "articles/2019/05/03/holy-headdress-of-christ-carried-in-procession-through/"


def redirect_target(site: Path, url: str) -> str:
    """Where the page at `url` redirects to, resolved against it (a redirect page, not an article)."""
    import posixpath
    import re

    page = (site / url / "index.html").read_text("utf-8")
    match = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page)
    assert match and "<article" not in page, f"{url} is no redirect page"
    return posixpath.normpath(posixpath.join(url, match.group(1))) + "/"


def test_an_article_whose_title_changes_leaves_a_redirect_at_its_old_url(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")  # no progress bar
    project = new_project(tmp_path / "archive")
    site = project / "site"
    write(project / "seeds", "2019/magnitogorsk.md", MAGNITOGORSK)
    write(
        project / "seeds",
        "cahors.md",
        with_keys(CAHORS, "redirect_from: [/2019/cahors-easter, old/cahors/]"),
    )
    mkdocs_build(project)
    assert "<article" in (site / OLD_URL / "index.html").read_text("utf-8")

    retitled = MAGNITOGORSK.replace("after explosion, dozens dead", "after gas explosion")
    write(
        project / "seeds",
        "2019/magnitogorsk.md",
        with_keys(retitled, "slug: magnitogorsk-building-collapses"),
    )
    mkdocs_build(project)
    assert "<article" in (site / NEW_URL / "index.html").read_text("utf-8")
    assert redirect_target(site, OLD_URL) == NEW_URL
    assert (
        redirect_target(site, "2019/cahors-easter/")
        == redirect_target(site, "old/cahors/")
        == CAHORS_URL
    )
    before = {name: path.read_bytes() for name, path in files_under(site).items()}

    mkdocs_build(project)  # the same input again: the same bytes, redirects included
    assert {name: path.read_bytes() for name, path in files_under(site).items()} == before

    # A clean build has no record of the old title: only the front matter's redirect_from survives it.
    write(
        project / "seeds",
        "2019/magnitogorsk.md",
        with_keys(retitled, f"slug: magnitogorsk-building-collapses\nredirect_from: /{OLD_URL}"),
    )
    for folder in (site, project / ".annals-cache"):
        shutil.rmtree(folder)
    mkdocs_build(project)
    assert redirect_target(site, OLD_URL) == NEW_URL
    assert redirect_target(site, "old/cahors/") == CAHORS_URL


def test_an_article_url_changed_twice_redirects_both_old_urls_and_never_over_a_live_article():
    from generator.model import Article, Block

    def article(slug: str, path: str, redirect_from: tuple[str, ...] = ()) -> Article:
        return Article(
            slug,
            dt.date(2019, 1, 4),
            "T",
            "",
            "",
            "",
            "x",
            (Block("paragraph", 0, 1),),
            path,
            redirect_from,
        )

    earlier = {
        "a.md": [
            "articles/2019/01/04/first/",
            "articles/2019/01/04/second/",
            "articles/2019/01/04/third/",
        ]
    }
    # 'second' is now b.md's URL: it stays b.md's page. c.md names a URL a.md had too: a.md sorts first.
    articles = [
        article("second", "b.md"),
        article("third", "a.md"),
        article("c", "c.md", ("articles/2019/01/04/first/",)),
    ]
    assert article_redirects(articles, earlier) == [
        ("articles/2019/01/04/first/", "articles/2019/01/04/third/")
    ]
    assert article_redirects(list(reversed(articles)), earlier) == article_redirects(
        articles, earlier
    )


def test_redirect_from_that_is_no_path_of_the_site_is_a_warning():
    document = with_keys(
        CAHORS, "redirect_from: ['../../../etc/passwd', 'https://example.com/x', /old/cahors/]"
    )
    parsed = read_file(document.encode(), "c.md")
    assert parsed.article.redirect_from == ("old/cahors/",)
    assert [(w.line, "redirect_from" in w.reason) for w in parsed.warnings] == [
        (5, True),
        (5, True),
    ]


def page_and_feed(document: str) -> tuple[str, str]:
    """The article page and the site feed made from one article file."""
    from generator.model import Archive
    from generator.render import ArchiveView, render_article

    from conftest import render_feeds

    archive = Archive((parse_article(document.encode(), "a.md"),), ())
    page = render_article(ArchiveView(archive), archive.articles[0]).content
    feed = next(
        p for p in render_feeds(archive, "https://example.org/", "Archive") if p.path == "feed.xml"
    ).content
    return page, feed


def test_updated_shows_as_a_correction_date_on_the_page_and_in_the_feed():
    page, feed = page_and_feed(with_keys(MAGNITOGORSK, "updated: 2019-01-07"))
    assert 'Updated <time datetime="2019-01-07">7 January 2019</time>' in page
    assert "<published>2019-01-04T00:00:00+00:00</published>" in feed
    assert (
        feed.count("<updated>2019-01-07T00:00:00+00:00</updated>") == 2
    )  # the entry's and the feed's
    page, feed = page_and_feed(MAGNITOGORSK)
    assert "Updated" not in page and "2019-01-07" not in feed


def test_updated_before_the_date_or_not_a_date_is_a_warning_and_not_shown():
    for value, says in [
        ("2019-01-03", "before the article's date 2019-01-04"),
        ("last tuesday", "not in the form YYYY-MM-DD"),
    ]:
        parsed = read_file(with_keys(MAGNITOGORSK, f"updated: {value}").encode(), "a.md")
        (warning,) = parsed.warnings
        assert parsed.article.updated is None and warning.line == 7 and says in warning.reason, (
            warning.reason
        )


def test_lang_is_a_bcp_47_tag_in_its_usual_case_and_anything_else_is_a_warning():
    for value, tag in [
        ("fr", "fr"),
        ("pt-br", "pt-BR"),
        ("SR-latn-rs", "sr-Latn-RS"),
        ("es-419", "es-419"),
    ]:
        parsed = read_file(with_keys(CAHORS, f"lang: {value}").encode(), "c.md")
        assert (parsed.article.lang, parsed.warnings) == (tag, ())
    for value in ["french", "'\"><script>alert(1)</script>'", "[fr, en]", "f"]:
        parsed = read_file(with_keys(CAHORS, f"lang: {value}").encode(), "c.md")
        (warning,) = parsed.warnings
        assert parsed.article.lang == "" and warning.line == 5 and "language tag" in warning.reason


def test_an_article_in_another_language_than_the_site_says_so_on_its_content():
    from generator.model import Archive
    from generator.render import ArchiveView, render_article

    def opening(lang_line: str, site_language: str) -> str:
        document = with_keys(CAHORS, lang_line) if lang_line else CAHORS
        archive = Archive((parse_article(document.encode(), "c.md"),), ())
        page = render_article(ArchiveView(archive, site_language), archive.articles[0]).content
        return next(line for line in page.splitlines() if line.startswith("<article"))

    assert opening("lang: fr", "en") == '<article class="annals-article" lang="fr">'
    assert opening("lang: pt-BR", "pt") == '<article class="annals-article" lang="pt-BR">'
    assert (
        opening("lang: EN", "en")
        == opening("", "en")
        == opening("", "fr")
        == '<article class="annals-article">'
    )


def test_tags_are_a_list_of_names_each_once_and_anything_else_is_a_warning():
    parsed = read_file(
        with_keys(CAHORS, "tags: [Easter, ' religion ', Easter, 2019, [nested]]").encode(), "c.md"
    )
    assert parsed.article.tags == ("Easter", "religion", "2019")
    (warning,) = parsed.warnings
    assert (
        warning.line == 5
        and "[nested]" not in parsed.article.tags
        and "list of names" in warning.reason
    )
    assert parse_article(with_keys(CAHORS, "tags: Easter").encode(), "c.md").tags == ("Easter",)
    assert parse_article(CAHORS.encode(), "c.md").tags == ()


def test_tags_give_tag_pages_an_index_and_links_from_the_article_with_hostile_names_shown_as_text(
    tmp_path,
):
    import html

    from generator.urls import relative_url

    pages = build_both(
        tmp_path,
        "tags: [Religion, '<script>alert(1)</script>', '{{ 7*7 }}']",
        "tags: [religion, Russia]",
    )
    slugs = ["7-7", "religion", "russia", "script-alert-1-script"]
    assert sorted(p for p in pages if p.startswith("tags/")) == sorted(
        ["tags/index.md"] + [f"tags/{s}/index.md" for s in slugs]
    )
    # 'Religion' and 'religion' are one tag; the page lists both articles, newest first.
    religion = pages["tags/religion/index.md"]
    assert (
        religion.index("Holy headdress") < religion.index("Magnitogorsk")
        and "2 articles tagged" in religion
    )
    article = pages["articles/2019/05/03/holy-headdress-of-christ-carried-in-procession-through.md"]
    nav = next(line for line in article.splitlines() if line.startswith('<nav class="md-tags'))
    for slug in ("religion", "script-alert-1-script", "7-7"):
        href = relative_url(
            "articles/2019/05/03/holy-headdress-of-christ-carried-in-procession-through/",
            f"tags/{slug}/",
        )
        assert f'href="{href}"' in nav
    for page in (
        nav,
        pages["tags/index.md"],
        pages["tags/script-alert-1-script/index.md"],
        pages["tags/7-7/index.md"],
    ):
        assert "<script>" not in page and "49" not in page
    assert html.escape("<script>alert(1)</script>") in nav and "{{ 7*7 }}" in nav
    assert (
        "title: '&lt;script&gt;alert(1)&lt;/script&gt;'"
        in pages["tags/script-alert-1-script/index.md"]
    )
    assert 'or by <a href="tags/">tag</a>' in pages["index.md"]


def test_an_archive_without_tags_has_no_tag_pages_and_the_home_page_as_before(tmp_path):
    pages = build_both(tmp_path, "", "")
    assert (
        not [p for p in pages if p.startswith("tags/")] and 'href="tags/"' not in pages["index.md"]
    )
    assert '<nav class="md-tags' not in "".join(pages.values())


def test_tag_names_do_not_depend_on_the_order_articles_come_in():
    from generator.render import archive_tags

    articles = [
        parse_article(with_keys(CAHORS, "tags: [Religion]").encode(), "a.md"),
        parse_article(with_keys(MAGNITOGORSK, "tags: [religion]").encode(), "b.md"),
    ]
    assert archive_tags(articles) == archive_tags(list(reversed(articles)))
    assert [(slug, name) for slug, name, _ in archive_tags(articles)] == [("religion", "Religion")]


CAHORS_PAGE = "articles/2019/05/03/holy-headdress-of-christ-carried-in-procession-through.md"
MAGNITOGORSK_PAGE = (
    "articles/2019/01/04/magnitogorsk-apartment-building-collapses-after-explosion.md"
)


def byline(page: str) -> str:
    return next(line for line in page.splitlines() if 'class="annals-author"' in line)


def test_an_archive_of_several_authors_gets_author_pages_linked_from_the_byline(tmp_path):
    pages = build_both(tmp_path, "author: [Jane Roe, '<b>{{ 7*7 }}</b>']", "author: jane roe")
    assert sorted(p for p in pages if p.startswith("authors/")) == [
        "authors/b-7-7-b/index.md",
        "authors/index.md",
        "authors/jane-roe/index.md",
    ]
    jane = pages["authors/jane-roe/index.md"]
    assert (
        "title: Jane Roe" in jane and "2 articles by Jane Roe" in jane
    )  # named as most articles write it
    assert jane.index("Holy headdress") < jane.index("Magnitogorsk")
    line = byline(pages[CAHORS_PAGE])
    assert (
        '<a href="../../../../../authors/jane-roe/">Jane Roe</a>, <a href="../../../../../authors/b-7-7-b/">'
        in line
    )
    assert "&lt;b&gt;{{ 7*7 }}&lt;/b&gt;" in line and "<b>" not in line and "49" not in line
    assert "<b>" not in pages["authors/b-7-7-b/index.md"] and "<b>" not in pages["authors/index.md"]
    assert '<a href="../../../../../authors/jane-roe/">jane roe</a>' in byline(
        pages[MAGNITOGORSK_PAGE]
    )


def test_an_archive_of_one_author_has_no_author_pages_and_the_byline_as_before(tmp_path):
    pages = build_both(tmp_path, "author: Jane Roe", "author: [Jane Roe]")
    assert not [p for p in pages if p.startswith("authors/")]
    assert ' · <span class="annals-author">by Jane Roe</span></p>' in byline(pages[CAHORS_PAGE])


def test_a_second_author_links_the_first_authors_byline_on_a_rebuild(tmp_path):
    """The byline of an article left unchanged depends on the whole archive: a rebuild must not keep it."""
    seeds, cache = tmp_path / "seeds", tmp_path / "cache"
    write(seeds, "cahors.md", with_keys(CAHORS, "author: Jane Roe"))
    write(seeds, "magnitogorsk.md", MAGNITOGORSK)
    build(seeds, cache)
    assert "<a " not in byline(generated(cache)[CAHORS_PAGE])
    write(seeds, "magnitogorsk.md", with_keys(MAGNITOGORSK, "author: John Doe"))
    build(seeds, cache)
    assert '<a href="../../../../../authors/jane-roe/">Jane Roe</a>' in byline(
        generated(cache)[CAHORS_PAGE]
    )


def test_mkdocs_logs_front_matter_warnings_as_warnings_and_counts_the_drafts(
    tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv("CI", "true")
    project = new_project(tmp_path / "archive")
    write(project / "seeds", "cahors.md", with_keys(CAHORS, "colour: red"))
    write(project / "seeds", "magnitogorsk.md", with_keys(MAGNITOGORSK, "draft: true"))
    with caplog.at_level("INFO", logger="mkdocs.plugins.annals"):
        mkdocs_build(project)
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.levelname == "WARNING" and r.name == "mkdocs.plugins.annals"
    ]
    assert len(warnings) == 1 and warnings[0].startswith(
        "annals: cahors.md:5: unknown front matter key 'colour'"
    )
    assert "annals: 1 draft left out (draft: true)" in caplog.messages
    assert not (project / "site" / "articles" / "2019" / "01").exists()
