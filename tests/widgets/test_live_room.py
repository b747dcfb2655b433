"""The live room: clips saved in the trainee's folder and listed again after a reload, each
with one self-review; nothing recorded until the browser's camera check says it can be."""

from __future__ import annotations

import json
import time
from datetime import datetime

import pytest

from classbridge.core.storage import RecordStore
from classbridge.widgets import LiveRoom, list_clips, save_clip
from classbridge.widgets.clip_files import trainee_clips
from classbridge.widgets.live_room import NO_RECORDING, clip_name
from tests.support.repo import MODULES

ROOM = "05-live-room/clip"
MODULE_05 = MODULES / "05-live-room" / "live-room.ipynb"


def test_clip_saved_and_listed_for_trainers(tmp_path):
    name = clip_name(datetime(2026, 11, 25, 9, 30, 5))
    assert name == "clip-20261125-093005"
    path = save_clip(tmp_path / "amy", name, b"webm-bytes")
    assert path == tmp_path / "amy" / "clips" / "clip-20261125-093005.webm"
    assert path.read_bytes() == b"webm-bytes"
    save_clip(tmp_path / "ben", "clip-1", b"x")
    assert [(t, p.name) for t, p in list_clips(tmp_path)] == [
        ("amy", "clip-20261125-093005.webm"),
        ("ben", "clip-1.webm"),
    ]


def test_empty_and_oversized_recordings_are_refused(tmp_path):
    with pytest.raises(ValueError, match="the recording is empty"):
        save_clip(tmp_path, "clip-1", b"")
    with pytest.raises(ValueError, match="over the 1 MB limit: record a shorter clip"):
        save_clip(tmp_path, "clip-1", b"x" * (3 * 2**20), limit=2**20)
    assert list_clips(tmp_path) == []


def test_clip_name_cannot_traverse(tmp_path):
    with pytest.raises(ValueError, match="clip name"):
        save_clip(tmp_path, "../../evil", b"x")


def test_a_trainees_clips_newest_first_audio_ones_named_so(tmp_path):
    save_clip(tmp_path, clip_name(datetime(2026, 11, 25, 9, 30, 5)), b"v")
    save_clip(tmp_path, clip_name(datetime(2026, 11, 26, 8, 0, 0), audio_only=True), b"a")
    clips = trainee_clips(tmp_path)
    assert [c.name for c in clips] == ["clip-20261126-080000-audio", "clip-20261125-093005"]
    assert [c.audio_only for c in clips] == [True, False]
    assert clips[0].title() == "26 Nov 2026, 08:00:00 (audio only)"
    assert trainee_clips(tmp_path / "nobody") == []


# The clips list: what was recorded before a reload is there, each clip with its own review.


def room_with_media(store: RecordStore, camera: str = "ok", microphone: str = "ok", **kw):
    """A live room whose browser check has answered (as the page's MediaCheck would)."""
    room = LiveRoom(ROOM, time_limit=60, countdown=0, store=store, **kw)
    room.media_check.camera = camera
    room.media_check.microphone = microphone
    return room


def test_a_clip_recorded_before_a_reload_is_listed_with_its_review(tmp_path):
    store = RecordStore(tmp_path / "amy")
    room = room_with_media(store)
    room.recorder.video.value = b"\x1a\x45\xdf\xa3 first clip"
    name = room.last_clip.stem
    review = room.clips.review
    assert review.saved.key == f"{ROOM}/{name}/review-self"
    review.choices["Clarity"].value = "Proficient"
    review.criterion_comments["Clarity"].value = "Goal stated at the start."
    assert review.save()

    reloaded = LiveRoom(ROOM, store=store)  # a reload builds the room again
    labels = [label for label, _ in reloaded.clips.picker.options]
    assert len(labels) == 1
    assert labels[0].endswith("— reviewed: 3 / 16")
    assert reloaded.clips.review.saved.key == f"{ROOM}/{name}/review-self"
    assert reloaded.clips.review.scores() == {"Clarity": 3}
    assert reloaded.clips.review.criterion_comments["Clarity"].value == (
        "Goal stated at the start."
    )
    player = reloaded.clips.viewer.children[0].children[0]
    assert player.value == b"\x1a\x45\xdf\xa3 first clip"


def test_each_clip_has_one_self_review_of_its_own(tmp_path):
    store = RecordStore(tmp_path / "amy")
    save_clip(store.folder, "clip-20261125-093005", b"one")
    save_clip(store.folder, "clip-20261125-100000", b"two")
    room = LiveRoom(ROOM, store=store)
    newest, older = (value for _, value in room.clips.picker.options)
    assert room.clips.review.saved.key == f"{ROOM}/clip-20261125-100000/review-self"
    room.clips.review.choices["Clarity"].value = "Exemplary"
    room.clips.review.save()
    room.clips.picker.value = older
    assert room.clips.review.saved.key == f"{ROOM}/clip-20261125-093005/review-self"
    assert room.clips.review.scores() == {}
    labels = [label for label, _ in room.clips.picker.options]
    assert labels == [
        "25 Nov 2026, 10:00:00 — reviewed: 4 / 16",
        "25 Nov 2026, 09:30:05 — not reviewed yet",
    ]
    assert store.keys(ROOM) == [f"{ROOM}/clip-20261125-100000/review-self"]


def test_saving_a_review_keeps_it_on_screen_and_updates_the_list(tmp_path):
    store = RecordStore(tmp_path / "amy")
    save_clip(store.folder, "clip-20261125-093005", b"one")
    room = LiveRoom(ROOM, store=store)
    review = room.clips.review
    review.choices["Presence on camera"].value = "Developing"
    review.save()
    assert room.clips.review is review  # not rebuilt: its "Saved at" stays in view
    assert "Saved at" in review.saved.status.value
    assert room.clips.picker.options[0][0].endswith("reviewed: 2 / 16")


def test_no_clips_yet_says_so(tmp_path):
    room = LiveRoom(ROOM, store=RecordStore(tmp_path / "amy"))
    assert room.clips.picker.options == ()
    assert "No clips yet" in room.clips.empty.value
    assert room.clips.empty.layout.display != "none"


# The camera check: nothing is recorded until the browser says the camera works.


def test_nothing_can_be_recorded_while_the_browser_is_checking(tmp_path):
    room = LiveRoom(ROOM, store=RecordStore(tmp_path / "amy"))
    assert room.start_button.disabled
    assert room.camera is None and room.recorder is None
    assert room.mic_row.layout.display == "none"
    assert "Checking your camera and microphone" in room.media_status.value


@pytest.mark.parametrize(
    ("camera", "microphone", "said"),
    [
        ("denied", "denied", "not allowed to use your camera and microphone"),
        ("missing", "missing", "No camera and microphone found: plug in"),
        ("busy", "ok", "Your camera is in use by another program"),
        ("ok", "missing", "No microphone found: plug in a headset or a microphone"),
    ],
)
def test_a_camera_the_browser_cannot_use_is_said_and_recording_stays_off(
    tmp_path, camera, microphone, said
):
    room = room_with_media(RecordStore(tmp_path / "amy"), camera, microphone)
    assert room.start_button.disabled
    assert room.recorder is None  # no ipywebrtc stream to fail in the page
    assert said in room.media_status.value
    assert "cb-error" in room.media_status.value
    assert room.check_button.layout.display != "none"
    room.start()  # even if called: nothing starts
    assert room._clock is None


def test_with_a_microphone_alone_the_trainee_practises_audio_only(tmp_path):
    store = RecordStore(tmp_path / "amy")
    room = room_with_media(store, camera="denied", microphone="ok")
    assert room.start_button.disabled
    assert room.audio_button.layout.display != "none" and not room.audio_button.disabled
    assert "practise with sound only" in room.media_status.value
    room.audio_recorder.audio.value = b"\x1a\x45\xdf\xa3 my voice"
    assert room.last_clip.name.endswith("-audio.webm")
    assert room.last_clip.parent == store.folder / "clips"
    assert room.clips.picker.options[0][0].endswith("(audio only) — not reviewed yet")
    watch = room.clips.viewer.children[0]
    assert type(watch.children[0]).__name__ == "Audio"
    assert room.clips.review.saved.key == f"{ROOM}/{room.last_clip.stem}/review-self"


def test_a_working_camera_and_microphone_allow_video(tmp_path):
    room = room_with_media(RecordStore(tmp_path / "amy"))
    assert not room.start_button.disabled
    assert room.preview.children == (room.camera,)
    assert room.mic_row.layout.display != "none"
    assert room.audio_button.layout.display == "none"
    assert room.check_button.layout.display == "none"
    assert "Camera and microphone work." in room.media_status.value


def test_check_again_after_allowing_builds_a_fresh_camera(tmp_path):
    room = room_with_media(RecordStore(tmp_path / "amy"), "denied", "denied")
    room.check_button.click()
    assert (room.media_check.camera, room.media_check.microphone) == ("checking", "checking")
    room.media_check.camera = room.media_check.microphone = "ok"
    assert room.recorder is not None and not room.start_button.disabled
    first = room.camera
    room.media_check.camera = "missing"  # unplugged
    assert room.camera is None and room.start_button.disabled
    room.media_check.camera = "ok"
    assert room.camera is not None and room.camera is not first


def test_a_recording_that_never_arrives_is_said_not_waited_for_forever(tmp_path):
    room = room_with_media(RecordStore(tmp_path / "amy"), save_timeout=0.3)
    room.start()
    deadline = time.monotonic() + 10
    while not room.recorder.recording:
        assert time.monotonic() < deadline, "the recording never started"
        time.sleep(0.05)
    room.stop()
    assert "Saving your clip" in room.status.value
    deadline = time.monotonic() + 10
    while NO_RECORDING not in room.status.value.replace("&#x27;", "'"):
        assert time.monotonic() < deadline, room.status.value
        time.sleep(0.05)
    assert not room.start_button.disabled  # the trainee can try again


# The module's text describes the room the trainee sees.


def _module_05() -> tuple[str, str]:
    cells = json.loads(MODULE_05.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return text, code


def test_module_05_has_one_self_review_per_clip_inside_the_room():
    _, code = _module_05()
    assert "LiveRoom(" in code
    assert 'reviewer="self"' not in code  # no second, clip-less self-review
    assert code.count("Rubric(") == 1  # the partner's clip


def test_module_05_text_matches_the_room(tmp_path):
    text, _ = _module_05()
    words = " ".join(text.split())
    assert "level meter" not in words  # the room plays the trainee's voice back instead
    assert "Test microphone" in words
    assert "Record audio only" in words and "Check again" in words
    assert "one comment per criterion" in words
    store = RecordStore(tmp_path / "amy")
    save_clip(store.folder, "clip-20261125-093005", b"one")
    review = LiveRoom(ROOM, store=store).clips.review
    assert set(review.criterion_comments) == {c.name for c in review.spec.criteria}


def test_the_trainers_clip_library_names_trainees_as_the_hub_does(tmp_path):
    from classbridge.core.workspace import trainee_id
    from classbridge.widgets import ClipLibrary

    save_clip(tmp_path / trainee_id("maria.santos@deped.gov.ph"), "clip-1", b"x")
    library = ClipLibrary(tmp_path)
    assert [label for label, _ in library.picker.options] == ["maria.santos@deped.gov.ph — clip-1"]
