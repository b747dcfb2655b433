"""LiveRoom: the practice room — check camera and microphone, record, watch back, review.

Built on ipywebrtc: ``CameraStream`` for the preview, its ``AudioRecorder``
for a hear-yourself microphone check (ipywebrtc offers no level meter; hearing
your own voice back is the check that matters before a lesson), and its
``VideoRecorder`` for the micro-teaching clip. The browser records; the clip
arrives in Python when recording stops and is saved atomically into the
trainee's workspace, then reviewed with the ``Rubric``.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from html import escape
from pathlib import Path

import ipywidgets as w

from classbridge.core.storage import RecordStore, SaveFailed, write_atomic
from classbridge.core.visit import await_visitor
from classbridge.core.workspace import check_segment, workspace_root
from classbridge.widgets.rubric import MICRO_TEACHING, Rubric, RubricSpec
from classbridge.widgets.saving import TraineeStore, error_html

MAX_CLIP_BYTES = 200 * 1024 * 1024
CLIP_FOLDER = "clips"


def clip_name(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("clip-%Y%m%d-%H%M%S")


def save_clip(folder: Path, name: str, payload: bytes, limit: int = MAX_CLIP_BYTES) -> Path:
    """Store a recorded clip; refuses empty or oversized recordings with the reason."""
    check_segment(name, "clip name")
    if not payload:
        raise ValueError("the recording is empty: check the camera is allowed, then record again")
    if len(payload) > limit:
        raise ValueError(
            f"the recording is {len(payload) / 2**20:.0f} MB, over the {limit / 2**20:.0f} MB "
            "limit: record a shorter clip"
        )
    path = folder / CLIP_FOLDER / f"{name}.webm"
    write_atomic(path, payload)
    return path


def list_clips(root: Path | None = None) -> list[tuple[str, Path]]:
    """Every saved clip in the workspace, as (trainee, path), for trainers."""
    base = root or workspace_root()
    if not base.is_dir():
        return []
    return sorted((path.parent.parent.name, path) for path in base.glob(f"*/{CLIP_FOLDER}/*.webm"))


class LiveRoom(w.VBox):
    """Camera and microphone check, then record a clip, watch it back and score it.

    Example::

        LiveRoom("05-live-room", time_limit=120)
    """

    store = TraineeStore()

    def __init__(
        self,
        key: str = "05-live-room",
        time_limit: int = 120,
        countdown: int = 3,
        rubric: RubricSpec = MICRO_TEACHING,
        store: RecordStore | None = None,
    ) -> None:
        from ipywebrtc import AudioRecorder, CameraStream, VideoRecorder

        self.key = key
        self.time_limit = time_limit
        self.countdown = countdown
        self.rubric_spec = rubric
        self.store = store
        self._stop_at: float | None = None
        self._clock: threading.Thread | None = None
        self.last_clip: Path | None = None

        self.camera = CameraStream(
            constraints={"audio": True, "video": {"width": 640, "height": 480}}
        )
        self.camera.layout.width = "480px"
        # A recorder of audio needs a stream of audio only: the browser's
        # MediaRecorder refuses an audio format for a stream with video.
        self.microphone = CameraStream(constraints={"audio": True, "video": False})
        self.mic_recorder = AudioRecorder(stream=self.microphone, format="webm")
        self.mic_button = w.Button(description="Test microphone (3 s)", icon="microphone")
        self.mic_button.on_click(lambda _: self.test_microphone())
        self.mic_status = w.HTML("Say a sentence as you would to a class, then listen.")
        self.mic_status.add_class("cb-mic-status")
        self.mic_recorder.audio.observe(self._on_audio, names="value")

        self.recorder = VideoRecorder(stream=self.camera, format="webm")
        self.start_button = w.Button(
            description="Start recording", button_style="danger", icon="circle"
        )
        self.stop_button = w.Button(description="Stop", icon="stop", disabled=True)
        self.start_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        self.status = w.HTML(f"Clips stop by themselves after {time_limit} seconds.")
        self.status.add_class("cb-record-status")
        self.recorder.video.observe(self._on_video, names="value")
        self.playback = w.VBox()
        self.playback.add_class("cb-playback")

        super().__init__(
            [
                w.HTML("<h3>1. Camera and microphone</h3>"),
                self.camera,
                w.HBox([self.mic_button, self.mic_status]),
                w.HTML("<h3>2. Record a micro-teaching clip</h3>"),
                w.HBox([self.start_button, self.stop_button, self.status]),
                self.playback,
            ]
        )
        self.add_class("cb-live-room")

    def test_microphone(self) -> None:
        self.mic_status.value = "Recording 3 seconds… speak now."
        self.mic_recorder.recording = True
        threading.Timer(3.0, lambda: setattr(self.mic_recorder, "recording", False)).start()

    def _on_audio(self, change) -> None:
        if change["new"]:
            self.mic_status.value = (
                f"Recorded {len(change['new']) // 1024 or 1} KB — play it back below. "
                "Could a learner at the back of the room follow you?"
            )
            player = w.Audio(value=change["new"], format="webm", autoplay=False, controls=True)
            self.children = self.children[:3] + (player,) + self.children[3:]

    def start(self) -> None:
        self.start_button.disabled = True
        self._clock = threading.Thread(target=self._run_clock, daemon=True)
        self._clock.start()

    def _run_clock(self) -> None:
        for left in range(self.countdown, 0, -1):
            self.status.value = f"<strong>Recording starts in {left}…</strong>"
            time.sleep(1)
        self.recorder.recording = True
        self.stop_button.disabled = False
        self._stop_at = time.monotonic() + self.time_limit
        while self.recorder.recording:
            left = max(0, int(round(self._stop_at - time.monotonic())))
            self.status.value = f"<strong>● Recording</strong> — {left // 60}:{left % 60:02d} left"
            if left <= 0:
                self.stop()
                break
            time.sleep(0.5)

    def stop(self) -> None:
        if self.recorder.recording:
            self.recorder.recording = False
            self.status.value = "Stopped. Saving your clip…"
        self.stop_button.disabled = True
        self.start_button.disabled = False

    def _on_video(self, change) -> None:
        payload = change["new"]
        if not payload:
            return
        name = clip_name()
        try:
            self.last_clip = save_clip(self.store.folder, name, payload)
        except (ValueError, SaveFailed) as err:
            self.status.value = error_html(str(err))
            return
        self.status.value = (
            f'<span class="cb-clip-saved">Saved {escape(name)}.webm '
            f"({len(payload) // 1024} KB).</span> Watch it, then score it."
        )
        player = w.Video(value=payload, format="webm", autoplay=False, controls=True)
        player.layout.width = "480px"
        review = Rubric(f"{self.key}/{name}/review-self", self.rubric_spec, "self", self.store)
        self.playback.children = [w.HTML("<h3>3. Watch back and review</h3>"), player, review]


class ClipLibrary(w.VBox):
    """For trainers: open any trainee's saved clip from the workspace.

    Example::

        ClipLibrary()  # lists <workspace>/<trainee>/clips/*.webm
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.picker = w.Dropdown(description="Clip", layout=w.Layout(width="32em"))
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.viewer = w.VBox()
        self.picker.observe(lambda _: self._show(), names="value")
        super().__init__([w.HBox([self.picker, self.refresh_button]), self.viewer])
        self.add_class("cb-clip-library")
        await_visitor()
        self.refresh()

    def refresh(self) -> None:
        clips = list_clips(self.root)
        self.picker.options = [(f"{trainee} — {path.stem}", str(path)) for trainee, path in clips]
        if not clips:
            self.viewer.children = [w.HTML("No clips saved yet.")]

    def _show(self) -> None:
        if not self.picker.value:
            return
        path = Path(self.picker.value)
        player = w.Video(value=path.read_bytes(), format="webm", autoplay=False, controls=True)
        player.layout.width = "480px"
        self.viewer.children = [player]
