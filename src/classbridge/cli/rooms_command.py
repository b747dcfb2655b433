"""``classbridge rooms``: live practice sessions: create one and print its links, list, serve.

``new`` and ``links`` print one join link per seat, with the seat's role
beside it, for the trainer to hand out (a chat message, a slide, a printed
sheet). Sessions live in ``$CLASSBRIDGE_ROOMS_DIR`` (default
``<workspace>/practice-sessions``), the folder the server reads; ``serve``
runs the live room alone, as the workshop hub's service (docs/live-room.md).
"""

from __future__ import annotations

import argparse
import getpass
import os
from datetime import datetime, timezone

from classbridge.cli.command import Command, add_commands, run_chosen
from classbridge.cli.options import port_number
from classbridge.core.language import _
from classbridge.core.visit import HUB_USER_ENV
from classbridge.core.workspace import TRAINEE_ENV, trainee_dir, trainee_id

DEFAULT_BASE_URL = "http://127.0.0.1:8866/"


def _add_base_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        default=DEFAULT_BASE_URL,
        help="the address trainees open the server at, e.g. http://10.0.0.2:8866/ "
        f"(default {DEFAULT_BASE_URL}, 'classbridge serve' on this machine)",
    )


def _add_new_arguments(parser: argparse.ArgumentParser) -> None:
    from classbridge.live.practice_session import DEFAULT_HOURS, DEFAULT_SEATS

    parser.add_argument(
        "--seats",
        default=DEFAULT_SEATS,
        help="the seats, 2 to 6: teacher, coteacher:ROOM, learners:ROOM, observer "
        f"(default {DEFAULT_SEATS})",
    )
    parser.add_argument("--title", default=None, help="what is rehearsed, e.g. 'Fractions'")
    parser.add_argument(
        "--teacher",
        default=None,
        help="the trainee who teaches: the recording goes to their folder "
        "(default: $CLASSBRIDGE_TRAINEE, else your login)",
    )
    parser.add_argument(
        "--hours",
        type=float,
        default=DEFAULT_HOURS,
        help=f"how long the links work (default {DEFAULT_HOURS:g})",
    )
    _add_base_url(parser)


def _add_links_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", help="the session id ('classbridge rooms list' shows it)")
    _add_base_url(parser)


def _add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=port_number, default=8870, help="port (default 8870)")
    parser.add_argument(
        "--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )


def _print_links(session, base_url: str) -> None:
    from classbridge.live.session_store import SessionStore
    from classbridge.live.settings import LiveRoomSettings

    store = SessionStore(LiveRoomSettings.from_env().rooms_dir)
    expires = datetime.fromtimestamp(session.expires, timezone.utc).astimezone()
    print(
        _("Session {session}: {title} (taught by {teacher})").format(
            session=session.id, title=session.title, teacher=session.teacher
        )
    )
    print(
        _("Links work until {time}. Give each person the link of their seat:").format(
            time=f"{expires:%Y-%m-%d %H:%M %Z}"
        )
    )
    links = store.links(session, base_url)
    width = max(len(link.seat.label) for link in links)
    for link in links:
        print(f"  {link.seat.label:<{width}}  ({link.seat.role})  {link.url}")


def _new(args: argparse.Namespace, extra: list[str]) -> int:
    from classbridge.live.practice_session import new_session
    from classbridge.live.session_store import SessionStore
    from classbridge.live.settings import LiveRoomSettings

    teacher = args.teacher or os.environ.get(TRAINEE_ENV) or os.environ.get(HUB_USER_ENV)
    teacher = teacher or getpass.getuser()
    session = new_session(
        teacher,
        args.seats,
        title=args.title,
        hours=args.hours,
        teacher_folder=str(trainee_dir(trainee_id(teacher)).absolute()),
    )
    SessionStore(LiveRoomSettings.from_env().rooms_dir).create(session)
    _print_links(session, args.base_url)
    return 0


def _links(args: argparse.Namespace, extra: list[str]) -> int:
    from classbridge.live.practice_session import SessionError
    from classbridge.live.session_store import SessionStore, UnknownSession
    from classbridge.live.settings import LiveRoomSettings

    rooms_dir = LiveRoomSettings.from_env().rooms_dir
    try:
        session = SessionStore(rooms_dir).load(args.session)
    except UnknownSession:
        raise SessionError(
            _(
                "there is no practice session {session} in {folder}: 'classbridge rooms "
                "list' shows the sessions there (set CLASSBRIDGE_ROOMS_DIR to the server's folder)"
            ).format(session=args.session, folder=rooms_dir)
        ) from None
    _print_links(session, args.base_url)
    return 0


def _list(args: argparse.Namespace, extra: list[str]) -> int:
    from classbridge.live.session_store import SessionStore
    from classbridge.live.settings import LiveRoomSettings

    rooms_dir = LiveRoomSettings.from_env().rooms_dir
    sessions = SessionStore(rooms_dir).sessions()
    if not sessions:
        print(
            _("No practice sessions in {folder}: create one with 'classbridge rooms new'.").format(
                folder=rooms_dir
            )
        )
        return 0
    for session in sessions:
        state = _("expired") if session.expired() else _("open")
        seats = ",".join(seat.id for seat in session.seats)
        print(
            f"{session.id}  {session.created[:16].replace('T', ' ')}  {state:<7}  "
            f"{session.teacher}  {session.title}  [{seats}]"
        )
    return 0


def _serve(args: argparse.Namespace, extra: list[str]) -> int:
    from classbridge.live.rooms_service import serve_rooms

    serve_rooms(args.port, args.ip)
    return 0


ACTIONS: tuple[Command, ...] = (
    Command(
        name="new",
        help="create a practice session and print one join link per seat",
        description="Create a live practice session (2 to 6 seats) and print its join links.",
        add_arguments=_add_new_arguments,
        run=_new,
    ),
    Command(
        name="links",
        help="print the join links of a session again",
        add_arguments=_add_links_arguments,
        run=_links,
    ),
    Command(
        name="list",
        help="list the practice sessions, newest first",
        add_arguments=lambda parser: None,
        run=_list,
    ),
    Command(
        name="serve",
        help="run the live room alone (the workshop hub's service)",
        description="Serve the live practice rooms on their own, e.g. as a JupyterHub service "
        "(hub OAuth when JUPYTERHUB_SERVICE_PREFIX is set, else the Jupyter token).",
        add_arguments=_add_serve_arguments,
        run=_serve,
    ),
)


def _add_actions(parser: argparse.ArgumentParser) -> None:
    add_commands(parser, ACTIONS, dest="action", metavar="ACTION", required=True)


def _run_action(args: argparse.Namespace, extra: list[str]) -> int:
    return run_chosen(ACTIONS, args.action, args, extra)


ROOMS = Command(
    name="rooms",
    help="live practice sessions: create one and print its links, list them, serve them",
    description="Live practice sessions with seats (see docs/live-room.md).",
    add_arguments=_add_actions,
    run=_run_action,
)
