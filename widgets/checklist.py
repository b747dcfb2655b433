"""Checklist: e.g. the online-classroom set-up, ticked off and remembered."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from classbridge.core.language import _
from classbridge.core.storage import RecordStore
from classbridge.core.visit import when_visited
from classbridge.widgets.saving import SavedItem


class Checklist(w.VBox):
    """Items to tick, each saved the moment it is ticked.

    Example::

        Checklist("02-setup/before-class", [
            ("Webcam at eye level", "Stack books under the laptop."),
            ("Headset tested", "Learners forgive poor video, not poor sound."),
        ])
    """

    def __init__(
        self,
        key: str,
        items: list[str | tuple[str, str]],
        title: str = "",
        store: RecordStore | None = None,
    ) -> None:
        if not items:
            raise ValueError(_("a Checklist needs at least one item"))
        self.items = [(i, "") if isinstance(i, str) else i for i in items]
        self.saved = SavedItem(key, store)
        self.boxes = [
            w.Checkbox(description=label, indent=False, layout=w.Layout(width="auto"))
            for label, _hint in self.items
        ]
        rows = [
            w.VBox([box, w.HTML(f'<small style="margin-left:2em">{escape(hint)}</small>')])
            if hint
            else box
            for box, (_label, hint) in zip(self.boxes, self.items, strict=True)
        ]
        self.summary = w.HTML()
        self.summary.add_class("cb-checklist-summary")
        header = [w.HTML(f"<h3>{escape(title)}</h3>")] if title else []
        super().__init__(header + rows + [self.summary, self.saved.status])
        self.add_class("cb-checklist")
        self._summarise()
        when_visited(self._show_saved)

    def _show_saved(self) -> None:
        """The ticks as saved, read when the visit arrives (``classbridge.core.visit``)."""
        record = self.saved.load()
        # Ticks are kept by position: a module read in another language shows other
        # labels for the same items. Saves made before that are read by their labels.
        positions = set(record.get("ticked_items", []))
        labels = set(record.get("ticked", [])) if "ticked_items" not in record else set()
        for number, (box, (label, _hint)) in enumerate(zip(self.boxes, self.items, strict=True)):
            box.value = number in positions or label in labels
            box.observe(lambda _change: self._changed(), names="value")
        self._summarise()

    @property
    def ticked(self) -> list[str]:
        return [
            label for box, (label, _hint) in zip(self.boxes, self.items, strict=True) if box.value
        ]

    def _summarise(self) -> None:
        done, total = len(self.ticked), len(self.items)
        ready = escape(_("{done} of {total} ready").format(done=done, total=total))
        note = " — " + escape(_("ready to go live.")) if done == total else ""
        self.summary.value = f"<strong>{ready}</strong>{note}"

    def _changed(self) -> None:
        self._summarise()
        positions = [number for number, box in enumerate(self.boxes) if box.value]
        self.saved.save({"ticked": self.ticked, "ticked_items": positions})
