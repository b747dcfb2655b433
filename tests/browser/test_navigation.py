"""A trainee moves through the curriculum in Voilà: on to the next module, back to the catalogue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_next_and_back_links_and_the_tab_title(voila, page):
    page.goto(f"{voila.url}/voila/render/01-welcome/welcome.ipynb")
    nav = page.locator(".cb-page-nav")
    expect(nav).to_be_visible(timeout=90_000)
    expect(page).to_have_title("Welcome: the online-and-offline school · ClassBridge")
    nav.get_by_role("link", name=re.compile(r"^Next: Setting up the online classroom")).click()
    expect(page).to_have_url(
        re.compile(r"/voila/render/02-online-classroom/online-classroom\.ipynb$")
    )
    expect(page).to_have_title("Setting up the online classroom · ClassBridge", timeout=90_000)
    page.locator(".cb-page-nav").get_by_role("link", name="← All modules").click()
    expect(page).to_have_url(re.compile(r"/voila/render/catalogue\.ipynb$"))
    expect(page.locator(".cb-catalogue h1")).to_be_visible(timeout=90_000)
    expect(page).to_have_title("ClassBridge training modules")
    # The last module leads back only.
    page.goto(f"{voila.url}/voila/render/07-assessing-outcomes/assessing-outcomes.ipynb")
    expect(page.locator(".cb-page-nav .cb-back")).to_be_visible(timeout=90_000)
    expect(page.locator(".cb-page-nav .cb-next")).to_have_count(0)
    page.browser_log.assert_clean()


def test_tool_pages_lead_back_to_the_catalogue(voila, page):
    page.goto(f"{voila.url}/voila/render/lesson-bank.ipynb")
    back = page.locator(".cb-page-nav .cb-back")
    expect(back).to_be_visible(timeout=90_000)
    expect(page).to_have_title("Lesson bank · ClassBridge")
    back.click()
    expect(page).to_have_url(re.compile(r"/voila/render/catalogue\.ipynb$"))
    page.browser_log.assert_clean()
