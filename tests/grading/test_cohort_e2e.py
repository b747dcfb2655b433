"""A workshop's grading day, end to end, through the ``classbridge`` command and real nbgrader.

Seven trainees hand in one module: right, wrong, empty, a loop that never
ends, a test cell edited to pass, a kernel killed, a notebook broken as JSON.
The trainer releases, collects and autogrades, grades one reflection by hand,
returns feedback and reads progress on the command line and the dashboard.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from classbridge.grading.course import Course, open_gradebook
from tests.support.cohort import MODULE, account, fetch_and_submit, run, write_graded_module
from tests.support.repo import MODULES

COHORT = {
    "amy": "right",
    "ben": "wrong",
    "cat": "empty",
    "dan": "loops",
    "eve": "tampered",
    "fay": "crash",
    "gus": "invalid",
}
HOSTILE = '<img src=x onerror="window.pwned=1">'
CLI = [sys.executable, "-m", "classbridge"]

pytestmark = pytest.mark.slow  # every test reads the one grading day: nbgrader end to end


@dataclass
class GradingDay:
    course: Course
    homes: Path
    outputs: dict[str, object]
    progress_after_autograde: dict

    def cli(self, *args: str):
        return run([*CLI, *args, "--course-dir", str(self.course.root)])


def _hand_grade(course: Course, trainee: str, score: float, comment: str) -> None:
    """What a trainer does in nbgrader's formgrader: score the reflection, comment on it."""
    with open_gradebook(course) as gradebook:
        grade = gradebook.find_grade("reflection", "wait", MODULE, trainee)
        grade.manual_score = score
        grade.needs_manual_grade = False  # as the formgrader does on saving a score
        comment_row = gradebook.find_comment("reflection", "wait", MODULE, trainee)
        comment_row.manual_comment = comment
        gradebook.db.commit()


@pytest.fixture(scope="module")
def day(tmp_path_factory) -> GradingDay:
    root = tmp_path_factory.mktemp("workshop")
    write_graded_module(root / "modules")
    course = Course(root=root / "course", modules_dir=root / "modules", cell_timeout=5)
    where = ["--course-dir", str(course.root), "--modules-dir", str(course.modules_dir)]
    outputs = {"release": run([*CLI, "grade", "release", MODULE, *where])}
    assert outputs["release"].returncode == 0, outputs["release"].stderr
    for trainee, how in COHORT.items():
        fetch_and_submit(course, root / "home" / trainee, trainee, how)
    outputs["progress_before"] = run([*CLI, "progress", "--format=json", *where[:2]])
    outputs["collect"] = run([*CLI, "grade", "collect", MODULE, *where])
    outputs["autograde"] = run(
        [*CLI, "grade", "autograde", MODULE, *where, "--timeout", "5", "--jobs", "2"]
    )
    assert outputs["autograde"].returncode == 0, outputs["autograde"].stderr
    after = json.loads(run([*CLI, "progress", "--format=json", *where[:2]]).stdout)
    _hand_grade(course, "amy", 3, "Good: you counted the link delay.")
    with open_gradebook(course) as gradebook:
        gradebook.add_student(HOSTILE)
    # Five reflections still wait for the trainer: sent anyway, their pages say so.
    outputs["feedback"] = run([*CLI, "grade", "feedback", MODULE, *where, "--partial"])
    return GradingDay(course, root / "home", outputs, after)


def _by_trainee(progress: dict) -> dict[str, dict]:
    return {row["trainee"]: row for row in progress["rows"]}


def test_release_removes_solutions(day: GradingDay):
    released = (Path(day.course.root) / "release" / MODULE / "wait.ipynb").read_text()
    assert "return 3 + rooms" not in released
    assert "raise NotImplementedError" in released
    assert "Released 09-graded" in day.outputs["release"].stdout


def test_handed_in_shows_as_submitted_before_collecting(day: GradingDay):
    before = _by_trainee(json.loads(day.outputs["progress_before"].stdout))
    assert sorted(before) == sorted(COHORT)
    assert {row["status"] for row in before.values()} == {"submitted"}
    assert all(row["last_submission"] for row in before.values())
    assert "7 trainee(s) have handed in" in day.outputs["collect"].stdout


EXPECTED = {
    # trainee: (status in the autograde summary, score, hand-graded items pending)
    "amy": ("graded", 2, 1),
    "ben": ("graded", 0, 1),
    "cat": ("graded", 0, 0),  # an untouched answer scores 0 with nothing to read
    "dan": ("timed out", 0, 1),
    "eve": ("tampered (restored from source)", 2, 1),
    "fay": ("kernel crashed", 0, 2),
    "gus": ("invalid notebook", 0, 2),
}


def test_autograde_summary_names_every_problem(day: GradingDay):
    out = day.outputs["autograde"]
    lines = {line.split()[0]: line for line in out.stdout.splitlines() if line.strip()}
    for trainee, (status, score, _) in EXPECTED.items():
        assert f"{trainee}  " in lines[trainee]
        assert status in lines[trainee], lines[trainee]
        assert f"{score} / 5" in lines[trainee], lines[trainee]
    assert "cells test_wait were edited" in lines["eve"]
    assert "3 of 7 hand-in(s) graded cleanly." in out.stdout
    # The progress bar went to stderr and reached the end.
    assert "Autograding 09-graded" in out.stderr and "7/7" in out.stderr


def test_gradebook_holds_nbgrader_grades(day: GradingDay):
    with open_gradebook(day.course) as gradebook:
        scores = {t: gradebook.find_submission(MODULE, t).score for t in COHORT}
        test_cell = {t: gradebook.find_grade("test_wait", "wait", MODULE, t) for t in COHORT}
        assert scores == {"amy": 5, "ben": 0, "cat": 0, "dan": 0, "eve": 2, "fay": 0, "gus": 0}
        assert test_cell["amy"].auto_score == 2
        assert test_cell["eve"].auto_score == 2  # the edited test was restored, then passed
        assert test_cell["ben"].auto_score == 0


def test_progress_after_autograde_is_exact(day: GradingDay):
    rows = _by_trainee(day.progress_after_autograde)
    assert sorted(rows) == sorted(COHORT)
    for trainee, (_, score, pending) in EXPECTED.items():
        row = rows[trainee]
        assert row["status"] == "graded", trainee
        assert (row["score"], row["max_score"], row["pending_manual"]) == (score, 5, pending)


def test_progress_cli_after_hand_grading(day: GradingDay):
    table = day.cli("progress").stdout.splitlines()
    assert table[0].split() == ["Trainee", "Module", "Status", "Score", "Last", "submission"] + [
        "Pending",
        "hand-grading",
    ]
    amy = next(line for line in table if line.startswith("amy"))
    assert amy.split()[1:5] == ["09-graded", "graded", "5", "/"] and amy.split()[-1] == "0"
    hostile = next(line for line in table if line.startswith(HOSTILE))
    assert "not started" in hostile

    rows = list(csv.DictReader(io.StringIO(day.cli("progress", "--format", "csv").stdout)))
    by = {row["trainee"]: row for row in rows}
    assert by["amy"]["score"] == "5.0" and by["amy"]["pending_manual"] == "0"
    assert by["ben"]["score"] == "0.0" and by["ben"]["pending_manual"] == "1"
    assert by[HOSTILE]["status"] == "not started" and by[HOSTILE]["score"] == ""


def test_feedback_returned_to_trainees(day: GradingDay):
    assert day.outputs["feedback"].returncode == 0, day.outputs["feedback"].stderr
    page = Path(day.course.root) / "feedback" / "amy" / MODULE / "wait.html"
    assert "Good: you counted the link delay." in page.read_text()
    # amy fetches hers through the exchange, as a trainee does.
    home = day.homes / "amy"
    day.course.run(
        "fetch_feedback", MODULE, "--course=classbridge", "--student=amy", cwd=home, **account(home)
    )
    fetched = list((home / "classbridge" / MODULE / "feedback").glob("*/wait.html"))
    assert len(fetched) == 1
    assert "Good: you counted the link delay." in fetched[0].read_text()


def test_export_writes_nbgrader_csv(day: GradingDay, tmp_path: Path):
    target = tmp_path / "grades.csv"
    result = day.cli("grade", "export", "--to", str(target))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(target.open()))
    amy = next(r for r in rows if r["student_id"] == "amy")
    assert float(amy["score"]) == 5.0


def test_unknown_module_is_a_one_line_error(day: GradingDay):
    result = day.cli("grade", "release", "99-nowhere", "--modules-dir", str(day.course.modules_dir))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "module '99-nowhere' is not a folder" in result.stderr


# --- The two Voilà apps, in Chromium -----------------------------------------------


@pytest.mark.browser
def test_trainer_dashboard(day: GradingDay, start_classbridge, page, tmp_path: Path):
    server = start_classbridge(
        "dashboard", "--course-dir", str(day.course.root), ready="trainer-dashboard.ipynb"
    )
    page.goto(f"{server.url}/voila/render/trainer-dashboard.ipynb")
    table = page.locator("table.cb-progress")
    table.wait_for(timeout=60_000)
    summary = page.locator("p.cb-summary")
    assert summary.inner_text() == (
        "8 trainees · 1 modules · 7 graded · 0 submitted · 1 not started · "
        "7 hand-graded items pending"
    )

    def row(trainee: str):
        return page.locator(f'tr[data-trainee="{trainee}"]')

    assert row("amy").locator(".cb-score").inner_text() == "5 / 5"
    assert row("ben").locator(".cb-pending-count").inner_text() == "1"
    # The hostile trainee id is shown as text and runs nothing.
    hostile_cell = page.locator("td.cb-trainee", has_text="onerror")
    assert hostile_cell.inner_text() == HOSTILE
    assert page.evaluate("window.pwned") is None
    assert page.locator("table.cb-progress img").count() == 0

    # Filter by name (applied on Enter), then by status.
    page.get_by_label("Trainee").fill("am")
    page.get_by_label("Trainee").press("Enter")
    page.wait_for_function("document.querySelectorAll('table.cb-progress tr').length === 2")
    assert page.locator("td.cb-trainee").all_inner_texts() == ["amy"]
    page.get_by_label("Trainee").fill("")
    page.get_by_label("Trainee").press("Enter")
    page.wait_for_function("document.querySelectorAll('table.cb-progress tr').length === 9")
    page.get_by_label("Status").select_option("not started")
    page.wait_for_function("document.querySelectorAll('table.cb-progress tr').length === 2")
    assert page.locator("td.cb-trainee").all_inner_texts() == [HOSTILE]
    page.get_by_label("Status").select_option("all")

    # Sorting by score puts the best first.
    page.get_by_label("Sort by").select_option("score, highest first")
    page.wait_for_function(
        "document.querySelector('table.cb-progress td.cb-trainee').textContent === 'amy'"
    )
    assert page.locator("td.cb-trainee").all_inner_texts()[:2] == ["amy", "eve"]

    # Heat-map and completion chart are drawn images.
    images = page.locator(".widget-image")
    assert images.count() == 2
    for i in range(2):
        assert images.nth(i).evaluate("img => img.naturalWidth") > 200

    with page.expect_download() as download:
        page.locator("a.cb-csv").click()
    saved = tmp_path / "download.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert len(rows) == 8
    assert next(r for r in rows if r["trainee"] == "amy")["score"] == "5.0"
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)


@pytest.mark.browser
def test_trainee_sees_own_progress_and_feedback(day: GradingDay, start_voila, page, tmp_path: Path):
    modules = tmp_path / "modules"
    modules.mkdir()
    for name in ("catalogue.ipynb", "my-progress.ipynb"):
        shutil.copy(MODULES / name, modules / name)
    shutil.copytree(Path(day.course.modules_dir) / MODULE, modules / MODULE)
    server = start_voila(
        modules, "--no-preheat", "--course-dir", str(day.course.root), trainee="amy"
    )
    page.goto(f"{server.url}/voila/render/catalogue.ipynb")
    page.locator("a.cb-my-progress-link").click()
    table = page.locator("table.cb-my-progress")
    table.wait_for(timeout=60_000)
    assert "Trainee: amy" in page.inner_text("body")
    row = table.locator(f'tr[data-module="{MODULE}"]')
    cells = row.locator("td").all_inner_texts()
    assert cells[:3] == ["Wait time", "graded", "5 / 5"]
    # Only amy's own row: nobody else's progress is on her page.
    assert table.locator("tr").count() == 2
    with page.expect_download() as download:
        row.locator("a.cb-feedback").click()
    saved = tmp_path / "feedback.html"
    download.value.save_as(saved)
    assert "Good: you counted the link delay." in saved.read_text(encoding="utf-8")
