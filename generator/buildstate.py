"""What a build keeps in the cache folder for the next one: its resolved archive (reused when nothing changed),
each article's local actors (so a rebuild groups only new articles' names), the near-duplicate names among the
actors (so a rebuild compares only new names), the signatures of the pages it
rendered (so a rebuild renders only pages whose inputs changed) and every URL each article has had (redirects).

Each is a versioned JSON entry of `cache.CacheFolder`: valid only for the same code and the inputs its version
names; anything missing, unreadable or other means doing that work again, so the cache may be deleted at any
time and a cache left by an older version is simply rebuilt.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .cache import CacheFolder, code_version, digest_of
from .codec import from_json, to_json
from .doubts import NearDuplicates
from .model import Archive, Article
from .resolve import LocalActor, LocalActorsMemo
from .urls import article_url

# Bump when what these entries hold changes shape.
STATE_FORMAT = 5
Listing = tuple[tuple[str, int, int], ...]


def page_listing(directory: Path) -> Listing:
    """Every file under `directory` (its path there), with its size and modification time, sorted by path."""
    listing: list[tuple[str, int, int]] = []
    stack = [(directory, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), f"{prefix}{entry.name}/"))
            else:
                info = entry.stat(follow_symlinks=False)
                listing.append((prefix + entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(listing))


class SavedArchive:
    """The last build's input digest, generated-page listing, resolved archive and redirects. The listing is a
    small entry of its own, read first, so that the archive is decoded only when the inputs and pages match."""

    def __init__(self, cache: CacheFolder):
        self.cache = cache

    def load(
        self, digest: str, pages_dir: Path
    ) -> tuple[Archive, tuple[tuple[str, str], ...], Listing] | None:
        """(archive, redirects, page listing) of the last build when its inputs had `digest` and its pages are as
        it left them."""
        version = f"{STATE_FORMAT} {digest}"
        header = self.cache.load("build-state.json", version)
        if header is None:
            return None
        listing = page_listing(pages_dir)
        if from_json(Listing, header) != listing:
            return None  # a generated page edited, added or deleted since
        saved = self.cache.load("build-archive.json", version)
        if saved is None:
            return None
        try:
            archive = from_json(Archive, saved["archive"])
            redirects = from_json(tuple[tuple[str, str], ...], saved["redirects"])
        except (ValueError, TypeError, KeyError) as error:
            self.cache.log_unusable("build-archive.json", error)
            return None
        return archive, redirects, listing

    def save(
        self, digest: str, archive: Archive, redirects: Sequence[tuple[str, str]], listing: Listing
    ) -> None:
        version = f"{STATE_FORMAT} {digest}"
        self.cache.save(
            "build-archive.json",
            version,
            {"archive": to_json(archive), "redirects": to_json(redirects)},
        )
        self.cache.save(
            "build-state.json", version, to_json(listing)
        )  # last: it vouches for the archive


def local_actor_to_json(actor: LocalActor) -> list:
    return [
        actor.key,
        dict(actor.forms),
        dict(actor.votes),
        [list(span) for span in actor.spans],
        actor.unproven,
        sorted(actor.former),
        [[start, how, confidence] for start, (how, confidence) in actor.how.items()],
        actor.name,
    ]


def local_actor_from_json(data: list) -> LocalActor:
    key, forms, votes, spans, unproven, former, how, name = data
    return LocalActor(
        str(key),
        Counter(forms),
        Counter(votes),
        [tuple(span) for span in spans],
        bool(unproven),
        set(former),
        {int(start): (str(kind), float(confidence)) for start, kind, confidence in how},
        str(name),
    )


class SavedLocalActors:
    """The per-article local actors of the last build, valid only for the same code and editorial rules (both
    change how names group). Unreadable or other means an empty memo: everything is grouped again."""

    NAME = "local-actors.json"

    def __init__(self, cache: CacheFolder, rules):
        self.cache = cache
        self.version = f"{STATE_FORMAT} {digest_of(code_version(), repr(rules))}"

    def load(self) -> LocalActorsMemo:
        saved = self.cache.load(self.NAME, self.version)
        if saved is None:
            return LocalActorsMemo()
        try:
            known = {
                digest: {name: local_actor_from_json(actor) for name, actor in actors.items()}
                for digest, actors in saved.items()
            }
        except (ValueError, TypeError, AttributeError) as error:
            self.cache.log_unusable(self.NAME, error)
            return LocalActorsMemo()
        return LocalActorsMemo(known)

    def save(self, memo: LocalActorsMemo) -> None:
        used = {
            digest: {name: local_actor_to_json(actor) for name, actor in actors.items()}
            for digest, actors in memo.used.items()
        }
        self.cache.save(self.NAME, self.version, used)


class SavedNearDuplicates:
    """The last build's near-duplicate pairs (doubts.NearDuplicates), valid only for the same code (which holds
    the rule). Unreadable or other means None: every pair is worked out again."""

    NAME = "near-duplicates.json"

    def __init__(self, cache: CacheFolder):
        self.cache = cache
        self.version = f"{STATE_FORMAT} {code_version()}"

    def load(self) -> NearDuplicates | None:
        saved = self.cache.load(self.NAME, self.version)
        if saved is None:
            return None
        try:
            names = {
                str(slug): (str(name), str(kind)) for slug, (name, kind) in saved["names"].items()
            }
            pairs = tuple((str(a), str(b), float(ratio)) for a, b, ratio in saved["pairs"])
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            self.cache.log_unusable(self.NAME, error)
            return None
        return NearDuplicates(names, pairs)

    def save(self, near: NearDuplicates) -> None:
        self.cache.save(
            self.NAME,
            self.version,
            {"names": {slug: list(name) for slug, name in near.names.items()}, "pairs": near.pairs},
        )


class SignedPages:
    """Pages rendered from a signature (see signatures.actor_signatures and signatures.article_signatures): each
    key's signature in the last build, its page signature where there is one (signatures.article_page_signature),
    and the size and modification time of the files it wrote. A key whose files are as they were is not rendered
    again when its signature is as it was, or else when its page signature is. Valid only for the same code and
    site settings; a file edited or deleted since means rendering it again."""

    def __init__(self, cache: CacheFolder, name: str, pages_dir: Path, site_settings: tuple):
        self.cache = cache
        self.name = name
        self.pages_dir = pages_dir
        self.version = f"{STATE_FORMAT} {digest_of(code_version(), repr(site_settings))}"
        self.page_signatures: dict[
            str, str
        ] = {}  # known this build without rendering: kept, or taken to compare

    def files(self, paths: tuple[str, ...]) -> list[list[int]]:
        stats = []
        for path in paths:
            try:
                info = os.stat(self.pages_dir / path)
            except OSError:
                return []
            stats.append([info.st_size, info.st_mtime_ns])
        return stats

    def unchanged(
        self,
        signatures: dict[str, str],
        paths: Mapping[str, tuple[str, ...]],
        page_signature: Callable[[str], str] | None = None,
    ) -> frozenset[str]:
        previous = self.cache.load(self.name, self.version)
        if not isinstance(previous, dict):
            return frozenset()
        same = set()
        for key, signature in signatures.items():
            before = previous.get(key)
            if (
                not isinstance(before, list)
                or len(before) != 3
                or before[2] == []
                or before[2] != self.files(paths[key])
            ):
                continue
            if before[0] == signature:
                same.add(key)
                if before[1] is not None:
                    self.page_signatures[key] = before[1]
            elif page_signature is not None and before[1] is not None:
                self.page_signatures[key] = page_signature(key)
                if self.page_signatures[key] == before[1]:
                    same.add(key)
        return frozenset(same)

    def save(
        self,
        signatures: dict[str, str],
        paths: Mapping[str, tuple[str, ...]],
        page_signature: Callable[[str], str] | None = None,
    ) -> None:
        state: dict[str, Any] = {}
        for key, signature in signatures.items():
            known = self.page_signatures.get(key)
            if known is None and page_signature is not None:
                known = page_signature(key)
            state[key] = [signature, known, self.files(paths[key])]
        self.cache.save(self.name, self.version, state)


class ArticleURLs:
    """Every URL each article has had, by its input path (relative to the seeds folder), so that an article whose
    title or slug changed leaves a redirect at its old URL. An article no longer in the archive keeps its entry,
    for when it comes back. Missing or unreadable means none known: what survives a deleted cache is the
    article's own `redirect_from`."""

    NAME = "article-urls.json"
    VERSION = "2"
    URL = re.compile(
        r"\Aarticles/\d{4}/\d{2}/\d{2}/[a-z0-9]+(?:-[a-z0-9]+)*/\Z"
    )  # nothing else is written there

    def __init__(self, cache: CacheFolder):
        self.cache = cache

    def load(self) -> dict[str, list[str]]:
        known = self.cache.load(self.NAME, self.VERSION)
        if known is None:
            known = self.legacy()
        if not isinstance(known, dict):
            return {}
        return {
            path: [url for url in urls if isinstance(url, str) and self.URL.match(url)]
            for path, urls in known.items()
            if isinstance(urls, list)
        }

    def legacy(self) -> Any:
        """The URLs as versions before the cache module kept them ({"format": 1, "urls": …}, JSON too): an
        article's old URLs are what its redirects are made from, which rebuilding cannot recover."""
        try:
            data = json.loads(self.cache.path(self.NAME).read_bytes())
            return data["urls"] if data["format"] == 1 else None
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def save(self, earlier: dict[str, list[str]], articles: Sequence[Article]) -> None:
        known = {path: set(urls) for path, urls in earlier.items()}
        for article in articles:
            known.setdefault(article.path, set()).add(article_url(article))
        self.cache.save(
            self.NAME, self.VERSION, {path: sorted(urls) for path, urls in sorted(known.items())}
        )
