"""BandwidthPlanner: will a live lesson hold on these links, and what to lower if not.

The figures are typical rates for video calls (per stream, video plus audio);
real platforms adapt, so the plan keeps headroom: every link must carry what
the lesson needs plus ``HEADROOM_PERCENT``, because speed tests are optimistic
and shared school, 4G and satellite links vary during the day. Module 02
teaches and grades with the same rule and cites the same number (a test checks
that they agree), so the planner never contradicts the lesson.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import ipywidgets as w

from classbridge.core.bar_chart import Row, Segment, bar_chart_svg
from classbridge.core.language import N_, _, ngettext
from classbridge.core.status_colours import ERROR_FILL_COLOUR, OK_COLOUR
from classbridge.widgets.saving import ERROR_STYLE, SAVED_STYLE

#: Matplotlib's first colour, which the measured bars had before they were SVG.
MEASURED_COLOUR = "#1f77b4"

# Mbit/s for one stream, video + audio. The names are values (links, presets); only
# "audio only" has words, shown translated (``quality_label``).
QUALITY_MBPS: dict[str, float] = {
    N_("audio only"): 0.1,
    "360p": 0.6,
    "480p": 1.0,
    "720p": 1.5,
    "1080p": 3.0,
}
QUALITIES = tuple(QUALITY_MBPS)
SCREEN_SHARE_MBPS = 0.3
#: Plan each link for what the lesson needs plus this much (module 02 teaches it).
HEADROOM_PERCENT = 20
_PLANNED_SHARE = 1 + HEADROOM_PERCENT / 100
#: The most rooms the planner plans for: one teacher with more rooms is a broadcast.
MAX_ROOMS = 30
#: The fastest link the planner takes as entered; faster is most likely a typo.
MAX_SPEED_MBPS = 1000.0
NEEDS_A_ROOM = N_("a live lesson needs at least one remote room")


def quality_label(quality: str) -> str:
    """A quality as the page shows it: "audio only" in the reader's language, "720p" as it is."""
    return _(quality)


def headroom_percent() -> str:
    """The headroom as the page writes a percentage ("20 %" in English, "20%" in zh-TW)."""
    return _("{number} %").format(number=HEADROOM_PERCENT)


def headroom_rule() -> str:
    """The rule in words, as the planner shows it beside its verdict."""
    # The percentage is its own message: "% h" in one would read as a printf placeholder.
    return _(
        "Each link must carry what the lesson needs plus {percent} headroom: real links dip."
    ).format(percent=headroom_percent())


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
            raise ValueError(_(NEEDS_A_ROOM))
        for name in ("teacher_quality", "room_quality"):
            if getattr(self, name) not in QUALITY_MBPS:
                raise ValueError(
                    _("{name} must be one of {qualities}").format(
                        name=name, qualities=", ".join(QUALITIES)
                    )
                )
        for name in ("teacher_up", "teacher_down", "room_up", "room_down"):
            if getattr(self, name) < 0:
                raise ValueError(
                    _("{name} is a speed in Mbit/s and cannot be negative").format(name=name)
                )


@dataclass(frozen=True)
class LinkLoad:
    """What one link must carry (``needed``) against the speed measured on it.

    ``site`` is an English name (a message id): show it as ``_(load.site)``.
    """

    site: str
    needed: float
    measured: float

    @property
    def planned(self) -> float:
        """What the link must carry with the headroom: the figure compared with ``measured``."""
        return self.needed * _PLANNED_SHARE

    @property
    def holds(self) -> bool:
        return self.planned <= self.measured + 1e-9


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
        LinkLoad(N_("Teacher upload"), teacher + share, links.teacher_up),
        LinkLoad(N_("Teacher download"), links.rooms * room, links.teacher_down),
        LinkLoad(N_("Room upload"), room, links.room_up),
        LinkLoad(N_("Room download"), teacher + share, links.room_down),
    )


def _best_fitting(limit: float, per_stream_extra: float = 0.0, streams: int = 1) -> str | None:
    """The best quality whose need fits ``limit`` (a measured speed less the headroom)."""
    fitting = [q for q in QUALITIES if streams * QUALITY_MBPS[q] + per_stream_extra <= limit + 1e-9]
    return fitting[-1] if fitting else None


def check_lesson(links: LessonLinks) -> LessonPlanCheck:
    """Whether each link carries the lesson, with concrete advice where one does not."""
    loads = _loads(links)
    advice: list[str] = []
    share = SCREEN_SHARE_MBPS if links.screen_share else 0.0
    teacher_limit = min(links.teacher_up, links.room_down) / _PLANNED_SHARE
    if not (loads[0].holds and loads[3].holds):
        best = _best_fitting(teacher_limit, share)
        if best is None and links.screen_share and _best_fitting(teacher_limit):
            advice.append(
                _(
                    "Send slides to each room before class instead of sharing the screen, "
                    "and lower the teacher's video to {quality}."
                ).format(quality=quality_label(_best_fitting(teacher_limit)))
            )
        elif best is None:
            advice.append(
                _(
                    "The teacher's stream cannot reach the rooms even as audio: use the backup "
                    "connection (e.g. a phone hotspot) or send a recorded lesson with a live Q&A."
                )
            )
        else:
            advice.append(
                _("Lower the teacher's video to {quality}.").format(quality=quality_label(best))
            )
    room_limit = min(links.room_up, links.teacher_down / links.rooms) / _PLANNED_SHARE
    if not (loads[1].holds and loads[2].holds):
        best = _best_fitting(room_limit)
        if best is None:
            advice.append(
                _(
                    "The rooms' video cannot reach the teacher: rooms join by audio and the "
                    "on-site teacher reports back on the chat."
                )
            )
        elif best == "audio only":
            advice.append(
                _(
                    "Turn off the rooms' video and keep their audio: the links cannot carry "
                    "{rooms} video streams. Ask rooms to show work to the camera one at a time."
                ).format(rooms=links.rooms)
            )
        else:
            advice.append(
                _("Lower each room's video to {quality}.").format(quality=quality_label(best))
            )
    if not advice:
        advice.append(_("The lesson should hold on these links. Keep the backup connection ready."))
    return LessonPlanCheck(loads, tuple(advice))


@dataclass(frozen=True)
class PlannedLinks:
    """The links the planner plans for, and a note for each entry it had to adjust."""

    links: LessonLinks
    notes: tuple[str, ...]


#: How each speed is named in a note about an adjusted entry (shown as ``_(name)``).
_SPEED_NAMES = {
    "teacher_up": N_("the teacher's upload"),
    "teacher_down": N_("the teacher's download"),
    "room_up": N_("the slowest room's upload"),
    "room_down": N_("the slowest room's download"),
}


def _number(value: float) -> str:
    return f"{value:g}"


def planner_links(
    rooms: int,
    teacher_quality: str,
    room_quality: str,
    teacher_up: float,
    teacher_down: float,
    room_up: float,
    room_down: float,
    screen_share: bool = True,
) -> PlannedLinks:
    """The entries as the planner can plan them, saying what it changed and why.

    A planner that quietly planned 30 rooms for 1,000 typed, or 1 for 0, would
    give advice for a lesson the trainee did not describe.
    """
    notes = []
    planned_rooms = min(max(rooms, 1), MAX_ROOMS)
    if planned_rooms != rooms:
        why = (
            _(NEEDS_A_ROOM)
            if rooms < 1
            else _(
                "{max_rooms} is the most this planner handles: more rooms than that "
                "is a broadcast, not a live class"
            ).format(max_rooms=MAX_ROOMS)
        )
        # Never 1 (1 is planned as entered): the singular is there for languages that need it.
        notes.append(
            ngettext(
                "You entered {rooms} room; planning for {planned}: {why}.",
                "You entered {rooms} rooms; planning for {planned}: {why}.",
                rooms,
            ).format(rooms=rooms, planned=planned_rooms, why=why)
        )
    speeds = {}
    for name, value in {
        "teacher_up": teacher_up,
        "teacher_down": teacher_down,
        "room_up": room_up,
        "room_down": room_down,
    }.items():
        speeds[name] = min(max(value, 0.0), MAX_SPEED_MBPS)
        if speeds[name] != value:
            why = (
                _("a speed cannot be negative")
                if value < 0
                else _("faster than any school link: check the number")
            )
            notes.append(
                _("You entered {value} Mbit/s for {speed}; planning for {planned}: {why}.").format(
                    value=_number(value),
                    speed=_(_SPEED_NAMES[name]),
                    planned=_number(speeds[name]),
                    why=why,
                )
            )
    links = LessonLinks(
        rooms=planned_rooms,
        teacher_quality=teacher_quality,
        room_quality=room_quality,
        screen_share=screen_share,
        **speeds,
    )
    return PlannedLinks(links, tuple(notes))


def plot_loads(check: LessonPlanCheck) -> str:
    """A bar chart (SVG) of each link's measured speed beside what it needs, headroom included."""
    needed = _("needed + {percent}").format(percent=headroom_percent())
    rows = [
        Row(
            _(load.site),
            (
                (Segment(load.measured, MEASURED_COLOUR, _("measured")),),
                (Segment(load.planned, OK_COLOUR if load.holds else ERROR_FILL_COLOUR, needed),),
            ),
        )
        for load in check.loads
    ]
    held = sum(1 for load in check.loads if load.holds)
    description = _("{held} of {total} links have the speed the lesson needs").format(
        held=held, total=len(check.loads)
    )
    return bar_chart_svg(rows, _("Each link: measured and needed"), "Mbit/s", description)


class BandwidthPlanner(w.VBox):
    """Enter class sizes, qualities and measured link speeds; see if the lesson will hold.

    Labels take the width their words need, so none is cut short, down to a
    360 px phone screen. Entries are taken as typed: one the planner cannot
    plan for is adjusted in the plan and named in a note, never changed silently.

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
        style = {"description_width": "initial"}

        def layout() -> w.Layout:
            return w.Layout(width="auto", max_width="30em")  # 100% + the 2 px margin spills

        self.rooms = w.IntText(rooms, description=_("Remote rooms"), style=style, layout=layout())
        qualities = [(quality_label(q), q) for q in QUALITIES]
        self.teacher_quality = w.Dropdown(
            options=qualities,
            value="720p",
            description=_("Teacher video"),
            style=style,
            layout=layout(),
        )
        self.room_quality = w.Dropdown(
            options=qualities,
            value="480p",
            description=_("Each room's video"),
            style=style,
            layout=layout(),
        )
        self.screen_share = w.Checkbox(True, description=_("Share slides on screen"), indent=False)
        speed = {"step": 0.5, "style": style}
        self.teacher_up = w.FloatText(
            teacher_up, description=_("Teacher upload (Mbit/s)"), layout=layout(), **speed
        )
        self.teacher_down = w.FloatText(
            teacher_down, description=_("Teacher download (Mbit/s)"), layout=layout(), **speed
        )
        self.room_up = w.FloatText(
            room_up, description=_("Slowest room upload (Mbit/s)"), layout=layout(), **speed
        )
        self.room_down = w.FloatText(
            room_down, description=_("Slowest room download (Mbit/s)"), layout=layout(), **speed
        )
        self.fields = (
            self.rooms,
            self.teacher_quality,
            self.room_quality,
            self.screen_share,
            self.teacher_up,
            self.teacher_down,
            self.room_up,
            self.room_down,
        )
        self.notes = w.HTML()
        self.notes.add_class("cb-planner-notes")
        self.rule = w.HTML(f"<em>{escape(headroom_rule())}</em>")
        self.rule.add_class("cb-headroom-rule")
        self.verdict = w.HTML()
        self.verdict.add_class("cb-verdict")
        self.chart = w.HTML(layout=w.Layout(width="100%", max_width="700px"))
        self.chart.add_class("cb-bandwidth-chart")
        for field in self.fields:
            field.observe(lambda _: self.update(), names="value")
        super().__init__(
            [w.VBox(self.fields), self.notes, self.rule, self.verdict, self.chart],
            layout=w.Layout(max_width="100%"),
        )
        self.add_class("cb-bandwidth")
        self.update()

    def planned(self) -> PlannedLinks:
        return planner_links(
            rooms=self.rooms.value,
            teacher_quality=self.teacher_quality.value,
            room_quality=self.room_quality.value,
            teacher_up=self.teacher_up.value,
            teacher_down=self.teacher_down.value,
            room_up=self.room_up.value,
            room_down=self.room_down.value,
            screen_share=self.screen_share.value,
        )

    def links(self) -> LessonLinks:
        return self.planned().links

    def update(self) -> LessonPlanCheck:
        planned = self.planned()
        self.notes.value = "".join(
            f'<p style="{ERROR_STYLE}">{escape(note)}</p>' for note in planned.notes
        )
        check = check_lesson(planned.links)
        head = (
            _("The lesson will hold.") if check.holds else _("The lesson will not hold as planned.")
        )
        style = SAVED_STYLE if check.holds else ERROR_STYLE
        items = "".join(f"<li>{a}</li>" for a in check.advice)
        self.verdict.value = f'<p style="{style}"><strong>{head}</strong></p><ul>{items}</ul>'
        self.chart.value = plot_loads(check)
        return check
