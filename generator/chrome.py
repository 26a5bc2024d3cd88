"""Material's palette toggle, written once a build into a script every page shares instead of into every page.

The toggle's form is the same on every page but for the relative address of the icons' sprite, and about a
kilobyte: a tenth of an actor page named once (README, How big a site is). theme/partials/palette.html loads
`assets/annals/palette-form.js` where Material writes the form; the script writes the form there, taking the
sprite's address from its own (both are in assets/annals/), before Material's palette script and bundle read it.
Without JavaScript nothing is lost: Material shows the toggle's labels only from its script.
"""

from __future__ import annotations

import json

from jinja2 import Environment

from .icons import SPRITE, IconSprite

PALETTE_FORM_SCRIPT = "assets/annals/palette-form.js"
FORM_TEMPLATE = "partials/annals-palette-form.html"
# Where the form says the sprite's address; the script puts in its own folder's. Not a character of a URL.
SPRITE_PLACE = "\x00sprite\x00"


def palette_form_script(env: Environment, config, icons: IconSprite) -> str:
    """The script that writes the palette toggle's form where it stands (partials/palette.html)."""
    form = env.get_template(FORM_TEMPLATE).render(
        config=config, annals_icon=icons.use, annals_sprite=SPRITE_PLACE
    )
    # A tag a line, as in the pages: whitespace between tags renders the same however much of it there is.
    form = "\n".join(line.strip() for line in form.splitlines() if line.strip())
    sprite_file = SPRITE.rsplit("/", 1)[1]
    # ensure_ascii and an escaped '<' keep the form a plain JavaScript string whatever the config's names hold.
    text = json.dumps(form, ensure_ascii=True).replace("<", "\\u003c")
    place = json.dumps(SPRITE_PLACE)
    return (
        "// Material's palette toggle (generator/chrome.py), written where this script is loaded.\n"
        f'document.currentScript.insertAdjacentHTML("beforebegin", {text}.split({place})'
        f'.join(new URL("{sprite_file}", document.currentScript.src).href));\n'
    )
