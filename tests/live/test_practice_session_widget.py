"""Module 05's "Practise together": the trainee creates a session, then hands it in.

Without a browser: the panel's session is one the server admits (the trainee
is its teacher), its links are shown as links, and the hand-in holds the
observer's notes, marks and the recording's reference, on this machine or
through the hub's rooms service.
"""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from classbridge.core.storage import RecordStore
from classbridge.live.notes import NotesBook
from classbridge.live.practice_session_widget import (
    PracticeHandIn,
    PracticeSessionPanel,
    show_practice_session_for_grader,
)
from classbridge.live.recording_upload import WEBM_MAGIC, Recordings
from classbridge.live.session_client import collect_hand_in, create_practice_session
from classbridge.live.session_store import SessionStore
from tests.live.conftest import TOKEN


@pytest.fixture
def trainee_work(tmp_path, monkeypatch) -> RecordStore:
    monkeypatch.setenv("CLASSBRIDGE_ROOMS_DIR", str(tmp_path / "rooms"))
    monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "Maria Santos")
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.delenv("CLASSBRIDGE_ROOMS_URL", raising=False)
    return RecordStore(tmp_path / "work" / "Maria_20Santos")


def _token(url: str) -> str:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["seat"][0]


def test_the_trainee_who_creates_the_session_teaches_it(trainee_work, tmp_path):
    panel = PracticeSessionPanel(store=trainee_work)
    panel.title.value = "Tides <script>"
    panel.seats.value = "teacher,learners:A,learners:B,observer"
    assert panel.create()
    record = trainee_work.load("05-live-room/practice-session").data
    assert [link["seat"] for link in record["links"]] == [
        "teacher",
        "learners-A",
        "learners-B",
        "observer",
    ]
    store = SessionStore(tmp_path / "rooms")
    session, seat = store.admit(record["session"], _token(record["links"][0]["url"]))
    assert seat.role == "teacher" and session.teacher == "Maria Santos"
    assert session.teacher_folder == str(trainee_work.folder.absolute())
    shown = panel.links.value
    assert len(re.findall(r'<a href="/classbridge/rooms/\w{12}/join\?seat=', shown)) == 4
    assert "Tides &lt;script&gt;" in shown and "<script>" not in shown
    # After a reload the page shows the same session.
    assert PracticeSessionPanel(store=trainee_work).links.value == shown


def test_the_hand_in_holds_notes_marks_and_the_recording(trainee_work, tmp_path, monkeypatch):
    PracticeSessionPanel(store=trainee_work).create()
    record = trainee_work.load("05-live-room/practice-session").data
    store = SessionStore(tmp_path / "rooms")
    session = store.load(record["session"])
    notes = NotesBook(store.records)
    notes.add(session.id, {"at_ms": 61_000, "text": "Waits for room A"}, "observer")
    notes.add(session.id, {"at_ms": 62_000, "text": "", "criterion": "clarity", "mark": 3}, "o")
    recordings = Recordings(store, 10_000)
    recordings.append(session, "r1", 0, WEBM_MAGIC + b"video", "video/webm")
    recordings.finish(session, "r1", 5_000)
    hand_in = PracticeHandIn(store=trainee_work)
    assert hand_in.collect()
    saved = trainee_work.load("05-live-room/practice-hand-in").data
    assert [n["text"] for n in saved["notes"]] == ["Waits for room A", ""]
    assert saved["rubric"] == {"clarity": 3}
    [recording] = saved["recordings"]
    assert recording["file"].startswith("clips/session-") and recording["started_ms"] == 5_000
    assert (trainee_work.folder / recording["file"]).is_file()  # handed in beside the notebook
    assert "01:01" in hand_in.shown.value and "Proficient" in hand_in.shown.value


def test_the_grader_reads_the_hand_in_in_the_graded_notebook(tmp_path, monkeypatch, capsys):
    hand_in_folder = tmp_path / "autograded" / "rita" / "05-live-room"
    work = RecordStore(hand_in_folder / "classbridge-work" / "rita")
    work.save(
        "05-live-room/practice-hand-in",
        {
            "session": "abcdefABCDEF",
            "title": "Tides",
            "collected": "2026-11-28T09:00:00+00:00",
            "notes": [{"at_ms": 75_000, "text": "Names each room", "criterion": None}],
            "rubric": {"engaging-remote-learners": 4},
            "recordings": [{"file": "clips/session-20261128-090000.webm", "bytes": 1234}],
        },
        0,
    )
    monkeypatch.chdir(hand_in_folder)
    monkeypatch.setenv("CLASSBRIDGE_AUTOGRADING", "1")
    show_practice_session_for_grader()
    printed = capsys.readouterr().out
    assert "Engaging remote learners: Exemplary" in printed
    assert "[01:15] Names each room" in printed
    assert "clips/session-20261128-090000.webm" in printed


def test_on_the_hub_the_session_is_made_by_the_rooms_service(rooms_server, tmp_path):
    """A kernel on a user server asks the hub's service, with its server's token."""
    env = {"CLASSBRIDGE_ROOMS_URL": rooms_server.url, "JUPYTERHUB_API_TOKEN": TOKEN}
    from classbridge.core.visit import Trainee

    record = create_practice_session(
        Trainee.named("amy"), tmp_path, "teacher,observer", "Fractions", env
    )
    assert record["service"] == rooms_server.url and record["title"] == "Fractions"
    teacher, observer = record["links"]
    assert teacher["url"].startswith(f"/classbridge/rooms/{record['session']}/join?seat=")
    session, seat = rooms_server.store.admit(record["session"], _token(teacher["url"]))
    assert seat.role == "teacher"
    NotesBook(rooms_server.store.records).add(
        session.id, {"at_ms": 1_000, "text": "Good framing"}, "observer"
    )
    hand_in = collect_hand_in(record, env)
    assert [n["text"] for n in hand_in["notes"]] == ["Good framing"]
    refused = {**env, "JUPYTERHUB_API_TOKEN": "wrong"}
    with pytest.raises(Exception, match="refused"):
        create_practice_session(Trainee.named("amy"), tmp_path, environ=refused)
    json.dumps(hand_in)  # a record nbgrader can carry
