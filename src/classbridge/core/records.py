"""The shapes of saved trainee work, each with its one writer and its one reader.

Widgets write these records and nbgrader test cells read them back from a
hand-in, so both sides must agree on the shape. A graded question's answer is
stored under its id, a quiz's under its number as a string (JSON object keys),
read back as an int; a record written by an older or hand-edited file reads as
what it holds, never as an exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypedDict

#: One answer: option numbers of a choice question, or the text/number typed.
Answer = list[int] | str | float | int


class AnswersRecord(TypedDict):
    """An ``AnswerSheet``'s save: answers by question id, or by number (from 0) for a sheet
    whose questions have no ids (and in saves made before questions had them)."""

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


def answers_record(answers: Mapping[int, Answer] | Mapping[str, Answer]) -> AnswersRecord:
    return {"answers": {str(question): answer for question, answer in answers.items()}}


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


def read_sheet_answers(data: Mapping, order: Sequence[str]) -> dict[str, Answer]:
    """Answers by question id; a save keyed by position is read by the sheet's ``order``.

    Sheets saved answers by position before questions had ids; such a save is
    mapped onto the ids in the order the sheet asks them, so no trainee loses
    work. Where a save holds both, the answer saved under the id wins.
    """
    answers = data.get("answers")
    if not isinstance(answers, Mapping):
        return {}
    by_id = {k: v for k, v in answers.items() if isinstance(k, str) and not k.isdigit()}
    for key, answer in answers.items():
        if isinstance(key, str) and key.isdigit() and int(key) < len(order):
            by_id.setdefault(order[int(key)], answer)
    return by_id


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
