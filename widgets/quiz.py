"""Quiz: questions with immediate, explained feedback.

The rules (what counts as right, what the trainee is told) live in plain
dataclasses so they are tested without a browser; ``Quiz`` only draws them.
Feedback always explains, right or wrong: trainees learn from the reason, not
from a tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import ipywidgets as w


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str


@dataclass(frozen=True)
class ChoiceQuestion:
    """A single- or multiple-choice question.

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
            raise ValueError(f"question '{self.prompt}' needs at least two options")
        if not self.correct or any(not 0 <= i < len(self.options) for i in self.correct):
            raise ValueError(
                f"question '{self.prompt}': correct answers must be option numbers "
                f"0-{len(self.options) - 1}"
            )
        if not self.multiple and len(self.correct) != 1:
            raise ValueError(
                f"question '{self.prompt}' has several correct options: set multiple=True"
            )

    def check(self, chosen: set[int] | frozenset[int]) -> Feedback:
        if not chosen:
            return Feedback(False, "Choose an answer first.")
        if set(chosen) == set(self.correct):
            return Feedback(True, f"Correct. {self.explanation}")
        if self.multiple and set(chosen) < set(self.correct):
            return Feedback(False, f"Partly right: there is more. {self.explanation}")
        return Feedback(False, f"Not quite. {self.explanation}")


class _ChoiceView(w.VBox):
    """One question: its options, a Check button and the feedback line."""

    def __init__(self, number: int, question: ChoiceQuestion) -> None:
        self.question = question
        prompt = w.HTML(f"<strong>{number}. {escape(question.prompt)}</strong>")
        if question.multiple:
            self._boxes = [
                w.Checkbox(description=o, indent=False, layout=w.Layout(width="auto"))
                for o in question.options
            ]
            choices: w.Widget = w.VBox(self._boxes)
        else:
            self._boxes = []
            self._radio = w.RadioButtons(options=list(question.options), value=None)
            self._radio.layout.width = "max-content"
            choices = self._radio
        self.check_button = w.Button(description="Check", button_style="primary", icon="check")
        self.feedback = w.HTML()
        self.feedback.add_class("cb-feedback")
        self.check_button.on_click(lambda _: self.show_feedback())
        self.result: Feedback | None = None
        super().__init__([prompt, choices, self.check_button, self.feedback])
        self.add_class("cb-question")

    def chosen(self) -> set[int]:
        if self.question.multiple:
            return {i for i, box in enumerate(self._boxes) if box.value}
        return set() if self._radio.index is None else {self._radio.index}

    def choose(self, *indices: int) -> None:
        """Select options by number, as a trainee would by clicking."""
        if self.question.multiple:
            for i, box in enumerate(self._boxes):
                box.value = i in indices
        else:
            self._radio.index = indices[0]

    def show_feedback(self) -> Feedback:
        self.result = self.question.check(self.chosen())
        colour = "#1a7f37" if self.result.correct else "#a0300a"
        self.feedback.value = f'<span style="color:{colour}">{escape(self.result.message)}</span>'
        return self.result


class Quiz(w.VBox):
    """A short quiz; each question is checked on its own, with an explanation.

    Example::

        from classbridge.widgets import ChoiceQuestion, Quiz
        Quiz([ChoiceQuestion("2 + 2?", ("3", "4"), (1,), "Count on from 2.")])
    """

    def __init__(self, questions: list[ChoiceQuestion], title: str = "") -> None:
        if not questions:
            raise ValueError("a Quiz needs at least one question")
        self.views = [_ChoiceView(n, q) for n, q in enumerate(questions, start=1)]
        header = [w.HTML(f"<h3>{escape(title)}</h3>")] if title else []
        super().__init__(header + self.views)
        self.add_class("cb-quiz")

    @property
    def score(self) -> int:
        """Questions answered correctly so far (checked, not merely chosen)."""
        return sum(1 for v in self.views if v.result is not None and v.result.correct)
