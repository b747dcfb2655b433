"""The lesson bank in Voilà: two teachers, two browsers, one plan, no lost work.

Each teacher has a server of their own (as on a workshop JupyterHub) and both
servers share one bank folder (``CLASSBRIDGE_LESSON_BANK``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from classbridge.lessons.bank import SAMPLES
from classbridge.lessons.plan import dump_plan, load_plan
from tests.support.browser import watched_tab
from tests.support.repo import MODULES

pytestmark = pytest.mark.browser

PAGE = "/voila/render/lesson-bank.ipynb"
SHARED_PLAN = "tides-shared"


@pytest.fixture(scope="module")
def shared_bank(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shared-bank")
    plan = load_plan(SAMPLES / "tides-and-the-moon.yaml") | {"id": SHARED_PLAN}
    (folder / f"{SHARED_PLAN}.yaml").write_text(dump_plan(plan), encoding="utf-8")
    (folder / "broken.yaml").write_text("title: [never closed\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def teachers(start_classbridge, tmp_path_factory, shared_bank):
    modules = tmp_path_factory.mktemp("bank-modules")
    for page in ("catalogue.ipynb", "lesson-bank.ipynb"):
        shutil.copy(MODULES / page, modules / page)
    return {
        name: start_classbridge(
            "serve",
            str(modules),
            ready="catalogue.ipynb",
            trainee=name,
            CLASSBRIDGE_LESSON_BANK=str(shared_bank),
        )
        for name in ("ana", "tom")
    }


@pytest.fixture
def browsers(chromium):
    """Two browser sessions (separate profiles), one per teacher."""
    contexts = [chromium.new_context(viewport={"width": 1280, "height": 1000}) for _ in range(2)]
    tabs = [watched_tab(context) for context in contexts]
    yield tabs
    for context in contexts:
        context.close()
    for tab in tabs:
        tab.browser_log.assert_clean()


def open_bank(tab, server) -> None:
    tab.goto(server.url + PAGE)
    expect(tab.locator(".cb-bank-card").first).to_be_visible(timeout=90_000)


def open_plan(tab, server, plan_id: str) -> None:
    open_bank(tab, server)
    card = tab.locator(".cb-bank-card", has=tab.locator(f'[data-plan="{plan_id}"]'))
    card.get_by_role("button", name="Open").click()
    expect(tab.locator(".cb-lesson-planner .cb-plan-title")).to_be_visible(timeout=30_000)


def status(tab):
    return tab.locator(".cb-lesson-planner .cb-save-status")


def save(tab) -> None:
    tab.get_by_role("button", name="Save plan").click()


def test_two_teachers_edit_one_plan_at_once_and_lose_nothing(teachers, browsers, shared_bank):
    ana, tom = browsers
    open_plan(ana, teachers["ana"], SHARED_PLAN)
    open_plan(tom, teachers["tom"], SHARED_PLAN)

    ana.locator(".cb-field-title input").fill("Tides and the Moon (Scilly and Saint-Pierre)")
    save(ana)
    expect(status(ana)).to_have_text("Saved version 3")

    materials = tom.locator(".cb-segment").nth(2).get_by_placeholder("Materials, comma-separated")
    materials.fill("printed tide tables, graph paper, rulers")
    save(tom)
    expect(status(tom)).to_have_text("Saved version 4, merged with the changes of ana")
    expect(tom.locator(".cb-field-title input")).to_have_value(
        "Tides and the Moon (Scilly and Saint-Pierre)"
    )

    # Now both change the assessment: a real clash, shown side by side to decide.
    ana.locator(".cb-field-assessment textarea").fill("Exit ticket marked by each room.")
    tom.locator(".cb-field-assessment textarea").fill("Tide-table quiz, marked by Tom.")
    save(tom)
    expect(status(tom)).to_have_text("Saved version 5")
    save(ana)
    expect(status(ana)).to_contain_text("tom saved this plan (version 5) while you edited it")
    conflict = ana.locator(".cb-conflict")
    expect(conflict).to_contain_text("assessment")
    expect(conflict).to_contain_text("Exit ticket marked by each room.")
    expect(conflict).to_contain_text("Tide-table quiz, marked by Tom.")
    ana.screenshot(path=str(shared_bank.parent / "conflict.png"), full_page=True)
    ana.get_by_role("button", name="Keep tom's").click()
    ana.get_by_role("button", name="Save with these choices").click()
    expect(status(ana)).to_have_text("Saved version 6")
    expect(ana.locator(".cb-conflict")).to_have_count(0)

    plan = load_plan(shared_bank / f"{SHARED_PLAN}.yaml")
    assert plan["title"] == "Tides and the Moon (Scilly and Saint-Pierre)"
    assert plan["segments"][2]["materials"] == ["printed tide tables", "graph paper", "rulers"]
    assert plan["assessment"] == "Tide-table quiz, marked by Tom."
    assert [h["by"] for h in plan["history"][2:]] == ["ana", "tom", "tom", "ana"]
    assert {"ana", "tom"} <= {a["name"] for a in plan["authors"]}


def test_search_copy_and_adapt_export_and_broken_files(teachers, browsers, shared_bank):
    tab = browsers[0]
    open_bank(tab, teachers["ana"])
    expect(tab.locator(".cb-bank-broken")).to_contain_text(
        "broken.yaml: lesson plan broken.yaml is not valid YAML (line"
    )
    total = tab.locator(".cb-bank-card").count()
    assert total >= 7  # six samples and the shared plan, beside the broken file
    tab.locator(".cb-lesson-bank input[type=text]").first.fill("market")
    expect(tab.locator(".cb-bank-card")).to_have_count(2)
    tab.locator(".cb-lesson-bank input[type=text]").first.fill("")
    tab.locator(".cb-lesson-bank select").nth(2).select_option("es")  # Language
    expect(tab.locator(".cb-bank-card")).to_have_count(1)
    card = tab.locator(".cb-bank-card", has=tab.locator('[data-plan="saludos-presentaciones"]'))
    card.get_by_role("button", name="Copy and adapt").click()

    planner = tab.locator(".cb-lesson-planner")
    expect(planner.locator(".cb-plan-credit")).to_have_text(
        "Adapted from Saludos y presentaciones entre escuelas by Rosa Quispe "
        "(Escuela Rural 214, Puno), version 1"
    )
    expect(planner.locator(".cb-plan-ready")).to_contain_text("add up to 40 minutes")
    planner.locator(".cb-segment").nth(0).locator("input[type=number]").fill("10")
    planner.locator(".cb-segment").nth(0).locator("input[type=number]").press("Enter")
    expect(planner.locator(".cb-plan-draft")).to_contain_text(
        "the segments add up to 45 minutes, 5 more than the 40-minute lesson"
    )
    with tab.expect_download() as download:
        planner.locator("a.cb-export-html").click()
    page = Path(download.value.path()).read_text(encoding="utf-8")
    assert "<h1>Saludos y presentaciones entre escuelas (adapted)</h1>" in page
    assert "Adapted from Saludos y presentaciones entre escuelas by Rosa Quispe" in page
    copies = [p for p in shared_bank.glob("saludos-presentaciones-adapted*.yaml")]
    assert len(copies) == 1 and load_plan(copies[0])["authors"] == [{"name": "ana", "school": ""}]
