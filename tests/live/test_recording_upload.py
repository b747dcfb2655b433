"""The teacher's recording, uploaded chunk by chunk: in order, WebM only, within the limit."""

from __future__ import annotations

import pytest

from classbridge.live.practice_session import new_session
from classbridge.live.recording_upload import WEBM_MAGIC, RecordingError, Recordings
from classbridge.live.session_store import SessionStore

HEADERS = {"Content-Type": "video/webm;codecs=vp8,opus"}
FIRST = WEBM_MAGIC + b"\x9f\x42\x86\x81\x01" + b"h" * 100


def _post(browser, rooms_server, session, token, part: str, body: bytes, headers=HEADERS):
    path = rooms_server.path(session, f"recording/rec-1/{part}", token)
    return browser.request(path, "POST", body, headers, token=True)


def test_chunks_in_order_make_the_clip_in_the_teachers_clips_folder(rooms_server, browser):
    session, tokens = rooms_server.session()
    chunks = [FIRST, b"a" * 300, b"b" * 200]
    for n, chunk in enumerate(chunks):
        reply = _post(browser, rooms_server, session, tokens["teacher"], str(n), chunk)
        assert reply.status == 200 and reply.json()["next"] == n + 1
    # A chunk sent again because its answer was lost is not written twice.
    again = _post(browser, rooms_server, session, tokens["teacher"], "2", chunks[2])
    assert again.status == 200 and again.json()["next"] == 3
    done = _post(
        browser,
        rooms_server,
        session,
        tokens["teacher"],
        "finish",
        b'{"started_ms": 4200}',
        {"Content-Type": "application/json"},
    )
    assert done.status == 200, done.text
    reference = done.json()
    assert reference["file"].startswith("clips/session-") and reference["file"].endswith(".webm")
    assert reference["finished"] and reference["started_ms"] == 4200 and reference["chunks"] == 3
    saved = rooms_server.workspace / "amy" / reference["file"]
    assert saved.read_bytes() == b"".join(chunks)
    # Played back next to the notes by any seat, with Range requests.
    play = browser.request(
        reference["url"] + f"?seat={tokens['observer']}",
        headers={"Range": "bytes=0-3"},
        token=True,
    )
    assert play.status == 206 and play.body == WEBM_MAGIC
    assert play.headers["Content-Type"] == "video/webm"
    listed = browser.request(rooms_server.path(session, "notes", tokens["observer"]), token=True)
    assert [r["id"] for r in listed.json()["recordings"]] == ["rec-1"]


def test_a_chunk_out_of_order_is_409_with_the_one_expected(rooms_server, browser):
    session, tokens = rooms_server.session()
    early = _post(browser, rooms_server, session, tokens["teacher"], "1", b"x")
    assert early.status == 409 and early.json()["expected"] == 0
    assert _post(browser, rooms_server, session, tokens["teacher"], "0", FIRST).status == 200
    skipped = _post(browser, rooms_server, session, tokens["teacher"], "2", b"x")
    assert skipped.status == 409 and skipped.json()["expected"] == 1
    assert "in order" in skipped.json()["message"]


def test_only_the_teacher_uploads(rooms_server, browser):
    session, tokens = rooms_server.session()
    reply = _post(browser, rooms_server, session, tokens["observer"], "0", FIRST)
    assert reply.status == 403


@pytest.mark.parametrize(
    ("headers", "body", "words"),
    [
        ({"Content-Type": "video/mp4"}, FIRST, "video/mp4"),
        ({"Content-Type": "text/html"}, b"<html>", "text/html"),
        (HEADERS, b"MZ\x90\x00 not a webm", "not WebM"),
    ],
)
def test_a_recording_of_another_type_is_415(rooms_server, browser, headers, body, words):
    session, tokens = rooms_server.session()
    reply = _post(browser, rooms_server, session, tokens["teacher"], "0", body, headers)
    assert reply.status == 415 and words in reply.json()["message"]


def test_over_the_limit_is_413_and_the_part_saved_is_kept(tmp_path):
    store = SessionStore(tmp_path / "rooms")
    session = store.create(new_session("amy", teacher_folder=str(tmp_path / "work" / "amy")))
    recordings = Recordings(store, limit=1000)
    recordings.append(session, "r1", 0, FIRST, "video/webm")
    recordings.append(session, "r1", 1, b"x" * 500, "video/webm")
    with pytest.raises(RecordingError) as over:
        recordings.append(session, "r1", 2, b"y" * 500, "video/webm")
    assert over.value.status == 413 and "limit" in str(over.value)
    with pytest.raises(RecordingError) as again:  # stays refused: the page stops recording
        recordings.append(session, "r1", 2, b"y" * 10, "video/webm")
    assert again.value.status == 413
    kept = recordings.path(session, "r1")
    assert kept.read_bytes() == FIRST + b"x" * 500
    assert kept.parent == tmp_path / "work" / "amy" / "clips"


def test_a_half_written_chunk_is_cut_off_before_the_next(tmp_path):
    """The server stopped mid-write: the resent chunk replaces the half, not follows it."""
    store = SessionStore(tmp_path / "rooms")
    session = store.create(new_session("amy", teacher_folder=str(tmp_path / "amy")))
    recordings = Recordings(store, limit=10_000)
    recordings.append(session, "r1", 0, FIRST, "video/webm")
    path = recordings.path(session, "r1")
    with path.open("ab") as half:
        half.write(b"half of chunk 1")
    recordings.append(session, "r1", 1, b"chunk 1 whole", "video/webm")
    assert path.read_bytes() == FIRST + b"chunk 1 whole"


def test_a_session_without_a_teacher_folder_records_in_the_rooms_workspace(tmp_path):
    store = SessionStore(tmp_path / "rooms")
    session = store.create(new_session("Maria Santos"))
    recordings = Recordings(store, limit=10_000)
    recordings.append(session, "r1", 0, FIRST, "audio/webm")
    assert recordings.path(session, "r1").parent == (
        tmp_path / "rooms" / "workspace" / "Maria_20Santos" / "clips"
    )
