"""Quiz rules without a browser: what is right, and what the trainee is told."""

from __future__ import annotations

import pytest

from classbridge.core.storage import RecordStore
from classbridge.widgets import (
    ChoiceQuestion,
    NumericQuestion,
    Quiz,
    TextQuestion,
    quiz_result,
)

SINGLE = ChoiceQuestion(
    prompt="Who starts the backup task when the link drops?",
    options=("Remote teacher", "On-site teacher"),
    correct=(1,),
    explanation="The on-site teacher is in the room.",
)
MULTI = ChoiceQuestion(
    prompt="Remote teacher's tasks?",
    options=("Explain content", "Seat learners", "Keep timing"),
    correct=(0, 2),
    multiple=True,
    explanation="Seating is done in the room.",
)


def test_feedback_always_explains():
    assert SINGLE.check({1}).correct
    assert SINGLE.check({1}).message == "Correct. The on-site teacher is in the room."
    wrong = SINGLE.check({0})
    assert not wrong.correct
    assert wrong.message == "Not quite. The on-site teacher is in the room."
    assert SINGLE.check(set()).message == "Choose an answer first."


def test_multiple_choice_partial_and_wrong():
    assert MULTI.check({0, 2}).correct
    assert MULTI.check({0}).message.startswith("Partly right")
    assert MULTI.check({0, 1}).message.startswith("Not quite")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"options": ("only",), "correct": (0,)}, "needs at least two options"),
        ({"options": ("a", "b"), "correct": (2,)}, "must be option numbers 0-1"),
        ({"options": ("a", "b"), "correct": (0, 1)}, "set multiple=True"),
    ],
)
def test_badly_written_questions_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ChoiceQuestion(prompt="Q", explanation="E", **kwargs)


def test_quiz_widget_scores_checked_answers():
    quiz = Quiz([SINGLE, MULTI], title="Roles")
    single, multi = quiz.views
    single.set_answer([1])
    assert quiz.score == 0  # chosen but not checked yet
    single.show_feedback()
    multi.set_answer([0, 2])
    multi.check_button.click()
    assert quiz.score == 2
    assert "Correct." in single.feedback.value


def test_quiz_escapes_author_text():
    quiz = Quiz([ChoiceQuestion("<b>Q</b>", ("a", "b"), (0,), "E")], title="<i>T</i>")
    html = [child.value for child in quiz.children[:1]] + [quiz.views[0].children[0].value]
    assert all("<i>T" not in h and "<b>Q" not in h for h in html)


def test_empty_quiz_is_refused():
    with pytest.raises(ValueError, match="at least one question"):
        Quiz([])


def test_numeric_and_text_questions():
    numeric = NumericQuestion("Mbit/s?", answer=6, explanation="4 x 1.5 = 6.", tolerance=0.1)
    assert numeric.check("6,05").correct
    assert not numeric.check("7").correct
    assert numeric.check("six").message == "Enter a number, e.g. 6."
    text = TextQuestion("The ... teacher", ("on-site", "local"), "We say on-site.")
    assert text.check("  On-Site ").correct
    assert not text.check("remote").correct
    assert text.check(" ").message == "Write an answer first."


def test_answers_are_saved_restored_and_readable_by_a_test_cell(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSBRIDGE_WORKSPACE", str(tmp_path))
    monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "amy")
    questions = [SINGLE, MULTI, TextQuestion("Who?", ("on-site",), "E")]
    quiz = Quiz(questions, key="01-welcome/roles")
    quiz.views[0].set_answer([1])
    quiz.views[0].show_feedback()
    quiz.views[2].set_answer("remote")
    quiz.views[2].check_button.click()
    assert "Saved at" in quiz.saved.status.value

    result = quiz_result("01-welcome/roles")
    assert (result.score, result.total) == (1, 3)
    assert result.answers == {"0": [1], "2": "remote"}
    assert result.correct == {"0": True, "2": False}

    reopened = Quiz(questions, key="01-welcome/roles")
    assert reopened.views[0].answer() == [1]
    assert "Correct." in reopened.views[0].feedback.value
    assert reopened.views[2].answer() == "remote"
    assert reopened.score == 1


def test_stale_tab_cannot_overwrite_quiz_answers(tmp_path):
    store = RecordStore(tmp_path)
    tab_a = Quiz([SINGLE], key="q", store=store)
    tab_b = Quiz([SINGLE], key="q", store=store)
    tab_a.views[0].set_answer([1])
    tab_a.views[0].show_feedback()
    tab_b.views[0].set_answer([0])
    tab_b.views[0].show_feedback()
    assert "changed in another tab or window" in tab_b.saved.status.value
    assert store.load("q").data["answers"] == {"0": [1]}
