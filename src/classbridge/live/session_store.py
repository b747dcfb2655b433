"""Sessions on disk: one folder per session under the rooms folder, every save atomic.

``<rooms_dir>/<session id>/session.json`` holds the session and
``notes.json`` the observer's notes (``notes``); recordings keep their state
beside them (``recording_upload``). Everything goes through
``classbridge.core.storage.RecordStore``: versioned, locked, written to a
temporary file and renamed, so a crash or a full disk never leaves half a file.

The store also turns a session into its join links: it alone holds the
seat-signing secret (``seat_token``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from classbridge.core.language import _
from classbridge.core.storage import RecordStore, StaleSave
from classbridge.core.workspace import trainee_dir
from classbridge.live.practice_session import (
    PracticeSession,
    Seat,
    SessionError,
    check_session_id,
)
from classbridge.live.seat_token import SeatPass, load_secret, sign, verify
from classbridge.widgets.clip_files import CLIP_FOLDER

#: Where the rooms service keeps trainees' folders (recordings) when none was given.
SERVICE_WORKSPACE = "workspace"
ROUTE = "classbridge/rooms/"


class UnknownSession(SessionError):
    """No session with this id in this rooms folder (wrong server, or deleted)."""

    close_code = 4004
    http_status = 404


class UnknownSeat(SessionError):
    """A seat the session does not have: its seats are all taken."""

    close_code = 4003
    http_status = 404


@dataclass(frozen=True)
class SeatLink:
    """A seat and the link that joins it."""

    seat: Seat
    url: str


def rooms_url(base_url: str) -> str:
    """``{base_url}classbridge/rooms/``, the prefix of every live-room route."""
    return base_url.rstrip("/") + "/" + ROUTE


class SessionStore:
    """The sessions of one rooms folder."""

    def __init__(self, rooms_dir: Path) -> None:
        self.rooms_dir = Path(rooms_dir)
        self.records = RecordStore(self.rooms_dir)
        self._secret: bytes | None = None

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            self._secret = load_secret(self.rooms_dir)
        return self._secret

    def folder(self, session_id: str) -> Path:
        return self.rooms_dir / check_session_id(session_id)

    def create(self, session: PracticeSession) -> PracticeSession:
        self.records.save(f"{session.id}/session", session.to_dict(), 0)
        return session

    def load(self, session_id: str) -> PracticeSession:
        record = self.records.load(f"{check_session_id(session_id)}/session")
        if not record.data:
            raise UnknownSession(
                _(
                    "there is no practice session {session_id} on this server (it was deleted, "
                    "or the link is for another server): ask for a new link"
                ).format(session_id=session_id)
            )
        return PracticeSession.from_dict(record.data)

    def sessions(self) -> list[PracticeSession]:
        """Every readable session, newest first; a damaged one is skipped, not fatal."""
        found = []
        for key in self.records.keys(prefix=""):
            if key.endswith("/session"):
                try:
                    found.append(self.load(key.split("/")[0]))
                except SessionError:
                    continue
        return sorted(found, key=lambda s: (s.created, s.id), reverse=True)

    def mark_started(self, session_id: str, now: datetime | None = None) -> PracticeSession:
        """Start the session clock when the first seat joins; later joins keep it."""
        key = f"{check_session_id(session_id)}/session"
        for _attempt in range(5):
            record = self.records.load(key)
            session = PracticeSession.from_dict(record.data) if record.data else None
            if session is None:
                return self.load(session_id)
            if session.started_at:
                return session
            when = (now or datetime.now(timezone.utc)).isoformat(timespec="milliseconds")
            started = session.started(when)
            try:
                self.records.save(key, started.to_dict(), record.version)
            except StaleSave:
                continue  # another process started it meanwhile: read theirs
            return started
        return self.load(session_id)

    # -- seats and links ------------------------------------------------------------------

    def token(self, session: PracticeSession, seat: Seat) -> str:
        return sign(self.secret, session.id, seat.id, session.expires)

    def links(self, session: PracticeSession, base_url: str) -> list[SeatLink]:
        """One join link per seat, in seat order."""
        prefix = rooms_url(base_url)
        return [
            SeatLink(
                seat,
                f"{prefix}{session.id}/join?seat={quote(self.token(session, seat), safe='')}",
            )
            for seat in session.seats
        ]

    def admit(self, session_id: str, token: str) -> tuple[PracticeSession, Seat]:
        """The session and seat a token opens, or the error to show (its ``close_code``)."""
        granted: SeatPass = verify(self.secret, token)
        if granted.session != session_id:
            raise UnknownSeat(
                _(
                    "this join link is for another session: open the link you were given "
                    "as it is, without changing it"
                )
            )
        session = self.load(session_id)
        seat = session.seat(granted.seat)
        if seat is None:
            raise UnknownSeat(
                _(
                    "this session is full: its {count} seats are {seats}; "
                    "ask for the link of one of them"
                ).format(count=len(session.seats), seats=", ".join(s.label for s in session.seats))
            )
        return session, seat

    def teacher_folder(self, session: PracticeSession) -> Path:
        """The teaching trainee's folder, where the session's recording is saved."""
        if session.teacher_folder:
            return Path(session.teacher_folder)
        return trainee_dir(session.teacher_id, self.rooms_dir / SERVICE_WORKSPACE)

    def clips_folder(self, session: PracticeSession) -> Path:
        return self.teacher_folder(session) / CLIP_FOLDER
