"""BandwidthPlanner: the arithmetic of a live lesson and the advice it gives."""

from __future__ import annotations

import pytest

from classbridge.widgets import BandwidthPlanner, LessonLinks, check_lesson


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
    loads = {x.site: (round(x.needed, 2), round(x.usable, 2)) for x in check.loads}
    assert loads == {
        "Teacher upload": (1.8, 3.5),
        "Teacher download": (3.0, 14.0),
        "Room upload": (1.0, 1.4),
        "Room download": (1.8, 2.8),
    }
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
    assert "instead of sharing the screen" in check_lesson(links(room_down=0.5)).advice[0]
    assert "backup connection" in check_lesson(links(room_down=0.1, room_up=0.1)).advice[0]


def test_many_rooms_overload_the_teacher_download():
    assert check_lesson(links(rooms=12, teacher_down=12)).advice == (
        "Lower each room's video to 360p.",
    )
    assert (
        check_lesson(links(rooms=12, teacher_down=10))
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
    assert planner.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    planner.room_up.value = 1.0
    assert "will not hold" in planner.verdict.value
    assert (
        "Lower each room&#x27;s video" in planner.verdict.value
        or "Lower each room's video" in planner.verdict.value
    )
