"""Giving the seven modules question ids and key entries changed no trainee's grade.

The modules as they were before (answers keyed by position, hidden tests
asserting ``answers[1] == [0]``) are taken from the git history, at the last
commit before the conversion. The same hand-ins — right, wrong, empty — are
autograded by real nbgrader with the old notebooks and with today's, and
every graded cell scores the same; today's notebooks also give the right
answers saved by id (as today's sheets save them) the same points.
"""

from __future__ import annotations

import ast
import io
import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from classbridge.core.storage import RecordStore
from classbridge.grading.autograde import OUTCOME_GRADED, autograde_cohort
from classbridge.grading.course import Course, open_gradebook
from classbridge.grading.release import release_module
from tests.modules.test_curriculum import ANSWER_KEY
from tests.support.repo import CURRICULUM, MODULES, REPO

pytestmark = pytest.mark.slow  # nbgrader autogrades every module a dozen times

#: The last commit whose modules keyed answers by position.
BEFORE_IDS = "17a5860485f4829ddac457c59a07cd977574617b"


def _wrong(answer):
    return [answer[0] + 1] if isinstance(answer, list) else str(int(answer) + 1)


#: Trainee → their answers by position, per module; None: nothing saved at all.
HAND_INS = {
    "right": lambda key: dict(key),
    "wrong": lambda key: {k: _wrong(v) for k, v in key.items()},
    "empty": lambda key: None,
}
#: Hand-ins also saved by id, as today's sheets save them.
BY_ID = ("right",)
#: Hand-ins graded with the old notebooks too; the others score 0 in both (CI time).
GRADED_BEFORE = ("right",)


def _notebook(modules: Path, module: str) -> Path:
    return next((modules / module).glob("*.ipynb"))


def _test_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    metas = [c["metadata"].get("nbgrader", {}) for c in cells]
    return [m["grade_id"] for m in metas if m.get("grade") and not m.get("task")]


def _question_ids(notebook: Path) -> list[str]:
    """The ids of the graded sheet's questions, in order, read from its cell."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sheet = next(
        c for c in cells if c["metadata"].get("nbgrader", {}).get("grade_id") == "graded-sheet"
    )
    calls = [
        node
        for node in ast.walk(ast.parse("".join(sheet["source"])))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Ask"
    ]
    calls.sort(key=lambda node: node.lineno)
    return [next(k.value.value for k in call.keywords if k.arg == "id") for call in calls]


@pytest.fixture(scope="module")
def modules_before_ids(tmp_path_factory) -> Path:
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", BEFORE_IDS, "modules"],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"needs the git history with commit {BEFORE_IDS[:7]} (not a shallow clone)")
    target = tmp_path_factory.mktemp("before-ids")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "modules"


def _hand_in(course: Course, trainee: str, module: str, answers: dict | None) -> None:
    release = Path(course.root) / "release" / module
    handed_in = Path(course.root) / "submitted" / trainee / module
    shutil.copytree(release, handed_in)
    (handed_in / "timestamp.txt").write_text("2026-11-28 09:00:00.000000 UTC", encoding="utf-8")
    if answers is not None:
        work = RecordStore(handed_in / "classbridge-work" / trainee)
        work.save(f"{module}/graded", {"answers": answers}, 0)


def _scores(course: Course, modules: Path, trainees: list[str]) -> dict:
    """(module, trainee, graded cell) → points, for every autograded cell."""
    for module in CURRICULUM:
        outcomes = autograde_cohort(course, module, jobs=2, progress=False)
        assert {o.status for o in outcomes} == {OUTCOME_GRADED}, outcomes
    scores = {}
    with open_gradebook(course) as gradebook:
        for module in CURRICULUM:
            notebook = _notebook(modules, module)
            for trainee in trainees:
                for cell in _test_cells(notebook):
                    grade = gradebook.find_grade(cell, notebook.stem, module, trainee)
                    scores[(module, trainee, cell)] = grade.auto_score
    return scores


def test_every_module_grades_the_same_hand_ins_as_before(tmp_path, modules_before_ids):
    before = Course(root=tmp_path / "before", modules_dir=modules_before_ids, cell_timeout=60)
    after = Course(root=tmp_path / "after", modules_dir=MODULES, cell_timeout=60)
    for module in CURRICULUM:
        assert "BEGIN HIDDEN TESTS" in _notebook(modules_before_ids, module).read_text("utf-8")
        assert _test_cells(_notebook(modules_before_ids, module)) == _test_cells(
            _notebook(MODULES, module)
        ), f"{module}: the graded cells themselves changed"
        release_module(before, module)
        release_module(after, module)
        ids = _question_ids(_notebook(MODULES, module))
        for trainee, answers_for in HAND_INS.items():
            answers = answers_for(ANSWER_KEY[module])
            if trainee in GRADED_BEFORE:
                _hand_in(before, trainee, module, answers)
            _hand_in(after, trainee, module, answers)  # an old save, read by position
            if trainee in BY_ID:
                by_id = {ids[int(k)]: v for k, v in answers.items()}
                _hand_in(after, f"{trainee}-by-id", module, by_id)  # saved by today's sheet

    old = _scores(before, modules_before_ids, list(GRADED_BEFORE))
    new = _scores(after, MODULES, [*HAND_INS, *(f"{t}-by-id" for t in BY_ID)])
    for (module, trainee, cell), points in old.items():
        assert new[(module, trainee, cell)] == points, (module, trainee, cell)
        if trainee in BY_ID:
            assert new[(module, f"{trainee}-by-id", cell)] == points, (module, trainee, cell)
    # Not vacuous: the right hand-in scores every question; the lesson plan, not handed in, 0.
    for module in CURRICULUM:
        for cell in _test_cells(_notebook(MODULES, module)):
            expected = 0 if cell == "test-lesson-plan-complete" else None
            got = old[(module, "right", cell)]
            assert (got == 0) if expected == 0 else got > 0, (module, cell)
            # Wrong and missing answers scored nothing with the old notebooks (they were graded
            # with them until session 15: 0 in every cell); today's must score nothing too.
            assert new[(module, "wrong", cell)] == 0 and new[(module, "empty", cell)] == 0
