"""Link presets: put one remote room's link under the conditions module 02 plans for.

A trainee practises module 03's wait time against a real delay and a real
bitrate cap, not an imagined one. The figures are the bandwidth planner's
(``classbridge.widgets.bandwidth``), so the room and the planner never
disagree: "island 4G" carries the planner's 360p stream, "audio only" its
audio stream, "satellite" half the 360p stream (a shared satellite link at its
busiest) behind the delay of a geostationary hop. Each browser applies a preset
to the links of that room: receivers add ``delay_ms`` (Chromium's jitter-buffer
target), senders cap bitrate and resolution (``RTCRtpSender.setParameters``)
or stop sending video.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from classbridge.core.language import N_, _
from classbridge.widgets.bandwidth import QUALITY_MBPS


@dataclass(frozen=True)
class LinkPreset:
    """``max_kbps``/``max_height`` None: no cap; ``video`` False: audio only.

    ``label`` is the English message id; ``presets_config`` translates it for the page.
    """

    id: str
    label: str
    max_kbps: int | None
    max_height: int | None
    delay_ms: int
    video: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


def _kbps(quality: str, share: float = 1.0) -> int:
    return round(QUALITY_MBPS[quality] * 1000 * share)


PRESETS: tuple[LinkPreset, ...] = (
    LinkPreset("normal", N_("Normal link"), None, None, 0),
    LinkPreset("island-4g", N_("Island 4G"), _kbps("360p"), 360, 150),
    LinkPreset("satellite", N_("Satellite"), _kbps("360p", share=0.5), 240, 600),
    LinkPreset("audio-only", N_("Audio only"), _kbps("audio only"), None, 150, video=False),
)
PRESET_IDS = tuple(p.id for p in PRESETS)


def preset(preset_id: str) -> LinkPreset | None:
    return next((p for p in PRESETS if p.id == preset_id), None)


def presets_config() -> list[dict]:
    """The presets as the room page's config block lists them, labelled in its language."""
    return [{**p.to_dict(), "label": _(p.label)} for p in PRESETS]
