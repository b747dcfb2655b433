"""Quiz rules without a browser: what is right, and what the trainee is told."""

from __future__ import annotations

import pytest

from classbridge.widgets import ChoiceQuestion, Quiz

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
    single.choose(1)
    assert quiz.score == 0  # chosen but not checked yet
    single.show_feedback()
    multi.choose(0, 2)
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
