"""LiveRoom: the practice room — check camera and microphone, record, watch back, review.

First ``MediaCheck`` asks the browser whether the camera and the microphone
can be used. Until both work, nothing is built on them and "Start recording"
stays off, with the reason and the fix on screen: ipywebrtc 0.6.0, which does
the recording, cannot report a refused or missing camera, and a recording
started without one never ends. With a microphone alone the trainee can still
practise with sound only.

Built on ipywebrtc: ``CameraStream`` for the preview, its ``AudioRecorder``
for a hear-yourself microphone check (hearing your own voice back is the check
that matters before a lesson), its ``VideoRecorder`` for the micro-teaching
clip and an ``AudioRecorder`` for an audio-only clip. The browser records; the
clip arrives in Python when recording stops and is saved atomically into the
trainee's workspace (``clip_files``), then listed with its review (``ClipShelf``).
"""

from __future__ import annotations

import threading
import time
from html import escape
from pathlib import Path

import ipywidgets as w

from classbridge.core.language import N_, _
from classbridge.core.storage import RecordStore, SaveFailed
from classbridge.core.visit import when_visited
from classbridge.core.workspace import shown_name
from classbridge.widgets.clip_files import (
    MAX_CLIP_BYTES,
    clip_name,
    list_clips,
    save_clip,
)
from classbridge.widgets.clip_shelf import ClipShelf, clip_player
from classbridge.widgets.media_access import media_advice
from classbridge.widgets.rubric import MICRO_TEACHING, RubricSpec
from classbridge.widgets.saving import TraineeStore, error_html

__all__ = ["MAX_CLIP_BYTES", "ClipLibrary", "LiveRoom", "clip_name", "list_clips", "save_clip"]

#: Seconds to wait for a stopped recording to reach Python before saying it did not
#: (a long clip over a slow link takes a while; one arriving later is still saved).
SAVE_TIMEOUT = 60.0
NO_RECORDING = N_(
    "No recording has arrived from the browser: check that the camera and microphone are "
    "still plugged in and allowed (press Check again), then record again."
)


def _heading(text: str) -> w.HTML:
    return w.HTML(f"<h3>{escape(text)}</h3>")


class LiveRoom(w.VBox):
    """Camera and microphone check, then record a clip, watch it back and score it.

    Example::

        LiveRoom("05-live-room/clip", time_limit=300)
    """

    store = TraineeStore()

    def __init__(
        self,
        key: str = "05-live-room",
        time_limit: int = 120,
        countdown: int = 3,
        rubric: RubricSpec = MICRO_TEACHING,
        store: RecordStore | None = None,
        save_timeout: float = SAVE_TIMEOUT,
    ) -> None:
        from classbridge.widgets.media_check import MediaCheck

        self.key = key
        self.time_limit = time_limit
        self.countdown = countdown
        self.rubric_spec = rubric
        self.store = store
        self.save_timeout = save_timeout
        self._stop_at: float | None = None
        self._clock: threading.Thread | None = None
        self._watchdog: threading.Timer | None = None
        self._recording = None  # the recorder of the clip being made, if any
        self.last_clip: Path | None = None
        self.camera = self.recorder = None
        self.microphone = self.mic_recorder = self.audio_recorder = None

        self.media_check = MediaCheck()
        self.media_status = w.HTML()
        self.media_status.add_class("cb-media-status")
        self.check_button = w.Button(description=_("Check again"), icon="refresh")
        self.check_button.on_click(lambda _: self.media_check.check_again())
        self.preview = w.Box()
        self.mic_button = w.Button(
            description=_("Test microphone (3 s)"),
            icon="microphone",
            layout=w.Layout(width="auto", flex="0 0 auto"),  # never squeezed on a phone
        )
        self.mic_button.on_click(lambda _: self.test_microphone())
        self.mic_status = w.HTML(escape(_("Say a sentence as you would to a class, then listen.")))
        self.mic_status.add_class("cb-mic-status")
        self.mic_playback = w.Box()
        mic_line = w.HBox([self.mic_button, self.mic_status], layout=w.Layout(flex_flow="row wrap"))
        self.mic_row = w.VBox([mic_line, self.mic_playback])
        self.mic_row.layout.display = "none"  # until the browser says the microphone works

        self.start_button = w.Button(
            description=_("Start recording"), button_style="danger", icon="circle", disabled=True
        )
        self.audio_button = w.Button(description=_("Record audio only"), icon="microphone")
        self.stop_button = w.Button(description=_("Stop"), icon="stop", disabled=True)
        self.start_button.on_click(lambda _: self.start())
        self.audio_button.on_click(lambda _: self.start_audio_only())
        self.stop_button.on_click(lambda _: self.stop())
        self.status = w.HTML(
            escape(
                _("Clips stop by themselves after {seconds} seconds.").format(seconds=time_limit)
            )
        )
        self.status.add_class("cb-record-status")
        self.clips = ClipShelf(key, rubric, store)

        super().__init__(
            [
                _heading(_("1. Camera and microphone")),
                self.media_check,
                w.VBox([self.media_status, self.check_button]),
                self.preview,
                self.mic_row,
                _heading(_("2. Record a micro-teaching clip")),
                w.HBox(
                    [self.start_button, self.audio_button, self.stop_button, self.status],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                _heading(_("3. Your clips: watch, then review each one")),
                self.clips,
            ]
        )
        self.add_class("cb-live-room")
        self.media_check.observe(
            lambda _: self._follow_media(), names=["camera", "microphone", "detail"]
        )
        self._follow_media()

    # -- what the browser lets us use -------------------------------------------------

    def _follow_media(self) -> None:
        """Show what works and what to do; build the camera and microphone once they work."""
        check = self.media_check
        advice = media_advice(check.camera, check.microphone, check.detail)
        problems = "".join(f"<p>{error_html(p)}</p>" for p in advice.problems)
        self.media_status.value = f"{problems}<p>{escape(advice.next_step)}</p>"
        settled = not advice.checking
        self.check_button.layout.display = "" if settled and advice.problems else "none"
        if settled and self._recording is None:
            if advice.can_record_video:
                self._connect_camera()
            else:
                self._disconnect_camera()
            if advice.can_record_audio:
                self._connect_microphone()
            else:
                self._disconnect_microphone()
        idle = self._recording is None
        self.start_button.disabled = not (idle and self.recorder is not None)
        self.audio_button.disabled = not (idle and self.audio_recorder is not None)
        self.audio_button.layout.display = (
            "" if settled and advice.can_record_audio and not advice.can_record_video else "none"
        )

    def _connect_camera(self) -> None:
        """A fresh preview and recorder: ipywebrtc keeps a stream that failed once forever."""
        if self.camera is not None:
            return
        from ipywebrtc import CameraStream, VideoRecorder

        self.camera = CameraStream(
            constraints={"audio": True, "video": {"width": 640, "height": 480}}
        )
        self.camera.layout.width = "480px"
        self.camera.layout.max_width = "100%"
        self.recorder = VideoRecorder(stream=self.camera, format="webm")
        self.recorder.video.observe(self._on_video, names="value")
        self.preview.children = [self.camera]

    def _disconnect_camera(self) -> None:
        if self.camera is None:
            return
        self.preview.children = []
        self.recorder.close()
        self.camera.close()
        self.camera = self.recorder = None

    def _connect_microphone(self) -> None:
        if self.microphone is not None:
            return
        from ipywebrtc import AudioRecorder, CameraStream

        # A recorder of audio needs a stream of audio only: the browser's
        # MediaRecorder refuses an audio format for a stream with video.
        self.microphone = CameraStream(constraints={"audio": True, "video": False})
        self.mic_recorder = AudioRecorder(stream=self.microphone, format="webm")
        self.mic_recorder.audio.observe(self._on_mic_test, names="value")
        self.audio_recorder = AudioRecorder(stream=self.microphone, format="webm")
        self.audio_recorder.audio.observe(self._on_audio_clip, names="value")
        self.mic_row.layout.display = ""

    def _disconnect_microphone(self) -> None:
        self.mic_row.layout.display = "none"
        if self.microphone is None:
            return
        for widget in (self.mic_recorder, self.audio_recorder, self.microphone):
            widget.close()
        self.microphone = self.mic_recorder = self.audio_recorder = None
        self.mic_playback.children = []

    # -- the microphone test ------------------------------------------------------------

    def test_microphone(self) -> None:
        if self.mic_recorder is None:
            return
        recorder = self.mic_recorder
        self.mic_status.value = escape(_("Recording 3 seconds… speak now."))
        recorder.recording = True
        threading.Timer(3.0, lambda: setattr(recorder, "recording", False)).start()

    def _on_mic_test(self, change) -> None:
        if change["new"]:
            self.mic_status.value = escape(
                _(
                    "Recorded {size} KB — play it back below. "
                    "Could a learner at the back of the room follow you?"
                ).format(size=len(change["new"]) // 1024 or 1)
            )
            player = w.Audio(value=change["new"], format="webm", autoplay=False, controls=True)
            self.mic_playback.children = [player]

    # -- recording a clip ---------------------------------------------------------------

    def start(self) -> None:
        """Count down, then record a video clip (only once the camera check passed)."""
        self._start(self.recorder)

    def start_audio_only(self) -> None:
        """Count down, then record a clip of sound only (when no camera can be used)."""
        self._start(self.audio_recorder)

    def _start(self, recorder) -> None:
        if recorder is None or self._recording is not None:
            return
        self._recording = recorder
        self._follow_media()
        self._clock = threading.Thread(target=self._run_clock, args=(recorder,), daemon=True)
        self._clock.start()

    def _run_clock(self, recorder) -> None:
        for left in range(self.countdown, 0, -1):
            starts = _("Recording starts in {seconds}…").format(seconds=left)
            self.status.value = f"<strong>{escape(starts)}</strong>"
            time.sleep(1)
        recorder.recording = True
        self.stop_button.disabled = False
        self._stop_at = time.monotonic() + self.time_limit
        while recorder.recording:
            left = max(0, int(round(self._stop_at - time.monotonic())))
            recording = escape(_("● Recording"))
            time_left = escape(_("{time} left").format(time=f"{left // 60}:{left % 60:02d}"))
            self.status.value = f"<strong>{recording}</strong> — {time_left}"
            if left <= 0:
                self.stop()
                break
            time.sleep(0.5)

    def stop(self) -> None:
        recorder = self._recording
        self.stop_button.disabled = True
        if recorder is None or not recorder.recording:
            return
        recorder.recording = False
        self.status.value = escape(_("Stopped. Saving your clip…"))
        self._watchdog = threading.Timer(self.save_timeout, self._no_recording_arrived)
        self._watchdog.daemon = True
        self._watchdog.start()

    def _no_recording_arrived(self) -> None:
        """The browser sent nothing: say so and let the trainee try again, never hang."""
        if self._recording is None:
            return
        self._recording = None
        self.status.value = error_html(_(NO_RECORDING))
        self.media_check.check_again()
        self._follow_media()

    def _finished(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
        self._recording = None
        self._follow_media()

    def _on_video(self, change) -> None:
        self._keep(change["new"], audio_only=False)

    def _on_audio_clip(self, change) -> None:
        self._keep(change["new"], audio_only=True)

    def _keep(self, payload: bytes, audio_only: bool) -> None:
        if not payload:
            return
        self._finished()
        name = clip_name(audio_only=audio_only)
        try:
            self.last_clip = save_clip(self.store.folder, name, payload)
        except (ValueError, SaveFailed) as err:
            self.status.value = error_html(str(err))
            return
        saved = _("Saved {file} ({size} KB).").format(
            file=f"{name}.webm", size=len(payload) // 1024
        )
        then = _("Watch it below, then review it.")
        self.status.value = f'<span class="cb-clip-saved">{escape(saved)}</span> {escape(then)}'
        self.clips.refresh(select=name)


class ClipLibrary(w.VBox):
    """For trainers: open any trainee's saved clip from the workspace.

    Example::

        ClipLibrary()  # lists <workspace>/<trainee>/clips/*.webm
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.picker = w.Dropdown(description=_("Clip"), layout=w.Layout(width="32em"))
        self.refresh_button = w.Button(description=_("Refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.viewer = w.VBox()
        self.picker.observe(lambda _: self._show(), names="value")
        super().__init__([w.HBox([self.picker, self.refresh_button]), self.viewer])
        self.add_class("cb-clip-library")
        when_visited(self.refresh)  # the clips as they are when the trainer arrives

    def refresh(self) -> None:
        clips = list_clips(self.root)
        self.picker.options = [
            (f"{shown_name(trainee)} — {path.stem}", str(path)) for trainee, path in clips
        ]
        if not clips:
            self.viewer.children = [w.HTML(escape(_("No clips saved yet.")))]

    def _show(self) -> None:
        if not self.picker.value:
            return
        self.viewer.children = [clip_player(Path(self.picker.value))]
