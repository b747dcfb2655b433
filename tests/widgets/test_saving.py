"""A saved file that cannot be read is shown in the widget, and nothing is lost."""

from __future__ import annotations

import pytest

from classbridge.core.storage import RecordStore
from classbridge.widgets import AnswerSheet, Ask, Reflection


@pytest.mark.parametrize(
    "body, problem", [("{not json", "not valid JSON"), ("[1, 2, 3]", "JSON list, not a record")]
)
def test_damaged_reflection_is_shown_and_kept(tmp_path, body, problem):
    saved = tmp_path / "01-welcome" / "reflection.json"
    saved.parent.mkdir(parents=True)
    saved.write_text(body, encoding="utf-8")
    store = RecordStore(tmp_path)
    widget = Reflection("01-welcome/reflection", "Why?", store=store)
    assert "could not be read" in widget.saved.status.value
    assert problem in widget.saved.status.value
    assert "cb-error" in widget.saved.status.value
    assert saved.read_text(encoding="utf-8") == body  # opening the page changed nothing
    widget.text.value = "A fresh start"
    assert widget.save()
    assert "Saved at" in widget.saved.status.value
    assert store.load("01-welcome/reflection").data["text"] == "A fresh start"
    (kept,) = saved.parent.glob(".reflection.damaged-*.json")
    assert kept.read_text(encoding="utf-8") == body


def test_damaged_answer_sheet_is_shown_and_a_second_tab_cannot_drop_the_repair(tmp_path):
    saved = tmp_path / "m" / "graded.json"
    saved.parent.mkdir(parents=True)
    saved.write_text('{"version": 1, "data": [0]}', encoding="utf-8")
    store = RecordStore(tmp_path)
    questions = [Ask("Light?", ("Behind you", "In front"))]
    tab_a = AnswerSheet("m/graded", questions, store=store)
    tab_b = AnswerSheet("m/graded", questions, store=store)
    assert "could not be read" in tab_a.saved.status.value
    tab_a.views[0].input.set_answer([1])
    assert tab_a.save()
    tab_b.views[0].input.set_answer([0])
    assert not tab_b.save()  # the repair from tab A stays
    assert "another tab or window" in tab_b.saved.status.value
    assert store.load("m/graded").data == {"answers": {"0": [1]}}


def test_a_saved_file_that_is_not_utf8_is_shown_and_kept(tmp_path):
    saved = tmp_path / "m" / "reflection.json"
    saved.parent.mkdir(parents=True)
    body = '{"version": 1, "data": {"text": "Caf\u00e9"}}'.encode("cp1252")
    saved.write_bytes(body)
    widget = Reflection("m/reflection", "Why?", store=RecordStore(tmp_path))
    assert "could not be read (not valid JSON" in widget.saved.status.value
    assert saved.read_bytes() == body
