"""Names become paths only when they are safe."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classbridge.core.visit import AUTOGRADING_ENV, Trainee, current_trainee
from classbridge.core.workspace import (
    InvalidName,
    check_key,
    check_segment,
    check_trainee_id,
    trainee_dir,
    trainee_id,
    trainee_name,
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
    assert current_trainee() == Trainee("hub-user", "hub-user")
    monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "amy")
    monkeypatch.setenv("CLASSBRIDGE_WORKSPACE", str(tmp_path))
    assert trainee_dir(current_trainee().id) == tmp_path / "amy"


@pytest.mark.parametrize(
    "login, folder",
    [
        ("maria.santos@deped.gov.ph", "maria.santos_40deped.gov.ph"),
        ("josé", "jos_C3_A9"),
        ("nguyễn", "nguy_E1_BB_85n"),
        ("王小明", "_E7_8E_8B_E5_B0_8F_E6_98_8E"),
        ("o'neil smith", "o_27neil_20smith"),
        ("trainee_7", "trainee_5F7"),
        ("../../root", "_2E._2F.._2Froot"),
        ("-rf", "_2Drf"),
    ],
)
def test_any_hub_login_is_a_trainee_with_a_safe_folder(monkeypatch, tmp_path, login, folder):
    monkeypatch.delenv(AUTOGRADING_ENV, raising=False)
    monkeypatch.delenv("CLASSBRIDGE_TRAINEE", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", login)
    assert current_trainee() == Trainee(login, folder)
    assert trainee_dir(folder, tmp_path).parent == tmp_path
    assert trainee_name(folder) == login


@given(st.text(min_size=1, max_size=60))
def test_trainee_ids_are_safe_reversible_and_collision_free(name):
    try:
        folder = trainee_id(name)
    except InvalidName as err:
        reasons = ("control character", "empty", "too long for a folder name")
        assert "\n" not in str(err) and any(reason in str(err) for reason in reasons)
        return
    assert check_trainee_id(folder) == folder
    assert trainee_name(folder) == name
    assert folder not in (".", "..") and "/" not in folder and not folder.startswith((".", "-"))
    # Reversible means collision-free: two names never share a folder.
    assert trainee_id(trainee_name(folder)) == folder


@pytest.mark.parametrize("name", ["", "   ", "a\x00b", "tab\there"])
def test_names_that_are_no_login_are_refused_in_one_line(name):
    with pytest.raises(InvalidName, match="trainee name"):
        trainee_id(name)


@pytest.mark.parametrize("folder", ["..", ".x", "a/b", "_zz", "x_2", "maria@x"])
def test_a_folder_id_not_made_by_classbridge_is_refused(folder):
    with pytest.raises(InvalidName, match="is not one ClassBridge makes"):
        check_trainee_id(folder)


def test_while_autograding_the_trainee_is_the_hand_in_not_the_grader(monkeypatch, tmp_path):
    hand_in = tmp_path / "autograded" / "maria.santos_40deped.gov.ph" / "01-welcome"
    hand_in.mkdir(parents=True)
    monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "the-trainer")
    monkeypatch.setenv(AUTOGRADING_ENV, "1")
    monkeypatch.chdir(hand_in)
    assert current_trainee() == Trainee("maria.santos@deped.gov.ph", "maria.santos_40deped.gov.ph")
