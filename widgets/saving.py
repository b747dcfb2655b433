"""How a widget keeps what the trainee entered: load after the visit, save atomically.

Every ClassBridge widget that holds trainee work composes one ``SavedItem``.
It remembers the version it loaded, so a save from a stale tab is refused
with a message instead of overwriting newer work, and it shows the outcome of
every load and save in a status line the trainee can see: an error raised in a
button callback would otherwise reach no one.

A refused stale save never asks the trainee to reload away what they typed: a
widget that passes ``on_keep`` gets a "Keep my text and save over it" button,
shown with the refusal, which saves the screen over the newer version when
pressed. What was typed but not saved is kept as a draft (``widgets.drafts``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import overload

import ipywidgets as w

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import N_, _
from classbridge.core.status_colours import DRAFT_COLOUR, ERROR_COLOUR, OK_COLOUR
from classbridge.core.storage import DAMAGED, DamagedRecord, RecordStore, StaleSave
from classbridge.core.visit import current_trainee
from classbridge.core.workspace import check_key, trainee_dir

ERROR_STYLE = f"color:{ERROR_COLOUR}"
SAVED_STYLE = f"color:{OK_COLOUR}"
DRAFT_STYLE = f"color:{DRAFT_COLOUR}"
#: The button a stale tab shows to keep what is on its screen.
KEEP_MINE = N_("Keep my text and save over it")


def error_html(message: str) -> str:
    """A problem, shown where the trainee is looking, in the words of the error."""
    return f'<span class="cb-error" style="{ERROR_STYLE}">{escape(message)}</span>'


def ok_html(message: str) -> str:
    """That it worked (saved, merged), in the same place a problem would be shown."""
    return f'<span class="cb-saved" style="{SAVED_STYLE}">{escape(message)}</span>'


def local_clock(saved_at: str | None) -> str:
    """A record's ``saved_at`` (UTC) as the hour and minute on this machine's clock."""
    try:
        return datetime.fromisoformat(saved_at).astimezone().strftime("%H:%M")
    except (TypeError, ValueError):
        return _("earlier")


def trainee_store(trainee: str | None = None, root: Path | None = None) -> RecordStore:
    """Where ``trainee``'s work is saved; by default the trainee using the page
    (or, while autograding, the student whose hand-in is graded)."""
    return RecordStore(trainee_dir(trainee or current_trainee().id, root))


class TraineeStore:
    """A widget's ``store``: the RecordStore it was given, else the visiting trainee's.

    Voilà runs a page's cells in a preheated kernel before anyone visits, so
    who the trainee is can only be asked when the widget first reads or
    saves; a store given to the widget (tests, a trainer's view) is used as it is.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}"

    @overload
    def __get__(self, widget: None, owner: type) -> TraineeStore: ...
    @overload
    def __get__(self, widget: object, owner: type | None = None) -> RecordStore: ...

    def __get__(self, widget, owner=None):
        if widget is None:
            return self
        store = getattr(widget, self._slot, None)
        if store is None:
            store = trainee_store()
            setattr(widget, self._slot, store)
        return store

    def __set__(self, widget: object, store: RecordStore | None) -> None:
        setattr(widget, self._slot, store)


class SavedItem:
    """One item of trainee work: its version, its status line and its keep-my-text button."""

    store = TraineeStore()

    def __init__(
        self,
        key: str,
        store: RecordStore | None = None,
        on_keep: Callable[[], object] | None = None,
    ) -> None:
        self.key = check_key(key)
        self.store = store
        self.version = 0
        self.status = w.HTML()
        self.status.add_class("cb-save-status")
        self._showing = ""
        self.keep_button = w.Button(
            description=_(KEEP_MINE),
            icon="save",
            button_style="warning",
            layout=w.Layout(display="none", width="auto"),
        )
        self.keep_button.add_class("cb-keep-mine")
        self._can_keep = on_keep is not None
        if on_keep is not None:
            self.keep_button.on_click(lambda _: on_keep())
        self._when_saved: list[Callable[[], None]] = []

    def when_saved(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after each successful save, before the status line says so: a
        page that shows "Saved at" has already dropped its unsaved mark (see widgets.drafts)."""
        self._when_saved.append(callback)

    def load(self) -> dict:
        """The saved data; empty, with the reason on screen, if it cannot be read."""
        try:
            record = self.store.load(self.key)
        except DamagedRecord as err:
            self.version = DAMAGED
            self.show_error(str(err))
            return {}
        except ClassBridgeError as err:
            self.show_error(str(err))
            return {}
        self.version = record.version
        return record.data

    def save(self, data: dict, over_newer: bool = False) -> bool:
        """Save ``data`` if nothing newer was saved meanwhile; ``over_newer``: the trainee chose
        to save over a newer version (the keep-my-text button)."""
        try:
            if over_newer:
                self.version = self._version_now()
            record = self.store.save(self.key, data, self.version)
        except StaleSave as err:
            self._show_stale(err)
            return False
        except ClassBridgeError as err:
            self.show_error(str(err))
            return False
        self.version = record.version
        self.keep_button.layout.display = "none"
        for callback in self._when_saved:
            callback()
        now = datetime.now().strftime("%H:%M:%S")
        self._show("saved", ok_html(_("Saved at {time}").format(time=now)))
        return True

    def show_error(self, message: str) -> None:
        """A problem in the status line; it stays until the next save."""
        self._show("error", error_html(message))

    def show_unsaved(self, unsaved: bool) -> None:
        """Say "Unsaved changes" while the screen differs from the save; a problem shown stays."""
        if self._showing == "error":
            return
        if unsaved:
            note = escape(_("Unsaved changes"))
            self._show(
                "unsaved", f'<span class="cb-unsaved-note" style="{DRAFT_STYLE}">{note}</span>'
            )
        elif self._showing == "unsaved":
            self._show("", "")

    def _show(self, kind: str, html: str) -> None:
        self._showing = kind
        self.status.value = html

    def _version_now(self) -> int:
        try:
            return self.store.load(self.key).version
        except DamagedRecord:
            return DAMAGED

    def _show_stale(self, err: StaleSave) -> None:
        if not self._can_keep:
            self.show_error(str(err))
            return
        if err.saved_at:
            message = _(
                "Not saved: this was changed in another tab or window at {time}. "
                "Press “{button}” to save what is on this screen over it, or copy your text "
                "somewhere safe before you reload to see the other version."
            ).format(time=local_clock(err.saved_at), button=_(KEEP_MINE))
        else:
            message = _(
                "Not saved: this was changed in another tab or window. "
                "Press “{button}” to save what is on this screen over it, or copy your text "
                "somewhere safe before you reload to see the other version."
            ).format(button=_(KEEP_MINE))
        self.show_error(message)
        self.keep_button.layout.display = None
