"""The seven training modules: metadata for the catalogue, graded work, and nbgrader versions.

The answer key below is written from the module texts, independently of the
hidden tests: a trainee who answers as the module teaches must get every
autograded point, one who answers wrongly none, and the trainee's version of
each module must not contain the hidden tests.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from classbridge.core.catalogue import scan_catalogue
from classbridge.core.storage import RecordStore
from classbridge.grading.autograde import OUTCOME_GRADED, autograde_cohort
from classbridge.grading.course import Course, open_gradebook
from classbridge.grading.release import release_module
from classbridge.lessons.bank import LessonBank
from classbridge.lessons.plan import adapt_plan, new_plan
from classbridge.lessons.store import PlanFolder
from tests.support.repo import CURRICULUM, MODULES

ANSWER_KEY = {
    "01-welcome": {"0": [1], "1": [0], "2": [0, 1, 2]},
    "02-online-classroom": {"0": [1], "1": [1], "2": "9", "3": [1]},
    "03-teaching-live": {"0": "7", "1": [0, 2], "2": [1]},
    "04-co-preparing": {"0": "5", "1": [1], "2": [0, 1, 2]},
    "05-live-room": {"0": [1], "1": [1]},
    "06-multilingual": {"0": [1], "1": [1], "2": [0, 1, 3]},
    "07-assessing-outcomes": {"0": [1], "1": "21", "2": [1]},
}


def _notebooks() -> dict[str, Path]:
    return {m: next((MODULES / m).glob("*.ipynb")) for m in CURRICULUM}


def _nbgrader_cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c["metadata"]["nbgrader"] for c in cells if "nbgrader" in c["metadata"]]


def test_catalogue_lists_the_curriculum_in_order_with_complete_metadata():
    modules = scan_catalogue(MODULES).modules
    folders = [m.path.split("/")[0] for m in modules]
    assert folders == CURRICULUM
    for module in modules:
        assert 30 <= module.duration_minutes <= 60, module.path
        assert len(module.objectives) >= 3, module.path
        assert module.keywords, module.path
        assert all(p in CURRICULUM for p in module.prerequisites), module.path
    assert [m.title for m in modules][5] == "Multilingual and cross-cultural classes"


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Course:
    root = tmp_path_factory.mktemp("curriculum")
    course = Course(root=root / "course", modules_dir=MODULES, cell_timeout=60)
    for module in CURRICULUM:
        release_module(course, module)
    return course


# Module 04 hands in a lesson plan too: a complete one earns its points, a bare draft none.
PLAN_MODULE = "04-co-preparing"


def _write_plan(folder: PlanFolder, trainee: str, complete: bool) -> None:
    if complete:
        plan = adapt_plan(LessonBank().find("tides-and-the-moon").plan, "lesson-plan", trainee)
    else:
        plan = new_plan("Reading clocks", trainee) | {"id": "lesson-plan"}
    folder.create(plan)


def _hand_in(course: Course, trainee: str, module: str, answers: dict) -> None:
    """The trainee's version of the module, answered and saved, placed where collect puts it.

    Fetching and submitting through nbgrader's exchange is tested in
    tests/grading/test_cohort_e2e.py; here the point is each module's answer key.
    """
    release = Path(course.root) / "release" / module
    handed_in = Path(course.root) / "submitted" / trainee / module
    shutil.copytree(release, handed_in)
    (handed_in / "timestamp.txt").write_text("2026-11-28 09:00:00.000000 UTC", encoding="utf-8")
    work = RecordStore(handed_in / "classbridge-work" / trainee)
    work.save(f"{module}/graded", {"answers": answers}, 0)
    work.save(f"{module}/reflection", {"text": f"{trainee} reflects on {module}."}, 0)
    if module == PLAN_MODULE:
        complete = answers == ANSWER_KEY[module]
        _write_plan(PlanFolder(work.folder / module), trainee, complete=complete)


@pytest.mark.slow  # nbgrader autogrades every module twice
def test_autograding_every_module_with_the_answer_key(released: Course):
    wrong = {
        m: {k: ([] if isinstance(v, list) else "0") for k, v in key.items()}
        for m, key in ANSWER_KEY.items()
    }
    for module in CURRICULUM:
        _hand_in(released, "rita", module, ANSWER_KEY[module])
        _hand_in(released, "walt", module, wrong[module])
    for module in CURRICULUM:
        outcomes = autograde_cohort(released, module, jobs=2, progress=False)
        assert [(o.trainee, o.status) for o in outcomes] == [
            ("rita", OUTCOME_GRADED),
            ("walt", OUTCOME_GRADED),
        ]
    with open_gradebook(released) as gradebook:
        for module in CURRICULUM:
            notebook = _notebooks()[module].stem
            tests = [
                c for c in _nbgrader_cells(_notebooks()[module]) if c["grade"] and not c.get("task")
            ]
            auto_points = sum(c["points"] for c in tests)
            for trainee, expected in (("rita", auto_points), ("walt", 0)):
                auto = sum(
                    gradebook.find_grade(c["grade_id"], notebook, module, trainee).auto_score or 0
                    for c in tests
                )
                assert auto == expected, f"{trainee} in {module}"
            task = next(c for c in _nbgrader_cells(_notebooks()[module]) if c.get("task"))
            assert gradebook.find_grade(
                task["grade_id"], notebook, module, "rita"
            ).needs_manual_grade
    # The trainer reads the reflection in the graded notebook (formgrader shows its output).
    graded = next(
        (Path(released.root) / "autograded" / "rita" / "03-teaching-live").glob("*.ipynb")
    )
    assert "rita reflects on 03-teaching-live." in graded.read_text(encoding="utf-8")
    # ...and the handed-in lesson plan, with the rubric's criteria to score by hand.
    graded = next((Path(released.root) / "autograded" / "rita" / PLAN_MODULE).glob("*.ipynb"))
    text = graded.read_text(encoding="utf-8")
    assert "Tides and the Moon (adapted)" in text
    assert "Claire Morel" in text  # the credit to the original authors travels with the plan
    with open_gradebook(released) as gradebook:
        rubric = [
            c
            for c in _nbgrader_cells(_notebooks()[PLAN_MODULE])
            if c.get("task") and c["grade_id"].startswith("plan-rubric-")
        ]
        assert sum(c["points"] for c in rubric) == 10
        notebook = _notebooks()[PLAN_MODULE].stem
        for cell in rubric:
            grade = gradebook.find_grade(cell["grade_id"], notebook, PLAN_MODULE, "rita")
            assert grade.needs_manual_grade and grade.max_score == cell["points"]
            grade.manual_score = cell["points"] - 1  # as the trainer scores it in the formgrader
        gradebook.db.commit()
        scored = gradebook.find_submission_notebook(notebook, PLAN_MODULE, "rita")
        # 4 answer-sheet points + 2 for a complete plan, and the rubric's 10 less one a criterion.
        assert scored.score == 4 + 2 + (10 - len(rubric))
