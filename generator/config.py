"""The one place options are declared and validated: the plugin's options and the editorial `entities.yml`.

Every error names the file, the line where one applies, what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c

from .cache import is_url
from .model import ACTOR_TYPES

LINK_KINDS = ("wikidata", "wikipedia", "website")
ENTRY_FIELDS = ("name", "type", "aliases", "merge", "ignore", "description", "links", "slug")


class Count(c.Type):
    """A count of things: a whole number, `minimum` or more (YAML's true and false are not numbers here)."""

    def __init__(self, things: str, default: int | None = None, minimum: int = 0):
        super().__init__(int, default=default)
        self.things, self.minimum = things, minimum

    def run_validation(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            raise base.ValidationError(
                f"expected a number of {self.things} (a whole number, {self.minimum} or more), got {value!r}"
            )
        return value


class LanguageModels(c.Type):
    """Pipelines for text in other languages than `model`'s, by language code: `{fr: fr_core_news_sm}`."""

    def __init__(self):
        super().__init__(dict, default={})

    def run_validation(self, value):
        value = super().run_validation(value)
        for language, model in value.items():
            if not (
                isinstance(language, str)
                and language.isalpha()
                and language.islower()
                and 2 <= len(language) <= 3
            ):
                raise base.ValidationError(
                    f"expected language codes such as 'fr' as keys, got {language!r}"
                )
            if not isinstance(model, str) or not model:
                raise base.ValidationError(
                    f"expected the name of an installed spaCy pipeline for {language!r}, got {model!r}"
                )
        return value


class LocalDir(c.Dir):
    """A folder on this machine: an fsspec URL here is refused with where it may go instead."""

    def run_validation(self, value):
        if isinstance(value, str) and is_url(value):
            raise base.ValidationError(
                f"{value!r} is a URL, but the build writes its pages under this folder, so it must be on this "
                "machine; to share annotations with a cluster, set 'annotate: {cache: "
                f"{value}}}' and keep 'cache_dir' local"
            )
        return super().run_validation(value)


class CacheLocation(c.Dir):
    """A local folder (relative to mkdocs.yml) or the URL of one on any file system fsspec reaches (`s3://…`)."""

    def run_validation(self, value):
        if isinstance(value, str) and is_url(value):
            return value
        return super().run_validation(
            value.removeprefix("file://") if isinstance(value, str) else value
        )


class AnnotateConfig(base.Config):
    """`annotate:`: where `annals annotate` runs spaCy, and where annotations are kept."""

    # A Dask scheduler's address (tcp://host:8786): `annals annotate` sends the articles to its workers.
    scheduler = c.Optional(c.Type(str))
    # Where annotations are kept, shared by the build and the workers: a local or shared folder, or an fsspec URL
    # (s3://bucket/annals-cache). Unset: under cache_dir.
    cache = c.Optional(CacheLocation())


SectionConfig = TypeVar("SectionConfig", bound=base.Config)


class Section(c.SubConfig[SectionConfig], Generic[SectionConfig]):
    """A mapping of options (a `base.Config`), whose unknown keys are errors as the plugin's own are."""

    key_name = ""

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        super().pre_validation(config, key_name)
        self.key_name = key_name

    def run_validation(self, value: object) -> SectionConfig:
        if isinstance(value, dict):
            names = [name for name, _ in self.config_class._schema]
            for key in value:
                if key not in names:
                    reason = unknown_key_reason(str(key), names)
                    raise base.ValidationError(f"'{self.key_name}:' {reason}")
        return super().run_validation(value)


class AnnalsConfig(base.Config):
    """Options of the `annals` plugin in mkdocs.yml; relative paths are relative to mkdocs.yml (MkDocs makes them
    absolute). Defaults are declared here only, and read from here (`option_default`)."""

    seeds = c.Dir(exists=False, default="seeds")
    entities = c.File(exists=False, default="entities.yml")
    model = c.Type(str, default="en_core_web_sm")
    # Text in another language than the model's is not annotated, unless a pipeline for that language is named here.
    models = LanguageModels()
    cache_dir = LocalDir(exists=False, default=".annals-cache")
    workers = c.Optional(Count("worker processes", minimum=1))
    home_articles = Count("articles", default=10)
    home_actors = Count("actors", default=12)
    # Which search the site gets (generator/search.py): `auto` is Material's own up to `pagefind_above` articles
    # (input files in seeds/), Pagefind above; `material` or `pagefind` always.
    search = c.Choice(("auto", "material", "pagefind"), default="auto")
    # 500: Material's single index is megabytes there, already a long wait on a phone before the first result.
    pagefind_above = Count("articles", default=500)
    # Above this many articles Pagefind's index is made as bundles apart, one after the other (search.SearchIndex):
    # one bundle of a large archive alone takes Pagefind more memory than the build may use as it is written
    # (about 250 MB for every 1,000 articles), and an archive that is not split is written beside the whole build.
    pagefind_split_above = Count("articles", default=2000)
    # Split, the articles are indexed this many to a bundle, one bundle after the other, so Pagefind never holds
    # more than this many at once (its peak about 360 MB for 1,000, 530 MB for 2,000, the default until 2026-12);
    # a query narrowed by a year asks each bundle holding that year (README, Search).
    pagefind_articles_per_bundle = Count("articles", default=1000, minimum=1)
    # Pagefind indexes the page of an actor named in at least this many articles (or described in entities.yml):
    # the page of one named once repeats a sentence of its article, which the same words find, and most actors of
    # a big archive are named once (83 % at 10,000 articles), so their pages would crowd the results and make most
    # of the index a reader's query downloads.
    pagefind_actors_from = Count("articles", default=2)
    # Split, the pages of this many actors, the most named, are indexed with the project's pages in the bundle the
    # search box asks at every query; the other actors' go to a bundle asked with the older articles, only when a
    # query finds few results in the first ones: each bundle asked fetches its metadata, which lists its pages.
    pagefind_box_actors = Count("actors", default=5000, minimum=1)
    # Split, the other actors' pages are indexed at most this many to a bundle, one bundle after the other, so that
    # Pagefind's peak stays that of one bundle however many actors there are (about 18 MB for every 1,000).
    pagefind_actors_per_bundle = Count("actors", default=20000, minimum=1)
    # `mtime`: an article with no date in its text or path is dated by its file's modification day (UTC), a last
    # resort asked for explicitly, since copying files changes it.
    date_from = c.Optional(c.Choice(("mtime",)))
    annotate = Section[AnnotateConfig]()


def option_default(name: str):
    """The default of the plugin's option `name`, as the schema declares it."""
    return dict(AnnalsConfig._schema)[name].default


def unknown_option_reason(key: str) -> str:
    """Why `key` is no option of the plugin, with the option it may have meant (a misspelt option would otherwise
    build with the default): said alike by the plugin and by the CLI, which adds the file and line."""
    return f"plugin 'annals' {unknown_key_reason(key, [name for name, _ in AnnalsConfig._schema])}"


def unknown_key_reason(key: str, names: list[str]) -> str:
    """'has no option …', with the option among `names` it may have meant and the list of them."""
    close = difflib.get_close_matches(key, names, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"has no option '{key}'; {hint}the options are: {', '.join(names)}"


class ConfigError(Exception):
    """A configuration file is wrong; the message says where and how to fix it."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None):
        self.path, self.reason, self.line = str(path), reason, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class EditorialEntry:
    """One editor's decision about an actor, from entities.yml."""

    name: str
    type: str = ""
    aliases: tuple[str, ...] = ()
    merge: tuple[str, ...] = ()
    ignore: bool = False
    description: str = ""
    links: tuple[tuple[str, str], ...] = ()
    slug: str = ""
    line: int = 0


@dataclass(frozen=True)
class EditorialRules:
    """All editorial entries; empty when there is no entities.yml."""

    entries: tuple[EditorialEntry, ...] = ()
    path: str = ""


ENTITIES_EXAMPLE = """\
# Editorial control over actors. Every field but `name` is optional.
# actors:
#   - name: Vladimir Putin          # the name shown on the actor page
#     type: person                  # person, organization, place, group, event or other
#     aliases: [Putin, V. Putin]    # other names that mean this actor
#     merge: [Vladimir Vladimirovich Putin]  # actors found under these names are folded in (their old pages redirect)
#     description: President of Russia.
#     links: {wikidata: Q7747, wikipedia: "https://en.wikipedia.org/wiki/Vladimir_Putin"}
#     slug: vladimir-putin          # pin the URL /actors/vladimir-putin/
#   - name: AFP
#     ignore: true                  # never an actor
actors: []
"""


def load_entities(path: Path | None) -> EditorialRules:
    """Parse and validate entities.yml; a missing file means no editorial rules."""
    if path is None or not path.exists():
        return EditorialRules()
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(path, "not valid UTF-8; save the file as UTF-8") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(
            path,
            f"not valid YAML: {problem}. Check the indentation (spaces, not tabs; each actor starts with '- name:') "
            "and put quotes around names or values containing ':' or '#'",
            mark.line + 1 if mark else None,
        ) from None
    if root is None:
        return EditorialRules(path=str(path))
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(
            path, "must be a mapping with the key 'actors:' holding a list of actors", line_of(root)
        )
    entries: list[EditorialEntry] = []
    for key, key_node, value_node in mapping_items(path, root):
        if key == "actors":
            if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "null", "~"):
                continue
            if not isinstance(value_node, yaml.SequenceNode):
                raise ConfigError(
                    path,
                    "'actors:' must be a list of entries, each starting with '- name:'",
                    line_of(value_node),
                )
            entries.extend(parse_entry(path, node) for node in value_node.value)
        elif key == "ignore":
            for name in string_list(path, value_node, "ignore"):
                entries.append(EditorialEntry(name=name, ignore=True, line=line_of(value_node)))
        else:
            raise ConfigError(
                path,
                f"unknown key {key!r}; expected 'actors:' (and optionally 'ignore:')",
                line_of(key_node),
            )
    check_unique(path, entries)
    return EditorialRules(tuple(entries), str(path))


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def mapping_items(path: Path, node: yaml.MappingNode):
    """(key, key node, value node) of each entry of a mapping. YAML forbids a key twice in one mapping and PyYAML
    quietly keeps the last, which would drop an editor's earlier value without a word."""
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in seen:
            raise ConfigError(
                path,
                f"{key!r} appears twice in one mapping (lines {seen[key]} and {line_of(key_node)}); keep one",
                line_of(key_node),
            )
        seen[key] = line_of(key_node)
        yield key, key_node, value_node


def parse_entry(path: Path, node: yaml.Node) -> EditorialEntry:
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(
            path, "each actor must be a mapping such as '- name: Vladimir Putin'", line_of(node)
        )
    fields: dict = {}
    for key, key_node, value_node in mapping_items(path, node):
        if key not in ENTRY_FIELDS:
            raise ConfigError(
                path,
                f"unknown field {key!r}; allowed: {', '.join(ENTRY_FIELDS)}",
                line_of(key_node),
            )
        if key in ("aliases", "merge"):
            fields[key] = tuple(string_list(path, value_node, key))
        elif key == "links":
            fields[key] = parse_links(path, value_node)
        elif key == "ignore":
            value = yaml.safe_load(yaml.serialize(value_node))
            if not isinstance(value, bool):
                raise ConfigError(path, "'ignore' must be true or false", line_of(value_node))
            fields[key] = value
        else:
            if not isinstance(value_node, yaml.ScalarNode):
                raise ConfigError(path, f"{key!r} must be a single text value", line_of(value_node))
            fields[key] = str(value_node.value).strip()
    line = line_of(node)
    if not fields.get("name"):
        raise ConfigError(
            path, "an actor entry has no 'name:'; every entry needs the actor's name", line
        )
    if fields.get("type") and fields["type"] not in ACTOR_TYPES:
        raise ConfigError(
            path,
            f"type {fields['type']!r} for {fields['name']!r} is not one of {', '.join(ACTOR_TYPES)}",
            line,
        )
    slug = fields.get("slug", "")
    if slug and (
        not all(ch.isascii() and (ch.islower() or ch.isdigit() or ch == "-") for ch in slug)
        or slug.strip("-") != slug
    ):
        raise ConfigError(
            path,
            f"slug {slug!r} must be lowercase ASCII letters, digits and inner hyphens, like 'vladimir-putin'",
            line,
        )
    return EditorialEntry(line=line, **fields)


def string_list(path: Path, node: yaml.Node, key: str) -> list[str]:
    if isinstance(node, yaml.ScalarNode):
        return [node.value.strip()] if node.value.strip() else []
    if not isinstance(node, yaml.SequenceNode) or not all(
        isinstance(item, yaml.ScalarNode) for item in node.value
    ):
        raise ConfigError(
            path, f"{key!r} must be a list of names, like [Putin, V. Putin]", line_of(node)
        )
    return [item.value.strip() for item in node.value if item.value.strip()]


def parse_links(path: Path, node: yaml.Node) -> tuple[tuple[str, str], ...]:
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(
            path,
            "'links' must be a mapping such as {wikidata: Q7747, wikipedia: https://…}",
            line_of(node),
        )
    links = []
    for kind, key_node, value_node in mapping_items(path, node):
        if kind not in LINK_KINDS:
            raise ConfigError(
                path, f"unknown link {kind!r}; allowed: {', '.join(LINK_KINDS)}", line_of(key_node)
            )
        value = str(value_node.value).strip() if isinstance(value_node, yaml.ScalarNode) else ""
        if kind == "wikidata" and not (value[:1] == "Q" and value[1:].isdigit()):
            raise ConfigError(
                path, f"wikidata id {value!r} must look like Q7747", line_of(value_node)
            )
        if kind != "wikidata" and not value.startswith(("https://", "http://")):
            raise ConfigError(
                path,
                f"{kind} link {value!r} must be a full http(s):// address",
                line_of(value_node),
            )
        links.append((kind, value))
    return tuple(sorted(links))


def check_unique(path: Path, entries: list[EditorialEntry]) -> None:
    from .names import name_key

    owners: dict[str, EditorialEntry] = {}
    for entry in entries:
        for name in (entry.name, *entry.aliases, *entry.merge):
            key = name_key(name)
            other = owners.get(key)
            if other is not None and other is not entry:
                raise ConfigError(
                    path,
                    f"{name!r} is claimed by two entries (lines {other.line} and {entry.line}); keep it in one",
                    entry.line,
                )
            owners[key] = entry
        if entry.slug:
            for other in entries:
                if other is not entry and other.slug == entry.slug:
                    raise ConfigError(
                        path,
                        f"slug {entry.slug!r} is used by two entries (lines {other.line} and {entry.line})",
                        entry.line,
                    )
