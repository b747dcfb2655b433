"""A hand-in read in Chinese and one read in English, with the same answers, get the same grades.

Both are the same nbgrader notebook (one notebook holds every language), so
the answer key is the same; the page's language travels with the hand-in, so
the Chinese reader's feedback explains in Chinese.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from classbridge.grading.course import Course, open_gradebook
from tests.support.cohort import fetch_and_hand_in_work, run
from tests.support.repo import MODULES

pytestmark = pytest.mark.slow  # nbgrader release, autograde and feedback, for real

MODULE = "06-multilingual"
CLI = [sys.executable, "-m", "classbridge"]
ANSWERS = {"room-presenters": [1], "no-stereotype": [0], "second-language-help": [0, 1, 3]}
WORK = {
    "amy": {
        f"{MODULE}/graded": {"answers": ANSWERS},
        f"{MODULE}/page-language": {"language": "en"},
    },
    "mei": {
        f"{MODULE}/graded": {"answers": ANSWERS},
        f"{MODULE}/page-language": {"language": "zh-TW"},
    },
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Course:
    root = tmp_path_factory.mktemp("bilingual")
    modules = root / "modules"
    shutil.copytree(
        MODULES / MODULE, modules / MODULE, ignore=shutil.ignore_patterns("classbridge-work")
    )
    course = Course(root=root / "course", modules_dir=modules, cell_timeout=60)
    where = ["--course-dir", str(course.root), "--modules-dir", str(modules)]
    assert run([*CLI, "grade", "release", MODULE, *where]).returncode == 0
    for trainee, work in WORK.items():
        fetch_and_hand_in_work(course, root / "home" / trainee, trainee, MODULE, work)
    assert run([*CLI, "grade", "collect", MODULE, *where]).returncode == 0
    autograde = run([*CLI, "grade", "autograde", MODULE, *where])
    assert "2 of 2 hand-in(s) graded cleanly" in autograde.stdout, autograde.stdout
    feedback = run([*CLI, "grade", "feedback", MODULE, *where, "--partial"])
    assert feedback.returncode == 0, feedback.stdout + feedback.stderr
    return course


def scores(course: Course, trainee: str) -> dict[str, float]:
    with open_gradebook(course) as gradebook:
        submission = gradebook.find_submission_notebook("multilingual", MODULE, trainee)
        return {
            grade.name: grade.score for grade in submission.grades if grade.auto_score is not None
        }


def test_the_same_answers_in_either_language_get_identical_grades(graded: Course) -> None:
    english, chinese = scores(graded, "amy"), scores(graded, "mei")
    assert english == chinese
    # Two right answers earned their points, the stereotype answered wrongly none.
    assert english["test-culture-stereotype"] == 0
    assert english["test-culture-experts"] > 0 and english["test-language-support"] > 0


def test_the_chinese_reader_gets_explanations_in_chinese(graded: Course) -> None:
    def page(trainee: str) -> str:
        folder = graded.path("feedback", trainee, MODULE)
        return next(folder.glob("*.html")).read_text("utf-8")

    assert "學生是自己家鄉的專家" in page("mei")
    assert "The learners are the experts on their own place" in page("amy")
    assert "學生是自己家鄉的專家" not in page("amy")
