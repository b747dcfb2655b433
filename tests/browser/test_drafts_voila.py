"""Unsaved text survives a reload and is not left behind unasked (issue 14), in Voilà.

A trainee types in module 01's reflection without pressing Save: the text comes
back after a reload with a note, and leaving the page first asks (the
``beforeunload`` listener in our Voilà template). Staying keeps the page
working; leaving still frees its kernel.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.repo import quick_modules
from tests.support.servers import VoilaServer, kernel_exists, page_kernel_id

pytestmark = pytest.mark.browser

WELCOME = "/voila/render/01-welcome/welcome.ipynb"
TEXT = "Our island room would meet learners from the city for the first time."


@pytest.fixture(scope="module")
def welcome(start_voila, tmp_path_factory) -> VoilaServer:
    """The catalogue and module 01 only (a quick server), with a workspace of its own."""
    modules = quick_modules(tmp_path_factory.mktemp("drafts"))
    return start_voila(modules)


def open_reflection(page, server: VoilaServer):
    page.goto(server.url + WELCOME)
    reflection = page.locator(".cb-reflection")
    expect(reflection.locator("textarea")).to_be_visible(timeout=90_000)
    return reflection


def type_unsaved(reflection, text: str) -> None:
    """Type as a trainee does (a real click and keystrokes, which a leave prompt needs)."""
    reflection.locator("textarea").click()
    reflection.page.keyboard.type(text)
    expect(reflection).to_have_class(_has("cb-unsaved"))
    expect(reflection.locator(".cb-save-status")).to_have_text("Unsaved changes")


def _has(css_class: str) -> re.Pattern:
    return re.compile(rf"(^|\s){css_class}(\s|$)")


def wait_for(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def test_unsaved_reflection_comes_back_after_a_reload_with_a_note(welcome, page):
    work = welcome.workspace / welcome.trainee
    draft = work / ".drafts" / "01-welcome" / "reflection.json"
    reflection = open_reflection(page, welcome)
    type_unsaved(reflection, TEXT)
    wait_for(draft.is_file, "no draft was kept while the trainee typed")

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    kernel_id = page_kernel_id(page)
    page.reload()
    reflection = page.locator(".cb-reflection")
    expect(reflection.locator("textarea")).to_have_value(TEXT, timeout=90_000)
    assert dialogs == ["beforeunload"]  # the reload asked first
    expect(reflection.locator(".cb-draft-note")).to_contain_text("Restored your unsaved draft from")
    expect(reflection.locator(".cb-draft-note")).to_contain_text("press Save to keep it")
    expect(reflection).to_have_class(_has("cb-unsaved"))
    assert not (work / "01-welcome" / "reflection.json").exists()  # nothing saved unasked
    # The page that was left still freed its kernel (our listener held Voilà's back).
    wait_for(lambda: not kernel_exists(welcome.url, kernel_id), "kernel not shut")

    reflection.get_by_role("button", name="Save").click()
    expect(reflection.locator(".cb-save-status")).to_contain_text("Saved at")
    expect(reflection).not_to_have_class(_has("cb-unsaved"))
    expect(reflection.locator(".cb-draft-note")).to_have_text("")
    wait_for(lambda: not draft.exists(), "the draft was not removed once saved")
    page.goto(welcome.url + "/voila/render/catalogue.ipynb")  # saved: leaving asks nothing
    expect(page.locator(".cb-module-link").first).to_be_visible(timeout=90_000)
    assert dialogs == ["beforeunload"]
    page.browser_log.assert_clean()


def test_leaving_with_unsaved_text_asks_and_staying_keeps_the_page_working(welcome, page):
    reflection = open_reflection(page, welcome)
    type_unsaved(reflection, " And a second thought.")

    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.evaluate("url => { window.location.href = url; }", welcome.url + "/voila/render/")
    wait_for(lambda: asked == ["beforeunload"], "leaving with unsaved text did not ask")
    page.wait_for_timeout(1_000)
    assert page.url.endswith(WELCOME)  # the trainee chose to stay
    # Staying kept the kernel: Save still reaches it.
    reflection.get_by_role("button", name="Save").click()
    expect(reflection.locator(".cb-save-status")).to_contain_text("Saved at", timeout=20_000)
    expect(reflection).not_to_have_class(_has("cb-unsaved"))
    page.browser_log.assert_clean()
