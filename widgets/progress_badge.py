"""ProgressBadge: how far the trainee is through a module, from what they have saved."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from classbridge.core.language import _
from classbridge.core.storage import RecordStore
from classbridge.core.visit import when_visited
from classbridge.core.workspace import check_key
from classbridge.widgets.saving import TraineeStore


class ProgressBadge(w.HBox):
    """Counts a module's activities that have saved work; press Refresh after working.

    Example::

        ProgressBadge(["01-welcome/roles-quiz", "01-welcome/roles-reflection"])
    """

    store = TraineeStore()

    def __init__(self, activities: list[str], store: RecordStore | None = None) -> None:
        if not activities:
            raise ValueError(_("a ProgressBadge needs the keys of the module's activities"))
        self.activities = [check_key(a) for a in activities]
        self.store = store
        self.bar = w.IntProgress(value=0, min=0, max=len(self.activities))
        self.label = w.HTML()
        self.label.add_class("cb-progress-label")
        self.refresh_button = w.Button(description=_("Refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        super().__init__([self.bar, self.label, self.refresh_button])
        self.add_class("cb-progress")
        when_visited(self.refresh)

    def done(self) -> list[str]:
        return [a for a in self.activities if self.store.load(a).version > 0]

    def refresh(self) -> int:
        done = len(self.done())
        self.bar.value = done
        total = len(self.activities)
        self.bar.bar_style = "success" if done == total else "info"
        self.label.value = escape(
            _("{done} of {total} activities done").format(done=done, total=total)
        )
        return done
