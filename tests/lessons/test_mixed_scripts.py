"""A plan mixing Chinese, English, Vietnamese and Amis comes back from saving, merging and
exporting exactly as the teachers typed it: normalising is for search only, never for storage."""

from __future__ import annotations

import copy
import unicodedata
from html import escape
from pathlib import Path

import nbformat

from classbridge.lessons.bank import LessonBank
from classbridge.lessons.export import plan_html, plan_notebook
from classbridge.lessons.merge import merge_plans
from classbridge.lessons.plan import new_plan
from classbridge.lessons.store import PlanFolder

# Typed on a Mac, Vietnamese can arrive decomposed (e + combining marks): kept as it came.
DECOMPOSED = unicodedata.normalize("NFD", "Tiếng Việt cho con")


def mixed_plan() -> dict:
    plan = new_plan(
        "問候三種語言：Xin chào、Nga'ay ho、Hello", "阮氏蘭（Nguyễn Thị Lan）", "下崙國小"
    )
    plan.update(
        id="mixed-greetings",
        subject="新住民語文（越南語）與族語",
        grade_band="國小三至六年級",
        languages=["zh-TW", "vi", "ami", "en"],
        objectives=[
            '我能用 "Xin chào" 和 "Nga\'ay ho" 問候，也能說 "Hello!"',
            'Con có thể nói "Cảm ơn" và "Aray".',
            DECOMPOSED,
        ],
        differentiation={
            "support": "第一行：Tạm biệt\n第二行：Aray, faki!",
            "stretch": "ＡＢＣ與ABC",
        },
        assessment="出場券：「Cảm ơn」的阿美語怎麼說？（Aray）",
        keywords=["族語", "Pangcah", "English"],  # the only "tiếng Việt" is DECOMPOSED
    )
    plan["segments"][0]["activity"] = "問候：Xin chào! Nga'ay ho! Hello!（三校輪流）"
    plan["segments"][2]["materials"] = ["字卡：đèn lồng、ina、fofo", "句型卡：O ina ako."]
    return plan


def test_saving_and_reloading_keeps_every_script_as_typed(tmp_path: Path):
    folder = PlanFolder(tmp_path / "bank")
    plan = mixed_plan()
    created = folder.create(plan)
    assert created == plan
    assert folder.load("mixed-greetings") == plan
    text = folder.path("mixed-greetings").read_text(encoding="utf-8")
    # Readable in a text editor: characters, not \u escapes; decomposed text left decomposed.
    assert "Xin chào" in text and "Nga'ay ho" in text and "阮氏蘭（Nguyễn Thị Lan）" in text
    assert DECOMPOSED in text and "\\u" not in text

    edited = copy.deepcopy(created)
    edited["segments"][1]["activity"] = "耆老示範：ina、ama、fofo；Xin chào, cô!"
    saved = folder.save(edited, created, "Kacaw Lekal 耆老")
    on_disk = folder.load("mixed-greetings")
    assert on_disk == saved.plan
    assert on_disk["segments"][1]["activity"] == "耆老示範：ina、ama、fofo；Xin chào, cô!"
    assert on_disk["objectives"] == plan["objectives"]
    assert on_disk["history"][-1]["by"] == "Kacaw Lekal 耆老"
    assert {"name": "Kacaw Lekal 耆老", "school": ""} in on_disk["authors"]


def test_co_authors_edits_in_different_scripts_merge_unchanged(tmp_path: Path):
    base = mixed_plan()
    mine = copy.deepcopy(base)
    mine["objectives"][1] = 'Con có thể hỏi "Bạn tên là gì?"'
    theirs = copy.deepcopy(base)
    theirs["differentiation"]["stretch"] = "用族語數數：cecay、tosa、tolo"
    merged, conflicts = merge_plans(base, mine, theirs)
    assert conflicts == []
    assert merged["objectives"] == [base["objectives"][0], mine["objectives"][1], DECOMPOSED]
    assert merged["differentiation"] == {
        "support": base["differentiation"]["support"],
        "stretch": "用族語數數：cecay、tosa、tolo",
    }

    # The same through the store: a stale save is merged with the co-author's newer one.
    folder = PlanFolder(tmp_path / "bank")
    created = folder.create(base)
    folder.save(
        copy.deepcopy(created) | {"differentiation": theirs["differentiation"]}, created, "黃雅婷"
    )
    saved = folder.save(
        copy.deepcopy(created) | {"objectives": mine["objectives"]}, created, "阮氏蘭"
    )
    on_disk = folder.load("mixed-greetings")
    assert saved.merged_with == ("黃雅婷",)
    assert on_disk["objectives"] == mine["objectives"]
    assert on_disk["differentiation"] == theirs["differentiation"]
    assert on_disk["title"] == base["title"] and on_disk["assessment"] == base["assessment"]


def test_the_page_and_the_notebook_carry_the_text_unchanged():
    plan = mixed_plan()
    page = plan_html(plan)
    assert '<html lang="zh-TW">' in page and '<meta charset="utf-8">' in page
    assert f"<title>{escape(plan['title'])}</title>" in page
    for text in [*plan["objectives"], plan["assessment"], plan["segments"][0]["activity"]]:
        assert escape(text) in page, text
    assert "第一行：Tạm biệt<br>第二行：Aray, faki!" in page
    assert escape("字卡：đèn lồng、ina、fofo, 句型卡：O ina ako.") in page

    notebook = nbformat.reads(nbformat.writes(plan_notebook(plan)), as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["classbridge_lesson_plan"] == plan
    text = "\n".join(cell.source for cell in notebook.cells)
    assert "# 問候三種語言：Xin chào、Nga'ay ho、Hello" in text
    assert DECOMPOSED in text and "ＡＢＣ與ABC" in text


def test_a_plan_stored_decomposed_is_found_by_a_composed_query(tmp_path: Path):
    bank = LessonBank(shared=tmp_path / "shared", samples=None)
    bank.shared.create(mixed_plan())
    composed = unicodedata.normalize("NFC", "tiếng việt cho con")
    assert [p.plan["id"] for p in bank.search(composed)] == ["mixed-greetings"]
    assert [p.plan["id"] for p in bank.search("ＨＥＬＬＯ 族語")] == ["mixed-greetings"]
