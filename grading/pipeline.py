"""The trainer's steps after release, each one nbgrader app on the course.

Thin on purpose: nbgrader owns collecting, feedback and export. What we add is
the course location and config (so trainers never type nbgrader's options),
errors that say which step failed and why, the feedback page a trainee can
read (``feedback_page``) and a grades CSV no spreadsheet runs as formulas.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from classbridge.grading.course import Course, check_module_name, open_gradebook
from classbridge.grading.feedback_page import item_title, write_feedback_pages
from classbridge.grading.progress_report import spreadsheet_cell


def collect_module(course: Course, module: str) -> list[str]:
    """Move every hand-in of ``module`` from the exchange into the course; newer ones win."""
    check_module_name(module)
    course.run("collect", module, "--update")
    return sorted(p.parent.name for p in course.path("submitted").glob(f"*/{module}") if p.is_dir())


def pending_hand_grading(course: Course, module: str) -> dict[str, list[str]]:
    """Trainee → the hand-graded items of ``module`` a trainer has not graded yet, by title."""
    from nbgrader.api import MissingEntry

    check_module_name(module)
    pending: dict[str, list[str]] = {}
    titles: dict[tuple[str, str], str] = {}
    with open_gradebook(course) as gradebook:
        try:
            assignment = gradebook.find_assignment(module)
        except MissingEntry:
            return pending
        for source in (cell for nb in assignment.notebooks for cell in nb.source_cells):
            titles[(source.notebook.name, source.name)] = item_title(source.name, source.source)
        for submission in assignment.submissions:
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.needs_manual_grade:
                        title = titles.get((notebook.name, grade.name), item_title(grade.name))
                        pending.setdefault(submission.student_id, []).append(title)
    return dict(sorted(pending.items()))


def return_feedback(course: Course, module: str) -> list[Path]:
    """Write each trainee's feedback page and put it in the exchange for them to fetch.

    nbgrader's ``generate_feedback`` makes the folders release needs (with each
    hand-in's timestamp and secret); the page it writes is replaced by ours
    before ``release_feedback`` hands it out.
    """
    check_module_name(module)
    course.run("generate_feedback", module, "--force")
    pages = write_feedback_pages(course, module)
    course.run("release_feedback", module)
    return pages


def _guarded(value: str) -> str:
    """A spreadsheet-safe cell: numbers stay numbers, text starting a formula is quoted."""
    try:
        if math.isfinite(float(value)):
            return value
    except ValueError:
        pass
    return spreadsheet_cell(value)


def guard_csv(text: str) -> str:
    """CSV text with no cell a spreadsheet runs as a formula, and RFC 4180 line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([_guarded(cell) for cell in row])
    return out.getvalue()


def export_grades(course: Course, destination: Path) -> Path:
    """nbgrader's own CSV export of the whole gradebook (one row per trainee × module).

    Trainee names and e-mail addresses come from rosters and logins; a cell such
    as ``=HYPERLINK(...)`` is written as text, as in the progress CSV.
    """
    destination = Path(destination).resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    course.run("export", f"--to={destination}")
    with destination.open(encoding="utf-8", newline="") as exported:
        text = exported.read()
    with destination.open("w", encoding="utf-8", newline="") as guarded:
        guarded.write(guard_csv(text))
    return destination
