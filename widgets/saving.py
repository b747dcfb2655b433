"""How a widget keeps what the trainee entered: load after the visit, save atomically.

Every ClassBridge widget that holds trainee work composes one ``SavedItem``.
It remembers the version it loaded, so a save from a stale tab is refused
with a message instead of overwriting newer work, and it shows the outcome of
every save in a status line the trainee can see.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

import ipywidgets as w

from classbridge.storage import RecordStore, SaveFailed, StaleSave
from classbridge.visit import await_visitor
from classbridge.workspace import check_key, trainee_dir


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
            self._store = RecordStore(trainee_dir())
        return self._store

    def load(self) -> dict:
        """The saved data (empty if none); waits for the visitor on a preheated kernel."""
        await_visitor()
        record = self.store.load(self.key)
        self.version = record.version
        return record.data

    def save(self, data: dict) -> bool:
        try:
            record = self.store.save(self.key, data, self.version)
        except (StaleSave, SaveFailed) as err:
            self.status.value = (
                f'<span class="cb-error" style="color:#a0300a">{escape(str(err))}</span>'
            )
            return False
        self.version = record.version
        self.status.value = (
            f'<span class="cb-saved" style="color:#1a7f37">Saved at '
            f"{datetime.now().strftime('%H:%M:%S')}</span>"
        )
        return True
