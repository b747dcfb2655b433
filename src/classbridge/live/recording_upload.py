"""The teaching trainee's recording, streamed to the server chunk by chunk while it runs.

The browser's MediaRecorder hands over a chunk every two seconds; each is
POSTed at once and appended to ``<teacher folder>/clips/session-<time>.webm``,
so a closed tab, a crashed browser or a dropped link loses at most the last
chunk or two, never the lesson. Chunks are numbered from 0 and must arrive in
order: a chunk out of order is refused (409) with the number expected. A
chunk whose answer was lost may simply be sent again: the same last chunk
again is answered as saved, and a chunk half written when the server stopped
is cut off (the file is cut back to what the state file says was saved).

Refused, with one line saying why, and the part already saved kept: a type
other than WebM (415; the first chunk must start with WebM's magic bytes), a
recording over the size limit (413; ``clip_files.MAX_CLIP_BYTES``, the solo
clips' limit). The state of each recording (file, chunks, bytes, finished)
is a small record beside the session, saved atomically after every chunk.
One server process appends to a recording: the signalling and upload
handlers live in one process.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TypedDict

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _
from classbridge.core.workspace import InvalidName, check_segment
from classbridge.live.practice_session import PracticeSession
from classbridge.live.session_store import SessionStore

#: The first bytes of every WebM (EBML) file.
WEBM_MAGIC = bytes.fromhex("1a45dfa3")
ACCEPTED_TYPES = ("video/webm", "audio/webm")
_STAMP = "session-%Y%m%d-%H%M%S"


class RecordingError(ClassBridgeError):
    """A chunk the server refuses; ``status`` is the HTTP status, ``expected`` for 409."""

    def __init__(self, status: int, message: str, expected: int | None = None) -> None:
        self.status = status
        self.expected = expected
        super().__init__(message)


class RecordingState(TypedDict):
    file: str
    chunks: int
    bytes: int
    last_chunk_bytes: int
    finished: bool
    refused: str | None
    started: str
    started_ms: int | None


class RecordingReference(TypedDict):
    """What the hand-in and the notes page know of a recording.

    ``file`` is relative to the teaching trainee's folder (``clips/session-….webm``);
    ``started_ms`` the session time recording began (notes are timed by the same clock).
    """

    id: str
    file: str
    bytes: int
    chunks: int
    finished: bool
    refused: str | None
    started: str
    started_ms: int | None


def check_recording_id(rec_id: str) -> str:
    try:
        return check_segment(rec_id, _("recording id"))
    except InvalidName as err:
        raise RecordingError(400, str(err)) from None


class Recordings:
    """The recordings of the sessions in one rooms folder."""

    def __init__(self, store: SessionStore, limit: int) -> None:
        self.store = store
        self.limit = limit

    def _key(self, session: PracticeSession, rec_id: str) -> str:
        return f"{session.id}/recordings/{check_recording_id(rec_id)}"

    def _state(self, session: PracticeSession, rec_id: str) -> tuple[RecordingState | None, int]:
        record = self.store.records.load(self._key(session, rec_id))
        return (record.data or None), record.version  # type: ignore[return-value]

    def append(
        self, session: PracticeSession, rec_id: str, number: int, payload: bytes, content_type: str
    ) -> RecordingState:
        """Append chunk ``number`` of recording ``rec_id``; ``RecordingError`` if refused."""
        media_type = (content_type or "").split(";")[0].strip().lower()
        if media_type not in ACCEPTED_TYPES:
            raise RecordingError(
                415,
                _(
                    "a recording chunk of type {media_type!r} was refused: send the "
                    "browser's WebM recording (Content-Type video/webm)"
                ).format(media_type=media_type or "none"),
            )
        state, version = self._state(session, rec_id)
        if state is None:
            if number != 0:
                raise RecordingError(
                    409,
                    _("chunk {number} arrived first: a recording starts with chunk 0").format(
                        number=number
                    ),
                    0,
                )
            state = self._new_state(session)
        if state["finished"]:
            raise RecordingError(409, _("this recording is finished: start a new recording"))
        if state["refused"]:
            raise RecordingError(413, state["refused"])
        if number == state["chunks"] - 1 and self._is_last_chunk(state, payload):
            return state  # the answer to this chunk was lost: it is saved already
        if number != state["chunks"]:
            raise RecordingError(
                409,
                _(
                    "chunk {number} arrived but chunk {expected} was expected: "
                    "send the chunks in order"
                ).format(number=number, expected=state["chunks"]),
                state["chunks"],
            )
        if number == 0 and not payload.startswith(WEBM_MAGIC):
            raise RecordingError(
                415, _("the recording is not WebM: record in the browser's WebM format")
            )
        if state["bytes"] + len(payload) > self.limit:
            state["refused"] = _(
                "the recording reached the {limit} MB limit and was stopped; "
                "the first {saved} MB are saved: record shorter segments"
            ).format(limit=f"{self.limit / 2**20:.0f}", saved=f"{state['bytes'] / 2**20:.1f}")
            self.store.records.save(self._key(session, rec_id), dict(state), version)
            raise RecordingError(413, state["refused"])
        self._append_bytes(Path(state["file"]), state["bytes"], payload)
        state["chunks"] += 1
        state["bytes"] += len(payload)
        state["last_chunk_bytes"] = len(payload)
        self.store.records.save(self._key(session, rec_id), dict(state), version)
        return state

    def finish(
        self, session: PracticeSession, rec_id: str, started_ms: object = None
    ) -> RecordingReference:
        """Mark the recording complete; ``started_ms``: the session time it began."""
        state, version = self._state(session, rec_id)
        if state is None:
            raise RecordingError(404, _("there is no such recording: it never received a chunk"))
        if not state["finished"]:
            state["finished"] = True
            if isinstance(started_ms, int) and not isinstance(started_ms, bool) and started_ms >= 0:
                state["started_ms"] = started_ms
            self.store.records.save(self._key(session, rec_id), dict(state), version)
        return self._reference(rec_id, state)

    def path(self, session: PracticeSession, rec_id: str) -> Path:
        state, _version = self._state(session, rec_id)
        if state is None or not Path(state["file"]).is_file():
            raise RecordingError(404, _("there is no such recording in this session"))
        return Path(state["file"])

    def references(self, session: PracticeSession) -> list[RecordingReference]:
        """Every recording of the session, oldest first, as the hand-in records them."""
        found = []
        for key in self.store.records.keys(f"{session.id}/recordings"):
            rec_id = key.rsplit("/", 1)[-1]
            state, _version = self._state(session, rec_id)
            if state:
                found.append(self._reference(rec_id, state))
        return sorted(found, key=lambda ref: ref["started"])

    def _reference(self, rec_id: str, state: RecordingState) -> RecordingReference:
        return {
            "id": rec_id,
            "file": f"{Path(state['file']).parent.name}/{Path(state['file']).name}",
            "bytes": state["bytes"],
            "chunks": state["chunks"],
            "finished": state["finished"],
            "refused": state["refused"],
            "started": state["started"],
            "started_ms": state.get("started_ms"),
        }

    def _new_state(self, session: PracticeSession) -> RecordingState:
        folder = self.store.clips_folder(session)
        folder.mkdir(parents=True, exist_ok=True)
        now = datetime.now()
        stem = now.strftime(_STAMP)
        path, n = folder / f"{stem}.webm", 1
        while path.exists():
            n += 1
            path = folder / f"{stem}-{n}.webm"
        path.touch()
        return {
            "file": str(path),
            "chunks": 0,
            "bytes": 0,
            "last_chunk_bytes": 0,
            "finished": False,
            "refused": None,
            "started": now.astimezone(timezone.utc).isoformat(timespec="seconds"),
            "started_ms": None,
        }

    @staticmethod
    def _is_last_chunk(state: RecordingState, payload: bytes) -> bool:
        size = state.get("last_chunk_bytes", 0)
        if not size or size != len(payload):
            return False
        with open(state["file"], "rb") as handle:
            handle.seek(state["bytes"] - size)
            return handle.read(size) == payload

    @staticmethod
    def _append_bytes(path: Path, saved: int, payload: bytes) -> None:
        """Append after the ``saved`` bytes the state counts (dropping a half-saved retry)."""
        with open(path, "r+b" if path.exists() else "wb") as handle:
            handle.truncate(saved)
            handle.seek(saved)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
