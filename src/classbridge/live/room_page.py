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

Both pages are in the language the handler chose for the request: the
template's words (``ROOM_TEXT``), ``<html lang>``, a language switch (links
to ``classbridge/language``, which remembers the choice and comes back), and
the script's words: every ``_("...")`` in room.js, found with Babel's own
JavaScript extractor (``script_messages``), is given to the page translated in
``<script id="cb-text" type="application/json">`` ({English: translation}).
"""

from __future__ import annotations

import json
from functools import cache
from html import escape
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import jinja2
from markupsafe import Markup

from classbridge.core.language import (
    DEFAULT_LANGUAGE,
    N_,
    current_language,
    gettext_in,
    language_names,
)
from classbridge.core.share import share_path
from classbridge.live.link_presets import presets_config
from classbridge.live.notes import rubric_config
from classbridge.live.practice_session import PracticeSession, Seat
from classbridge.live.request_language import speaking
from classbridge.live.session_store import rooms_url
from classbridge.pages.language_choice import ROUTE as LANGUAGE_ROUTE

TEMPLATE = "room.html"
SCRIPT = "room.js"
STATIC_ROUTE = "static/"
CONFIG_ID = "cb-room-config"
TEXT_ID = "cb-text"
#: The words of room.html, translated for each page (``{{ text.<name> }}`` in the template).
ROOM_TEXT = {
    "practice_room": N_("Practice room"),
    "session_time": N_("Session time"),
    "who_is_here": N_("Who is here"),
    "video": N_("Video"),
    "controls": N_("Controls"),
    "needs_javascript": N_("The practice room needs JavaScript: allow it for this page."),
    "language": N_("Language"),
}
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


@cache
def script_messages(script: str = SCRIPT) -> tuple[str, ...]:
    """Every ``_("...")`` message id of a script of the page, in order (read once a process)."""
    from babel.messages.extract import extract

    with live_share_path(script).open("rb") as handle:
        found = extract("javascript", handle, keywords={"_": None})
        return tuple(dict.fromkeys(message for _line, message, _notes, _context in found))


def script_text(language: str, script: str = SCRIPT) -> dict[str, str]:
    """{message id: its translation in ``language``} for every message of the script."""
    return {message: gettext_in(language, message) for message in script_messages(script)}


def page_text(language: str) -> dict[str, str]:
    """The template's words in ``language``."""
    return {name: gettext_in(language, message) for name, message in ROOM_TEXT.items()}


def _without_language(here: str) -> str:
    """This page's path and query without ``lang=``, which would outvote the switch."""
    parts = urlsplit(here)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "lang"]
    return parts.path + (f"?{urlencode(query)}" if query else "")


def language_links(base_url: str, language: str, here: str) -> list[dict]:
    """One link per language to the switch, which remembers it and comes back to ``here``."""
    route = base_url.rstrip("/") + "/" + LANGUAGE_ROUTE
    back = _without_language(here) if here else ""
    links = []
    for code, name in language_names().items():
        query = {"lang": code, **({"next": back} if back else {})}
        links.append(
            {
                "code": code,
                "name": name,
                "href": f"{route}?{urlencode(query, quote_via=quote)}",
                "current": code == language,
            }
        )
    return links


def _switch_html(base_url: str, language: str, here: str) -> str:
    """The language switch of the refusal page (room.html draws its own from the links)."""
    items = []
    for link in language_links(base_url, language, here):
        code, name = escape(link["code"]), escape(link["name"])
        if link["current"]:
            items.append(f'<strong lang="{code}" aria-current="true">{name}</strong>')
        else:
            items.append(
                f'<a lang="{code}" hreflang="{code}" href="{escape(link["href"])}">{name}</a>'
            )
    label = escape(gettext_in(language, ROOM_TEXT["language"]))
    return f'<nav class="cb-language-links" aria-label="{label}">{" · ".join(items)}</nav>'


def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(live_share_path())),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
    )
    return environment.get_template(TEMPLATE)


def render_room(
    base_url: str,
    session: PracticeSession,
    seat: Seat,
    token: str,
    language: str | None = None,
    here: str = "",
) -> str:
    """The room page for ``seat`` in ``language`` (default: this process's).

    ``here`` is the page's own path and query, where the language switch comes back to.
    """
    language = language or current_language()
    with speaking(language):
        config = room_config(base_url, session, seat, token)
    blocks = {
        CONFIG_ID: script_json(config),
        TEXT_ID: script_json(script_text(language)),
    }
    html = _template().render(
        config_json=Markup(blocks[CONFIG_ID]),
        text_json=Markup(blocks[TEXT_ID]),
        static_url=config["urls"]["static"],
        title=session.title,
        lang=language,
        text=page_text(language),
        languages=language_links(base_url, language, here),
    )
    for block_id, data in blocks.items():
        if f'id="{block_id}"' not in html:
            block = f'<script id="{block_id}" type="application/json">{data}</script>'
            head_end = html.lower().find("</head>")
            at = head_end if head_end >= 0 else 0
            html = html[:at] + block + html[at:]
    return html


def refusal_page(
    base_url: str, message: str, language: str = DEFAULT_LANGUAGE, here: str = ""
) -> str:
    """The page a refused link shows: the one line saying why and what to do, as text.

    With ``here`` (the page's path and query) it offers the language switch too.
    """
    css = escape(f"{rooms_url(base_url)}{STATIC_ROUTE}room.css")
    heading = escape(gettext_in(language, ROOM_TEXT["practice_room"]))
    switch = _switch_html(base_url, language, here) if here else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{heading} · ClassBridge</title>"
        f'<link rel="stylesheet" href="{css}"></head>'
        '<body class="cb-room-page"><main class="cb-room cb-room-refused">'
        f"{switch}<h1>{heading}</h1>"
        f'<p class="cb-room-error" role="alert">{escape(message)}</p>'
        "</main></body></html>\n"
    )
