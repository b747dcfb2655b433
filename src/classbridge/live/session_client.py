"""Creating a session from a trainee's kernel, and collecting it for the hand-in.

Where the session lives depends on where the trainee works:

* ``classbridge serve``, Binder, one Jupyter server: the kernel and the server
  share a machine and a rooms folder (``CLASSBRIDGE_ROOMS_DIR``, which the
  server puts in its kernels' environment), so the kernel writes the session
  itself, and the recording goes to the trainee's own folder, beside the
  notebook: it is handed in with the module.
* the workshop hub: trainees on separate user servers meet in the hub's rooms
  service (``CLASSBRIDGE_ROOMS_URL``). The kernel asks the service over HTTP
  with its server's hub token; the service makes the trainee the teacher.

Either way the kernel keeps a ``PracticeRecord`` (the session and its links)
and, for the hand-in, a ``HandInRecord`` (notes, rubric marks, recordings);
``read_hand_in`` is the one reader of the latter.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TypedDict

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _, current_language
from classbridge.core.visit import Trainee
from classbridge.live.notes import NotesBook, read_notes
from classbridge.live.practice_session import DEFAULT_SEATS, new_session
from classbridge.live.recording_upload import Recordings
from classbridge.live.session_store import SessionStore
from classbridge.live.settings import LiveRoomSettings, LiveRoomVariable

#: The hub gives every user server its API token in this variable.
HUB_TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
_TIMEOUT = 15


class RoomsUnavailable(ClassBridgeError):
    """The rooms service could not be reached or refused; the message says what to do."""


class SeatLinkRecord(TypedDict):
    seat: str
    role: str
    label: str
    url: str


class PracticeRecord(TypedDict):
    """A session a trainee created to teach in, as their workspace keeps it."""

    session: str
    title: str
    created: str
    expires: int
    links: list[SeatLinkRecord]
    service: str | None


class HandInRecord(TypedDict):
    """What module 05 hands in of a session: the observer's notes and marks, the recording."""

    session: str
    title: str
    collected: str
    notes: list[dict]
    rubric: dict[str, int]
    recordings: list[dict]


def base_path(environ: Mapping[str, str] | None = None) -> str:
    """The server's base path as the trainee's browser sees it: Voilà's, else the hub's."""
    env = os.environ if environ is None else environ
    return env.get("VOILA_BASE_URL") or env.get("JUPYTERHUB_SERVICE_PREFIX") or "/"


def _seat_links(links: list) -> list[SeatLinkRecord]:
    return [
        {
            "seat": link["seat"]["id"],
            "role": link["seat"]["role"],
            "label": link["seat"]["label"],
            "url": link["url"],
        }
        for link in links
    ]


def create_practice_session(
    teacher: Trainee,
    teacher_folder: Path,
    seats: str = DEFAULT_SEATS,
    title: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> PracticeRecord:
    """A new session taught by ``teacher``, here or on the hub's rooms service."""
    env = os.environ if environ is None else environ
    service = env.get(LiveRoomVariable.ROOMS_URL.value)
    if service:
        reply = _ask_service(
            service,
            "sessions",
            env,
            {"title": title, "seats": seats, "base_url": urllib.parse.urlsplit(service).path},
        )
        session = reply["session"]
        return {
            "session": session["id"],
            "title": session["title"],
            "created": session["created"],
            "expires": session["expires"],
            "links": _seat_links(reply["links"]),
            "service": service,
        }
    store = SessionStore(LiveRoomSettings.from_env(env).rooms_dir)
    session = store.create(
        new_session(
            teacher.name, seats, title=title, teacher_folder=str(Path(teacher_folder).absolute())
        )
    )
    links = [
        {"seat": link.seat.to_dict(), "url": link.url}
        for link in store.links(session, base_path(env))
    ]
    return {
        "session": session.id,
        "title": session.title,
        "created": session.created,
        "expires": session.expires,
        "links": _seat_links(links),
        "service": None,
    }


def collect_hand_in(practice: Mapping, environ: Mapping[str, str] | None = None) -> HandInRecord:
    """The session's notes, rubric marks and recordings as they are now, for the hand-in."""
    env = os.environ if environ is None else environ
    session_id = str(practice.get("session", ""))
    if practice.get("service"):
        teacher = next((link for link in practice["links"] if link["role"] == "teacher"), None)
        if teacher is None:
            raise RoomsUnavailable(_("the saved session has no teacher link: create a new session"))
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(teacher["url"]).query)["seat"][0]
        found = _ask_service(
            practice["service"], f"{session_id}/notes?seat={urllib.parse.quote(token)}", env
        )
    else:
        store = SessionStore(LiveRoomSettings.from_env(env).rooms_dir)
        session = store.load(session_id)
        found = {
            **NotesBook(store.records).read(session.id),
            "recordings": Recordings(store, 0).references(session),
        }
    notes = read_notes(found)
    return {
        "session": session_id,
        "title": str(practice.get("title", "")),
        "collected": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "notes": [dict(note) for note in notes["notes"]],
        "rubric": notes["rubric"],
        "recordings": [
            {k: v for k, v in r.items() if k != "url"}
            for r in found.get("recordings", [])
            if isinstance(r, Mapping)
        ],
    }


def read_hand_in(data: Mapping) -> HandInRecord | None:
    """A saved hand-in as the grader shows it; ``None`` if none was collected."""
    if not data.get("session"):
        return None
    notes = read_notes(data)
    recordings = data.get("recordings", [])
    saved = data.get("rubric")
    rubric = {
        str(criterion): mark
        for criterion, mark in (saved.items() if isinstance(saved, Mapping) else ())
        if isinstance(mark, int) and not isinstance(mark, bool)
    }
    return {
        "session": str(data["session"]),
        "title": str(data.get("title", "")),
        "collected": str(data.get("collected", "")),
        "notes": [dict(n) for n in notes["notes"]],
        "rubric": rubric or notes["rubric"],
        "recordings": [dict(r) for r in recordings if isinstance(r, Mapping)],
    }


def _ask_service(service: str, route: str, env: Mapping[str, str], body: dict | None = None):
    """One request to the rooms service, with this user server's hub token."""
    url = service.rstrip("/") + "/classbridge/rooms/" + route
    # The service answers (its refusals, the seats' labels) in the trainee's language.
    headers = {"Content-Type": "application/json", "Accept-Language": current_language()}
    if env.get(HUB_TOKEN_ENV):
        headers["Authorization"] = f"token {env[HUB_TOKEN_ENV]}"
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as err:
        try:
            reason = json.loads(err.read()).get("message", "")
        except ValueError:
            reason = ""
        refusal = f"{err.code}: {reason}" if reason else str(err.code)
        raise RoomsUnavailable(
            _(
                "the practice rooms service refused ({refusal}); "
                "ask your trainer to check the hub's classbridge-rooms service"
            ).format(refusal=refusal)
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise RoomsUnavailable(
            _(
                "the practice rooms service at {service} did not answer ({error}): try again "
                "in a minute, or ask your trainer to check the hub's classbridge-rooms service"
            ).format(service=service, error=err)
        ) from None
