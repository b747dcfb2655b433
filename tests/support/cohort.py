"""A throw-away course and a cohort of trainees who submit through nbgrader's exchange."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from classbridge.core.storage import RecordStore
from classbridge.core.workspace import DEFAULT_FOLDER
from classbridge.grading.course import Course

MODULE = "09-graded"


def _nbgrader(kind: str, grade_id: str, points: int = 0, solution=False, grade=False):
    meta = {"grade": grade, "solution": solution, "locked": not solution, "grade_id": grade_id}
    if grade:
        meta["points"] = points
    return {"nbgrader": {**meta, "schema_version": 3}}


def write_graded_module(modules_dir: Path) -> Path:
    """A small module graded the way ClassBridge modules are: code, a test, a reflection."""
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "classbridge": {
                "title": "Wait time",
                "summary": "How long to wait after a question on a delayed link.",
                "duration_minutes": 10,
                "objectives": ["Add the link delay to your wait time"],
            },
        }
    )
    nb.cells = [
        new_markdown_cell("# Wait time", metadata=_nbgrader("md", "intro")),
        new_code_cell(
            "def wait_time(rooms):\n    ### BEGIN SOLUTION\n    return 3 + rooms\n"
            "    ### END SOLUTION",
            metadata=_nbgrader("code", "answer", solution=True),
        ),
        new_code_cell(
            "assert wait_time(2) == 5", metadata=_nbgrader("test", "test_wait", 2, grade=True)
        ),
        new_markdown_cell(
            "YOUR ANSWER HERE", metadata=_nbgrader("md", "reflection", 3, solution=True, grade=True)
        ),
    ]
    path = modules_dir / MODULE / "wait.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    return path


ANSWERS = {
    "right": "def wait_time(rooms):\n    return 3 + rooms",
    "wrong": "def wait_time(rooms):\n    return 3",
    "loops": "def wait_time(rooms):\n    while True:\n        pass",
    "crash": "import os\nos._exit(1)",
}


def fetch_and_submit(course: Course, home: Path, trainee: str, how: str) -> None:
    """As the trainee: fetch the module, answer it as ``how`` says, submit."""
    home.mkdir(parents=True, exist_ok=True)
    # On one machine every trainee is the same login: nbgrader's --student
    # stands in for the separate accounts of a JupyterHub.
    as_trainee = f"--student={trainee}"
    course.run(
        "fetch_assignment", MODULE, "--course=classbridge", as_trainee, cwd=home, **account(home)
    )
    notebook = home / "classbridge" / MODULE / "wait.ipynb"
    if how == "invalid":
        notebook.write_text('{"cells": [', encoding="utf-8")
    elif how != "empty":
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id == "answer":
                cell["source"] = ANSWERS.get(how, ANSWERS["right"])
            if grade_id == "reflection":
                cell["source"] = f"{trainee}'s reflection on wait time."
            if how == "tampered" and grade_id == "test_wait":
                cell["source"] = "assert True  # made to pass"
        notebook.write_text(json.dumps(nb), encoding="utf-8")
    course.run("submit", MODULE, "--course=classbridge", as_trainee, cwd=home, **account(home))


def account(home: Path) -> dict[str, str]:
    """A trainee's own Jupyter data folder, where nbgrader keeps their submission cache."""
    return {"JUPYTER_DATA_DIR": str(home / ".local" / "share" / "jupyter")}


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def fetch_and_hand_in_work(
    course: Course, home: Path, trainee: str, module: str, work: dict[str, dict]
) -> Path:
    """As a trainee of a ClassBridge module: fetch it, save ``work`` as its widgets would
    (record key → data, e.g. ``{"01-welcome/graded": {"answers": {...}}}``), submit.

    Returns the fetched module folder.
    """
    home.mkdir(parents=True, exist_ok=True)
    as_trainee = f"--student={trainee}"
    course.run(
        "fetch_assignment", module, "--course=classbridge", as_trainee, cwd=home, **account(home)
    )
    folder = home / "classbridge" / module
    saved = RecordStore(folder / DEFAULT_FOLDER / trainee)
    for key, data in work.items():
        saved.save(key, data, 0)
    course.run("submit", module, "--course=classbridge", as_trainee, cwd=home, **account(home))
    return folder
