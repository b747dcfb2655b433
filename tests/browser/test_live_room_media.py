"""Module 05's live room in Chromium with no camera, with the camera refused, with only the
microphone allowed, and with a working (fake) camera: it says what is wrong and what to
do, never starts a recording it cannot make, and lists every clip with its review after a
reload.

Measured on this headless Chromium: without ``--use-fake-device-for-media-stream`` it has
no camera nor microphone (``NotFoundError``: "missing"); with the fake device but without
``--use-fake-ui-for-media-stream`` every permission prompt is refused (``NotAllowedError``:
"denied") unless the context grants that permission; with both flags both work.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from classbridge.widgets.clip_files import SavedClip
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, watched_tab

pytestmark = pytest.mark.browser

MODULE_05 = "/voila/render/05-live-room/live-room.ipynb"
FAKE_DEVICE = "--use-fake-device-for-media-stream"
FAKE_PERMISSION_UI = "--use-fake-ui-for-media-stream"
EBML = b"\x1a\x45\xdf\xa3"  # the first bytes of every WebM file
ROOM_READY = 90_000  # ms: a Voilà page on a busy machine, then the browser's check


def _launch(chromium, without: tuple[str, ...]):
    """Another Chromium from the session's Playwright, without some of the media flags."""
    args = [a for a in CHROMIUM_ARGS if a not in without]
    return chromium.browser_type.launch(executable_path=str(CHROMIUM), headless=True, args=args)


@pytest.fixture(scope="module")
def chromium_without_devices(chromium):
    """No camera, no microphone: this machine has none."""
    browser = _launch(chromium, (FAKE_DEVICE, FAKE_PERMISSION_UI))
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def chromium_asking_permission(chromium):
    """A (fake) camera and microphone, and a browser that refuses what was not granted."""
    browser = _launch(chromium, (FAKE_PERMISSION_UI,))
    yield browser
    browser.close()


@pytest.fixture
def tab_in():
    """A watched tab in a new context of the given browser; its console must stay clean."""
    contexts = []

    def open_tab(browser, **context_options):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
        contexts.append(context)
        return watched_tab(context)

    yield open_tab
    for context in contexts:
        for tab in context.pages:
            tab.browser_log.assert_clean()
        context.close()


def open_room(tab, server):
    tab.goto(server.url + MODULE_05)
    room = tab.locator(".cb-live-room")
    expect(room).to_be_visible(timeout=ROOM_READY)
    return room


def clips_of(server) -> set[Path]:
    return set((server.workspace / server.trainee / "clips").glob("clip-*.webm"))


def expect_nothing_recordable(room) -> None:
    expect(room.get_by_role("button", name="Start recording")).to_be_disabled()
    expect(room.get_by_text("Error creating view for mediastream")).to_have_count(0)
    expect(room.locator("video")).to_have_count(0)


def test_no_camera_says_plug_one_in_and_records_nothing(voila, chromium_without_devices, tab_in):
    tab = tab_in(chromium_without_devices)
    room = open_room(tab, voila)
    status = room.locator(".cb-media-status")
    expect(status).to_contain_text(
        "No camera and microphone found: plug in a webcam and a headset, then press Check again.",
        timeout=ROOM_READY,
    )
    expect(status).to_contain_text("nothing can be recorded until the microphone works")
    expect_nothing_recordable(room)
    expect(room.get_by_role("button", name="Record audio only")).to_be_hidden()
    expect(room.get_by_role("button", name="Check again")).to_be_visible()


def test_refused_camera_says_how_to_allow_it_and_check_again_then_works(
    voila, chromium_asking_permission, tab_in
):
    tab = tab_in(chromium_asking_permission)
    room = open_room(tab, voila)
    status = room.locator(".cb-media-status")
    expect(status).to_contain_text(
        "The browser is not allowed to use your camera and microphone: click the camera "
        "icon or the padlock in the address bar",
        timeout=ROOM_READY,
    )
    expect_nothing_recordable(room)

    tab.context.grant_permissions(["camera", "microphone"], origin=voila.url)
    room.get_by_role("button", name="Check again").click()
    expect(status).to_contain_text("Camera and microphone work.", timeout=30_000)
    expect(room.get_by_role("button", name="Start recording")).to_be_enabled(timeout=30_000)
    tab.wait_for_function(
        "() => { const v = document.querySelector('.cb-live-room video');"
        " return v && v.readyState >= 2 && v.videoWidth > 0 && !v.paused; }",
        timeout=30_000,
    )
    expect(room.get_by_role("button", name="Check again")).to_be_hidden()


def test_with_only_the_microphone_an_audio_clip_is_recorded_and_kept(
    voila, chromium_asking_permission, tab_in
):
    tab = tab_in(chromium_asking_permission, permissions=["microphone"])
    room = open_room(tab, voila)
    status = room.locator(".cb-media-status")
    expect(status).to_contain_text(
        "The browser is not allowed to use your camera:", timeout=ROOM_READY
    )
    expect(status).to_contain_text("You can still practise with sound only")
    expect_nothing_recordable(room)

    before = clips_of(voila)
    room.get_by_role("button", name="Record audio only").click()
    expect(room.locator(".cb-record-status")).to_contain_text("● Recording", timeout=15_000)
    tab.wait_for_timeout(2_000)
    room.get_by_role("button", name="Stop").click()
    expect(room.locator(".cb-clip-saved")).to_be_visible(timeout=30_000)
    (clip,) = clips_of(voila) - before
    assert clip.name.endswith("-audio.webm")
    assert clip.read_bytes()[:4] == EBML

    tab.reload()
    room = tab.locator(".cb-live-room")
    shelf = room.locator(".cb-playback")
    expect(shelf.locator("select")).to_be_visible(timeout=ROOM_READY)
    title = SavedClip(clip).title()
    shelf.locator("select").select_option(label=f"{title} — not reviewed yet")
    expect(shelf.locator("audio")).to_have_count(1)
    expect(shelf.locator(".cb-rubric")).to_be_visible()


def test_a_clip_and_its_review_are_listed_after_a_reload(voila, page):
    room = open_room(page, voila)
    page.wait_for_function(
        "() => { const v = document.querySelector('.cb-live-room video');"
        " return v && v.readyState >= 2 && v.videoWidth > 0 && !v.paused; }",
        timeout=ROOM_READY,
    )
    before = clips_of(voila)
    room.get_by_role("button", name="Start recording").click()
    expect(room.locator(".cb-record-status")).to_contain_text("● Recording", timeout=15_000)
    page.wait_for_timeout(3_000)
    room.get_by_role("button", name="Stop").click()
    expect(room.locator(".cb-clip-saved")).to_be_visible(timeout=30_000)
    (clip,) = clips_of(voila) - before
    assert clip.read_bytes()[:4] == EBML

    review = room.locator(".cb-playback .cb-rubric")
    review.get_by_role("button", name="Proficient").first.click()
    review.locator(".cb-criterion-comment textarea").first.fill("Eyes on the lens.")
    review.get_by_role("button", name="Save review").click()
    expect(review.locator(".cb-save-status")).to_contain_text("Saved at")

    page.reload()
    shelf = page.locator(".cb-live-room .cb-playback")
    expect(shelf.locator("select")).to_be_visible(timeout=ROOM_READY)
    shelf.locator("select").select_option(label=f"{SavedClip(clip).title()} — reviewed: 3 / 16")
    expect(shelf.locator("video")).to_be_visible()
    review = shelf.locator(".cb-rubric")
    expect(review.locator(".cb-rubric-total")).to_contain_text("Total: 3 / 16")
    expect(review.locator(".cb-criterion-comment textarea").first).to_have_value(
        "Eyes on the lens."
    )
    # One review per clip: the module shows no other self-review.
    expect(page.locator(".cb-rubric")).to_have_count(2)  # this clip's, and the partner's
