"""A real live-room server for the fast tests, and clients that speak to it as browsers do.

``rooms_server`` runs ``classbridge rooms serve`` (a jupyter_server ServerApp
holding only the live room, the handlers every server mounts) on a free
loopback port with a Jupyter token and a TURN secret. Tests create sessions
in its rooms folder directly, as module 05's widget and ``classbridge rooms
new`` do, and talk to it over real HTTP and real WebSockets (tornado's
``websocket_connect``), authenticated by the token header, by the login cookie
a browser holds, or not at all.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from classbridge.live.practice_session import PracticeSession, new_session
from classbridge.live.session_store import SessionStore
from classbridge.serve import free_port
from tests.support.servers import stop_process, wait_for_http

TOKEN = "live-room-test-token"
TURN_SECRET = "coturn-static-auth-secret"
TURN_URL = "turn:127.0.0.1:3478?transport=udp"
FOREIGN_ORIGIN = "http://evil.example"


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Browser:
    """An HTTP client with a cookie jar, as a browser tab holds the login and _xsrf cookies."""

    server: RoomsServer
    jar: CookieJar = field(default_factory=CookieJar)

    def request(
        self,
        path: str,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict | None = None,
        token: bool = False,
    ) -> Reply:
        url = path if path.startswith("http") else self.server.url + path.lstrip("/")
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"token {TOKEN}"
        request = urllib.request.Request(url, data=body, method=method, headers=sent)
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        try:
            with opener.open(request, timeout=10) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as err:
            return Reply(err.code, dict(err.headers), err.read())

    def log_in(self) -> None:
        """As a browser does with the link that carries the Jupyter token."""
        reply = self.request(f"api?token={TOKEN}")
        assert reply.status == 200, reply.text

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def post_json(self, path: str, data: object, xsrf: bool = True) -> Reply:
        headers = {"Content-Type": "application/json"}
        if xsrf:
            headers["X-XSRFToken"] = self.cookie("_xsrf") or ""
        return self.request(path, "POST", json.dumps(data).encode(), headers)


@dataclass
class RoomsServer:
    url: str
    rooms_dir: Path
    workspace: Path
    log_path: Path

    @property
    def store(self) -> SessionStore:
        return SessionStore(self.rooms_dir)

    def session(self, seats: str = "teacher,coteacher:A,learners:A,observer", **kwargs):
        """A new session (taught by amy, recording into the test workspace) and its tokens."""
        session = new_session("amy", seats, teacher_folder=str(self.workspace / "amy"), **kwargs)
        self.store.create(session)
        return session, {seat.id: self.store.token(session, seat) for seat in session.seats}

    def path(self, session: PracticeSession, route: str, token: str) -> str:
        return f"classbridge/rooms/{session.id}/{route}?seat={urllib.parse.quote(token)}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def run_async(coroutine):
    """``asyncio.run`` in a thread of its own.

    The browser tests' Playwright (sync API) keeps an event loop running in the
    test thread for the rest of the session, where ``asyncio.run`` is refused.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def rooms_server(tmp_path_factory) -> Iterator[RoomsServer]:
    folder = tmp_path_factory.mktemp("rooms-server")
    port = free_port()
    log_path = folder / "server.log"
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "JUPYTER_TOKEN": TOKEN,
        "CLASSBRIDGE_ROOMS_DIR": str(folder / "rooms"),
        "CLASSBRIDGE_WORKSPACE": str(folder / "workspace"),
        "CLASSBRIDGE_TURN_URLS": TURN_URL,
        "CLASSBRIDGE_TURN_SECRET": TURN_SECRET,
    }
    for hub_variable in [name for name in env if name.startswith("JUPYTERHUB_")]:
        del env[hub_variable]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "classbridge", "rooms", "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(f"{url}api", process, log_path, timeout=60)
        yield RoomsServer(url, folder / "rooms", folder / "workspace", log_path)
    finally:
        stop_process(process)


@pytest.fixture
def browser(rooms_server) -> Browser:
    return Browser(rooms_server)


# -- WebSocket clients ---------------------------------------------------------------------


async def open_socket(
    server: RoomsServer,
    session: PracticeSession,
    token: str,
    *,
    auth: str | None = "token",
    cookies: str = "",
    origin: str | None = None,
) -> WebSocketClientConnection:
    """A signalling socket for ``token``'s seat; ``auth``: "token", "cookie" or None."""
    url = server.url.replace("http", "ws", 1) + server.path(session, "signal", token)
    headers = {}
    if auth == "token":
        headers["Authorization"] = f"token {TOKEN}"
    elif auth == "cookie":
        headers["Cookie"] = cookies
    if origin:
        headers["Origin"] = origin
    return await websocket_connect(HTTPRequest(url, headers=headers, connect_timeout=10))


async def receive(socket: WebSocketClientConnection, timeout: float = 5.0) -> dict:
    """The next message, or ``{"closed": code}`` once the server closed the socket."""
    text = await asyncio.wait_for(socket.read_message(), timeout)
    if text is None:
        return {"closed": socket.close_code, "reason": socket.close_reason}
    return json.loads(text)


async def receive_type(socket: WebSocketClientConnection, kind: str, timeout: float = 5.0) -> dict:
    """The next message of type ``kind``, skipping others (presence news, say)."""
    while True:
        message = await receive(socket, timeout)
        if message.get("type") == kind or "closed" in message:
            return message


async def nothing_arrives(socket: WebSocketClientConnection, wait: float = 0.3) -> bool:
    try:
        await asyncio.wait_for(socket.read_message(), wait)
    except asyncio.TimeoutError:
        return True
    return False


def send(socket: WebSocketClientConnection, message: dict) -> None:
    socket.write_message(json.dumps(message))


@pytest.fixture(scope="session")
def plain_jupyter_server(tmp_path_factory) -> Iterator[RoomsServer]:
    """``jupyter server`` as Binder and hub user servers run it, with our server extension."""
    from tests.support.servers import loopback_server_args

    folder = tmp_path_factory.mktemp("plain-jupyter")
    port = free_port()
    log_path = folder / "server.log"
    env = {**os.environ, "CLASSBRIDGE_ROOMS_DIR": str(folder / "rooms")}
    for hub_variable in [name for name in env if name.startswith("JUPYTERHUB_")]:
        del env[hub_variable]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter_server",
                *loopback_server_args(port, TOKEN),
                "--ServerApp.jpserver_extensions=classbridge.live.server_extension=True",
                f"--ServerApp.root_dir={folder}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(f"{url}api", process, log_path, timeout=90)
        yield RoomsServer(url, folder / "rooms", folder / "workspace", log_path)
    finally:
        stop_process(process)
