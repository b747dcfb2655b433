"""AnswerSheet: graded questions whose right answers are not in the trainee's notebook.

A ``Quiz`` explains each answer at once, so its answers sit in the notebook:
right for practice, wrong for grading. An ``AnswerSheet`` only records what
the trainee chose; the right answers live in nbgrader's hidden tests, which
``nbgrader generate_assignment`` removes from the trainee's version, and are
checked when the trainer autogrades (see ``classbridge.grading.checks``).

Each graded question has a stable ``id`` (``Ask(..., id="wait-time")``): its
answer is saved under it and the answer key names it
(``classbridge.grading.answer_key``), so moving or inserting a question
changes no grade. A save made before the questions had ids (keyed by
position) is read in the sheet's order, so no trainee loses work.

A numeric answer is read when it is saved, with the same parser the quiz uses
(``classbridge.core.numbers``), and saved as a number: "9 Mbit/s", "9,0" and
"9" all reach the hidden test as 9.0. What cannot be read is refused then,
with the question and the fix in the status line, and nothing is saved: a
trainee learns of a typo while they can still fix it, not from their grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import ipywidgets as w

from classbridge.core.graded_questions import (
    GradedQuestion,
    check_question_id,
    remember_sheet,
    suggested_id,
)
from classbridge.core.language import _
from classbridge.core.numbers import NumberError, parse_number
from classbridge.core.records import Answer, answers_record, read_answers, read_sheet_answers
from classbridge.core.storage import RecordStore
from classbridge.core.visit import when_visited
from classbridge.widgets.answer_input import AnswerInput
from classbridge.widgets.drafts import DraftKeeper
from classbridge.widgets.saving import SavedItem


@dataclass(frozen=True)
class Ask:
    """One graded question: choose from ``options`` (one, or several), or type a short answer.

    A typed answer is a number if the question has a ``unit`` or says ``number=True``;
    the unit is shown beside the box, and it or any of ``other_units`` may be typed
    after the number ("9 Mbit/s", "9 mbps"). A graded question has an ``id``, a slug
    the answer key names it by.

    Example::

        Ask("Which light works best behind the camera?", ("A window", "A lamp"), id="light")
        Ask("How many Mbit/s come down?", unit="Mbit/s", other_units=("Mbps",), id="download")
    """

    prompt: str
    options: tuple[str, ...] = ()
    multiple: bool = False
    unit: str = ""
    other_units: tuple[str, ...] = ()
    number: bool = False
    id: str = ""

    def __post_init__(self) -> None:
        if self.id:
            check_question_id(self.id, self.prompt)
        if len(self.options) == 1:
            raise ValueError(
                _("question '{prompt}' needs two or more options, or none").format(
                    prompt=self.prompt
                )
            )
        if self.options and self.is_number:
            raise ValueError(
                _(
                    "question '{prompt}' has options and a unit: a unit or number=True "
                    "belongs to a typed answer, so drop the options or the unit"
                ).format(prompt=self.prompt)
            )

    @property
    def is_number(self) -> bool:
        return self.number or bool(self.unit or self.other_units)

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit a trainee may type after the number."""
        return tuple(u for u in (self.unit, *self.other_units) if u)

    def graded(self, number: int) -> GradedQuestion:
        """The question as the answer key and the feedback page see it."""
        return GradedQuestion(
            self.id, number, self.prompt, self.options, self.multiple, self.units, self.is_number
        )


def _check_ids(key: str, questions: list[Ask]) -> tuple[str, ...]:
    """The questions' ids in order (empty if none has one); ``ValueError`` naming the fix."""
    if not any(q.id for q in questions):
        return ()
    seen: set[str] = set()
    for number, question in enumerate(questions, 1):
        if not question.id:
            raise ValueError(
                _(
                    "question {number} of sheet '{key}' has no id while others have: give every "
                    "question an id, e.g. id={suggestion}"
                ).format(number=number, key=key, suggestion=repr(suggested_id(question.prompt)))
            )
        if question.id in seen:
            raise ValueError(
                _(
                    "two questions of sheet '{key}' have the id {id}: give question "
                    "{number} an id of its own"
                ).format(key=key, id=repr(question.id), number=number)
            )
        seen.add(question.id)
    return tuple(q.id for q in questions)


class _AskView(w.VBox):
    def __init__(self, number: int, ask: Ask) -> None:
        self.number = number
        self.ask = ask
        self.input = AnswerInput(ask.options, ask.multiple, ask.unit)
        prompt = w.HTML(f"<strong>{number}. {escape(ask.prompt)}</strong>")
        super().__init__([prompt, self.input])
        self.add_class("cb-question")

    def answer(self) -> Answer:
        """The answer as it is saved; ``NumberError``, naming the question, if it does not read."""
        given = self.input.answer()
        if not isinstance(given, str):
            return given
        if not self.ask.is_number or not given.strip():
            return given.strip()
        try:
            return parse_number(given, self.ask.units)
        except NumberError as err:
            raise NumberError(
                _("Nothing was saved: question {number}: {error}").format(
                    number=self.number, error=err
                )
            ) from None


class AnswerSheet(w.VBox):
    """Graded questions, saved for the trainer's autograder; no feedback until graded.

    Example::

        from classbridge.widgets import AnswerSheet, Ask
        AnswerSheet("02-setup/graded", [Ask("Light?", ("Behind you", "In front"), id="light")])

    The answer key, in the hidden tests, names each question by its id
    (``classbridge.grading.answer_key``); ``ValueError`` names the fix for a bad or
    repeated id. Until Save is pressed the answers are a draft (see
    ``widgets.drafts``): restored on the next visit, never graded.
    """

    def __init__(
        self, key: str, questions: list[Ask], title: str = "", store: RecordStore | None = None
    ) -> None:
        if not questions:
            raise ValueError(_("an AnswerSheet needs at least one question"))
        #: question ids in order; empty for a sheet whose questions have none (saved by position)
        self.ids = _check_ids(key, questions)
        remember_sheet(key, [q.graded(n) for n, q in enumerate(questions, 1)])
        self.views = [_AskView(n, q) for n, q in enumerate(questions, 1)]
        self.saved = SavedItem(key, store, on_keep=lambda: self.save(over_newer=True))
        self.drafts = DraftKeeper(self.saved, self, self._on_screen, self._show)
        self.save_button = w.Button(
            description=_("Save answers"), button_style="primary", icon="save"
        )
        self.save_button.on_click(lambda _: self.save())
        header = [w.HTML(f"<h3>{escape(title)}</h3>")] if title else []
        graded_note = _("Graded by your trainer; save as often as you like.")
        note = w.HTML(f"<em>{escape(graded_note)}</em>")
        footer = [note, self.save_button, self.saved.status, self.saved.keep_button]
        super().__init__(header + self.views + footer + [self.drafts.row])
        self.add_class("cb-answer-sheet")
        when_visited(self._show_saved)

    def _show_saved(self) -> None:
        """The answers as saved and any draft, read when the visit arrives."""
        self._show(self.saved.load())
        self.drafts.restore()
        for view in self.views:
            view.input.on_change(self.drafts.changed)

    def _question(self, index: int) -> str | int:
        """What an answer is saved under: the question's id, or its position if it has none."""
        return self.ids[index] if self.ids else index

    def answers(self) -> dict[str, Answer] | dict[int, Answer]:
        """The answers as they are saved; ``NumberError`` if a number does not read."""
        return {self._question(i): v.answer() for i, v in enumerate(self.views)}

    def save(self, over_newer: bool = False) -> bool:
        try:
            record = answers_record(self.answers())
        except NumberError as err:
            self.saved.show_error(str(err))
            self.drafts.flush()
            return False
        if not self.saved.save(record, over_newer=over_newer):
            self.drafts.flush()  # refused: what is on screen must survive a reload
            return False
        return True

    def _on_screen(self) -> dict:
        """The answers as they stand, typed numbers as typed: what a draft keeps."""
        on_screen = {self._question(i): v.input.answer() for i, v in enumerate(self.views)}
        return dict(answers_record(on_screen))

    def _show(self, data: dict) -> None:
        answers = read_sheet_answers(data, self.ids) if self.ids else read_answers(data)
        for index, view in enumerate(self.views):
            view.input.set_answer(answers.get(self._question(index)))
