"""On a phone (360 px wide) every page is usable: nothing cut off, module 04's plan completed.

A control is cut off when any part of it is outside the screen, or outside an
ancestor that clips what overflows it (Voilà's output areas do), or when a
button's label does not fit in it. Pages of widgets owned elsewhere (live room,
quiz, bandwidth) are checked by their own tests; here the lesson planner is
checked wherever it appears.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from classbridge.lessons.plan import load_plan, plan_problems
from tests.support.browser import PHONE
from tests.support.repo import CURRICULUM, MODULES

pytestmark = pytest.mark.browser

TOLERANCE = 1  # px: sub-pixel rounding of borders

CUT_OFF = """
([root, width, tolerance]) => {
  const controls = document.querySelectorAll(
    `${root} input, ${root} button, ${root} select, ${root} textarea, ${root} a`);
  const clips = (el) => {
    const found = [];
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') found.push(up);
    }
    return found;
  };
  const name = (el) => `${el.tagName.toLowerCase()} "${(el.innerText || el.value
    || el.placeholder || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
  const problems = [];
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown (a closed panel)
    if (box.left < -tolerance || box.right > width + tolerance) {
      problems.push(`${name(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} px`);
      continue;
    }
    const clip = clips(el).find((up) => {
      const edge = up.getBoundingClientRect();
      return box.left < edge.left - tolerance || box.right > edge.right + tolerance;
    });
    if (clip) {
      problems.push(`${name(el)} is clipped by ${clip.className || clip.tagName}`);
      continue;
    }
    if (el.tagName === 'BUTTON' && el.scrollWidth > el.clientWidth + tolerance) {
      problems.push(`${name(el)} shows ${el.clientWidth} of its ${el.scrollWidth} px label`);
    }
  }
  return {problems, scrollWidth: document.scrollingElement.scrollWidth};
}
"""


def assert_fits_a_phone(tab, root: str = "#rendered_cells") -> None:
    """No control under ``root`` is cut off, and the page does not scroll sideways."""
    found = tab.evaluate(CUT_OFF, [root, PHONE["width"], TOLERANCE])
    assert found["problems"] == [], f"cut off at {PHONE['width']} px under {root}"
    assert found["scrollWidth"] <= PHONE["width"] + TOLERANCE


@pytest.fixture(scope="module")
def phone_server(start_classbridge, tmp_path_factory):
    """The catalogue, the lesson bank, the gallery and module 04, as trainee rosa."""
    modules = tmp_path_factory.mktemp("phone-modules")
    for page in ("catalogue.ipynb", "lesson-bank.ipynb", "widget-gallery.ipynb"):
        shutil.copy(MODULES / page, modules / page)
    (modules / "04-co-preparing").mkdir()
    shutil.copy(MODULES / "04-co-preparing" / "co-preparing.ipynb", modules / "04-co-preparing")
    return start_classbridge(
        "serve",
        str(modules),
        ready="catalogue.ipynb",
        trainee="rosa",
        CLASSBRIDGE_LESSON_BANK=str(tmp_path_factory.mktemp("phone-bank")),
    )


def open_page(tab, server, page: str, ready: str) -> None:
    tab.goto(f"{server.url}/voila/render/{page}")
    expect(tab.locator(ready).first).to_be_visible(timeout=90_000)


def test_module_04_plan_is_completed_on_a_phone(phone_server, phone):
    saved = phone_server.workspace / "rosa" / "04-co-preparing" / "lesson-plan.yaml"
    open_page(phone, phone_server, "04-co-preparing/co-preparing.ipynb", ".cb-lesson-planner")
    planner = phone.locator(".cb-lesson-planner")
    planner.scroll_into_view_if_needed()
    assert_fits_a_phone(phone, ".cb-lesson-planner")
    assert not saved.exists()  # visiting writes nothing

    planner.locator(".cb-field-title input").fill("Market maths across islands")
    planner.locator(".cb-field-subject input").fill("Mathematics")
    planner.locator(".cb-field-grade input").fill("Grades 4-6")
    planner.locator(".cb-field-objectives textarea").fill(
        "I can add prices with decimals\nI can explain my sum to another room"
    )
    planner.locator(".cb-field-minutes input").fill("50")
    planner.locator(".cb-field-minutes input").press("Enter")
    segments = planner.locator(".cb-segment")
    expect(segments).to_have_count(4)
    planner.get_by_role("button", name="Add segment").click()
    expect(segments).to_have_count(5)
    segments.nth(4).get_by_role("button", name="Remove").click()
    expect(segments).to_have_count(4)
    third = segments.nth(2)
    third.locator(".cb-segment-minutes input").fill("25")
    third.locator(".cb-segment-minutes input").press("Enter")
    third.locator(".cb-segment-activity input").fill("Market stall task in each room")
    third.locator(".cb-segment-materials input").fill("price cards, play money")
    expect(planner.locator(".cb-plan-ready")).to_contain_text(
        "4 segments add up to 50 minutes", timeout=30_000
    )
    assert_fits_a_phone(phone, ".cb-lesson-planner")
    planner.get_by_role("button", name="Save plan").click()
    expect(planner.locator(".cb-save-status")).to_have_text("Saved version 1", timeout=30_000)

    plan = load_plan(saved)
    assert plan_problems(plan) == []
    assert plan["title"] == "Market maths across islands" and plan["grade_band"] == "Grades 4-6"
    assert plan["segments"][2] == {
        "lead": "on-site",
        "activity": "Market stall task in each room",
        "minutes": 25,
        "materials": ["price cards", "play money"],
    }

    # Copying a bank plan over it asks first, on the phone too, and saves nothing.
    planner.locator("select").first.select_option(label="Tides and the Moon")
    planner.get_by_role("button", name="Copy into my plan").click()
    expect(planner.locator(".cb-plan-confirm")).to_contain_text(
        "Replace your plan 'Market maths across islands' (version 1) with a copy of "
        "'Tides and the Moon'? Your current plan is kept as version 1 and can be restored"
    )
    assert_fits_a_phone(phone, ".cb-lesson-planner")
    planner.get_by_role("button", name="Cancel").click()
    expect(planner.locator(".cb-plan-confirm")).to_be_empty()
    expect(planner.locator(".cb-field-title input")).to_have_value("Market maths across islands")
    assert load_plan(saved)["version"] == 1


@pytest.mark.parametrize(
    ("page", "ready", "root"),
    [
        ("catalogue.ipynb", ".cb-catalogue", "#rendered_cells"),
        ("lesson-bank.ipynb", ".cb-bank-card", "#rendered_cells"),
        # The gallery's other widgets have owners and tests of their own.
        ("widget-gallery.ipynb", ".cb-lesson-planner", ".cb-lesson-planner"),
    ],
)
def test_pages_fit_a_phone(phone_server, phone, page: str, ready: str, root: str):
    open_page(phone, phone_server, page, ready)
    assert_fits_a_phone(phone, root)


def test_a_plan_copied_in_the_lesson_bank_fits_a_phone(phone_server, phone):
    open_page(phone, phone_server, "lesson-bank.ipynb", ".cb-bank-card")
    card = phone.locator(".cb-bank-card", has=phone.locator('[data-plan="tides-and-the-moon"]'))
    card.get_by_role("button", name="Copy and adapt").click()
    planner = phone.locator(".cb-lesson-planner")
    expect(planner.locator(".cb-plan-credit")).to_contain_text("Adapted from Tides and the Moon")
    assert_fits_a_phone(phone)
    planner.locator(".cb-plan-versions").get_by_text("Earlier versions").click()
    expect(planner.get_by_role("button", name="Restore")).to_be_visible()
    assert_fits_a_phone(phone)


#: Option labels ipywidgets keeps on one line: cut off with "…", or, for radio buttons,
#: wrapped inside a box of fixed height so that they overlap the next option.
LABELS_CUT_OR_OVERLAPPING = """
() => {
  const problems = [];
  for (const label of document.querySelectorAll('.widget-label-basic, .widget-radio-box label')) {
    if (label.scrollWidth > label.clientWidth + 1 || label.scrollHeight > label.clientHeight + 1) {
      problems.push(`option "${label.textContent.trim()}" is cut off`);
    }
  }
  for (const box of document.querySelectorAll('.widget-radio-box')) {
    const rows = [...box.querySelectorAll('label')].map((l) => l.getBoundingClientRect());
    rows.slice(1).forEach((row, i) => {
      if (rows[i].bottom > row.top + 1) problems.push(`radio options ${i + 1}, ${i + 2} overlap`);
    });
  }
  return problems;
}
"""


@pytest.fixture(scope="module")
def first_visit_server(start_voila):
    """Every module as a trainee opens it the first time: nothing saved yet.

    Not the shared ``voila`` server, where other tests leave clips and answers behind.
    """
    return start_voila(MODULES, trainee="first-visit")


@pytest.mark.parametrize("module", CURRICULUM)
def test_every_module_fits_a_phone(first_visit_server, phone, module):
    """Answer options, checklists, quizzes and the live room wrap instead of being cut off."""
    notebook = next((MODULES / module).glob("*.ipynb")).name
    open_page(phone, first_visit_server, f"{module}/{notebook}", ".cb-answer-sheet")
    if module == "05-live-room":  # the page as it stays once the browser has answered
        expect(phone.get_by_text("Camera and microphone work.")).to_be_visible(timeout=60_000)
    assert_fits_a_phone(phone)
    assert phone.evaluate(LABELS_CUT_OR_OVERLAPPING) == []
