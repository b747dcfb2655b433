"""The part of a question a trainee answers in: option buttons, checkboxes or a text box.

Shared by ``Quiz`` (answers checked at once) and ``AnswerSheet`` (answers
graded later), so both record answers in the same shape: a list of option
numbers from 0, or the typed text.
"""

from __future__ import annotations

import ipywidgets as w


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
            self._text = w.Text(placeholder="Your answer", layout=w.Layout(width="16em"))
            entry = w.HBox([self._text, w.Label(unit)]) if unit else self._text
        super().__init__([entry])

    def answer(self) -> list[int] | str:
        if self._boxes:
            return [i for i, box in enumerate(self._boxes) if box.value]
        if self._radio is not None:
            return [] if self._radio.index is None else [self._radio.index]
        return self._text.value

    def set_answer(self, answer: list[int] | str) -> None:
        """Fill in an answer, as a trainee would by clicking or typing."""
        if self._boxes:
            for i, box in enumerate(self._boxes):
                box.value = i in answer
        elif self._radio is not None:
            self._radio.index = answer[0] if answer else None
        else:
            self._text.value = str(answer)
