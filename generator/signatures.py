"""Incremental-build signatures: digests of exactly what each actor's and article's page is made from (besides
the code and site settings), so that a rebuild renders only the pages whose signature changed (kept between
builds by buildstate.SignedPages)."""

from __future__ import annotations

import hashlib
import io
import pickle

from .model import Archive, Article
from .render import ArchiveView


def actor_signatures(archive: Archive, view: ArchiveView | None = None) -> dict[str, str]:
    """Actor slug → a digest of everything its page and feed are made from but the code and site settings: the
    actor, and each article naming it (all but its text, a digest of that, and every actor it names, by slug, name
    and type). The actors named with it, the ties among them its network draws and the article it was first seen
    in all follow from those. An actor whose digest is as in the last build need not be rendered again.

    Each article is digested once for all the actors it names: an actor's co-occurrences and network, worked out
    for every actor to sign it, took half of this at 10,000 articles and were redone on every rebuild."""
    view = view or ArchiveView(archive)
    brought = {}  # article slug → a digest of what it brings to the page of each actor it names
    for a in archive.articles:
        body = hashlib.blake2b(a.text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        named = [
            (s, view.actors[s].name, view.actors[s].type)
            for s in view.actors_by_article.get(a.slug, ())  # in slug order
        ]
        about = (a.slug, a.date, a.updated, a.title, a.source, a.url, a.author, a.authors, a.path)
        brought[a.slug] = value_digest((about, a.lang, a.tags, a.redirect_from, body, named))
    return {
        actor.slug: value_digest(
            (
                actor,
                [brought[s] for s in view.articles_by_actor.get(actor.slug, ()) if s in brought],
            )
        )
        for actor in archive.actors
    }


def article_signatures(archive: Archive, view: ArchiveView | None = None) -> dict[str, str]:
    """Article slug → a digest of everything its page is made from but the code: the article, its mentions, its
    actors, what decides its related articles (for each of its actors short of the related ceiling, the date and
    title of every article naming that actor) and its neighbours by date. Adding an article changes the pages of
    the articles it shares such an actor with, and of its neighbours; every other article page stays as it was."""
    view = view or ArchiveView(archive)
    shown = {
        a.slug: (a.date.toordinal(), a.title) for a in view.articles
    }  # what other pages show of an article
    by_actor = {}
    for actor_slug, slugs in view.articles_by_actor.items():
        if len(slugs) > view.related_ceiling:
            by_actor[actor_slug] = "too common to relate articles"
        else:
            by_actor[actor_slug] = value_digest([(slug, shown[slug]) for slug in slugs])
    signatures = {}
    for article in view.articles:
        mentions = [
            (m.start, m.end, m.actor) for m in view.mentions_by_article.get(article.slug, ())
        ]
        actors = [
            (s, view.actors[s].name, view.actors[s].type, by_actor[s])
            for s in view.actors_by_article.get(article.slug, ())
        ]
        neighbours = [
            (n.slug, shown[n.slug]) if n else None
            for n in view.neighbours.get(article.slug, (None, None))
        ]
        signatures[article.slug] = value_digest(
            (article, mentions, actors, neighbours, view.author_pages)
        )
    return signatures


def article_page_signature(view: ArchiveView, article: Article) -> str:
    """A digest of exactly what an article's page is made from but the code: as article_signatures, with its
    related articles themselves instead of everything that decides them. Too dear to take for every article of a
    large archive each build, it is taken for those whose article_signatures changed: an added article changes
    that of every article sharing an actor with it, yet enters the related articles of only a few."""
    mentions = [(m.start, m.end, m.actor) for m in view.mentions_by_article.get(article.slug, ())]
    actors = [
        (s, view.actors[s].name, view.actors[s].type)
        for s in view.actors_by_article.get(article.slug, ())
    ]
    neighbours = [
        (n.slug, n.date.toordinal(), n.title) if n else None
        for n in view.neighbours.get(article.slug, (None, None))
    ]
    related = [
        (other.slug, other.date.toordinal(), other.title, count)
        for other, count in view.related(article)
    ]
    return value_digest((article, mentions, actors, neighbours, related, view.author_pages))


def value_digest(value) -> str:
    """A digest of `value` that depends on what it holds, not on how its objects are shared. Pickle writes an
    object met a second time as a reference to the first, so two equal archives resolved apart (one from cached
    work) pickled differently, and pages were rendered again for nothing."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo, so no references: every value is written out where it occurs (none holds a cycle)
    pickler.dump(value)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=20).hexdigest()
