"""Module 02's bandwidth planner on a 360 px phone screen: every label readable, every entry
usable, and an entry the planner adjusts is said."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MODULE_02 = "/voila/render/02-online-classroom/online-classroom.ipynb"


def test_planner_labels_are_whole_and_entries_usable_on_a_phone(voila, phone):
    phone.goto(voila.url + MODULE_02)
    planner = phone.locator(".cb-bandwidth")
    expect(planner.locator(".cb-verdict")).to_contain_text("The lesson will", timeout=90_000)
    planner.scroll_into_view_if_needed()
    cut = phone.evaluate(
        """() => [...document.querySelectorAll('.cb-bandwidth label')]
            .filter(l => l.offsetParent !== null && l.scrollWidth > l.clientWidth + 1)
            .map(l => l.textContent)"""
    )
    assert cut == [], f"labels cut short at 360 px: {cut}"
    too_narrow = phone.evaluate(
        """() => [...document.querySelectorAll('.cb-bandwidth input, .cb-bandwidth select')]
            .filter(e => e.type !== 'checkbox')
            .filter(e => e.getBoundingClientRect().width < 48
                      || e.getBoundingClientRect().right > window.innerWidth)
            .map(e => e.closest('.widget-inline-hbox').textContent)"""
    )
    assert too_narrow == [], f"entries too narrow or off screen at 360 px: {too_narrow}"
    expect(planner.locator(".cb-headroom-rule")).to_contain_text("plus 20 % headroom")

    rooms = planner.get_by_label("Remote rooms")
    rooms.fill("0")
    rooms.press("Enter")
    expect(planner.locator(".cb-planner-notes")).to_contain_text(
        "You entered 0 rooms; planning for 1"
    )
