"""The observer's timestamped notes and rubric marks: who may write them, saved atomically."""

from __future__ import annotations

import json

import pytest

from classbridge.core.storage import RecordStore
from classbridge.live.notes import NoteError, NotesBook, check_note, criterion_id, rubric_config
from classbridge.widgets.rubric import MICRO_TEACHING


def test_observer_notes_are_saved_and_read_back_by_every_seat(rooms_server, browser):
    session, tokens = rooms_server.session()
    notes_of = {seat: rooms_server.path(session, "notes", t) for seat, t in tokens.items()}
    sent = [
        {"at_ms": 65_000, "text": "Names room A before asking", "criterion": None, "mark": None},
        {"at_ms": 92_500, "text": "Waits 5 s", "criterion": "engaging-remote-learners", "mark": 3},
        {"at_ms": 120_000, "text": "", "criterion": "engaging-remote-learners", "mark": 4},
        {"at_ms": 130_000, "text": "<img src=x onerror=alert(1)>", "criterion": None},
    ]
    for note in sent:
        saved = browser.request(
            notes_of["observer"],
            "POST",
            json.dumps(note).encode(),
            {"Authorization": "token live-room-test-token", "Content-Type": "application/json"},
        )
        assert saved.status == 201, saved.text
        assert saved.json()["by"] == "observer" and saved.json()["id"]
    read = browser.request(notes_of["teacher"], token=True).json()
    assert [n["at_ms"] for n in read["notes"]] == [65_000, 92_500, 120_000, 130_000]
    assert read["notes"][3]["text"] == "<img src=x onerror=alert(1)>"  # kept as text
    assert read["rubric"] == {"engaging-remote-learners": 4}  # the latest mark counts
    on_disk = json.loads((rooms_server.rooms_dir / session.id / "notes.json").read_text())
    assert len(on_disk["data"]["notes"]) == 4 and on_disk["version"] == 4
    assert not list((rooms_server.rooms_dir / session.id).glob("*.tmp"))


@pytest.mark.parametrize("seat", ["teacher", "coteacher-A", "learners-A"])
def test_only_the_observer_writes_notes(rooms_server, browser, seat):
    session, tokens = rooms_server.session()
    reply = browser.request(
        rooms_server.path(session, "notes", tokens[seat]),
        "POST",
        b'{"at_ms": 1, "text": "me too"}',
        {"Content-Type": "application/json"},
        token=True,
    )
    assert reply.status == 403 and "cannot do this" in reply.json()["message"]


@pytest.mark.parametrize(
    ("note", "words"),
    [
        ({"text": "no time"}, "at_ms"),
        ({"at_ms": -5, "text": "x"}, "at_ms"),
        ({"at_ms": True, "text": "x"}, "at_ms"),
        ({"at_ms": 1, "text": "x" * 2001}, "2000 characters"),
        ({"at_ms": 1, "text": "x", "criterion": "charisma"}, "is not one of"),
        ({"at_ms": 1, "text": "x", "criterion": "clarity", "mark": 5}, "from 1 to 4"),
        ({"at_ms": 1, "text": "x", "mark": 2}, "of one criterion"),
        ({"at_ms": 1, "text": "   "}, "empty"),
        (["not", "a", "note"], "JSON object"),
    ],
)
def test_a_bad_note_is_refused_naming_the_field(note, words):
    with pytest.raises(NoteError, match=words):
        check_note(note)


def test_a_bad_note_over_http_is_400_with_the_reason(rooms_server, browser):
    session, tokens = rooms_server.session()
    reply = browser.request(
        rooms_server.path(session, "notes", tokens["observer"]),
        "POST",
        b'{"at_ms": "soon"}',
        {"Content-Type": "application/json"},
        token=True,
    )
    assert reply.status == 400 and "at_ms" in reply.json()["message"]


def test_notes_from_two_writers_are_all_kept(tmp_path):
    """Two books on one folder (two processes): every note survives, none overwritten."""
    first, second = NotesBook(RecordStore(tmp_path)), NotesBook(RecordStore(tmp_path))
    for n in range(6):
        (first if n % 2 else second).add(
            "abcdefABCDEF", {"at_ms": n, "text": f"note {n}"}, "observer"
        )
    notes = first.read("abcdefABCDEF")["notes"]
    assert [n["text"] for n in notes] == [f"note {n}" for n in range(6)]


def test_rubric_config_is_the_micro_teaching_rubric():
    config = rubric_config()
    assert config["levels"] == list(MICRO_TEACHING.levels)
    assert [c["label"] for c in config["criteria"]] == [c.name for c in MICRO_TEACHING.criteria]
    assert criterion_id("Co-teaching hand-off") == "co-teaching-hand-off"
