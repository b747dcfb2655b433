"""The catalogue in the reader's language, with the competences each module builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classbridge.core import language
from classbridge.core.catalogue import BrokenModule, scan_catalogue
from classbridge.pages.catalogue_page import render_catalogue

BILINGUAL = {
    "title": "Teaching live at a distance",
    "summary": "Engage learners you cannot see well.",
    "duration_minutes": 50,
    "objectives": ["Give wait time that allows for the link's delay"],
    "competences": ["3.1", "5.3"],
    "languages": ["en", "zh-TW"],
    "translations": {
        "zh-TW": {
            "title": "遠距直播教學",
            "summary": "讓看不太清楚的學生也投入學習。",
            "objectives": ["給足候答時間，把連線延遲算進去"],
        }
    },
}
ENGLISH_ONLY = {
    "title": "Island science",
    "summary": "Science for three small schools.",
    "duration_minutes": 45,
    "objectives": ["Run one experiment in three rooms"],
}


def write_module(root: Path, folder: str, metadata: dict) -> None:
    (root / folder).mkdir(parents=True)
    notebook = {
        "cells": [],
        "metadata": {"classbridge": metadata},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / folder / "module.ipynb").write_text(json.dumps(notebook), encoding="utf-8")


@pytest.fixture
def modules(tmp_path: Path) -> Path:
    write_module(tmp_path, "03-teaching-live", BILINGUAL)
    write_module(tmp_path, "08-island-science", ENGLISH_ONLY)
    return tmp_path


@pytest.fixture
def reading(monkeypatch):
    def read_in(code: str) -> None:
        monkeypatch.setattr(language, "_page_language", code)

    yield read_in
    monkeypatch.setattr(language, "_page_language", None)


def test_a_chinese_reader_sees_chinese_entries_and_which_modules_are_english(modules, reading):
    reading("zh-TW")
    page = render_catalogue(scan_catalogue(modules))
    assert "遠距直播教學" in page and "給足候答時間" in page
    assert "Teaching live at a distance" not in page
    assert "3.1 教學 · 5.3 促進學生主動投入" in page
    # The English-only module keeps its English entry, marked so.
    assert "Island science" in page
    assert page.count('class="cb-english-only"') == 1


def test_an_english_reader_sees_the_english_entries_and_no_marks(modules, reading):
    reading("en")
    page = render_catalogue(scan_catalogue(modules))
    assert "Teaching live at a distance" in page and "遠距直播教學" not in page
    assert "3.1 Teaching · 5.3 Actively engaging learners" in page
    assert 'class="cb-english-only"' not in page


def test_an_unknown_competence_breaks_only_that_module_with_the_fix(modules) -> None:
    write_module(modules, "09-broken", {**ENGLISH_ONLY, "competences": ["7.1"]})
    [broken] = [e for e in scan_catalogue(modules).entries if isinstance(e, BrokenModule)]
    assert "names 7.1, not a DigCompEdu competence: use numbers from 1.1 to 6.5" in broken.reason
