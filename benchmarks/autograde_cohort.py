"""Autograding a cohort: ClassBridge's parallel autograde against plain serial nbgrader.

A course with one small graded module receives N hand-ins (default 50:
right, wrong and empty answers in turn), written into ``submitted/`` as
``nbgrader collect`` leaves them. Then, on a fresh copy of that course each
time, the same hand-ins are graded

* by plain ``nbgrader autograde MODULE`` (one process, one hand-in after another:
  the baseline), and
* by ``classbridge.grading.autograde.autograde_cohort`` (``--jobs`` processes,
  default the number of CPUs),

and the grades in the two gradebooks must be identical.

Run:  .venv/bin/python benchmarks/autograde_cohort.py [--trainees 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from classbridge.grading.autograde import OUTCOME_GRADED, autograde_cohort  # noqa: E402
from classbridge.grading.course import Course, open_gradebook  # noqa: E402
from classbridge.grading.release import release_module  # noqa: E402
from tests.support.cohort import ANSWERS, MODULE, write_graded_module  # noqa: E402

KINDS = ("right", "wrong", "empty")


def prepare(root: Path, trainees: int) -> Course:
    """A released module and ``trainees`` hand-ins as collect leaves them."""
    modules = root / "modules"
    write_graded_module(modules)
    course = Course(root=root / "course", modules_dir=modules)
    release_module(course, MODULE)
    released = course.root / "release" / MODULE / "wait.ipynb"
    with open_gradebook(course) as gradebook:
        for i in range(trainees):
            trainee = f"trainee{i:03d}"
            gradebook.update_or_create_student(trainee)
            nb = json.loads(released.read_text(encoding="utf-8"))
            kind = KINDS[i % len(KINDS)]
            if kind != "empty":
                for cell in nb["cells"]:
                    if cell["metadata"].get("nbgrader", {}).get("grade_id") == "answer":
                        cell["source"] = ANSWERS[kind]
            folder = course.root / "submitted" / trainee / MODULE
            folder.mkdir(parents=True)
            (folder / "wait.ipynb").write_text(json.dumps(nb), encoding="utf-8")
            (folder / "timestamp.txt").write_text("2026-11-25 09:00:00.000000 UTC")
    return course


def fresh_copy(course: Course, where: Path) -> Course:
    shutil.copytree(course.root, where)
    return Course(root=where, modules_dir=course.modules_dir)


def grades(course: Course) -> dict[str, float]:
    with open_gradebook(course) as gradebook:
        return {s.student.id: s.score for s in gradebook.assignment_submissions(MODULE)}


def plain_nbgrader(course: Course) -> float:
    started = time.perf_counter()
    subprocess.run(
        course.nbgrader_argv("autograde", MODULE, "--force"),
        cwd=course.root,
        env=course.env(),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def classbridge(course: Course, jobs: int) -> float:
    started = time.perf_counter()
    outcomes = autograde_cohort(course, MODULE, jobs=jobs, progress=False)
    elapsed = time.perf_counter() - started
    assert all(o.status == OUTCOME_GRADED for o in outcomes), [
        o for o in outcomes if o.status != OUTCOME_GRADED
    ]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="classbridge-autograde-bench-"))
    try:
        print(f"Preparing {args.trainees} hand-ins...", file=sys.stderr, flush=True)
        course = prepare(work / "prepared", args.trainees)
        plain, ours = [], []
        for run in range(args.repeat):
            print(f"run {run + 1}/{args.repeat}...", file=sys.stderr, flush=True)
            baseline_course = fresh_copy(course, work / f"plain{run}")
            plain.append(plain_nbgrader(baseline_course))
            our_course = fresh_copy(course, work / f"ours{run}")
            ours.append(classbridge(our_course, args.jobs))
            expected, got = grades(baseline_course), grades(our_course)
            assert got == expected, f"grades differ: {got} vs {expected}"
            assert len(got) == args.trainees
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = statistics.median(plain)
    print(
        f"\nAutograding {args.trainees} hand-ins, {os.cpu_count()} CPUs "
        f"(median of {args.repeat} runs; grades identical in every run)\n"
    )
    print(f"{'how':42} {'seconds':>8} {'per hand-in':>12} {'speed-up':>9}")
    rows = [
        ("plain nbgrader autograde (serial)", base),
        (f"classbridge grade autograde --jobs {args.jobs}", statistics.median(ours)),
    ]
    for name, seconds in rows:
        print(f"{name:42} {seconds:8.1f} {seconds / args.trainees:12.2f} {base / seconds:8.2f}x")


if __name__ == "__main__":
    main()
