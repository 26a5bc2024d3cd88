"""The `annals` command: `new`, `build` and `serve`, thin shells over MkDocs and the same plugin pipeline.

Exit codes: 0 success, 1 failed (or --strict) build, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .config import ENTITIES_EXAMPLE
from .plugin import OVERRIDE_VARIABLES

EXAMPLE_ARTICLE = """\
 date 2019-01-04 Nancy Pelosi was elected Speaker of the United States House of Representatives on Thursday, as the \
116th Congress was sworn in. Pelosi, a Democrat from California, received 220 votes.

Senate Majority Leader Mitch McConnell said the Senate would not vote on a spending bill that President Donald Trump \
would not sign.
"""

MKDOCS_YML = """\
site_name: {name}
# site_url: https://USER.github.io/REPO/   # set this when publishing, so links and the sitemap are right
theme:
  name: material
  features:
    - navigation.prune
    - navigation.instant
    - navigation.instant.preview
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

GITIGNORE = "site/\n.annals-cache/\n"


def create_project(directory: Path) -> None:
    """A ready archive project: mkdocs.yml, one example article, a commented entities.yml and docs/index.md."""
    if directory.exists() and any(directory.iterdir()):
        raise SystemExit(f"annals new: {directory} is not empty; choose a new or empty folder")
    name = directory.resolve().name.replace("-", " ").replace("_", " ").title() or "Archive"
    (directory / "seeds").mkdir(parents=True, exist_ok=True)
    (directory / "docs").mkdir(exist_ok=True)
    (directory / "mkdocs.yml").write_text(MKDOCS_YML.format(name=name), "utf-8")
    (directory / "seeds" / "2019-01-04-pelosi-elected-speaker.txt").write_text(EXAMPLE_ARTICLE, "utf-8")
    (directory / "entities.yml").write_text(ENTITIES_EXAMPLE, "utf-8")
    (directory / "docs" / "index.md").write_text(INDEX_MD.format(name=name), "utf-8")
    (directory / ".gitignore").write_text(GITIGNORE, "utf-8")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="annals", description="Build an annotated news archive website from a folder of articles.")
    commands = root.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="create a new archive project")
    new.add_argument("directory", type=Path)
    for name, help_text in (("build", "build the site"), ("serve", "preview the site, rebuilding on changes")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("-f", "--config-file", default="mkdocs.yml", help="the project's mkdocs.yml")
        command.add_argument("--seeds", help="folder of input articles (overrides mkdocs.yml)")
        command.add_argument("--entities", help="editorial entities.yml (overrides mkdocs.yml)")
        if name == "build":
            command.add_argument("--site-dir", help="where to write the site")
            command.add_argument("--strict", action="store_true", help="fail on any warning, such as a rejected article")
        else:
            command.add_argument("-a", "--dev-addr", help="IP:PORT to serve on (default 127.0.0.1:8000)")
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "new":
        create_project(args.directory)
        print(f"Created {args.directory}. Next: cd {args.directory} && annals serve")
        return 0
    config_file = Path(args.config_file)
    if not config_file.is_file():
        print(f"annals {args.command}: no {config_file} here; run it inside an archive project or pass -f", file=sys.stderr)
        return 2
    for option, variable in OVERRIDE_VARIABLES.items():
        value = getattr(args, option)
        if value:
            os.environ[variable] = str(Path(value).resolve())
    configure_logging()
    from mkdocs import exceptions

    try:
        if args.command == "build":
            from mkdocs.commands.build import build
            from mkdocs.config import load_config

            overrides = {"site_dir": str(Path(args.site_dir).resolve())} if args.site_dir else {}
            config = load_config(config_file=str(config_file), strict=args.strict, **overrides)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
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


def configure_logging() -> None:
    from mkdocs.__main__ import ColorFormatter

    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


if __name__ == "__main__":
    sys.exit(main())
