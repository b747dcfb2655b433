"""Every trainee's progress through every released module, read from nbgrader's own records.

This module reads; ``progress_report`` writes it out as text, CSV and JSON for
the CLI, and ``classbridge.pages.progress_view`` draws it for the browser.

Nothing here keeps a second copy of the grades: the gradebook (any SQLAlchemy
URL) says what was graded and what still waits for a trainer, the course's
``submitted/`` folders and the exchange inbox say what was handed in since.
The gradebook is read with one grouped query instead of nbgrader's
per-submission objects, so a cohort of thousands is read in well under a
second (see benchmarks/).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from classbridge.core.workspace import shown_name
from classbridge.grading.course import Course, open_gradebook

# Where a trainee is with one module (``ProgressRow.status``).
MODULE_NOT_STARTED = "not started"
MODULE_SUBMITTED = "submitted"
MODULE_GRADED = "graded"
MODULE_STATUSES = (MODULE_NOT_STARTED, MODULE_SUBMITTED, MODULE_GRADED)


@dataclass(frozen=True)
class ProgressRow:
    trainee: str
    module: str
    status: str
    score: float | None = None
    max_score: float | None = None
    last_submission: datetime | None = None
    #: hand-graded items (reflections) a trainer has not graded yet
    pending_manual: int = 0

    @property
    def trainee_name(self) -> str:
        """The trainee as people know them (``trainee`` is the folder and student id)."""
        return shown_name(self.trainee)

    @property
    def fraction(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return self.score / self.max_score

    def as_record(self) -> dict[str, object]:
        record = asdict(self)
        record["last_submission"] = (
            self.last_submission.isoformat(timespec="seconds") if self.last_submission else None
        )
        return record


@dataclass(frozen=True)
class Progress:
    modules: list[str]
    trainees: list[str]
    rows: list[ProgressRow]

    def for_trainee(self, trainee: str) -> list[ProgressRow]:
        return [row for row in self.rows if row.trainee == trainee]

    def cell(self, trainee: str, module: str) -> ProgressRow:
        for row in self.rows:
            if row.trainee == trainee and row.module == module:
                return row
        raise KeyError(f"no progress for trainee '{trainee}' in module '{module}'")


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return (
        moment.replace(tzinfo=timezone.utc)
        if moment.tzinfo is None
        else moment.astimezone(timezone.utc)
    )


def _parse_nbgrader_time(text: str) -> datetime | None:
    from nbgrader.utils import parse_utc

    try:
        return _utc(parse_utc(text.strip()))
    except (ValueError, OverflowError):
        return None


def handed_in(course: Course) -> dict[tuple[str, str], datetime | None]:
    """(trainee, module) → time of the latest hand-in, collected or still in the exchange."""
    found: dict[tuple[str, str], datetime | None] = {}

    def note(key: tuple[str, str], moment: datetime | None) -> None:
        if key not in found or (moment and (found[key] is None or moment > found[key])):
            found[key] = moment

    submitted = course.path("submitted")
    if submitted.is_dir():
        for stamp_dir in submitted.glob("*/*"):
            if stamp_dir.is_dir():
                stamp = stamp_dir / "timestamp.txt"
                moment = (
                    _parse_nbgrader_time(stamp.read_text(encoding="utf-8"))
                    if stamp.is_file()
                    else None
                )
                note((stamp_dir.parent.name, stamp_dir.name), moment)
    inbound = course.exchange_dir() / course.course_id / "inbound"
    if inbound.is_dir():
        # nbgrader names each hand-in "<student>+<assignment>+<timestamp>+<random>".
        for entry in inbound.iterdir():
            parts = entry.name.split("+")
            if len(parts) >= 3:
                note((parts[0], parts[1]), _parse_nbgrader_time(parts[2]))
    return found


def _gradebook_exists(course: Course) -> bool:
    url = course.db_url
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).is_file()
    return True


def graded_in_gradebook(course: Course):
    """Modules, trainees and per-submission totals, in a few queries."""
    from nbgrader.api import (
        Assignment,
        Grade,
        Student,
        SubmittedAssignment,
        SubmittedNotebook,
    )
    from sqlalchemy import case, func

    if not _gradebook_exists(course):
        return [], [], {}, {}
    with open_gradebook(course) as gradebook:
        session = gradebook.db
        modules = sorted(name for (name,) in session.query(Assignment.name))
        trainees = sorted(student for (student,) in session.query(Student.id))
        max_scores = {a.name: float(a.max_score or 0) for a in gradebook.assignments}
        query = (
            session.query(
                SubmittedAssignment.student_id,
                Assignment.name,
                SubmittedAssignment.timestamp,
                func.coalesce(func.sum(Grade.score), 0.0),
                func.coalesce(func.sum(case((Grade.needs_manual_grade, 1), else_=0)), 0),
            )
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .outerjoin(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .outerjoin(Grade, Grade.notebook_id == SubmittedNotebook.id)
            .group_by(SubmittedAssignment.id, Assignment.name)
        )
        graded = {
            (student, module): (_utc(timestamp), float(score), int(pending))
            for student, module, timestamp, score, pending in query
        }
    return modules, trainees, max_scores, graded


def read_progress(course: Course, modules: list[str] | None = None) -> Progress:
    """One row per trainee × module: every trainee the course knows, every released module."""
    known_modules, known_trainees, max_scores, graded = graded_in_gradebook(course)
    handins = handed_in(course)
    modules = list(modules) if modules is not None else known_modules
    for _, module in handins:
        if module not in modules:
            modules.append(module)
    trainees = sorted(set(known_trainees) | {trainee for trainee, _ in handins})
    rows = []
    for trainee in trainees:
        for module in modules:
            handin = handins.get((trainee, module))
            if (trainee, module) in graded:
                graded_at, score, pending = graded[(trainee, module)]
                latest = max(filter(None, (graded_at, handin)), default=None)
                # Handed in again after grading: the old score stands until regraded.
                status = (
                    MODULE_SUBMITTED
                    if handin and graded_at and handin > graded_at
                    else MODULE_GRADED
                )
                rows.append(
                    ProgressRow(
                        trainee, module, status, score, max_scores.get(module), latest, pending
                    )
                )
            elif (trainee, module) in handins:
                rows.append(ProgressRow(trainee, module, MODULE_SUBMITTED, last_submission=handin))
            else:
                rows.append(ProgressRow(trainee, module, MODULE_NOT_STARTED))
    return Progress(modules, trainees, rows)
