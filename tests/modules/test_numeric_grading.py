"""Numeric answers score however a trainee writes them (issue 14, "Misread").

"9 Mbit/s" used to be saved as text that module 02's hidden test scored 0, and
"9,0" scored in modules 02 and 03 but not in 04 or 07. Here each module's own
answer sheet (its notebook cell, run as Voilà runs it) is filled in as
trainees write numbers, handed in, and autograded by real nbgrader with the
module's own hidden tests.
"""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

from classbridge.core.storage import RecordStore
from classbridge.grading.autograde import OUTCOME_GRADED, autograde_cohort
from classbridge.grading.checks import GradedAnswers
from classbridge.grading.course import Course, open_gradebook
from classbridge.grading.release import release_module
from classbridge.widgets import AnswerSheet
from tests.support.repo import MODULES


def test_graded_answers_read_numbers_and_the_text_older_sheets_saved():
    answers = GradedAnswers({0: [1], 1: 9.0, 2: "9,0", 3: "9 Mbit/s", 4: "nine", 5: ""})
    assert answers.number(1) == 9.0
    assert answers.number(2) == 9.0
    assert answers.number(3, "Mbit/s") == 9.0
    assert answers.number(3) is None  # a unit the test did not name
    assert [answers.number(i) for i in (0, 4, 5, 9)] == [None, None, None, None]


#: Module -> the numeric question's index, its test cell, the right answer and its unit.
NUMERIC = {
    "02-online-classroom": (2, "test-setup-bandwidth", "9", "Mbit/s"),
    "03-teaching-live": (0, "test-live-wait", "7", "s"),
    "04-co-preparing": (0, "test-plan-minutes", "5", "min"),
    "07-assessing-outcomes": (1, "test-evidence-count", "21", "learners"),
}

#: How each trainee types the right answer in the sheet (9 -> "9,0", "9 Mbit/s").
TYPED = {"comma": lambda n, unit: f"{n},0", "unit": lambda n, unit: f"{n} {unit}"}
#: Saved as text by the AnswerSheet before numbers were read at save time.
SAVED_AS_TEXT = {"oldcomma": lambda n, unit: f" {n},0 ", "oldunit": lambda n, unit: f"{n} {unit}"}


def _notebook(module: str) -> Path:
    return next((MODULES / module).glob("*.ipynb"))


def _cell(module: str, grade_id: str) -> dict:
    cells = json.loads(_notebook(module).read_text(encoding="utf-8"))["cells"]
    return next(c for c in cells if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def _source(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def module_sheet(module: str) -> AnswerSheet:
    """The module's own answer sheet, built by running its notebook cell."""
    tree = ast.parse(_source(_cell(module, "graded-sheet")))
    *setup, last = tree.body
    namespace: dict = {}
    exec(compile(ast.Module(setup, type_ignores=[]), module, "exec"), namespace)
    return eval(compile(ast.Expression(last.value), module, "eval"), namespace)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    root = tmp_path_factory.mktemp("numeric")
    course = Course(root=root / "course", modules_dir=MODULES, cell_timeout=60)
    for module in NUMERIC:
        release_module(course, module)
    return course


def _hand_in_folder(course: Course, trainee: str, module: str) -> Path:
    release = Path(course.root) / "release" / module
    handed_in = Path(course.root) / "submitted" / trainee / module
    shutil.copytree(release, handed_in)
    (handed_in / "timestamp.txt").write_text("2026-11-28 09:00:00.000000 UTC", encoding="utf-8")
    return handed_in


@pytest.mark.slow  # nbgrader autogrades four modules, four hand-ins each
def test_numbers_score_full_marks_however_they_are_written(course: Course, monkeypatch):
    for module, (index, _, right, unit) in NUMERIC.items():
        for trainee, typed in TYPED.items():
            handed_in = _hand_in_folder(course, trainee, module)
            monkeypatch.setenv("CLASSBRIDGE_WORKSPACE", str(handed_in / "classbridge-work"))
            monkeypatch.setenv("CLASSBRIDGE_TRAINEE", trainee)
            sheet = module_sheet(module)
            sheet.views[index].input.set_answer(typed(right, unit))
            assert sheet.save(), sheet.saved.status.value  # pressed Save: saved as a number
            work = RecordStore(handed_in / "classbridge-work" / trainee)
            saved = work.load(f"{module}/graded").data["answers"]
            assert saved[sheet.ids[index]] == float(right)  # under the question's id
        for trainee, typed in SAVED_AS_TEXT.items():
            work = RecordStore(_hand_in_folder(course, trainee, module) / "classbridge-work")
            answers = {str(index): typed(right, unit)}
            RecordStore(work.folder / trainee).save(f"{module}/graded", {"answers": answers}, 0)

    trainees = sorted([*TYPED, *SAVED_AS_TEXT])
    for module in NUMERIC:
        outcomes = autograde_cohort(course, module, jobs=2, progress=False)
        assert [(o.trainee, o.status) for o in outcomes] == [(t, OUTCOME_GRADED) for t in trainees]
    with open_gradebook(course) as gradebook:
        for module, (_, grade_id, _, _) in NUMERIC.items():
            points = _cell(module, grade_id)["metadata"]["nbgrader"]["points"]
            for trainee in trainees:
                grade = gradebook.find_grade(grade_id, _notebook(module).stem, module, trainee)
                assert grade.auto_score == points, f"{trainee} in {module}"
