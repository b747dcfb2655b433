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
from classbridge.core.language import DEFAULT_LANGUAGE, N_, _, current_language
from classbridge.core.locale_format import format_moment
from classbridge.core.storage import RecordStore
from classbridge.core.visit import autograding, current_trainee, when_visited
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
    (N_("One remote room: co-teacher, learners, observer (4 people)"), DEFAULT_SEATS),
    (
        N_("Two remote rooms of learners, observer (4 people)"),
        "teacher,learners:A,learners:B,observer",
    ),
    (
        N_("Two remote rooms with co-teachers, observer (6 people)"),
        "teacher,coteacher:A,learners:A,coteacher:B,learners:B,observer",
    ),
    (N_("You and one partner as the learners (2 people)"), "teacher,learners:A"),
)
SESSION_KEY = "05-live-room/practice-session"
HAND_IN_KEY = "05-live-room/practice-hand-in"


def _clock(ms: object) -> str:
    seconds = ms // 1000 if isinstance(ms, int) and not isinstance(ms, bool) else 0
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _expiry(moment: datetime) -> str:
    """When the links stop working, as the page's language writes a date."""
    if current_language() == DEFAULT_LANGUAGE:
        return moment.strftime("%d %b %H:%M")
    return format_moment(moment)


def _links_html(record: dict) -> str:
    rows = []
    you = escape(_("(you)"))
    for link in record.get("links", []):
        url, label = escape(str(link.get("url", ""))), escape(str(link.get("label", "")))
        yours = f" <em>{you}</em>" if link.get("role") == "teacher" else ""
        rows.append(
            f'<li class="cb-seat-link" data-seat="{escape(str(link.get("seat", "")))}">'
            f'<a href="{url}" target="_blank" rel="noopener">{label}</a>{yours}</li>'
        )
    expires = _expiry(datetime.fromtimestamp(int(record.get("expires", 0))))
    # The sentence is translated whole; its <em> and the title's <strong> are put in after.
    sentence = _(
        "{title}: open your own seat, then send each person the link of their seat "
        "(right-click a link, {copy_link}). The links work until {expires}."
    )
    copy_link = escape(_("Copy link"))
    sentence = escape(sentence).format(
        title=f"<strong>{escape(str(record.get('title', '')))}</strong>",
        copy_link=f"<em>{copy_link}</em>",
        expires=escape(expires),
    )
    return f'<p>{sentence}</p><ul class="cb-seat-links">{"".join(rows)}</ul>'


class PracticeSessionPanel(w.VBox):
    """Create a practice session you teach in; its join links, one per seat.

    Example::

        PracticeSessionPanel("05-live-room/practice-session")
    """

    def __init__(self, key: str = SESSION_KEY, store: RecordStore | None = None) -> None:
        self.saved = SavedItem(key, store)
        self.title = w.Text(
            placeholder=_("What you will teach, e.g. Fractions with market prices"),
            description=_("Lesson"),
            layout=w.Layout(width="auto", max_width="40em"),
        )
        self.seats = w.Dropdown(
            options=[(_(label), spec) for label, spec in SEAT_PLANS],
            value=DEFAULT_SEATS,
            description=_("Seats"),
            layout=w.Layout(width="auto", max_width="40em"),
        )
        self.create_button = w.Button(
            description=_("Create session"), button_style="primary", icon="users"
        )
        self.create_button.on_click(lambda _button: self.create())
        self.links = w.HTML()
        self.links.add_class("cb-practice-links")
        super().__init__(
            [self.title, self.seats, self.create_button, self.links, self.saved.status]
        )
        self.add_class("cb-practice-session")
        self.record: dict = {}
        when_visited(self._show_saved)

    def _show_saved(self) -> None:
        """The session this trainee created before, read when the visit arrives."""
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
            self.create_button.description = _("Create another session")
        else:
            self.links.value = ""


def _rubric_words() -> tuple[list[str], dict[str, str]]:
    """The micro-teaching rubric's levels and criteria names (by id), as the page shows them."""
    levels = [_(level) for level in MICRO_TEACHING.levels]
    names = {criterion_id(c.name): _(c.name) for c in MICRO_TEACHING.criteria}
    return levels, names


def _hand_in_html(hand_in: dict) -> str:
    levels, names = _rubric_words()
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
        "<li>{}</li>".format(
            escape(
                (
                    _("{file} ({size} MB)")
                    if r.get("finished")
                    else _("{file} ({size} MB, not finished)")
                ).format(file=str(r.get("file", "")), size=f"{int(r.get('bytes', 0)) / 2**20:.1f}")
            )
        )
        for r in hand_in["recordings"]
    )
    none = "<li>" + escape(_("none")) + "</li>"
    none_yet = "<li>" + escape(_("none yet")) + "</li>"
    heading_recording = escape(_("Recording:"))
    heading_marks = escape(_("The observer's rubric marks:"))
    heading_notes = escape(_("The observer's notes:"))
    return (
        f"<p><strong>{escape(hand_in['title'])}</strong></p>"
        f"<p>{heading_recording}</p><ul>{recordings or none}</ul>"
        f"<p>{heading_marks}</p><ul>{marks or none_yet}</ul>"
        f'<p>{heading_notes}</p><ul class="cb-handed-notes">{notes or none}</ul>'
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
            description=_("Collect for hand-in"), button_style="primary", icon="download"
        )
        self.collect_button.on_click(lambda _button: self.collect())
        self.shown = w.HTML()
        self.shown.add_class("cb-practice-hand-in")
        super().__init__([self.collect_button, self.saved.status, self.shown])
        when_visited(self._show_saved)

    def _show_saved(self) -> None:
        """What was collected before, read when the visit arrives."""
        hand_in = read_hand_in(self.saved.load())
        self.shown.value = _hand_in_html(dict(hand_in)) if hand_in else ""

    def collect(self) -> bool:
        practice = self.saved.store.load(self.session_key).data
        if not practice.get("session"):
            self.saved.show_error(
                _("no practice session yet: create one above, teach it, then collect it here")
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
            _("Collected at {time}: handed in with this module").format(
                time=f"{datetime.now():%H:%M}"
            )
        )
        return True


def show_practice_session_for_grader(key: str = HAND_IN_KEY) -> None:
    """While autograding, print the handed-in session for the trainer to grade with the rubric."""
    if not autograding():
        return
    hand_in = read_hand_in(handed_in_work().load(key).data)
    if hand_in is None:
        print(_("No practice session was collected for hand-in."))
        return
    levels, names = _rubric_words()
    print(
        _("Practice session: {title} ({session})").format(
            title=hand_in["title"], session=hand_in["session"]
        )
    )
    for recording in hand_in["recordings"] or [{"file": _("no recording")}]:
        print(
            _("Recording: {file} ({size} bytes)").format(
                file=recording.get("file"), size=int(recording.get("bytes", 0))
            )
        )
    print(_("Observer's rubric marks:"))
    for criterion, mark in hand_in["rubric"].items() or [(_("none"), 0)]:
        shown = levels[mark - 1] if 0 < mark <= len(levels) else "-"
        print(f"  {names.get(criterion, criterion)}: {shown}")
    print(_("Observer's notes:"))
    for note in hand_in["notes"]:
        print(f"  [{_clock(note.get('at_ms'))}] {note.get('text', '')}")
