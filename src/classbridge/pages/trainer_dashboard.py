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

from classbridge.core.language import N_, _
from classbridge.grading.course import Course
from classbridge.grading.display_format import status_label
from classbridge.grading.progress import (
    MODULE_GRADED,
    MODULE_NOT_STARTED,
    MODULE_STATUSES,
    MODULE_SUBMITTED,
    Progress,
    ProgressRow,
    read_progress,
)
from classbridge.pages.competence_view import competence_table
from classbridge.pages.progress_view import (
    completion_png,
    csv_download_link,
    heatmap_png,
    rows_table,
    shown_width,
)

ALL = "all"
#: Each way to sort, by its English name (the sort menu's value; shown translated).
SORTS = {
    N_("trainee A→Z"): (lambda r: (r.trainee_name.casefold(), r.module), False),
    N_("module"): (lambda r: (r.module, r.trainee), False),
    N_("score, lowest first"): (
        lambda r: (r.fraction is None, r.fraction or 0.0, r.trainee),
        False,
    ),
    N_("score, highest first"): (lambda r: (r.fraction is not None, r.fraction or 0.0), True),
    N_("last submission, newest first"): (
        lambda r: (
            r.last_submission is not None,
            r.last_submission.timestamp() if r.last_submission else 0,
        ),
        True,
    ),
    N_("pending hand-grading, most first"): (lambda r: (r.pending_manual, r.trainee), True),
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
    return _(
        "{trainees} trainees · {modules} modules · {graded} graded · {submitted} submitted · "
        "{not_started} not started · {pending} hand-graded items pending"
    ).format(
        trainees=len(progress.trainees),
        modules=len(progress.modules),
        graded=count[MODULE_GRADED],
        submitted=count[MODULE_SUBMITTED],
        not_started=count[MODULE_NOT_STARTED],
        pending=pending,
    )


def _everything() -> tuple[str, str]:
    """The filter menus' first choice: shown translated, its value stays ``ALL``."""
    return (_("all"), ALL)


class TrainerDashboard(widgets.VBox):
    """Cohort table with sort and filter, heat-map, completion chart, CSV export."""

    def __init__(self, course: Course | None = None, **kwargs) -> None:
        self.course = course or Course.from_env()
        self.progress = Progress([], [], [])
        self.trainee_filter = widgets.Text(
            description=_("Trainee"), placeholder=_("part of a name"), continuous_update=False
        )
        self.module_filter = widgets.Dropdown(description=_("Module"), options=[_everything()])
        self.status_filter = widgets.Dropdown(
            description=_("Status"),
            options=[_everything(), *((status_label(s), s) for s in MODULE_STATUSES)],
        )
        self.sort_by = widgets.Dropdown(
            description=_("Sort by"),
            options=[(_(name), name) for name in SORTS],
            layout=widgets.Layout(width="22em"),
        )
        self.refresh_button = widgets.Button(description=_("Refresh"), icon="refresh")
        self.summary = widgets.HTML()
        self.export = widgets.HTML()
        self.table = widgets.HTML()
        self.heatmap = widgets.Image(format="png")
        self.completion = widgets.Image(format="png")
        self.competences = widgets.HTML()
        self.note = widgets.HTML()
        for control in (self.trainee_filter, self.module_filter, self.status_filter, self.sort_by):
            control.observe(lambda _change: self.redraw(), names="value")
        self.refresh_button.on_click(lambda _button: self.refresh())
        title, heatmap = _("Trainee progress"), _("Heat-map")
        completion = _("Completion over time")
        competences = _("Competences")
        super().__init__(
            [
                widgets.HTML(f"<h1>{escape(title)}</h1>"),
                self.summary,
                widgets.HBox([self.trainee_filter, self.module_filter, self.status_filter]),
                widgets.HBox([self.sort_by, self.refresh_button]),
                self.export,
                self.note,
                self.table,
                widgets.HTML(f"<h2>{escape(heatmap)}</h2>"),
                self.heatmap,
                widgets.HTML(f"<h2>{escape(completion)}</h2>"),
                self.completion,
                widgets.HTML(f"<h2>{escape(competences)}</h2>"),
                self.competences,
            ],
            **kwargs,
        )

    def refresh(self) -> None:
        """Read the gradebook and hand-ins again."""
        self.progress = read_progress(self.course)
        modules = ((module, module) for module in self.progress.modules)
        self.module_filter.options = [_everything(), *modules]
        self.competences.value = competence_table(self.progress, Path(self.course.modules_dir))
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
        summary = summary_text(self.progress, rows)
        self.summary.value = f'<p class="cb-summary">{escape(summary)}</p>'
        self.export.value = csv_download_link(rows, "classbridge-progress.csv")
        shown = rows[:MAX_TABLE_ROWS]
        more = _(
            "Showing the first {shown} of {count} rows: "
            "filter by trainee, module or status to see the others."
        ).format(shown=len(shown), count=len(rows))
        self.note.value = f"<p>{escape(more)}</p>" if len(rows) > len(shown) else ""
        no_match = _("No trainee matches.")
        self.table.value = rows_table(shown) if rows else f"<p>{escape(no_match)}</p>"
        trainees = list(dict.fromkeys(r.trainee for r in rows))[:MAX_HEATMAP_TRAINEES]
        modules = [m for m in self.progress.modules if any(r.module == m for r in rows)]
        # An empty filter result is said once, by the table; no empty charts under it.
        for chart in (self.heatmap, self.completion):
            chart.layout.display = None if rows else "none"
        self.heatmap.value = heatmap_png(self.progress, trainees, modules)
        self.heatmap.width = shown_width(self.heatmap.value)
        self.completion.value = completion_png(self.progress, modules)
        self.completion.width = shown_width(self.completion.value)

    def show(self) -> TrainerDashboard:
        """Display, then read the gradebook once a trainer is looking (not at preheat)."""
        from IPython.display import display

        from classbridge.core.visit import await_visitor

        if not Path(self.course.root).is_dir():
            no_course = _("No course folder at {folder}: start the dashboard with {command}.")
            command = "<code>classbridge dashboard --course-dir COURSE</code>"
            html = escape(no_course).format(folder=escape(str(self.course.root)), command=command)
            display(widgets.HTML(f"<p>{html}</p>"))
            return self
        display(self)
        await_visitor()
        self.refresh()
        return self
