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
        given = answers.number(2, "Mbit/s", "Mbps")
        assert given is not None and abs(given - 9) < 0.01
    ### END HIDDEN TESTS

While grading, the work is read from the hand-in itself (``classbridge-work/``
beside the notebook), never from the grader's own workspace. Numbers are read
with the parser the sheet and the quiz use (``classbridge.core.numbers``), so a
test compares numbers, never the way a trainee wrote one.

A sheet whose questions have ids is keyed with ``classbridge.grading.answer_key``
instead, which names each question by its id and explains the right answer in
the trainee's feedback; ``graded_answers`` still reads such a sheet by position
and by id, for modules written before ids.
"""

from __future__ import annotations

from pathlib import Path

from classbridge.core.graded_questions import question_order
from classbridge.core.language import N_, _
from classbridge.core.numbers import NumberError, parse_number
from classbridge.core.records import read_answers, read_reflection, read_sheet_answers
from classbridge.core.storage import RecordStore
from classbridge.core.visit import AUTOGRADING_ENV, autograding, current_trainee
from classbridge.core.workspace import DEFAULT_FOLDER, check_key
from classbridge.grading.graded_output import show_handed_in_text

__all__ = [
    "AUTOGRADING_ENV",
    "GradedAnswers",
    "graded_answers",
    "handed_in_plan",
    "handed_in_work",
    "show_graded_note",
    "show_reflection_for_grader",
]


def handed_in_work() -> RecordStore:
    """The saved work inside the hand-in being graded (nbgrader runs it in its folder)."""
    folder = Path.cwd() / DEFAULT_FOLDER
    trainee = current_trainee().id
    if not (folder / trainee).is_dir():
        # Saved under the trainee's login on their own machine: the hand-in has one folder.
        found = [p for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
        if len(found) == 1:
            trainee = found[0].name
    return RecordStore(folder / trainee)


class GradedAnswers(dict):
    """Saved answers by question number (0-based) and, where questions have ids, by id;
    a missing answer reads as nothing."""

    def __missing__(self, index: int | str) -> list:
        return []

    def number(self, index: int | str, *units: str) -> float | None:
        """The numeric answer to question ``index``; None if there is none or it is not a number.

        An ``AnswerSheet`` saves numbers as numbers; text saved by an older
        ClassBridge ("9,0", "9 Mbit/s", with one of ``units``) is read the same way.
        """
        try:
            return parse_number(self[index], units)
        except NumberError:
            return None


def _note(text: str) -> None:
    """Show ``text`` (translated here) under the sheet or planner, in the trainee's language."""
    from html import escape

    from IPython.display import HTML, display

    shown = escape(_(text))
    display(HTML(f'<p class="cb-graded-note"><em>{shown}</em></p>'))


GRADED_NOTE = N_("Your answers above are checked when your trainer grades this module.")
PLAN_NOTE = N_("Your plan is checked, and scored with the rubric, when your trainer grades it.")
_noted: set[str] = set()


def show_graded_note(sheet: str) -> None:
    """Say, once per sheet, that its answers are checked when the trainer grades the module."""
    if sheet not in _noted:
        _noted.add(sheet)
        _note(GRADED_NOTE)


def graded_answers(key: str) -> GradedAnswers | None:
    """The trainee's answers while autograding; ``None`` (and a note) anywhere else."""
    if not autograding():
        _note(GRADED_NOTE)
        return None
    data = handed_in_work().load(key).data
    order = question_order(key)
    by_id = read_sheet_answers(data, order) if order else {}
    by_number = read_answers(data)
    by_number.update({n: by_id[q] for n, q in enumerate(order) if q in by_id})
    return GradedAnswers({**by_number, **by_id})


def show_reflection_for_grader(key: str) -> None:
    """While autograding, show the saved reflection so the trainer reads it in the formgrader.

    Shown as HTML: escaped, wrapping, its paragraphs and line breaks as the trainee
    wrote them; the formgrader puts it above the task's score box (our
    ``nbgrader_config.py``). Its plain-text form is what was printed before, for
    any tool that reads text. The text is also displayed, machine-readable, for
    the trainee's feedback page (``graded_output``).
    """
    if not autograding():
        return
    from html import escape

    from IPython.display import display

    text = read_reflection(handed_in_work().load(key).data).strip()
    heading = _("Reflection ({key}):").format(key=key)
    nothing = _("(nothing written)")
    written = escape(text) if text else f"<em>{escape(nothing)}</em>"
    html = (
        '<div class="cb-reflection-for-grader">'
        f"<p><strong>{escape(heading)}</strong></p>"
        '<div style="white-space: pre-wrap; overflow-wrap: anywhere; max-width: 48em; '
        "line-height: 1.5; font-size: 1.1em; border-left: 4px solid #d0d7de; "
        f'padding: 0.2em 0 0.2em 0.8em; margin-bottom: 1em">{written}</div></div>'
    )
    plain = heading + "\n\n" + (text or nothing)
    display({"text/plain": plain, "text/html": html}, raw=True)
    show_handed_in_text(key, text)


def handed_in_plan(key: str) -> list[str] | None:
    """While autograding: print the handed-in lesson plan for the grader, return what it lacks.

    An empty list means the plan is complete (well-formed, subject, grades,
    objectives, minutes adding up); the rubric is then scored by hand.
    """
    if not autograding():
        _note(PLAN_NOTE)
        return None
    # Here, not at the top: every module's test cells import this module, and plan
    # checking brings YAML and JSON Schema into the kernel of each module page.
    from classbridge.lessons.plan import PlanError, dump_plan, load_plan, plan_problems

    path = handed_in_work().folder / f"{check_key(key)}.yaml"
    if not path.is_file():
        print(_("No lesson plan was saved."))
        return [_("no lesson plan was saved: write it in the planner and press Save plan")]
    try:
        plan = load_plan(path)
    except PlanError as err:
        print(err)
        return [str(err)]
    print(_("Lesson plan ({key}):").format(key=key) + "\n")
    print(dump_plan({k: v for k, v in plan.items() if k not in ("format", "history")}))
    return plan_problems(plan)
