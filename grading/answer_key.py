"""The answer key of a module's graded questions: one entry per question, named by its id.

Each graded question of an ``AnswerSheet`` has an id (``Ask(..., id="wait-time")``)
and an nbgrader *autograder tests* cell with its points. The cell's hidden
tests hold the question's key entry, which nbgrader removes from the trainee's
version::

    from classbridge.grading.answer_key import answer_key

    key = answer_key("03-teaching-live/graded")
    ### BEGIN HIDDEN TESTS
    key.expect(
        "wait-time",
        number=7,
        units=("s", "sec", "seconds"),
        why="3 s to think, plus the 2 s delay there and back: 3 + 2 x 2 = 7 s.",
    )
    ### END HIDDEN TESTS

An entry gives exactly one of ``choice`` (an option number, from 0),
``choices`` (every option of a choose-all question), ``number`` (with the
``units`` a trainee may type and a ``tolerance``) or ``text`` (accepted
answers, any case), and ``why``: the explanation the trainee reads in their
feedback. The entry is checked wherever the cell runs (a key naming a question
the sheet lacks is an error at once, in Voilà and nbval alike); the answer is
judged only while nbgrader autogrades. Judging displays the result for the
feedback page (``graded_output``) and fails the cell unless the answer is right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from classbridge.core.errors import ClassBridgeError
from classbridge.core.graded_questions import (
    GradedQuestion,
    question_order,
    sheet_questions,
)
from classbridge.core.numbers import NumberError, format_number, parse_number
from classbridge.core.records import Answer, read_sheet_answers
from classbridge.core.visit import autograding
from classbridge.grading.checks import handed_in_work, show_graded_note
from classbridge.grading.graded_output import GradedAnswer, show_graded_answer

__all__ = ["AnswerKey", "AnswerKeyError", "WrongAnswer", "answer_key"]

#: How far a typed number may be from the key's and still be right (as the hidden tests had it).
TOLERANCE = 0.01


class AnswerKeyError(ClassBridgeError, ValueError):
    """A key entry that cannot be right for any trainee; the message names the fix."""


class WrongAnswer(AssertionError):
    """The hand-in's answer is not the key's: nbgrader scores the cell 0."""


def answer_key(sheet: str) -> AnswerKey:
    """The answer key of the sheet saved under ``sheet`` (the ``AnswerSheet``'s key).

    Outside autograding it says, once per sheet, that the answers are checked
    when the trainer grades the module.
    """
    if not autograding():
        show_graded_note(sheet)
    return AnswerKey(sheet)


class AnswerKey:
    """The key entries of one sheet; each graded test cell holds one (``expect``)."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet

    def expect(
        self,
        question: str,
        *,
        choice: int | None = None,
        choices: Sequence[int] | None = None,
        number: float | None = None,
        units: Sequence[str] = (),
        tolerance: float = TOLERANCE,
        text: str | Sequence[str] | None = None,
        why: str = "",
        mistakes: Mapping[int, str] | None = None,
    ) -> None:
        """The key entry of ``question``; while autograding, judge the hand-in's answer.

        ``mistakes`` explains wrong options, by option number: each distractor is a
        mistake real teachers make, and a trainee who chose it reads why it is one.
        """
        asked = self._question(question)
        self._check_entry(question, asked, choice, choices, number, text, why)
        mistakes = dict(mistakes or {})
        self._check_mistakes(question, asked, choice, choices, mistakes)
        if not autograding():
            return
        units = tuple(units) or (asked.units if asked else ())
        answer = self._handed_in(question)
        answered = not (answer is None or answer == [] or str(answer).strip() == "")
        if choice is not None:
            right = answer == [choice]
            key_text = _shown(asked, [choice])
        elif choices is not None:
            right = isinstance(answer, list) and sorted(answer) == sorted(choices)
            key_text = _shown(asked, sorted(choices))
        elif number is not None:
            value = _number(answer, units)
            right = value is not None and abs(value - number) < tolerance
            key_text = format_number(float(number)) + (f" {units[0]}" if units else "")
        else:
            accepted = [text] if isinstance(text, str) else list(text)
            right = isinstance(answer, str) and answer.strip().casefold() in {
                a.strip().casefold() for a in accepted
            }
            key_text = accepted[0]
        result: GradedAnswer = {
            "sheet": self.sheet,
            "question": question,
            "number": asked.number if asked else 0,
            "prompt": asked.prompt if asked else "",
            "answered": answered,
            "answer": _shown(asked, answer) if answered else "",
            "right": right,
            "key": key_text,
            "why": why.strip(),
            "mistake": " ".join(
                mistakes[i].strip()
                for i in (answer if isinstance(answer, list) else [])
                if isinstance(i, int) and i in mistakes and not right
            ),
        }
        show_graded_answer(result, _summary(result))
        if not right:
            raise WrongAnswer(
                f"{question}: " + (f"answered {result['answer']!r}" if answered else "not answered")
            )
        # Nothing returned: the result is displayed above, and a value here would be the
        # cell's Out[] on the formgrader's page, one long unwrapped line.

    def _check_mistakes(
        self,
        question: str,
        asked: GradedQuestion | None,
        choice: int | None,
        choices: Sequence[int] | None,
        mistakes: dict[int, str],
    ) -> None:
        """``AnswerKeyError`` for a mistake explained on an option that is right, or absent."""
        if not mistakes:
            return
        if choice is None and choices is None:
            raise AnswerKeyError(
                f"the key for {question!r} explains mistakes=, but its answer is typed: "
                "mistakes= explains wrong options, by option number; drop it"
            )
        right = {choice} if choice is not None else set(choices or ())
        for option, text in mistakes.items():
            if option in right:
                raise AnswerKeyError(
                    f"the key for {question!r} explains option {option} as a mistake, but it is "
                    "a right answer: explain only wrong options in mistakes="
                )
            if asked is not None and not (
                isinstance(option, int) and 0 <= option < len(asked.options)
            ):
                raise AnswerKeyError(
                    f"the key for {question!r} explains option {option!r} in mistakes=, but the "
                    f"question has options 0 to {len(asked.options) - 1}: count them from 0"
                )
            if not isinstance(text, str) or not text.strip():
                raise AnswerKeyError(
                    f"the key for {question!r} leaves mistake {option} unexplained: write why "
                    "it is a mistake, in a sentence"
                )

    def _check_entry(
        self,
        question: str,
        asked: GradedQuestion | None,
        choice: int | None,
        choices: Sequence[int] | None,
        number: float | None,
        text: str | Sequence[str] | None,
        why: str,
    ) -> None:
        """``AnswerKeyError`` for an entry no answer could meet, naming the fix."""
        kinds = {"choice": choice, "choices": choices, "number": number, "text": text}
        given = [name for name, value in kinds.items() if value is not None]
        if len(given) != 1:
            raise AnswerKeyError(
                f"the key for {question!r} gives {' and '.join(given) or 'no answer'}: give "
                "exactly one of choice=, choices=, number= or text="
            )
        if not why.strip():
            raise AnswerKeyError(
                f"the key for {question!r} has no why=: explain the right answer in a sentence "
                "or two; trainees read it in their feedback"
            )
        if asked is None:
            return
        if asked.options and (number is not None or text is not None):
            raise AnswerKeyError(
                f"the key for {question!r} gives a typed answer, but the question has options: "
                "give choice= (an option number, from 0) or choices="
            )
        if not asked.options and (choice is not None or choices is not None):
            raise AnswerKeyError(
                f"the key for {question!r} gives options, but the question is typed: "
                "give number= or text="
            )
        picked = [choice] if choice is not None else list(choices or ())
        if any(not isinstance(i, int) or not 0 <= i < len(asked.options) for i in picked):
            raise AnswerKeyError(
                f"the key for {question!r} names option {picked}, but the question has "
                f"options 0 to {len(asked.options) - 1}: count the options from 0"
            )
        if choices is not None and not asked.multiple:
            raise AnswerKeyError(
                f"the key for {question!r} gives choices=, but the question takes one answer: "
                "give choice=, or add multiple=True to the Ask"
            )

    def _question(self, question: str) -> GradedQuestion | None:
        """The sheet's question of that id; None if the sheet did not run in this kernel."""
        questions = sheet_questions(self.sheet)
        if not questions:
            return None
        for asked in questions:
            if asked.id == question:
                return asked
        ids = [q.id for q in questions if q.id]
        has = f"its questions are {', '.join(ids)}" if ids else "its questions have no ids"
        raise AnswerKeyError(
            f"the answer key names question {question!r}, which sheet '{self.sheet}' does not "
            f"have ({has}): give the Ask that id, or key one of the ids it has"
        )

    def _handed_in(self, question: str) -> Answer | None:
        data = handed_in_work().load(self.sheet).data
        return read_sheet_answers(data, question_order(self.sheet)).get(question)


def _number(answer: Answer | None, units: Sequence[str]) -> float | None:
    if answer is None or isinstance(answer, list):
        return None
    try:
        return parse_number(answer, units)
    except NumberError:
        return None


def _shown(asked: GradedQuestion | None, answer: Answer | None) -> str:
    if asked is not None:
        return asked.shown(answer)
    return GradedQuestion("", 0, "").shown(answer)


def _summary(result: GradedAnswer) -> str:
    """The line a trainer reads under the cell in the formgrader."""
    number = f" {result['number']}" if result["number"] else ""
    where = f"Question{number} ({result['question']})"
    if not result["answered"]:
        return f"{where}: not answered. Key: {result['key']}."
    verdict = "right" if result["right"] else f"not right; key: {result['key']}"
    return f"{where}: {result['answer']} ({verdict})."
