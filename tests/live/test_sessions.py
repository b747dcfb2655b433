"""Sessions and seats: the seats spec, seat tokens, the signing secret, sessions on disk."""

from __future__ import annotations

import stat
import time

import pytest

from classbridge.live.practice_session import SessionError, new_session, parse_seats
from classbridge.live.seat_token import (
    SECRET_FILE,
    ExpiredToken,
    ForgedToken,
    load_secret,
    sign,
    verify,
)
from classbridge.live.session_store import SessionStore, UnknownSeat, UnknownSession


def test_the_default_seats_are_a_teacher_one_room_and_an_observer():
    seats = parse_seats()
    assert [(s.id, s.role, s.room, s.label) for s in seats] == [
        ("teacher", "teacher", None, "Remote teacher"),
        ("coteacher-A", "coteacher", "A", "Room A co-teacher"),
        ("learners-A", "learners", "A", "Room A learners"),
        ("observer", "observer", None, "Observer"),
    ]


def test_six_seats_with_two_rooms_and_loose_spelling():
    seats = parse_seats(" Teacher , coteacher:a, learners:A,coteacher:B ,learners: b,observer")
    assert [s.id for s in seats] == [
        "teacher",
        "coteacher-A",
        "learners-A",
        "coteacher-B",
        "learners-B",
        "observer",
    ]


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("", "exactly one 'teacher'"),
        ("learners:A,observer", "exactly one 'teacher'"),
        ("teacher", "1 seat(s) listed"),
        ("teacher,learners:A,learners:B,learners:C,learners:D,learners:E,observer", "2 to 6"),
        ("teacher,student:A", "not a role"),
        ("teacher,learners", "needs its remote room"),
        ("teacher,learners:AB", "needs its remote room"),
        ("teacher:A,learners:A", "has no room"),
        ("teacher,learners:A,learners:A", "listed twice"),
        ("teacher,observer,observer", "listed twice"),
    ],
)
def test_a_bad_seats_spec_is_one_line_with_an_example(spec, words):
    with pytest.raises(SessionError) as bad:
        parse_seats(spec)
    message = str(bad.value)
    assert words in message and "e.g. --seats teacher," in message and "\n" not in message


def test_hours_must_be_sensible():
    with pytest.raises(SessionError, match="--hours 0"):
        new_session("amy", hours=0)


def test_tokens_verify_only_as_signed(tmp_path):
    secret = load_secret(tmp_path)
    expires = int(time.time()) + 60
    token = sign(secret, "abcdefABCDEF", "observer", expires)
    granted = verify(secret, token)
    assert (granted.session, granted.seat, granted.expires) == ("abcdefABCDEF", "observer", expires)
    session, seat, when, signature = token.split(".")
    for forged in (
        f"{session}.teacher.{when}.{signature}",  # another seat
        f"{session}.{seat}.{int(when) + 3600}.{signature}",  # a longer life
        f"{session}.{seat}.{when}.{signature[:-1]}A",
        token + ".extra",
        "",
    ):
        with pytest.raises(ForgedToken):
            verify(secret, forged)
    with pytest.raises(ForgedToken):  # another server's secret
        verify(load_secret(tmp_path / "other"), token)
    with pytest.raises(ExpiredToken):
        verify(secret, token, now=expires)


def test_the_secret_is_private_and_kept(tmp_path):
    first = load_secret(tmp_path)
    path = tmp_path / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 32 and load_secret(tmp_path) == first
    path.chmod(0o644)
    assert load_secret(tmp_path) == first and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_sessions_are_saved_listed_and_admit_their_seats(tmp_path):
    store = SessionStore(tmp_path)
    older = store.create(new_session("amy", title="  Tides\nand the Moon  ", now=1_000))
    newer = store.create(new_session("王小明", "teacher,learners:A", now=2_000))
    assert [s.id for s in store.sessions()] == [newer.id, older.id]
    assert store.load(older.id).title == "Tides and the Moon"
    assert store.load(newer.id).teacher == "王小明"
    live = store.create(new_session("amy"))
    links = store.links(live, "http://10.0.0.2:8866/")
    assert links[0].url.startswith(f"http://10.0.0.2:8866/classbridge/rooms/{live.id}/join?seat=")
    token = links[-1].url.split("seat=")[1]
    session, seat = store.admit(live.id, token)
    assert session == live and seat.role == "observer"
    with pytest.raises(UnknownSeat, match="another session"):
        store.admit(newer.id, token)
    with pytest.raises(UnknownSession):
        store.load("abcdefABCDEF")


def test_the_session_clock_starts_once(tmp_path):
    store = SessionStore(tmp_path)
    session = store.create(new_session("amy"))
    started = store.mark_started(session.id).started_at
    assert started and store.mark_started(session.id).started_at == started
