"""Rich metadata for a page's <head>: OpenGraph and Twitter card tags and schema.org JSON-LD, built from the
resolved archive by pure functions, so the same archive gives the same bytes.

An article page describes a `NewsArticle` (its date, source, author and the actors it mentions); an actor page
describes a `Person`, `Organization`, `Place`, `Event` or `Thing` with `sameAs` links from entities.yml; the home
page describes the `WebSite`. Every piece of text comes from articles or entities.yml and is untrusted: attribute
values are HTML-escaped with escape.escape_text, and the JSON-LD, which sits inside a <script> element, has "<", ">"
and "&" written as \\u escapes, so no title can close the script. Invisible characters that could reorder or hide
text become visible code points everywhere, as on the pages themselves. URLs in the metadata are absolute, so they
are given only when `site_url` is set; without it a tag or property that needs a URL is left out. The Twitter
card names only its kind: Twitter (X) takes title and description from the OpenGraph tags, and repeating them on
every page of a large archive costs megabytes.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from .escape import escape_text, safe_href, visible_text
from .feeds import feed_link_tags
from .model import TYPE_LABELS, TYPE_ORDER, Actor, Archive, Article

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

SCHEMA_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "place": "Place",
    "event": "Event",
    "group": "Thing",
    "other": "Thing",
}
DESCRIPTION_LENGTH = 200
_WIKIDATA_ID = re.compile(r"^Q[0-9]+$")


def attribute(value: str) -> str:
    """An untrusted value ready to sit between double quotes in an HTML attribute."""
    return str(escape_text(value))


def absolute_url(site_url: str, path: str) -> str:
    """A site path ('' for home, 'actors/x/') under site_url; '' when there is no site_url."""
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def page_path(path: str, directory_urls: bool = True) -> str:
    """A directory-style page URL ('actors/x/') as MkDocs writes it when use_directory_urls is off ('actors/x.html')."""
    if directory_urls or not path.endswith("/"):
        return path
    return path[:-1] + ".html" if path else "index.html"


def summary(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word boundary with an ellipsis when longer than `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def json_ld(data: dict) -> str:
    """A <script type="application/ld+json"> element whose content can never end the script early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for character, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(character, escaped)
    return f'<script type="application/ld+json">{text}</script>'


def meta_tags(properties: list[tuple[str, str]]) -> list[str]:
    """<meta> elements: OpenGraph ones with `property`, Twitter ones with `name`; empty values are left out."""
    tags = []
    for key, value in properties:
        if not value:
            continue
        kind = "name" if key.startswith("twitter:") else "property"
        tags.append(f'<meta {kind}="{key}" content="{attribute(value)}">')
    return tags


def same_as(actor: Actor) -> list[str]:
    """The actor's links from entities.yml as absolute URLs: Wikidata item, Wikipedia article, website."""
    urls = []
    for kind, value in actor.links:
        if kind == "wikidata":
            url = f"https://www.wikidata.org/wiki/{value}" if _WIKIDATA_ID.match(value) else ""
        else:
            url = safe_href(value)
        if url and url not in urls:
            urls.append(url)
    return urls


def mention_entry(actor: Actor, site_url: str, directory_urls: bool) -> dict:
    entry: dict[str, str | list[str]] = {
        "@type": SCHEMA_TYPES.get(actor.type, "Thing"),
        "name": visible_text(actor.name),
    }
    url = absolute_url(site_url, page_path(f"actors/{actor.slug}/", directory_urls))
    if url:
        entry["url"] = url
    links = same_as(actor)
    if links:
        entry["sameAs"] = links
    return entry


def article_tags(
    article: Article,
    mentioned: list[Actor],
    page_url: str,
    site_url: str,
    site_name: str,
    directory_urls: bool = True,
    entries: dict | None = None,
) -> str:
    """OpenGraph, Twitter card and NewsArticle JSON-LD for an article page; `mentioned` in the order to list.
    `entries` keeps each actor's JSON-LD entry for the next page naming it (an actor is named on thousands)."""
    title = visible_text(article.title.strip() or article.slug)
    description = visible_text(summary(article.first_paragraph))
    url = absolute_url(site_url, page_url)
    published = article.date.isoformat()
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": published,
    }
    if article.updated:
        data["dateModified"] = article.updated.isoformat()
    if description:
        data["description"] = description
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
    if article.source.strip():
        data["publisher"] = {"@type": "Organization", "name": visible_text(article.source.strip())}
    if article.author.strip():
        data["author"] = {"@type": "Person", "name": visible_text(article.author.strip())}
    original = safe_href(article.url)
    if original:
        data["isBasedOn"] = original
    if mentioned:
        entries = {} if entries is None else entries
        data["mentions"] = []
        for actor in mentioned:
            key = (actor.slug, site_url, directory_urls)
            if key not in entries:
                entries[key] = mention_entry(actor, site_url, directory_urls)
            data["mentions"].append(entries[key])
    properties = [
        ("og:type", "article"),
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
        ("og:site_name", site_name),
        ("article:published_time", published),
        *([("article:modified_time", article.updated.isoformat())] if article.updated else []),
        ("twitter:card", "summary"),
    ]
    return "\n".join(meta_tags(properties) + [json_ld(data)])


def actor_description(actor: Actor, article_count: int, site_name: str) -> str:
    label = TYPE_LABELS.get(actor.type, ("Actor", "Actors"))[0]
    articles = "1 article" if article_count == 1 else f"{article_count} articles"
    text = (
        f"{label} named in {articles} of {site_name}."
        if site_name
        else f"{label} named in {articles}."
    )
    if actor.description.strip():
        text += " " + actor.description.strip()
    return visible_text(summary(text))


def actor_tags(
    actor: Actor, article_count: int, page_url: str, site_url: str, site_name: str
) -> str:
    """OpenGraph, Twitter card and schema.org JSON-LD (Person, Organization, Place, Event or Thing) for an actor page."""
    name = visible_text(actor.name)
    description = actor_description(actor, article_count, site_name)
    url = absolute_url(site_url, page_url)
    data: dict = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(actor.type, "Thing"),
        "name": name,
    }
    aliases = []
    for alias in actor.aliases:
        alias = visible_text(alias)
        if alias != name and alias not in aliases:
            aliases.append(alias)
    if aliases:
        data["alternateName"] = aliases
    if actor.description.strip():
        data["description"] = visible_text(actor.description.strip())
    links = same_as(actor)
    if links:
        data["sameAs"] = links
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
    properties = [
        ("og:type", "profile" if actor.type == "person" else "website"),
        ("og:title", name),
        ("og:description", description),
        ("og:url", url),
        ("og:site_name", site_name),
        ("twitter:card", "summary"),
    ]
    return "\n".join(meta_tags(properties) + [json_ld(data)])


def home_tags(page_url: str, site_url: str, site_name: str, site_description: str = "") -> str:
    """OpenGraph, Twitter card and WebSite JSON-LD for the home page."""
    name = visible_text(site_name)
    description = visible_text(summary(site_description or ""))
    url = absolute_url(site_url, page_url)
    data: dict = {"@context": "https://schema.org", "@type": "WebSite", "name": name}
    if description:
        data["description"] = description
    if url:
        data["url"] = url
    properties = [
        ("og:type", "website"),
        ("og:title", name),
        ("og:description", description),
        ("og:url", url),
        ("og:site_name", name),
        ("twitter:card", "summary"),
    ]
    return "\n".join(meta_tags(properties) + [json_ld(data)])


@dataclass(frozen=True)
class MetadataIndex:
    """What the head tags need from the archive, looked up once per build: articles and actors by slug, the
    actors each article mentions (by type, then most mentioned, then name) and how many articles name each actor."""

    articles: dict[str, Article] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    mentioned: dict[str, tuple[Actor, ...]] = field(default_factory=dict)
    article_counts: dict[str, int] = field(default_factory=dict)
    mention_entries: dict = field(default_factory=dict)  # filled by article_tags as pages are made

    @classmethod
    def of(cls, archive: Archive) -> MetadataIndex:
        counts: dict[str, Counter] = {}
        for actor in archive.actors:
            for mention in actor.mentions:
                counts.setdefault(mention.article, Counter())[actor.slug] += 1
        # The head tags read an actor's name, type, other names, description and links, never its mentions: the
        # index keeps the actors without them, so that the archive's mentions need not outlive its rendering.
        actors = {
            actor.slug: dataclasses.replace(actor, mentions=(), quotes=())
            for actor in archive.actors
        }
        mentioned = {
            slug: tuple(
                sorted(
                    (actors[actor_slug] for actor_slug in per_actor),
                    key=lambda a: (
                        TYPE_ORDER.get(a.type, len(TYPE_ORDER)),
                        -per_actor[a.slug],
                        a.name,
                        a.slug,
                    ),
                )
            )
            for slug, per_actor in counts.items()
        }
        article_counts: Counter = Counter()
        for per_actor in counts.values():
            article_counts.update(per_actor.keys())
        return cls({a.slug: a for a in archive.articles}, actors, mentioned, dict(article_counts))


def head_tags(
    index: MetadataIndex,
    kind: str | None,
    slug: str,
    page_url: str,
    site_url: str | None,
    site_name: str,
    site_description: str = "",
    directory_urls: bool = True,
) -> str:
    """The metadata tags for one page, '' for pages that carry none.

    `kind` is the page's `annals` front-matter value ('article', 'actor', 'home', …), `slug` the stem of its source
    file (the article or actor slug) and `page_url` its URL as MkDocs gives it ('actors/vladimir-putin/').
    """
    site_url = site_url or ""
    if kind == "article" and slug in index.articles:
        article = index.articles[slug]
        return article_tags(
            article,
            list(index.mentioned.get(slug, ())),
            page_url,
            site_url,
            site_name,
            directory_urls,
            index.mention_entries,
        )
    if kind == "actor" and slug in index.actors:
        return actor_tags(
            index.actors[slug], index.article_counts.get(slug, 0), page_url, site_url, site_name
        )
    if kind == "home":
        return home_tags(page_url, site_url, site_name, site_description)
    return ""


class HeadAdditions:
    """What Annals adds to each page's <head>, which page templates do not reach: (feed links, OpenGraph/Twitter/
    JSON-LD tags), by the page's path, URL and kind."""

    def __init__(self, archive: Archive, config: MkDocsConfig):
        self.metadata = MetadataIndex.of(archive)
        self.actors_by_slug = self.metadata.actors
        self.config = config

    def of(self, src_uri: str, url: str, kind: str | None) -> tuple[str, str]:
        config = self.config
        stem = PurePosixPath(src_uri).stem
        actor = self.actors_by_slug.get(stem) if kind == "actor" else None
        feeds = feed_link_tags(url, config.site_name, actor)
        tags = head_tags(
            self.metadata,
            kind,
            stem,
            url,
            config.site_url,
            config.site_name,
            config.site_description or "",
            config.use_directory_urls,
        )
        return feeds, tags
