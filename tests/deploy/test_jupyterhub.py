"""A workshop on a real JupyterHub: two trainees and a trainer, nbgrader through the hub.

The hub is deploy/jupyterhub/'s, started once for the hub tests
(tests/deploy/conftest.py, tests/support/hub.py). The gradebook is a real
PostgreSQL. People log in through the hub's login page in Chromium; nbgrader's
own web endpoints are then driven through the hub's proxy as the Assignments
tab and the formgrader drive them.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from classbridge.core.workspace import trainee_id
from classbridge.grading.course import Course
from classbridge.grading.progress import read_progress
from classbridge.grading.release import release_module
from classbridge.serve import TRAINER_DASHBOARD, dashboards_dir
from tests.support.browser import watched_tab
from tests.support.hub import (
    MARIA,
    TRAINEE_PASSWORD,
    TRAINEES,
    TRAINER,
    TRAINER_PASSWORD,
    Hub,
    log_in,
)
from tests.support.repo import MODULES

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a hub, PostgreSQL and nbgrader

MODULE = "01-welcome"
RIGHT = (
    "The on-site teacher, in the room",
    "The remote teacher",
    "Who leads each segment",
    "A signal for 'we cannot hear you'",
    "The backup if the link drops",
)
WRONG = (
    "The remote teacher, who stops the lesson for every room to comfort the learner on camera",
    "Whoever is speaking at the moment: the plan follows the class",
    "That the on-site teacher stays quiet unless the remote teacher asks for help",
)


def trainer_course(hub: Hub) -> Course:
    """The course as the trainer's server sees it (the hub's settings for trainers)."""
    return Course(
        root=hub.workshop / "trainers" / "course",
        modules_dir=MODULES,
        exchange=hub.workshop / "exchange",
        gradebook_url=hub.gradebook_url,
    )


def answer_in_voila(context, hub: Hub, name: str, choices: tuple[str, ...]) -> None:
    """The trainee opens the fetched module in Voilà through the hub and saves answers."""
    tab = watched_tab(context)
    tab.goto(f"{hub.url}/user/{name}/voila/render/classbridge/{MODULE}/welcome.ipynb")
    sheet = tab.locator(".cb-answer-sheet")
    expect(sheet).to_be_visible(timeout=120_000)
    for choice in choices:
        sheet.get_by_text(choice, exact=True).click()
    sheet.get_by_role("button", name="Save answers").click()
    expect(sheet.locator(".cb-saved")).to_contain_text("Saved at")
    expect(tab.locator(".jp-InputArea-editor")).to_have_count(0)
    tab.browser_log.assert_clean()


def test_workshop_on_jupyterhub(hub: Hub, chromium):
    course = trainer_course(hub)
    contexts = {TRAINER: log_in(chromium, hub, TRAINER, TRAINER_PASSWORD)}
    for trainee in TRAINEES:
        contexts[trainee] = log_in(chromium, hub, trainee, TRAINEE_PASSWORD)

    # Roles: only the trainer has nbgrader's formgrader; everyone has Voilà.
    assert hub.status(f"/user/{TRAINER}/formgrader/api/status") == 200
    assert hub.status(f"/user/{TRAINEES[0]}/formgrader/api/status") == 404
    users = {u["name"]: u for u in hub.api("GET", "/hub/api/users")}
    assert users[TRAINER]["admin"] and not users[TRAINEES[0]]["admin"]
    assert set(users[TRAINER]["groups"]) == {"trainers"}

    # The trainer releases the module (in a terminal of their server, or here).
    release_module(course, MODULE)

    form = {"course_id": "classbridge", "assignment_id": MODULE}
    for trainee, choices in zip(TRAINEES, (RIGHT, WRONG), strict=True):
        listed = hub.api("POST", f"/user/{trainee}/assignments/fetch", form)
        assert listed["success"], listed
        assert [a["status"] for a in listed["value"] if a["assignment_id"] == MODULE] == ["fetched"]
        answer_in_voila(contexts[trainee], hub, trainee, choices)
        submitted = hub.api("POST", f"/user/{trainee}/assignments/submit", form)
        assert submitted["success"], submitted
        handed_in = [a for a in submitted["value"] if a["status"] == "submitted"]
        # nbgrader names the hand-in after the hub user, not the shared system account.
        assert [a["student_id"] for a in handed_in] == [trainee_id(trainee)], handed_in

    # The trainer collects and autogrades in nbgrader's formgrader.
    collected = hub.api("POST", f"/user/{TRAINER}/formgrader/api/assignment/{MODULE}/collect")
    assert collected["success"], collected
    for trainee in TRAINEES:
        graded = hub.api(
            "POST",
            f"/user/{TRAINER}/formgrader/api/submission/{MODULE}/{trainee_id(trainee)}/autograde",
        )
        assert graded["success"], graded
    scores = {
        s["student"]: s
        for s in hub.api("GET", f"/user/{TRAINER}/formgrader/api/submissions/{MODULE}")
    }
    maria_id = trainee_id(MARIA)
    maria, budi = scores[maria_id], scores["budi"]
    assert maria["autograded"] and budi["autograded"]
    assert maria["needs_manual_grade"] and budi["needs_manual_grade"]  # the reflection

    # Progress, read from the PostgreSQL gradebook the trainer's server wrote.
    rows = {(r.trainee, r.module): r for r in read_progress(course).rows}
    max_auto = rows[(maria_id, MODULE)].max_score
    assert rows[(maria_id, MODULE)].status == "graded"
    assert rows[("budi", MODULE)].status == "graded"
    assert rows[(maria_id, MODULE)].score == maria["score"] == 3
    assert rows[("budi", MODULE)].score == budi["score"] == 0
    assert max_auto == maria["max_score"]
    assert rows[(maria_id, MODULE)].pending_manual == rows[("budi", MODULE)].pending_manual == 1

    # The trainer's dashboard, rendered by Voilà in the trainer's own server.
    shutil.copy(dashboards_dir() / TRAINER_DASHBOARD, hub.workshop / "trainers")
    tab = watched_tab(contexts[TRAINER])
    tab.goto(f"{hub.url}/user/{TRAINER}/voila/render/{TRAINER_DASHBOARD}")
    expect(tab.locator("p.cb-summary")).to_have_text(
        "2 trainees · 1 modules · 2 graded · 0 submitted · 0 not started · "
        "2 hand-graded items pending",
        timeout=120_000,
    )
    maria_row = tab.locator(f'tr[data-trainee="{maria_id}"]')
    expect(maria_row.locator(".cb-score")).to_have_text("3 / 6")
    expect(maria_row.locator(".cb-trainee")).to_have_text(MARIA)
    expect(tab.locator('tr[data-trainee="budi"] .cb-score')).to_have_text("0 / 6")
    tab.browser_log.assert_clean()
    for context in contexts.values():
        context.close()
