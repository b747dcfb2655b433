"""What ``classbridge check`` finds by running a module, in a temporary nbgrader course.

Three runs, each what a module meets in a workshop:

* **release**: nbgrader makes the trainee version, which must hold no line of
  the answer key (hidden tests) and every file of the module folder;
* **top to bottom**: the notebook runs headless as Voilà runs it for a
  trainee, in a copy of its folder with a throw-away workspace;
* **autograde**: two hand-ins of the trainee version, one saving the answer
  key's own answers and one saving nothing, are autograded by nbgrader
  (``autograde_cohort``): every keyed question must score full marks with the
  key, and every autograded cell none for the empty hand-in.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from classbridge.authoring.graded_cells import (
    KeyEntry,
    hidden_texts,
    key_line,
    notebook_cells,
    read_graded_work,
)
from classbridge.authoring.problem import Problem
from classbridge.authoring.static_checks import MARKERS, NotebookFacts
from classbridge.core.records import answers_record
from classbridge.core.storage import RecordStore
from classbridge.core.visit import AUTOGRADING_ENV
from classbridge.core.workspace import DEFAULT_FOLDER, TRAINEE_ENV, WORKSPACE_ENV
from classbridge.grading.autograde import OUTCOME_GRADED, autograde_cohort
from classbridge.grading.course import Course, GradingError, open_gradebook
from classbridge.grading.release import NOT_RELEASED, release_module

#: The two hand-ins every module is autograded with.
KEY_TRAINEE, EMPTY_TRAINEE = "answer-key", "empty-hand-in"
#: Seconds one cell may run, headless or autograded, before it counts as hanging.
CELL_TIMEOUT = 60
HANDED_IN_AT = "2026-01-01 09:00:00.000000 UTC"


def trial_course(modules_root: Path, folder: Path) -> Course:
    """A course of its own in ``folder`` (gradebook, exchange), releasing from ``modules_root``."""
    return Course(root=folder / "course", modules_dir=modules_root, cell_timeout=CELL_TIMEOUT)


def release_problems(
    course: Course, module: str, notebooks: Sequence[NotebookFacts]
) -> list[Problem]:
    """Release ``module`` with nbgrader; any answer-key line or file the trainees lack."""
    try:
        release_module(course, module)
    except GradingError as err:
        return [
            Problem(
                Path(notebooks[0].shown).parent,
                f"nbgrader cannot make the trainee version ({err}): fix what it names",
            )
        ]
    released = course.path("release", module=module)
    problems = []
    for facts in notebooks:
        trainee_version = released / facts.path.name
        if not trainee_version.is_file():
            problems.append(Problem(facts.shown, "is missing from the trainee version: rename it"))
            continue
        problems += _left_in(facts, json.loads(trainee_version.read_text(encoding="utf-8")))
    source = Path(course.modules_dir) / module
    for path in sorted(source.rglob("*")):
        inside = path.relative_to(source)
        if not path.is_file() or path.suffix == ".ipynb" or NOT_RELEASED("", list(inside.parts)):
            continue
        if not (released / inside).is_file():
            problems.append(
                Problem(
                    Path(notebooks[0].shown).parent / inside,
                    "is not in the trainee version: nbgrader leaves out files over 100 MB, "
                    "*.pyc and 'feedback'; rename or shrink it",
                )
            )
    return problems


def _left_in(facts: NotebookFacts, trainee_version: dict) -> list[Problem]:
    """Lines of the answer key, and key entries, that the trainee version still shows."""
    problems = []
    hidden = set(hidden_texts(facts.cells))
    released = notebook_cells(trainee_version)
    leaked: list[KeyEntry] = read_graded_work(released).keys
    for cell in released:
        source_cell = facts.cell_with_id(cell.grade_id) if cell.grade_id else None
        shown_cell = source_cell or cell
        lines = [key_line(line) for line in cell.source.splitlines()]
        entry = next((e for e in leaked if e.cell.index == cell.index), None)
        left = next((line for line in lines if line in hidden), None)
        if "HIDDEN TESTS" in cell.source or entry is not None or left is not None:
            what = (
                f"the key entry for '{entry.question}'"
                if entry is not None
                else f"'{left[:60]}', a line of the answer key"
                if left is not None
                else "a hidden-tests marker"
            )
            problems.append(
                Problem(
                    facts.shown,
                    f"the trainee version made by nbgrader still shows {what}: put it between "
                    f"{MARKERS} in an 'Autograder tests' cell",
                    shown_cell.number,
                    shown_cell.grade_id,
                )
            )
    kept = {cell.grade_id for cell in released if cell.grade_id}
    for cell in sorted(
        {s.cell.index: s.cell for s in facts.work.saved}.values(), key=lambda c: c.index
    ):
        if cell.grade_id and cell.grade_id not in kept:
            problems.append(
                Problem(
                    facts.shown,
                    "is missing from the trainee version nbgrader made, so trainees cannot "
                    "answer it: check its nbgrader metadata",
                    cell.number,
                    cell.grade_id,
                )
            )
    return problems


def run_problems(facts: NotebookFacts, scratch: Path) -> list[Problem]:
    """Run the notebook top to bottom, headless, as a trainee's page runs it; the first failure."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    folder = scratch / "run" / facts.path.parent.name / facts.path.stem
    shutil.copytree(facts.path.parent, folder, ignore=NOT_RELEASED)
    notebook = nbformat.read(folder / facts.path.name, as_version=4)
    env = {k: v for k, v in os.environ.items() if k != AUTOGRADING_ENV}
    env |= {WORKSPACE_ENV: str(scratch / "workspace"), TRAINEE_ENV: "check"}
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )
    cells = facts.cells
    try:
        # The kernel's own log (e.g. ipykernel's TCP warning) is not the trainer's business.
        with client.setup_kernel(env=env, stderr=subprocess.DEVNULL):
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type != "code":
                    continue
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    return [
                        Problem(
                            facts.shown,
                            f"runs past {CELL_TIMEOUT} s when the notebook runs top to bottom: "
                            "make it finish (a trainee's page would hang)",
                            cells[index].number,
                            cells[index].grade_id,
                        )
                    ]
                except CellExecutionError as err:
                    return [
                        Problem(
                            facts.shown,
                            f"raises {err.ename}: {_first_line(err.evalue)} when the notebook "
                            "runs top to bottom: fix the cell (a trainee's page would show the "
                            "error)",
                            cells[index].number,
                            cells[index].grade_id,
                        )
                    ]
    except DeadKernelError:
        return [Problem(facts.shown, "stops its own kernel when run: remove what ends Python")]
    return []


def _first_line(text: str) -> str:
    line = (text or "").strip().splitlines()[:1]
    return line[0][:200] if line else "(no message)"


def _key_answers(entries: Sequence[KeyEntry]) -> dict[str, dict]:
    """Sheet → the answers record the sheet would save if the trainee gave the key's answers."""
    by_sheet: dict[str, dict] = {}
    for entry in entries:
        kind_value = entry.answer
        if kind_value is None or not isinstance(entry.question, str):
            continue
        kind, value = kind_value
        answer: object
        if kind == "choice":
            answer = [value]
        elif kind == "choices":
            answer = sorted(value)  # type: ignore[arg-type]
        elif kind == "number":
            answer = float(value)  # type: ignore[arg-type]
        else:
            answer = value if isinstance(value, str) else list(value)[0]  # type: ignore[call-overload]
        by_sheet.setdefault(entry.sheet, {})[entry.question] = answer
    return {sheet: dict(answers_record(answers)) for sheet, answers in by_sheet.items()}


def _hand_in(course: Course, module: str, trainee: str, saved: dict[str, dict]) -> None:
    """The trainee version, with ``saved`` work, where nbgrader's collect puts a hand-in."""
    handed_in = course.path("submitted", trainee, module)
    shutil.copytree(course.path("release", module=module), handed_in)
    (handed_in / "timestamp.txt").write_text(HANDED_IN_AT, encoding="utf-8")
    work = RecordStore(handed_in / DEFAULT_FOLDER / trainee)
    for key, data in saved.items():
        work.save(key, data, 0)


def autograde_problems(
    course: Course, module: str, notebooks: Sequence[NotebookFacts]
) -> list[Problem]:
    """Autograde the answer key's hand-in and an empty one; what did not score as it must."""
    from nbgrader.api import MissingEntry

    entries = [e for facts in notebooks for e in facts.work.keys]
    _hand_in(course, module, KEY_TRAINEE, _key_answers(entries))
    _hand_in(course, module, EMPTY_TRAINEE, {})
    folder = Path(notebooks[0].shown).parent
    outcomes = autograde_cohort(course, module, jobs=1, progress=False)
    problems = [
        Problem(
            folder,
            f"autograding the {o.trainee} hand-in ended '{o.status}' ({o.detail}): run the "
            "notebook top to bottom and fix what fails",
        )
        for o in outcomes
        if o.status != OUTCOME_GRADED
    ]
    if problems:
        return problems
    with open_gradebook(course) as gradebook:
        for facts in notebooks:
            keyed = {e.cell.grade_id for e in facts.work.keys if e.cell.grade_id}
            for cell in facts.cells:
                if not cell.is_autograded_test:
                    continue
                for trainee in (KEY_TRAINEE, EMPTY_TRAINEE):
                    if trainee == KEY_TRAINEE and cell.grade_id not in keyed:
                        continue  # not judged by the key (e.g. "the lesson plan is complete")
                    try:
                        grade = gradebook.find_grade(
                            cell.grade_id, facts.path.stem, module, trainee
                        )
                    except MissingEntry:
                        problems.append(
                            Problem(
                                facts.shown,
                                "has no grade after autograding: check its nbgrader metadata",
                                cell.number,
                                cell.grade_id,
                            )
                        )
                        break
                    score, most = grade.auto_score or 0, grade.max_score or 0
                    if trainee == KEY_TRAINEE and score < most:
                        why = _error_in(course, module, facts, cell.grade_id)
                        problems.append(
                            Problem(
                                facts.shown,
                                f"the answer key's own answers score {score:g} of {most:g} "
                                f"here{why}: make the cell pass when the key's answers are "
                                "handed in",
                                cell.number,
                                cell.grade_id,
                            )
                        )
                    if trainee == EMPTY_TRAINEE and score > 0:
                        problems.append(
                            Problem(
                                facts.shown,
                                f"an empty hand-in scores {score:g} of {most:g} here: make the "
                                "test fail when nothing was answered",
                                cell.number,
                                cell.grade_id,
                            )
                        )
    return problems


def _error_in(course: Course, module: str, facts: NotebookFacts, grade_id: str) -> str:
    """`` (WrongAnswer: ...)``: the error the graded cell showed, read from nbgrader's notebook."""
    graded = course.path("autograded", KEY_TRAINEE, module) / facts.path.name
    try:
        cells = json.loads(graded.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return ""
    for cell in cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") != grade_id:
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f" ({output.get('ename')}: {_first_line(output.get('evalue', ''))})"
    return ""
