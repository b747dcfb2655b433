"""Who is working, and the moment their page connects to a preheated kernel.

Voilà runs a module notebook before anyone visits (preheated kernels). Whose
work to load is only known when the visit arrives, so ``current_trainee`` waits
for it first; Voilà's ``wait_for_request`` may be called once per kernel, and
the guard here lets every widget ask safely.

While nbgrader autograds a hand-in, the trainee is the one who handed it in,
not whoever runs the grader: nbgrader runs each hand-in in
``autograded/<student id>/<module>/``, so the folder names the trainee.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from classbridge.core.workspace import TRAINEE_ENV, check_trainee_id, trainee_id, trainee_name

#: Set inside every kernel nbgrader starts (our nbgrader_config.py), and only there.
AUTOGRADING_ENV = "CLASSBRIDGE_AUTOGRADING"
HUB_USER_ENV = "JUPYTERHUB_USER"

_arrived = False


def await_visitor() -> None:
    """Return once the visitor's request has reached this kernel (at once if not preheated)."""
    global _arrived
    if not _arrived:
        _wait_for_request()
        _arrived = True


def _wait_for_request() -> None:
    """Wait for the visit as ``voila.utils.wait_for_request()`` does, without importing Voilà.

    Written here because ``import voila.utils`` imports Voilà's server
    (jupyter_server, nbconvert, jsonschema): 1.7 s of CPU in plain Python and up
    to 5.8 s in a kernel, paid by every preheated kernel for one WebSocket
    message. It speaks Voilà 0.5's ``voila/query`` protocol (pinned in
    pyproject): the same variables, address and timeout, and the request's
    variables end up in the environment as Voilà puts them there.
    """
    if os.getenv("VOILA_PREHEAT", "False") == "False":
        return
    import asyncio
    import json
    import threading

    protocol = os.getenv("VOILA_WS_PROTOCOL", "ws")
    server_ip = os.getenv("VOILA_APP_IP", "127.0.0.1")
    server_port = os.getenv("VOILA_APP_PORT", "8866")
    server_url = os.getenv("VOILA_SERVER_URL", "/")
    ws_base_url = os.getenv("VOILA_WS_BASE_URL", server_url)
    ws_url = f"{protocol}://{server_ip}:{server_port}{ws_base_url}voila/query/"
    ws_url += str(os.getenv("VOILA_KERNEL_ID"))
    request_info = None

    def inner() -> None:
        nonlocal request_info
        loop = asyncio.new_event_loop()
        request_info = loop.run_until_complete(_request_info(ws_url))

    thread = threading.Thread(target=inner)
    try:
        thread.start()
        thread.join()
    except (KeyboardInterrupt, SystemExit):
        asyncio.get_event_loop().stop()  # as Voilà does
    if request_info is not None:
        for name, value in json.loads(request_info).items():
            os.environ[name] = value


async def _request_info(ws_url: str) -> str | None:
    """The visit's request, as Voilà's ``voila/query`` WebSocket sends it (JSON)."""
    import warnings

    import websockets

    try:
        async with websockets.connect(ws_url, open_timeout=5) as websocket:
            return await websocket.recv()
    except (TimeoutError, ConnectionRefusedError):
        warnings.warn(f"Failed to connect to {ws_url}", stacklevel=1)
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
    if autograding():
        return Trainee.from_id(Path.cwd().parent.name)
    await_visitor()
    name = os.environ.get(TRAINEE_ENV) or os.environ.get(HUB_USER_ENV) or getpass.getuser()
    return Trainee.named(name)
