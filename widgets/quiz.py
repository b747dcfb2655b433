"""Quiz: questions with immediate, explained feedback, recorded for nbgrader.

The rules (what counts as right, what the trainee is told) live in plain
dataclasses so they are tested without a browser; the views only draw them.
Feedback always explains, right or wrong: trainees learn from the reason, not
from a tick. With a ``key`` the answers are saved, so they survive a reload
and an autograded nbgrader test cell can read them with ``quiz_result``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import ipywidgets as w

from classbridge.core.language import _
from classbridge.core.numbers import AmbiguousNumber, NumberError, UnitNotAccepted, parse_number
from classbridge.core.records import quiz_record, read_answers, read_correct
from classbridge.core.storage import RecordStore
from classbridge.core.visit import when_visited
from classbridge.widgets.answer_input import AnswerInput
from classbridge.widgets.saving import ERROR_STYLE, SAVED_STYLE, SavedItem, trainee_store


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str


def _explained(correct: bool, explanation: str, lead: str | None = None) -> Feedback:
    """``lead`` (already translated) opens a wrong answer's feedback; "Not quite." by default."""
    verdict = _("Correct.") if correct else lead or _("Not quite.")
    return Feedback(
        correct, _("{verdict} {explanation}").format(verdict=verdict, explanation=explanation)
    )


@dataclass(frozen=True)
class ChoiceQuestion:
    """A single- or multiple-choice question; the answer is a list of option numbers.

    Example::

        ChoiceQuestion(
            prompt="Who keeps the class safe and settled in the room?",
            options=("The remote teacher", "The on-site teacher"),
            correct=(1,),
            explanation="Only someone in the room can see every learner.",
        )
    """

    prompt: str
    options: tuple[str, ...]
    correct: tuple[int, ...]
    explanation: str
    multiple: bool = False

    def __post_init__(self) -> None:
        if len(self.options) < 2:
            raise ValueError(
                _("question '{prompt}' needs at least two options").format(prompt=self.prompt)
            )
        if not self.correct or any(not 0 <= i < len(self.options) for i in self.correct):
            raise ValueError(
                _("question '{prompt}': correct answers must be option numbers 0-{last}").format(
                    prompt=self.prompt, last=len(self.options) - 1
                )
            )
        if not self.multiple and len(self.correct) != 1:
            raise ValueError(
                _("question '{prompt}' has several correct options: set multiple=True").format(
                    prompt=self.prompt
                )
            )

    def check(self, chosen: list[int] | set[int]) -> Feedback:
        if not chosen:
            return Feedback(False, _("Choose an answer first."))
        if set(chosen) == set(self.correct):
            return _explained(True, self.explanation)
        if self.multiple and set(chosen) < set(self.correct):
            return _explained(False, self.explanation, _("Partly right: there is more."))
        return _explained(False, self.explanation)


@dataclass(frozen=True)
class NumericQuestion:
    """A number to work out, right within ``tolerance``.

    Read as the graded sheet reads it (``classbridge.core.numbers``): "6", "6,0"
    and "6 Mbit/s" are all 6; ``unit`` is shown beside the box and, like any of
    ``other_units``, may be typed after the number.

    Example::

        NumericQuestion("Mbit/s for 4 rooms at 1.5 each?", answer=6, explanation="4 x 1.5 = 6.")
    """

    prompt: str
    answer: float
    explanation: str
    tolerance: float = 0.0
    unit: str = ""
    other_units: tuple[str, ...] = ()

    def check(self, given: str) -> Feedback:
        try:
            value = parse_number(given, (self.unit, *self.other_units))
        except (AmbiguousNumber, UnitNotAccepted) as err:
            return Feedback(False, str(err))
        except NumberError:
            return Feedback(
                False, _("Enter a number, e.g. {example}.").format(example=f"{self.answer:g}")
            )
        return _explained(abs(value - self.answer) <= self.tolerance, self.explanation)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


@dataclass(frozen=True)
class TextQuestion:
    """A short written answer, matched against accepted answers (case and spacing ignored).

    Example::

        TextQuestion("The teacher in the room is the ... teacher.", ("on-site", "onsite"), "...")
    """

    prompt: str
    accepted: tuple[str, ...]
    explanation: str

    def __post_init__(self) -> None:
        if not self.accepted:
            raise ValueError(
                _("question '{prompt}' needs at least one accepted answer").format(
                    prompt=self.prompt
                )
            )

    def check(self, given: str) -> Feedback:
        if not _normalise(given):
            return Feedback(False, _("Write an answer first."))
        ok = _normalise(given) in {_normalise(a) for a in self.accepted}
        return _explained(ok, self.explanation)


Question = ChoiceQuestion | NumericQuestion | TextQuestion


class _QuestionView(w.VBox):
    """One question: its input, a Check button and the feedback line."""

    def __init__(self, number: int, question: Question, on_checked) -> None:
        self.question = question
        self.result: Feedback | None = None
        self._on_checked = on_checked
        prompt = w.HTML(f"<strong>{number}. {escape(question.prompt)}</strong>")
        is_choice = isinstance(question, ChoiceQuestion)
        self.input = AnswerInput(
            question.options if is_choice else (),
            multiple=is_choice and question.multiple,
            unit=getattr(question, "unit", ""),
        )
        self.check_button = w.Button(description=_("Check"), button_style="primary", icon="check")
        self.feedback = w.HTML()
        self.feedback.add_class("cb-feedback")
        self.check_button.on_click(lambda _: self.show_feedback())
        super().__init__([prompt, self.input, self.check_button, self.feedback])
        self.add_class("cb-question")

    def answer(self) -> list[int] | str:
        return self.input.answer()

    def set_answer(self, answer: list[int] | str) -> None:
        """Fill in an answer, as a trainee would by clicking or typing."""
        self.input.set_answer(answer)

    def show_feedback(self, record: bool = True) -> Feedback:
        self.result = self.question.check(self.answer())
        style = SAVED_STYLE if self.result.correct else ERROR_STYLE
        self.feedback.value = f'<span style="{style}">{escape(self.result.message)}</span>'
        if record:
            self._on_checked()
        return self.result


@dataclass(frozen=True)
class QuizResult:
    """What a trainee answered, as an autograded test cell sees it."""

    score: int
    total: int
    answers: dict[str, object] = field(default_factory=dict)
    correct: dict[str, bool] = field(default_factory=dict)


class Quiz(w.VBox):
    """A short quiz; each question is checked on its own, with an explanation.

    Example::

        from classbridge.widgets import ChoiceQuestion, Quiz
        Quiz([ChoiceQuestion("2 + 2?", ("3", "4"), (1,), "Count on from 2.")],
             key="01-welcome/warm-up")

    With ``key``, answers are saved for the trainee and restored on reload.
    """

    def __init__(
        self,
        questions: list[Question],
        title: str = "",
        key: str | None = None,
        store: RecordStore | None = None,
    ) -> None:
        if not questions:
            raise ValueError(_("a Quiz needs at least one question"))
        self.views = [_QuestionView(n, q, self._record) for n, q in enumerate(questions, 1)]
        self.saved = (
            SavedItem(key, store, on_keep=lambda: self._record(over_newer=True)) if key else None
        )
        header = [w.HTML(f"<h3>{escape(title)}</h3>")] if title else []
        footer = [self.saved.status, self.saved.keep_button] if self.saved else []
        super().__init__(header + self.views + footer)
        self.add_class("cb-quiz")
        if self.saved:
            saved = self.saved
            when_visited(lambda: self._restore(saved.load()))

    @property
    def score(self) -> int:
        """Questions answered correctly so far (checked, not merely chosen)."""
        return sum(1 for v in self.views if v.result is not None and v.result.correct)

    def result(self) -> QuizResult:
        checked = [(str(i), v) for i, v in enumerate(self.views) if v.result is not None]
        return QuizResult(
            score=self.score,
            total=len(self.views),
            answers={i: v.answer() for i, v in checked},
            correct={i: v.result.correct for i, v in checked},
        )

    def _record(self, over_newer: bool = False) -> None:
        """Save the checked answers; ``over_newer``: the trainee chose to keep this tab's."""
        if self.saved:
            checked = [(i, v) for i, v in enumerate(self.views) if v.result is not None]
            self.saved.save(
                quiz_record(
                    {i: v.answer() for i, v in checked},
                    {i: v.result.correct for i, v in checked},
                    total=len(self.views),
                ),
                over_newer=over_newer,
            )

    def _restore(self, data: dict) -> None:
        for index, answer in read_answers(data).items():
            if index < len(self.views):
                view = self.views[index]
                view.set_answer(answer)
                view.show_feedback(record=False)


def quiz_result(key: str, trainee: str | None = None, root: Path | None = None) -> QuizResult:
    """A trainee's saved quiz answers, for an nbgrader autograded test cell.

    Example (in a test cell)::

        from classbridge.widgets import quiz_result
        assert quiz_result("01-welcome/roles").score == 2
    """
    data = trainee_store(trainee, root).load(key).data
    return QuizResult(
        score=int(data.get("score", 0)),
        total=int(data.get("total", 0)),
        answers={str(i): a for i, a in read_answers(data).items()},
        correct={str(i): c for i, c in read_correct(data).items()},
    )
