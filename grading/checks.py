"""What an nbgrader test cell in a ClassBridge module calls to read the trainee's saved work.

Module notebooks run in three places: Voilà (a trainee practising), nbval
(our tests) and ``nbgrader autograde`` (the trainer grading a hand-in). Only
the last may judge: elsewhere there is nothing handed in to judge, and an
assertion error would be the only thing a trainee saw. ``autograding()`` tells
them apart; our nbgrader config sets it inside every kernel nbgrader starts
(``classbridge grade autograde``, ``nbgrader autograde`` and the formgrader's
Autograde button). A test cell reads::

    from classbridge.grading.checks import graded_answers
    answers = graded_answers("02-setup/graded")
    ### BEGIN HIDDEN TESTS
    if answers is not None:
        assert answers[0] == [1]
    ### END HIDDEN TESTS

While grading, the work is read from the hand-in itself (``classbridge-work/``
beside the notebook), never from the grader's own workspace.
"""

from __future__ import annotations

import os
from pathlib import Path

from classbridge.lesson_plan import PlanError, dump_plan, load_plan, plan_problems
from classbridge.storage import RecordStore
from classbridge.workspace import DEFAULT_FOLDER, TRAINEE_ENV, check_key, check_segment

AUTOGRADING_ENV = "CLASSBRIDGE_AUTOGRADING"


def autograding() -> bool:
    return os.environ.get(AUTOGRADING_ENV) == "1"


def handed_in_work(cwd: Path | None = None) -> RecordStore:
    """The saved work inside the hand-in being graded."""
    folder = Path(cwd or Path.cwd()) / DEFAULT_FOLDER
    trainee = os.environ.get(TRAINEE_ENV) or Path(cwd or Path.cwd()).parent.name
    if not (folder / trainee).is_dir():
        # Saved under the trainee's login on their own machine: the hand-in has one folder.
        found = [p for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
        if len(found) == 1:
            trainee = found[0].name
    return RecordStore(folder / check_segment(trainee, "trainee id"))


class GradedAnswers(dict):
    """Saved answers by question number (0-based); a missing answer reads as nothing."""

    def __missing__(self, index: int) -> list:
        return []


def _note(text: str) -> None:
    from IPython.display import HTML, display

    display(HTML(f'<p class="cb-graded-note"><em>{text}</em></p>'))


def graded_answers(key: str) -> GradedAnswers | None:
    """The trainee's answers while autograding; ``None`` (and a note) anywhere else."""
    if not autograding():
        _note("Your answers above are checked when your trainer grades this module.")
        return None
    data = handed_in_work().load(key).data
    return GradedAnswers({int(i): a for i, a in data.get("answers", {}).items() if i.isdigit()})


def show_reflection_for_grader(key: str) -> None:
    """While autograding, print the saved reflection so the trainer reads it in the formgrader."""
    if not autograding():
        return
    text = str(handed_in_work().load(key).data.get("text", "")).strip()
    print(f"Reflection ({key}):\n\n{text or '(nothing written)'}")


def handed_in_plan(key: str) -> list[str] | None:
    """While autograding: print the handed-in lesson plan for the grader, return what it lacks.

    An empty list means the plan is complete (well-formed, subject, grades,
    objectives, minutes adding up); the rubric is then scored by hand.
    """
    if not autograding():
        _note("Your plan is checked, and scored with the rubric, when your trainer grades it.")
        return None
    path = handed_in_work().folder / f"{check_key(key)}.yaml"
    if not path.is_file():
        print("No lesson plan was saved.")
        return ["no lesson plan was saved: write it in the planner and press Save plan"]
    try:
        plan = load_plan(path)
    except PlanError as err:
        print(err)
        return [str(err)]
    print(f"Lesson plan ({key}):\n")
    print(dump_plan({k: v for k, v in plan.items() if k not in ("format", "history")}))
    return plan_problems(plan)
