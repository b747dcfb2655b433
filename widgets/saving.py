"""How a widget keeps what the trainee entered: load after the visit, save atomically.

Every ClassBridge widget that holds trainee work composes one ``SavedItem``.
It remembers the version it loaded, so a save from a stale tab is refused
with a message instead of overwriting newer work, and it shows the outcome of
every load and save in a status line the trainee can see: an error raised in a
button callback would otherwise reach no one.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path
from typing import overload

import ipywidgets as w

from classbridge.core.errors import ClassBridgeError
from classbridge.core.status_colours import DRAFT_COLOUR, ERROR_COLOUR, OK_COLOUR
from classbridge.core.storage import DAMAGED, DamagedRecord, RecordStore
from classbridge.core.visit import current_trainee
from classbridge.core.workspace import check_key, trainee_dir

ERROR_STYLE = f"color:{ERROR_COLOUR}"
SAVED_STYLE = f"color:{OK_COLOUR}"
DRAFT_STYLE = f"color:{DRAFT_COLOUR}"


def error_html(message: str) -> str:
    """A problem, shown where the trainee is looking, in the words of the error."""
    return f'<span class="cb-error" style="{ERROR_STYLE}">{escape(message)}</span>'


def ok_html(message: str) -> str:
    """That it worked (saved, merged), in the same place a problem would be shown."""
    return f'<span class="cb-saved" style="{SAVED_STYLE}">{escape(message)}</span>'


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
    store = TraineeStore()

    def __init__(self, key: str, store: RecordStore | None = None) -> None:
        self.key = check_key(key)
        self.store = store
        self.version = 0
        self.status = w.HTML()
        self.status.add_class("cb-save-status")

    def load(self) -> dict:
        """The saved data; empty, with the reason on screen, if it cannot be read."""
        try:
            record = self.store.load(self.key)
        except DamagedRecord as err:
            self.version = DAMAGED
            self.status.value = error_html(str(err))
            return {}
        except ClassBridgeError as err:
            self.status.value = error_html(str(err))
            return {}
        self.version = record.version
        return record.data

    def save(self, data: dict) -> bool:
        try:
            record = self.store.save(self.key, data, self.version)
        except ClassBridgeError as err:
            self.status.value = error_html(str(err))
            return False
        self.version = record.version
        self.status.value = ok_html(f"Saved at {datetime.now().strftime('%H:%M:%S')}")
        return True
