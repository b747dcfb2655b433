"""The practice room in its reader's language: chosen per request, never per server.

The room page is served by the Jupyter server, not a kernel, so each request
brings its language (``?lang=``, the switch's cookie, ``Accept-Language``);
the page's own words, room.js's words (given to it as JSON) and every refusal
come in that language. The real zh-TW catalog is compiled by the lead from
every helper's fragment, so the tests that read an actual Chinese string skip
until it holds one; the others run on a small catalog of their own.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse

import pytest

from classbridge.core import language
from classbridge.core.language import LANGUAGE_COOKIE, gettext_in, use_language
from classbridge.live.practice_session import new_session
from classbridge.live.request_language import speaking
from classbridge.live.room_page import refusal_page, render_room, script_messages
from classbridge.live.signalling import NOT_RELAYED, SignalRelay
from tests.support.word_catalog import WordCatalog

CHINESE = {
    "Practice room": "直播練習室",
    "Raise hand": "舉手",
    "Remote teacher": "直播教師",
    "Island 4G": "離島 4G",
    "Language": "語言",
    "You are: {seat}": "你的座位：{seat}",
}


@pytest.fixture
def chinese_catalog(monkeypatch):
    """A zh-TW catalog of a few words, whatever the compiled one holds yet."""
    monkeypatch.setattr(
        language,
        "catalog",
        lambda code: WordCatalog(CHINESE if code == "zh-TW" else {}),
    )
    yield CHINESE
    use_language(None)


def _translated_or_skip(message: str) -> str:
    shown = gettext_in("zh-TW", message)
    if shown == message:
        pytest.skip(
            f"the compiled zh-TW catalog has no translation of {message!r} yet "
            "(the lead compiles it from the helpers' fragments)"
        )
    return shown


def _lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page)[1]


def _words(page: str) -> dict[str, str]:
    block = re.search(r'<script id="cb-text" type="application/json">(.*?)</script>', page)
    assert block, "the page gives room.js its words"
    return json.loads(block.group(1))


def _title(page: str) -> str:
    return html.unescape(re.search(r'<h1 class="cb-room-title">(.*?)</h1>', page)[1])


# -- on a real server ----------------------------------------------------------------------


def test_a_browser_asking_for_chinese_gets_the_room_in_chinese(rooms_server, browser):
    session, tokens = rooms_server.session()
    page = browser.request(
        rooms_server.path(session, "join", tokens["teacher"]),
        headers={"Accept-Language": "zh-TW,zh;q=0.9,en;q=0.5"},
        token=True,
    )
    assert page.status == 200
    assert _lang(page.text) == "zh-TW"
    assert page.headers["Content-Language"] == "zh-TW"
    words = _words(page.text)
    assert set(words) == set(script_messages())
    assert words == {message: gettext_in("zh-TW", message) for message in script_messages()}
    assert _title(page.text) == gettext_in("zh-TW", "Practice room")


def test_the_chinese_page_shows_chinese_words(rooms_server, browser):
    heading = _translated_or_skip("Practice room")
    raise_hand = _translated_or_skip("Raise hand")
    session, tokens = rooms_server.session()
    page = browser.request(
        rooms_server.path(session, "join", tokens["learners-A"]),
        headers={"Accept-Language": "zh-TW"},
        token=True,
    )
    assert _title(page.text) == heading
    assert _words(page.text)["Raise hand"] == raise_hand


def test_english_is_the_default(rooms_server, browser):
    session, tokens = rooms_server.session()
    page = browser.request(rooms_server.path(session, "join", tokens["observer"]), token=True)
    assert _lang(page.text) == "en"
    assert _title(page.text) == "Practice room"
    words = _words(page.text)
    assert words["Add note"] == "Add note" and all(k == v for k, v in words.items())


@pytest.mark.parametrize(
    ("remembered", "browser_asks", "expected"),
    [("en", "zh-TW", "en"), ("zh-TW", "en-US,en;q=0.9", "zh-TW")],
)
def test_the_remembered_choice_beats_the_browser(
    rooms_server, browser, remembered, browser_asks, expected
):
    session, tokens = rooms_server.session()
    page = browser.request(
        rooms_server.path(session, "join", tokens["teacher"]),
        headers={"Accept-Language": browser_asks, "Cookie": f"{LANGUAGE_COOKIE}={remembered}"},
        token=True,
    )
    assert _lang(page.text) == expected


def test_the_switch_remembers_the_choice_and_comes_back(rooms_server, browser):
    session, tokens = rooms_server.session()
    browser.log_in()
    here = rooms_server.path(session, "join", tokens["teacher"])
    page = browser.request(f"{here}&lang=en", headers={"Accept-Language": "en"})
    links = dict(re.findall(r'<a lang="([^"]+)" hreflang="[^"]+" href="([^"]+)"', page.text))
    assert set(links) == {"zh-TW"}, "every other language is a link; this one is marked"
    switch = html.unescape(links["zh-TW"])
    path, query = switch.split("?")
    assert path == "/classbridge/language"
    asked = urllib.parse.parse_qs(query)
    # Back to this page without its ?lang=, which would outvote the choice.
    assert asked == {"lang": ["zh-TW"], "next": ["/" + here]}
    moved = browser.request(switch)
    assert moved.status == 302 and moved.headers["Location"] == "/" + here
    assert browser.cookie(LANGUAGE_COOKIE) == "zh-TW"
    again = browser.request(here, headers={"Accept-Language": "en"})
    assert _lang(again.text) == "zh-TW"


def test_a_refused_link_says_why_in_the_readers_language(rooms_server, browser):
    session, tokens = rooms_server.session()
    forged = tokens["teacher"][:-3] + "xyz"
    page = browser.request(
        rooms_server.path(session, "join", forged),
        headers={"Accept-Language": "zh-TW"},
        token=True,
    )
    assert page.status == 403
    assert _lang(page.text) == "zh-TW"
    why = gettext_in(
        "zh-TW",
        "this join link was not made by this server (changed by hand, or from another "
        "server or an older set-up): ask the person who created the session for a new link",
    )
    assert html.escape(why) in page.text
    assert 'href="/classbridge/language?lang=en' in page.text


def test_a_refusal_to_the_page_script_is_in_its_language(rooms_server, browser):
    session, tokens = rooms_server.session()
    reply = browser.request(
        rooms_server.path(session, "notes", tokens["learners-A"]),
        "POST",
        b"{}",
        {"Accept-Language": "zh-TW", "Content-Type": "application/json"},
        token=True,
    )
    assert reply.status == 403
    seat = gettext_in("zh-TW", "Room {room} learners").format(room="A")
    expected = gettext_in("zh-TW", "the {seat} seat cannot do this (only: {roles})")
    assert reply.json()["message"] == expected.format(seat=seat, roles="observer")


# -- in this process, with a catalog of a few words ----------------------------------------


def test_the_page_is_rendered_in_the_language_it_is_asked_for(chinese_catalog):
    with speaking("zh-TW"):
        session = new_session("amy", "teacher,learners:A,observer", title="Tides")
    page = render_room("/", session, session.seats[0], "T", "zh-TW", "/here?seat=T")
    assert _lang(page) == "zh-TW" and _title(page) == "直播練習室"
    assert "<title>直播練習室 · ClassBridge</title>" in page
    words = _words(page)
    assert words["Raise hand"] == "舉手" and words["You are: {seat}"] == "你的座位：{seat}"
    assert words["Add note"] == "Add note", "a word not translated yet stays English"
    config = json.loads(
        re.search(r'<script id="cb-room-config" type="application/json">(.*?)</script>', page)[1]
    )
    assert config["seat"]["label"] == "直播教師"
    assert {p["id"]: p["label"] for p in config["presets"]}["island-4g"] == "離島 4G"
    assert '<nav class="cb-language-links" aria-label="語言">' in page
    assert '<strong lang="zh-TW" aria-current="true">' in page


def test_the_refusal_page_in_chinese(chinese_catalog):
    page = refusal_page("/", "why", "zh-TW", "/classbridge/rooms/x/join?seat=T&lang=zh-TW")
    assert _lang(page) == "zh-TW" and "<h1>直播練習室</h1>" in page
    assert "next=%2Fclassbridge%2Frooms%2Fx%2Fjoin%3Fseat%3DT" in page
    assert refusal_page("/", "why").startswith('<!DOCTYPE html>\n<html lang="en">')


def test_speaking_puts_the_process_language_back():
    use_language(None)
    with speaking("zh-TW"):
        assert language.current_language() == "zh-TW"
    assert language._page_language is None
    use_language("en")
    try:
        with speaking("zh-TW"):
            assert language.current_language() == "zh-TW"
        assert language.current_language() == "en"
    finally:
        use_language(None)


def test_every_word_of_the_script_is_found_by_babel():
    messages = script_messages()
    assert len(messages) > 60 and len(set(messages)) == len(messages)
    assert {"Raise hand", "Saved at {time}.", "{ms} ms buffer", "Start recording"} <= set(messages)
    # A _() inside a template literal is invisible to the extractor: none may be there.
    assert not [m for m in messages if "${" in m]


class _Tab:
    def __init__(self) -> None:
        self.sent: list[dict] = []

    def send(self, message: dict) -> None:
        self.sent.append(message)

    def close(self, code=None, reason=None) -> None:
        pass


def test_a_signal_for_a_seat_that_left_is_marked_not_relayed():
    """The page ignores it by its code, so the words may be in any language."""
    session = new_session("amy", "teacher,learners:A")
    relay, tab = SignalRelay(), _Tab()
    relay.join(session, session.seats[0], tab)
    relay.receive(
        session.id, session.seats[0], tab, json.dumps({"type": "signal", "to": "x", "data": {}})
    )
    assert tab.sent[-1]["type"] == "error" and tab.sent[-1]["code"] == NOT_RELAYED
    relay.receive(session.id, session.seats[0], tab, json.dumps({"type": "cue", "cue": "hand"}))
    assert tab.sent[-1]["type"] == "error" and "code" not in tab.sent[-1]
