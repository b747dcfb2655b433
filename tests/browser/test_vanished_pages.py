"""No kernel outlives its trainee; a page that lost its kernel offers a reload (issue 15).

A tab that dies without unloading (a crashed browser, a sleeping laptop, a
dropped rural link) used to keep its kernel forever. ``classbridge serve
--cull-after`` frees it once the page's connection is gone; a page that is
still open keeps its kernel however long the trainee reads.
"""

from __future__ import annotations

import time
import uuid

import psutil
import pytest
from playwright.sync_api import expect

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.repo import quick_modules
from tests.support.servers import VoilaServer, kernel_exists, page_kernel_id

pytestmark = pytest.mark.browser

WELCOME = "/voila/render/01-welcome/welcome.ipynb"
CULL_AFTER = 10
TEXT = "We will greet the island class by name before the lesson starts."


@pytest.fixture(scope="module")
def culling_server(start_voila, tmp_path_factory) -> VoilaServer:
    modules = quick_modules(tmp_path_factory.mktemp("culling"))
    return start_voila(modules, "--cull-after", str(CULL_AFTER))


def open_module(context, server: VoilaServer) -> tuple[object, str]:
    tab = context.new_page()
    tab.goto(server.url + WELCOME)
    expect(tab.locator(".cb-reflection textarea")).to_be_visible(timeout=90_000)
    return tab, page_kernel_id(tab)


def kill_browser(marker: str) -> None:
    """SIGKILL the whole browser: no unload, no goodbye to the server."""
    found = [
        p for p in psutil.process_iter(["cmdline"]) if marker in " ".join(p.info["cmdline"] or [])
    ]
    assert found, "the browser to kill was not found"
    for process in found:
        for child in process.children(recursive=True):
            child.kill()
        process.kill()


def test_a_killed_browsers_kernel_is_freed_and_an_open_page_keeps_its_own(chromium, culling_server):
    marker = f"--classbridge-test={uuid.uuid4().hex}"
    doomed_browser = chromium.browser_type.launch(
        executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_ARGS, marker]
    )
    _, doomed_kernel = open_module(doomed_browser.new_context(), culling_server)
    reader = chromium.new_context()
    _, reading_kernel = open_module(reader, culling_server)
    reading_since = time.monotonic()
    assert kernel_exists(culling_server.url, doomed_kernel)

    kill_browser(marker)
    deadline = time.monotonic() + CULL_AFTER + 60  # a loaded CI machine culls late
    while kernel_exists(culling_server.url, doomed_kernel):
        assert time.monotonic() < deadline, "the dead browser's kernel was not freed"
        time.sleep(1)
    # The trainee still reading (connected, idle longer than --cull-after) is not cut off.
    time.sleep(max(0.0, reading_since + 2 * CULL_AFTER - time.monotonic()))
    assert kernel_exists(culling_server.url, reading_kernel)
    reader.close()


def test_a_page_that_lost_its_kernel_offers_a_reload_with_the_saved_work(chromium, culling_server):
    context = chromium.new_context()
    tab, kernel_id = open_module(context, culling_server)
    reflection = tab.locator(".cb-reflection")
    reflection.locator("textarea").fill(TEXT)
    reflection.get_by_role("button", name="Save").click()
    expect(reflection.locator(".cb-save-status")).to_contain_text("Saved at")

    # What the culler does to a page it thinks is gone, and what a restarted server shows.
    status = tab.evaluate(
        """async (kernelId) => {
            const xsrf = (document.cookie.match(/\\b_xsrf=([^;]*)\\b/) || [])[1] || "";
            const reply = await fetch(`/api/kernels/${kernelId}`,
                { method: "DELETE", headers: { "X-XSRFToken": xsrf } });
            return reply.status;
        }""",
        kernel_id,
    )
    assert status == 204
    notice = tab.locator(".cb-lost-kernel")
    expect(notice).to_be_visible(timeout=40_000)
    expect(notice).to_contain_text("Your saved answers are kept")

    notice.get_by_role("button", name="Reload the page").click()
    expect(tab.locator(".cb-reflection textarea")).to_have_value(TEXT, timeout=90_000)
    expect(tab.locator(".cb-lost-kernel")).to_have_count(0)
    context.close()
