"""Searching the bank in Chinese, and in every other script: terms inside longer runs of
characters, full-width letters, accents however they were typed; English as before."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from classbridge.lessons.bank import LessonBank
from classbridge.lessons.plan import new_plan
from classbridge.lessons.search_text import contains_all, query_terms

ENGLISH = "island-english-is-there"
VIETNAMESE = "vietnamese-trung-thu-lanterns"
AMIS = "amis-family-words"
SCIENCE = "water-three-states-three-schools"


@pytest.fixture
def bank(tmp_path: Path) -> LessonBank:
    return LessonBank(shared=tmp_path / "shared")


def ids(plans) -> list[str]:
    return [p.plan["id"] for p in plans]


def searched_texts(plan: dict) -> list[str]:
    return [
        plan["title"],
        plan["subject"],
        *plan["keywords"],
        *plan["objectives"],
        *(s["activity"] for s in plan["segments"]),
    ]


def test_a_chinese_term_is_found_inside_a_longer_run_of_characters(bank: LessonBank):
    science = bank.find(SCIENCE).plan
    texts = searched_texts(science)
    # The sample holds 共備 only inside longer runs (三校教師共備時), never between spaces:
    # splitting the text into words, as English search does, would never find it.
    assert any("共備" in text for text in texts)
    assert "共備" not in [word for text in texts for word in text.split()]
    assert ids(bank.search("共備")) == [SCIENCE]

    amis = bank.find(AMIS).plan
    assert "族語" not in [word for text in searched_texts(amis) for word in text.split()]
    assert ids(bank.search("族語")) == [AMIS]  # inside 阿美族語, 原住民族語文, 族語直播共學
    assert ids(bank.search("水的三態")) == [SCIENCE]
    assert ids(bank.search("雙島")) == [ENGLISH]


def test_chinese_terms_are_separated_by_spaces_or_chinese_punctuation(bank: LessonBank):
    assert ids(bank.search("族語 耆老")) == [AMIS]
    assert ids(bank.search("族語\u3000耆老")) == [AMIS]  # full-width space
    assert ids(bank.search("族語、耆老")) == [AMIS]
    assert ids(bank.search("族語，耆老")) == [AMIS]
    assert bank.search("族語 lighthouse") == []  # every term must be in the plan
    assert query_terms("共備、族語　ＡＢＣ 1-3") == ["共備", "族語", "abc", "1-3"]
    assert query_terms("1,000") == ["1,000"]  # ASCII punctuation stays in the term, as before
    assert query_terms(" \u3000 ") == []


def test_full_width_and_half_width_forms_find_each_other(bank: LessonBank):
    # A Taiwanese keyboard in Chinese mode types full-width Latin letters and digits.
    assert ids(bank.search("ＬＩＧＨＴＨＯＵＳＥ")) == [ENGLISH]
    assert ids(bank.search("Nga＇ay")) == [AMIS]  # a full-width apostrophe
    plan = new_plan("ＡＩ與３Ｄ列印入門", "ana")
    plan["id"] = "ai-3d"
    bank.shared.create(plan)
    assert ids(bank.search("ai 3d")) == ["ai-3d"]
    assert ids(bank.search("3D列印")) == ["ai-3d"]
    assert bank.find("ai-3d").plan["title"] == "ＡＩ與３Ｄ列印入門"  # stored as typed


def test_accents_match_however_they_were_typed(bank: LessonBank):
    decomposed = unicodedata.normalize("NFD", "Xin chào")
    assert decomposed != "Xin chào"
    assert ids(bank.search(decomposed)) == [VIETNAMESE]
    assert ids(bank.search("XIN CHÀO")) == [VIETNAMESE]
    assert ids(bank.search("Tết Trung thu")) == [VIETNAMESE]
    # Vietnamese tone marks tell words apart, so they are never dropped.
    assert bank.search("chao") == []
    assert contains_all(unicodedata.normalize("NFD", "Tết"), "tết")


def test_filtering_by_language_finds_the_new_samples(bank: LessonBank):
    assert ids(bank.search(language="vi")) == [VIETNAMESE]
    assert ids(bank.search(language="ami")) == [AMIS]
    assert ids(bank.search(language="zh-TW")) == [SCIENCE, ENGLISH, VIETNAMESE, AMIS]
    assert ids(bank.search("lighthouse", language="en")) == [ENGLISH]
    assert ids(bank.search(language="zh-TW", subject="自然科學")) == [SCIENCE]
    assert ids(bank.search(language="zh-TW", grade="國小四年級")) == [SCIENCE]
    assert bank.search("共備", language="vi") == []


def test_english_words_match_as_before_in_mixed_script_plans(bank: LessonBank):
    assert ids(bank.search("harbor lighthouse")) == [ENGLISH]
    assert ids(bank.search("Pangcah")) == [AMIS]
    # The Chinese samples write 出場券: "exit ticket" still finds just the English ones.
    assert ids(bank.search("exit ticket")) == [
        "fractions-market-prices",
        "fractions-market-prices-grade3",
        "story-circle-mother-tongue",
        "tides-and-the-moon",
    ]
    assert ids(bank.search("fractions 1-3")) == ["fractions-market-prices-grade3"]
