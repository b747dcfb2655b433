"""Progress read from a gradebook and hand-in folders, and how it is shown."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from classbridge.grading.course import Course, open_gradebook
from classbridge.grading.progress import (
    MODULE_GRADED,
    MODULE_NOT_STARTED,
    MODULE_SUBMITTED,
    ProgressRow,
    read_progress,
)
from classbridge.grading.progress_report import as_csv, as_json, as_table, spreadsheet_cell
from classbridge.pages.my_progress import my_progress_html
from classbridge.pages.progress_view import (
    completion_png,
    csv_download_link,
    heatmap_png,
    rows_table,
)
from classbridge.pages.trainer_dashboard import filter_rows, sort_rows, summary_text
from tests.support.cohort import run

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f UTC")


@pytest.fixture
def course(tmp_path: Path) -> Course:
    """Two modules; amy graded in m1 then handed in again; ben graded; cat only handed in."""
    course = Course(root=tmp_path / "course")
    Path(course.root).mkdir()
    with open_gradebook(course) as gradebook:
        for module in ("m1", "m2"):
            gradebook.add_assignment(module)
        for trainee in ("amy", "ben", "dee"):
            gradebook.add_student(trainee)
        gradebook.add_submission("m1", "amy", timestamp=T0.replace(tzinfo=None))
        gradebook.add_submission(
            "m1", "ben", timestamp=(T0 + timedelta(hours=1)).replace(tzinfo=None)
        )
    # amy handed m1 in again after grading (collected); cat's m2 waits in the exchange.
    again = Path(course.root) / "submitted" / "amy" / "m1"
    again.mkdir(parents=True)
    (again / "timestamp.txt").write_text(_stamp(T0 + timedelta(days=1)))
    inbound = course.exchange_dir() / "classbridge" / "inbound"
    inbound.mkdir(parents=True)
    (inbound / f"cat+m2+{_stamp(T0 + timedelta(days=2))}+Xy12").mkdir()
    return course


def test_statuses_from_gradebook_and_hand_ins(course: Course):
    progress = read_progress(course)
    assert progress.modules == ["m1", "m2"]
    assert progress.trainees == ["amy", "ben", "cat", "dee"]
    status = {(r.trainee, r.module): r.status for r in progress.rows}
    assert status == {
        ("amy", "m1"): MODULE_SUBMITTED,  # newer than its grade: waiting to be graded again
        ("amy", "m2"): MODULE_NOT_STARTED,
        ("ben", "m1"): MODULE_GRADED,
        ("ben", "m2"): MODULE_NOT_STARTED,
        ("cat", "m1"): MODULE_NOT_STARTED,
        ("cat", "m2"): MODULE_SUBMITTED,
        ("dee", "m1"): MODULE_NOT_STARTED,
        ("dee", "m2"): MODULE_NOT_STARTED,
    }
    assert progress.cell("amy", "m1").last_submission == T0 + timedelta(days=1)
    assert progress.cell("ben", "m1").last_submission == T0 + timedelta(hours=1)
    assert progress.cell("cat", "m2").last_submission == T0 + timedelta(days=2)
    assert progress.cell("ben", "m1").score == 0.0


def test_missing_gradebook_is_empty_progress(tmp_path: Path):
    progress = read_progress(Course(root=tmp_path))
    assert (progress.modules, progress.trainees, progress.rows) == ([], [], [])
    assert not (tmp_path / "gradebook.db").exists()  # reading never creates one


def test_formats_agree(course: Course):
    progress = read_progress(course)
    records = json.loads(as_json(progress))["rows"]
    from_csv = list(csv.DictReader(io.StringIO(as_csv(progress))))
    assert len(records) == len(from_csv) == 8
    assert records[0] == {
        "trainee": "amy",
        "module": "m1",
        "status": "submitted",
        "score": 0.0,
        "max_score": 0.0,
        "last_submission": "2026-11-21T09:00:00+00:00",
        "pending_manual": 0,
    }
    assert from_csv[0]["last_submission"] == "2026-11-21T09:00:00+00:00"
    table = as_table(progress).splitlines()
    assert table[2].split()[:3] == ["amy", "m1", "submitted"]
    assert "2026-11-21 09:00 UTC" in table[2]


def test_cli_progress_on_missing_course_is_one_line(tmp_path: Path):
    result = run(
        [sys.executable, "-m", "classbridge", "progress", "--course-dir", str(tmp_path / "no")]
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "course folder" in result.stderr and "--course-dir" in result.stderr


ROWS = [
    ProgressRow("amy", "m1", MODULE_GRADED, 4, 5, T0, 0),
    ProgressRow("Ben", "m1", MODULE_GRADED, 1, 5, T0 + timedelta(hours=2), 1),
    ProgressRow("amir", "m2", MODULE_SUBMITTED, last_submission=T0 + timedelta(hours=1)),
    ProgressRow("cat", "m2", MODULE_NOT_STARTED),
]


def test_filter_and_sort():
    assert [r.trainee for r in filter_rows(ROWS, trainee="AM")] == ["amy", "amir"]
    assert [r.trainee for r in filter_rows(ROWS, module="m2")] == ["amir", "cat"]
    assert [r.trainee for r in filter_rows(ROWS, status=MODULE_GRADED)] == ["amy", "Ben"]
    assert [r.trainee for r in sort_rows(ROWS, "score, highest first")][:2] == ["amy", "Ben"]
    assert [r.trainee for r in sort_rows(ROWS, "score, lowest first")][:2] == ["Ben", "amy"]
    newest = sort_rows(ROWS, "last submission, newest first")
    assert [r.trainee for r in newest] == ["Ben", "amir", "amy", "cat"]
    assert sort_rows(ROWS, "pending hand-grading, most first")[0].trainee == "Ben"


HOSTILE = "<script>alert('x')</script>"


def test_html_escapes_every_trainee_text():
    rows = [ProgressRow(HOSTILE, 'm"1', MODULE_GRADED, 1, 2, T0, 1)]
    html = rows_table(rows, titles={'m"1': "<b>Title</b>"})
    assert "<script>" not in html and "<b>Title</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert 'data-module="m&quot;1"' in html
    mine = my_progress_html(Course(root=Path("/nonexistent")), rows, {'m"1': "<i>t</i>"})
    assert "<i>t</i>" not in mine and "&lt;i&gt;t&lt;/i&gt;" in mine


def test_csv_download_cannot_smuggle_formulas():
    assert spreadsheet_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheet_cell("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_cell("amy") == "amy" and spreadsheet_cell(3.0) == 3.0
    link = csv_download_link([ProgressRow("=cmd|' /C calc'!A0", "m1", MODULE_NOT_STARTED)])
    import base64

    data = base64.b64decode(link.split("base64,")[1].split('"')[0]).decode()
    assert "\n'=cmd|' /C calc'!A0,m1,not started" in data


def test_charts_draw_names_literally():
    """A $ in a trainee id would start matplotlib mathtext; it must be drawn as text."""
    from classbridge.grading.progress import Progress

    rows = [
        ProgressRow("$\\frac{1}{0", "m1", MODULE_GRADED, 1, 2, T0),
        ProgressRow("bé_2", "m1", MODULE_SUBMITTED, last_submission=T0),
    ]
    progress = Progress(["m1"], ["$\\frac{1}{0", "bé_2"], rows)
    for png in (heatmap_png(progress, progress.trainees, ["m1"]), completion_png(progress, ["m1"])):
        assert png.startswith(b"\x89PNG")
    assert completion_png(Progress([], [], []), []).startswith(b"\x89PNG")


def test_charts_are_drawn_at_twice_the_size_they_are_shown_for_a_sharp_picture():
    from classbridge.grading.progress import Progress
    from classbridge.pages.progress_view import shown_width

    rows = [ProgressRow(f"t{n}", "m1", MODULE_GRADED, 1, 2, T0) for n in range(3)]
    png = heatmap_png(Progress(["m1"], ["t0", "t1", "t2"], rows), ["t0", "t1", "t2"], ["m1"])
    pixels = int.from_bytes(png[16:20], "big")
    assert int(shown_width(png)) * 2 == pytest.approx(pixels, abs=1)


def test_the_completion_axis_counts_whole_trainees_from_none(monkeypatch):
    """Three hand-ins: the axis reads 0, 1, 2, 3, with no half trainee."""
    import matplotlib.pyplot as plt

    from classbridge.grading.progress import Progress
    from classbridge.pages import progress_view

    drawn = {}
    monkeypatch.setattr(progress_view, "_png", lambda figure: drawn.setdefault("f", figure) and b"")
    rows = [
        ProgressRow(f"t{n}", "m1", MODULE_SUBMITTED, last_submission=T0 + timedelta(hours=n))
        for n in range(3)
    ]
    completion_png(Progress(["m1"], [r.trainee for r in rows], rows), ["m1"])
    axes = drawn["f"].axes[0]
    drawn["f"].canvas.draw()
    ticks = [t for t in axes.get_yticks() if axes.get_ylim()[0] <= t <= axes.get_ylim()[1]]
    assert axes.get_ylim()[0] == 0
    assert ticks and all(float(t).is_integer() for t in ticks)
    plt.close(drawn["f"])


def test_summary_counts():
    from classbridge.grading.progress import Progress

    text = summary_text(Progress(["m1", "m2"], ["amy", "Ben", "amir", "cat"], ROWS), ROWS)
    assert text == (
        "4 trainees · 2 modules · 2 graded · 1 submitted · 1 not started · "
        "1 hand-graded items pending"
    )


def test_trainees_are_shown_by_their_own_names_and_found_by_them():
    from classbridge.core.workspace import trainee_id
    from classbridge.pages.trainer_dashboard import filter_rows, sort_rows

    rows = [
        ProgressRow(trainee_id(name), "01-welcome", MODULE_SUBMITTED)
        for name in ("maria.santos@deped.gov.ph", "王小明", "ana", "Bea")
    ]
    table = rows_table(rows)
    assert ">maria.santos@deped.gov.ph</td>" in table and ">王小明</td>" in table
    assert 'data-trainee="maria.santos_40deped.gov.ph"' in table  # the id stays the key
    assert [r.trainee_name for r in filter_rows(rows, "deped")] == ["maria.santos@deped.gov.ph"]
    assert [r.trainee_name for r in filter_rows(rows, "小明")] == ["王小明"]
    by_name = [r.trainee_name for r in sort_rows(rows, "trainee A→Z")]
    assert by_name == ["ana", "Bea", "maria.santos@deped.gov.ph", "王小明"]
