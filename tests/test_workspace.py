"""Names become paths only when they are safe."""

from __future__ import annotations

import pytest

from classbridge.core.visit import AUTOGRADING_ENV, current_trainee
from classbridge.core.workspace import (
    InvalidName,
    check_key,
    check_segment,
    trainee_dir,
)


@pytest.mark.parametrize("name", ["amy", "Amy.Lin", "t-01", "trainee_7"])
def test_ordinary_names_pass(name):
    assert check_segment(name, "trainee id") == name


@pytest.mark.parametrize(
    "name", ["", "..", "../etc", "a/b", ".hidden", "-x", "a b", "名字", "x" * 65, "a..b"]
)
def test_unsafe_names_are_refused_with_the_rule(name):
    with pytest.raises(InvalidName, match="use 1-64 letters, digits"):
        check_segment(name, "trainee id")


def test_keys_are_checked_segment_by_segment():
    assert check_key("01-welcome/roles-quiz") == "01-welcome/roles-quiz"
    for bad in ["01-welcome/../x", "/abs", "a//b", ""]:
        with pytest.raises(InvalidName):
            check_key(bad)


def test_trainee_comes_from_workshop_then_hub(monkeypatch, tmp_path):
    monkeypatch.delenv(AUTOGRADING_ENV, raising=False)
    monkeypatch.delenv("CLASSBRIDGE_TRAINEE", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-user")
    assert current_trainee() == "hub-user"
    monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "amy")
    monkeypatch.setenv("CLASSBRIDGE_WORKSPACE", str(tmp_path))
    assert trainee_dir(current_trainee()) == tmp_path / "amy"
    monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "../../root")
    with pytest.raises(InvalidName):
        current_trainee()


def test_while_autograding_the_trainee_is_the_hand_in_not_the_grader(monkeypatch, tmp_path):
    hand_in = tmp_path / "autograded" / "rita" / "01-welcome"
    hand_in.mkdir(parents=True)
    monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "the-trainer")
    monkeypatch.setenv(AUTOGRADING_ENV, "1")
    monkeypatch.chdir(hand_in)
    assert current_trainee() == "rita"
