"""What the browser lets the live room use, and what to tell the trainee about it.

The browser reports each device (camera, microphone) in one of the states
below (``MediaCheck`` asks it). These rules turn the two states into what can
be recorded and into one line per problem that names it and the fix, so the
live room never counts down a recording the browser cannot make.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from classbridge.core.language import N_, _

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

#: Each device (or both) as a problem line names it.
_DEVICE_NAMES = {
    "camera": N_("camera"),
    "microphone": N_("microphone"),
    "camera and microphone": N_("camera and microphone"),
}

#: What to plug in, per device (or both), when none is found.
_PLUG_IN = {
    "camera": N_("a webcam"),
    "microphone": N_("a headset or a microphone"),
    "camera and microphone": N_("a webcam and a headset"),
}

#: One line per problem: what is wrong, then what to do. ``{device}`` is filled in.
_PROBLEMS: dict[str, str] = {
    "denied": N_(
        "The browser is not allowed to use your {device}: click the camera icon or the "
        "padlock in the address bar, allow the {device} for this site, then press Check again."
    ),
    "missing": N_("No {device} found: plug in {plug_in}, then press Check again."),
    "busy": N_(
        "Your {device} is in use by another program: close it (a video call, the camera "
        "app), then press Check again."
    ),
    "unsupported": N_(
        "This browser does not let this page use a {device}: open the page in a current "
        "Chrome, Edge or Firefox; if that fails too, ask your trainer to serve it over https."
    ),
    "error": N_(
        "Your {device} could not be started ({detail}): press Check again, or restart the browser."
    ),
}

# What the trainee reads next; ``media_advice`` gives them in the page's language.
CHECKING = N_("Checking your camera and microphone… if the browser asks, choose Allow.")
ALL_WORK = N_("Camera and microphone work.")
AUDIO_ONLY = N_(
    "You can still practise with sound only: press Record audio only, then listen back "
    "and review it like a video clip."
)
NOTHING_TO_RECORD = N_(
    "A clip needs your voice: nothing can be recorded until the microphone works."
)


@dataclass(frozen=True)
class MediaAdvice:
    """What the live room may record now, and what the trainee reads about it (translated)."""

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
                _(
                    "device state {state} is not one of {states}: "
                    "the camera check sent something this version does not know"
                ).format(state=repr(state), states=", ".join(DEVICE_STATES))
            )
    if "checking" in (camera, microphone):
        return MediaAdvice(False, False, True, (), _(CHECKING))
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
    return MediaAdvice(video, audio, False, tuple(problems), _(next_step))


def _problem(state: str, device: str, detail: str) -> str:
    return _(_PROBLEMS[state]).format(
        device=_(_DEVICE_NAMES[device]),
        plug_in=_(_PLUG_IN[device]),
        detail=detail or _("no reason given"),
    )
