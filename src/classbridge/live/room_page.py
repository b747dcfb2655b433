"""The room page: ``share/live/room.html`` with the seat's configuration, or why not.

The page's script (``share/live/room.js``) learns everything from one JSON
block, ``<script id="cb-room-config" type="application/json">``: the session,
this seat (from the signed token, never from the browser), all seats, the
token, the URLs it talks to, the link presets and the rubric. The template may
place the block itself (``{{ config_json }}``, and ``{{ static_url }}`` for
its script and style) or leave it to us: it is then put before ``</head>``.
The JSON is escaped for a script element, so a hostile title or name stays text.

A wrong or expired link gets a small page of its own (``refusal_page``) with
the one-line message and what to do, not a traceback or a blank room.
"""

from __future__ import annotations

import json
from html import escape

import jinja2
from markupsafe import Markup

from classbridge.core.share import share_path
from classbridge.live.link_presets import presets_config
from classbridge.live.notes import rubric_config
from classbridge.live.practice_session import PracticeSession, Seat
from classbridge.live.session_store import rooms_url

TEMPLATE = "room.html"
STATIC_ROUTE = "static/"
CONFIG_ID = "cb-room-config"
#: Nothing is loaded from another host: scripts, styles, media and sockets are our own.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; "
    "connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
)


def live_share_path(*parts: str):
    """A file of the room page's front end (``classbridge/share/live``)."""
    return share_path("live", *parts)


def script_json(data: object) -> str:
    """JSON that cannot end the script element it is in (``</script>``, ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def room_urls(base_url: str, session: PracticeSession, token: str) -> dict:
    """The paths the page talks to (the page builds ws:// or wss:// from its own address)."""
    prefix = rooms_url(base_url)
    seat_query = f"?seat={token}"
    return {
        "signal": f"{prefix}{session.id}/signal{seat_query}",
        "notes": f"{prefix}{session.id}/notes{seat_query}",
        "recording": f"{prefix}{session.id}/recording",
        "static": f"{prefix}{STATIC_ROUTE}",
    }


def room_config(base_url: str, session: PracticeSession, seat: Seat, token: str) -> dict:
    return {
        "session": {"id": session.id, "title": session.title, "started_at": session.started_at},
        "seat": seat.to_dict(),
        "seats": [s.to_dict() for s in session.seats],
        "token": token,
        "urls": room_urls(base_url, session, token),
        "presets": presets_config(),
        "rubric": rubric_config(),
    }


def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(live_share_path())),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
    )
    return environment.get_template(TEMPLATE)


def render_room(base_url: str, session: PracticeSession, seat: Seat, token: str) -> str:
    """The room page for ``seat``."""
    config = room_config(base_url, session, seat, token)
    block = f'<script id="{CONFIG_ID}" type="application/json">{script_json(config)}</script>'
    html = _template().render(
        config_json=Markup(script_json(config)),
        static_url=config["urls"]["static"],
        title=session.title,
    )
    if f'id="{CONFIG_ID}"' not in html:
        head_end = html.lower().find("</head>")
        at = head_end if head_end >= 0 else 0
        html = html[:at] + block + html[at:]
    return html


def refusal_page(base_url: str, message: str) -> str:
    """The page a refused link shows: the one line saying why and what to do, as text."""
    css = escape(f"{rooms_url(base_url)}{STATIC_ROUTE}room.css")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Practice room · ClassBridge</title>"
        f'<link rel="stylesheet" href="{css}"></head>'
        '<body class="cb-room-page"><main class="cb-room cb-room-refused">'
        "<h1>Practice room</h1>"
        f'<p class="cb-room-error" role="alert">{escape(message)}</p>'
        "</main></body></html>\n"
    )
