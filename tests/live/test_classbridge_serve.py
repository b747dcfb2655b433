"""The live room as ``classbridge serve`` mounts it: before Voilà's routes, under Voilà's login.

Standalone Voilà lets every visitor in as an anonymous user, so here the seat
token alone decides who is who, while Voilà's XSRF and Origin checks still
guard the POSTs and the socket.
"""

from __future__ import annotations

import pytest
from tornado.httpclient import HTTPClientError

from tests.live.conftest import (
    FOREIGN_ORIGIN,
    Browser,
    RoomsServer,
    open_socket,
    receive_type,
    run_async,
    send,
)


@pytest.fixture
def served(start_voila, modules_copy) -> RoomsServer:
    server = start_voila(modules_copy, "--no-preheat")
    return RoomsServer(
        server.url + "/",
        server.workspace / "practice-sessions",
        server.workspace,
        server.log_path,
    )


@pytest.mark.slow  # starts classbridge serve (Voilà renders the catalogue first)
def test_classbridge_serve_runs_the_room_with_voilas_checks(served):
    session, tokens = served.session("teacher,learners:A,observer")
    browser = Browser(served)
    page = browser.request(served.path(session, "join", tokens["observer"]))
    assert page.status == 200 and 'id="cb-room-config"' in page.text
    notes = served.path(session, "notes", tokens["observer"])
    note = {"at_ms": 3_000, "text": "Clear goal"}
    assert browser.post_json(notes, note, xsrf=False).status == 403
    assert browser.post_json(notes, note).status == 201
    cookies = browser.cookie_header()

    async def scenario():
        with pytest.raises(HTTPClientError) as foreign:
            await open_socket(
                served,
                session,
                tokens["teacher"],
                auth="cookie",
                cookies=cookies,
                origin=FOREIGN_ORIGIN,
            )
        assert foreign.value.code == 403
        own = served.url.rstrip("/")
        teacher = await open_socket(
            served, session, tokens["teacher"], auth="cookie", cookies=cookies, origin=own
        )
        learners = await open_socket(
            served, session, tokens["learners-A"], auth="cookie", cookies=cookies, origin=own
        )
        assert (await receive_type(learners, "welcome"))["peers"] == ["teacher"]
        send(learners, {"type": "cue", "cue": "hand"})
        assert (await receive_type(teacher, "cue"))["room"] == "A"
        send(teacher, {"type": "signal", "to": "learners-A", "data": {"sdp": "offer"}})
        assert (await receive_type(learners, "signal"))["from"] == "teacher"
        teacher.close()
        learners.close()

    run_async(scenario())
