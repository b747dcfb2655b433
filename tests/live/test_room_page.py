"""The room page's configuration block: what the seat is told, and hostile text kept as text."""

from __future__ import annotations

import json
import re

from classbridge.live.link_presets import PRESET_IDS
from classbridge.live.practice_session import new_session
from classbridge.live.room_page import CONTENT_SECURITY_POLICY, render_room, script_json


def _config(html: str) -> dict:
    block = re.search(r'<script id="cb-room-config" type="application/json">(.*?)</script>', html)
    assert block, "the page holds exactly one config block"
    return json.loads(block.group(1))


def test_the_config_block_gives_the_seat_its_urls_presets_and_rubric():
    session = new_session("amy", "teacher,learners:A,observer", title="Tides")
    html = render_room("/base/", session, session.seats[2], "TOKEN")
    config = _config(html)
    assert config["session"] == {"id": session.id, "title": "Tides", "started_at": None}
    assert config["seat"] == {
        "id": "observer",
        "role": "observer",
        "room": None,
        "label": "Observer",
    }
    assert [s["id"] for s in config["seats"]] == ["teacher", "learners-A", "observer"]
    assert config["token"] == "TOKEN"
    prefix = f"/base/classbridge/rooms/{session.id}/"
    assert config["urls"] == {
        "signal": f"{prefix}signal?seat=TOKEN",
        "notes": f"{prefix}notes?seat=TOKEN",
        "recording": f"{prefix}recording",
        "static": "/base/classbridge/rooms/static/",
    }
    assert [p["id"] for p in config["presets"]] == list(PRESET_IDS)
    assert len(config["rubric"]["criteria"]) == 4
    assert 'src="/base/classbridge/rooms/static/room.js"' in html


def test_a_hostile_title_cannot_end_the_script_element():
    title = '</script><script>alert("x")</script><!--'
    session = new_session("amy", title=title)
    html = render_room("/", session, session.seats[0], "T")
    # The config block, the words block (cb-text) and room.js: no fourth.
    assert "<script>alert" not in html and html.count("</script>") == 3
    assert _config(html)["session"]["title"] == title
    assert script_json({"a": "<&>"}) == '{"a":"\\u003c\\u0026\\u003e"}'


def test_the_page_loads_nothing_from_another_host(rooms_server, browser):
    session, tokens = rooms_server.session()
    page = browser.request(rooms_server.path(session, "join", tokens["teacher"]), token=True)
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert page.headers["Cache-Control"] == "no-store"
    assert not re.search(r'(src|href)="(https?:)?//', page.text)
    script = browser.request("classbridge/rooms/static/room.js", token=True)
    assert script.status == 200 and "javascript" in script.headers["Content-Type"]
    assert not re.search(r"""import[^;]*from\s*["'](https?:)?//""", script.text)
