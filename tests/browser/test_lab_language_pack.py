"""Trainers' JupyterLab in Traditional Chinese, with nbgrader's panels working in it.

The language pack is JupyterLab's own (jupyterlab-language-pack-zh-TW, in the
package's dependencies, so Binder and the hub have it); this checks that a
trainer who picks 中文 gets a Chinese JupyterLab and that nbgrader's formgrader
still opens there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from classbridge.jupyter_env import jupyter_env
from classbridge.serve import free_port
from tests.support.browser import watched_tab
from tests.support.servers import loopback_server_args, stop_process, wait_for_http

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chinese_lab(tmp_path_factory):
    """JupyterLab as a trainer gets it, with the language set to zh_TW in their settings."""
    folder = tmp_path_factory.mktemp("lab-zh-tw")
    settings = folder / "lab-settings" / "@jupyterlab" / "translation-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"locale": "zh_TW"}))
    port, token = free_port(), "language-pack-test"
    env = {
        **os.environ,
        **jupyter_env("trainer"),
        "JUPYTERLAB_SETTINGS_DIR": str(folder / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(folder / "lab-workspaces"),
    }
    log_path = folder / "server.log"
    command = [sys.executable, "-m", "jupyter", "lab", *loopback_server_args(port, token)]
    command.append(f"--ServerApp.root_dir={folder}")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/api/status?token={token}", process, log_path, timeout=90)
        yield url, token
    finally:
        stop_process(process)


def test_jupyterlab_speaks_traditional_chinese_and_nbgrader_still_works(chinese_lab, chromium):
    url, token = chinese_lab
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = watched_tab(context)
    try:
        tab.goto(f"{url}/lab?token={token}")
        # JupyterLab's own words from the language pack (which does not cover every menu
        # of JupyterLab 4.6 yet): the launcher's tab and sections.
        launcher = tab.locator(".jp-Launcher")
        expect(launcher.get_by_text("主控台", exact=True)).to_be_visible(timeout=90_000)
        expect(launcher.get_by_text("其它", exact=True)).to_be_visible()
        expect(tab.get_by_role("tab", name="啟動")).to_be_visible()
        # nbgrader's lab extension is there in the Chinese JupyterLab: its formgrader opens.
        tab.keyboard.press("Control+Shift+C")
        palette = tab.locator(".lm-CommandPalette-input")
        expect(palette).to_be_visible()
        palette.fill("Formgrader")
        tab.keyboard.press("Enter")
        frame = tab.frame_locator("iframe").first
        heading = frame.get_by_role("heading", name="Manage Assignments")
        expect(heading).to_be_visible(timeout=60_000)
    finally:
        context.close()
