"""Numeric answers read alike in the practice quiz and the graded sheet (issue 14, "Misread").

The quiz used to reject "6 Mbit/s" while the graded sheet saved "9 Mbit/s" as text
that the hidden test then scored 0. Both now read numbers with
``classbridge.core.numbers.parse_number``, and the sheet saves a number.
"""

from __future__ import annotations

import pytest

from classbridge.core.storage import RecordStore
from classbridge.widgets import AnswerSheet, Ask, NumericQuestion, Quiz

BANDWIDTH = NumericQuestion(
    "Three rooms each send 2 Mbit/s. How many Mbit/s come down?",
    answer=6,
    unit="Mbit/s",
    other_units=("Mbps",),
    explanation="3 x 2 = 6.",
)


@pytest.mark.parametrize("typed", ["6", "6,0", "6.0", " 6 Mbit/s ", "6Mbit/s", "6 mbps"])
def test_quiz_accepts_a_number_with_its_unit_and_either_decimal_mark(typed):
    assert BANDWIDTH.check(typed).correct


def test_quiz_explains_what_it_cannot_read():
    assert BANDWIDTH.check("six").message == "Enter a number, e.g. 6."
    assert "not a unit this answer takes" in BANDWIDTH.check("6 kbit/s").message
    assert "could mean" in NumericQuestion("Q", answer=1500, explanation="E").check("1,500").message
    quiz = Quiz([BANDWIDTH])
    quiz.views[0].set_answer("6 Mbit/s")
    quiz.views[0].check_button.click()
    assert "Correct." in quiz.views[0].feedback.value


SHEET = [
    Ask("Which matters most?", ("Sharp video", "Clear sound")),
    Ask("How many Mbit/s come down?", unit="Mbit/s", other_units=("Mbps",)),
    Ask("How many learners?", number=True),
]


@pytest.mark.parametrize("typed", ["9", "9,0", "9.0", "9 Mbit/s", "9Mbit/s", " 9 mbps "])
def test_graded_sheet_saves_a_number_however_it_is_written(tmp_path, typed):
    store = RecordStore(tmp_path)
    sheet = AnswerSheet("02-online-classroom/graded", SHEET, store=store)
    sheet.views[0].input.set_answer([1])
    sheet.views[1].input.set_answer(typed)
    sheet.views[2].input.set_answer("21")
    assert sheet.save(), sheet.saved.status.value
    assert store.load("02-online-classroom/graded").data == {
        "answers": {"0": [1], "1": 9.0, "2": 21.0}
    }
    again = AnswerSheet("02-online-classroom/graded", SHEET, store=store)
    assert again.views[1].input.answer() == "9"  # shown as typed, not "9.0"


@pytest.mark.parametrize(
    "typed, says",
    [
        ("nine", "'nine' is not a number"),
        ("9 kbit/s", "not a unit this answer takes: type the number alone or with Mbit/s or Mbps"),
        ("1,500", "could mean 1.5 or 1500"),
    ],
)
def test_graded_sheet_refuses_what_it_cannot_read_and_saves_nothing(tmp_path, typed, says):
    store = RecordStore(tmp_path)
    sheet = AnswerSheet("m/graded", SHEET, store=store)
    sheet.views[0].input.set_answer([1])
    sheet.views[1].input.set_answer(typed)
    assert not sheet.save()
    status = sheet.saved.status.value
    assert "cb-error" in status
    assert "Nothing was saved: question 2:" in status
    assert says in status.replace("&#x27;", "'")
    assert store.load("m/graded").version == 0
    sheet.views[1].input.set_answer("9 Mbit/s")  # fixed as the message says
    assert sheet.save()
    assert store.load("m/graded").data["answers"]["1"] == 9.0


def test_a_blank_numeric_answer_is_saved_as_no_answer(tmp_path):
    store = RecordStore(tmp_path)
    sheet = AnswerSheet("m/graded", SHEET, store=store)
    assert sheet.save()
    assert store.load("m/graded").data == {"answers": {"0": [], "1": "", "2": ""}}


def test_answers_saved_as_text_by_an_older_version_are_read_again(tmp_path):
    store = RecordStore(tmp_path)
    store.save("m/graded", {"answers": {"0": [0], "1": "9 Mbit/s", "2": "21"}}, 0)
    sheet = AnswerSheet("m/graded", SHEET, store=store)
    assert sheet.views[1].input.answer() == "9 Mbit/s"
    assert sheet.save()
    assert store.load("m/graded").data["answers"] == {"0": [0], "1": 9.0, "2": 21.0}


def test_a_unit_belongs_to_a_typed_answer():
    with pytest.raises(ValueError, match="options and a unit"):
        Ask("Which?", ("a", "b"), unit="min")
