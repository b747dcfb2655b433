"""What a trainee gets back, end to end: real nbgrader, the ``classbridge`` command, Chromium.

Module 01 is released; amy answers as the module teaches and writes a long
reflection, ben answers wrongly (saved by position, as sheets did before
questions had ids), cat hands in nothing. The trainer autogrades, grades
amy's reflection through the gradebook (as the formgrader does), and returns
feedback: stopped while ben's and cat's reflections wait, sent with
``--partial``. amy fetches her page with nbgrader, reads it in Chromium, and
sees it inside *My progress*.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from classbridge.grading.course import Course, open_gradebook
from tests.support.cohort import account, fetch_and_hand_in_work, run
from tests.support.repo import MODULES

pytestmark = pytest.mark.slow  # every test reads the one grading day: nbgrader end to end

MODULE = "01-welcome"
CLI = [sys.executable, "-m", "classbridge"]
REFLECTION = (
    "On Tuesdays I teach three island rooms at once.\n\n"
    + "Live lessons would let my learners hear other classes and see experiments we "
    "cannot run ourselves, and I worry about the link dropping in the middle. " * 12
)
COMMENT = "Clear and practical: agree the backup task with your co-teacher before Tuesday."
WORK = {
    "amy": {
        f"{MODULE}/graded": {
            "answers": {"roles-care": [1], "plan-keeper": [0], "agree-before": [0, 1, 2]}
        },
        f"{MODULE}/reflection": {"text": REFLECTION, "words": 100},
    },
    # Saved by position, before the sheet's questions had ids; every answer wrong.
    "ben": {f"{MODULE}/graded": {"answers": {"0": [0], "1": [2], "2": [3]}}},
    "cat": {},
}


@dataclass
class Returned:
    course: Course
    homes: Path
    stopped: object
    partial: object

    def page(self, trainee: str) -> str:
        return (self.course.path("feedback", trainee, MODULE) / "welcome.html").read_text("utf-8")


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> Returned:
    root = tmp_path_factory.mktemp("feedback")
    modules = root / "modules"
    for name in (MODULE, "02-online-classroom"):  # the next module is named on the page
        shutil.copytree(
            MODULES / name, modules / name, ignore=shutil.ignore_patterns("classbridge-work")
        )
    course = Course(root=root / "course", modules_dir=modules, cell_timeout=60)
    where = ["--course-dir", str(course.root), "--modules-dir", str(modules)]
    release = run([*CLI, "grade", "release", MODULE, *where])
    assert release.returncode == 0, release.stderr
    for trainee, work in WORK.items():
        fetch_and_hand_in_work(course, root / "home" / trainee, trainee, MODULE, work)
    assert run([*CLI, "grade", "collect", MODULE, *where]).returncode == 0
    autograde = run([*CLI, "grade", "autograde", MODULE, *where, "--jobs", "2"])
    assert "3 of 3 hand-in(s) graded cleanly" in autograde.stdout, autograde.stdout
    with open_gradebook(course) as gradebook:  # what the formgrader does on saving
        grade = gradebook.find_grade("reflection-task", "welcome", MODULE, "amy")
        grade.manual_score = 2
        grade.needs_manual_grade = False
        gradebook.find_comment("reflection-task", "welcome", MODULE, "amy").manual_comment = COMMENT
        gradebook.db.commit()
    stopped = run([*CLI, "grade", "feedback", MODULE, *where])
    partial = run([*CLI, "grade", "feedback", MODULE, *where, "--partial"])
    home = root / "home" / "amy"
    course.run(
        "fetch_feedback", MODULE, "--course=classbridge", "--student=amy", cwd=home, **account(home)
    )
    return Returned(course, root / "home", stopped, partial)


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_feedback_stops_while_hand_graded_work_waits(returned: Returned):
    assert returned.stopped.returncode == 1
    (line,) = returned.stopped.stderr.splitlines()
    assert line.startswith("classbridge: warning: nothing was sent: hand-graded work in 01-welcome")
    assert "for 2 trainee(s): ben (Reflection); cat (Reflection)" in line
    assert f"'classbridge grade feedback {MODULE} --partial'" in line


def test_partial_sends_every_page_and_names_what_is_pending(returned: Returned):
    assert returned.partial.returncode == 0, returned.partial.stderr
    assert returned.partial.stdout.splitlines() == [
        f"Returned feedback on {MODULE}: 3 page(s).",
        "Not graded yet, shown as such on their pages: ben (Reflection); cat (Reflection).",
    ]


def test_amys_page_has_her_answers_the_why_and_her_trainers_comment(returned: Returned):
    text = _text(returned.page("amy"))
    assert text.startswith(" Feedback: Welcome: the online-and-offline school (amy)")
    assert "Question 1 Right: 1 of 1 point" in text
    assert "Your answer: The on-site teacher, in the room" in text
    assert "Why: The on-site teacher is in the room: they can comfort the learner at once" in text
    assert "Your answer: Who leads each segment; A signal for 'we cannot hear you'" in text
    assert "Reflection Part of the points: 2 of 3 points" in text
    assert "On Tuesdays I teach three island rooms at once." in text
    assert COMMENT in text
    assert "Total 5 of 6 points" in text
    assert "Next module: Setting up the online classroom" in text


def test_a_wrong_hand_in_saved_by_position_is_graded_and_explained(returned: Returned):
    text = _text(returned.page("ben"))
    assert "Question 1 Not right: 0 of 1 point" in text
    assert "Your answer: The remote teacher, who stops the lesson for every room" in text
    assert "Your answer: That the on-site teacher stays quiet unless" in text
    # Each wrong option ben chose is explained as the mistake it is, before the right answer.
    assert text.count("Why your answer is a common mistake:") == 3
    assert "Reflection Not graded yet (3 points)" in text


def test_an_empty_hand_in_reads_not_answered(returned: Returned):
    text = _text(returned.page("cat"))
    assert text.count("Your answer: not answered") == 3
    assert "Not right" not in text
    assert "Not answered: you did not write anything here." in text


def test_the_catalogue_shows_each_trainee_where_they_are(returned: Returned, monkeypatch):
    from classbridge.pages.catalogue_state import module_states

    monkeypatch.setenv("CLASSBRIDGE_COURSE_DIR", str(returned.course.root))
    modules = Path(returned.course.modules_dir)
    states = {
        trainee: module_states(modules, [MODULE, "02-online-classroom"], trainee)
        for trainee in ("amy", "ben", "dan")
    }
    assert states["amy"] == {MODULE: "graded", "02-online-classroom": "not started"}
    assert states["ben"][MODULE] == "graded"
    assert states["dan"][MODULE] == "not started"  # not in the course at all


def test_no_page_shows_code_or_a_traceback(returned: Returned):
    for trainee in WORK:
        page = returned.page(trainee)
        for code in ("answer_key", "AnswerSheet", "Traceback", "AssertionError", "In&nbsp;["):
            assert code not in page, (trainee, code)
        assert "http" not in page and "<script" not in page


# --- In Chromium ---------------------------------------------------------------------


def _fetched_page(returned: Returned) -> Path:
    (page,) = (returned.homes / "amy" / "classbridge" / MODULE / "feedback").glob("*/welcome.html")
    return page


@pytest.mark.browser
def test_the_fetched_page_reads_well_offline_and_in_print(returned: Returned, page, tmp_path):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(_fetched_page(returned).as_uri())
    body = page.inner_text("body")
    assert "The on-site teacher, in the room" in body
    assert COMMENT in body and "On Tuesdays I teach three island rooms at once." in body
    for code in ("answer_key", "key.expect", "import ", "Traceback", "Error"):
        assert code not in body, code
    assert all(url.startswith("file:") for url in requested), requested
    # The long reflection wraps at 1280 px, and on paper.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.pdf(path=str(tmp_path / "feedback.pdf"))
    page.emulate_media(media="screen")
    page.screenshot(path=str(tmp_path / "feedback.png"), full_page=True)


@pytest.mark.browser
def test_my_progress_shows_the_page_inside_itself(returned: Returned, start_voila, page, tmp_path):
    modules = tmp_path / "modules"
    modules.mkdir()
    for name in ("catalogue.ipynb", "my-progress.ipynb"):
        shutil.copy(MODULES / name, modules / name)
    server = start_voila(
        modules, "--no-preheat", "--course-dir", str(returned.course.root), trainee="amy"
    )
    page.goto(f"{server.url}/voila/render/my-progress.ipynb")
    page.locator("table.cb-my-progress").wait_for(timeout=90_000)
    fold = page.locator(f'details.cb-feedback-inline[data-module="{MODULE}"]')
    fold.locator("summary").click()
    shown = fold.locator("main.cb-feedback-page")
    shown.wait_for()
    text = shown.inner_text()
    assert COMMENT in text and "The on-site teacher, in the room" in text
    assert "Traceback" not in text and "answer_key" not in text
    page.screenshot(path=str(tmp_path / "my-progress.png"), full_page=True)
