"""Every widget of the gallery, used as a trainee uses it: in Voilà, in Chromium."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

GALLERY = "/voila/render/widget-gallery.ipynb"


@pytest.fixture(scope="module")
def gallery(start_voila):
    """One server (and one fresh workspace) for this file's tests."""
    return start_voila()


def open_gallery(page, server):
    page.goto(server.url + GALLERY)
    expect(page.locator(".cb-clip-library")).to_be_visible(timeout=90_000)


def saved(server, key: str) -> dict:
    path = server.workspace / server.trainee / f"{key}.json"
    return json.loads(path.read_text(encoding="utf-8"))["data"]


def test_quiz_all_question_kinds_give_feedback_and_survive_reload(gallery, page):
    open_gallery(page, gallery)
    questions = page.locator(".cb-quiz .cb-question")
    questions.nth(0).get_by_text("The on-site teacher").click()
    questions.nth(0).get_by_role("button", name="Check").click()
    expect(questions.nth(0).locator(".cb-feedback")).to_have_text(
        "Correct. The on-site teacher hears what the room hears."
    )
    questions.nth(1).get_by_text("Calling on rooms by name").click()
    questions.nth(1).get_by_role("button", name="Check").click()
    expect(questions.nth(1).locator(".cb-feedback")).to_contain_text("Partly right")
    questions.nth(2).locator("input").fill("six")
    questions.nth(2).get_by_role("button", name="Check").click()
    expect(questions.nth(2).locator(".cb-feedback")).to_have_text("Enter a number, e.g. 6.")
    questions.nth(2).locator("input").fill("6")
    questions.nth(2).get_by_role("button", name="Check").click()
    expect(questions.nth(2).locator(".cb-feedback")).to_contain_text("Correct. 4 rooms")
    questions.nth(3).locator("input").fill("On-site")
    questions.nth(3).get_by_role("button", name="Check").click()
    expect(questions.nth(3).locator(".cb-feedback")).to_contain_text("Correct.")
    expect(page.locator(".cb-quiz .cb-save-status")).to_contain_text("Saved at")
    assert saved(gallery, "gallery/quiz")["score"] == 3

    page.reload()
    expect(page.locator(".cb-clip-library")).to_be_visible(timeout=90_000)
    questions = page.locator(".cb-quiz .cb-question")
    expect(questions.nth(0).locator(".cb-feedback")).to_contain_text("Correct.")
    expect(questions.nth(2).locator("input")).to_have_value("6")
    page.browser_log.assert_clean()


def test_reflection_counts_words_saves_and_reloads(gallery, page):
    open_gallery(page, gallery)
    box = page.locator(".cb-reflection textarea")
    box.fill("I would name each room and wait five seconds.")
    expect(page.locator(".cb-word-count")).to_have_text("9 words (aim for at least 30)")
    page.locator(".cb-reflection").get_by_role("button", name="Save").click()
    expect(page.locator(".cb-reflection .cb-save-status")).to_contain_text("Saved at")
    page.reload()
    expect(page.locator(".cb-reflection textarea")).to_have_value(
        "I would name each room and wait five seconds.", timeout=90_000
    )
    page.browser_log.assert_clean()


def test_second_tab_cannot_silently_overwrite(gallery, two_tabs):
    tab_a, tab_b = two_tabs
    open_gallery(tab_a, gallery)
    open_gallery(tab_b, gallery)
    tab_a.locator(".cb-reflection textarea").fill("Written in tab A")
    tab_a.locator(".cb-reflection").get_by_role("button", name="Save").click()
    expect(tab_a.locator(".cb-reflection .cb-save-status")).to_contain_text("Saved at")
    tab_b.locator(".cb-reflection textarea").fill("Written in tab B")
    tab_b.locator(".cb-reflection").get_by_role("button", name="Save").click()
    expect(tab_b.locator(".cb-reflection .cb-save-status")).to_contain_text(
        "was changed in another tab or window"
    )
    expect(tab_b.locator(".cb-reflection textarea")).to_have_value("Written in tab B")
    assert saved(gallery, "gallery/reflection")["text"] == "Written in tab A"


def test_checklist_ticks_persist(gallery, page):
    open_gallery(page, gallery)
    checklist = page.locator(".cb-checklist")
    checklist.get_by_text("Webcam at eye level").click()
    checklist.get_by_text("Backup connection ready").click()
    expect(page.locator(".cb-checklist-summary")).to_have_text("2 of 4 ready")
    expect(checklist.locator(".cb-save-status")).to_contain_text("Saved at")
    page.reload()
    expect(page.locator(".cb-checklist-summary")).to_have_text("2 of 4 ready", timeout=90_000)
    assert saved(gallery, "gallery/setup-checklist")["ticked"] == [
        "Webcam at eye level",
        "Backup connection ready",
    ]
    page.browser_log.assert_clean()


def test_bandwidth_planner_reacts_to_a_slow_room(gallery, page):
    open_gallery(page, gallery)
    planner = page.locator(".cb-bandwidth")
    expect(planner.locator(".cb-verdict")).to_contain_text("The lesson will hold.")
    chart = planner.get_by_role("img", name="links have the speed the lesson needs")
    expect(chart).to_have_attribute("aria-label", "4 of 4 links have the speed the lesson needs")
    speed = planner.get_by_label("Slowest room upload (Mbit/s)")
    speed.fill("1")
    speed.press("Enter")
    expect(planner.locator(".cb-verdict")).to_contain_text("The lesson will not hold as planned.")
    expect(planner.locator(".cb-verdict")).to_contain_text("Lower each room's video to 360p.")
    # The chart is drawn again: the room's upload bar no longer fits.
    expect(chart).to_have_attribute("aria-label", "3 of 4 links have the speed the lesson needs")
    expect(chart.locator("text", has_text="Room upload")).to_have_count(1)
    page.browser_log.assert_clean()


def test_rubric_totals_and_saves(gallery, page):
    open_gallery(page, gallery)
    rubric = page.locator(".cb-rubric").first
    rubric.get_by_role("button", name="Proficient").first.click()
    rubric.get_by_role("button", name="Exemplary").nth(1).click()
    expect(rubric.locator(".cb-rubric-total")).to_contain_text("Total: 7 / 16")
    rubric.locator("textarea").fill("Good wait time.")
    rubric.get_by_role("button", name="Save review").click()
    expect(rubric.locator(".cb-save-status")).to_contain_text("Saved at")
    data = saved(gallery, "gallery/rubric")
    assert data["scores"] == {"Presence on camera": 3, "Clarity": 4}
    assert data["comments"] == "Good wait time."
    page.browser_log.assert_clean()


def test_progress_badge_counts_saved_work(start_voila, page):
    server = start_voila()  # a fresh workspace: nothing done yet
    open_gallery(page, server)
    badge = page.locator(".cb-progress")
    expect(badge.locator(".cb-progress-label")).to_have_text("0 of 4 activities done")
    page.locator(".cb-checklist").get_by_text("Webcam at eye level").click()
    page.locator(".cb-reflection textarea").fill("A first thought.")
    page.locator(".cb-reflection").get_by_role("button", name="Save").click()
    expect(page.locator(".cb-reflection .cb-save-status")).to_contain_text("Saved at")
    badge.get_by_role("button", name="Refresh").click()
    expect(badge.locator(".cb-progress-label")).to_have_text("2 of 4 activities done")
    page.browser_log.assert_clean()


def test_live_room_previews_records_saves_plays_back_and_reviews(gallery, page):
    open_gallery(page, gallery)
    room = page.locator(".cb-live-room")
    page.wait_for_function(
        "() => { const v = document.querySelector('.cb-live-room video');"
        " return v && v.readyState >= 2 && v.videoWidth > 0 && !v.paused; }",
        timeout=30_000,
    )
    room.get_by_role("button", name="Test microphone (3 s)").click()
    expect(room.locator(".cb-mic-status")).to_contain_text("Recorded", timeout=20_000)
    expect(room.locator("audio")).to_have_count(1)

    room.get_by_role("button", name="Start recording").click()
    expect(room.locator(".cb-record-status")).to_contain_text("Recording starts in")
    expect(room.locator(".cb-record-status")).to_contain_text("● Recording", timeout=10_000)
    page.wait_for_timeout(3_000)
    room.get_by_role("button", name="Stop").click()
    expect(room.locator(".cb-clip-saved")).to_be_visible(timeout=30_000)

    clips = list((gallery.workspace / gallery.trainee / "clips").glob("clip-*.webm"))
    assert len(clips) == 1
    payload = clips[0].read_bytes()
    assert payload[:4] == b"\x1a\x45\xdf\xa3", "a clip is a WebM (EBML) file"
    assert len(payload) > 20_000

    player = room.locator(".cb-playback video")
    expect(player).to_be_visible()
    player.evaluate("v => v.play()")
    page.wait_for_function(
        "() => { const v = document.querySelector('.cb-playback video');"
        " return v && v.readyState >= 2 && v.currentTime > 0; }",
        timeout=15_000,
    )
    review = room.locator(".cb-playback .cb-rubric")
    review.get_by_role("button", name="Developing").first.click()
    review.get_by_role("button", name="Save review").click()
    expect(review.locator(".cb-save-status")).to_contain_text("Saved at")
    review_file = (
        gallery.workspace
        / gallery.trainee
        / "gallery"
        / "live-room"
        / clips[0].stem
        / "review-self.json"
    )
    assert json.loads(review_file.read_text())["data"]["scores"] == {"Presence on camera": 2}

    library = page.locator(".cb-clip-library")
    library.get_by_role("button", name="Refresh").click()
    library.locator("select").select_option(label=f"{gallery.trainee} — {clips[0].stem}")
    expect(library.locator("video")).to_be_visible()
    page.browser_log.assert_clean()
