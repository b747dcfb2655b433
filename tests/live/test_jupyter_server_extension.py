"""Under a plain ``jupyter server`` (Binder, hub user servers) the extension mounts the room."""

from __future__ import annotations

import pytest

from tests.live.conftest import Browser, open_socket, receive_type, run_async


@pytest.mark.slow  # a full jupyter server: JupyterLab, Voilà and nbgrader load too
def test_the_extension_serves_the_room_and_its_signalling(plain_jupyter_server):
    server = plain_jupyter_server
    session, tokens = server.session("teacher,observer")
    browser = Browser(server)
    page = browser.request(server.path(session, "join", tokens["observer"]), token=True)
    assert page.status == 200 and 'id="cb-room-config"' in page.text

    async def join() -> dict:
        socket = await open_socket(server, session, tokens["teacher"])
        welcome = await receive_type(socket, "welcome")
        socket.close()
        return welcome

    welcome = run_async(join())
    assert welcome["seat"]["role"] == "teacher" and welcome["ice_servers"] == []
    assert "ClassBridge live room at /classbridge/rooms/" in server.log()
