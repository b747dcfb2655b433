"""The answer key: entries name questions by id, are checked everywhere, judge only when grading."""

from __future__ import annotations

import pytest

from classbridge.core.storage import RecordStore
from classbridge.grading import answer_key as answer_key_module
from classbridge.grading import checks
from classbridge.grading.answer_key import AnswerKeyError, WrongAnswer, answer_key
from classbridge.grading.checks import AUTOGRADING_ENV, graded_answers
from classbridge.widgets import AnswerSheet, Ask

SHEET = "02-online-classroom/graded"
SOUND = Ask("What matters most?", ("Sharp video", "Clear sound", "A background"), id="sound-first")
DOWNLOAD = Ask(
    "Five rooms send 1.5 Mbit/s. With 20 % headroom, how much comes down?",
    unit="Mbit/s",
    other_units=("Mbps",),
    id="download-need",
)
SUPPORTS = Ask(
    "Which help? (all that apply)", ("Frames", "Visuals", "Speed"), multiple=True, id="supports"
)
WORD = Ask("One word for a learner's first language?", id="home-language")
QUESTIONS = [SOUND, DOWNLOAD, SUPPORTS, WORD]


def _entries(key) -> dict:
    """The key of SHEET, entry by entry, as its hidden tests would write it."""
    return {
        "sound-first": lambda: key.expect("sound-first", choice=1, why="Sound comes first."),
        "download-need": lambda: key.expect(
            "download-need", number=9, units=("Mbit/s", "Mbps"), why="7.5 x 1.2 = 9."
        ),
        "supports": lambda: key.expect("supports", choices=[1, 0], why="Speed does not help."),
        "home-language": lambda: key.expect(
            "home-language", text=("home language", "mother tongue"), why="Either name."
        ),
    }


@pytest.fixture
def shown(monkeypatch) -> list[dict]:
    """What the key displayed for the feedback page, result by result."""
    results: list[dict] = []
    monkeypatch.setattr(answer_key_module, "show_graded_answer", lambda r, s: results.append(r))
    return results


@pytest.fixture
def hand_in(tmp_path, monkeypatch):
    """Grading a hand-in: autograding on, in the hand-in's folder, its sheet already run."""

    def handed_in(answers: dict, questions: list[Ask] = QUESTIONS) -> None:
        folder = tmp_path / "autograded" / "rita" / "02-online-classroom"
        AnswerSheet(SHEET, questions, store=RecordStore(tmp_path / "trainer"))
        RecordStore(folder / "classbridge-work" / "rita").replace(SHEET, {"answers": answers})
        monkeypatch.chdir(folder)
        monkeypatch.setenv(AUTOGRADING_ENV, "1")
        monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "rita")

    return handed_in


def _grade(key) -> dict[str, bool]:
    """Each entry's verdict, as nbgrader scores its cell: passed, or failed with WrongAnswer."""
    verdicts = {}
    for question, entry in _entries(key).items():
        try:
            entry()
            verdicts[question] = True
        except WrongAnswer:
            verdicts[question] = False
    return verdicts


def test_outside_grading_the_key_is_checked_but_judges_nothing(monkeypatch, tmp_path, shown):
    monkeypatch.delenv(AUTOGRADING_ENV, raising=False)
    notes = []
    monkeypatch.setattr(checks, "_note", notes.append)
    monkeypatch.setattr(checks, "_noted", set())  # a fresh kernel
    AnswerSheet(SHEET, QUESTIONS, store=RecordStore(tmp_path))
    for _ in QUESTIONS:  # one test cell per question, each opening the key
        key = answer_key(SHEET)
    assert notes == [checks.GRADED_NOTE]  # said once per sheet, not once per question
    assert [entry() for entry in _entries(key).values()] == [None] * 4
    assert shown == []


def test_right_answers_pass_and_show_why(hand_in, shown):
    hand_in(
        {
            "sound-first": [1],
            "download-need": 9.0,
            "supports": [0, 1],
            "home-language": "Home language ",
        }
    )
    assert _grade(answer_key(SHEET)) == dict.fromkeys(_entries(None), True)
    first = shown[0]
    assert first == {
        "sheet": SHEET,
        "question": "sound-first",
        "number": 1,
        "prompt": "What matters most?",
        "answered": True,
        "answer": "Clear sound",
        "right": True,
        "key": "Clear sound",
        "why": "Sound comes first.",
        "mistake": "",
    }
    assert shown[1]["key"] == "9 Mbit/s" and shown[2]["answer"] == "Frames; Visuals"


def test_wrong_and_missing_answers_fail_and_say_which(hand_in, shown):
    hand_in({"sound-first": [0], "download-need": "7,5 Mbps", "supports": [0]})
    assert _grade(answer_key(SHEET)) == dict.fromkeys(_entries(None), False)
    assert [(r["answered"], r["answer"]) for r in shown] == [
        (True, "Sharp video"),
        (True, "7,5 Mbps"),
        (True, "Frames"),
        (False, ""),  # not answered reads differently from a wrong answer
    ]
    with pytest.raises(WrongAnswer, match="home-language: not answered"):
        _entries(answer_key(SHEET))["home-language"]()


def test_a_wrong_option_chosen_says_why_it_is_a_common_mistake(hand_in, shown):
    hand_in({"sound-first": [0], "supports": [0, 2]})
    key = answer_key(SHEET)
    explained = {0: "Learners forgive a blurry picture, not words they cannot hear."}
    with pytest.raises(WrongAnswer):
        key.expect("sound-first", choice=1, why="Sound comes first.", mistakes=explained)
    with pytest.raises(WrongAnswer):
        key.expect(
            "supports",
            choices=[0, 1],
            why="Frames and visuals help.",
            mistakes={2: "Speaking faster leaves second-language learners behind."},
        )
    assert shown[0]["mistake"] == explained[0]
    assert shown[1]["mistake"] == "Speaking faster leaves second-language learners behind."


@pytest.mark.parametrize(
    ("entry", "refusal"),
    [
        ({"choice": 1, "mistakes": {1: "x"}}, "explains option 1 as a mistake, but it is a right"),
        ({"choice": 1, "mistakes": {5: "x"}}, "explains option 5 in mistakes=, but the question"),
        ({"choice": 1, "mistakes": {0: " "}}, "leaves mistake 0 unexplained"),
    ],
)
def test_a_mistake_explanation_no_trainee_could_read_is_refused(tmp_path, entry, refusal):
    AnswerSheet(SHEET, QUESTIONS, store=RecordStore(tmp_path))
    with pytest.raises(AnswerKeyError, match=refusal):
        answer_key(SHEET).expect("sound-first", why="Sound comes first.", **entry)


def test_numbers_are_read_however_written_within_the_tolerance(hand_in, shown):
    for typed, right in (("9,0", True), ("9 Mbps", True), (9.005, True), (9.02, False)):
        hand_in({"download-need": typed})
        assert _grade(answer_key(SHEET))["download-need"] is right, typed


def test_a_save_keyed_by_position_is_graded_in_the_sheets_order(hand_in, shown):
    """Handed in before the sheet had ids: graded as it was meant."""
    hand_in({"0": [1], "1": "9 Mbit/s", "2": [1, 0], "3": "mother tongue"})
    assert _grade(answer_key(SHEET)) == dict.fromkeys(_entries(None), True)


def test_moving_or_inserting_a_question_changes_no_grade(hand_in, shown):
    answers = {"sound-first": [1], "download-need": 8, "supports": [0, 1]}
    hand_in(answers)
    before = _grade(answer_key(SHEET))
    inserted = Ask("New first question?", ("Yes", "No"), id="new-first")
    hand_in(answers, [inserted, SUPPORTS, WORD, DOWNLOAD, SOUND])
    assert (
        _grade(answer_key(SHEET))
        == before
        == {
            "sound-first": True,
            "download-need": False,
            "supports": True,
            "home-language": False,
        }
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (dict(question="sound", choice=1, why="."), "names question 'sound', which sheet"),
        (dict(question="sound-first", why="."), "gives no answer: give exactly one of"),
        (dict(question="sound-first", choice=1, number=2, why="."), "gives choice and number"),
        (dict(question="sound-first", choice=1), "has no why="),
        (dict(question="sound-first", choice=3, why="."), "count the options from 0"),
        (dict(question="sound-first", choices=[1], why="."), "add multiple=True to the Ask"),
        (dict(question="sound-first", number=1, why="."), "give choice= (an option number"),
        (dict(question="download-need", choice=0, why="."), "give number= or text="),
    ],
)
def test_a_key_no_answer_could_meet_is_refused_wherever_it_runs(
    tmp_path, monkeypatch, entry, message
):
    monkeypatch.delenv(AUTOGRADING_ENV, raising=False)
    AnswerSheet(SHEET, QUESTIONS, store=RecordStore(tmp_path))
    question = entry.pop("question")
    with pytest.raises(AnswerKeyError, match=message.replace("(", r"\(")) as refused:
        answer_key(SHEET).expect(question, **entry)
    assert "\n" not in str(refused.value)


def test_older_tests_still_read_an_id_sheet_by_position(hand_in):
    hand_in({"sound-first": [1], "download-need": 9.0})
    answers = graded_answers(SHEET)
    assert answers[0] == [1] and answers["sound-first"] == [1]
    assert answers.number(1, "Mbit/s") == 9.0 and answers[3] == []
