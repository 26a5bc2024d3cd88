"""The URL scheme (see ../shared/DESIGN.md): where each generated page lives, its path under the pages folder,
relative links between pages, and the redirects old URLs need. People link to these URLs, so they change only
with a redirect."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable

from .model import Archive, Article


def relative_url(from_page: str, to_page: str) -> str:
    """Link from one page URL ('articles/2022/02/03/x/') to another, relative so any base path works.

    Called for every link of every page, so it compares path segments directly instead of calling
    posixpath.relpath; page URLs never hold '.' or '..' segments."""
    base = from_page if from_page.endswith("/") else posixpath.dirname(from_page)
    here, there = [p for p in base.split("/") if p], [p for p in to_page.split("/") if p]
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    link = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    if to_page.endswith("/"):
        link += "/"
    return link


def article_url(article: Article) -> str:
    return f"articles/{article.date:%Y/%m/%d}/{article.slug}/"


def actor_url(slug: str) -> str:
    return f"actors/{slug}/"


def day_url(date: dt.date) -> str:
    return f"dates/{date:%Y/%m/%d}/"


def month_url(date: dt.date) -> str:
    return f"dates/{date:%Y/%m}/"


def year_url(date: dt.date) -> str:
    return f"dates/{date:%Y}/"


def article_page_path(article: Article) -> str:
    return f"articles/{article.date:%Y/%m/%d}/{article.slug}.md"


def actor_page_path(slug: str) -> str:
    return f"actors/{slug}.md"


def render_redirects(archive: Archive) -> list[tuple[str, str]]:
    """(old page URL, new page URL) for every other name an actor was known by."""
    return [(actor_url(old), actor_url(new)) for old, new in archive.redirects]


def article_redirects(
    articles: Iterable[Article], earlier: dict[str, list[str]]
) -> list[tuple[str, str]]:
    """(old page URL, new page URL) for every URL an article had in an earlier build (`earlier`, by input path) or
    names in its `redirect_from`, unless an article of this build is at that URL. An old URL two articles claim
    goes to the one whose input path sorts first, so the result never depends on the order files are read in."""
    articles = sorted(articles, key=lambda a: a.path)
    live = {article_url(a) for a in articles}
    targets: dict[str, str] = {}
    for article in articles:
        new = article_url(article)
        for old in (*earlier.get(article.path, ()), *article.redirect_from):
            if old != new and old not in live:
                targets.setdefault(old, new)
    return sorted(targets.items())
