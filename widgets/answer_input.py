"""The part of a question a trainee answers in: option buttons, checkboxes or a text box.

Shared by ``Quiz`` (answers checked at once) and ``AnswerSheet`` (answers
graded later), so both record answers in the same shape: a list of option
numbers from 0, or the typed text. A number saved by a graded sheet is shown
back as a trainee would type it (``9``, not ``9.0``).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from classbridge.core.language import _
from classbridge.core.numbers import format_number


class AnswerInput(w.Box):
    def __init__(self, options: tuple[str, ...] = (), multiple: bool = False, unit: str = ""):
        self._boxes: list[w.Checkbox] = []
        self._radio: w.RadioButtons | None = None
        self._text: w.Text | None = None
        if options and multiple:
            self._boxes = [
                w.Checkbox(description=o, indent=False, layout=w.Layout(width="auto"))
                for o in options
            ]
            entry: w.Widget = w.VBox(self._boxes)
        elif options:
            self._radio = w.RadioButtons(options=list(options), value=None)
            self._radio.layout.width = "max-content"
            entry = self._radio
        else:
            self._text = w.Text(
                placeholder=_("Your answer"), continuous_update=True, layout=w.Layout(width="16em")
            )
            entry = w.HBox([self._text, w.Label(unit)]) if unit else self._text
        super().__init__([entry])

    def answer(self) -> list[int] | str:
        if self._boxes:
            return [i for i, box in enumerate(self._boxes) if box.value]
        if self._radio is not None:
            return [] if self._radio.index is None else [self._radio.index]
        return self._text.value

    def set_answer(self, answer: list[int] | str | float | None) -> None:
        """Fill in an answer, as a trainee would by clicking or typing; ``None`` clears it."""
        if self._boxes:
            chosen = answer if isinstance(answer, list) else []
            for i, box in enumerate(self._boxes):
                box.value = i in chosen
        elif self._radio is not None:
            chosen = answer if isinstance(answer, list) else []
            in_range = (
                chosen and isinstance(chosen[0], int) and 0 <= chosen[0] < len(self._radio.options)
            )
            self._radio.index = chosen[0] if in_range else None
        elif isinstance(answer, (int, float)) and not isinstance(answer, bool):
            self._text.value = format_number(float(answer))
        else:
            self._text.value = "" if answer is None or isinstance(answer, list) else str(answer)

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` on every change the trainee makes (each keystroke, each click)."""
        for box in self._boxes:
            box.observe(lambda _: callback(), names="value")
        if self._radio is not None:
            self._radio.observe(lambda _: callback(), names="index")
        if self._text is not None:
            self._text.observe(lambda _: callback(), names="value")
