"""The shapes of saved trainee work, each with its one writer and its one reader.

Widgets write these records and nbgrader test cells read them back from a
hand-in, so both sides must agree on the shape. Question numbers are stored as
strings (JSON object keys) and read back as ints; a record written by an older
or hand-edited file reads as what it holds, never as an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict

#: One answer: option numbers of a choice question, or the text/number typed.
Answer = list[int] | str | float | int


class AnswersRecord(TypedDict):
    """An ``AnswerSheet``'s save: answers by question number (from 0)."""

    answers: dict[str, Answer]


class QuizRecord(AnswersRecord):
    """A ``Quiz``'s save: the checked answers, which were right, and the score."""

    score: int
    total: int
    correct: dict[str, bool]


class DraftRecord(TypedDict):
    """What a widget showed but the trainee had not saved, kept in ``RecordStore.drafts()``.

    ``on_screen`` has the shape of the widget's own record, holding what was
    typed as it was typed (a graded number that does not read yet stays text);
    ``based_on`` is the saved version the trainee was editing; ``tab`` names the
    page that wrote it, so a save in another tab does not remove it.
    """

    on_screen: dict
    based_on: int
    tab: str


class ReflectionRecord(TypedDict):
    """A ``Reflection``'s save: the text as the trainee wrote it, and its word count."""

    text: str
    words: int


def answers_record(answers: Mapping[int, Answer]) -> AnswersRecord:
    return {"answers": {str(number): answer for number, answer in answers.items()}}


def quiz_record(
    answers: Mapping[int, Answer], correct: Mapping[int, bool], total: int
) -> QuizRecord:
    return {
        **answers_record(answers),
        "score": sum(1 for right in correct.values() if right),
        "total": total,
        "correct": {str(number): right for number, right in correct.items()},
    }


def read_answers(data: Mapping) -> dict[int, Answer]:
    """Answers by question number; keys that are not numbers are passed over."""
    answers = data.get("answers")
    if not isinstance(answers, Mapping):
        return {}
    return {int(k): v for k, v in answers.items() if isinstance(k, str) and k.isdigit()}


def read_correct(data: Mapping) -> dict[int, bool]:
    correct = data.get("correct")
    if not isinstance(correct, Mapping):
        return {}
    return {int(k): bool(v) for k, v in correct.items() if isinstance(k, str) and k.isdigit()}


def reflection_record(text: str, words: int) -> ReflectionRecord:
    return {"text": text, "words": words}


def read_reflection(data: Mapping) -> str:
    text = data.get("text", "")
    return text if isinstance(text, str) else ""


def draft_record(on_screen: Mapping, based_on: int, tab: str) -> DraftRecord:
    return {"on_screen": dict(on_screen), "based_on": based_on, "tab": tab}


def read_draft(data: Mapping) -> DraftRecord | None:
    """The draft, or None if there is none or it is not one (a damaged draft is passed over)."""
    on_screen, based_on, tab = data.get("on_screen"), data.get("based_on", 0), data.get("tab", "")
    if not isinstance(on_screen, Mapping) or not isinstance(based_on, int):
        return None
    return draft_record(on_screen, based_on, str(tab))
