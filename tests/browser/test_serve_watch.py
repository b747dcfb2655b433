"""``classbridge serve --watch``: a trainer writing a module sees it without a restart (issue 18).

A new module appears in the catalogue, a saved change shows on its page, and a
notebook saved half-written is listed as broken while everything else serves.
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.support.servers import VoilaServer

pytestmark = pytest.mark.browser

NEW_TITLE = "Teaching with a tide table"
NEW_TEXT = "Low tide at the island school is at 10:40 today."
CHANGED_TEXT = "Say hello to each room by name before you start."


def wait_for_log(server: VoilaServer, text: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while text not in server.log():
        assert server.process.poll() is None, f"the server stopped:\n{server.log()}"
        assert time.monotonic() < deadline, f"no {text!r} in the log:\n{server.log()}"
        time.sleep(0.5)


def page_html(server: VoilaServer, path: str) -> str:
    with urllib.request.urlopen(f"{server.url}/voila/render/{path}", timeout=120) as reply:
        return reply.read().decode()


def add_markdown(notebook, text: str, title: str | None = None) -> None:
    data = json.loads(notebook.read_text(encoding="utf-8"))
    cell = {"cell_type": "markdown", "id": f"cb-{len(data['cells'])}", "metadata": {}}
    data["cells"].insert(1, {**cell, "source": [text]})
    if title:
        data["metadata"]["classbridge"]["title"] = title
    notebook.write_text(json.dumps(data, indent=1), encoding="utf-8")


def test_new_changed_and_broken_modules_are_served_without_a_restart(
    start_voila, modules_copy, page
):
    server = start_voila(modules_copy, "--watch")
    wait_for_log(server, "ClassBridge: watching")

    new = modules_copy / "08-tide-table"
    shutil.copytree(modules_copy / "01-welcome", new)
    add_markdown(new / "welcome.ipynb", NEW_TEXT, title=NEW_TITLE)
    wait_for_log(server, "ClassBridge: added 08-tide-table/welcome.ipynb")
    assert NEW_TEXT in page_html(server, "08-tide-table/welcome.ipynb")

    add_markdown(modules_copy / "01-welcome" / "welcome.ipynb", CHANGED_TEXT)
    wait_for_log(server, "ClassBridge: reloaded 01-welcome/welcome.ipynb")
    assert CHANGED_TEXT in page_html(server, "01-welcome/welcome.ipynb")

    broken = modules_copy / "09-half-written" / "draft.ipynb"
    broken.parent.mkdir()
    broken.write_text('{"cells": [', encoding="utf-8")
    wait_for_log(server, "classbridge: warning: 09-half-written/draft.ipynb is not valid JSON")

    page.goto(server.url + "/voila/render/catalogue.ipynb")
    expect(page.locator(".cb-module", has_text=NEW_TITLE)).to_be_visible(timeout=90_000)
    broken_card = page.locator('.cb-broken[data-module="09-half-written/draft.ipynb"]')
    expect(broken_card).to_contain_text("is not valid JSON")
    assert server.process.poll() is None
    # Fixed and saved again: it is served.
    shutil.copy(new / "welcome.ipynb", broken)
    wait_for_log(server, "ClassBridge: reloaded 09-half-written/draft.ipynb", timeout=60)
    assert NEW_TEXT in page_html(server, "09-half-written/draft.ipynb")
    # The author's log: what changed, and one line for the broken file; no errors.
    assert "ERROR" not in server.log() and "Traceback" not in server.log(), server.log()
