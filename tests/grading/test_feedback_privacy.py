"""Trainees who share one system account each fetch only their own feedback.

On a workshop hub whose user servers all run as one account (Kubernetes'
``jovyan``, a shared local account), nbgrader's ``fetch_feedback`` returns the
feedback of every hand-in in that account's cache. ClassBridge's nbgrader
configuration gives each trainee a cache of their own. Real nbgrader, end to end.
"""

from __future__ import annotations

import json

import pytest

from classbridge.core.workspace import trainee_id
from classbridge.grading.course import Course
from classbridge.grading.pipeline import collect_module, return_feedback
from classbridge.grading.release import release_module
from tests.support.cohort import MODULE, account, write_graded_module

pytestmark = pytest.mark.slow

# Hub logins as they come from an OAuth provider or a roster: none is a plain folder name.
LOGINS = ("maria.santos@deped.gov.ph", "nguyễn văn an", "王小明")


def _as_trainee(login: str) -> dict[str, str]:
    return {"CLASSBRIDGE_ROLE": "trainee", "JUPYTERHUB_USER": login}


def test_each_trainee_on_a_shared_account_fetches_only_their_own_feedback(tmp_path):
    write_graded_module(tmp_path / "modules")
    course = Course(root=tmp_path / "course", modules_dir=tmp_path / "modules", cell_timeout=10)
    release_module(course, MODULE)
    shared_account = account(tmp_path / "shared-home")  # one Jupyter data folder for all
    for login in LOGINS:
        work = tmp_path / "work" / trainee_id(login)  # each server opens its own folder
        work.mkdir(parents=True)
        env = {**shared_account, **_as_trainee(login)}
        course.run("fetch_assignment", MODULE, "--course=classbridge", cwd=work, **env)
        notebook = work / "classbridge" / MODULE / "wait.ipynb"
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("grade_id") == "reflection":
                cell["source"] = f"Reflection written by {login}."
        notebook.write_text(json.dumps(nb), encoding="utf-8")
        course.run("submit", MODULE, "--course=classbridge", cwd=work, **env)

    # The hand-ins arrive under the trainees' ids, the names their workspaces have.
    assert collect_module(course, MODULE) == sorted(trainee_id(login) for login in LOGINS)
    course.run("autograde", MODULE, "--force")
    assert len(return_feedback(course, MODULE)) == len(LOGINS)

    for login in LOGINS:
        work = tmp_path / "work" / trainee_id(login)
        env = {**shared_account, **_as_trainee(login)}
        course.run("fetch_feedback", MODULE, "--course=classbridge", cwd=work, **env)
        pages = sorted((work / "classbridge" / MODULE / "feedback").glob("*/*.html"))
        assert len(pages) == 1, f"{login} fetched {len(pages)} feedback pages"
        page = pages[0].read_text(encoding="utf-8")
        assert f"Reflection written by {login}." in page
        others = [other for other in LOGINS if other != login]
        assert not any(f"Reflection written by {other}." in page for other in others)
