"""``classbridge check`` names every gap in a module that says it is bilingual."""

from __future__ import annotations

import json
from pathlib import Path

from classbridge.authoring.module_template import new_module
from classbridge.authoring.translation_checks import translation_problems
from classbridge.cli import main

SWITCH = {"cell_type": "code", "metadata": {}, "source": "LanguageSwitch()", "outputs": []}


def markdown(text: str, language: str | None) -> dict:
    metadata = {"classbridge": {"lang": language}} if language else {}
    return {"cell_type": "markdown", "metadata": metadata, "source": text}


def notebook(*cells: dict, languages=("en", "zh-TW"), translations=None) -> dict:
    meta = {"languages": list(languages)}
    meta["translations"] = (
        translations
        if translations is not None
        else {"zh-TW": {"title": "候答時間", "summary": "在延遲的連線上等待。"}}
    )
    return {"cells": list(cells), "metadata": {"classbridge": meta}}


def test_a_whole_bilingual_module_has_no_problem() -> None:
    whole = notebook(
        SWITCH,
        markdown("# Wait time", "en"),
        markdown("# 候答時間", "zh-TW"),
        {"cell_type": "code", "metadata": {}, "source": 'translated(en="Wait", zh_TW="等")'},
    )
    assert translation_problems(whole) == []


def test_each_gap_is_named_with_its_fix() -> None:
    gaps = notebook(
        markdown("# Wait time", "en"),
        markdown("## Why", "en"),
        markdown("## 為什麼", "zh-TW"),
        markdown("## Pourquoi", "fr"),
        {"cell_type": "code", "metadata": {}, "source": 'translated(en="Wait")'},
        translations={},
    )
    problems = translation_problems(gaps)
    texts = [text for _cell, text in problems]
    assert (None, texts[0]) == problems[0] and "'translations' has no 'zh-TW' title" in texts[0]
    assert any("no LanguageSwitch() cell" in t for t in texts)
    assert (
        1,
        "is English with no 'zh-TW' cell after it: add a markdown cell tagged "
        '"classbridge": {"lang": "zh-TW"} right after it',
    ) in problems
    assert not any(cell == 2 and "is English" in text for cell, text in problems)
    assert any(cell == 4 and "language 'fr'" in text for cell, text in problems)
    assert any(cell == 5 and "no zh_TW= text" in text for cell, text in problems)


def test_an_english_only_module_is_not_asked_for_translations() -> None:
    english = notebook(markdown("# Wait time", None), languages=("en",), translations={})
    assert translation_problems(english) == []


def test_check_prints_the_gap_in_a_real_module(tmp_path: Path, capsys) -> None:
    path = new_module(tmp_path / "modules", "08-island-science", "Island science")
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["classbridge"]["languages"] = ["en", "zh-TW"]
    path.write_text(json.dumps(nb), encoding="utf-8")
    code = main(["check", str(tmp_path / "modules"), "--fast"])
    out = capsys.readouterr().out
    assert code == 1
    assert "'translations' has no 'zh-TW' title and summary" in out
