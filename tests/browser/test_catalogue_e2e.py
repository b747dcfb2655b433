"""A trainee's first minutes: land on the catalogue, open a module, use its quiz."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from tests.support.servers import kernel_exists, page_kernel_id

pytestmark = pytest.mark.browser


def test_root_opens_catalogue_listing_module_metadata(voila, page):
    page.goto(voila.url + "/")
    page.wait_for_url("**/voila/render/catalogue.ipynb")
    card = page.locator('.cb-module[data-module="01-welcome/welcome.ipynb"]')
    expect(card).to_be_visible(timeout=60_000)
    expect(card.locator(".cb-module-link")).to_have_text("Welcome: the online-and-offline school")
    expect(card.locator(".cb-duration")).to_have_text("35 min")
    expect(card.locator(".cb-summary")).to_contain_text("remote teacher and the on-site teacher")
    expect(card.locator(".cb-objectives li")).to_have_count(3)
    expect(card.locator(".cb-objectives li").first).to_contain_text("study locally, learn globally")
    # Voilà shows outputs only: the code that draws the catalogue stays hidden.
    expect(page.get_by_text("show_catalogue")).to_have_count(0)
    page.browser_log.assert_clean()


def test_module_opens_without_code_and_quiz_gives_feedback(voila, page):
    page.goto(voila.url + "/voila/render/catalogue.ipynb")
    page.locator(".cb-module-link", has_text="Welcome").click()
    page.wait_for_url("**/voila/render/01-welcome/welcome.ipynb")
    expect(page.get_by_role("heading", name="Welcome to ClassBridge")).to_be_visible(timeout=60_000)
    # Markdown renders; code cells show their output only, never their source.
    expect(page.locator(".jp-CodeCell .jp-InputArea-editor")).to_have_count(0)
    expect(page.get_by_text("from classbridge.widgets import")).to_have_count(0)

    first = page.locator(".cb-question").nth(0)
    first.get_by_text("The remote teacher, by calling each school").click()
    first.get_by_role("button", name="Check").click()
    expect(first.locator(".cb-feedback")).to_contain_text("Not quite.")

    first.get_by_text("The on-site teacher, by starting the agreed backup task").click()
    first.get_by_role("button", name="Check").click()
    expect(first.locator(".cb-feedback")).to_contain_text("Correct. The on-site teacher")

    second = page.locator(".cb-question").nth(1)
    second.get_by_text("Explaining the new content to all rooms").click()
    second.get_by_role("button", name="Check").click()
    expect(second.locator(".cb-feedback")).to_contain_text("Partly right")
    page.browser_log.assert_clean()


def test_broken_module_is_listed_with_reason_and_others_still_open(start_voila, modules_copy, page):
    broken = modules_copy / "02-broken"
    broken.mkdir()
    (broken / "setup.ipynb").write_text('{"cells": [', encoding="utf-8")
    server = start_voila(modules_copy)

    assert "02-broken/setup.ipynb is not valid JSON" in server.log()
    page.goto(server.url + "/voila/render/catalogue.ipynb")
    card = page.locator('.cb-broken[data-module="02-broken/setup.ipynb"]')
    expect(card).to_be_visible(timeout=60_000)
    catalogue_kernel = page_kernel_id(page)
    expect(card.locator(".cb-broken-reason")).to_contain_text("is not valid JSON (line 1")
    page.locator(".cb-module-link", has_text="Welcome").click()
    expect(page.get_by_role("heading", name="Welcome to ClassBridge")).to_be_visible(timeout=60_000)
    # Leaving the catalogue page frees its kernel (Voilà's beacon was accepted).
    deadline = time.monotonic() + 20
    while kernel_exists(server.url, catalogue_kernel):
        assert time.monotonic() < deadline, "the catalogue's kernel was not shut down"
        time.sleep(0.5)
    page.browser_log.assert_clean()


def test_module_metadata_is_escaped_in_catalogue(start_voila, modules_copy, page):
    notebook = modules_copy / "01-welcome" / "welcome.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["metadata"]["classbridge"]["title"] = '<img src=x onerror="window.hacked=1">Welcome'
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    server = start_voila(modules_copy)

    page.goto(server.url + "/voila/render/catalogue.ipynb")
    link = page.locator(".cb-module-link")
    expect(link).to_have_text('<img src=x onerror="window.hacked=1">Welcome', timeout=60_000)
    assert page.evaluate("window.hacked === undefined")
