"""Clips: saved atomically in the trainee's folder; empty or oversized ones refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from classbridge.widgets import list_clips, save_clip
from classbridge.widgets.live_room import clip_name


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
