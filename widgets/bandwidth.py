"""BandwidthPlanner: will a live lesson hold on these links, and what to lower if not.

The figures are typical rates for video calls (per stream, video plus audio);
real platforms adapt, so the plan keeps a margin: only 70% of a measured speed
is counted as usable, because speed tests are optimistic and shared school,
4G and satellite links vary during the day.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import ipywidgets as w

from classbridge.core.status_colours import ERROR_FILL_COLOUR, OK_COLOUR
from classbridge.widgets.saving import ERROR_STYLE, SAVED_STYLE

# Mbit/s for one stream, video + audio.
QUALITY_MBPS: dict[str, float] = {
    "audio only": 0.1,
    "360p": 0.6,
    "480p": 1.0,
    "720p": 1.5,
    "1080p": 3.0,
}
QUALITIES = tuple(QUALITY_MBPS)
SCREEN_SHARE_MBPS = 0.3
USABLE_SHARE = 0.7


@dataclass(frozen=True)
class LessonLinks:
    """One remote teacher, ``rooms`` classrooms; room speeds are the slowest room's."""

    rooms: int
    teacher_quality: str
    room_quality: str
    teacher_up: float
    teacher_down: float
    room_up: float
    room_down: float
    screen_share: bool = True

    def __post_init__(self) -> None:
        if self.rooms < 1:
            raise ValueError("a live lesson needs at least one remote room")
        for name in ("teacher_quality", "room_quality"):
            if getattr(self, name) not in QUALITY_MBPS:
                raise ValueError(f"{name} must be one of {', '.join(QUALITIES)}")
        for name in ("teacher_up", "teacher_down", "room_up", "room_down"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} is a speed in Mbit/s and cannot be negative")


@dataclass(frozen=True)
class LinkLoad:
    site: str
    needed: float
    usable: float

    @property
    def holds(self) -> bool:
        return self.needed <= self.usable + 1e-9


@dataclass(frozen=True)
class LessonPlanCheck:
    loads: tuple[LinkLoad, ...]
    advice: tuple[str, ...]

    @property
    def holds(self) -> bool:
        return all(load.holds for load in self.loads)


def _loads(links: LessonLinks) -> tuple[LinkLoad, ...]:
    share = SCREEN_SHARE_MBPS if links.screen_share else 0.0
    teacher = QUALITY_MBPS[links.teacher_quality]
    room = QUALITY_MBPS[links.room_quality]
    return (
        LinkLoad("Teacher upload", teacher + share, links.teacher_up * USABLE_SHARE),
        LinkLoad("Teacher download", links.rooms * room, links.teacher_down * USABLE_SHARE),
        LinkLoad("Room upload", room, links.room_up * USABLE_SHARE),
        LinkLoad("Room download", teacher + share, links.room_down * USABLE_SHARE),
    )


def _best_fitting(limit: float, per_stream_extra: float = 0.0, streams: int = 1) -> str | None:
    fitting = [q for q in QUALITIES if streams * QUALITY_MBPS[q] + per_stream_extra <= limit]
    return fitting[-1] if fitting else None


def check_lesson(links: LessonLinks) -> LessonPlanCheck:
    """Whether each link carries the lesson, with concrete advice where one does not."""
    loads = _loads(links)
    advice: list[str] = []
    share = SCREEN_SHARE_MBPS if links.screen_share else 0.0
    teacher_limit = min(links.teacher_up, links.room_down) * USABLE_SHARE
    if not (loads[0].holds and loads[3].holds):
        best = _best_fitting(teacher_limit, share)
        if best is None and links.screen_share and _best_fitting(teacher_limit):
            advice.append(
                "Send slides to each room before class instead of sharing the screen, "
                f"and lower the teacher's video to {_best_fitting(teacher_limit)}."
            )
        elif best is None:
            advice.append(
                "The teacher's stream cannot reach the rooms even as audio: use the backup "
                "connection (e.g. a phone hotspot) or send a recorded lesson with a live Q&A."
            )
        else:
            advice.append(f"Lower the teacher's video to {best}.")
    room_limit = min(links.room_up * USABLE_SHARE, links.teacher_down * USABLE_SHARE / links.rooms)
    if not (loads[1].holds and loads[2].holds):
        best = _best_fitting(room_limit)
        if best is None:
            advice.append(
                "The rooms' video cannot reach the teacher: rooms join by audio and the "
                "on-site teacher reports back on the chat."
            )
        elif best == "audio only":
            advice.append(
                f"Turn off the rooms' video and keep their audio: the links cannot carry "
                f"{links.rooms} video streams. Ask rooms to show work to the camera one at a time."
            )
        else:
            advice.append(f"Lower each room's video to {best}.")
    if not advice:
        advice.append("The lesson should hold on these links. Keep the backup connection ready.")
    return LessonPlanCheck(loads, tuple(advice))


def plot_loads(check: LessonPlanCheck) -> bytes:
    """A bar chart (PNG) of what each link needs against what it can carry."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 3.2), dpi=100)
    axes = figure.subplots()
    names = [load.site for load in check.loads]
    positions = range(len(names))
    axes.bar([p - 0.2 for p in positions], [x.usable for x in check.loads], 0.4, label="usable")
    colours = [OK_COLOUR if load.holds else ERROR_FILL_COLOUR for load in check.loads]
    axes.bar(
        [p + 0.2 for p in positions],
        [x.needed for x in check.loads],
        0.4,
        color=colours,
        label="needed",
    )
    axes.set_xticks(list(positions), names)
    axes.set_ylabel("Mbit/s")
    axes.legend()
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


class BandwidthPlanner(w.VBox):
    """Enter class sizes, qualities and measured link speeds; see if the lesson will hold.

    Example::

        BandwidthPlanner(rooms=3, teacher_up=5, teacher_down=20, room_up=2, room_down=4)
    """

    def __init__(
        self,
        rooms: int = 3,
        teacher_up: float = 5.0,
        teacher_down: float = 20.0,
        room_up: float = 2.0,
        room_down: float = 4.0,
    ) -> None:
        style = {"description_width": "14em"}
        layout = w.Layout(width="26em")
        self.rooms = w.BoundedIntText(
            rooms, min=1, max=30, description="Remote rooms", style=style, layout=layout
        )
        self.teacher_quality = w.Dropdown(
            options=QUALITIES, value="720p", description="Teacher video", style=style, layout=layout
        )
        self.room_quality = w.Dropdown(
            options=QUALITIES,
            value="480p",
            description="Each room's video",
            style=style,
            layout=layout,
        )
        self.screen_share = w.Checkbox(True, description="Share slides on screen", indent=False)
        speed = {"min": 0, "max": 1000, "step": 0.5, "style": style, "layout": layout}
        self.teacher_up = w.BoundedFloatText(
            teacher_up, description="Teacher upload (Mbit/s)", **speed
        )
        self.teacher_down = w.BoundedFloatText(
            teacher_down, description="Teacher download (Mbit/s)", **speed
        )
        self.room_up = w.BoundedFloatText(
            room_up, description="Slowest room upload (Mbit/s)", **speed
        )
        self.room_down = w.BoundedFloatText(
            room_down, description="Slowest room download (Mbit/s)", **speed
        )
        self.verdict = w.HTML()
        self.verdict.add_class("cb-verdict")
        self.chart = w.Image(format="png", layout=w.Layout(max_width="700px"))
        inputs = [
            self.rooms,
            self.teacher_quality,
            self.room_quality,
            self.screen_share,
            self.teacher_up,
            self.teacher_down,
            self.room_up,
            self.room_down,
        ]
        for widget in inputs:
            widget.observe(lambda _: self.update(), names="value")
        super().__init__([w.VBox(inputs), self.verdict, self.chart])
        self.add_class("cb-bandwidth")
        self.update()

    def links(self) -> LessonLinks:
        return LessonLinks(
            rooms=self.rooms.value,
            teacher_quality=self.teacher_quality.value,
            room_quality=self.room_quality.value,
            teacher_up=self.teacher_up.value,
            teacher_down=self.teacher_down.value,
            room_up=self.room_up.value,
            room_down=self.room_down.value,
            screen_share=self.screen_share.value,
        )

    def update(self) -> LessonPlanCheck:
        check = check_lesson(self.links())
        head = "The lesson will hold." if check.holds else "The lesson will not hold as planned."
        style = SAVED_STYLE if check.holds else ERROR_STYLE
        items = "".join(f"<li>{a}</li>" for a in check.advice)
        self.verdict.value = f'<p style="{style}"><strong>{head}</strong></p><ul>{items}</ul>'
        self.chart.value = plot_loads(check)
        return check
