"""The language one request to the live room is answered in.

The room page and its routes are served by the Jupyter server itself, not by
a kernel, so every request brings its own reader: the page's ``?lang=``, the
``classbridge-lang`` cookie the language switch sets, the browser's
``Accept-Language``, then the server's default (``classbridge.core.language``).

The messages the live room raises deep down (a seat token refused, a note
refused) are wrapped with ``_()``, which reads the process's language. While
one request is handled, ``speaking(language)`` makes that the request's
language and puts the process's back afterwards (``classbridge.core.language``).
Tornado runs handlers on one thread, so this is safe around code that does not
``await``; never hold it
across an ``await``, where another request's code may run.
"""

from __future__ import annotations

import os

from tornado.httputil import HTTPServerRequest

from classbridge.core.language import LANGUAGE_ENV, choose_language, speaking

__all__ = ["request_language", "speaking"]


def request_language(request: HTTPServerRequest) -> str:
    """The language ``request`` is answered in (switch, cookie, browser, server, English)."""
    return choose_language(
        query=request.query,
        cookie=request.headers.get("Cookie", ""),
        accept_language=request.headers.get("Accept-Language", ""),
        server_default=os.environ.get(LANGUAGE_ENV, ""),
    )
