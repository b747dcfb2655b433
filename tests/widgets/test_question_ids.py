"""Graded questions have stable ids: answers are saved under them, older saves read by order."""

from __future__ import annotations

import pytest

from classbridge.core.graded_questions import question_order, sheet_questions
from classbridge.core.storage import RecordStore
from classbridge.widgets import AnswerSheet, Ask

KEY = "03-teaching-live/graded"
WAIT = Ask("The delay is 2 s. How many seconds do you wait?", unit="s", id="wait-time")
CHECKS = Ask(
    "Which checks let every learner answer? (all that apply)",
    ("Whiteboards", "'Understood?'", "Fingers"),
    multiple=True,
    id="all-respond",
)
HAND_OFF = Ask("At a hand-off you say?", ("Nothing", "Who leads now"), id="hand-off")


@pytest.mark.parametrize(
    ("bad", "fix"),
    [
        ("Wait Time", "e.g. id='wait-time'"),
        ("wait_time", "e.g. id='wait-time'"),
        ("2-wait", "starting with a letter"),
        ("wait-", "lower-case letters, digits and hyphens"),
    ],
)
def test_a_bad_id_is_one_line_naming_the_fix(bad: str, fix: str):
    with pytest.raises(ValueError, match="is not a slug") as refused:
        Ask("How long do you wait?", unit="s", id=bad)
    assert fix in str(refused.value) and "\n" not in str(refused.value)


def test_two_questions_with_one_id_are_refused(tmp_path):
    twin = Ask("Again?", ("Yes", "No"), id="hand-off")
    with pytest.raises(ValueError) as refused:
        AnswerSheet(KEY, [HAND_OFF, twin], store=RecordStore(tmp_path))
    assert str(refused.value) == (
        f"two questions of sheet '{KEY}' have the id 'hand-off': give question 2 an id of its own"
    )


def test_a_question_without_id_among_others_is_refused(tmp_path):
    with pytest.raises(ValueError) as refused:
        AnswerSheet(KEY, [WAIT, Ask("Who leads the group task?", ("A", "B"))], store=None)
    assert "question 2 of sheet" in str(refused.value)
    assert "e.g. id='who-leads-the'" in str(refused.value)


def test_answers_are_saved_by_id_and_the_sheet_is_known_to_the_key(tmp_path):
    store = RecordStore(tmp_path)
    sheet = AnswerSheet(KEY, [WAIT, CHECKS, HAND_OFF], store=store)
    assert question_order(KEY) == ("wait-time", "all-respond", "hand-off")
    assert sheet_questions(KEY)[1].options == CHECKS.options
    sheet.views[0].input.set_answer("7 s")
    sheet.views[1].input.set_answer([2, 0])
    assert sheet.save()
    assert store.load(KEY).data == {
        "answers": {"wait-time": 7.0, "all-respond": [0, 2], "hand-off": []}
    }


def test_moving_and_inserting_questions_keeps_every_answer(tmp_path):
    store = RecordStore(tmp_path)
    first = AnswerSheet(KEY, [WAIT, CHECKS, HAND_OFF], store=store)
    first.views[0].input.set_answer("7")
    first.views[2].input.set_answer([1])
    assert first.save()
    inserted = Ask("A new first question?", ("Yes", "No"), id="new-first")
    moved = AnswerSheet(KEY, [inserted, HAND_OFF, WAIT, CHECKS], store=store)
    assert moved.answers() == {
        "new-first": [],
        "hand-off": [1],
        "wait-time": 7.0,
        "all-respond": [],
    }


def test_a_save_keyed_by_position_is_read_in_the_sheets_order(tmp_path):
    """Saved before questions had ids: nothing a trainee saved is lost."""
    store = RecordStore(tmp_path)
    store.save(KEY, {"answers": {"0": 7.0, "1": [0, 2], "2": [1]}}, 0)
    sheet = AnswerSheet(KEY, [WAIT, CHECKS, HAND_OFF], store=store)
    assert sheet.answers() == {"wait-time": 7.0, "all-respond": [0, 2], "hand-off": [1]}
    assert sheet.views[0].input.answer() == "7"
    assert sheet.save()  # saved again, now under the ids
    assert set(store.load(KEY).data["answers"]) == {"wait-time", "all-respond", "hand-off"}


def test_drafts_are_kept_by_id(tmp_path):
    store = RecordStore(tmp_path)
    sheet = AnswerSheet(KEY, [WAIT, HAND_OFF], store=store)
    sheet.views[1].input.set_answer([1])
    sheet.drafts.flush()
    again = AnswerSheet(KEY, [HAND_OFF, WAIT], store=store)  # questions moved meanwhile
    assert again.views[0].input.answer() == [1]


def test_a_sheet_without_ids_still_saves_by_position(tmp_path):
    store = RecordStore(tmp_path)
    sheet = AnswerSheet("m/practice", [Ask("A or B?", ("A", "B"))], store=store)
    sheet.views[0].input.set_answer([1])
    assert sheet.save()
    assert store.load("m/practice").data == {"answers": {"0": [1]}}
    assert question_order("m/practice") == ()
