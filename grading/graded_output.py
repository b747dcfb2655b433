"""What a graded cell leaves in the autograded notebook for the trainee's feedback page.

While nbgrader autogrades, the answer key (``answer_key``) and the reflection
cell (``checks.show_reflection_for_grader``) display a machine-readable result
beside the text the trainer reads in the formgrader: a JSON output of a
ClassBridge mimetype, which nbconvert and the formgrader do not draw. The
feedback page (``feedback_page``) reads these back from the autograded
notebook, with the gradebook's scores and comments. One writer and one reader
of each shape, here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict

#: One graded question: what the trainee answered, the key, and why.
GRADED_ANSWER_MIME = "application/vnd.classbridge.graded-answer+json"
#: Text the trainee wrote for a hand-graded task (a reflection), as they wrote it.
HANDED_IN_TEXT_MIME = "application/vnd.classbridge.handed-in-text+json"


class GradedAnswer(TypedDict):
    sheet: str
    question: str
    #: the question's place on its sheet, from 1; 0 if the sheet did not run
    number: int
    prompt: str
    answered: bool
    #: the answer as the trainee gave it (option texts, number with unit)
    answer: str
    right: bool
    #: the right answer, as a trainee would give it
    key: str
    why: str
    #: why the wrong options the trainee chose are mistakes (the key's ``mistakes=``)
    mistake: str


class HandedInText(TypedDict):
    key: str
    text: str


def show_graded_answer(result: GradedAnswer, summary: str) -> None:
    """Display ``result`` for the feedback page and ``summary`` for the formgrader."""
    from IPython.display import display

    display({"text/plain": summary, GRADED_ANSWER_MIME: dict(result)}, raw=True)


def show_handed_in_text(key: str, text: str) -> None:
    """Display the text a trainee wrote, for the feedback page only (printed for the trainer)."""
    from IPython.display import display

    display({HANDED_IN_TEXT_MIME: {"key": key, "text": text}}, raw=True)


def _outputs_of(cell: Mapping, mime: str) -> list[Mapping]:
    found = []
    for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
        data = output.get("data") if isinstance(output, Mapping) else None
        if isinstance(data, Mapping) and isinstance(data.get(mime), Mapping):
            found.append(data[mime])
    return found


def read_graded_answers(cell: Mapping) -> list[GradedAnswer]:
    """The graded answers a cell displayed; a malformed one is passed over."""
    results = []
    for data in _outputs_of(cell, GRADED_ANSWER_MIME):
        result: GradedAnswer = {
            "sheet": str(data.get("sheet", "")),
            "question": str(data.get("question", "")),
            "number": data.get("number") if isinstance(data.get("number"), int) else 0,
            "prompt": str(data.get("prompt", "")),
            "answered": bool(data.get("answered")),
            "answer": str(data.get("answer", "")),
            "right": bool(data.get("right")),
            "key": str(data.get("key", "")),
            "why": str(data.get("why", "")),
            "mistake": str(data.get("mistake", "")),
        }
        if result["question"]:
            results.append(result)
    return results


def read_handed_in_texts(cell: Mapping) -> list[HandedInText]:
    return [
        {"key": str(data.get("key", "")), "text": data["text"]}
        for data in _outputs_of(cell, HANDED_IN_TEXT_MIME)
        if isinstance(data.get("text"), str)
    ]
