"""BandwidthPlanner: the arithmetic of a live lesson and the advice it gives."""

from __future__ import annotations

import json
import re

import pytest
from ipywidgets import Checkbox

from classbridge.widgets import BandwidthPlanner, LessonLinks, check_lesson
from classbridge.widgets.bandwidth import HEADROOM_PERCENT, MAX_SPEED_MBPS, planner_links
from tests.support.repo import MODULES

MODULE_02 = MODULES / "02-online-classroom" / "online-classroom.ipynb"


def links(**changes) -> LessonLinks:
    base = dict(
        rooms=3,
        teacher_quality="720p",
        room_quality="480p",
        teacher_up=5,
        teacher_down=20,
        room_up=2,
        room_down=4,
    )
    return LessonLinks(**{**base, **changes})


def test_comfortable_links_hold():
    check = check_lesson(links())
    assert check.holds
    assert check.advice == (
        "The lesson should hold on these links. Keep the backup connection ready.",
    )


def test_slow_room_upload_lowers_room_video():
    check = check_lesson(links(room_up=1.0))
    assert not check.holds
    assert check.advice == ("Lower each room's video to 360p.",)


def test_slow_room_download_lowers_teacher_video():
    check = check_lesson(links(room_down=2.0))
    assert check.advice == ("Lower the teacher's video to 480p.",)


def test_very_slow_link_drops_screen_share_then_falls_back():
    assert "instead of sharing the screen" in check_lesson(links(room_down=0.4)).advice[0]
    assert "backup connection" in check_lesson(links(room_down=0.1, room_up=0.1)).advice[0]


def test_many_rooms_overload_the_teacher_download():
    assert check_lesson(links(rooms=12, teacher_down=12)).advice == (
        "Lower each room's video to 360p.",
    )
    assert (
        check_lesson(links(rooms=12, teacher_down=8))
        .advice[0]
        .startswith(
            "Turn off the rooms' video and keep their audio: the links cannot carry 12 video"
        )
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rooms": 0}, "at least one remote room"),
        ({"room_quality": "4k"}, "room_quality must be one of"),
        ({"room_up": -1}, "cannot be negative"),
    ],
)
def test_bad_input_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        links(**changes)


def test_widget_updates_verdict_and_chart():
    planner = BandwidthPlanner()
    assert "The lesson will hold." in planner.verdict.value
    held, total = map(int, re.search(r"(\d+) of (\d+) links", planner.chart.value).groups())
    assert planner.chart.value.startswith("<svg") and held == total > 1
    planner.room_up.value = 1.0
    assert "will not hold" in planner.verdict.value
    held, total = map(int, re.search(r"(\d+) of (\d+) links", planner.chart.value).groups())
    assert held < total
    assert (
        "Lower each room&#x27;s video" in planner.verdict.value
        or "Lower each room's video" in planner.verdict.value
    )


# One headroom rule, in the planner and in module 02 (which teaches and grades with it).


def test_the_planner_agrees_with_the_graded_headroom_answer_of_module_02():
    """Module 02 asks: five rooms send 1.5 Mbit/s each; with 20 % headroom, how much must
    come down to the teacher? Its answer, 9 Mbit/s, is exactly enough for the planner."""
    five_rooms = {"rooms": 5, "room_quality": "720p", "teacher_down": 9.0}
    assert check_lesson(links(**five_rooms)).holds
    assert not check_lesson(links(**{**five_rooms, "teacher_down": 8.9})).holds


def test_module_02_states_the_planners_headroom():
    notebook = json.loads(MODULE_02.read_text(encoding="utf-8"))
    text = "\n".join("".join(cell["source"]) for cell in notebook["cells"])
    stated = {int(n) for n in re.findall(r"(\d+)\s*%\s*headroom", text)}
    assert stated == {HEADROOM_PERCENT}
    assert f"{HEADROOM_PERCENT} % headroom" in BandwidthPlanner().rule.value


def test_loads_compare_the_need_plus_headroom_with_the_measured_speed():
    check = check_lesson(links())
    loads = {x.site: (round(x.needed, 2), round(x.planned, 2), x.measured) for x in check.loads}
    assert loads == {
        "Teacher upload": (1.8, 2.16, 5),
        "Teacher download": (3.0, 3.6, 20),
        "Room upload": (1.0, 1.2, 2),
        "Room download": (1.8, 2.16, 4),
    }


# Entries outside what the planner handles are adjusted, and the trainee is told so.


@pytest.mark.parametrize(
    ("rooms", "planned", "note"),
    [
        (0, 1, "You entered 0 rooms; planning for 1"),
        (-4, 1, "You entered -4 rooms; planning for 1"),
        (1000, 30, "You entered 1000 rooms; planning for 30"),
    ],
)
def test_rooms_outside_the_range_are_adjusted_and_said(rooms, planned, note):
    planner = BandwidthPlanner()
    planner.rooms.value = rooms
    assert planner.links().rooms == planned
    assert note in planner.notes.value
    assert "cannot carry 1000" not in planner.verdict.value


def test_speeds_outside_the_range_are_adjusted_and_said():
    planner = BandwidthPlanner()
    planner.room_up.value = -2
    planner.teacher_down.value = 5000
    assert (planner.links().room_up, planner.links().teacher_down) == (0, MAX_SPEED_MBPS)
    assert "You entered -2 Mbit/s for the slowest room's upload; planning for 0" in (
        planner.notes.value.replace("&#x27;", "'")
    )
    assert "You entered 5000 Mbit/s for the teacher's download; planning for 1000" in (
        planner.notes.value.replace("&#x27;", "'")
    )
    planner.room_up.value = 2
    planner.teacher_down.value = 20
    assert planner.notes.value == ""


def test_entries_in_range_are_planned_as_entered():
    planned = planner_links(
        rooms=4,
        teacher_quality="720p",
        room_quality="480p",
        teacher_up=5,
        teacher_down=10,
        room_up=2,
        room_down=4,
    )
    assert planned.notes == ()
    assert planned.links.rooms == 4


def test_labels_are_never_cut_short():
    """Each label takes the width its words need (ipywidgets' default cuts them at 80 px)."""
    planner = BandwidthPlanner()
    labelled = [f for f in planner.fields if not isinstance(f, Checkbox)]
    assert len(labelled) == 7
    for field in labelled:
        assert field.style.description_width == "initial", field.description
