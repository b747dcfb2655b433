"""A workshop on a real JupyterHub: two trainees and a trainer, nbgrader through the hub.

The hub is JupyterHub itself with configurable-http-proxy from npm, started
from deploy/jupyterhub/jupyterhub_config.py with its shared-password login and
the local process spawner ("simple": no system accounts needed here). The
gradebook is a real PostgreSQL. People log in through the hub's login page in
Chromium; nbgrader's own web endpoints are then driven through the hub's proxy
as the Assignments tab and the formgrader drive them.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from classbridge.core.workspace import trainee_id
from classbridge.grading.course import Course
from classbridge.grading.progress import read_progress
from classbridge.grading.release import release_module
from classbridge.serve import TRAINER_DASHBOARD, dashboards_dir, free_port
from tests.support.browser import watched_tab
from tests.support.repo import MODULES, REPO
from tests.support.servers import stop_process, wait_for_http

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a hub, PostgreSQL and nbgrader

HUB_DIR = REPO / "deploy" / "jupyterhub"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
MODULE = "01-welcome"
TRAINER = "mei"
# An e-mail login, as Google or Microsoft sign-in gives: its folder and student id are
# "maria.santos_40deped.gov.ph", while pages show the name the hub knows.
MARIA = "maria.santos@deped.gov.ph"
TRAINEES = (MARIA, "budi")
TRAINEE_PASSWORD = "islands-2026"
TRAINER_PASSWORD = "trainers-of-the-island-schools-2026"
RIGHT = (
    "The on-site teacher, in the room",
    "The remote teacher",
    "Who leads each segment",
    "A signal for 'we cannot hear you'",
    "The backup if the link drops",
)
WRONG = ("The remote teacher, on camera", "Whoever is speaking", "Which learners to ignore")


@dataclass
class Hub:
    url: str
    token: str
    workshop: Path
    log_path: Path
    gradebook_url: str

    def api(self, method: str, path: str, form: dict | None = None) -> dict | list:
        """A request through the hub's proxy with a hub token (no browser cookie needed)."""
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(
            self.url + path,
            data=body,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=300) as response:
            return json.loads(response.read() or b"null")

    def status(self, path: str) -> int:
        request = urllib.request.Request(
            self.url + path, headers={"Authorization": f"token {self.token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code


@pytest.fixture(scope="module")
def hub(tmp_path_factory, postgres_server) -> Hub:
    if not PROXY.exists():
        pytest.fail(
            "configurable-http-proxy is missing: run 'bash scripts/test.sh', which runs "
            "'npm ci --prefix deploy/jupyterhub'"
        )
    workshop = tmp_path_factory.mktemp("workshop")
    postgres_url = postgres_server.new_database()
    roster = ["username,role", f"{TRAINER},trainer", *(f"{t},trainee" for t in TRAINEES)]
    (workshop / "roster.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    port, hub_port, api_port = free_port(), free_port(), free_port()
    token = secrets.token_hex(16)
    config = workshop / "test_config.py"
    config.write_text(
        f"load_subconfig({str(HUB_DIR / 'jupyterhub_config.py')!r})\n"
        "c = get_config()\n"
        f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{hub_port}'\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'\n"
        # The test acts through the hub as a service with a token, as a workshop
        # script would; people themselves log in through the login page.
        f"c.JupyterHub.services = [{{'name': 'workshop-check', 'api_token': {token!r}}}]\n"
        "c.JupyterHub.load_roles = [{'name': 'workshop-check', 'services': ['workshop-check'],"
        " 'scopes': ['list:users', 'read:users', 'access:servers']}]\n"
        # "simple" runs every server as our own account; in CI that is root.
        + ("c.Spawner.args = ['--allow-root']\n" if os.geteuid() == 0 else ""),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLASSBRIDGE_", "JUPYTER"))}
    env.update(
        CLASSBRIDGE_WORKSHOP_DIR=str(workshop),
        CLASSBRIDGE_HUB_BIND_URL=f"http://127.0.0.1:{port}",
        CLASSBRIDGE_HUB_TRAINEE_PASSWORD=TRAINEE_PASSWORD,
        CLASSBRIDGE_HUB_TRAINER_PASSWORD=TRAINER_PASSWORD,
        CLASSBRIDGE_HUB_SPAWNER="simple",
        CLASSBRIDGE_GRADEBOOK_URL=postgres_url,
    )
    log_path = workshop / "hub.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=workshop,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/hub/api/", process, log_path, timeout=120)
        yield Hub(url, token, workshop, log_path, postgres_url)
    finally:
        stop_process(process)


def log_in(chromium, hub: Hub, name: str, password: str):
    """Log in on the hub's page; the hub starts the server and opens JupyterLab."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{hub.url}/hub/login")
    tab.locator("#username_input").fill(name)
    tab.locator("#password_input").fill(password)
    tab.locator("#login_submit").click()
    tab.wait_for_url(f"**/user/{name}/lab**", timeout=120_000)
    return context


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
