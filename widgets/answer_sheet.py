"""AnswerSheet: graded questions whose right answers are not in the trainee's notebook.

A ``Quiz`` explains each answer at once, so its answers sit in the notebook:
right for practice, wrong for grading. An ``AnswerSheet`` only records what
the trainee chose; the right answers live in nbgrader's hidden tests, which
``nbgrader generate_assignment`` removes from the trainee's version, and are
checked when the trainer autogrades (see ``classbridge.grading.checks``).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import ipywidgets as w

from classbridge.core.records import Answer, answers_record, read_answers
from classbridge.core.storage import RecordStore
from classbridge.widgets.answer_input import AnswerInput
from classbridge.widgets.saving import SavedItem


@dataclass(frozen=True)
class Ask:
    """One graded question: choose from ``options`` (one, or several), or type a short answer.

    Example::

        Ask("Which light works best behind the camera?", ("A window", "A lamp", "None"))
    """

    prompt: str
    options: tuple[str, ...] = ()
    multiple: bool = False
    unit: str = ""

    def __post_init__(self) -> None:
        if len(self.options) == 1:
            raise ValueError(f"question '{self.prompt}' needs two or more options, or none")


class _AskView(w.VBox):
    def __init__(self, number: int, ask: Ask) -> None:
        self.ask = ask
        self.input = AnswerInput(ask.options, ask.multiple, ask.unit)
        prompt = w.HTML(f"<strong>{number}. {escape(ask.prompt)}</strong>")
        super().__init__([prompt, self.input])
        self.add_class("cb-question")

    def answer(self) -> list[int] | str:
        given = self.input.answer()
        return given.strip() if isinstance(given, str) else given


class AnswerSheet(w.VBox):
    """Graded questions, saved for the trainer's autograder; no feedback until graded.

    Example::

        from classbridge.widgets import AnswerSheet, Ask
        AnswerSheet("02-setup/graded", [Ask("Light?", ("Behind you", "In front"))])

    In an nbgrader test cell, ``classbridge.grading.checks.graded_answers`` reads
    the answers back: ``answers[0] == [1]`` (option numbers from 0) or a string.
    """

    def __init__(
        self, key: str, questions: list[Ask], title: str = "", store: RecordStore | None = None
    ) -> None:
        if not questions:
            raise ValueError("an AnswerSheet needs at least one question")
        self.views = [_AskView(n, q) for n, q in enumerate(questions, 1)]
        self.saved = SavedItem(key, store)
        self.save_button = w.Button(description="Save answers", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        header = [w.HTML(f"<h3>{escape(title)}</h3>")] if title else []
        note = w.HTML("<em>Graded by your trainer; save as often as you like.</em>")
        super().__init__(header + self.views + [note, self.save_button, self.saved.status])
        self.add_class("cb-answer-sheet")
        for index, answer in read_answers(self.saved.load()).items():
            if index < len(self.views):
                self.views[index].input.set_answer(answer)

    def answers(self) -> dict[int, Answer]:
        return {i: v.answer() for i, v in enumerate(self.views)}

    def save(self) -> bool:
        return self.saved.save(answers_record(self.answers()))
