"""The observer's notes: typed during the session, each at its session time, with rubric marks.

A note is ``{"id", "at_ms", "text", "criterion", "mark", "by", "saved"}``:
``at_ms`` is the session clock when it was typed (so a click on the note
jumps the recording there), ``criterion`` one of the micro-teaching rubric's
criteria (``MICRO_TEACHING``, the rubric the trainee scored their solo clip
with) and ``mark`` a level of it (1 = lowest). A session's rubric marks are
the latest mark given per criterion. Notes are saved as they are typed,
atomically, in ``<session>/notes.json``; ``read_notes`` is the one reader of
that shape (the room page and the hand-in both use it).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TypedDict

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _
from classbridge.core.storage import RecordStore, StaleSave
from classbridge.live.practice_session import MAX_HOURS, check_session_id
from classbridge.widgets.rubric import MICRO_TEACHING, RubricSpec

MAX_NOTE_CHARS = 2000
MAX_NOTES = 1000
#: A note's shape, shown in the refusal of a body that is not one.
NOTE_EXAMPLE = '{"at_ms": 1200, "text": "...", ...}'
_MAX_AT_MS = MAX_HOURS * 3600 * 1000


class NoteError(ClassBridgeError, ValueError):
    """A note the server refuses; the message says what to send instead."""


class Note(TypedDict):
    id: str
    at_ms: int
    text: str
    criterion: str | None
    mark: int | None
    by: str
    saved: str


class SessionNotes(TypedDict):
    notes: list[Note]
    rubric: dict[str, int]


def criterion_id(name: str) -> str:
    """``Presence on camera`` -> ``presence-on-camera``: the id notes and the page use."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def rubric_config(spec: RubricSpec = MICRO_TEACHING) -> dict:
    """The rubric as the room page shows it: criteria ids, labels, level names, descriptors.

    Ids come from the English names (notes store them); what is shown is translated.
    """
    return {
        "levels": [_(level) for level in spec.levels],
        "criteria": [
            {
                "id": criterion_id(c.name),
                "label": _(c.name),
                "descriptors": [_(text) for text in c.descriptors],
            }
            for c in spec.criteria
        ],
    }


def _whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_note(body: object, spec: RubricSpec = MICRO_TEACHING) -> dict:
    """The fields of a posted note, checked; ``NoteError`` naming the field otherwise."""
    if not isinstance(body, Mapping):
        raise NoteError(_("a note is a JSON object: {example}").format(example=NOTE_EXAMPLE))
    at_ms, text = body.get("at_ms"), body.get("text", "")
    criterion, mark = body.get("criterion"), body.get("mark")
    if not _whole_number(at_ms) or not 0 <= at_ms <= _MAX_AT_MS:
        raise NoteError(
            _("at_ms {at_ms!r}: give the session time in whole milliseconds").format(at_ms=at_ms)
        )
    if not isinstance(text, str) or len(text) > MAX_NOTE_CHARS:
        raise NoteError(
            _("a note's text is at most {most} characters of text").format(most=MAX_NOTE_CHARS)
        )
    ids = [criterion_id(c.name) for c in spec.criteria]
    if criterion is not None and criterion not in ids:
        raise NoteError(
            _("criterion {criterion!r} is not one of {ids}").format(
                criterion=str(criterion)[:40], ids=", ".join(ids)
            )
        )
    if mark is not None and (
        criterion is None or not _whole_number(mark) or not 1 <= mark <= len(spec.levels)
    ):
        raise NoteError(
            _("mark {mark!r}: a mark is a level from 1 to {most} of one criterion").format(
                mark=mark, most=len(spec.levels)
            )
        )
    if not text.strip() and mark is None:
        raise NoteError(_("the note is empty: type what you saw, or mark a criterion"))
    return {"at_ms": at_ms, "text": text.strip(), "criterion": criterion, "mark": mark}


def read_notes(data: Mapping) -> SessionNotes:
    """Saved notes and the rubric marks they give (the latest mark per criterion)."""
    notes = [n for n in data.get("notes", []) if isinstance(n, Mapping)]
    rubric: dict[str, int] = {}
    for note in notes:
        if isinstance(note.get("criterion"), str) and _whole_number(note.get("mark")):
            rubric[note["criterion"]] = note["mark"]
    return {"notes": notes, "rubric": rubric}


class NotesBook:
    """The notes of the sessions in one rooms folder."""

    def __init__(self, records: RecordStore) -> None:
        self.records = records

    def read(self, session_id: str) -> SessionNotes:
        return read_notes(self.records.load(f"{check_session_id(session_id)}/notes").data)

    def add(self, session_id: str, body: object, by: str) -> Note:
        """Append one note, saved atomically; a save racing another process is retried."""
        fields = check_note(body)
        key = f"{check_session_id(session_id)}/notes"
        for _attempt in range(10):
            record = self.records.load(key)
            notes = list(record.data.get("notes", []))
            if len(notes) >= MAX_NOTES:
                raise NoteError(
                    _("this session holds {most} notes, the most it keeps").format(most=MAX_NOTES)
                )
            note: Note = {
                "id": secrets.token_hex(6),
                **fields,
                "by": by,
                "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            }
            try:
                self.records.save(key, {"notes": [*notes, note]}, record.version)
            except StaleSave:
                continue
            return note
        raise NoteError(_("the note could not be saved (too many saves at once): send it again"))
