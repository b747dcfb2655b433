"""What the browser lets the live room use, and what to tell the trainee about it.

The browser reports each device (camera, microphone) in one of the states
below (``MediaCheck`` asks it). These rules turn the two states into what can
be recorded and into one line per problem that names it and the fix, so the
live room never counts down a recording the browser cannot make.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: ``checking`` until the browser has answered; then one of the others.
DeviceState = Literal["checking", "ok", "denied", "missing", "busy", "unsupported", "error"]
DEVICE_STATES: tuple[DeviceState, ...] = (
    "checking",
    "ok",
    "denied",
    "missing",
    "busy",
    "unsupported",
    "error",
)

#: What to plug in, per device (or both), when none is found.
_PLUG_IN = {
    "camera": "a webcam",
    "microphone": "a headset or a microphone",
    "camera and microphone": "a webcam and a headset",
}

#: One line per problem: what is wrong, then what to do. ``{device}`` is filled in.
_PROBLEMS: dict[str, str] = {
    "denied": (
        "The browser is not allowed to use your {device}: click the camera icon or the "
        "padlock in the address bar, allow the {device} for this site, then press Check again."
    ),
    "missing": "No {device} found: plug in {plug_in}, then press Check again.",
    "busy": (
        "Your {device} is in use by another program: close it (a video call, the camera "
        "app), then press Check again."
    ),
    "unsupported": (
        "This browser does not let this page use a {device}: open the page in a current "
        "Chrome, Edge or Firefox; if that fails too, ask your trainer to serve it over https."
    ),
    "error": "Your {device} could not be started ({detail}): press Check again, or restart "
    "the browser.",
}

CHECKING = "Checking your camera and microphone… if the browser asks, choose Allow."
ALL_WORK = "Camera and microphone work."
AUDIO_ONLY = (
    "You can still practise with sound only: press Record audio only, then listen back "
    "and review it like a video clip."
)
NOTHING_TO_RECORD = "A clip needs your voice: nothing can be recorded until the microphone works."


@dataclass(frozen=True)
class MediaAdvice:
    """What the live room may record now, and what the trainee reads about it."""

    can_record_video: bool
    can_record_audio: bool
    checking: bool
    problems: tuple[str, ...]
    next_step: str


def media_advice(camera: str, microphone: str, detail: str = "") -> MediaAdvice:
    """What can be recorded with a camera and a microphone in these states, and why not.

    A video clip needs both (a micro-teaching clip without the voice is of no
    use); an audio-only clip needs the microphone.
    """
    for state in (camera, microphone):
        if state not in DEVICE_STATES:
            raise ValueError(
                f"device state {state!r} is not one of {', '.join(DEVICE_STATES)}: "
                "the camera check sent something this version does not know"
            )
    if "checking" in (camera, microphone):
        return MediaAdvice(False, False, True, (), CHECKING)
    problems = []
    if camera != "ok" and camera == microphone:
        problems.append(_problem(camera, "camera and microphone", detail))
    else:
        for device, state in (("camera", camera), ("microphone", microphone)):
            if state != "ok":
                problems.append(_problem(state, device, detail))
    video = camera == "ok" and microphone == "ok"
    audio = microphone == "ok"
    next_step = ALL_WORK if video else AUDIO_ONLY if audio else NOTHING_TO_RECORD
    return MediaAdvice(video, audio, False, tuple(problems), next_step)


def _problem(state: str, device: str, detail: str) -> str:
    return _PROBLEMS[state].format(
        device=device, plug_in=_PLUG_IN[device], detail=detail or "no reason given"
    )
