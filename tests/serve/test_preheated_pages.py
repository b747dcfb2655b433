"""Preheated pages: rendered whole before anyone visits, yet showing the work as it is now.

A pool kernel runs its page before the trainee arrives; the trainee may have
saved work since (in another tab, on another page), and may read another
language than the server's. Both are checked on a real ``classbridge serve``
in Chromium, and which kernel served the page is read from the page itself.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from classbridge.core.records import quiz_record
from classbridge.core.storage import RecordStore
from classbridge.core.workspace import trainee_dir
from tests.support.browser import watched_tab

pytestmark = pytest.mark.browser

MODULE = "01-welcome/welcome.ipynb"
#: The first question of module 01's practice quiz, its right option, and what it then says.
QUESTION_EN = "The video link drops in the middle of a lesson. Who acts first?"
QUESTION_ZH = "上課上到一半，視訊連線中斷了。誰該先採取行動？"
EXPLANATION = "The on-site teacher is with the learners and owns the backup plan"


def kernel_ids(server) -> set[str]:
    """The ids of the server's running kernels (each kernel's connection file names it)."""
    found = set()
    for kernel in server.kernels():
        for argument in kernel.cmdline():
            match = re.search(r"kernel-([0-9a-f-]+)\.json$", argument)
            if match:
                found.add(match.group(1))
    return found


def page_kernel(tab) -> str:
    return tab.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


@pytest.fixture
def warm_server(workshop_server, modules_copy):
    server = workshop_server(modules_copy, "--trainees", "2", CLASSBRIDGE_TRAINEE="amy")
    server.wait_for("ready:")
    return server


def test_a_warm_page_shows_work_saved_after_it_warmed(warm_server, page, tmp_path):
    warm = kernel_ids(warm_server)
    # Amy answers in another tab after the kernels have run the page.
    store = RecordStore(trainee_dir("amy", tmp_path / "workspace"))
    store.save("01-welcome/practice", quiz_record({0: [1]}, {0: True}, total=3), 0)

    page.goto(f"{warm_server.url}/voila/render/{MODULE}")
    quiz = page.locator(".cb-quiz").first
    expect(quiz.get_by_text(EXPLANATION)).to_be_visible(timeout=90_000)
    assert page_kernel(page) in warm, "the page did not come from a warm kernel"
    # Noted with her work when she arrived, for autograding in her language.
    assert store.load("01-welcome/page-language").data == {"language": "en"}
    page.browser_log.assert_clean()


def test_a_reader_of_another_language_gets_the_page_in_it(warm_server, chromium, page):
    warm = kernel_ids(warm_server)
    context = chromium.new_context(locale="zh-TW")  # the browser asks for zh-TW first
    tab = watched_tab(context)
    try:
        tab.goto(f"{warm_server.url}/voila/render/{MODULE}")
        expect(tab.get_by_text(QUESTION_ZH)).to_be_visible(timeout=90_000)
        expect(tab.get_by_text(QUESTION_EN)).to_have_count(0)
        # The warm kernels ran the page in English: this reader got a kernel of their own.
        assert page_kernel(tab) not in warm
        tab.browser_log.assert_clean()
    finally:
        context.close()

    page.goto(f"{warm_server.url}/voila/render/{MODULE}")
    expect(page.get_by_text(QUESTION_EN)).to_be_visible(timeout=90_000)
    assert page_kernel(page) in warm
    page.browser_log.assert_clean()


def test_a_server_on_a_chinese_machine_runs_its_pages_in_chinese(
    workshop_server, modules_copy, chromium
):
    server = workshop_server(modules_copy, "--trainees", "1", LANGUAGE="zh_TW", LANG="zh_TW.UTF-8")
    server.wait_for("ready:")
    warm = kernel_ids(server)
    context = chromium.new_context(locale="zh-TW")
    tab = watched_tab(context)
    try:
        tab.goto(f"{server.url}/voila/render/{MODULE}")
        expect(tab.get_by_text(QUESTION_ZH)).to_be_visible(timeout=90_000)
        assert page_kernel(tab) in warm, "a Chinese reader waited for a kernel of their own"
        tab.browser_log.assert_clean()
    finally:
        context.close()
