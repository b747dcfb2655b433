"""The gradebook on a real PostgreSQL server: same grades, same progress, nothing in SQLite."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from classbridge.grading.autograde import OUTCOME_GRADED, autograde_cohort
from classbridge.grading.course import Course
from classbridge.grading.pipeline import collect_module
from classbridge.grading.progress import read_progress
from classbridge.grading.release import release_module
from tests.support.cohort import MODULE, fetch_and_submit, run, write_graded_module

pytestmark = pytest.mark.slow  # PostgreSQL, and nbgrader grading into it


def test_cohort_graded_into_postgresql(postgres_url: str, tmp_path: Path):
    write_graded_module(tmp_path / "modules")
    course = Course(
        root=tmp_path / "course",
        modules_dir=tmp_path / "modules",
        gradebook_url=postgres_url,
        cell_timeout=10,
    )
    release_module(course, MODULE)
    for trainee, how in {"amy": "right", "ben": "wrong"}.items():
        fetch_and_submit(course, tmp_path / "home" / trainee, trainee, how)
    assert collect_module(course, MODULE) == ["amy", "ben"]

    outcomes = autograde_cohort(course, MODULE, jobs=2, progress=False)
    assert [(o.trainee, o.status, o.score) for o in outcomes] == [
        ("amy", OUTCOME_GRADED, 2.0),
        ("ben", OUTCOME_GRADED, 0.0),
    ]

    # The grades are rows in PostgreSQL, and no SQLite gradebook was made beside the course.
    import sqlalchemy

    engine = sqlalchemy.create_engine(postgres_url)
    with engine.connect() as connection:
        students = connection.execute(
            sqlalchemy.text("SELECT student_id FROM submitted_assignment ORDER BY student_id")
        ).scalars()
        assert list(students) == ["amy", "ben"]
    engine.dispose()
    assert not (tmp_path / "course" / "gradebook.db").exists()

    progress = read_progress(course)
    assert [(r.trainee, r.status, r.score, r.pending_manual) for r in progress.rows] == [
        ("amy", "graded", 2.0, 1),
        ("ben", "graded", 0.0, 1),
    ]
    # The command line reads the same server when given its URL.
    result = run(
        [sys.executable, "-m", "classbridge", "progress", "--format", "json"]
        + ["--course-dir", str(course.root), "--gradebook-url", postgres_url]
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["rows"]
    assert [(r["trainee"], r["score"]) for r in rows] == [("amy", 2.0), ("ben", 0.0)]
