"""A trainee whose hub login is an e-mail address uses every page like anyone else.

JupyterHub with Google or Microsoft sign-in names people by their e-mail address;
other hubs by names in any script. The hub's name reaches the kernel as
``JUPYTERHUB_USER``; pages show it, and work is saved under its escaped id.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from classbridge.core.workspace import trainee_id
from tests.support.repo import CURRICULUM, MODULES

pytestmark = pytest.mark.browser

MARIA = "maria.santos@deped.gov.ph"
PAGES = [
    *(f"{module}/{next((MODULES / module).glob('*.ipynb')).name}" for module in CURRICULUM),
    "catalogue.ipynb",
    "my-progress.ipynb",
    "lesson-bank.ipynb",
    "widget-gallery.ipynb",
]


@pytest.fixture(scope="module")
def hub_named_server(start_classbridge):
    return start_classbridge(
        "serve",
        str(MODULES),
        ready="catalogue.ipynb",
        CLASSBRIDGE_TRAINEE="",  # who the trainee is comes from the hub alone
        JUPYTERHUB_USER=MARIA,
    )


@pytest.mark.parametrize("path", PAGES)
def test_every_page_works_for_an_email_login(hub_named_server, page, path):
    page.goto(f"{hub_named_server.url}/voila/render/{path}")
    expect(page.locator(".jupyter-widgets").first).to_be_visible(timeout=90_000)
    expect(page.get_by_text("There was an error when executing cell")).to_have_count(0)
    expect(page.get_by_text("InvalidName")).to_have_count(0)
    expect(page.get_by_text("is not allowed: use 1-64 letters")).to_have_count(0)
    if path == "my-progress.ipynb":
        expect(page.get_by_text(f"Trainee: {MARIA}")).to_be_visible()
    page.browser_log.assert_clean()


def test_an_email_login_saves_under_its_escaped_folder(hub_named_server, page):
    page.goto(f"{hub_named_server.url}/voila/render/01-welcome/welcome.ipynb")
    sheet = page.locator(".cb-answer-sheet")
    expect(sheet).to_be_visible(timeout=90_000)
    sheet.get_by_text("The on-site teacher, in the room", exact=True).click()
    sheet.get_by_role("button", name="Save answers").click()
    expect(sheet.locator(".cb-saved")).to_contain_text("Saved at")
    folder = hub_named_server.workspace / trainee_id(MARIA)
    assert folder.name == "maria.santos_40deped.gov.ph"
    saved = json.loads((folder / "01-welcome" / "graded.json").read_text(encoding="utf-8"))
    assert saved["data"]["answers"]["roles-care"] == [1]  # the second option, counted from 0
    page.browser_log.assert_clean()
