"""Every page in Traditional Chinese for a browser that asks for it, and the switch that stays.

"No English left" is checked against the interface's own English: every
message id in the catalog template (classbridge.pot) is looked for on the
rendered page, in the pieces between its placeholders.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from classbridge.core.share import share_path
from tests.support.browser import watched_tab
from tests.support.repo import CURRICULUM, MODULES, quick_modules

pytestmark = pytest.mark.browser

PAGES = [*(f"{m}/{next((MODULES / m).glob('*.ipynb')).name}" for m in CURRICULUM)]
PAGES += ["catalogue.ipynb", "my-progress.ipynb", "lesson-bank.ipynb"]


def english_interface_pieces() -> list[str]:
    """Pieces of English interface text long enough not to be a name or a code."""
    with share_path("locale", "classbridge.pot").open("rb") as file:
        ids = [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id]
    pieces = set()
    for message in ids:
        for piece in re.split(r"\{[^}]*\}", message):
            piece = piece.strip(" .,:;()'\"-—–")
            if len(piece) >= 12 and " " in piece:
                pieces.add(piece)
    return sorted(pieces)


@pytest.fixture(scope="module")
def chinese_browser(chromium):
    context = chromium.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_a_chinese_browser_gets_every_page_in_chinese(voila, chinese_browser, page_path: str):
    tab = watched_tab(chinese_browser)
    try:
        tab.goto(f"{voila.url}/voila/render/{page_path}")
        switch = tab.locator(".cb-language-links")
        expect(switch).to_be_visible(timeout=90_000)
        expect(switch.locator('[aria-current="true"]')).to_have_text("繁體中文")
        expect(tab.locator(".cb-language-note")).to_have_count(0)
        tab.wait_for_function("!document.querySelector('#loading')")
        shown = tab.locator("#rendered_cells").inner_text()
        assert re.search(r"[\u4e00-\u9fff]{4}", shown), "no Chinese text on the page"
        left = [piece for piece in english_interface_pieces() if piece in shown]
        assert not left, f"English interface text on the zh-TW page {page_path}: {left[:5]}"
        # The English twin of each Chinese cell is hidden.
        hidden = tab.locator('.cb-lang[lang="en"]')
        for index in range(hidden.count()):
            expect(hidden.nth(index)).to_be_hidden()
        tab.browser_log.assert_clean()
    finally:
        tab.close()


def test_the_switch_changes_the_language_and_it_is_remembered(voila, chromium):
    context = chromium.new_context(locale="en-US")
    tab = watched_tab(context)
    try:
        welcome = f"{voila.url}/voila/render/{PAGES[0]}"
        tab.goto(welcome)
        switch = tab.locator(".cb-language-links")
        expect(switch.locator('[aria-current="true"]')).to_have_text("English", timeout=90_000)
        switch.get_by_role("link", name="繁體中文").click()
        expect(tab.locator(".cb-language-links [aria-current='true']")).to_have_text(
            "繁體中文", timeout=90_000
        )
        assert tab.url == welcome
        # Remembered: after a reload, and on another page of the same browser.
        tab.reload()
        expect(tab.locator(".cb-language-links [aria-current='true']")).to_have_text(
            "繁體中文", timeout=90_000
        )
        tab.goto(f"{voila.url}/voila/render/catalogue.ipynb")
        expect(tab.locator(".cb-language-links [aria-current='true']")).to_have_text(
            "繁體中文", timeout=90_000
        )
        # And back.
        tab.locator(".cb-language-links").get_by_role("link", name="English").click()
        expect(tab.locator(".cb-language-links [aria-current='true']")).to_have_text(
            "English", timeout=90_000
        )
        tab.browser_log.assert_clean()
    finally:
        context.close()


def test_the_servers_language_serves_a_browser_that_asks_for_none_we_speak(
    start_voila, chromium, tmp_path
):
    """``classbridge serve --lang zh-TW``: a browser set to Vietnamese gets Chinese pages,
    one set to English still gets English."""
    server = start_voila(quick_modules(tmp_path), "--lang", "zh-TW")
    for locale, expected in (("vi-VN", "繁體中文"), ("en-US", "English")):
        context = chromium.new_context(locale=locale)
        tab = watched_tab(context)
        try:
            tab.goto(f"{server.url}/voila/render/catalogue.ipynb")
            current = tab.locator(".cb-language-links [aria-current='true']")
            expect(current).to_have_text(expected, timeout=90_000)
            tab.browser_log.assert_clean()
        finally:
            context.close()
