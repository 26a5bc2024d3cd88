"""`annals import` (generator/importers.py): each importer on a real file of its kind in tests/data/import/ (made
from real Wikinews articles, see the README there), duplicates, never overwriting, --map, rejections with reasons,
and the newcomer's path from `annals new` to a built site with every imported article."""

from __future__ import annotations

import datetime as dt
import functools
import html
import html.parser
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator import importers
from generator.importers import ImportedArticle, RejectedRecord
from generator.read import read_archive

DATA = Path(__file__).resolve().parent / "data" / "import"
CSV = DATA / "wikinews-export.csv"
JSONL = DATA / "wikinews-export.jsonl"
RSS = DATA / "wikinews.rss"
ATOM = DATA / "wikinews.atom"
NASA_FEED = (
    DATA / "nasa-breaking-news-2021-06-22.rss"
)  # a real feed as NASA published it (see the README there)
PAGES = [DATA / "pelosi-speaker.html", DATA / "canada-election.html"]
WARC = DATA / "daily-commons.warc.gz"
BYLINE = "Wikinews contributors"

# What the saved pages carry around the article: none of it may reach an imported article.
BOILERPLATE = [
    "We use cookies",
    "Accept all cookies",
    "Manage preferences",
    "Subscribe for unlimited access",
    "Science and technology",
    "Search the archive",
    "North America",
    "Most read",
    "Markets rally as central banks hold rates steady",
    "Comments (3)",
    "riverbend_42",
    "Can't believe this made the front page",
    "full transcript of what was said",
    "earn money from home",
    "Join the discussion",
    "Post comment",
    "All rights reserved",
    "Privacy policy",
    "Sign up for our newsletter",
    "dataLayer",
]


def articles(records) -> list[ImportedArticle]:
    return [record for record in records if isinstance(record, ImportedArticle)]


def rejections(records) -> list[RejectedRecord]:
    return [record for record in records if isinstance(record, RejectedRecord)]


def run_annals(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True
    )


# ---------------------------------------------------------------------------------------------------------------
# Each importer on its real file


def test_csv_export_gives_each_row_its_article_and_rejects_the_undated_draft():
    records = list(importers.records_from_csv(CSV))
    found = articles(records)
    assert [a.title for a in found] == [
        "Nickey Iyambo, former vice-president of Namibia, dies aged 82",
        "South African 'Lion Man' killed by his lions",
        "Former US Senator Kay Hagan dies at age 66",
    ]
    # 21:40 in North Carolina is the next day in UTC: the article keeps its own date.
    assert [a.date for a in found] == [
        dt.date(2019, 5, 21),
        dt.date(2019, 8, 22),
        dt.date(2019, 10, 29),
    ]
    assert {a.author for a in found} == {BYLINE} and {a.source for a in found} == {"Wikinews"}
    assert found[2].url == "https://en.wikinews.org/wiki/Former_US_Senator_Kay_Hagan_dies_at_age_66"
    assert found[1].text.startswith(
        "Leon van Biljon, owner of Mahala View Lion Lodge near Pretoria"
    )
    assert (
        'often referred to as "The Lion Man", had been' in found[1].text
    )  # CSV's doubled quotes undone
    assert found[1].text.count("\n\n") == 2  # its three paragraphs
    assert [(r.origin, r.reason) for r in rejections(records)] == [
        ("wikinews-export.csv:21", "no publication date")
    ]


def test_jsonl_export_turns_html_bodies_into_paragraphs_and_author_lists_into_a_byline():
    found = articles(importers.records_from_jsonl(JSONL))
    assert [(a.title, a.date, a.author, a.source) for a in found] == [
        ("Gillibrand ends US presidential bid", dt.date(2019, 8, 30), BYLINE, "Wikinews"),
        ("Former US Senator Kay Hagan dies at age 66", dt.date(2019, 10, 29), BYLINE, "Wikinews"),
    ]
    first = found[0].text.split("\n\n")
    assert first[0].startswith("Kirsten Gillibrand, who was a candidate in the Democratic primary")
    assert "<p>" not in found[0].text and len(first) >= 2
    assert found[0].url == "https://en.wikinews.org/wiki/Gillibrand_ends_US_presidential_bid"


def test_a_real_feed_as_published_gives_every_entry_its_own_day_title_and_link():
    """NASA's 'Breaking News' feed of 22 June 2021, as published: dates like 'Tue, 22 Jun 2021 16:52 EDT' (no
    seconds, a zone name), a one-paragraph description, enclosures, one entry in Spanish."""
    found = articles(importers.records_from_feed(NASA_FEED))
    assert len(found) == 10 and not rejections(importers.records_from_feed(NASA_FEED))
    melroy = next(
        article
        for article in found
        if article.title == "Pam Melroy Sworn in as NASA Deputy Administrator"
    )
    assert melroy.date == dt.date(2021, 6, 21)  # 'Mon, 21 Jun 2021 17:17 EDT'
    assert (
        melroy.url
        == "http://www.nasa.gov/press-release/pam-melroy-sworn-in-as-nasa-deputy-administrator"
    )
    assert melroy.source == "NASA Breaking News"
    assert melroy.text.startswith("NASA Deputy Administrator Pam Melroy took office Monday")
    assert sorted({article.date for article in found}) == [
        dt.date(2021, 6, day) for day in (15, 17, 21, 22)
    ]
    assert any(article.title.startswith("La NASA lanza la misión Equity") for article in found)


def test_rss_feed_keeps_the_date_with_the_feeds_own_offset():
    found = articles(importers.records_from_feed(RSS))
    typhoon, leonov = found
    assert typhoon.title == "Typhoon Phanfone strikes Philippines"
    # 'Sat, 28 Dec 2019 20:30:00 -0500' is the 29th in UTC, the date feedparser's parsed struct would give.
    assert typhoon.date == dt.date(2019, 12, 28)
    assert leonov.date == dt.date(2019, 10, 12)
    assert typhoon.author == BYLINE and typhoon.source == "Wikinews"
    assert typhoon.url == "https://en.wikinews.org/wiki/Typhoon_Phanfone_strikes_Philippines"
    # The full content:encoded, not the one-paragraph description.
    assert leonov.text.count("\n\n") >= 3 and "Federal Military Memorial Cemetery" in leonov.text


def test_atom_feed():
    orourke, leonov = articles(importers.records_from_feed(ATOM))
    assert orourke.title == "O’Rourke ends US presidential bid"
    assert orourke.date == dt.date(2019, 11, 4)  # 23:05 -05:00
    assert orourke.author == BYLINE and orourke.source == "Wikinews"
    assert orourke.text.startswith(
        "On Friday, Beto O'Rourke, who was a candidate in the Democratic primary"
    )
    assert leonov.url == "https://en.wikinews.org/wiki/Cosmonaut_Alexei_Leonov_dies_at_age_85"


@pytest.mark.parametrize(
    "page, title, date, first_sentence, later_sentence",
    [
        (
            PAGES[0],
            "Nancy Pelosi again elected Speaker as 116th U.S. Congress sworn in",
            dt.date(2019, 1, 4),
            "Nancy Pelosi yesterday resumed the office of Speaker of the House",
            "every member of the House is either re-elected or replaced during every federal election.",
        ),
        (
            PAGES[1],
            "Canada 2019 general election produces Liberal minority government",
            dt.date(2019, 10, 23),  # 23:45 -04:00: the 24th in UTC
            "On Monday, Canada held a general election",
            "it needs an outright majority of 170 MPs.",
        ),
    ],
)
def test_saved_page_gives_the_article_without_the_sites_chrome(
    page, title, date, first_sentence, later_sentence
):
    (article,) = importers.records_from_html(page)
    assert (article.title, article.date, article.author) == (title, date, BYLINE)
    assert article.text.startswith(first_sentence)  # not the headline again, nor the byline
    assert later_sentence in article.text
    assert article.url.startswith("https://en.wikinews.org/wiki/")
    for chrome in BOILERPLATE:
        assert chrome not in article.text and chrome not in article.title, chrome


def test_warc_gives_one_article_per_html_response_and_nothing_else():
    records = list(importers.records_from_warc(WARC))
    assert not rejections(
        records
    )  # the stylesheet and the redirect are not articles, not even rejected ones
    from_pages = [article for page in PAGES for article in importers.records_from_html(page)]
    assert [(a.title, a.date, a.author, a.text) for a in records] == [
        (a.title, a.date, a.author, a.text) for a in from_pages
    ]
    assert records[0].origin == f"{WARC.name}: {records[0].url}"
    for article in records:
        assert not any(chrome in article.text for chrome in BOILERPLATE)


@pytest.mark.parametrize(
    "value, date",
    [
        ("2019-01-04", dt.date(2019, 1, 4)),
        ("20190104", dt.date(2019, 1, 4)),
        ("2019-01-04T23:30:00-05:00", dt.date(2019, 1, 4)),
        ("2019-01-05T01:30:00+09:00", dt.date(2019, 1, 5)),
        ("2019-01-04T23:30:00Z", dt.date(2019, 1, 4)),
        ("2019-01-04 23:30:00", dt.date(2019, 1, 4)),
        ("Fri, 04 Jan 2019 23:30:00 -0500", dt.date(2019, 1, 4)),
        ("Fri, 04 Jan 2019 23:30:00 GMT", dt.date(2019, 1, 4)),
        (
            dt.datetime(2019, 1, 4, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            dt.date(2019, 1, 4),
        ),
        ("", None),
        ("last Tuesday", None),
        ("2019-02-30", None),
    ],
)
def test_published_dates_keep_the_articles_own_day(value, date):
    assert importers.parse_published(value) == date


# ---------------------------------------------------------------------------------------------------------------
# Writing seeds: duplicates, never overwriting, --map, the report


def seed_texts(seeds: Path) -> dict[str, str]:
    return {path.name: path.read_text("utf-8") for path in sorted(seeds.iterdir())}


def test_imported_seeds_are_read_back_with_every_field(tmp_path):
    seeds = tmp_path / "seeds"
    report = importers.import_sources([str(CSV)], seeds)
    assert len(report.imported) == 3
    read = {article.title: article for article in read_archive(seeds).articles}
    hagan = read["Former US Senator Kay Hagan dies at age 66"]
    assert (hagan.date, hagan.author, hagan.source) == (dt.date(2019, 10, 29), BYLINE, "Wikinews")
    assert hagan.url == "https://en.wikinews.org/wiki/Former_US_Senator_Kay_Hagan_dies_at_age_66"
    assert hagan.path == "2019-10-29-former-us-senator-kay-hagan-dies-at-age-66.md"
    assert not read_archive(seeds).rejections


def test_importing_again_writes_nothing_and_reports_each_duplicate(tmp_path):
    seeds = tmp_path / "seeds"
    importers.import_sources([str(CSV), str(RSS)], seeds)
    before = seed_texts(seeds)
    report = importers.import_sources([str(CSV), str(RSS)], seeds)
    assert report.imported == [] and len(report.duplicates) == 5
    assert report.duplicates[0] == (
        "wikinews-export.csv:2",
        "same URL as 2019-05-21-nickey-iyambo-former-vice-president-of-namibia-dies-aged-82.md",
    )
    assert seed_texts(seeds) == before


def test_the_same_article_under_another_url_is_a_duplicate_by_its_text(tmp_path):
    seeds = tmp_path / "seeds"
    importers.import_sources([str(RSS)], seeds)
    moved = tmp_path / "moved.rss"
    moved.write_text(
        RSS.read_text("utf-8").replace(
            "https://en.wikinews.org/wiki/", "https://mirror.example/news/"
        ),
        "utf-8",
    )
    report = importers.import_sources([str(moved)], seeds)
    assert report.imported == []
    assert [reason for _, reason in report.duplicates] == [
        "same text as 2019-12-28-typhoon-phanfone-strikes-philippines.md",
        "same text as 2019-10-12-cosmonaut-alexei-leonov-dies-at-age-85.md",
    ]


def test_an_article_already_in_the_seeds_by_hand_is_not_imported_again(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "hagan.md").write_text(
        "---\ndate: 2019-10-29\nurl: https://en.wikinews.org/wiki/Former_US_Senator_Kay_Hagan_dies_at_age_66\n---\n\nMy own notes.\n",
        "utf-8",
    )
    report = importers.import_sources([str(CSV)], seeds)
    assert ("wikinews-export.csv:14", "same URL as hagan.md") in report.duplicates
    assert len(report.imported) == 2


def test_an_edited_seed_is_never_overwritten(tmp_path):
    seeds = tmp_path / "seeds"
    importers.import_sources([str(ATOM)], seeds)
    target = seeds / "2019-11-04-o-rourke-ends-us-presidential-bid.md"
    # The editor corrected the text and dropped the tracking URL: the import no longer recognises the article.
    edited = target.read_text("utf-8").replace(
        "On Friday, Beto O'Rourke", "On Friday, November 1, Beto O'Rourke"
    )
    edited = "\n".join(line for line in edited.split("\n") if not line.startswith("url:"))
    target.write_text(edited, "utf-8")
    report = importers.import_sources([str(ATOM)], seeds)
    assert target.read_text("utf-8") == edited
    assert report.imported == []
    assert report.rejected == [
        (
            "wikinews.atom: entry 1",
            f"{target.name} exists with other text (edited since, or another article with this date and title); left as it is",
        )
    ]


def renamed_csv(tmp_path: Path) -> Path:
    """The real export with columns no guess finds, as another CMS names them."""
    text = CSV.read_text("utf-8").split("\n", 1)
    path = tmp_path / "kop.csv"
    path.write_text(
        "nr;kop;verschenen;tekst;adres;auteur;krant;status\n".replace(";", ",") + text[1], "utf-8"
    )
    return path


def test_map_names_the_columns_the_guess_cannot_find(tmp_path):
    export = renamed_csv(tmp_path)
    with pytest.raises(importers.SourceError, match="no column holds the article text"):
        list(importers.records_from_csv(export))
    mapping = importers.parse_mapping(
        "title=kop, date=verschenen,text=tekst,url=adres,author=auteur,source=krant"
    )
    found = articles(importers.records_from_csv(export, mapping))
    assert [(a.title, a.date, a.author, a.source) for a in found] == [
        (a.title, a.date, a.author, a.source) for a in articles(importers.records_from_csv(CSV))
    ]


def test_map_overrides_a_guessed_column(tmp_path):
    # 'published_at' would be guessed for the date; mapping it to 'status' makes every row undated.
    records = list(importers.records_from_csv(CSV, {"date": "status"}))
    assert not articles(records)
    assert rejections(records)[0].reason == "date 'published' is not a date"


def test_cli_reports_every_article_not_imported_and_a_summary(tmp_path):
    seeds = tmp_path / "seeds"
    first = run_annals("import", str(CSV), str(JSONL), "--into", str(seeds), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "skipped as duplicate: wikinews-export.jsonl:2: same URL as 2019-10-29-former-us-senator-kay-hagan-dies-at-age-66.md",
        "rejected: wikinews-export.csv:21: no publication date",
        "imported 4, skipped 1 as duplicate, rejected 1",
    ]
    again = run_annals("import", str(JSONL), "--into", str(seeds), cwd=tmp_path)
    assert (
        again.returncode == 0
        and again.stdout.splitlines()[-1] == "imported 0, skipped 2 as duplicates, rejected 0"
    )


def test_cli_exit_status_for_unreadable_sources_and_wrong_usage(tmp_path):
    missing = run_annals("import", "nowhere.csv", str(RSS), "--into", "seeds", cwd=tmp_path)
    assert missing.returncode == 1
    assert "cannot read nowhere.csv: no such file" in missing.stdout
    assert (
        missing.stdout.splitlines()[-1]
        == "imported 2, skipped 0 as duplicates, rejected 0; 1 source could not be read"
    )
    wrong_column = run_annals("import", str(CSV), "--map", "text=story_body", cwd=tmp_path)
    assert wrong_column.returncode == 1 and "no column 'story_body'" in wrong_column.stdout
    for bad_map in ("date", "when=published_at"):
        usage = run_annals("import", str(CSV), "--map", bad_map, cwd=tmp_path)
        assert usage.returncode == 2 and "--map" in usage.stderr
    assert run_annals("import", cwd=tmp_path).returncode == 2
    assert not (
        tmp_path
        / "seeds"
        / "2019-05-21-nickey-iyambo-former-vice-president-of-namibia-dies-aged-82.md"
    ).exists()


def test_feed_from_a_url(tmp_path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(DATA))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        report = importers.import_sources(
            [f"{base}/{RSS.name}", f"{base}/gone.rss"], tmp_path / "seeds"
        )
    finally:
        server.shutdown()
        server.server_close()
    assert [path.name for _, path in report.imported] == [
        "2019-12-28-typhoon-phanfone-strikes-philippines.md",
        "2019-10-12-cosmonaut-alexei-leonov-dies-at-age-85.md",
    ]
    assert report.unreadable == [
        (f"{base}/gone.rss", f"{base}/gone.rss: the server answered HTTP 404")
    ]


# ---------------------------------------------------------------------------------------------------------------
# End to end: a newcomer's archive, and hostile text


HOSTILE_TITLE = "---\ntitle: pwned\n--- <script>alert(1)</script> {{ config.site_name }}"
HOSTILE_BODY = "---\ndate: 1999-01-01\n...\n\n<script>alert(2)</script> said {{ config.site_name }} and {% raw %} in Kyiv.\n\n<img src=x onerror=alert(3)> ends here."


class PageText(html.parser.HTMLParser):
    """The visible text of a page, its elements, and the bodies of the scripts a browser would run."""

    def __init__(self, page: str):
        super().__init__()
        self.text, self.tags, self.scripts = [], [], []
        self.script: dict | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.script = dict(attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self.script = None

    def handle_data(self, data):
        if self.script is None:
            self.text.append(data)
        elif self.script.get("type") not in ("application/ld+json", "application/json"):
            self.scripts.append(data)


@pytest.fixture(scope="module")
def newcomer_site(tmp_path_factory) -> Path:
    """`annals new`, then `annals import` of the feed, the CSV and a JSON Lines file with hostile text, then
    `annals build`, each as a newcomer would type it."""
    root = tmp_path_factory.mktemp("newcomer")
    created = run_annals("new", "my-archive", cwd=root)
    assert created.returncode == 0, created.stderr
    project = root / "my-archive"
    hostile = root / "hostile.jsonl"
    record = {
        "title": HOSTILE_TITLE,
        "date": "2019-03-01T10:00:00+01:00",
        "text": HOSTILE_BODY,
        "url": "javascript:alert(4)",
    }
    hostile.write_text(json.dumps(record) + "\n", "utf-8")
    imported = run_annals("import", str(RSS), str(CSV), str(hostile), cwd=project)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert imported.stdout.splitlines()[-1] == "imported 6, skipped 0 as duplicates, rejected 1"
    built = run_annals("build", "--strict", cwd=project)
    assert built.returncode == 0, built.stderr
    return project / "site"


def test_newcomers_site_has_a_page_for_every_imported_article(newcomer_site):
    expected = {
        "2019/12/28/typhoon-phanfone-strikes-philippines": "Typhoon Phanfone strikes Philippines",
        "2019/10/12/cosmonaut-alexei-leonov-dies-at-age-85": "Cosmonaut Alexei Leonov dies at age 85",
        "2019/05/21/nickey-iyambo-former-vice-president-of-namibia-dies-aged-82": "Nickey Iyambo, former vice-president of Namibia, dies aged 82",
        "2019/08/22/south-african-lion-man-killed-by-his-lions": "South African 'Lion Man' killed by his lions",
        "2019/10/29/former-us-senator-kay-hagan-dies-at-age-66": "Former US Senator Kay Hagan dies at age 66",
        "2019/01/04/pelosi-elected-speaker": None,  # `annals new`'s own example article is still there
    }
    pages = {
        path.parent.relative_to(newcomer_site / "articles").as_posix()
        for path in (newcomer_site / "articles").rglob("index.html")
    }
    for where, title in expected.items():
        if title is None:
            assert any(page.startswith("2019/01/04/") for page in pages)
            continue
        assert where in pages, f"no page for {title}"
        page = PageText((newcomer_site / "articles" / where / "index.html").read_text("utf-8"))
        headings = [text for text in page.text if text.strip() == title]
        assert headings, f"{where} does not show its title {title!r}"
        assert "Wikinews contributors" in "".join(page.text)


def test_hostile_imported_text_is_shown_as_text(newcomer_site):
    (path,) = (newcomer_site / "articles" / "2019" / "03" / "01").glob("*/index.html")
    page = PageText(path.read_text("utf-8"))
    text = " ".join("".join(page.text).split())
    # The title's '---' lines could not end the front matter or start a new one: the title is all there, as text.
    assert " ".join(HOSTILE_TITLE.split()) in text
    assert "<script>alert(2)</script> said {{ config.site_name }} and {% raw %} in Kyiv." in text
    assert "<img src=x onerror=alert(3)> ends here." in text
    assert (
        "---" in text and "date: 1999-01-01" in text
    )  # the body's fake front matter, shown as text
    assert not any(tag == "img" and attrs.get("src") == "x" for tag, attrs in page.tags)
    assert not any("alert(" in (attrs.get("href") or "") for _, attrs in page.tags)
    assert not any("alert(" in script for script in page.scripts), "a payload ran as a script body"


def test_a_paragraph_starting_with_a_hash_stays_a_paragraph(tmp_path):
    record = ImportedArticle(
        "Hashtags",
        dt.date(2019, 1, 4),
        "# 1 in the charts, again.\n\nA second paragraph.",
        "",
        "",
        "",
        "test",
    )
    report = importers.ImportReport()
    importers.import_record(record, tmp_path, importers.SeedsIndex({}, {}), report)
    (article,) = read_archive(tmp_path).articles
    assert [article.text_of(block) for block in article.blocks] == [
        "# 1 in the charts, again.",
        "A second paragraph.",
    ]


def test_a_folder_of_exports_is_imported_file_by_file(tmp_path):
    exports = tmp_path / "exports"
    (exports / "feeds").mkdir(parents=True)
    shutil.copy(CSV, exports / CSV.name)
    shutil.copy(ATOM, exports / "feeds" / ATOM.name)
    report = importers.import_sources([str(exports)], tmp_path / "seeds")
    assert len(report.imported) == 5 and not report.unreadable


def test_markup_written_as_text_in_a_feed_stays_text(tmp_path):
    """An entry's HTML is made text once: '&lt;p&gt;' in it is the article's own words, not a tag to drop."""
    feed = tmp_path / "quoting.rss"
    feed.write_text(
        RSS.read_text("utf-8").replace(
            "<content:encoded><![CDATA[<p>",
            "<content:encoded><![CDATA[<p>Quoted &lt;p&gt; tag. ",
            1,
        ),
        "utf-8",
    )
    (typhoon, _) = articles(importers.records_from_feed(feed))
    assert typhoon.text.startswith("Quoted <p> tag. ")


def test_help_lists_import_with_a_line_of_its_own(capsys):
    from generator import cli

    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert any(line.split()[:2] == ["import", "turn"] for line in out.splitlines())
    assert (
        "import turn CSV, JSON Lines, RSS/Atom feeds, saved HTML pages and WARC files into seed files"
        in " ".join(out.split())
    )
