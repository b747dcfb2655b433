"""Real-time co-editing in JupyterLab (jupyter-collaboration), with a trainer's settings.

Two teachers open the same exported lesson plan in two browser sessions; what
one types appears in the other's notebook and is saved to the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import nbformat
import pytest
from playwright.sync_api import expect

from classbridge.jupyter_env import jupyter_env
from classbridge.lessons.bank import SAMPLES
from classbridge.lessons.export import plan_notebook
from classbridge.lessons.plan import load_plan
from classbridge.serve import free_port
from tests.support.browser import watched_tab
from tests.support.servers import loopback_server_args, stop_process, wait_for_http

pytestmark = pytest.mark.browser

NOTEBOOK = "siklus-air.ipynb"


@pytest.fixture(scope="module")
def trainer_lab(tmp_path_factory):
    """JupyterLab as a workshop trainer gets it (classbridge jupyter-env --role trainer)."""
    folder = tmp_path_factory.mktemp("collaboration")
    plans = folder / "plans"
    plans.mkdir()
    nbformat.write(plan_notebook(load_plan(SAMPLES / "siklus-air.yaml")), plans / NOTEBOOK)
    port, token = free_port(), "co-editing-test"
    env = {
        **os.environ,
        **jupyter_env("trainer"),
        "JUPYTERLAB_SETTINGS_DIR": str(folder / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(folder / "lab-workspaces"),
        "JUPYTER_DATA_DIR": str(folder / "data"),
    }
    log_path = folder / "server.log"
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        *loopback_server_args(port, token),
        f"--ServerApp.root_dir={plans}",
        f"--SQLiteYStore.db_path={folder / 'ystore.db'}",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/api/status?token={token}", process, log_path, timeout=90)
        yield url, token, plans / NOTEBOOK
    finally:
        stop_process(process)


def open_notebook(tab, url: str, token: str) -> None:
    tab.goto(f"{url}/lab/tree/{NOTEBOOK}?token={token}")
    expect(tab.locator(".jp-Notebook .jp-MarkdownCell").first).to_be_visible(timeout=90_000)


def test_two_teachers_co_edit_a_plan_notebook_live(trainer_lab, chromium):
    url, token, path = trainer_lab
    contexts = [chromium.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    ana, tom = (watched_tab(context) for context in contexts)
    try:
        open_notebook(ana, url, token)
        open_notebook(tom, url, token)
        objectives = ana.locator(".jp-MarkdownCell").nth(1)
        objectives.dblclick()
        editor = objectives.locator(".cm-content")
        expect(editor).to_be_visible()
        editor.click()
        ana.keyboard.press("Control+End")
        ana.keyboard.type("\n* Saya dapat menggambar siklus air di pulau saya")
        # Tom, in his own browser session, sees Ana's line arrive without reloading.
        expect(tom.locator(".jp-MarkdownCell").nth(1)).to_contain_text(
            "menggambar siklus air di pulau saya", timeout=30_000
        )
        # And the co-edited document reaches the file on disk (saved by the server).
        deadline = time.monotonic() + 30
        while "menggambar siklus air" not in path.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the co-edited notebook was never saved"
            time.sleep(0.5)
        saved = nbformat.read(path, as_version=4)
        assert saved.cells[1].source.endswith("* Saya dapat menggambar siklus air di pulau saya")
    finally:
        for context in contexts:
            context.close()
    for tab in (ana, tom):
        # Both sessions share the notebook's one kernel, and JupyterLab logs each comm
        # message meant for the other session's widget manager as "Comm not found". That
        # is JupyterLab's multi-client kernel connection, not a failure; nothing else is let by.
        log = tab.browser_log
        log.errors = [
            e for e in log.errors if not e.startswith("console: Comm not found for comm id")
        ]
        log.assert_clean()
