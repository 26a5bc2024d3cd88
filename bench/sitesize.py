"""Where a built site's bytes are: by top-level folder, and, for its HTML pages, by part of the page.

A page's parts, as Material lays them out: `head` (the <head> element), `header` (the top bar: logo, title,
palette toggle, search), `nav` (the sidebars: site navigation and table of contents), `content` (the <article>
the page is about), `footer`, `scripts` (the <script> elements after the content: Material's configuration and
bundle) and `rest` (everything between: the body's opening toggles, wrappers, the dialog, line breaks). Sizes are
apparent bytes, what a host such as GitHub Pages counts against its limit, not the blocks a disk allocates.

Run: `python bench/sitesize.py SITE_DIR [--articles N] [--json FILE]`; bench/build.py reports the same breakdown.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

PARTS = ("head", "header", "nav", "content", "footer", "scripts", "rest")
# Each part is one element, found by its opening tag, to its matching end tag; the sidebars are measured from the
# first to the content beside them.
_ELEMENTS = {
    "head": (re.compile(r"<head>"), "</head>"),
    "header": (re.compile(r'<header class="md-header'), "</header>"),
    "content": (re.compile(r'<article class="md-content__inner'), "</article>"),
    "footer": (re.compile(r'<footer class="md-footer'), "</footer>"),
}
_SIDEBARS = re.compile(
    r'<div class="md-sidebar md-sidebar--(?:primary|secondary)".*?(?=<div class="md-content")', re.S
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def element_end(html: str, start: int, end_tag: str) -> int:
    """Where the element opened at `start` ends, counting elements of its name nested in it; -1 if it never does."""
    name = end_tag[2:-1]
    depth = 0
    for tag in re.finditer(rf"<(/?){name}\b", html[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return start + tag.start()
    return -1


def page_parts(html: str) -> dict[str, int]:
    """Bytes of each part of one page (PARTS); a part the page lacks counts 0."""
    sizes: dict[str, int] = {}
    spans = []
    for part, (start, end) in _ELEMENTS.items():
        match = start.search(html)
        stop = element_end(html, match.start(), end) if match else -1
        if match and stop != -1:
            spans.append((match.start(), stop + len(end)))
            sizes[part] = len(html[match.start() : stop + len(end)].encode())
    sidebars = _SIDEBARS.search(html)
    sizes["nav"] = len(sidebars.group().encode()) if sidebars else 0
    content_end = max((end for start, end in spans), default=0)
    footer = html.find('<footer class="md-footer')
    tail = html[max(content_end, footer if footer != -1 else 0) :]
    sizes["scripts"] = sum(len(s.encode()) for s in _SCRIPT.findall(tail))
    total = len(html.encode())
    sizes["rest"] = total - sum(sizes.get(part, 0) for part in PARTS if part != "rest")
    return {part: sizes.get(part, 0) for part in PARTS}


def page_kind(relative: str) -> str:
    """What kind of page a path of the site is, by its first folder ('actors', 'articles', …; 'other' at the top)."""
    return relative.split("/", 1)[0] if "/" in relative else "other"


def site_breakdown(site: Path) -> dict:
    """Bytes and files by top-level folder, and for HTML pages by kind, the mean bytes of each part."""
    folders: Counter = Counter()
    files: Counter = Counter()
    parts: dict[str, Counter] = defaultdict(Counter)
    pages: Counter = Counter()
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        folder = page_kind(relative)
        size = path.stat().st_size
        folders[folder] += size
        files[folder] += 1
        if path.name == "index.html":
            parts[folder].update(page_parts(path.read_text("utf-8", "replace")))
            pages[folder] += 1
    return {
        "total_bytes": sum(folders.values()),
        "files": sum(files.values()),
        "folders": {
            name: {"bytes": folders[name], "files": files[name]} for name in sorted(folders)
        },
        "page_parts": {
            kind: {"pages": pages[kind], **{p: round(parts[kind][p] / pages[kind]) for p in PARTS}}
            for kind in sorted(pages)
        },
    }


def report(breakdown: dict, articles: int = 0) -> str:
    lines = [f"site: {breakdown['total_bytes'] / 1e6:,.1f} MB in {breakdown['files']:,} files"]
    if articles:
        lines[0] += (
            f", {breakdown['total_bytes'] / articles / 1e3:,.1f} kB per article ({articles:,})"
        )
    for name, folder in sorted(breakdown["folders"].items(), key=lambda item: -item[1]["bytes"]):
        per = f" {folder['bytes'] / articles / 1e3:8,.1f} kB/article" if articles else ""
        lines.append(
            f"  {name + '/':<12} {folder['bytes'] / 1e6:9,.2f} MB {folder['files']:7,} files{per}"
        )
    lines.append("mean bytes per page, by part: " + " ".join(f"{p:>8}" for p in ("pages", *PARTS)))
    for kind, row in breakdown["page_parts"].items():
        lines.append(f"  {kind:<27} " + " ".join(f"{row[p]:8,}" for p in ("pages", *PARTS)))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument(
        "--articles", type=int, default=0, help="articles in the archive, for per-article figures"
    )
    parser.add_argument("--json", type=Path, help="also write the breakdown here")
    arguments = parser.parse_args()
    breakdown = site_breakdown(arguments.site)
    print(report(breakdown, arguments.articles))
    if arguments.json:
        arguments.json.write_text(json.dumps(breakdown, indent=1, sort_keys=True) + "\n", "utf-8")


if __name__ == "__main__":
    main()
