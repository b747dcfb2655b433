"""The graded questions of each answer sheet a kernel has shown: their ids, order and wording.

A graded question has a stable id (``Ask(id="wait-time", ...)``): answers are
saved under it and the answer key names it, so moving or inserting a question
changes no grade. An ``AnswerSheet`` cell runs before the hidden tests that
grade it, in the same kernel (nbgrader runs a hand-in top to bottom), and
leaves its questions here. The key then reads a save an older sheet keyed by
position (mapped by the sheet's order, so no trainee loses work), refuses an
id the sheet does not have, and shows each question as the trainee saw it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from classbridge.core.language import _
from classbridge.core.numbers import format_number

#: A question id: lower-case words of letters and digits joined by hyphens, starting with a letter.
QUESTION_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")


def suggested_id(prompt: str) -> str:
    """An id made from a prompt's first words, for an error message's example."""
    words = re.findall(r"[a-z0-9]+", prompt.casefold())
    slug = "-".join(words[:3]).lstrip("0123456789-")
    return slug or "my-question"


def check_question_id(question_id: str, prompt: str = "") -> str:
    """``question_id`` if it is a slug; ``ValueError`` with the fix otherwise."""
    if not isinstance(question_id, str) or not QUESTION_ID.match(question_id):
        example = suggested_id(str(question_id) if question_id else prompt)
        raise ValueError(
            _(
                "question id {question_id!r} is not a slug: write it in lower-case letters, "
                "digits and hyphens, starting with a letter, e.g. id={example!r}"
            ).format(question_id=question_id, example=example)
        )
    return question_id


@dataclass(frozen=True)
class GradedQuestion:
    """A graded question as its sheet shows it; ``number`` counts from 1."""

    id: str
    number: int
    prompt: str
    options: tuple[str, ...] = ()
    multiple: bool = False
    units: tuple[str, ...] = ()
    is_number: bool = False

    def shown(self, answer: object) -> str:
        """An answer as the trainee gave it: the options' texts, the number with its unit."""
        if isinstance(answer, list):
            chosen = sorted(answer) if all(isinstance(i, int) for i in answer) else answer
            texts = [
                self.options[i] if isinstance(i, int) and 0 <= i < len(self.options) else str(i)
                for i in chosen
            ]
            return "; ".join(texts)
        if isinstance(answer, (int, float)) and not isinstance(answer, bool):
            unit = f" {self.units[0]}" if self.units else ""
            return format_number(float(answer)) + unit
        return "" if answer is None else str(answer).strip()


_SHEETS: dict[str, tuple[GradedQuestion, ...]] = {}


def remember_sheet(key: str, questions: Sequence[GradedQuestion]) -> None:
    """The sheet saved under ``key`` asks ``questions``; the latest sheet shown wins."""
    _SHEETS[key] = tuple(questions)


def sheet_questions(key: str) -> tuple[GradedQuestion, ...] | None:
    """The questions of the sheet saved under ``key``; None if no such sheet ran here."""
    return _SHEETS.get(key)


def question_order(key: str) -> tuple[str, ...]:
    """The ids of the sheet's questions in order; empty if it has none (or did not run)."""
    questions = _SHEETS.get(key, ())
    if not questions or not all(q.id for q in questions):
        return ()
    return tuple(q.id for q in questions)
