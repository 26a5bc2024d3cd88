"""Regenerate the import test files in this folder from real Wikinews articles (../shared/corpus/wikinews).

    python tests/data/import/make_test_data.py

Each export carries the articles' real titles, URLs and text; what the corpus lacks (a time of day, a byline, a
site's navigation and comments) is added as an export or a saved page would carry it, and README.md says which.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from email.utils import format_datetime
from pathlib import Path

import yaml
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[3] / "shared" / "corpus" / "wikinews" / "2019"
BYLINE = "Wikinews contributors"

# (corpus file, publication time with the newsroom's own offset). Times are invented; several fall late in the
# evening west of Greenwich, so their UTC date is the next day: the import must keep the article's own date.
CSV_ARTICLES = [
    (
        "2019-05-21-nickey-iyambo-former-vice-president-of-namibia-dies-aged-82.md",
        "2019-05-21T09:12:00+02:00",
    ),
    ("2019-08-22-south-african-lion-man-killed-by-his-lions.md", "2019-08-22 14:05:00"),
    ("2019-10-29-former-us-senator-kay-hagan-dies-at-age-66.md", "2019-10-29T21:40:00-04:00"),
]
JSONL_ARTICLES = [
    ("2019-08-30-gillibrand-ends-us-presidential-bid.md", "2019-08-30T22:15:00-04:00"),
    ("2019-10-29-former-us-senator-kay-hagan-dies-at-age-66.md", "2019-10-29T21:40:00-04:00"),
]
RSS_ARTICLES = [
    (
        "2019-12-28-typhoon-phanfone-strikes-philippines.md",
        dt.datetime(2019, 12, 28, 20, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    ),
    (
        "2019-10-12-cosmonaut-alexei-leonov-dies-at-age-85.md",
        dt.datetime(2019, 10, 12, 8, 0, tzinfo=dt.UTC),
    ),
]
ATOM_ARTICLES = [
    ("2019-11-04-orourke-ends-us-presidential-bid.md", "2019-11-04T23:05:00-05:00"),
    ("2019-10-12-cosmonaut-alexei-leonov-dies-at-age-85.md", "2019-10-12T08:00:00Z"),
]
HTML_ARTICLES = [
    (
        "2019-01-04-nancy-pelosi-again-elected-speaker-as-116th-u-s-congress-sworn-in.md",
        "2019-01-04T18:20:00-05:00",
        "pelosi-speaker.html",
    ),
    (
        "2019-10-23-canada-2019-general-election-produces-liberal-minority-government.md",
        "2019-10-23T23:45:00-04:00",
        "canada-election.html",
    ),
]


def corpus_article(name: str) -> dict:
    """Front matter and paragraphs of a corpus article, the dateline ('Friday, January 4, 2019') left out."""
    text = (CORPUS / name).read_text("utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    if paragraphs and paragraphs[0].count(",") == 2 and paragraphs[0].split(",")[0].endswith("day"):
        paragraphs = paragraphs[1:]
    return {"title": meta["title"], "url": meta["url"], "paragraphs": paragraphs}


def html_paragraphs(article: dict) -> str:
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in article["paragraphs"])


def write_csv() -> None:
    """A CMS export: one row per article, the body's paragraphs separated by blank lines, and a draft never
    published (no date), which the import must reject."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["id", "headline", "published_at", "body", "link", "byline", "publication", "status"]
    )
    for number, (name, published) in enumerate(CSV_ARTICLES, start=101):
        a = corpus_article(name)
        writer.writerow(
            [
                number,
                a["title"],
                published,
                "\n\n".join(a["paragraphs"]),
                a["url"],
                BYLINE,
                "Wikinews",
                "published",
            ]
        )
    draft = corpus_article(JSONL_ARTICLES[0][0])
    writer.writerow(
        [
            104,
            "DRAFT " + draft["title"],
            "",
            "\n\n".join(draft["paragraphs"][:1]),
            "",
            BYLINE,
            "Wikinews",
            "draft",
        ]
    )
    (HERE / "wikinews-export.csv").write_text(out.getvalue(), "utf-8")


def write_jsonl() -> None:
    """Another CMS's export: one JSON object per line, HTML bodies, authors as a list."""
    lines = []
    for name, published in JSONL_ARTICLES:
        a = corpus_article(name)
        body = html_paragraphs(a)
        record = {
            "headline": a["title"],
            "published_at": published,
            "body_html": body,
            "permalink": a["url"],
            "authors": [BYLINE],
            "site_name": "Wikinews",
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    (HERE / "wikinews-export.jsonl").write_text("\n".join(lines) + "\n", "utf-8")


def write_rss() -> None:
    items = []
    for name, published in RSS_ARTICLES:
        a = corpus_article(name)
        body = html_paragraphs(a)
        items.append(
            f"""    <item>
      <title>{html.escape(a["title"])}</title>
      <link>{html.escape(a["url"])}</link>
      <guid isPermaLink="true">{html.escape(a["url"])}</guid>
      <pubDate>{format_datetime(published)}</pubDate>
      <dc:creator>{BYLINE}</dc:creator>
      <description>{html.escape(a["paragraphs"][0])}</description>
      <content:encoded><![CDATA[{body}]]></content:encoded>
    </item>
"""
        )
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Wikinews</title>
    <link>https://en.wikinews.org/wiki/Main_Page</link>
    <description>Latest news from Wikinews, the free news source you can write</description>
    <language>en</language>
{"".join(items)}  </channel>
</rss>
"""
    (HERE / "wikinews.rss").write_text(feed, "utf-8")


def write_atom() -> None:
    entries = []
    for name, published in ATOM_ARTICLES:
        a = corpus_article(name)
        body = html_paragraphs(a)
        entries.append(
            f"""  <entry>
    <title>{html.escape(a["title"])}</title>
    <link rel="alternate" href="{html.escape(a["url"])}"/>
    <id>{html.escape(a["url"])}</id>
    <published>{published}</published>
    <updated>{published}</updated>
    <author><name>{BYLINE}</name></author>
    <summary>{html.escape(a["paragraphs"][0])}</summary>
    <content type="html">{html.escape(body)}</content>
  </entry>
"""
        )
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wikinews</title>
  <id>https://en.wikinews.org/</id>
  <link rel="self" href="https://en.wikinews.org/feed.atom"/>
  <updated>2019-11-05T04:05:00Z</updated>
{"".join(entries)}</feed>
"""
    (HERE / "wikinews.atom").write_text(feed, "utf-8")


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - The Daily Commons</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="The Daily Commons">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{byline}">
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<div id="cookie-banner" class="cookie-consent" role="dialog">
  <p>We use cookies to personalise content and ads and to analyse our traffic. By continuing to browse you agree to our use of cookies.</p>
  <button>Accept all cookies</button> <button>Manage preferences</button>
</div>
<header class="site-header">
  <a class="logo" href="/">The Daily Commons</a>
  <nav class="main-nav" aria-label="Sections">
    <ul>
      <li><a href="/world/">World</a></li><li><a href="/politics/">Politics</a></li><li><a href="/business/">Business</a></li>
      <li><a href="/science/">Science and technology</a></li><li><a href="/sport/">Sport</a></li><li><a href="/subscribe/">Subscribe for unlimited access</a></li>
    </ul>
  </nav>
  <form class="search" action="/search"><input name="q" placeholder="Search the archive"></form>
</header>
<nav class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/world/">World</a> &rsaquo; <a href="/world/north-america/">North America</a></nav>
<main>
<article class="story">
  <h1 class="headline">{title}</h1>
  <p class="byline">By <span class="author">{byline}</span> &middot; <time datetime="{published}">{long_date}</time></p>
{paragraphs}
  <p class="licence">This story is from Wikinews and available under the Creative Commons Attribution 2.5 licence.</p>
</article>
<aside class="related">
  <h2>Most read</h2>
  <ul>
    <li><a href="/world/1">Markets rally as central banks hold rates steady</a></li>
    <li><a href="/world/2">Ten things to know before the weekend</a></li>
    <li><a href="/world/3">Opinion: why the weather app is always wrong</a></li>
  </ul>
</aside>
<section id="comments" class="comments">
  <h2>Comments (3)</h2>
  <div class="comment"><p class="comment-author">riverbend_42</p><p>First! Can't believe this made the front page again.</p></div>
  <div class="comment"><p class="comment-author">Margaret T.</p><p>Does anyone know where I can read the full transcript of what was said?</p></div>
  <div class="comment"><p class="comment-author">not_a_bot_honest</p><p>Click here to earn money from home, totally legit opportunity.</p></div>
  <form class="comment-form"><textarea placeholder="Join the discussion"></textarea><button>Post comment</button></form>
</section>
</main>
<footer class="site-footer">
  <p>&copy; 2019 The Daily Commons. All rights reserved.</p>
  <ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/newsletter">Sign up for our newsletter</a></li></ul>
</footer>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"event": "pageview"}});</script>
</body>
</html>
"""


def write_pages() -> list[tuple[str, str]]:
    """Saved pages: the article's real text inside a news site's chrome (cookie banner, navigation, most-read list,
    comments, footer), as a browser's 'Save page' keeps it. Returns (URL, file name) for the WARC."""
    saved = []
    for name, published, filename in HTML_ARTICLES:
        a = corpus_article(name)
        when = dt.datetime.fromisoformat(published)
        page = PAGE.format(
            title=html.escape(a["title"]),
            url=html.escape(a["url"]),
            published=published,
            byline=BYLINE,
            long_date=f"{when:%B} {when.day}, {when.year}",
            paragraphs="\n".join(
                f"  <p>{html.escape(p, quote=False)}</p>" for p in a["paragraphs"]
            ),
        )
        (HERE / filename).write_text(page, "utf-8")
        saved.append((a["url"], filename))
    return saved


def write_warc(saved: list[tuple[str, str]]) -> None:
    """A crawl of the saved pages: a request and an HTML response per page, plus the site's stylesheet and a
    redirect, which are not articles."""
    with open(HERE / "daily-commons.warc.gz", "wb") as output:
        writer = WARCWriter(output, gzip=True)
        when = "2019-10-25T10:00:00Z"

        def response(
            url: str, status: str, content_type: str, payload: bytes, extra: list | None = None
        ) -> None:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": when},
            )
            writer.write_record(record)

        for url, filename in saved:
            request = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "en.wikinews.org")], is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "request", http_headers=request, warc_headers_dict={"WARC-Date": when}
                )
            )
            response(url, "200 OK", "text/html; charset=utf-8", (HERE / filename).read_bytes())
        response(
            "https://en.wikinews.org/static/site.css",
            "200 OK",
            "text/css",
            b"body { font-family: serif; }\n",
        )
        response(
            "https://en.wikinews.org/latest",
            "301 Moved Permanently",
            "text/html",
            b"<html><body>Moved</body></html>",
            [("Location", saved[0][0])],
        )


def main() -> None:
    write_csv()
    write_jsonl()
    write_rss()
    write_atom()
    write_warc(write_pages())


if __name__ == "__main__":
    main()
