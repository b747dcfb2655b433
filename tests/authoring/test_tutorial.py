"""docs/authoring.md works as written: every ```bash command of it, run in order.

The commands run in a temporary folder laid out as a checkout (``modules/``
with its catalogue), with ClassBridge's ``.venv/bin`` first on ``PATH`` and no
``CLASSBRIDGE_*`` variable set, so every default is the tutorial's. What the
tutorial asks of people instead of commands is done here as they would do it:
two trainees fetch the released module and hand it in (one with the key's
answers, one with nothing) after ``grade release``, and the trainer grades the
reflections, as in the formgrader, before ``grade feedback``. ``classbridge
serve --watch`` runs until the catalogue lists the new module and its page
shows, on a free port, then stops.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from classbridge.core.catalogue import scan_catalogue
from classbridge.grading.course import Course, open_gradebook
from classbridge.serve import free_port
from tests.support.cohort import fetch_and_hand_in_work
from tests.support.repo import MODULES, REPO
from tests.support.servers import stop_process, wait_for_http

TUTORIAL = REPO / "docs" / "authoring.md"
MODULE, NOTEBOOK = "08-island-science", "island-science"
TITLE = "Teaching science to island classes"
BASH_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)


def tutorial_commands() -> list[str]:
    """Every command of every ```bash block, in order (comments and blank lines left out)."""
    return [
        line.strip()
        for block in BASH_BLOCK.findall(TUTORIAL.read_text(encoding="utf-8"))
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_the_tutorial_goes_from_new_module_to_feedback():
    """The steps the slow test stands in for (trainees, the formgrader) sit where it expects."""
    commands = [" ".join(c.split()[:3]) for c in tutorial_commands()]
    steps = [
        "classbridge new-module 08-island-science",
        "classbridge serve --watch",
        "classbridge check modules/08-island-science",
        "classbridge grade release",
        "classbridge grade collect",
        "classbridge grade autograde",
        "classbridge grade feedback",
    ]
    assert [c for c in commands if c in steps] == sorted(
        [c for c in commands if c in steps], key=steps.index
    )
    assert set(steps) <= set(commands)
    text = TUTORIAL.read_text(encoding="utf-8")
    assert "*Assignments*" in text and "formgrader" in text


def test_readme_and_the_trainers_guide_link_the_tutorial():
    assert "docs/authoring.md" in (REPO / "README.md").read_text(encoding="utf-8")
    assert "../docs/authoring.md" in (MODULES / "README.md").read_text(encoding="utf-8")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSBRIDGE_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _preview(command: str, folder: Path, env: dict[str, str]) -> None:
    """Start ``classbridge serve --watch`` on a free port; stop it once the module shows."""
    port = free_port()
    log = folder / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            ["bash", "-c", f"exec {command} --port {port}"],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/voila/render"
    try:
        wait_for_http(f"{url}/{MODULE}/{NOTEBOOK}.ipynb", server, log, timeout=300)
        with urllib.request.urlopen(f"{url}/{MODULE}/{NOTEBOOK}.ipynb", timeout=60) as page:
            assert TITLE in page.read().decode("utf-8")
        # The catalogue page lists what scan_catalogue reads (its cards are drawn once the
        # visitor's browser connects, so they are not in the page's first HTML).
        with urllib.request.urlopen(f"{url}/catalogue.ipynb", timeout=60) as page:
            assert page.status == 200
        [listed] = scan_catalogue(folder / "modules").modules
        assert (listed.path, listed.title) == (f"{MODULE}/{NOTEBOOK}.ipynb", TITLE)
    finally:
        stop_process(server)


def _trainees_hand_in(course: Course, homes: Path) -> None:
    """As trainees in JupyterLab's Assignments tab: fetch, answer, Save answers, submit."""
    key = {"answers": {"who-notices": [0], "wait-time": 7.0}}
    fetch_and_hand_in_work(course, homes / "rita", "rita", MODULE, {f"{MODULE}/graded": key})
    fetch_and_hand_in_work(course, homes / "walt", "walt", MODULE, {})


def _trainer_grades_reflections(course: Course) -> None:
    """As the formgrader does when a trainer gives points and a comment."""
    with open_gradebook(course) as gradebook:
        for trainee in ("rita", "walt"):
            grade = gradebook.find_grade("reflection-task", NOTEBOOK, MODULE, trainee)
            grade.manual_score = 2
            grade.needs_manual_grade = False
            comment = gradebook.find_comment("reflection-task", NOTEBOOK, MODULE, trainee)
            comment.manual_comment = "Name the questions you will wait longer after."
        gradebook.db.commit()


@pytest.mark.slow  # a server, nbgrader's release, autograde and feedback, and a full check
def test_every_command_of_the_tutorial_runs_in_order(tmp_path: Path):
    folder = tmp_path / "checkout"
    (folder / "modules").mkdir(parents=True)
    shutil.copy(MODULES / "catalogue.ipynb", folder / "modules" / "catalogue.ipynb")
    env = _environment()
    course = Course(root=folder / "course", modules_dir=folder / "modules")
    outputs: dict[str, str] = {}
    for command in tutorial_commands():
        if command.startswith("classbridge grade feedback"):
            _trainer_grades_reflections(course)
        if command.startswith("classbridge serve"):
            _preview(command, folder, env)
            continue
        done = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", command],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        outputs[command] = done.stdout
        if command.startswith("classbridge grade release"):
            _trainees_hand_in(course, tmp_path / "homes")
    assert outputs[f"classbridge check modules/{MODULE}"].endswith(
        "checked (released, run top to bottom and autograded).\n"
    )
    collected = outputs[f"classbridge grade collect {MODULE}"]
    assert collected == f"Collected {MODULE}: 2 trainee(s) have handed in.\n"
    with open_gradebook(course) as gradebook:
        for trainee, points in (("rita", 2 + 2), ("walt", 0 + 2)):
            submission = gradebook.find_submission_notebook(NOTEBOOK, MODULE, trainee)
            assert submission.score == points, trainee
    for trainee in ("rita", "walt"):
        assert list(course.path("feedback", trainee, MODULE).glob("*.html")), trainee
