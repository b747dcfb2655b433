"""Recorded clips on disk: their names, saving them, and finding them again.

A clip is ``<trainee folder>/clips/clip-YYYYMMDD-HHMMSS.webm``; an audio-only
clip (recorded when no camera can be used) ends in ``-audio.webm``, so the page
knows to play it as sound and a trainer sees what it is from the name alone.
Nothing but the file is kept: the list of a trainee's clips is the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from classbridge.core.language import _
from classbridge.core.storage import write_atomic
from classbridge.core.workspace import check_segment, workspace_root

MAX_CLIP_BYTES = 200 * 1024 * 1024
CLIP_FOLDER = "clips"
AUDIO_SUFFIX = "-audio"
_STAMP = "clip-%Y%m%d-%H%M%S"


def clip_name(now: datetime | None = None, audio_only: bool = False) -> str:
    """A new clip's name: when it was recorded, and whether it is sound only."""
    name = (now or datetime.now()).strftime(_STAMP)
    return name + AUDIO_SUFFIX if audio_only else name


def save_clip(folder: Path, name: str, payload: bytes, limit: int = MAX_CLIP_BYTES) -> Path:
    """Store a recorded clip; refuses empty or oversized recordings with the reason."""
    check_segment(name, "clip name")
    if not payload:
        raise ValueError(
            _("the recording is empty: check the camera is allowed, then record again")
        )
    if len(payload) > limit:
        raise ValueError(
            _(
                "the recording is {size} MB, over the {limit} MB limit: record a shorter clip"
            ).format(size=f"{len(payload) / 2**20:.0f}", limit=f"{limit / 2**20:.0f}")
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


@dataclass(frozen=True)
class SavedClip:
    """One of a trainee's clips, as the live room lists it."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def audio_only(self) -> bool:
        return self.name.endswith(AUDIO_SUFFIX)

    @property
    def recorded_at(self) -> datetime | None:
        """From the name; None for a clip named by hand."""
        try:
            return datetime.strptime(self.name.removesuffix(AUDIO_SUFFIX), _STAMP)
        except ValueError:
            return None

    def title(self) -> str:
        """How the clip is named in a list: when it was recorded, and what it is."""
        when = self.recorded_at
        # The pattern is translated: a month's name from strftime would be English everywhere.
        # Translators: a strftime pattern for when a clip was recorded.
        shown = when.strftime(_("%d %b %Y, %H:%M:%S")) if when else self.name
        return _("{clip} (audio only)").format(clip=shown) if self.audio_only else shown


def trainee_clips(folder: Path) -> list[SavedClip]:
    """The clips saved in one trainee's folder, newest first."""
    clips = [SavedClip(path) for path in (folder / CLIP_FOLDER).glob("clip-*.webm")]
    return sorted(
        clips, key=lambda clip: (clip.recorded_at or datetime.min, clip.name), reverse=True
    )
