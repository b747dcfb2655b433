"""AnswerSheet: answers saved and restored, never judged in the trainee's kernel."""

from __future__ import annotations

import pytest

from classbridge.core.storage import RecordStore
from classbridge.widgets import AnswerSheet, Ask

QUESTIONS = [
    Ask("Who leads the group task?", ("Remote", "On-site")),
    Ask("Which help? (all that apply)", ("Visuals", "Speed", "Frames"), multiple=True),
    Ask("Minutes left?", unit="min"),
]


def test_answers_saved_and_restored(tmp_path):
    store = RecordStore(tmp_path)
    sheet = AnswerSheet("04-co-preparing/graded", QUESTIONS, store=store)
    sheet.views[0].input.set_answer([1])
    sheet.views[1].input.set_answer([0, 2])
    sheet.views[2].input.set_answer("  5 ")
    assert sheet.save()
    # A number is saved as a number (tests/widgets/test_numeric_answers.py).
    assert store.load("04-co-preparing/graded").data == {
        "answers": {"0": [1], "1": [0, 2], "2": 5.0}
    }
    again = AnswerSheet("04-co-preparing/graded", QUESTIONS, store=store)
    assert again.answers() == {0: [1], 1: [0, 2], 2: 5.0}
    assert again.views[2].input.answer() == "5"
    # No feedback on whether an answer is right: that is for the autograder.
    assert "Correct" not in str(again.children)


def test_stale_second_copy_is_refused(tmp_path):
    store = RecordStore(tmp_path)
    first = AnswerSheet("m/graded", QUESTIONS, store=store)
    second = AnswerSheet("m/graded", QUESTIONS, store=store)
    first.views[0].input.set_answer([0])
    assert first.save()
    second.views[0].input.set_answer([1])
    assert not second.save()
    assert "another tab" in second.saved.status.value
    assert store.load("m/graded").data["answers"]["0"] == [0]


def test_bad_definitions_are_named():
    with pytest.raises(ValueError, match="needs two or more options"):
        Ask("Only one?", ("Yes",))
    with pytest.raises(ValueError, match="at least one question"):
        AnswerSheet("m/x", [])
