"""The switch on every page: links to each language, and only the chosen language's cells."""

from __future__ import annotations

import json

import pytest

from classbridge.core import language
from classbridge.widgets import LanguageSwitch
from classbridge.widgets.language_switch import notebook_languages


@pytest.fixture
def reader(monkeypatch):
    """A visitor whose language is fixed, as a page kernel would have chosen it."""

    def choose(code: str) -> None:
        monkeypatch.setattr(language, "_page_language", code)

    yield choose
    monkeypatch.setattr(language, "_page_language", None)


def write_notebook(folder, name: str, languages: list[str] | None) -> None:
    metadata = {"classbridge": {"languages": languages}} if languages else {}
    notebook = {"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    (folder / name).write_text(json.dumps(notebook), encoding="utf-8")


def test_a_chinese_reader_sees_the_chinese_cells_and_a_link_back_to_english(
    reader, monkeypatch
) -> None:
    reader("zh-TW")
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setenv("SCRIPT_NAME", "/voila/render/01-welcome/welcome.ipynb")
    html = LanguageSwitch(languages=("en", "zh-TW")).value
    assert '.cb-lang[lang="zh-TW"]{display:block !important}' in html
    assert '<strong lang="zh-TW" aria-current="true">繁體中文</strong>' in html
    assert (
        'href="/classbridge/language?lang=en&amp;next=%2Fvoila%2Frender%2F01-welcome%2F'
        'welcome.ipynb"' in html
    )
    assert 'data-cb-page-lang="zh-TW"' in html
    assert "cb-language-note" not in html


def test_a_module_not_yet_translated_is_shown_in_english_with_a_note(reader) -> None:
    reader("zh-TW")
    html = LanguageSwitch(languages=("en",)).value
    assert '.cb-lang[lang="en"]{display:block !important}' in html
    assert 'data-cb-page-lang="en"' in html
    assert 'class="cb-language-note"' in html
    # Everything after the switch is English, so no page mixes the two halfway.
    assert language.current_language() == "en"


def test_the_page_notebook_is_the_one_voila_was_asked_for(tmp_path, monkeypatch) -> None:
    write_notebook(tmp_path, "catalogue.ipynb", None)
    write_notebook(tmp_path, "widget-gallery.ipynb", ["en"])
    monkeypatch.setenv("SCRIPT_NAME", "/voila/render/widget-gallery.ipynb")
    assert notebook_languages(tmp_path) == ("en",)
    monkeypatch.setenv("SCRIPT_NAME", "/voila/render/catalogue.ipynb")
    assert notebook_languages(tmp_path) is None
    monkeypatch.delenv("SCRIPT_NAME")
    assert notebook_languages(tmp_path) is None  # two notebooks: cannot tell which
