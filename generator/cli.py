"""The `annals` command: `new`, `build`, `annotate`, `serve` and the rest, thin shells over MkDocs and the same
plugin pipeline.

Exit codes: 0 success, 1 failed (or --strict) build, 2 wrong usage, 3 `reconcile` could not reach Wikidata, 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from . import __version__
from .config import ENTITIES_EXAMPLE
from .plugin import DATE_FROM_VARIABLE, OVERRIDE_VARIABLES
from .progress import phase_progress, timed
from .read import DATE_SOURCES

EXAMPLE_ARTICLE = """\
 date 2019-01-04 Nancy Pelosi was elected Speaker of the United States House of Representatives on Thursday, as the \
116th Congress was sworn in. Pelosi, a Democrat from California, received 220 votes.

Senate Majority Leader Mitch McConnell said the Senate would not vote on a spending bill that President Donald Trump \
would not sign.
"""

MKDOCS_YML = """\
site_name: {name}
# The address the site is published at: feeds, the sitemap, canonical links and Material's instant navigation and
# previews need it. The GitHub Pages workflow sets SITE_URL; elsewhere build with SITE_URL=https://… or write the
# address here. Unset, links stay relative and the sitemap empty (never a wrong address); `annals serve` sets it.
site_url: !ENV [SITE_URL, null]
theme:
  name: material
  features:
    - navigation.prune
    - navigation.instant
    - navigation.instant.preview
    - content.tooltips
    - search.suggest
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {{icon: material/brightness-7, name: Switch to dark mode}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {{icon: material/brightness-4, name: Switch to light mode}}
plugins:
  - search
  - annals:
      seeds: seeds
      entities: entities.yml
      model: en_core_web_sm
      cache_dir: .annals-cache
"""

INDEX_MD = """\
Welcome to the **{name}** archive. Every article names people, organisations and places; each of them has a page
with every article that mentions them.
"""

# The site, the cache, and the folders a build makes beside the site (sibling(): building, previous, discarded).
GITIGNORE = "site/\n.annals-cache/\n.*.annals-*/\n"

PROJECT_README = """\
# {name}

An annotated news archive made with Annals: every article becomes a page on which each person, organisation and
place it names is linked to a page of its own.

## Add articles

Put articles in `seeds/`, in folders if you like:

- plain text (`.txt`) starting with a line `date 2019-01-04`, or named with the date (`2019-01-04-pelosi.txt`,
  `2019/01/04/pelosi.txt`): the first sentence is the title, blank lines separate paragraphs;
- Markdown (`.md`) with front matter:

  ```
  ---
  date: 2019-01-04
  title: Pelosi elected Speaker
  source: Wikinews
  url: https://example.org/pelosi
  ---
  ```

A file that cannot be read (no date, say) is named in a warning with the reason; everything else is built.
`entities.yml` corrects actors: names, types, aliases, merges, descriptions (its comments show how).

## Build and preview

```sh
annals serve        # preview at http://127.0.0.1:8000, rebuilt as you edit
annals build        # the site in site/; --strict fails on any warning
```

## Publish

Push this folder to GitHub and set Settings → Pages → Source to "GitHub Actions": `.github/workflows/pages.yml`
builds and publishes the site, with `site_url` set to the Pages address (first name the Annals release it
installs in `requirements.txt`). Published elsewhere, build with `SITE_URL=https://your.site/ annals build` and
copy `site/` to the server.
"""


def create_project(directory: Path) -> None:
    """A ready archive project: mkdocs.yml, one example article, a commented entities.yml, docs/index.md, a README
    on adding articles, building and publishing, and a GitHub Pages workflow."""
    if directory.exists() and any(directory.iterdir()):
        raise SystemExit(f"annals new: {directory} is not empty; choose a new or empty folder")
    name = directory.resolve().name.replace("-", " ").replace("_", " ").title() or "Archive"
    (directory / "seeds").mkdir(parents=True, exist_ok=True)
    (directory / "docs").mkdir(exist_ok=True)
    (directory / "mkdocs.yml").write_text(MKDOCS_YML.format(name=name), "utf-8")
    (directory / "seeds" / "2019-01-04-pelosi-elected-speaker.txt").write_text(
        EXAMPLE_ARTICLE, "utf-8"
    )
    (directory / "entities.yml").write_text(ENTITIES_EXAMPLE, "utf-8")
    (directory / "docs" / "index.md").write_text(INDEX_MD.format(name=name), "utf-8")
    (directory / ".gitignore").write_text(GITIGNORE, "utf-8")
    (directory / "README.md").write_text(PROJECT_README.format(name=name), "utf-8")
    # Publishing: a GitHub Pages workflow (shipped as package data, the same file as this repository's own) and the
    # requirements it installs. The PyPI project named "annals" is someone else's, so the file names none by default.
    from importlib.resources import files

    (directory / ".github" / "workflows").mkdir(parents=True, exist_ok=True)
    (directory / ".github" / "workflows" / "pages.yml").write_text(
        files("generator").joinpath("scaffold/pages.yml").read_text("utf-8"), "utf-8"
    )
    (directory / "requirements.txt").write_text(
        "# What the GitHub Pages workflow (.github/workflows/pages.yml) installs to build this archive.\n"
        '# Annals is not on PyPI (the PyPI project called "annals" is an unrelated package: never list it bare).\n'
        "# Name the Annals repository, pinned to the release you build with, for example:\n"
        "# annals @ git+https://github.com/OWNER/annals@v0.1.0\n",
        "utf-8",
    )


# One line per subcommand, shown by `annals --help` and as the subcommand's own description.
COMMANDS = {
    "new": "create an archive project: mkdocs.yml, seeds/ with one example article, entities.yml, docs/",
    "build": "build the site beside the old one and swap it in only when complete",
    "annotate": "fill the annotation cache without building the site: on local processes, or on a Dask cluster",
    "serve": "preview the site at http://127.0.0.1:8000, rebuilding when seeds or entities change",
    "import": "turn CSV, JSON Lines, RSS/Atom feeds, saved HTML pages and WARC files into seed files",
    "doubts": "list the actors to check, most mentioned first, each with the entities.yml entry that settles it",
    "reconcile": "suggest Wikidata links for the most-mentioned actors without one, in entities.suggested.yml to review",
}


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="annals",
        description="Build an annotated news archive website from a folder of articles.",
    )
    root.add_argument("--version", action="version", version=f"annals {__version__}")
    commands = root.add_subparsers(
        dest="command",
        required=True,
        metavar="{new,build,annotate,serve,import,doubts,reconcile}",
    )
    new = commands.add_parser("new", help=COMMANDS["new"], description=COMMANDS["new"])
    new.add_argument("directory", type=Path)
    for name in ("build", "annotate", "serve", "doubts", "reconcile"):
        command = commands.add_parser(name, help=COMMANDS[name], description=COMMANDS[name])
        command.add_argument(
            "-f", "--config-file", default="mkdocs.yml", help="the project's mkdocs.yml"
        )
        loudness = command.add_mutually_exclusive_group()
        loudness.add_argument(
            "-q", "--quiet", action="store_true", help="say only warnings and errors"
        )
        loudness.add_argument(
            "-v", "--verbose", action="store_true", help="say more, with how long each phase took"
        )
        command.add_argument("--seeds", help="folder of input articles (overrides mkdocs.yml)")
        command.add_argument("--entities", help="editorial entities.yml (overrides mkdocs.yml)")
        command.add_argument(
            "--date-from",
            choices=DATE_SOURCES,
            help="date an article that has no date in its text or file name by its file's modification day (UTC)",
        )
        if name == "build":
            command.add_argument("--site-dir", help="where to write the site")
            command.add_argument(
                "--strict",
                action="store_true",
                help="fail on any warning, such as a rejected article",
            )
        elif name == "annotate":
            command.add_argument(
                "--scheduler",
                metavar="ADDRESS",
                help="a Dask scheduler (tcp://host:8786) whose workers annotate (overrides 'annotate: {scheduler:}')",
            )
            command.add_argument(
                "--timeout",
                type=positive,
                metavar="SECONDS",
                help="give up when the cluster has not finished within SECONDS (what is done stays cached)",
            )
        elif name == "serve":
            command.add_argument(
                "-a", "--dev-addr", help="IP:PORT to serve on (default 127.0.0.1:8000)"
            )
        elif name == "doubts":
            command.add_argument("--limit", type=int, metavar="N", help="show only the first N")
        else:
            command.add_argument(
                "--top",
                type=positive,
                metavar="N",
                help="look up the N most-mentioned actors without a Wikidata link (default 20)",
            )
    importing = commands.add_parser(
        "import", help=COMMANDS["import"], description=COMMANDS["import"]
    )
    importing.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a .csv, .jsonl, .rss/.atom, .html or .warc(.gz) file, or a feed's URL",
    )
    importing.add_argument(
        "--into", default="seeds", help="the seeds folder to write into (default: seeds)"
    )
    importing.add_argument(
        "--map", help="which column holds a field, e.g. date=published_at,text=body_html"
    )
    return root


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run_command(args)
    except KeyboardInterrupt:
        # Ctrl-C: the build has already removed its half-made site, and the previous site is untouched.
        print(
            f"annals {args.command}: interrupted; the previous site is left as it was",
            file=sys.stderr,
        )
        return 130


def run_command(args: argparse.Namespace) -> int:
    """Carry out a parsed `annals` command; its exit status."""
    if args.command == "new":
        create_project(args.directory)
        print(
            f"Created {args.directory} (its README.md says how to add articles and publish). Next: cd {args.directory} && annals serve"
        )
        return 0
    if args.command == "import":
        from .importers import run_import

        return run_import(args.sources, args.into, args.map)
    config_file = Path(args.config_file)
    if not config_file.is_file():
        print(
            f"annals {args.command}: no {config_file} here; run it inside an archive project or pass -f",
            file=sys.stderr,
        )
        return 2
    for option, variable in OVERRIDE_VARIABLES.items():
        value = getattr(args, option)
        if value:
            os.environ[variable] = str(Path(value).resolve())
    if args.date_from:
        os.environ[DATE_FROM_VARIABLE] = args.date_from
    configure_logging(
        logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    )
    option_errors = annals_option_errors(config_file)
    if option_errors:
        for message in option_errors:
            print(f"annals {args.command}: {message}", file=sys.stderr)
        return 1
    if args.command == "annotate":
        return fill_annotation_cache(config_file, args.scheduler, args.timeout)
    if args.command == "doubts":
        return print_doubts(config_file, args.limit)
    if args.command == "reconcile":
        return write_reconcile_suggestions(config_file, args.top)
    from mkdocs import exceptions

    try:
        if args.command == "build":
            from mkdocs.commands.build import build
            from mkdocs.config import load_config

            overrides = {"site_dir": str(Path(args.site_dir).resolve())} if args.site_dir else {}
            config = load_config(config_file=str(config_file), strict=args.strict, **overrides)
            site_dir = Path(config.site_dir)
            recover_interrupted_publish(site_dir)
            discarded = DiscardedSites(site_dir)
            discarded.start_deleting()
            # Build beside the site and swap it in only when complete: a failed, strict-failed or killed build
            # leaves the previous site exactly as it was.
            staging = sibling(site_dir, "building")
            shutil.rmtree(staging, ignore_errors=True)
            config.site_dir = str(staging)
            config.plugins.on_startup(command="build", dirty=False)
            shown = SitePathShown(staging, site_dir)
            for handler in logging.getLogger("mkdocs").handlers:
                handler.addFilter(shown)
            try:
                build(config)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            finally:
                config.plugins.on_shutdown()
                for handler in logging.getLogger("mkdocs").handlers:
                    handler.removeFilter(shown)
            with timed("replacing the previous site", phase_progress()):
                discarded.wait()
                publish(staging, site_dir)
            logging.getLogger("mkdocs").info(f"annals: site published to {shown.site}")
        else:
            from mkdocs.commands.serve import serve

            serve(config_file=str(config_file), dev_addr=args.dev_addr)
    except exceptions.ConfigurationError as error:
        print(f"annals {args.command}: {error}", file=sys.stderr)
        return 1
    except exceptions.MkDocsException as error:
        print(f"annals {args.command}: {error}", file=sys.stderr)
        return 1
    return 0


class ProjectError(Exception):
    """A project that cannot be read as a build would: the message, and the exit status to give."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def project_settings(config_file: Path):
    """The BuildSettings a build of this project would use (mkdocs.yml, its annals options, the overrides)."""
    return project_options(config_file)[0]


def project_options(config_file: Path):
    """(BuildSettings, the annals plugin's options) of this project, as a build would read them."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    from .pipeline import BuildSettings

    try:
        config = load_config(config_file=str(config_file))
    except exceptions.ConfigurationError as error:
        raise ProjectError(str(error), 1) from None
    plugin = config.plugins.get("annals")
    if plugin is None:
        raise ProjectError(
            f"{config_file} does not use the 'annals' plugin; add it under 'plugins:'", 2
        )
    options, base = plugin.config, config_file.resolve().parent
    paths = {
        option: (
            base / (os.environ.get(OVERRIDE_VARIABLES.get(option, "")) or options[option])
        ).resolve()
        for option in ("seeds", "entities", "cache_dir")
    }
    settings = BuildSettings(
        seeds=paths["seeds"],
        entities=paths["entities"],
        model=options.model,
        models=tuple(sorted(options.models.items())),
        cache_dir=paths["cache_dir"],
        pages_dir=paths["cache_dir"] / "pages",
        workers=options.workers,
        date_from=os.environ.get(DATE_FROM_VARIABLE) or options.date_from,
        annotation_cache=options.annotate.cache,
    )
    return settings, options


def fill_annotation_cache(config_file: Path, scheduler: str | None, timeout: int | None) -> int:
    """`annals annotate`: annotate every article whose annotation is not cached, on local processes or on the
    Dask cluster at `scheduler` (else the config's `annotate: {scheduler:}`), so that a build runs no spaCy."""
    from .annotate import ModelError
    from .cluster import ClusterError
    from .pipeline import annotate_only
    from .progress import counted, terminal_progress

    try:
        settings, options = project_options(config_file)
    except ProjectError as error:
        print(f"annals annotate: {error}", file=sys.stderr)
        return error.status
    scheduler = scheduler or options.annotate.scheduler
    progress = terminal_progress()
    try:
        result = annotate_only(settings, scheduler, progress, timeout)
    except (ClusterError, ModelError, FileNotFoundError, OSError) as error:
        print(f"annals annotate: {error}", file=sys.stderr)
        return 1
    finally:
        if progress is not None:
            progress.close()
    for rejection in result.rejections:
        print(f"annals annotate: {rejection.message()}", file=sys.stderr)
    where = f"on the Dask cluster at {scheduler}" if scheduler else "here"
    print(
        f"annals annotate: {counted(result.articles, 'article')}; {result.cached} already annotated, "
        f"{result.annotated} annotated {where}, kept in {settings.annotations_at}"
    )
    return 0


def print_doubts(config_file: Path, limit: int | None) -> int:
    """`annals doubts`: read, annotate (from the cache) and resolve as a build would, and print the doubts."""
    from .config import ConfigError, load_entities
    from .doubts import doubts_text, find_doubts
    from .pipeline import resolve_only

    try:
        settings = project_settings(config_file)
    except ProjectError as error:
        print(f"annals doubts: {error}", file=sys.stderr)
        return error.status
    try:
        archive = resolve_only(settings)
        doubts = find_doubts(archive, load_entities(settings.entities))
    except (ConfigError, FileNotFoundError) as error:
        print(f"annals doubts: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(doubts_text(doubts, limit))
    return 0


def write_reconcile_suggestions(config_file: Path, top: int | None) -> int:
    """`annals reconcile`: resolve as a build would, look the most-mentioned actors without a Wikidata link up in
    Wikidata, and write entities.suggested.yml beside entities.yml (never entities.yml itself)."""
    from .config import ConfigError
    from .pagecache import write_atomically
    from .pipeline import resolve_only
    from .reconcile import (
        DEFAULT_TOP,
        WikidataClient,
        WikidataUnavailable,
        api_url_from_environment,
        reconcile,
        suggestions_path,
        suggestions_yaml,
    )

    try:
        settings = project_settings(config_file)
        archive = resolve_only(settings)
    except ProjectError as error:
        print(f"annals reconcile: {error}", file=sys.stderr)
        return error.status
    except (ConfigError, FileNotFoundError) as error:
        print(f"annals reconcile: {error}", file=sys.stderr)
        return 1
    try:
        lookups = reconcile(archive, WikidataClient(api_url_from_environment()), top or DEFAULT_TOP)
    except WikidataUnavailable as error:
        print(
            f"annals reconcile: {error}; nothing written. Run it again when Wikidata can be reached.",
            file=sys.stderr,
        )
        return RECONCILE_OFFLINE
    target = suggestions_path(settings.entities)
    write_atomically(target, suggestions_yaml(lookups).encode("utf-8"))
    suggested = sum(1 for lookup in lookups if lookup.suggestion)
    print(
        f"annals reconcile: looked up {len(lookups)} actors without a Wikidata link; {suggested} suggestions in {target} to review"
    )
    return 0


RECONCILE_OFFLINE = 3  # exit status of `annals reconcile` when Wikidata cannot be reached


class SitePathShown(logging.Filter):
    """Log lines name the site folder (`site/`), never the hidden folder the build writes into before the swap:
    MkDocs names the folder it builds to."""

    def __init__(self, staging: Path, site_dir: Path):
        super().__init__()
        self.staging = re.compile(re.escape(str(staging)) + "/?")
        relative = os.path.relpath(site_dir)
        self.site = (str(site_dir) if relative.startswith("..") else relative) + "/"

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.staging.search(message):
            record.msg, record.args = self.staging.sub(lambda _: self.site, message), ()
        return True


def sibling(site_dir: Path, role: str) -> Path:
    """A hidden folder next to the site, for building into or keeping the previous site while swapping."""
    return site_dir.with_name(f".{site_dir.name}.annals-{role}")


def publish(staging: Path, site_dir: Path) -> None:
    """Put the freshly built site in place of the old one by renaming folders, never leaving a half-written site;
    the old one is set aside for the next build to delete (DiscardedSites)."""
    previous = sibling(site_dir, "previous")
    recover_interrupted_publish(site_dir)
    try:
        if site_dir.exists():
            os.replace(site_dir, previous)
    except OSError:
        # A folder that cannot be renamed (a mount point, say): replace its content instead, as MkDocs does.
        from mkdocs.utils import clean_directory

        clean_directory(str(site_dir))
        shutil.copytree(staging, site_dir, dirs_exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        return
    os.replace(staging, site_dir)
    recover_interrupted_publish(site_dir)


def recover_interrupted_publish(site_dir: Path) -> None:
    """Finish a swap that `publish` began: the old site back in place if the new one never arrived; otherwise the
    old site's hidden entries (the .git of a gh-pages checkout, say, which MkDocs never deletes) carried over."""
    previous = sibling(site_dir, "previous")
    if not previous.is_dir():
        return
    if not site_dir.exists():
        os.replace(previous, site_dir)
        return
    for entry in sorted(previous.iterdir()):
        if entry.name.startswith(".") and not (site_dir / entry.name).exists():
            os.replace(entry, site_dir / entry.name)
    DiscardedSites(site_dir).set_aside(previous)


# At the lowest priority: the build's own work and Pagefind's come first on a busy machine, and the deleting takes
# what they leave (9.6 s of a core beside a 77 s rebuild at 10,000 articles).
DELETE_FOLDER = (
    "import os, shutil, sys; hasattr(os, 'nice') and os.nice(19); "
    "shutil.rmtree(sys.argv[1], ignore_errors=True)"
)


class DiscardedSites:
    """Previous sites set aside by `publish` and deleted by the next build while it works. Deleting a site's tens
    of thousands of files is seconds of unlinking (5 s of a 10 s rebuild with nothing changed at 1,000 articles),
    which the build would otherwise wait for at its very end."""

    def __init__(self, site_dir: Path):
        self.folder = sibling(site_dir, "discarded")
        self.deleting: subprocess.Popen | None = None

    def start_deleting(self) -> None:
        """Delete what earlier builds set aside, in a process of its own: a thread would hold Python's lock for
        much of each file's unlinking and slow the build as much as it spared it. A build that stops leaves the
        rest for the next one."""
        if self.folder.is_dir():
            self.deleting = subprocess.Popen(
                [sys.executable, "-c", DELETE_FOLDER, str(self.folder)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    def wait(self) -> None:
        if self.deleting is not None:
            self.deleting.wait()
            self.deleting = None

    def set_aside(self, previous: Path) -> None:
        """Move `previous` here, under a name of its own; delete it now where it cannot be moved."""
        try:
            self.folder.mkdir(exist_ok=True)
            os.replace(previous, self.folder / uuid.uuid4().hex)
        except OSError:
            shutil.rmtree(previous)


# Examples for the error message when an option has no default to show.
OPTION_EXAMPLES = {
    "workers": 2,
    "date_from": "mtime",
    "annotate": "{scheduler: tcp://scheduler:8786, cache: s3://bucket/annals-cache}",
}


def annals_option_errors(config_file: Path) -> list[str]:
    """Each bad option of the `annals` plugin in mkdocs.yml as 'file:line: what is wrong; the fix'.

    MkDocs reports these without the file or line, and only warns about an unknown (misspelt) option, which
    would silently build with the default; the CLI refuses both. Anything it cannot read is left to MkDocs.
    """
    import yaml

    from .config import AnnalsConfig, unknown_option_reason

    try:
        root = yaml.compose(config_file.read_text("utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # MkDocs reports these itself, with the line and column
    options = annals_options_node(root)
    if options is None:
        return []
    schema = dict(AnnalsConfig()._schema)
    errors = []
    for key_node, value_node in options.value:
        key, where = str(key_node.value), f"{config_file}:{key_node.start_mark.line + 1}"
        if key not in schema:
            errors.append(f"{where}: {unknown_option_reason(key)}")
            continue
        if not value_node.tag.startswith("tag:yaml.org,2002:"):
            continue  # !ENV and other MkDocs tags: MkDocs resolves and checks them
        try:
            value = yaml.safe_load(yaml.serialize(value_node))
        except yaml.YAMLError:
            continue
        check = AnnalsConfig(config_file_path=str(config_file))
        check.load_dict({key: value})
        failed, _ = check.validate()
        for _, error in failed:
            default = getattr(schema[key], "default", None)
            example = OPTION_EXAMPLES.get(key, default)
            errors.append(
                f"{where}: plugin 'annals' option '{key}': {error}; write it like '{key}: {example}'"
            )
    return errors


def annals_options_node(root):
    """The mapping node of the annals plugin's options under `plugins:` (a list or a mapping), if any."""
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return None
    plugins = next((value for key, value in root.value if key.value == "plugins"), None)
    if isinstance(plugins, yaml.SequenceNode):
        entries = [
            item.value[0]
            for item in plugins.value
            if isinstance(item, yaml.MappingNode) and item.value
        ]
    elif isinstance(plugins, yaml.MappingNode):
        entries = plugins.value
    else:
        return None
    for key, value in entries:
        if key.value == "annals" and isinstance(value, yaml.MappingNode):
            return value
    return None


def configure_logging(level: int = logging.INFO) -> None:
    from mkdocs.__main__ import ColorFormatter

    handler = logging.StreamHandler()
    # Colour codes only on a terminal: in CI logs and captured output they are noise around the messages.
    handler.setFormatter(
        ColorFormatter()
        if sys.stderr.isatty()
        else logging.Formatter("%(levelname)-8s-  %(message)s")
    )
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(level)


if __name__ == "__main__":
    sys.exit(main())
