"""The live room's routes, for any Jupyter server: ``live_room_handlers(base_url, settings)``.

Every handler is a jupyter_server ``JupyterHandler`` (the WebSocket one with
``WebSocketMixin``), so the server's own authentication applies before ours:
its token or login cookie (or the hub's OAuth), the Origin check on the
WebSocket and the XSRF check on every POST (the room page sets the ``_xsrf``
cookie; the page sends ``X-XSRFToken``). Then the seat token decides which
seat, and so which role, the request speaks for.

Each request is answered in its reader's language (``request_language``: the
page's ``?lang=``, the language switch's cookie, the browser's): the room
page's words, and every refusal the page shows.

All routes are under ``{base_url}classbridge/rooms/``; docs/live-room.md lists
them. ``classbridge serve`` puts them before Voilà's own (whose last route
catches every path); a plain Jupyter server adds them through
``server_extension``; the hub's rooms service through ``rooms_service``.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field

from jupyter_server.auth.decorator import ws_authenticated
from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.base.websocket import WebSocketMixin
from tornado import web
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _
from classbridge.core.workspace import InvalidName
from classbridge.live.notes import NotesBook
from classbridge.live.practice_session import (
    DEFAULT_HOURS,
    DEFAULT_SEATS,
    PracticeSession,
    Seat,
    SessionError,
    new_session,
)
from classbridge.live.recording_upload import RecordingError, RecordingReference, Recordings
from classbridge.live.request_language import request_language, speaking
from classbridge.live.room_page import (
    CONTENT_SECURITY_POLICY,
    STATIC_ROUTE,
    live_share_path,
    refusal_page,
    render_room,
)
from classbridge.live.seat_token import SeatTokenError
from classbridge.live.session_store import ROUTE, SessionStore, rooms_url
from classbridge.live.settings import LiveRoomSettings
from classbridge.live.signalling import SignalRelay
from classbridge.live.turn_credentials import turn_server

_SESSION = r"(?P<session_id>[A-Za-z0-9]{12})"
_RECORDING = r"(?P<rec_id>[A-Za-z0-9][A-Za-z0-9._-]{0,63})"


@dataclass
class LiveRoom:
    """What every handler of one server shares: settings, sessions, the relay, notes, uploads."""

    settings: LiveRoomSettings
    store: SessionStore = field(init=False)
    relay: SignalRelay = field(init=False)
    notes: NotesBook = field(init=False)
    recordings: Recordings = field(init=False)

    def __post_init__(self) -> None:
        self.store = SessionStore(self.settings.rooms_dir)
        self.relay = SignalRelay(self.ice_servers, self.settings.max_message_bytes)
        self.notes = NotesBook(self.store.records)
        self.recordings = Recordings(self.store, self.settings.max_recording_bytes)

    def ice_servers(self, session: PracticeSession, seat: Seat) -> list[dict]:
        """The settings' servers, plus the school's TURN server with fresh credentials."""
        servers = [dict(server) for server in self.settings.ice_servers]
        if self.settings.turn_secret:
            servers.append(
                turn_server(
                    self.settings.turn_urls,
                    self.settings.turn_secret,
                    seat.id,
                    self.settings.turn_seconds,
                )
            )
        return servers


def _refused(err: ClassBridgeError) -> tuple[int, int]:
    """(HTTP status, WebSocket close code) for a refused seat token or session."""
    return getattr(err, "http_status", 403), getattr(err, "close_code", 4001)


class _RoomHandler(JupyterHandler):
    """Shared by the HTTP routes: the live room, and the seat a request's token opens."""

    def initialize(self, live: LiveRoom) -> None:
        self.live = live

    @property
    def language(self) -> str:
        """The language this request is answered in."""
        return request_language(self.request)

    def admit(self, session_id: str) -> tuple[PracticeSession, Seat]:
        """The session and seat of ``?seat=``; raises ``SeatTokenError``/``SessionError``."""
        return self.live.store.admit(session_id, self.get_query_argument("seat", ""))


class _RoomAPIHandler(_RoomHandler, APIHandler):
    """JSON routes: a refusal is ``{"message": ...}`` with its status, never a page."""

    def reply(self, status: int, body: dict) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(body, ensure_ascii=False))

    def refuse(self, status: int, message: str, **extra) -> None:
        self.reply(status, {"message": message, **extra})

    def admit_role(self, session_id: str, *roles: str) -> tuple[PracticeSession, Seat] | None:
        """The seat if its token is good and its role is one of ``roles``; else refused."""
        try:
            session, seat = self.admit(session_id)
        except (SeatTokenError, SessionError) as err:
            self.refuse(_refused(err)[0], str(err))
            return None
        if roles and seat.role not in roles:
            self.refuse(
                403,
                _("the {seat} seat cannot do this (only: {roles})").format(
                    seat=seat.label, roles=", ".join(roles)
                ),
            )
            return None
        return session, seat

    def with_url(self, session: PracticeSession, reference: RecordingReference) -> dict:
        """A recording's reference with the path that plays it back (the page adds ?seat=)."""
        url = f"{rooms_url(self.base_url)}{session.id}/recording/{reference['id']}"
        return {**reference, "url": url}

    def json_body(self) -> object:
        try:
            return json.loads(self.request.body or b"null")
        except ValueError:
            return None


class RoomPageHandler(_RoomHandler):
    """``GET <session>/join?seat=T``: the room page, or a page saying why the link fails."""

    @property
    def content_security_policy(self) -> str:
        return CONTENT_SECURITY_POLICY

    @web.authenticated
    def get(self, session_id: str) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Language", self.language)
        with speaking(self.language) as language:
            try:
                session, seat = self.admit(session_id)
            except (SeatTokenError, SessionError) as err:
                self.set_status(_refused(err)[0])
                self.finish(refusal_page(self.base_url, str(err), language, self.request.uri))
                return
            self.xsrf_token  # noqa: B018 - sets the _xsrf cookie the page's POSTs send back
            token = self.get_query_argument("seat")
            self.finish(
                render_room(self.base_url, session, seat, token, language, self.request.uri)
            )


class RoomStaticHandler(JupyterHandler, web.StaticFileHandler):
    """``GET static/<file>``: room.js and room.css from the package, cacheable by version."""

    @web.authenticated
    def get(self, path: str, include_body: bool = True):
        return web.StaticFileHandler.get(self, path, include_body)

    @web.authenticated
    def head(self, path: str):
        return web.StaticFileHandler.head(self, path)


class SignalHandler(WebSocketMixin, WebSocketHandler, JupyterHandler):
    """``WS <session>/signal?seat=T``: one tab in one seat, fed to the ``SignalRelay``.

    Logged in but with a bad seat token, the socket opens only to say why:
    ``{"type": "error", "message": ...}`` then close 4001 (not a token of this
    server), 4002 (expired), 4003 (no such seat: the session is full) or 4004
    (no such session). The page shows the message and does not retry.
    """

    def initialize(self, live: LiveRoom) -> None:
        self.live = live
        self.session: PracticeSession | None = None
        self.seat: Seat | None = None
        self.language = "en"

    def set_default_headers(self) -> None:
        """No page headers on an upgrade (as jupyter_server's kernel socket)."""

    @ws_authenticated
    async def get(self, session_id: str) -> None:
        await super().get(session_id)

    def open(self, session_id: str) -> None:
        super().open()
        # The socket's whole life speaks the language of the page that opened it.
        self.language = request_language(self.request)
        with speaking(self.language):
            try:
                token = self.get_query_argument("seat", "")
                session, seat = self.live.store.admit(session_id, token)
                session = self.live.store.mark_started(session.id)
            except (SeatTokenError, SessionError) as err:
                self.send({"type": "error", "message": str(err)})
                self.close(_refused(err)[1], type(err).__name__)
                return
            except ClassBridgeError as err:  # a damaged session file, a full disk
                self.send({"type": "error", "message": str(err)})
                self.close(1011, "server error")
                return
            self.session, self.seat = session, seat
            self.live.relay.join(session, seat, self)

    def on_message(self, message: str | bytes) -> None:
        if self.session is not None and self.seat is not None:
            with speaking(self.language):
                self.live.relay.receive(self.session.id, self.seat, self, message)

    def on_close(self) -> None:
        if self.session is not None and self.seat is not None:
            self.live.relay.leave(self.session.id, self.seat.id, self)

    def send(self, message: dict) -> None:
        """A message to this tab; one that has just gone is skipped."""
        with contextlib.suppress(WebSocketClosedError):
            self.write_message(json.dumps(message, ensure_ascii=False))


class NotesHandler(_RoomAPIHandler):
    """``GET <session>/notes``: notes, marks, recordings; ``POST``: one note of the observer."""

    @web.authenticated
    def get(self, session_id: str) -> None:
        with speaking(self.language):
            self._get(session_id)

    def _get(self, session_id: str) -> None:
        admitted = self.admit_role(session_id)
        if admitted is None:
            return
        session, _seat = admitted
        try:
            notes = self.live.notes.read(session.id)
            recordings = self.live.recordings.references(session)
        except ClassBridgeError as err:
            self.refuse(500, str(err))
            return
        shown = [self.with_url(session, reference) for reference in recordings]
        self.reply(200, {**notes, "recordings": shown})

    @web.authenticated
    def post(self, session_id: str) -> None:
        with speaking(self.language):
            self._post(session_id)

    def _post(self, session_id: str) -> None:
        admitted = self.admit_role(session_id, "observer")
        if admitted is None:
            return
        session, seat = admitted
        try:
            note = self.live.notes.add(session.id, self.json_body(), by=seat.id)
        except ValueError as err:
            self.refuse(400, str(err))
            return
        except ClassBridgeError as err:
            self.refuse(500, str(err))
            return
        self.reply(201, dict(note))


class RecordingChunkHandler(_RoomAPIHandler):
    """``POST <session>/recording/<rec-id>/<n>``: the teacher's n-th chunk, in order."""

    @web.authenticated
    def post(self, session_id: str, rec_id: str, number: str) -> None:
        with speaking(self.language):
            self._post(session_id, rec_id, number)

    def _post(self, session_id: str, rec_id: str, number: str) -> None:
        admitted = self.admit_role(session_id, "teacher")
        if admitted is None:
            return
        session, _seat = admitted
        try:
            state = self.live.recordings.append(
                session,
                rec_id,
                int(number),
                self.request.body,
                self.request.headers.get("Content-Type", ""),
            )
        except RecordingError as err:
            extra = {} if err.expected is None else {"expected": err.expected}
            self.refuse(err.status, str(err), **extra)
            return
        except OSError as err:
            self.refuse(
                507,
                _("the chunk could not be saved ({problem}): free disk space").format(
                    problem=err.strerror
                ),
            )
            return
        self.reply(200, {"next": state["chunks"], "bytes": state["bytes"]})


class RecordingFinishHandler(_RoomAPIHandler):
    """``POST <session>/recording/<rec-id>/finish``: the recording is complete."""

    @web.authenticated
    def post(self, session_id: str, rec_id: str) -> None:
        with speaking(self.language):
            self._post(session_id, rec_id)

    def _post(self, session_id: str, rec_id: str) -> None:
        admitted = self.admit_role(session_id, "teacher")
        if admitted is None:
            return
        body = self.json_body()
        started_ms = body.get("started_ms") if isinstance(body, dict) else None
        try:
            reference = self.live.recordings.finish(admitted[0], rec_id, started_ms)
        except RecordingError as err:
            self.refuse(err.status, str(err))
            return
        self.reply(200, self.with_url(admitted[0], reference))


class RecordingFileHandler(_RoomHandler, web.StaticFileHandler):
    """``GET <session>/recording/<rec-id>``: the recording, with Range, for any seat."""

    def initialize(self, live: LiveRoom) -> None:  # type: ignore[override]
        _RoomHandler.initialize(self, live)
        web.StaticFileHandler.initialize(self, path=str(live.settings.rooms_dir))

    @web.authenticated
    async def get(self, session_id: str, rec_id: str, include_body: bool = True) -> None:
        # Only the refusal is in the reader's language, and it is made before any await.
        with speaking(self.language) as language:
            try:
                session, _seat = self.admit(session_id)
                path = self.live.recordings.path(session, rec_id)
            except (SeatTokenError, SessionError, RecordingError, InvalidName) as err:
                self.set_status(getattr(err, "status", None) or _refused(err)[0])
                self.finish(refusal_page(self.base_url, str(err), language))
                return
        self.root = str(path.parent)
        await web.StaticFileHandler.get(self, path.name, include_body)

    @web.authenticated
    async def head(self, session_id: str, rec_id: str) -> None:
        await self.get(session_id, rec_id, include_body=False)


class SessionsHandler(_RoomAPIHandler):
    """``POST sessions``: create a session taught by the logged-in user (the hub's service).

    Only mounted where the kernel cannot write the session itself (the hub's
    rooms service). The teacher is the hub user the request authenticated as,
    never a name in the body; the body may give ``title``, ``seats``,
    ``hours`` and ``base_url`` (the service's path as browsers reach it, or its
    full public address, for the links; default: this server's base path).
    """

    @web.authenticated
    def post(self) -> None:
        with speaking(self.language):
            self._post()

    def _post(self) -> None:
        body = self.json_body()
        body = body if isinstance(body, dict) else {}
        # A path is resolved by the trainee's browser against the hub's own address.
        base_url = body.get("base_url") or self.base_url
        if not isinstance(base_url, str) or not re.match(r"^(https?://[^\s/]+)?/\S*$", base_url):
            self.refuse(
                400, _("base_url must be the service's path or address, e.g. /services/rooms/")
            )
            return
        try:
            session = new_session(
                teacher=self.current_user.username,
                seats=str(body.get("seats") or DEFAULT_SEATS),
                title=body.get("title") if isinstance(body.get("title"), str) else None,
                hours=float(body.get("hours") or DEFAULT_HOURS),
            )
            self.live.store.create(session)
        except (ClassBridgeError, TypeError) as err:
            self.refuse(400, str(err))
            return
        links = [
            {"seat": link.seat.to_dict(), "url": link.url}
            for link in self.live.store.links(session, base_url)
        ]
        self.reply(201, {"session": session.to_dict(), "links": links})


def live_room_handlers(base_url: str, settings: LiveRoomSettings) -> list[tuple]:
    """Tornado URL specs for every live-room route under ``{base_url}classbridge/rooms/``."""
    live = LiveRoom(settings)
    prefix = "/" + (base_url.strip("/") + "/" if base_url.strip("/") else "") + ROUTE
    routes: list[tuple] = [
        (rf"{prefix}{STATIC_ROUTE}(.*)", RoomStaticHandler, {"path": str(live_share_path())}),
        (rf"{prefix}{_SESSION}/join", RoomPageHandler, {"live": live}),
        (rf"{prefix}{_SESSION}/signal", SignalHandler, {"live": live}),
        (rf"{prefix}{_SESSION}/notes", NotesHandler, {"live": live}),
        (
            rf"{prefix}{_SESSION}/recording/{_RECORDING}/finish",
            RecordingFinishHandler,
            {"live": live},
        ),
        (
            rf"{prefix}{_SESSION}/recording/{_RECORDING}/(?P<number>[0-9]{{1,7}})",
            RecordingChunkHandler,
            {"live": live},
        ),
        (rf"{prefix}{_SESSION}/recording/{_RECORDING}", RecordingFileHandler, {"live": live}),
    ]
    if settings.allow_create:
        routes.append((rf"{prefix}sessions", SessionsHandler, {"live": live}))
    return routes
