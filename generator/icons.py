"""The icons Material draws on every page (logo, menu, palette toggles) as one cached sprite file.

Material writes each of them into every page as inline SVG, 300–500 bytes apiece and the logo twice; the theme's
partials (theme/partials/annals-icon.html) draw them instead as a `<use>` of a symbol in `assets/annals/icons.svg`,
the same shape from a file the reader's browser fetches once. The sprite holds the icons the theme's config names,
read through the theme's own loader (so a project's custom_dir/.icons wins), and nothing that depends on a page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, TemplateNotFound
from markupsafe import Markup, escape

SPRITE = "assets/annals/icons.svg"
_SVG = re.compile(r"<svg\b([^>]*)>(.*)</svg>\s*$", re.S)
_VIEW_BOX = re.compile(r'\bviewBox="([^"]+)"')


def chrome_icons(theme: Mapping[str, Any]) -> tuple[str, ...]:
    """The icons ('material/menu', …) Material's header and navigation draw on every page, as `theme` names
    them: the menu button, the logo unless the logo is an image, and each palette toggle."""
    icon = theme.get("icon") or {}
    names = {icon.get("menu") or "material/menu"}
    if not theme.get("logo"):
        names.add(icon.get("logo") or "material/library")
    palette = theme.get("palette")
    for option in palette if isinstance(palette, list) else ():
        toggle = option.get("toggle") or {}
        if toggle.get("icon"):
            names.add(toggle["icon"])
    return tuple(sorted(names))


def symbol_id(name: str) -> str:
    """The sprite's id of an icon: its name with the folder's slash as a hyphen ('material-menu')."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)


class IconSprite:
    """The chrome's icons, each as its view box and its shapes (the SVG's content), read through `env`; an icon
    that cannot be read or has no view box is left out, and the templates draw it inline as Material does."""

    def __init__(self, env: Environment, names: tuple[str, ...]):
        self.icons: dict[str, tuple[str, str]] = {}
        for name in names:
            try:
                source = env.loader.get_source(env, f".icons/{name}.svg")[0] if env.loader else ""
            except TemplateNotFound:
                continue
            svg = _SVG.search(source)
            view_box = _VIEW_BOX.search(svg.group(1)) if svg else None
            if svg and view_box:
                self.icons[name] = (view_box.group(1), svg.group(2))

    def text(self) -> str:
        """The sprite file: one <symbol> per icon, by name."""
        symbols = "".join(
            f'<symbol id="{symbol_id(name)}" viewBox="{view_box}">{shapes}</symbol>'
            for name, (view_box, shapes) in sorted(self.icons.items())
        )
        return f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n'

    def use(self, name: str, sprite_url: str) -> Markup:
        """An icon drawn from the sprite at `sprite_url` (the page's relative URL of SPRITE); '' for an icon the
        sprite lacks, which the template then includes inline."""
        if name not in self.icons:
            return Markup("")
        view_box = self.icons[name][0]
        href = escape(f"{sprite_url}#{symbol_id(name)}")
        # xlink:href, not href: Material's instant navigation rewrites every element's `href`, which an SVG <use>
        # has only as a getter (network.py's nodes link the same way).
        return Markup(f'<svg viewBox="{escape(view_box)}"><use xlink:href="{href}"/></svg>')
