"""Autograde a whole cohort: in parallel, with a progress bar, never stopped by one submission.

nbgrader's ``autograde`` grades submissions one after another in one process,
so one notebook that loops or kills its kernel holds up a workshop of fifty.
Here ``--jobs`` worker processes (``autograde_worker``) each run nbgrader's own
autograde for one trainee after another (nbgrader still does all the grading
and writes the gradebook), every hand-in under a wall-clock limit: a worker
that overruns it is killed and replaced. What went wrong with a submission is
read from nbgrader's own report and shown per trainee.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from classbridge.grading.autograde_worker import RESULT_PREFIX
from classbridge.grading.course import Course, check_module_name, open_gradebook
from classbridge.grading.display_format import score_text, text_table

# How autograding one hand-in went (``SubmissionOutcome.status``).
OUTCOME_GRADED = "graded"
OUTCOME_INVALID = "invalid notebook"
OUTCOME_TIMED_OUT = "timed out"
OUTCOME_CRASHED = "kernel crashed"
OUTCOME_TAMPERED = "tampered (restored from source)"
OUTCOME_FAILED = "failed"


@dataclass(frozen=True)
class SubmissionOutcome:
    trainee: str
    status: str
    detail: str = ""
    seconds: float = 0.0
    score: float | None = None
    max_score: float | None = None


def submitted_trainees(course: Course, module: str) -> list[str]:
    base = course.path("submitted")
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / module).is_dir())


def release_checksums(course: Course, module: str) -> dict[str, str]:
    """grade_id → checksum of each cell as trainees received it."""
    sums = {}
    for notebook in course.path("release", module=module).glob("*.ipynb"):
        try:
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue
        for cell in cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if "grade_id" in meta and "checksum" in meta:
                sums[meta["grade_id"]] = meta["checksum"]
    return sums


CHANGED = re.compile(r"for cell (\S+) has changed! \(should be: \w+, got: (\w+)\)")


def changed_cells(log: str, released: dict[str, str]) -> list[str]:
    """Cells nbgrader found edited, less its false alarms.

    nbgrader stores a test cell's checksum *with* its hidden tests but hands
    out the cell without them, so every untouched hidden-test cell is
    reported as changed (jupyter/nbgrader#1961). A cell whose checksum is the
    one trainees received was not edited.
    """
    return sorted({cell for cell, got in CHANGED.findall(log) if released.get(cell) != got})


def classify(
    returncode: int, log: str, autograded_dir: Path, released: dict[str, str] | None = None
) -> tuple[str, str]:
    """Read nbgrader's exit code, log and graded notebooks into one status."""
    outputs = ""
    for notebook in autograded_dir.glob("*.ipynb") if autograded_dir.is_dir() else []:
        outputs += notebook.read_text(encoding="utf-8", errors="replace")
    if "NotJSONError" in log or "Notebook does not appear to be JSON" in log:
        return OUTCOME_INVALID, "the notebook is not valid JSON; ask the trainee to submit again"
    if "DeadKernelError" in log or "Kernel died" in log or "DeadKernelError" in outputs:
        return OUTCOME_CRASHED, "the notebook stopped its own kernel; graded cells after it score 0"
    if "CellTimeoutError" in outputs or "CellTimeoutError" in log:
        return OUTCOME_TIMED_OUT, "a cell ran past the time limit and was interrupted; it scores 0"
    changed = changed_cells(log, released or {})
    if changed:
        return OUTCOME_TAMPERED, f"cells {', '.join(changed)} were edited; nbgrader restored them"
    if returncode != 0:
        lines = [ln for ln in log.splitlines() if "ERROR" in ln] or log.splitlines()[-1:]
        return OUTCOME_FAILED, lines[-1].strip() if lines else f"exit code {returncode}"
    return OUTCOME_GRADED, ""


class AutogradeWorker:
    """A worker process (``autograde_worker``) and the line-by-line talk with it."""

    def __init__(self, course: Course, module: str) -> None:
        self.course, self.module = course, module
        self.process = subprocess.Popen(
            [sys.executable, "-m", "classbridge.grading.autograde_worker", module],
            cwd=Path(course.root),
            env=course.env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # killed with its kernels when stuck
        )
        self.answers: queue.Queue[dict | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if line.startswith(RESULT_PREFIX):
                self.answers.put(json.loads(line.removeprefix(RESULT_PREFIX)))
        self.answers.put(None)  # the worker is gone

    def grade(self, trainee: str, wall_limit: float) -> dict | None:
        """nbgrader's result for ``trainee``; None if the worker died or ran out of time."""
        try:
            self.process.stdin.write(trainee + "\n")
            self.process.stdin.flush()
            return self.answers.get(timeout=wall_limit)
        except (BrokenPipeError, queue.Empty):
            return None

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(BrokenPipeError, OSError):
            self.process.stdin.close()
        self.process.wait()


def grade_with(
    worker: AutogradeWorker, trainee: str, wall_limit: float, released: dict[str, str]
) -> tuple[SubmissionOutcome, bool]:
    """One hand-in on ``worker``; the flag says whether the worker can take the next one."""
    started = time.monotonic()
    answer = worker.grade(trainee, wall_limit)
    seconds = time.monotonic() - started
    if answer is None:
        alive = worker.process.poll() is None
        detail = (
            f"grading took over {wall_limit:.0f} s and was stopped"
            if alive
            else "the grading process ended unexpectedly; autograde this trainee again"
        )
        return SubmissionOutcome(
            trainee, OUTCOME_TIMED_OUT if alive else OUTCOME_FAILED, detail, seconds
        ), False
    autograded = worker.course.path("autograded", trainee, worker.module)
    status, detail = classify(0 if answer["success"] else 1, answer["log"], autograded, released)
    return SubmissionOutcome(trainee, status, detail, seconds), True


def _run_worker(
    course: Course,
    module: str,
    todo: queue.Queue,
    wall_limit: float,
    released: dict[str, str],
    done,
) -> None:
    """Take trainees from ``todo`` until it is empty, replacing the worker when it fails."""
    worker = None
    while True:
        try:
            trainee = todo.get_nowait()
        except queue.Empty:
            break
        worker = worker or AutogradeWorker(course, module)
        outcome, usable = grade_with(worker, trainee, wall_limit, released)
        done(outcome)
        if not usable:
            worker.stop(kill=True)
            worker = None
    if worker is not None:
        worker.stop()


def _with_scores(course: Course, module: str, outcomes: list[SubmissionOutcome]):
    from nbgrader.api import MissingEntry

    scored = []
    with open_gradebook(course) as gradebook:
        for o in outcomes:
            try:
                submission = gradebook.find_submission(module, o.trainee)
                score, max_score = submission.score, submission.max_score
            except MissingEntry:
                score = max_score = None
            scored.append(
                SubmissionOutcome(o.trainee, o.status, o.detail, o.seconds, score, max_score)
            )
    return scored


def autograde_cohort(
    course: Course,
    module: str,
    trainees: list[str] | None = None,
    jobs: int | None = None,
    wall_limit: float | None = None,
    progress: bool = True,
) -> list[SubmissionOutcome]:
    """Autograde every collected submission of ``module``; returns one outcome per trainee."""
    from tqdm import tqdm

    check_module_name(module)
    trainees = trainees if trainees is not None else submitted_trainees(course, module)
    jobs = max(1, jobs or os.cpu_count() or 1)
    wall_limit = wall_limit or max(120.0, course.cell_timeout * 10.0)
    outcomes: list[SubmissionOutcome] = []
    bar = tqdm(
        total=len(trainees),
        desc=f"Autograding {module}",
        unit="trainee",
        disable=not progress,
        file=sys.stderr,
    )
    released = release_checksums(course, module)
    lock = threading.Lock()

    def done(outcome: SubmissionOutcome) -> None:
        with lock:
            outcomes.append(outcome)
            bar.set_postfix_str(f"{outcome.trainee}: {outcome.status}")
            bar.update(1)

    def grade_all(names: list[str], workers: int) -> None:
        todo: queue.Queue[str] = queue.Queue()
        for name in names:
            todo.put(name)
        threads = [
            threading.Thread(
                target=_run_worker, args=(course, module, todo, wall_limit, released, done)
            )
            for _ in range(min(workers, len(names)))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    grade_all(trainees, jobs)
    # SQLite allows one writer at a time; a submission that met a locked
    # gradebook is graded again on its own once the others are done.
    locked = [
        o.trainee
        for o in outcomes
        if o.status == OUTCOME_FAILED and "database is locked" in o.detail
    ]
    if locked:
        outcomes = [o for o in outcomes if o.trainee not in locked]
        grade_all(locked, 1)
    bar.close()
    return sorted(_with_scores(course, module, outcomes), key=lambda o: o.trainee)


def summary_table(outcomes: list[SubmissionOutcome]) -> str:
    rows = [("Trainee", "Status", "Score", "Seconds", "Detail")]
    for o in outcomes:
        score = score_text(o.score, o.max_score)
        rows.append((o.trainee, o.status, score, f"{o.seconds:.1f}", o.detail))
    return text_table(rows, free_text_last=True)
