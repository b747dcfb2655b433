"""The trainer's steps after release, each one nbgrader app on the course.

Thin on purpose: nbgrader owns collecting, feedback and export. What we add is
the course location and config (so trainers never type nbgrader's options)
and errors that say which step failed and why.
"""

from __future__ import annotations

from pathlib import Path

from classbridge.grading.course import Course, check_module_name


def collect_module(course: Course, module: str) -> list[str]:
    """Move every hand-in of ``module`` from the exchange into the course; newer ones win."""
    check_module_name(module)
    course.run("collect", module, "--update")
    return sorted(p.parent.name for p in course.path("submitted").glob(f"*/{module}") if p.is_dir())


def return_feedback(course: Course, module: str) -> list[Path]:
    """Write each trainee's feedback page and put it in the exchange for them to fetch."""
    check_module_name(module)
    course.run("generate_feedback", module, "--force")
    course.run("release_feedback", module)
    return sorted(course.path("feedback").glob(f"*/{module}/*.html"))


def export_grades(course: Course, destination: Path) -> Path:
    """nbgrader's own CSV export of the whole gradebook (one row per trainee × module)."""
    destination = Path(destination).resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    course.run("export", f"--to={destination}")
    return destination
