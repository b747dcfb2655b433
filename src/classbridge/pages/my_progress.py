"""A trainee's own progress: status and score per module, and the trainer's feedback.

Usage (``modules/my-progress.ipynb``)::

    from classbridge.pages.my_progress import MyProgress
    MyProgress().show()
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

import ipywidgets as widgets

from classbridge.core.visit import current_trainee
from classbridge.grading.course import Course
from classbridge.grading.progress import GRADED, ProgressRow, read_progress
from classbridge.pages.progress_view import TABLE_STYLE, score_text, status_class, time_text


def feedback_pages(course: Course, trainee: str, module: str) -> list[Path]:
    """The feedback pages ``classbridge grade feedback`` wrote for this trainee."""
    return sorted(course.path("feedback", trainee, module).glob("*.html"))


def feedback_link(page: Path) -> str:
    """A download link carrying the page itself: works offline and on any Voilà."""
    data = base64.b64encode(page.read_bytes()).decode("ascii")
    return (
        f'<a class="cb-feedback" download="{escape(page.name)}" '
        f'href="data:text/html;base64,{data}">feedback ({escape(page.stem)})</a>'
    )


def my_progress_html(course: Course, rows: list[ProgressRow], titles: dict[str, str]) -> str:
    if not rows:
        return "<p>Nothing released to you yet: your trainer releases the modules.</p>"
    lines = []
    for row in rows:
        links = [feedback_link(p) for p in feedback_pages(course, row.trainee, row.module)]
        pending = (
            f"{row.pending_manual} answer(s) still to be read by your trainer"
            if row.pending_manual
            else ""
        )
        lines.append(
            f'<tr data-module="{escape(row.module)}">'
            f"<td>{escape(titles.get(row.module, row.module))}</td>"
            f'<td class="cb-status {status_class(row.status)}">{escape(row.status)}</td>'
            f'<td class="cb-score">{escape(score_text(row)) if row.status == GRADED else "–"}</td>'
            f"<td>{escape(time_text(row.last_submission))}</td>"
            f"<td>{escape(pending)}</td>"
            f"<td>{' '.join(links) or '–'}</td></tr>"
        )
    head = (
        "<tr><th>Module</th><th>Status</th><th>Score</th><th>Handed in</th>"
        "<th>Still to grade</th><th>Feedback</th></tr>"
    )
    return f'{TABLE_STYLE}<table class="cb-progress cb-my-progress">{head}{"".join(lines)}</table>'


class MyProgress(widgets.VBox):
    """The trainee's page: what is done, what scored what, where the feedback is."""

    def __init__(self, course: Course | None = None, trainee: str | None = None) -> None:
        self.course = course or Course.from_env()
        self.trainee = trainee
        self.heading = widgets.HTML()
        self.table = widgets.HTML("<p>Loading your progress…</p>")
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.refresh_button.on_click(lambda _button: self.refresh())
        super().__init__([self.heading, self.table, self.refresh_button])

    def refresh(self) -> None:
        from classbridge.core.catalogue import scan_catalogue

        trainee = self.trainee or current_trainee()
        self.heading.value = f"<h1>My progress</h1><p>Trainee: <b>{escape(trainee)}</b></p>"
        if not Path(self.course.root).is_dir():
            self.table.value = (
                "<p>No course is set up on this server yet. Your trainer starts it with "
                "<code>classbridge serve --course-dir COURSE</code>.</p>"
            )
            return
        titles = {}
        if Path(self.course.modules_dir).is_dir():
            for module in scan_catalogue(Path(self.course.modules_dir)).modules:
                titles.setdefault(module.path.split("/")[0], module.title)
        rows = read_progress(self.course).for_trainee(trainee)
        self.table.value = my_progress_html(self.course, rows, titles)

    def show(self) -> MyProgress:
        from IPython.display import display

        from classbridge.core.visit import await_visitor

        display(self)
        await_visitor()
        self.refresh()
        return self
