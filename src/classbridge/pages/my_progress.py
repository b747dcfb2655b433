"""A trainee's own progress: status and score per module, and the trainer's feedback.

Each feedback page ``classbridge grade feedback`` wrote is shown in this page,
under the table (one fold per module), and can be downloaded to keep or print.

Usage (``modules/my-progress.ipynb``)::

    from classbridge.pages.my_progress import MyProgress
    MyProgress().show()
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from classbridge.core.download_link import download_link
from classbridge.core.language import _
from classbridge.core.visit import Trainee, current_trainee
from classbridge.core.workspace import InvalidName
from classbridge.grading.course import Course
from classbridge.grading.display_format import NO_VALUE, score_text, status_label, time_text
from classbridge.grading.feedback_page import feedback_fragment
from classbridge.grading.progress import MODULE_GRADED, ProgressRow, read_progress
from classbridge.pages.progress_view import TABLE_STYLE, status_class


def feedback_pages(course: Course, trainee: str, module: str) -> list[Path]:
    """The feedback pages ``classbridge grade feedback`` wrote for this trainee.

    A trainee id or module name that cannot be a folder name has no folder,
    so none: the progress row is still shown, escaped.
    """
    try:
        folder = course.path("feedback", trainee, module)
    except InvalidName:
        return []
    return sorted(folder.glob("*.html"))


def feedback_link(page: Path) -> str:
    """A download link carrying the page itself: works offline and on any Voilà."""
    return download_link(
        page.read_bytes(),
        page.name,
        "text/html",
        _("download ({name})").format(name=page.stem),
        "cb-feedback",
        style="",
    )


def feedback_in_page(page: Path, title: str) -> str:
    """The feedback page folded into this one; "" for a page we did not build (nbgrader's own,
    from before ClassBridge wrote its pages), which is only offered as a download."""
    try:
        fragment = feedback_fragment(page.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""
    if fragment is None:
        return ""
    summary = _("Read your feedback: {title}").format(title=title)
    return (
        f'<details class="cb-feedback-inline" data-module="{escape(page.parent.name)}">'
        f"<summary>{escape(summary)}</summary>{fragment}</details>"
    )


FEEDBACK_STYLE = """
<style>
.cb-feedback-inline { margin: 0.8em 0; max-width: 52em; }
.cb-feedback-inline > summary { cursor: pointer; font-weight: bold; padding: 0.3em 0; }
</style>
"""


def my_progress_html(course: Course, rows: list[ProgressRow], titles: dict[str, str]) -> str:
    if not rows:
        nothing = _("Nothing released to you yet: your trainer releases the modules.")
        return f"<p>{escape(nothing)}</p>"
    lines = []
    inline = []
    for row in rows:
        pages = feedback_pages(course, row.trainee, row.module)
        links = [feedback_link(p) for p in pages]
        title = titles.get(row.module, row.module)
        inline += [shown for p in pages if (shown := feedback_in_page(p, title))]
        score = score_text(row.score, row.max_score) if row.status == MODULE_GRADED else NO_VALUE
        pending = (
            _("{count} answer(s) still to be read by your trainer").format(count=row.pending_manual)
            if row.pending_manual
            else ""
        )
        lines.append(
            f'<tr data-module="{escape(row.module)}">'
            f"<td>{escape(titles.get(row.module, row.module))}</td>"
            f'<td class="cb-status {status_class(row.status)}">'
            f"{escape(status_label(row.status))}</td>"
            f'<td class="cb-score">{escape(score)}</td>'
            f"<td>{escape(time_text(row.last_submission))}</td>"
            f"<td>{escape(pending)}</td>"
            f"<td>{' '.join(links) or NO_VALUE}</td></tr>"
        )
    columns = (
        _("Module"),
        _("Status"),
        _("Score"),
        _("Handed in"),
        _("Still to grade"),
        _("Feedback"),
    )
    head = "<tr>" + "".join(f"<th>{escape(name)}</th>" for name in columns) + "</tr>"
    table = f'{TABLE_STYLE}<table class="cb-progress cb-my-progress">{head}{"".join(lines)}</table>'
    if not inline:
        return table
    heading = _("Your feedback")
    return f"{table}{FEEDBACK_STYLE}<h2>{escape(heading)}</h2>{''.join(inline)}"


class MyProgress(widgets.VBox):
    """The trainee's page: what is done, what scored what, where the feedback is."""

    def __init__(self, course: Course | None = None, trainee: str | None = None) -> None:
        self.course = course or Course.from_env()
        self.trainee = trainee
        self.heading = widgets.HTML()
        loading = _("Loading your progress…")
        self.table = widgets.HTML(f"<p>{escape(loading)}</p>")
        self.refresh_button = widgets.Button(description=_("Refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _button: self.refresh())
        super().__init__([self.heading, self.table, self.refresh_button])

    def refresh(self) -> None:
        from classbridge.core.catalogue import scan_catalogue

        trainee = Trainee.from_id(self.trainee) if self.trainee else current_trainee()
        # Translated, escaped, then the HTML of the values put in its place.
        heading = escape(_("My progress"))
        who = escape(_("Trainee: {name}")).format(name=f"<b>{escape(trainee.name)}</b>")
        self.heading.value = f"<h1>{heading}</h1><p>{who}</p>"
        if not Path(self.course.root).is_dir():
            no_course = _(
                "No course is set up on this server yet. Your trainer starts it with {command}."
            )
            command = "<code>classbridge serve --course-dir COURSE</code>"
            self.table.value = f"<p>{escape(no_course).format(command=command)}</p>"
            return
        titles = {}
        if Path(self.course.modules_dir).is_dir():
            for module in scan_catalogue(Path(self.course.modules_dir)).modules:
                titles.setdefault(module.path.split("/")[0], module.title)
        rows = read_progress(self.course).for_trainee(trainee.id)
        self.table.value = my_progress_html(self.course, rows, titles)

    def show(self) -> MyProgress:
        from IPython.display import display

        from classbridge.core.visit import await_visitor

        display(self)
        await_visitor()
        self.refresh()
        return self
