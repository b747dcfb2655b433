"""A practice session and its seats, and the seats spec trainers type.

A session is a rehearsal of one live lesson: one *remote teacher* (the trainee
who teaches; the recording goes to their folder), per remote room an *on-site
co-teacher* and/or the room's *learners*, and an *observer* (a trainer or a
peer) who takes notes. Its seats are fixed when it is created: 2 to 6, the
most a browser mesh carries (every browser sends its camera to every other).

The seats spec is what ``classbridge rooms new --seats`` takes, e.g.
``teacher,coteacher:A,learners:A,learners:B,observer``: roles separated by
commas, a room (one letter) after ``:`` for co-teachers and learners.
"""

from __future__ import annotations

import re
import secrets
import string
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import N_, _
from classbridge.core.workspace import trainee_id

ROLES = ("teacher", "coteacher", "learners", "observer")
#: Roles that belong to a remote room, and so need one.
ROOM_ROLES = ("coteacher", "learners")
MIN_SEATS = 2
MAX_SEATS = 6
DEFAULT_SEATS = "teacher,coteacher:A,learners:A,observer"
DEFAULT_TITLE = N_("Practice session")
DEFAULT_HOURS = 12.0
MAX_HOURS = 7 * 24
MAX_TITLE = 100
SESSION_ID_LENGTH = 12
_ID_ALPHABET = string.ascii_letters + string.digits
_SESSION_ID = re.compile(rf"^[A-Za-z0-9]{{{SESSION_ID_LENGTH}}}$")
_ROOM = re.compile(r"^[A-Z]$")
#: A seat's label, in the language of whoever is shown it (``Seat.make``).
_LABELS = {
    "teacher": N_("Remote teacher"),
    "coteacher": N_("Room {room} co-teacher"),
    "learners": N_("Room {room} learners"),
    "observer": N_("Observer"),
}


class SessionError(ClassBridgeError, ValueError):
    """A session or seats spec that cannot work; the message says what to type instead."""


def _spec_error(spec: str, problem: str) -> SessionError:
    return SessionError(
        _("seats {spec!r}: {problem}, e.g. --seats {example}").format(
            spec=spec, problem=problem, example=DEFAULT_SEATS
        )
    )


@dataclass(frozen=True)
class Seat:
    """One place in a session: its id (``coteacher-A``), role, remote room and shown label."""

    id: str
    role: str
    room: str | None
    label: str

    @classmethod
    def make(cls, role: str, room: str | None = None) -> Seat:
        seat_id = f"{role}-{room}" if room else role
        return cls(seat_id, role, room, _(_LABELS[role]).format(room=room))

    def to_dict(self) -> dict:
        return asdict(self)


def parse_seats(spec: str = DEFAULT_SEATS) -> tuple[Seat, ...]:
    """The seats a spec names, in its order; ``SessionError`` naming the fix otherwise."""
    entries = [entry.strip() for entry in (spec or "").split(",") if entry.strip()]
    seats: list[Seat] = []
    for entry in entries:
        role, _colon, room = (part.strip() for part in entry.partition(":"))
        role, room = role.lower(), room.upper()
        if role not in ROLES:
            raise _spec_error(
                spec,
                _("'{entry}' is not a role: use {roles}").format(
                    entry=entry, roles=", ".join(ROLES)
                ),
            )
        if role in ROOM_ROLES and not _ROOM.match(room):
            raise _spec_error(
                spec,
                _("'{entry}' needs its remote room, a letter: '{role}:A'").format(
                    entry=entry, role=role
                ),
            )
        if role not in ROOM_ROLES and room:
            raise _spec_error(
                spec,
                _("'{entry}': a {role} has no room, write '{role}'").format(entry=entry, role=role),
            )
        seat = Seat.make(role, room or None)
        if any(s.id == seat.id for s in seats):
            raise _spec_error(
                spec, _("'{entry}' is listed twice: list each seat once").format(entry=entry)
            )
        seats.append(seat)
    if sum(s.role == "teacher" for s in seats) != 1:
        raise _spec_error(spec, _("a session needs exactly one 'teacher' seat"))
    if sum(s.role == "observer" for s in seats) > 1:
        raise _spec_error(spec, _("one 'observer' seat at most (a peer can watch as a room)"))
    if not MIN_SEATS <= len(seats) <= MAX_SEATS:
        raise _spec_error(
            spec,
            _(
                "{count} seat(s) listed: a session has {least} to {most} "
                "(every browser sends its camera to every other)"
            ).format(count=len(seats), least=MIN_SEATS, most=MAX_SEATS),
        )
    return tuple(seats)


@dataclass(frozen=True)
class PracticeSession:
    """One rehearsal: who teaches, its seats, when its links expire.

    ``teacher_folder`` is the teaching trainee's workspace folder, where the
    recording goes (``<folder>/clips/session-<time>.webm``); ``None`` when the
    server chose it (the hub's rooms service keeps trainees' folders of its own).
    ``started_at`` is set when the first seat joins: the session clock the
    observer's notes are timed by.
    """

    id: str
    title: str
    created: str
    teacher: str
    expires: int
    seats: tuple[Seat, ...]
    teacher_folder: str | None = None
    started_at: str | None = None
    teacher_id: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "teacher_id", trainee_id(self.teacher))

    def seat(self, seat_id: str) -> Seat | None:
        return next((s for s in self.seats if s.id == seat_id), None)

    @property
    def rooms(self) -> tuple[str, ...]:
        """The remote rooms, in seat order."""
        return tuple(dict.fromkeys(s.room for s in self.seats if s.room))

    def expired(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) >= self.expires

    def started(self, when: str) -> PracticeSession:
        return replace(self, started_at=when)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["seats"] = [seat.to_dict() for seat in self.seats]
        return data

    @classmethod
    def from_dict(cls, data: Mapping) -> PracticeSession:
        """A session read back from its file; ``SessionError`` if it is not one."""
        try:
            seats = tuple(
                Seat.make(s["role"], s.get("room")) if s["role"] in ROLES else None
                for s in data["seats"]
            )
            if None in seats or not seats:
                raise ValueError("unknown role")
            return cls(
                id=str(data["id"]),
                title=str(data["title"]),
                created=str(data["created"]),
                teacher=str(data["teacher"]),
                expires=int(data["expires"]),
                seats=seats,
                teacher_folder=data.get("teacher_folder"),
                started_at=data.get("started_at"),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise SessionError(
                _("a saved session could not be read ({problem}): create the session again").format(
                    problem=f"{type(err).__name__}: {err}"
                )
            ) from None


def new_session_id() -> str:
    """12 random letters and digits: unguessable, and safe as a folder name and in a URL."""
    return "".join(secrets.choice(_ID_ALPHABET) for _unused in range(SESSION_ID_LENGTH))


def check_session_id(session_id: str) -> str:
    if not isinstance(session_id, str) or not _SESSION_ID.match(session_id):
        raise SessionError(
            _(
                "{session_id!r} is not a session id (12 letters and digits): "
                "copy it from 'classbridge rooms list'"
            ).format(session_id=str(session_id)[:40])
        )
    return session_id


def clean_title(title: str | None) -> str:
    """The title as shown: one line, at most 100 characters, never empty."""
    text = " ".join((title or "").split())
    text = "".join(c for c in text if c.isprintable())
    return text[:MAX_TITLE] or _(DEFAULT_TITLE)


def new_session(
    teacher: str,
    seats: Iterable[Seat] | str = DEFAULT_SEATS,
    title: str | None = None,
    hours: float = DEFAULT_HOURS,
    teacher_folder: str | None = None,
    now: float | None = None,
) -> PracticeSession:
    """A new session whose links expire after ``hours``."""
    if not 0 < hours <= MAX_HOURS:
        raise SessionError(
            _(
                "--hours {hours}: a session's links last more than 0 and at most {most} "
                "hours (a week), e.g. --hours 3"
            ).format(hours=f"{hours:g}", most=MAX_HOURS)
        )
    chosen = parse_seats(seats) if isinstance(seats, str) else tuple(seats)
    moment = time.time() if now is None else now
    return PracticeSession(
        id=new_session_id(),
        title=clean_title(title),
        created=datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="seconds"),
        teacher=teacher,
        expires=int(moment + hours * 3600),
        seats=chosen,
        teacher_folder=teacher_folder,
    )
