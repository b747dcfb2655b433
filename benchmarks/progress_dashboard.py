"""The progress dashboard with a big cohort: 5,000 trainees × 10 modules in the gradebook.

The gradebook is filled straight through nbgrader's own tables (its API adds
one submission at a time, which would take far longer than the measurement):
10 modules with an autograded and a hand-graded cell each, 5,000 trainees,
four in five modules handed in per trainee, half of those hand-graded already.

Measured (median of --repeat runs):

* plain nbgrader: ``nbgrader export``, nbgrader's own way to every grade of a
  course (the baseline; it slows down so fast with the cohort size that it is
  run only for the smaller cohort, see ``--plain-up-to``);
* ``read_progress``: ClassBridge's progress, every trainee × module (target < 1 s);
* the trainer dashboard opened: progress, filter, sort, table, heat-map and
  completion chart, i.e. what the trainer waits for in Voilà.

Run:  .venv/bin/python benchmarks/progress_dashboard.py [--trainees 500 5000] [--modules 10]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from classbridge.grading.course import Course, open_gradebook  # noqa: E402
from classbridge.grading.progress import read_progress  # noqa: E402
from classbridge.pages.trainer_dashboard import TrainerDashboard  # noqa: E402


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
                        "manual_score": None,
                        "extra_credit": None,
                        "needs_manual_grade": False,
                    }
                )
                grades.append(
                    {
                        "id": new_id(),
                        "notebook_id": submitted_nb,
                        "cell_id": manual_id,
                        "auto_score": None,
                        "manual_score": float(rng.randrange(4)) if hand_graded else None,
                        "extra_credit": None,
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


def plain_nbgrader_export(course: Course) -> None:
    """nbgrader's own way to every grade of the course: ``nbgrader export`` to CSV."""
    subprocess.run(
        course.nbgrader_argv("export", "--to", str(course.root / "grades.csv")),
        cwd=course.root,
        env=course.env(),
        check=True,
        capture_output=True,
    )


def open_dashboard(course: Course) -> TrainerDashboard:
    dashboard = TrainerDashboard(course=course)
    dashboard.refresh()  # what show() does once the trainer's page connects
    return dashboard


def timed(function, repeat: int, *args) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--modules", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--plain-up-to",
        type=int,
        default=500,
        help="run nbgrader export only for cohorts up to this size (it slows down fast)",
    )
    args = parser.parse_args()
    rows = []
    for trainees in args.trainees:
        work = Path(tempfile.mkdtemp(prefix="classbridge-progress-bench-"))
        try:
            course = Course(root=work / "course")
            print(f"{trainees} trainees: filling the gradebook...", file=sys.stderr, flush=True)
            submissions = populate(course, trainees, args.modules)
            plain = None
            if trainees <= args.plain_up_to:
                plain, _ = timed(plain_nbgrader_export, 1, course)
            compute, progress = timed(read_progress, args.repeat, course)
            opened, dashboard = timed(open_dashboard, args.repeat, course)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        assert len(progress.rows) == trainees * args.modules
        assert dashboard.table.value.count("<tr") > 1
        rows.append((trainees, submissions, plain, compute, opened))

    print(
        f"\nProgress of a cohort × {args.modules} modules, seconds "
        f"(median of {args.repeat} runs; nbgrader export: 1 run)\n"
    )
    print(
        f"{'trainees':>8} {'hand-ins':>9} {'nbgrader export':>16} {'read_progress':>14} "
        f"{'dashboard':>10} {'export/read_progress':>21}"
    )
    for trainees, submissions, plain, compute, opened in rows:
        plain_text = f"{plain:16.2f}" if plain is not None else f"{'not run':>16}"
        ratio = f"{plain / compute:20.0f}x" if plain is not None else f"{'-':>21}"
        print(f"{trainees:8d} {submissions:9d} {plain_text} {compute:14.3f} {opened:10.2f} {ratio}")
    print("\ntarget: read_progress under 1 s for 5,000 trainees × 10 modules")


if __name__ == "__main__":
    main()
