"""The lesson bank: search and filter, copy and adapt with credit, broken files named."""

from __future__ import annotations

from pathlib import Path

import pytest

from classbridge.lessons.bank import LessonBank
from classbridge.lessons.plan import PlanError, dump_plan, new_plan


@pytest.fixture
def bank(tmp_path: Path) -> LessonBank:
    return LessonBank(shared=tmp_path / "shared")


def titles(plans) -> list[str]:
    return [p.plan["title"] for p in plans]


def test_filters_by_subject_grade_language_and_words(bank: LessonBank):
    assert len(bank.search()) == 10
    assert titles(bank.search(subject="Mathematics")) == [
        "Fractions with market prices",
        "Fractions with market prices (Grade 3)",
    ]
    assert titles(bank.search(grade="Grades 7-9")) == ["Tides and the Moon"]
    assert titles(bank.search(language="es")) == ["Saludos y presentaciones entre escuelas"]
    assert titles(bank.search(language="en", grade="Grades 1-3")) == [
        "Fractions with market prices (Grade 3)"
    ]
    # Words match titles, objectives, keywords, activities and authors, in any case.
    assert titles(bank.search("MOON tide")) == ["Tides and the Moon"]
    assert titles(bank.search("neema")) == ["Story circle in our languages"]
    assert titles(bank.search("percobaan")) == ["Siklus air di pulau kita"]
    assert bank.search("volcano") == []
    facets = bank.facets()
    assert facets["grade"] == [
        "Grades 1-3",
        "Grades 4-6",
        "Grades 7-9",
        "國小一至六年級（混齡）",
        "國小三至六年級（混齡）",
        "國小五年級",
        "國小四年級",
    ]
    assert {"en", "es", "id", "qu", "sw", "tl", "fr", "zh-TW", "vi", "ami"} <= set(
        facets["language"]
    )


def test_several_words_find_the_plans_holding_all_of_them(bank: LessonBank):
    """Each word narrows the search: a plan must hold every word, not just one of them."""
    assert titles(bank.search("fractions")) == [
        "Fractions with market prices",
        "Fractions with market prices (Grade 3)",
    ]
    # 'fractions' and '1-3' are each in two plans; only one plan holds both.
    assert titles(bank.search("1-3")) == [
        "Fractions with market prices (Grade 3)",
        "Saludos y presentaciones entre escuelas",
    ]
    assert titles(bank.search("fractions 1-3")) == ["Fractions with market prices (Grade 3)"]
    # Words that are each in some plan, but never in the same one, find nothing.
    assert titles(bank.search("tides")) == ["Tides and the Moon"]
    assert bank.search("fractions tides") == []
    assert bank.search("tides fractions") == []


def test_copy_and_adapt_writes_a_credited_copy_to_the_shared_folder(bank: LessonBank):
    plan = bank.copy_and_adapt("story-circle-mother-tongue", "lee", "Hill School")
    assert (bank.shared.folder / f"{plan['id']}.yaml").is_file()
    entry = bank.find(plan["id"])
    assert not entry.is_sample and entry.plan["adapted_from"]["id"] == "story-circle-mother-tongue"
    assert entry.plan["adapted_from"]["authors"] == [
        {"name": "Neema Mwakyusa", "school": "Shule ya Msingi Ukerewe"}
    ]
    again = bank.copy_and_adapt("story-circle-mother-tongue", "max")
    assert again["id"] != plan["id"]  # a second copy never replaces the first
    assert titles(bank.search("story"))[:2] == [
        "Story circle in our languages (adapted)",
        "Story circle in our languages (adapted)",
    ]


def test_a_broken_plan_is_listed_with_its_reason_and_hides_nothing(bank: LessonBank):
    bank.shared.folder.mkdir(parents=True)
    (bank.shared.folder / "bad-yaml.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    wrong = new_plan("Minutes as words", "ana")
    wrong["id"] = "minutes-as-words"
    text = dump_plan(wrong).replace("minutes: 5\n", "minutes: five\n", 1)
    (bank.shared.folder / "minutes-as-words.yaml").write_text(text, encoding="utf-8")
    (bank.shared.folder / "latin1.yaml").write_bytes("title: Fran\xe7ais\n".encode("latin-1"))
    plans, broken = bank.scan()
    assert len(plans) == 10
    reasons = {b.file: b.reason for b in broken}
    assert reasons["bad-yaml.yaml"].startswith("lesson plan bad-yaml.yaml is not valid YAML (line")
    assert (
        "lesson plan minutes-as-words.yaml: field 'segments[1].minutes': 'five' is not of type "
        "'integer'" in reasons["minutes-as-words.yaml"]
    )
    assert reasons["latin1.yaml"] == "lesson plan latin1.yaml is not UTF-8 text; save it as UTF-8"


def test_an_unknown_plan_says_how_to_find_one(bank: LessonBank):
    with pytest.raises(PlanError, match="'nope' is not in the bank; search for it by title"):
        bank.copy_and_adapt("nope", "ana")
