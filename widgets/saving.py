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

import ipywidgets as w

from classbridge.core.errors import ClassBridgeError
from classbridge.core.storage import DAMAGED, DamagedRecord, RecordStore
from classbridge.core.visit import current_trainee
from classbridge.core.workspace import check_key, trainee_dir

ERROR_STYLE = "color:#a0300a"
SAVED_STYLE = "color:#1a7f37"


def error_html(message: str) -> str:
    """A problem, shown where the trainee is looking, in the words of the error."""
    return f'<span class="cb-error" style="{ERROR_STYLE}">{escape(message)}</span>'


class SavedItem:
    def __init__(self, key: str, store: RecordStore | None = None) -> None:
        self.key = check_key(key)
        self._store = store
        self.version = 0
        self.status = w.HTML()
        self.status.add_class("cb-save-status")

    @property
    def store(self) -> RecordStore:
        if self._store is None:
            self._store = RecordStore(trainee_dir(current_trainee()))
        return self._store

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
        self.status.value = (
            f'<span class="cb-saved" style="{SAVED_STYLE}">Saved at '
            f"{datetime.now().strftime('%H:%M:%S')}</span>"
        )
        return True
