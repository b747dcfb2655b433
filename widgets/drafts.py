"""Drafts: what a trainee typed but has not saved, kept as they type.

The catalogue promises "your work is saved as you go", yet a Save button alone
loses everything typed since the last press when the trainee reloads, follows a
link or closes the tab. A ``DraftKeeper`` writes what is on screen to a draft
once the trainee pauses (``DRAFT_DELAY`` seconds after the last change, and
at least every ``DRAFT_MAX_WAIT`` seconds of typing without a pause), in
``RecordStore.drafts()``, apart from the saved item: a draft never replaces a
save, so a stale tab still cannot overwrite newer work and a hand-in is graded
from what the trainee chose to save.

While the screen differs from the save the widget carries the CSS class
``cb-unsaved`` (our Voilà page asks before leaving a page that has one) and its
status line says "Unsaved changes". On the next visit the draft is put back on
screen with a note saying so, to be saved or discarded.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Callable
from html import escape

import ipywidgets as w

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _
from classbridge.core.records import DraftRecord, draft_record, read_draft
from classbridge.widgets.saving import DRAFT_STYLE, SavedItem, local_clock

#: Seconds after the last keystroke before a draft is written: often enough to lose
#: little, rarely enough that typing does not write a file per key.
DRAFT_DELAY = 2.0
#: Seconds of typing without a pause after which a draft is written anyway.
DRAFT_MAX_WAIT = 10.0
#: The CSS class of a widget showing text that is not saved (see index.html.j2).
UNSAVED_CLASS = "cb-unsaved"


class DraftKeeper:
    """Keeps one widget's unsaved input as a draft, and marks the widget while it has some.

    The widget hands over how to read its input (``on_screen``, in the shape of
    its saved record) and how to show a record (``show``); it then calls
    ``restore()`` once after showing its saved data, ``changed()`` on every
    edit, and ``flush()`` when a save was refused. A successful save of the
    ``SavedItem`` calls ``after_save()`` itself.
    Drafts are written from a timer thread; the widget is only touched from it
    to report a draft that could not be written.
    """

    def __init__(
        self,
        saved: SavedItem,
        widget: w.DOMWidget,
        on_screen: Callable[[], dict],
        show: Callable[[dict], None],
    ) -> None:
        self.saved = saved
        self.widget = widget
        self.delay = DRAFT_DELAY
        self.max_wait = DRAFT_MAX_WAIT
        self._on_screen = on_screen
        self._show = show
        self._baseline: dict = {}
        self._filling = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._pending: dict | None = None
        self._pending_since = 0.0
        #: This page's name in its drafts: a save here removes its own draft, not another tab's.
        self._tab = secrets.token_hex(4)
        self.note = w.HTML()
        self.note.add_class("cb-draft-note")
        self.discard_button = w.Button(
            description=_("Discard draft"),
            icon="undo",
            layout=w.Layout(display="none", width="auto"),
        )
        self.discard_button.on_click(lambda _: self.discard())
        self.row = w.HBox([self.note, self.discard_button])
        saved.when_saved(self.after_save)

    def restore(self) -> None:
        """After the saved data is on screen: put back a draft that differs from it, with a note."""
        self._baseline = self._on_screen()
        found = self._load()
        if found is None:
            return
        draft, saved_at = found
        if draft["on_screen"] == self._baseline:
            with self._lock:
                self._remove_locked(unless_other_tab=False)
            return
        self._fill(draft["on_screen"])
        self._tab = draft["tab"] or self._tab  # the draft is this page's now
        self._mark(True)
        if self.saved.version > draft["based_on"]:
            note = _(
                "Restored your unsaved draft from {time} — press Save to keep it. "
                "You saved a newer version since, in another tab or window: "
                "press Discard draft to see it instead."
            )
        else:
            note = _("Restored your unsaved draft from {time} — press Save to keep it.")
        note = note.format(time=local_clock(saved_at))
        self.note.value = (
            f'<span class="cb-draft-restored" style="{DRAFT_STYLE}">{escape(note)}</span>'
        )
        self.discard_button.layout.display = None

    def changed(self) -> None:
        """On every edit: mark the widget, and write a draft once the trainee pauses."""
        if self._filling:
            return
        on_screen = self._on_screen()
        differs = on_screen != self._baseline
        self._mark(differs)
        with self._lock:
            self._cancel_timer()
            if self._pending is None:
                self._pending_since = time.monotonic()
            self._pending = on_screen if differs else None
            if differs:
                overdue = time.monotonic() - self._pending_since >= self.max_wait
                self._timer = threading.Timer(0 if overdue else self.delay, self._write_pending)
                self._timer.start()  # not a daemon: a kernel shutting down still writes it
            else:
                self._remove_locked()
        if not differs:
            self._hide_note()

    def flush(self) -> None:
        """Write a waiting draft now: a save was refused, and the text must survive a reload."""
        self._write_pending()

    def after_save(self) -> None:
        """The screen is saved: no draft of this tab's, no mark, no note."""
        self._baseline = self._on_screen()
        with self._lock:
            self._cancel_timer()
            self._pending = None
            self._remove_locked()
        self._mark(False)
        self._hide_note()

    def discard(self) -> None:
        """Show the saved version again (the newest, if another tab saved one); drop the draft."""
        self._fill(self.saved.load())
        self._baseline = self._on_screen()
        with self._lock:
            self._cancel_timer()
            self._pending = None
            self._remove_locked(unless_other_tab=False)
        self._mark(False)
        self._hide_note()

    def _fill(self, data: dict) -> None:
        self._filling = True
        try:
            self._show(data)
        finally:
            self._filling = False

    def _mark(self, unsaved: bool) -> None:
        if unsaved:
            self.widget.add_class(UNSAVED_CLASS)
        else:
            self.widget.remove_class(UNSAVED_CLASS)
        self.saved.show_unsaved(unsaved)

    def _hide_note(self) -> None:
        self.note.value = ""
        self.discard_button.layout.display = "none"

    def _load(self) -> tuple[DraftRecord, str | None] | None:
        try:
            record = self.saved.store.drafts().load(self.saved.key)
        except ClassBridgeError:  # a damaged draft is passed over; the next one replaces it
            return None
        draft = read_draft(record.data)
        return None if draft is None else (draft, record.saved_at)

    def _write_pending(self) -> None:
        with self._lock:
            self._cancel_timer()
            on_screen, self._pending = self._pending, None
            if on_screen is None:
                return
            try:
                drafts = self.saved.store.drafts()
                record = draft_record(on_screen, self.saved.version, self._tab)
                drafts.replace(self.saved.key, record)
            except ClassBridgeError as err:
                self.saved.show_error(
                    _("Your draft could not be kept ({error}): press Save now").format(error=err)
                )

    def _remove_locked(self, unless_other_tab: bool = True) -> None:
        """Remove the draft; ``unless_other_tab``: keep one another tab wrote that differs."""
        drafts = self.saved.store.drafts()
        # A draft that cannot be read or removed is compared with the save on the next visit.
        with contextlib.suppress(ClassBridgeError, OSError):
            if unless_other_tab:
                draft = read_draft(drafts.load(self.saved.key).data)
                if draft and draft["tab"] != self._tab and draft["on_screen"] != self._baseline:
                    return
            drafts.remove(self.saved.key)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
