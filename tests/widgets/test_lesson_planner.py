"""LessonPlanner without a browser: the form, live checks, saves, merges and conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from classbridge.lessons.bank import SAMPLES, LessonBank
from classbridge.lessons.plan import PlanError, load_plan
from classbridge.lessons.store import PlanFolder
from classbridge.widgets import LessonPlanner


@pytest.fixture
def folder(plan_folder) -> PlanFolder:
    return plan_folder("tides-and-the-moon")


def test_the_form_shows_the_plan_and_gives_it_back_unchanged(folder: PlanFolder):
    planner = LessonPlanner(folder, "tides-and-the-moon", by="ana")
    assert planner.title.value == "Tides and the Moon"
    assert len(planner.segments.children) == 5
    assert planner.value() == folder.load("tides-and-the-moon")
    assert "Ready: 5 segments add up to 50 minutes." in planner.problems.value
    assert 'download="tides-and-the-moon.html"' in planner.exports.value
    assert 'download="tides-and-the-moon.ipynb"' in planner.exports.value


def test_the_check_follows_typing_and_a_save_records_the_change(folder: PlanFolder):
    planner = LessonPlanner(folder, "tides-and-the-moon", by="ana")
    planner.segments.children[0].minutes.value = 9
    assert "add up to 54 minutes, 4 more than the 50-minute lesson" in planner.problems.value
    planner.minutes.value = 54
    planner.note.value = "Longer greeting: the harbour photos take time"
    assert planner.save()
    saved = folder.load("tides-and-the-moon")
    assert saved["lesson_minutes"] == 54 and saved["segments"][0]["minutes"] == 9
    assert saved["history"][-1]["note"] == "Longer greeting: the harbour photos take time"
    assert "Saved version 3" in planner.status.value


def test_a_malformed_field_is_refused_with_the_field_named(folder: PlanFolder):
    planner = LessonPlanner(folder, "tides-and-the-moon", by="ana")
    planner.languages.value = "English"
    assert not planner.save()
    assert "Not saved: field &#x27;languages[1]&#x27;" in planner.status.value
    assert folder.load("tides-and-the-moon")["version"] == 2


def test_two_editors_merge_then_decide_a_clash(folder: PlanFolder):
    ana = LessonPlanner(folder, "tides-and-the-moon", by="ana")
    tom = LessonPlanner(folder, "tides-and-the-moon", by="tom")
    ana.title.value = "Tides and the Moon (Scilly)"
    assert ana.save()
    tom.segments.children[2].materials.value = "printed tide tables, graph paper, rulers"
    assert tom.save()
    assert "merged with the changes of ana" in tom.status.value
    assert tom.title.value == "Tides and the Moon (Scilly)"  # tom now sees ana's change

    ana.assessment.value = "Ana's assessment"
    tom.assessment.value = "Tom's assessment"
    assert tom.save()
    assert not ana.save()
    assert "tom saved this plan (version 5)" in ana.status.value
    assert "you both changed assessment" in ana.status.value
    assert len(ana.conflict_choices) == 1
    ana.conflict_choices[0].value = "Keep tom's"
    ana.resolve_button.click()
    plan = folder.load("tides-and-the-moon")
    assert plan["assessment"] == "Tom's assessment"
    assert plan["segments"][2]["materials"] == ["printed tide tables", "graph paper", "rulers"]
    assert plan["title"] == "Tides and the Moon (Scilly)" and plan["version"] == 6
    assert ana.conflicts.children == ()


def test_a_sample_opens_read_only(tmp_path: Path):
    planner = LessonPlanner(PlanFolder(SAMPLES, writable=False), "siklus-air", by="ana")
    assert "Sample plan from the bank." in planner.header.value
    assert planner.title.disabled and planner.segments.children[0].minutes.disabled


@pytest.fixture
def hand_in_path(tmp_path: Path, monkeypatch) -> Path:
    """Where rita's module-04 plan is saved; her workspace and the shared bank start empty."""
    monkeypatch.setenv("CLASSBRIDGE_WORKSPACE", str(tmp_path / "work"))
    monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "rita")
    monkeypatch.setenv("CLASSBRIDGE_LESSON_BANK", str(tmp_path / "bank"))
    return tmp_path / "work" / "rita" / "04-co-preparing" / "lesson-plan.yaml"


def fill_my_plan(planner: LessonPlanner, title: str = "Market maths across islands") -> None:
    planner.title.value = title
    planner.subject.value = "Mathematics"
    planner.grade.value = "Grades 4-6"
    planner.objectives.value = "I can add prices with decimals"


def test_visiting_the_hand_in_creates_nothing_until_the_first_save(tmp_path, hand_in_path):
    planner = LessonPlanner.hand_in("04-co-preparing/lesson-plan")
    assert not (tmp_path / "work").exists()  # not the plan, not even the trainee's folder
    assert planner.title.value == "My co-taught lesson"
    assert "Not saved yet" in planner.header.value
    assert "field &#x27;subject&#x27;: empty" in planner.problems.value
    fill_my_plan(planner)
    assert not hand_in_path.exists()
    assert planner.save()
    plan = load_plan(hand_in_path)
    assert plan["title"] == "Market maths across islands" and plan["version"] == 1
    assert plan["authors"] == [{"name": "rita", "school": ""}]
    assert [(h["version"], h["by"], h["note"]) for h in plan["history"]] == [(1, "rita", "created")]
    assert "Saved version 1" in planner.status.value and "Version 1 by rita" in planner.header.value
    assert "Ready:" in planner.problems.value


def test_copy_into_my_plan_asks_first_and_saves_nothing(hand_in_path):
    planner = LessonPlanner.hand_in("04-co-preparing/lesson-plan")
    fill_my_plan(planner)
    assert planner.save()
    mine = hand_in_path.read_bytes()
    assert ("Tides and the Moon", "tides-and-the-moon") in planner.start_from.options
    assert not planner.adapt_from(planner.start_from.value)  # nothing chosen yet
    assert "Choose a plan to start from first." in planner.status.value

    assert not planner.adapt_from("tides-and-the-moon")
    assert planner.confirmation.asking
    assert (
        "Replace your plan &#x27;Market maths across islands&#x27; (version 1) with a copy of "
        "&#x27;Tides and the Moon&#x27;? Your current plan is kept as version 1 and can be "
        "restored" in planner.confirmation.question.value
    )
    planner.confirmation.cancel_button.click()
    assert not planner.confirmation.asking and "Nothing was replaced." in planner.status.value
    assert planner.title.value == "Market maths across islands"

    planner.adapt_from("tides-and-the-moon")
    planner.confirmation.replace_button.click()
    assert planner.title.value == "Tides and the Moon (adapted)"
    assert "Adapted from Tides and the Moon by Claire Morel" in planner.header.value
    assert "Nothing is saved until you press Save plan" in planner.status.value
    assert hand_in_path.read_bytes() == mine  # copying filled the form; only Save saves

    assert planner.save()
    plan = load_plan(hand_in_path)
    assert plan["id"] == "lesson-plan" and plan["title"] == "Tides and the Moon (adapted)"
    assert plan["adapted_from"]["authors"][0]["name"] == "Claire Morel"
    assert plan["version"] == 2 and plan["history"][-1]["note"].startswith("adapted from Tides")


def test_an_earlier_version_is_restored_into_the_form_and_kept_once_saved(hand_in_path):
    planner = LessonPlanner.hand_in("04-co-preparing/lesson-plan")
    fill_my_plan(planner)
    planner.save()
    planner.adapt_from("tides-and-the-moon")
    planner.confirmation.replace_button.click()
    planner.save()  # version 2: the copy replaced rita's own plan
    assert [v for _, v in planner.earlier.choice.options] == [2, 1]
    assert planner.earlier.choice.value == 1  # the version before the one saved now

    planner.earlier.restore_button.click()
    assert (
        "Replace your plan &#x27;Tides and the Moon (adapted)&#x27; (version 2) with version 1 "
        "(&#x27;Market maths across islands&#x27;)?" in planner.confirmation.question.value
    )
    planner.confirmation.replace_button.click()
    assert planner.title.value == "Market maths across islands"
    assert "adapted_from" not in planner.value()
    assert load_plan(hand_in_path)["version"] == 2  # restoring fills the form; Save saves
    assert planner.save()
    plan = load_plan(hand_in_path)
    assert plan["title"] == "Market maths across islands" and plan["version"] == 3
    assert plan["history"][-1]["note"] == "restored version 1"
    assert [v for _, v in planner.earlier.choice.options] == [3, 2, 1]


def test_replacing_typed_work_warns_that_it_is_not_saved(hand_in_path):
    planner = LessonPlanner.hand_in("04-co-preparing/lesson-plan")
    assert planner.adapt_from("siklus-air")  # an untouched blank form: nothing to lose
    assert (
        not planner.confirmation.asking
        and planner.title.value == "Siklus air di pulau kita (adapted)"
    )
    assert not hand_in_path.exists()

    planner.title.value = "Siklus air di Kepulauan Aru"
    assert not planner.adapt_from("tides-and-the-moon")
    assert (
        "Replace what you typed in &#x27;Siklus air di Kepulauan Aru&#x27; with a copy of "
        "&#x27;Tides and the Moon&#x27;? Your plan is not saved yet"
        in planner.confirmation.question.value
    )
    planner.save()
    planner.objectives.value += "\nI can name the stages of the water cycle in Indonesian"
    planner.adapt_from("tides-and-the-moon")
    assert (
        "What you changed since you saved it is not saved and will be lost."
        in planner.confirmation.question.value
    )


def test_an_unknown_plan_is_named(folder: PlanFolder):
    with pytest.raises(PlanError, match="lesson plan nope.yaml is not in"):
        LessonPlanner(folder, "nope", by="ana")


def test_the_browser_lists_filters_creates_and_adapts(tmp_path: Path):
    from classbridge.widgets import LessonBankBrowser

    bank = LessonBank(shared=tmp_path / "shared")
    browser = LessonBankBrowser(bank, by="ana")
    assert browser.count.value == "<p>10 of 10 plans</p>"
    browser.subject.value = "Mathematics"
    assert browser.count.value == "<p>2 of 10 plans</p>"
    browser.subject.value = ""
    browser.search.value = "tides"
    assert browser.count.value == "<p>1 of 10 plans</p>"
    planner = browser.copy_and_adapt("tides-and-the-moon")
    assert planner.folder.writable and "Adapted from Tides and the Moon" in planner.header.value
    assert browser.count.value == "<p>2 of 11 plans</p>"
    assert browser.create_plan("  ") is None
    assert "Type a title for the new plan first." in browser.message.value
    created = browser.create_plan("Reading clocks")
    assert created.base["id"] == "reading-clocks" and browser.editor.children == (created,)
    (bank.shared.folder / "broken.yaml").write_text("{", encoding="utf-8")
    browser.refresh()
    assert "broken.yaml: lesson plan broken.yaml is not valid YAML" in browser.broken.value
