"""Every curriculum module as a trainee sees it in Voilà: rendered, no code, no console errors."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.support.repo import CURRICULUM, MODULES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("module", CURRICULUM)
def test_module_renders_cleanly(voila, page, module: str):
    notebook = next((MODULES / module).glob("*.ipynb")).name
    page.goto(f"{voila.url}/voila/render/{module}/{notebook}")
    sheet = page.locator(".cb-answer-sheet")
    expect(sheet).to_be_visible(timeout=90_000)
    expect(page.locator(".cb-quiz, .cb-answer-sheet").first).to_be_visible()
    expect(page.get_by_role("button", name="Save").last).to_be_visible()
    # The note replacing the graded checks; no assertion error reaches the trainee.
    expect(page.locator(".cb-graded-note").first).to_be_visible()
    expect(page.get_by_text("AssertionError")).to_have_count(0)
    expect(page.get_by_text("There was an error when executing cell")).to_have_count(0)
    expect(page.get_by_text("graded_answers(")).to_have_count(0)
    expect(page.locator(".jp-InputArea-editor")).to_have_count(0)
    page.browser_log.assert_clean()


def test_answer_sheet_saves_and_survives_reload(voila, page):
    url = f"{voila.url}/voila/render/03-teaching-live/teaching-live.ipynb"
    page.goto(url)
    sheet = page.locator(".cb-answer-sheet")
    expect(sheet).to_be_visible(timeout=90_000)
    sheet.locator(".cb-question").nth(0).locator("input").fill("7")
    sheet.get_by_text("Mini-whiteboards held up to the camera").click()
    sheet.get_by_text("Fingers for A/B/C/D").click()
    sheet.get_by_text("Who leads now and when you come back together").click()
    sheet.get_by_role("button", name="Save answers").click()
    expect(sheet.locator(".cb-saved")).to_contain_text("Saved at")

    saved = voila.workspace / voila.trainee / "03-teaching-live" / "graded.json"
    record = json.loads(saved.read_text(encoding="utf-8"))
    # Saved under the questions' ids; the number read as a number.
    assert record["data"]["answers"] == {"wait-time": 7.0, "all-respond": [0, 2], "hand-off": [1]}

    page.reload()
    sheet = page.locator(".cb-answer-sheet")
    expect(sheet).to_be_visible(timeout=90_000)
    expect(sheet.locator(".cb-question").nth(0).locator("input")).to_have_value("7")
    expect(sheet.get_by_role("checkbox", name="Fingers for A/B/C/D")).to_be_checked()
    page.browser_log.assert_clean()
