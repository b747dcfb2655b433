"""Who gets in: the server's own login first (token, cookie, Origin, XSRF), then the seat token.

A seat's role comes only from a token the server signed: a link changed by
hand, one past its time, one for another session or a seat the session does
not have is refused, on the page with one readable line and on the socket
with that line and a close code the page understands.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from tornado.httpclient import HTTPClientError

from classbridge.live.seat_token import sign
from tests.live.conftest import FOREIGN_ORIGIN, open_socket, receive, receive_type, run_async


def test_room_page_needs_the_servers_login(rooms_server, browser):
    session, tokens = rooms_server.session()
    page = rooms_server.path(session, "join", tokens["teacher"])
    refused = browser.request(page)
    assert refused.status == 302 and "/login" in refused.headers["Location"]
    browser.log_in()
    shown = browser.request(page)
    assert shown.status == 200
    assert '<script id="cb-room-config" type="application/json">' in shown.text
    assert browser.cookie("_xsrf"), "the room page sets the cookie its POSTs send back"


def test_websocket_without_login_is_403(rooms_server):
    session, tokens = rooms_server.session()
    with pytest.raises(HTTPClientError) as refused:
        run_async(open_socket(rooms_server, session, tokens["teacher"], auth=None))
    assert refused.value.code == 403


def test_websocket_from_a_foreign_origin_is_403(rooms_server, browser):
    session, tokens = rooms_server.session()
    browser.log_in()

    async def scenario():
        with pytest.raises(HTTPClientError) as refused:
            await open_socket(
                rooms_server,
                session,
                tokens["teacher"],
                auth="cookie",
                cookies=browser.cookie_header(),
                origin=FOREIGN_ORIGIN,
            )
        assert refused.value.code == 403
        # The same cookie from the page's own origin is let in.
        own = await open_socket(
            rooms_server,
            session,
            tokens["teacher"],
            auth="cookie",
            cookies=browser.cookie_header(),
            origin=rooms_server.url.rstrip("/"),
        )
        assert (await receive(own))["type"] == "welcome"
        own.close()

    run_async(scenario())


def test_post_without_xsrf_is_403_and_with_it_is_saved(rooms_server, browser):
    session, tokens = rooms_server.session()
    browser.log_in()
    browser.request(rooms_server.path(session, "join", tokens["observer"]))
    notes = rooms_server.path(session, "notes", tokens["observer"])
    note = {"at_ms": 1000, "text": "Greets every room by name"}
    assert browser.post_json(notes, note, xsrf=False).status == 403
    assert browser.post_json(notes, note).status == 201


def _refused_page(browser, rooms_server, session, token, status: int, words: str) -> None:
    browser.log_in()
    reply = browser.request(rooms_server.path(session, "join", token))
    assert reply.status == status
    assert 'class="cb-room-error"' in reply.text and words in reply.text
    assert "cb-room-config" not in reply.text, "a refused link gets no seat"


async def _refused_socket(rooms_server, session, token: str) -> dict:
    socket = await open_socket(rooms_server, session, token)
    error = await receive(socket)
    closed = await receive(socket)
    return {"message": error.get("message", ""), "code": closed.get("closed")}


@pytest.mark.parametrize(
    ("case", "status", "close_code", "words"),
    [
        ("forged", 403, 4001, "was not made by this server"),
        ("cut", 403, 4001, "incomplete or was changed"),
        ("expired", 403, 4002, "has expired"),
        ("other session", 404, 4003, "for another session"),
        ("seat not in session", 404, 4003, "this session is full"),
    ],
)
def test_a_bad_seat_token_is_refused_with_one_line(
    rooms_server, browser, case, status, close_code, words
):
    session, tokens = rooms_server.session("teacher,learners:A")
    other, other_tokens = rooms_server.session()
    secret = rooms_server.store.secret
    token = {
        # The seat changed by hand: the signature no longer matches.
        "forged": tokens["learners-A"].replace(".learners-A.", ".teacher."),
        "cut": tokens["teacher"].rsplit(".", 1)[0],
        "expired": sign(secret, session.id, "teacher", int(time.time()) - 1),
        "other session": other_tokens["teacher"],
        "seat not in session": sign(secret, session.id, "observer", session.expires),
    }[case]
    _refused_page(browser, rooms_server, session, token, status, words)
    refused = run_async(_refused_socket(rooms_server, session, token))
    assert words in refused["message"] and refused["code"] == close_code


def test_an_unknown_session_is_404_and_close_4004(rooms_server, browser):
    session, tokens = rooms_server.session()
    (rooms_server.rooms_dir / session.id / "session.json").unlink()
    _refused_page(browser, rooms_server, session, tokens["teacher"], 404, "no practice session")
    refused = run_async(_refused_socket(rooms_server, session, tokens["teacher"]))
    assert refused["code"] == 4004


def test_a_refused_socket_is_not_seated(rooms_server):
    """A forged token never reaches the room: the seated teacher hears nothing of it."""
    session, tokens = rooms_server.session()

    async def scenario():
        teacher = await open_socket(rooms_server, session, tokens["teacher"])
        await receive_type(teacher, "welcome")
        await _refused_socket(rooms_server, session, tokens["teacher"][:-2] + "xx")
        intruder_news = await asyncio.wait_for(teacher.read_message(), 0.5)
        return intruder_news

    with pytest.raises(asyncio.TimeoutError):
        run_async(scenario())
