"""The signalling relay with real browsers' sockets: three and four seats on a real server.

Presence (welcome, peer-joined, peer-left), signals relayed as they are to
their one addressee, cues and link presets allowed by the seat's role only,
a newer tab replacing the older one, and bad messages answered without
dropping the tab.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from classbridge.live.turn_credentials import turn_password
from tests.live.conftest import (
    TURN_SECRET,
    TURN_URL,
    nothing_arrives,
    open_socket,
    receive,
    receive_type,
    run_async,
    send,
)


async def _seat_all(server, session, tokens, seats):
    """Join ``seats`` one after another; each has had its welcome."""
    sockets = {}
    for seat in seats:
        sockets[seat] = await open_socket(server, session, tokens[seat])
        welcome = await receive_type(sockets[seat], "welcome")
        assert welcome["seat"]["id"] == seat
        assert sorted(welcome["peers"]) == sorted(s for s in sockets if s != seat)
        for earlier in list(sockets)[:-1]:
            joined = await receive_type(sockets[earlier], "peer-joined")
            assert joined["seat"] == seat
    return sockets


def test_three_seats_meet_and_signals_reach_only_their_addressee(rooms_server):
    session, tokens = rooms_server.session("teacher,learners:A,learners:B")

    async def scenario():
        room = await _seat_all(
            rooms_server, session, tokens, ["teacher", "learners-A", "learners-B"]
        )
        offer = {"description": {"type": "offer", "sdp": "v=0\r\n..."}, "key": 7}
        send(room["teacher"], {"type": "signal", "to": "learners-B", "data": offer})
        relayed = await receive(room["learners-B"])
        assert relayed == {"type": "signal", "from": "teacher", "data": offer}
        assert await nothing_arrives(room["learners-A"])
        candidate = {"candidate": {"candidate": "candidate:1 1 udp 1 127.0.0.1 5000 typ host"}}
        send(room["learners-B"], {"type": "signal", "to": "teacher", "data": candidate})
        assert (await receive(room["teacher"]))["from"] == "learners-B"
        # A tab that leaves is announced to the others.
        room["learners-A"].close()
        for seat in ("teacher", "learners-B"):
            assert await receive_type(room[seat], "peer-left") == {
                "type": "peer-left",
                "seat": "learners-A",
            }
        for socket in room.values():
            socket.close()

    run_async(scenario())


def test_cues_by_role_reach_everyone_with_the_room(rooms_server):
    session, tokens = rooms_server.session("teacher,coteacher:A,learners:A,observer")

    async def scenario():
        room = await _seat_all(
            rooms_server, session, tokens, ["teacher", "coteacher-A", "learners-A", "observer"]
        )
        send(room["learners-A"], {"type": "cue", "cue": "hand", "room": "B", "from": "teacher"})
        cue = {"type": "cue", "from": "learners-A", "room": "A", "cue": "hand"}
        for socket in room.values():  # the seat and room come from the server, not the message
            assert await receive_type(socket, "cue") == cue
        send(room["coteacher-A"], {"type": "cue", "cue": "trouble"})
        assert (await receive_type(room["teacher"], "cue"))["cue"] == "trouble"
        # Roles without that cue are told so, and nothing is shown to the others.
        for seat, cue_name in (("learners-A", "ready"), ("teacher", "hand"), ("observer", "hand")):
            send(room[seat], {"type": "cue", "cue": cue_name})
            error = await receive_type(room[seat], "error")
            assert "cannot show" in error["message"]
        assert await nothing_arrives(room["teacher"])
        for socket in room.values():
            socket.close()

    run_async(scenario())


def test_link_presets_only_from_teacher_or_observer_and_kept_for_newcomers(rooms_server):
    session, tokens = rooms_server.session("teacher,learners:A,learners:B,observer")

    async def scenario():
        room = await _seat_all(rooms_server, session, tokens, ["teacher", "learners-A", "observer"])
        send(room["observer"], {"type": "link-preset", "room": "B", "preset": "satellite"})
        applied = {"type": "link-preset", "room": "B", "preset": "satellite", "by": "observer"}
        for socket in room.values():
            assert await receive_type(socket, "link-preset") == applied
        send(room["learners-A"], {"type": "link-preset", "room": "A", "preset": "normal"})
        assert (
            "only the teacher or the observer"
            in (await receive_type(room["learners-A"], "error"))["message"]
        )
        send(room["teacher"], {"type": "link-preset", "room": "C", "preset": "satellite"})
        assert "not in this session" in (await receive_type(room["teacher"], "error"))["message"]
        send(room["teacher"], {"type": "link-preset", "room": "A", "preset": "dial-up"})
        assert "is not one of" in (await receive_type(room["teacher"], "error"))["message"]
        # Room B's learners join later and are told the link they are under.
        late = await open_socket(rooms_server, session, tokens["learners-B"])
        assert (await receive_type(late, "welcome"))["link_presets"] == {"B": "satellite"}
        for socket in [*room.values(), late]:
            socket.close()

    run_async(scenario())


def test_a_newer_tab_replaces_the_older_one(rooms_server):
    session, tokens = rooms_server.session("teacher,learners:A")

    async def scenario():
        room = await _seat_all(rooms_server, session, tokens, ["teacher", "learners-A"])
        newer = await open_socket(rooms_server, session, tokens["learners-A"])
        assert (await receive_type(newer, "welcome"))["peers"] == ["teacher"]
        assert await receive(room["learners-A"]) == {"type": "replaced"}
        assert (await receive(room["learners-A"]))["closed"] == 4000
        # The teacher starts again with the new tab, and is not told the seat left.
        assert await receive(room["teacher"]) == {"type": "peer-joined", "seat": "learners-A"}
        assert await nothing_arrives(room["teacher"])
        send(room["teacher"], {"type": "signal", "to": "learners-A", "data": {"n": 1}})
        assert (await receive(newer))["data"] == {"n": 1}
        newer.close()
        room["teacher"].close()

    run_async(scenario())


def test_bad_messages_get_an_error_and_the_tab_stays(rooms_server):
    session, tokens = rooms_server.session("teacher,learners:A")

    async def scenario():
        room = await _seat_all(rooms_server, session, tokens, ["teacher", "learners-A"])
        teacher = room["teacher"]
        for bad, words in (
            ("not json", "JSON object"),
            ('{"type": "dance"}', "unknown message type"),
            ('{"type": "signal", "to": "observer", "data": {}}', "not in the room"),
            ('{"type": "signal", "to": "learners-A", "data": "sdp"}', "as an object"),
            (
                '{"type": "signal", "to": "learners-A", "data": {"x": "' + "y" * 70_000 + '"}}',
                "KiB",
            ),
        ):
            teacher.write_message(bad)
            assert words in (await receive(teacher))["message"]
        teacher.write_message(b"\x00binary", binary=True)
        assert "binary" in (await receive(teacher))["message"]
        assert await nothing_arrives(room["learners-A"])
        send(teacher, {"type": "signal", "to": "learners-A", "data": {"still": "here"}})
        assert (await receive(room["learners-A"]))["data"] == {"still": "here"}
        for socket in room.values():
            socket.close()

    run_async(scenario())


def test_welcome_carries_the_session_clock_and_turn_credentials(rooms_server):
    session, tokens = rooms_server.session("teacher,observer")

    async def scenario():
        first = await open_socket(rooms_server, session, tokens["teacher"])
        welcome = await receive_type(first, "welcome")
        await asyncio.sleep(0.3)
        second = await open_socket(rooms_server, session, tokens["observer"])
        later = await receive_type(second, "welcome")
        first.close()
        second.close()
        return welcome, later

    welcome, later = run_async(scenario())
    assert 0 <= welcome["elapsed_ms"] < later["elapsed_ms"]
    started = rooms_server.store.load(session.id).started_at
    assert datetime.fromisoformat(started).tzinfo is not None
    [turn] = welcome["ice_servers"]
    assert turn["urls"] == [TURN_URL]
    assert turn["username"].endswith(":teacher")
    assert turn["credential"] == turn_password(TURN_SECRET, turn["username"])
