"""A link that downloads a file straight from the page, with no server round trip.

Voilà serves only files it allows (images, by default) and a trainee's export
need not be written to the server at all: the bytes go into the link itself.
"""

from __future__ import annotations

import base64
from html import escape

LINK_STYLE = (
    "display:inline-block;padding:0.3em 0.8em;margin-right:0.5em;border:1px solid #0b5394;"
    "border-radius:4px;color:#0b5394;text-decoration:none"
)


def download_link(payload: bytes, filename: str, mime: str, label: str, css_class: str) -> str:
    data = base64.b64encode(payload).decode("ascii")
    return (
        f'<a class="{escape(css_class)}" style="{LINK_STYLE}" download="{escape(filename)}" '
        f'href="data:{mime};base64,{data}">{escape(label)}</a>'
    )
