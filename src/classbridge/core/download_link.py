"""A link that downloads a file straight from the page, with no server round trip.

Voilà serves only files it allows (images, by default) and a trainee's export
need not be written to the server at all: the bytes go into the link itself.
"""

from __future__ import annotations

import base64
from html import escape

from classbridge.core.status_colours import LINK_COLOUR

#: A link that looks like a button, for exports that stand on their own line.
BUTTON_STYLE = (
    f"display:inline-block;padding:0.3em 0.8em;margin-right:0.5em;border:1px solid {LINK_COLOUR};"
    f"border-radius:4px;color:{LINK_COLOUR};text-decoration:none"
)


def download_link(
    payload: bytes, filename: str, mime: str, label: str, css_class: str, style: str = BUTTON_STYLE
) -> str:
    """``style=""`` leaves the link plain, for links inside a table cell or a sentence."""
    data = base64.b64encode(payload).decode("ascii")
    styled = f' style="{style}"' if style else ""
    return (
        f'<a class="{escape(css_class)}"{styled} download="{escape(filename)}" '
        f'href="data:{mime};base64,{data}">{escape(label)}</a>'
    )
