"""The trainer's progress dashboard: a Voilà app over nbgrader's gradebook.

Usage (``grading/dashboards/trainer-dashboard.ipynb``, served by
``classbridge dashboard --course-dir COURSE``)::

    from classbridge.pages.trainer_dashboard import TrainerDashboard
    TrainerDashboard().show()
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from classbridge.grading.course import Course
from classbridge.grading.progress import (
    MODULE_GRADED,
    MODULE_NOT_STARTED,
    MODULE_STATUSES,
    MODULE_SUBMITTED,
    Progress,
    ProgressRow,
    read_progress,
)
from classbridge.pages.progress_view import (
    completion_png,
    csv_download_link,
    heatmap_png,
    rows_table,
)

ALL = "all"
SORTS = {
    "trainee A→Z": (lambda r: (r.trainee_name.casefold(), r.module), False),
    "module": (lambda r: (r.module, r.trainee), False),
    "score, lowest first": (lambda r: (r.fraction is None, r.fraction or 0.0, r.trainee), False),
    "score, highest first": (lambda r: (r.fraction is not None, r.fraction or 0.0), True),
    "last submission, newest first": (
        lambda r: (
            r.last_submission is not None,
            r.last_submission.timestamp() if r.last_submission else 0,
        ),
        True,
    ),
    "pending hand-grading, most first": (lambda r: (r.pending_manual, r.trainee), True),
}
# A page with tens of thousands of rows is of no use to a trainer and slow to
# draw: the table and heat-map show the first ones and say how to narrow.
MAX_TABLE_ROWS = 500
MAX_HEATMAP_TRAINEES = 60


def filter_rows(
    rows: list[ProgressRow], trainee: str = "", module: str = ALL, status: str = ALL
) -> list[ProgressRow]:
    needle = trainee.strip().casefold()
    return [
        r
        for r in rows
        if (not needle or needle in r.trainee_name.casefold() or needle in r.trainee.casefold())
        and (module == ALL or r.module == module)
        and (status == ALL or r.status == status)
    ]


def sort_rows(rows: list[ProgressRow], how: str) -> list[ProgressRow]:
    key, reverse = SORTS[how]
    return sorted(rows, key=key, reverse=reverse)


def summary_text(progress: Progress, rows: list[ProgressRow]) -> str:
    count = {s: sum(r.status == s for r in rows) for s in MODULE_STATUSES}
    pending = sum(r.pending_manual for r in rows)
    return (
        f"{len(progress.trainees)} trainees · {len(progress.modules)} modules · "
        f"{count[MODULE_GRADED]} graded · {count[MODULE_SUBMITTED]} submitted · "
        f"{count[MODULE_NOT_STARTED]} not started · {pending} hand-graded items pending"
    )


class TrainerDashboard(widgets.VBox):
    """Cohort table with sort and filter, heat-map, completion chart, CSV export."""

    def __init__(self, course: Course | None = None, **kwargs) -> None:
        self.course = course or Course.from_env()
        self.progress = Progress([], [], [])
        self.trainee_filter = widgets.Text(
            description="Trainee", placeholder="part of a name", continuous_update=False
        )
        self.module_filter = widgets.Dropdown(description="Module", options=[ALL])
        self.status_filter = widgets.Dropdown(description="Status", options=[ALL, *MODULE_STATUSES])
        self.sort_by = widgets.Dropdown(
            description="Sort by", options=list(SORTS), layout=widgets.Layout(width="22em")
        )
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.summary = widgets.HTML()
        self.export = widgets.HTML()
        self.table = widgets.HTML()
        self.heatmap = widgets.Image(format="png")
        self.completion = widgets.Image(format="png")
        self.note = widgets.HTML()
        for control in (self.trainee_filter, self.module_filter, self.status_filter, self.sort_by):
            control.observe(lambda _change: self.redraw(), names="value")
        self.refresh_button.on_click(lambda _button: self.refresh())
        super().__init__(
            [
                widgets.HTML("<h1>Trainee progress</h1>"),
                self.summary,
                widgets.HBox([self.trainee_filter, self.module_filter, self.status_filter]),
                widgets.HBox([self.sort_by, self.refresh_button]),
                self.export,
                self.note,
                self.table,
                widgets.HTML("<h2>Heat-map</h2>"),
                self.heatmap,
                widgets.HTML("<h2>Completion over time</h2>"),
                self.completion,
            ],
            **kwargs,
        )

    def refresh(self) -> None:
        """Read the gradebook and hand-ins again."""
        self.progress = read_progress(self.course)
        self.module_filter.options = [ALL, *self.progress.modules]
        self.redraw()

    def visible_rows(self) -> list[ProgressRow]:
        rows = filter_rows(
            self.progress.rows,
            self.trainee_filter.value,
            self.module_filter.value or ALL,
            self.status_filter.value or ALL,
        )
        return sort_rows(rows, self.sort_by.value)

    def redraw(self) -> None:
        rows = self.visible_rows()
        self.summary.value = f'<p class="cb-summary">{summary_text(self.progress, rows)}</p>'
        self.export.value = csv_download_link(rows, "classbridge-progress.csv")
        shown = rows[:MAX_TABLE_ROWS]
        self.note.value = (
            f"<p>Showing the first {len(shown)} of {len(rows)} rows: "
            "filter by trainee, module or status to see the others.</p>"
            if len(rows) > len(shown)
            else ""
        )
        self.table.value = rows_table(shown) if rows else "<p>No trainee matches.</p>"
        trainees = list(dict.fromkeys(r.trainee for r in rows))[:MAX_HEATMAP_TRAINEES]
        modules = [m for m in self.progress.modules if any(r.module == m for r in rows)]
        self.heatmap.value = heatmap_png(self.progress, trainees, modules)
        self.completion.value = completion_png(self.progress, modules)

    def show(self) -> TrainerDashboard:
        """Display, then read the gradebook once a trainer is looking (not at preheat)."""
        from IPython.display import display

        from classbridge.core.visit import await_visitor

        if not Path(self.course.root).is_dir():
            display(
                widgets.HTML(
                    f"<p>No course folder at {escape(str(self.course.root))}: start the "
                    "dashboard with <code>classbridge dashboard --course-dir COURSE</code>.</p>"
                )
            )
            return self
        display(self)
        await_visitor()
        self.refresh()
        return self
