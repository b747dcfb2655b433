"""The camera check: each state the browser reports becomes what can be recorded and one
line naming the problem and the fix; the check's JavaScript comes with the package."""

from __future__ import annotations

import re

import pytest
import traitlets

from classbridge.widgets.media_access import (
    ALL_WORK,
    AUDIO_ONLY,
    CHECKING,
    DEVICE_STATES,
    NOTHING_TO_RECORD,
    media_advice,
)
from classbridge.widgets.media_check import MediaCheck


def test_both_working_allow_a_video_clip():
    advice = media_advice("ok", "ok")
    assert (advice.can_record_video, advice.can_record_audio, advice.problems) == (True, True, ())
    assert advice.next_step == ALL_WORK


def test_nothing_is_allowed_while_the_browser_is_asked():
    for camera, microphone in (("checking", "ok"), ("ok", "checking"), ("checking", "checking")):
        advice = media_advice(camera, microphone)
        assert advice.checking and not advice.can_record_video and not advice.can_record_audio
        assert advice.next_step == CHECKING


@pytest.mark.parametrize("state", [s for s in DEVICE_STATES if s not in ("ok", "checking")])
def test_without_a_camera_the_microphone_still_records_sound(state):
    advice = media_advice(state, "ok", detail="camera: TypeError: odd")
    assert (advice.can_record_video, advice.can_record_audio) == (False, True)
    assert advice.next_step == AUDIO_ONLY
    (problem,) = advice.problems
    assert "camera" in problem and "microphone" not in problem


@pytest.mark.parametrize("state", [s for s in DEVICE_STATES if s not in ("ok", "checking")])
def test_without_a_microphone_nothing_is_recorded(state):
    advice = media_advice("ok", state)
    assert (advice.can_record_video, advice.can_record_audio) == (False, False)
    assert advice.next_step == NOTHING_TO_RECORD


@pytest.mark.parametrize(
    ("camera", "microphone", "problems"),
    [
        (
            "denied",
            "denied",
            [
                "The browser is not allowed to use your camera and microphone: click the "
                "camera icon or the padlock in the address bar, allow the camera and "
                "microphone for this site, then press Check again."
            ],
        ),
        (
            "missing",
            "ok",
            ["No camera found: plug in a webcam, then press Check again."],
        ),
        (
            "busy",
            "denied",
            [
                "Your camera is in use by another program: close it (a video call, the "
                "camera app), then press Check again.",
                "The browser is not allowed to use your microphone: click the camera icon or "
                "the padlock in the address bar, allow the microphone for this site, then "
                "press Check again.",
            ],
        ),
    ],
)
def test_each_problem_is_one_line_naming_it_and_the_fix(camera, microphone, problems):
    advice = media_advice(camera, microphone)
    assert list(advice.problems) == problems


def test_an_unexpected_failure_keeps_the_browsers_words():
    (problem,) = media_advice("error", "ok", "camera: TypeError: boom").problems
    assert problem == (
        "Your camera could not be started (camera: TypeError: boom): press Check again, "
        "or restart the browser."
    )


def test_a_state_this_version_does_not_know_is_refused_by_name():
    with pytest.raises(ValueError, match="device state 'maybe' is not one of checking, ok"):
        media_advice("maybe", "ok")
    check = MediaCheck()
    with pytest.raises(traitlets.TraitError):
        check.camera = "maybe"


def test_the_check_starts_unknown_and_asks_again_on_request():
    check = MediaCheck()
    assert (check.camera, check.microphone) == ("checking", "checking")
    check.camera, check.microphone = "denied", "ok"
    check.check_again()
    assert (check.camera, check.microphone) == ("checking", "checking")


def test_the_checks_javascript_is_in_the_package_and_loads_nothing_from_outside():
    code = MediaCheck()._esm
    assert "getUserMedia" in code and "export default" in code
    assert not re.search(r"\bimport\b|https?://|//cdn", code)
    for state in DEVICE_STATES:
        assert f'"{state}"' in code, f"the page never reports {state!r}"
