"""The autograde workers: a hand-in that outlives the wall-clock limit is stopped, the rest go on.

A cell that loops is normally interrupted by nbgrader's per-cell timeout; the
wall-clock limit is the last resort for a hand-in that holds its worker
anyway. Here the cell timeout is long and the wall limit short, so the limit
must act: the worker is killed with its kernel and a new one grades the next
trainee.
"""

from __future__ import annotations

import psutil
import pytest

from classbridge.grading.autograde import OUTCOME_GRADED, OUTCOME_TIMED_OUT, autograde_cohort
from classbridge.grading.course import Course
from classbridge.grading.pipeline import collect_module
from classbridge.grading.release import release_module
from tests.support.cohort import MODULE, fetch_and_submit, write_graded_module

pytestmark = pytest.mark.slow  # nbgrader autogrades a cohort


def _kernels(course_root) -> set[int]:
    """Kernels running a hand-in of this course (nbgrader runs each in the hand-in's folder),
    not the other kernels of the machine, which come and go with other work."""
    found = set()
    for process in psutil.process_iter(["cmdline", "cwd"]):
        cwd = process.info["cwd"] or ""
        if "ipykernel_launcher" in " ".join(process.info["cmdline"] or []) and cwd.startswith(
            str(course_root)
        ):
            found.add(process.pid)
    return found


def test_wall_limit_stops_one_hand_in_and_the_next_is_graded(tmp_path):
    write_graded_module(tmp_path / "modules")
    course = Course(root=tmp_path / "course", modules_dir=tmp_path / "modules", cell_timeout=600)
    release_module(course, MODULE)
    for trainee, how in (("ada", "loops"), ("bo", "right")):
        fetch_and_submit(course, tmp_path / "home" / trainee, trainee, how)
    collect_module(course, MODULE)

    outcomes = autograde_cohort(course, MODULE, jobs=1, wall_limit=15, progress=False)

    by_trainee = {o.trainee: o for o in outcomes}
    assert by_trainee["ada"].status == OUTCOME_TIMED_OUT
    assert by_trainee["ada"].detail == "grading took over 15 s and was stopped"
    assert (by_trainee["bo"].status, by_trainee["bo"].score) == (OUTCOME_GRADED, 2.0)
    # The stopped worker took its kernel with it.
    assert _kernels(course.root.resolve()) == set()
