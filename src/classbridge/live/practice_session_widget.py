"""Module 05's "Practise together": create a session to teach in, and hand it in.

``PracticeSessionPanel``: the trainee who presses *Create session* is the
remote teacher (the server signs their seat; the recording goes to their
folder). The panel shows one join link per seat, to open and to send to the
others; the session stays on the page after a reload.

``PracticeHandIn``: after the session, *Collect for hand-in* saves the
observer's timestamped notes, the rubric marks and the recording's reference
in the trainee's workspace, where nbgrader collects them with the module.
``show_practice_session_for_grader`` prints them in the graded notebook, so
the trainer reads them in the formgrader beside the rubric.

A widget, but in ``classbridge.live`` because it is built on the live room;
its rules are in ``session_client`` and tested without a browser.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

import ipywidgets as w

from classbridge.core.errors import ClassBridgeError
from classbridge.core.storage import RecordStore
from classbridge.core.visit import autograding, current_trainee
from classbridge.grading.checks import handed_in_work
from classbridge.live.notes import criterion_id
from classbridge.live.practice_session import DEFAULT_SEATS
from classbridge.live.session_client import (
    collect_hand_in,
    create_practice_session,
    read_hand_in,
)
from classbridge.widgets.rubric import MICRO_TEACHING
from classbridge.widgets.saving import SavedItem, ok_html

#: The seat plans a trainee chooses from (any seats spec works in the CLI).
SEAT_PLANS = (
    ("One remote room: co-teacher, learners, observer (4 people)", DEFAULT_SEATS),
    ("Two remote rooms of learners, observer (4 people)", "teacher,learners:A,learners:B,observer"),
    (
        "Two remote rooms with co-teachers, observer (6 people)",
        "teacher,coteacher:A,learners:A,coteacher:B,learners:B,observer",
    ),
    ("You and one partner as the learners (2 people)", "teacher,learners:A"),
)
SESSION_KEY = "05-live-room/practice-session"
HAND_IN_KEY = "05-live-room/practice-hand-in"


def _clock(ms: object) -> str:
    seconds = ms // 1000 if isinstance(ms, int) and not isinstance(ms, bool) else 0
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _links_html(record: dict) -> str:
    rows = []
    for link in record.get("links", []):
        url, label = escape(str(link.get("url", ""))), escape(str(link.get("label", "")))
        yours = " <em>(you)</em>" if link.get("role") == "teacher" else ""
        rows.append(
            f'<li class="cb-seat-link" data-seat="{escape(str(link.get("seat", "")))}">'
            f'<a href="{url}" target="_blank" rel="noopener">{label}</a>{yours}</li>'
        )
    expires = datetime.fromtimestamp(int(record.get("expires", 0))).strftime("%d %b %H:%M")
    return (
        f"<p><strong>{escape(str(record.get('title', '')))}</strong>: open your own seat, "
        "then send each person the link of their seat (right-click a link, "
        f"<em>Copy link</em>). The links work until {escape(expires)}.</p>"
        f'<ul class="cb-seat-links">{"".join(rows)}</ul>'
    )


class PracticeSessionPanel(w.VBox):
    """Create a practice session you teach in; its join links, one per seat.

    Example::

        PracticeSessionPanel("05-live-room/practice-session")
    """

    def __init__(self, key: str = SESSION_KEY, store: RecordStore | None = None) -> None:
        self.saved = SavedItem(key, store)
        self.title = w.Text(
            placeholder="What you will teach, e.g. Fractions with market prices",
            description="Lesson",
            layout=w.Layout(width="auto", max_width="40em"),
        )
        self.seats = w.Dropdown(
            options=SEAT_PLANS,
            value=DEFAULT_SEATS,
            description="Seats",
            layout=w.Layout(width="auto", max_width="40em"),
        )
        self.create_button = w.Button(
            description="Create session", button_style="primary", icon="users"
        )
        self.create_button.on_click(lambda _: self.create())
        self.links = w.HTML()
        self.links.add_class("cb-practice-links")
        super().__init__(
            [self.title, self.seats, self.create_button, self.links, self.saved.status]
        )
        self.add_class("cb-practice-session")
        self.record = self.saved.load()
        self._show()

    def create(self) -> bool:
        """Create the session (the trainee teaches in it), save it, show its links."""
        trainee = current_trainee()
        try:
            record = create_practice_session(
                trainee,
                self.saved.store.folder,
                seats=self.seats.value,
                title=self.title.value or None,
            )
        except ClassBridgeError as err:
            self.saved.show_error(str(err))
            return False
        if not self.saved.save(dict(record), over_newer=True):
            return False
        self.record = dict(record)
        self._show()
        return True

    def _show(self) -> None:
        if self.record.get("links"):
            self.links.value = _links_html(self.record)
            self.create_button.description = "Create another session"
        else:
            self.links.value = ""


def _hand_in_html(hand_in: dict) -> str:
    levels = MICRO_TEACHING.levels
    names = {criterion_id(c.name): c.name for c in MICRO_TEACHING.criteria}
    marks = "".join(
        f"<li>{escape(names.get(c, c))}: {escape(levels[m - 1] if 0 < m <= len(levels) else '?')}"
        "</li>"
        for c, m in hand_in["rubric"].items()
    )
    notes = "".join(
        f'<li><span class="cb-note-time">{_clock(n.get("at_ms"))}</span> '
        f"{escape(str(n.get('text', '')))}</li>"
        for n in hand_in["notes"]
    )
    recordings = "".join(
        f"<li>{escape(str(r.get('file', '')))} ({int(r.get('bytes', 0)) / 2**20:.1f} MB"
        f"{'' if r.get('finished') else ', not finished'})</li>"
        for r in hand_in["recordings"]
    )
    return (
        f"<p><strong>{escape(hand_in['title'])}</strong></p>"
        f"<p>Recording:</p><ul>{recordings or '<li>none</li>'}</ul>"
        f"<p>The observer's rubric marks:</p><ul>{marks or '<li>none yet</li>'}</ul>"
        f'<p>The observer\'s notes:</p><ul class="cb-handed-notes">{notes or "<li>none</li>"}</ul>'
    )


class PracticeHandIn(w.VBox):
    """After the session: collect its notes, rubric marks and recording for the hand-in.

    Example::

        PracticeHandIn("05-live-room/practice-hand-in")
    """

    def __init__(
        self,
        key: str = HAND_IN_KEY,
        session_key: str = SESSION_KEY,
        store: RecordStore | None = None,
    ) -> None:
        self.saved = SavedItem(key, store)
        self.session_key = session_key
        self.collect_button = w.Button(
            description="Collect for hand-in", button_style="primary", icon="download"
        )
        self.collect_button.on_click(lambda _: self.collect())
        self.shown = w.HTML()
        self.shown.add_class("cb-practice-hand-in")
        super().__init__([self.collect_button, self.saved.status, self.shown])
        hand_in = read_hand_in(self.saved.load())
        self.shown.value = _hand_in_html(dict(hand_in)) if hand_in else ""

    def collect(self) -> bool:
        practice = self.saved.store.load(self.session_key).data
        if not practice.get("session"):
            self.saved.show_error(
                "no practice session yet: create one above, teach it, then collect it here"
            )
            return False
        try:
            hand_in = collect_hand_in(practice)
        except ClassBridgeError as err:
            self.saved.show_error(str(err))
            return False
        if not self.saved.save(dict(hand_in), over_newer=True):
            return False
        self.shown.value = _hand_in_html(dict(hand_in))
        self.saved.status.value = ok_html(
            f"Collected at {datetime.now():%H:%M}: handed in with this module"
        )
        return True


def show_practice_session_for_grader(key: str = HAND_IN_KEY) -> None:
    """While autograding, print the handed-in session for the trainer to grade with the rubric."""
    if not autograding():
        return
    hand_in = read_hand_in(handed_in_work().load(key).data)
    if hand_in is None:
        print("No practice session was collected for hand-in.")
        return
    levels = MICRO_TEACHING.levels
    names = {criterion_id(c.name): c.name for c in MICRO_TEACHING.criteria}
    print(f"Practice session: {hand_in['title']} ({hand_in['session']})")
    for recording in hand_in["recordings"] or [{"file": "no recording"}]:
        print(f"Recording: {recording.get('file')} ({int(recording.get('bytes', 0))} bytes)")
    print("Observer's rubric marks:")
    for criterion, mark in hand_in["rubric"].items() or [("none", 0)]:
        shown = levels[mark - 1] if 0 < mark <= len(levels) else "-"
        print(f"  {names.get(criterion, criterion)}: {shown}")
    print("Observer's notes:")
    for note in hand_in["notes"]:
        print(f"  [{_clock(note.get('at_ms'))}] {note.get('text', '')}")
