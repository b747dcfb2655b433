"""Who is working, and the moment their page connects to a preheated kernel.

Voilà runs a module notebook before anyone visits (preheated kernels), and
sends a visitor the page as far as it has run. Saved work must be read when the
visit arrives, not when the kernel started (the trainee may have saved since),
so widgets fill it in with ``when_visited``: the whole page renders before
anyone arrives, and the visit only fills in the saved work. ``current_trainee``
and ``await_visitor`` block the cell instead, for code that cannot wait that way.
One connection per kernel serves them all: Voilà's request socket keeps one.

While nbgrader autograds a hand-in, the trainee is the one who handed it in,
not whoever runs the grader: nbgrader runs each hand-in in
``autograded/<student id>/<module>/``, so the folder names the trainee.
"""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from classbridge.core.workspace import TRAINEE_ENV, check_trainee_id, trainee_id, trainee_name

#: Set inside every kernel nbgrader starts (our nbgrader_config.py), and only there.
AUTOGRADING_ENV = "CLASSBRIDGE_AUTOGRADING"
HUB_USER_ENV = "JUPYTERHUB_USER"
#: The notebook (from the server's root) a pool kernel runs: set per pool by ``classbridge serve``.
PAGE_ENV = "CLASSBRIDGE_PAGE"

_arrived = False
#: What waits for the visit (``when_visited``), in the order it was asked for.
_waiting: list[Callable[[], object]] = []
_listener: threading.Thread | None = None
_request: str | None = None
#: Where the page's cells run (the kernel's event loop), to run ``_waiting`` there.
_page_loop: asyncio.AbstractEventLoop | None = None


def page_path() -> str:
    """This page's address path (``/voila/render/01-welcome/welcome.ipynb``); "" outside Voilà.

    Voilà says it with the visit (``SCRIPT_NAME``); a pool kernel knows it
    before, from its pool, so links on the page render before anyone visits.
    """
    asked = os.environ.get("SCRIPT_NAME")
    if asked:
        return asked
    notebook = os.environ.get(PAGE_ENV)
    if notebook:
        return f"{os.environ.get('VOILA_BASE_URL', '/')}voila/render/{notebook}"
    return ""


def preheated() -> bool:
    """True in a kernel Voilà started before anyone asked for its page (a pool kernel)."""
    return os.getenv("VOILA_PREHEAT", "False") != "False"


def visited() -> bool:
    """True once this page's visitor is known (always, outside a pool kernel)."""
    return _arrived or not preheated()


def await_visitor() -> None:
    """Return once the visitor's request has reached this kernel (at once if not preheated).

    Blocks the cell: Voilà sends the visitor everything rendered before it and
    the rest after the visit. Prefer ``when_visited``, which lets the whole page
    render before anyone arrives.
    """
    if visited():
        return
    _start_listening()
    assert _listener is not None
    try:
        _listener.join()
    except (KeyboardInterrupt, SystemExit):
        return
    _arrive()


def when_visited(callback: Callable[[], object]) -> None:
    """Call ``callback`` once the visitor is known: at once outside a pool kernel.

    In a pool kernel the page's cells run to the end before anyone visits, so
    Voilà has the whole page ready; what only the visit can say (whose saved
    work, as it is now) is filled in the moment the request arrives, before the
    browser has loaded the page's scripts. ``callback`` runs on the kernel's
    own thread, between messages, as a widget's button callbacks do.
    """
    if visited():
        callback()
        return
    global _page_loop
    try:
        _page_loop = asyncio.get_running_loop()
    except RuntimeError:  # no event loop (a plain script): wait here instead
        await_visitor()
        callback()
        return
    _waiting.append(callback)
    _start_listening()


def _start_listening() -> None:
    """One connection per kernel: Voilà's request socket keeps one waiter per kernel id."""
    global _listener
    if _listener is None:
        _listener = threading.Thread(target=_listen, name="classbridge-visit", daemon=True)
        _listener.start()


def _listen() -> None:
    global _request
    _request = _wait_for_request()
    if _page_loop is not None and not _page_loop.is_closed():
        _page_loop.call_soon_threadsafe(_arrive)


def _arrive() -> None:
    """The visit is here (on the kernel's thread): its variables, then what waited for it."""
    global _arrived
    if _arrived:
        return
    _arrived = True
    if _request is not None:
        for name, value in json.loads(_request).items():
            # The Cookie header comes for our language cookie, which a pool kernel does
            # not need (its language is the pool's); the rest (a hub's login) is none
            # of a notebook's business.
            if name != "HTTP_COOKIE":
                os.environ[name] = value
    waiting, _waiting[:] = list(_waiting), []
    for callback in waiting:
        try:
            callback()
        except Exception:  # one widget's failure must not keep the others from the visit
            logging.getLogger("classbridge").exception("after the visit")


def _wait_for_request() -> str | None:
    """Wait for the visit as ``voila.utils.wait_for_request()`` does, without importing Voilà.

    Written here because ``import voila.utils`` imports Voilà's server
    (jupyter_server, nbconvert, jsonschema): 1.7 s of CPU in plain Python and up
    to 5.8 s in a kernel, paid by every preheated kernel for one WebSocket
    message. It speaks Voilà 0.5's ``voila/query`` protocol (pinned in
    pyproject): the same variables, address and timeout; the request's
    variables end up in the environment as Voilà puts them there (``_arrive``).
    Runs in its own thread with its own event loop, so the kernel's stays free.
    """
    protocol = os.getenv("VOILA_WS_PROTOCOL", "ws")
    server_ip = os.getenv("VOILA_APP_IP", "127.0.0.1")
    server_port = os.getenv("VOILA_APP_PORT", "8866")
    server_url = os.getenv("VOILA_SERVER_URL", "/")
    ws_base_url = os.getenv("VOILA_WS_BASE_URL", server_url)
    ws_url = f"{protocol}://{server_ip}:{server_port}{ws_base_url}voila/query/"
    ws_url += str(os.getenv("VOILA_KERNEL_ID"))
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(_request_info(ws_url))
    finally:
        loop.close()


async def _request_info(ws_url: str) -> str | None:
    """The visit's request, as Voilà's ``voila/query`` WebSocket sends it (JSON)."""
    import warnings

    import websockets
    from websockets.exceptions import ConnectionClosed

    try:
        async with websockets.connect(ws_url, open_timeout=5) as websocket:
            return await websocket.recv()
    except (TimeoutError, ConnectionRefusedError):
        warnings.warn(f"Failed to connect to {ws_url}", stacklevel=1)
        return None
    except ConnectionClosed:
        # The server stopped before anyone visited (a pool kernel being shut down):
        # nobody to fill the page for, and nothing for the trainer's log.
        return None


def autograding() -> bool:
    """True inside a kernel nbgrader started to grade a hand-in."""
    return os.environ.get(AUTOGRADING_ENV) == "1"


@dataclass(frozen=True)
class Trainee:
    """A trainee as people know them (``name``) and as folders and nbgrader do (``id``)."""

    name: str
    id: str

    @classmethod
    def named(cls, name: str) -> Trainee:
        return cls(name, trainee_id(name))

    @classmethod
    def from_id(cls, folder: str) -> Trainee:
        return cls(trainee_name(check_trainee_id(folder)), folder)


def current_trainee() -> Trainee:
    """The trainee this kernel works for; waits for the visit on a preheated kernel.

    Autograding: the hand-in's student id. Otherwise the workshop's setting
    (``CLASSBRIDGE_TRAINEE``), else the JupyterHub user, else the login name.
    """
    if not autograding():
        await_visitor()
    return page_trainee()


def page_trainee() -> Trainee:
    """The trainee this page is for, without waiting for the visit.

    Who works on a page is the server's setting (``CLASSBRIDGE_TRAINEE``, the
    hub user, the login), which a visit does not change; what they saved may
    change until they arrive, so read their work in ``when_visited``.
    """
    if autograding():
        return Trainee.from_id(Path.cwd().parent.name)
    name = os.environ.get(TRAINEE_ENV) or os.environ.get(HUB_USER_ENV) or getpass.getuser()
    return Trainee.named(name)
