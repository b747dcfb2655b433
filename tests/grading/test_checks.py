"""graded_answers: judge only while autograding, and only the hand-in's own work."""

from __future__ import annotations

from classbridge.core.storage import RecordStore
from classbridge.grading.checks import AUTOGRADING_ENV, graded_answers, show_reflection_for_grader


def test_outside_autograding_nothing_is_judged(monkeypatch, capsys):
    monkeypatch.delenv(AUTOGRADING_ENV, raising=False)
    assert graded_answers("01-welcome/graded") is None
    show_reflection_for_grader("01-welcome/reflection")
    assert capsys.readouterr().out.count("Reflection (") == 0


def test_while_autograding_the_hand_in_is_read(monkeypatch, tmp_path, capsys):
    # autograded/<trainee>/<module>/ with the trainee's work beside the notebook
    hand_in = tmp_path / "autograded" / "rita" / "01-welcome"
    work = RecordStore(hand_in / "classbridge-work" / "rita")
    work.save("01-welcome/graded", {"answers": {"0": [1], "2": "9"}}, 0)
    work.save("01-welcome/reflection", {"text": "Mine."}, 0)
    # The grader's own workspace and login must not be what is graded.
    monkeypatch.setenv("CLASSBRIDGE_WORKSPACE", str(tmp_path / "grader"))
    monkeypatch.delenv("CLASSBRIDGE_TRAINEE", raising=False)
    monkeypatch.setenv(AUTOGRADING_ENV, "1")
    monkeypatch.chdir(hand_in)
    answers = graded_answers("01-welcome/graded")
    assert answers[0] == [1] and answers[2] == "9"
    assert answers[1] == []  # unanswered
    show_reflection_for_grader("01-welcome/reflection")
    assert "Mine." in capsys.readouterr().out


def test_work_saved_under_another_login_is_found(monkeypatch, tmp_path):
    hand_in = tmp_path / "autograded" / "rita" / "01-welcome"
    RecordStore(hand_in / "classbridge-work" / "teacher7").save(
        "m/graded", {"answers": {"0": [2]}}, 0
    )
    monkeypatch.setenv(AUTOGRADING_ENV, "1")
    monkeypatch.delenv("CLASSBRIDGE_TRAINEE", raising=False)
    monkeypatch.chdir(hand_in)
    assert graded_answers("m/graded")[0] == [2]
