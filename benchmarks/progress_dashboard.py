"""The progress dashboard with a big cohort: 5,000 trainees × 10 modules in the gradebook.

The gradebook is filled straight through nbgrader's own tables (its API adds
one submission at a time, which would take far longer than the measurement):
10 modules with an autograded and a hand-graded cell each, 5,000 trainees,
four in five modules handed in per trainee, half of those hand-graded already.

Measured (median of --repeat runs):

* plain nbgrader: every module's submissions with their scores through
  nbgrader's ``Gradebook`` API, as a trainer's own script would (the baseline);
* ``read_progress``: ClassBridge's progress, every trainee × module (target < 1 s);
* the trainer dashboard opened: progress, filter, sort, table, heat-map and
  completion chart, i.e. what the trainer waits for in Voilà.

Run:  .venv/bin/python benchmarks/progress_dashboard.py [--trainees 5000] [--modules 10]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from classbridge.grading.course import Course, open_gradebook  # noqa: E402
from classbridge.grading.dashboard import TrainerDashboard  # noqa: E402
from classbridge.grading.progress import read_progress  # noqa: E402


def new_id() -> str:
    return uuid.uuid4().hex


def populate(course: Course, trainees: int, modules: int) -> int:
    from nbgrader.api import Grade, GradeCell, Student, SubmittedAssignment, SubmittedNotebook

    rng = random.Random(7)
    start = datetime(2026, 11, 2, 9, 0)
    course.root.mkdir(parents=True)
    with open_gradebook(course) as gradebook:
        cells = {}
        for m in range(modules):
            name = f"{m + 1:02d}-module"
            gradebook.add_assignment(name)
            gradebook.add_notebook("module", name)
            auto = gradebook.add_grade_cell(
                "answers", "module", name, max_score=3, cell_type="code"
            )
            manual = gradebook.add_grade_cell(
                "reflection", "module", name, max_score=3, cell_type="markdown"
            )
            cells[name] = (gradebook.find_assignment(name).id, auto.notebook.id, auto.id, manual.id)
        session = gradebook.db
        engine = session.get_bind()
        students = [{"id": f"trainee{t:05d}"} for t in range(trainees)]
        assignments, notebooks, grades = [], [], []
        for student in students:
            for assignment_id, notebook_id, auto_id, manual_id in cells.values():
                if rng.random() < 0.2:
                    continue  # not handed in
                submission, submitted_nb = new_id(), new_id()
                assignments.append(
                    {
                        "id": submission,
                        "assignment_id": assignment_id,
                        "student_id": student["id"],
                        "timestamp": start + timedelta(minutes=rng.randrange(30 * 24 * 60)),
                    }
                )
                notebooks.append(
                    {
                        "id": submitted_nb,
                        "assignment_id": submission,
                        "notebook_id": notebook_id,
                        "flagged": False,
                    }
                )
                hand_graded = rng.random() < 0.5
                grades.append(
                    {
                        "id": new_id(),
                        "notebook_id": submitted_nb,
                        "cell_id": auto_id,
                        "auto_score": float(rng.randrange(4)),
                        "needs_manual_grade": False,
                    }
                )
                grades.append(
                    {
                        "id": new_id(),
                        "notebook_id": submitted_nb,
                        "cell_id": manual_id,
                        "manual_score": float(rng.randrange(4)) if hand_graded else None,
                        "needs_manual_grade": not hand_graded,
                    }
                )
        with engine.begin() as connection:
            connection.execute(Student.__table__.insert(), students)
            connection.execute(SubmittedAssignment.__table__.insert(), assignments)
            connection.execute(SubmittedNotebook.__table__.insert(), notebooks)
            connection.execute(Grade.__table__.insert(), grades)
        assert session.query(GradeCell).count() == 2 * modules
    return len(assignments)


def plain_nbgrader(course: Course) -> int:
    rows = 0
    with open_gradebook(course) as gradebook:
        for assignment in gradebook.assignments:
            for submission in gradebook.assignment_submissions(assignment.name):
                _ = (submission.student_id, submission.score, submission.needs_manual_grade)
                rows += 1
    return rows


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=5000)
    parser.add_argument("--modules", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="classbridge-progress-bench-"))
    try:
        course = Course(root=work / "course")
        print("Filling the gradebook...", file=sys.stderr, flush=True)
        submissions = populate(course, args.trainees, args.modules)
        baseline, plain_rows = timed(lambda: plain_nbgrader(course), args.repeat)
        compute, progress = timed(lambda: read_progress(course), args.repeat)
        opened, dashboard = timed(lambda: TrainerDashboard(course=course), args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    assert plain_rows == submissions
    assert len(progress.rows) == args.trainees * args.modules
    assert dashboard.table.value.count("<tr") > 1
    print(
        f"\nProgress of {args.trainees} trainees × {args.modules} modules "
        f"({submissions} hand-ins; median of {args.repeat} runs)\n"
    )
    print(f"{'what':58} {'seconds':>8} {'vs plain':>9}")
    for name, seconds in [
        ("plain nbgrader: scores of all submissions via Gradebook", baseline),
        ("read_progress: every trainee × module (target < 1 s)", compute),
        ("trainer dashboard opened (progress, table, charts)", opened),
    ]:
        print(f"{name:58} {seconds:8.2f} {seconds / baseline:8.2f}x")


if __name__ == "__main__":
    main()
