"""Replacing what the planner's form holds, only once the teacher has agreed to it.

Two things put a whole plan into the form: *Copy into my plan* (a copy from
the bank) and *Restore* (an earlier version). Either would wipe out a plan the
trainee wrote, so the planner first asks (``ReplaceConfirmation``), naming
what is replaced and how to get it back; ``EarlierVersions`` lists the saved
versions the store kept whole, to restore any of them. Neither saves: the
form is filled, and only *Save plan* writes.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as w

from classbridge.core.language import _
from classbridge.widgets.plan_form import fits_its_text, shares_row, wrapping_row


class ReplaceConfirmation(w.VBox):
    """Empty until the form is about to be replaced; then the question, *Replace* and *Cancel*."""

    def __init__(self) -> None:
        super().__init__(layout=w.Layout(width="auto", min_width="0"))
        self.add_class("cb-plan-confirm")
        self.question = w.HTML()
        self.replace_button = w.Button(
            description=_("Replace"), button_style="warning", layout=fits_its_text()
        )
        self.cancel_button = w.Button(description=_("Cancel"), layout=fits_its_text())
        self._on_replace: Callable[[], None] = lambda: None
        self._on_cancel: Callable[[], None] = lambda: None
        self.replace_button.on_click(lambda _: self._answer(self._on_replace))
        self.cancel_button.on_click(lambda _: self._answer(self._on_cancel))

    @property
    def asking(self) -> bool:
        return bool(self.children)

    def ask(
        self, question: str, on_replace: Callable[[], None], on_cancel: Callable[[], None]
    ) -> None:
        """Show ``question``; the trainee's answer calls ``on_replace`` or ``on_cancel``."""
        self._on_replace, self._on_cancel = on_replace, on_cancel
        self.question.value = f'<p class="cb-plan-question"><strong>{escape(question)}</strong></p>'
        self.children = (
            self.question,
            w.HBox([self.replace_button, self.cancel_button], layout=wrapping_row()),
        )

    def clear(self) -> None:
        self.children = ()

    def _answer(self, then: Callable[[], None]) -> None:
        self.clear()
        then()


def _label(entry: dict, current: int | None, with_note: bool = True) -> str:
    when = entry["date"][:16].replace("T", " ")
    version = (
        _("Version {version} (saved now)")
        if entry["version"] == current
        else _("Version {version}")
    ).format(version=entry["version"])
    note = f" · {entry['by']}: {entry['note']}" if with_note else ""
    return f"{version} · {when}{note}"


class EarlierVersions(w.Accordion):
    """The plan's history, and *Restore* for every version whose content was kept."""

    def __init__(self, on_restore: Callable[[int], None]) -> None:
        self.history = w.HTML()
        self.history.add_class("cb-plan-history")
        self.choice = w.Dropdown(
            description=_("Version"), options=[], layout=shares_row("14em", "40em")
        )
        self.choice.style.description_width = "5em"
        self.restore_button = w.Button(
            description=_("Restore"), icon="undo", layout=fits_its_text(), disabled=True
        )
        self.restore_button.on_click(lambda _: self._restore(on_restore))
        self.restore_row = w.HBox([self.choice, self.restore_button], layout=wrapping_row())
        body = w.VBox([self.history, self.restore_row], layout=w.Layout(min_width="0"))
        super().__init__(children=[body], titles=(_("Earlier versions"),), selected_index=None)
        self.add_class("cb-plan-versions")

    def show(self, history: list[dict], kept: list[int], current: int | None) -> None:
        """List ``history`` newest first; offer to restore the versions in ``kept``."""
        if not history:
            empty = escape(_("Not saved yet: each save is kept here, to restore."))
            self.history.value = f"<p>{empty}</p>"
        else:
            save_plan = "<em>" + escape(_("Save plan")) + "</em>"
            how = escape(
                _("Restore puts a version back into the form; press {button} to keep it.")
            ).format(button=save_plan)
            self.history.value = (
                f"<p>{how}</p><ul>"
                + "".join(f"<li>{escape(_label(h, current))}</li>" for h in reversed(history))
                + "</ul>"
            )
        restorable = [h["version"] for h in reversed(history) if h["version"] in kept]
        # Short, to fit a phone's drop-down; the list above has who and why.
        labels = {h["version"]: _label(h, current, with_note=False) for h in history}
        self.choice.options = [(labels[v], v) for v in restorable]
        earlier = [v for v in restorable if v != current]
        self.choice.value = (earlier or restorable or [None])[0]
        self.restore_button.disabled = not restorable
        self.restore_row.layout.display = None if restorable else "none"

    def _restore(self, on_restore: Callable[[int], None]) -> None:
        if self.choice.value is not None:
            on_restore(self.choice.value)
