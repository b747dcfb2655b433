"""The form a lesson plan is edited in: its fields, filled from a plan and read back into one.

Only what a teacher writes is a field here; the plan's id, version, authors and
history are kept from the plan shown and given back unchanged, so a form that
was not touched gives back the plan it was filled with.

Teachers plan on phones too (360 px wide and up). Every row of the form is a
wrapping flex row whose fields may shrink (``min_width="0"``): on a wide
screen a segment of the timeline is one line, on a phone it wraps onto two or
three, and nothing is pushed out of sight. This is done with ipywidgets
``Layout``, not page CSS, so the form looks the same wherever it is shown
(Voilà, JupyterLab, Notebook 7).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as w

from classbridge.core.language import _
from classbridge.lessons.export import LEAD_LABEL

#: How wide a field's description is; short enough to leave a phone's field room to type.
DESCRIPTION_WIDTH = "7em"


def full_width() -> w.Layout:
    """A field across the whole form (stretched by its column, never wider)."""
    return w.Layout(width="auto", min_width="0")


def shares_row(basis: str, max_width: str | None = None, grow: int = 1) -> w.Layout:
    """A field that sits beside others on a wide screen and gets a line of its own when
    fewer than ``basis`` is left: the item of a ``wrapping_row``."""
    return w.Layout(flex=f"{grow} 1 {basis}", width="auto", min_width="0", max_width=max_width)


def wrapping_row(**extra: str) -> w.Layout:
    """A row whose items wrap onto the next line instead of running off a narrow screen."""
    return w.Layout(flex_flow="row wrap", width="auto", min_width="0", **extra)


def fits_its_text() -> w.Layout:
    """A button as wide as its label: ipywidgets' fixed button width cuts long labels short."""
    return w.Layout(width="auto", min_width="fit-content")


def _split(text: str) -> list[str]:
    """A list typed in one line: commas or semicolons, ASCII or full-width (，；、)."""
    return [part.strip() for part in re.split(r"[,;，；、]", text) if part.strip()]


class SegmentRow(w.HBox):
    """One line of the timeline: who leads, minutes, activity, materials."""

    def __init__(
        self,
        segment: dict,
        on_change: Callable[[], None],
        on_remove: Callable[[SegmentRow], None],
    ) -> None:
        self.lead = w.Dropdown(
            options=[(_(label), key) for key, label in LEAD_LABEL.items()],
            value=segment.get("lead", "remote"),
            layout=w.Layout(width="11em", min_width="0", max_width="100%"),
        )
        self.minutes = w.BoundedIntText(
            value=segment.get("minutes", 5), min=1, max=240, layout=w.Layout(width="5em")
        )
        self.activity = w.Text(
            value=segment.get("activity", ""),
            placeholder=_("Activity"),
            layout=shares_row("14em", grow=3),
        )
        self.materials = w.Text(
            value=", ".join(segment.get("materials", [])),
            placeholder=_("Materials, comma-separated"),
            layout=shares_row("12em", grow=2),
        )
        remove = w.Button(description=_("Remove"), layout=fits_its_text())
        remove.on_click(lambda _: on_remove(self))
        for name, field in (
            ("lead", self.lead),
            ("minutes", self.minutes),
            ("activity", self.activity),
            ("materials", self.materials),
        ):
            field.add_class(f"cb-segment-{name}")
            field.observe(lambda _: on_change(), names="value")
        super().__init__(
            [self.lead, self.minutes, w.Label(_("min")), self.activity, self.materials, remove],
            # A line between segments: on a phone each one takes two or three lines.
            layout=wrapping_row(
                align_items="center", border_bottom="1px solid #e0e0e0", padding="0 0 2px 0"
            ),
        )
        self.add_class("cb-segment")

    def value(self) -> dict:
        segment = {
            "lead": self.lead.value,
            "activity": self.activity.value.strip(),
            "minutes": int(self.minutes.value),
        }
        if materials := _split(self.materials.value):
            segment["materials"] = materials
        return segment


class PlanForm(w.VBox):
    """A lesson plan as a form, with the widgets around it placed before and after.

    ``changed`` is called after every edit a teacher makes (not while the form
    is being filled); a form that checks the plan as it is typed overrides it.
    """

    def __init__(self, before: Sequence[w.Widget] = (), after: Sequence[w.Widget] = ()) -> None:
        text = lambda desc, **kw: w.Text(description=desc, layout=full_width(), **kw)  # noqa: E731
        area = lambda desc, **kw: w.Textarea(description=desc, layout=full_width(), rows=3, **kw)  # noqa: E731
        self._filling = False
        self.shown: dict = {}
        self.title = text(_("Title"))
        self.subject = w.Text(
            description=_("Subject"),
            placeholder=_("e.g. Mathematics"),
            layout=shares_row("16em"),
        )
        self.grade = w.Text(
            description=_("Grades"), placeholder=_("e.g. Grades 4-6"), layout=shares_row("16em")
        )
        self.languages = w.Text(
            description=_("Languages"),
            placeholder=_("language codes, e.g. en, tl"),
            layout=shares_row("16em"),
        )
        self.minutes = w.BoundedIntText(
            description=_("Minutes"), min=5, max=240, layout=shares_row("12em", "16em", grow=0)
        )
        self.objectives = area(_("Objectives"), placeholder=_("One per line: I can ..."))
        self.segments = w.VBox(layout=full_width())
        add = w.Button(description=_("Add segment"), icon="plus", layout=fits_its_text())
        add.layout.align_self = "flex-start"  # its own width, not the column's
        add.on_click(lambda _: self._add_segment({"lead": "on-site", "minutes": 5}))
        self.support = area(_("Support"))
        self.stretch = area(_("Stretch"))
        self.assessment = area(_("Assessment"))
        self.keywords = text(_("Keywords"), placeholder=_("comma-separated"))
        self.note = text(_("Change note"), placeholder=_("What did you change? (optional)"))
        fields = {
            "title": self.title,
            "subject": self.subject,
            "grade": self.grade,
            "languages": self.languages,
            "minutes": self.minutes,
            "objectives": self.objectives,
            "support": self.support,
            "stretch": self.stretch,
            "assessment": self.assessment,
            "keywords": self.keywords,
            "note": self.note,
        }
        for name, field in fields.items():
            field.add_class(f"cb-field-{name}")
            field.style.description_width = DESCRIPTION_WIDTH
            if name != "note":  # the note is about the save, not part of the plan
                field.observe(lambda _: self._edited(), names="value")
        timeline_heading = escape(_("Timeline (who leads, minutes, activity, materials)"))
        differentiation_heading = escape(_("Differentiation"))
        timeline = w.VBox(
            [
                w.HTML(f"<h4>{timeline_heading}</h4>"),
                self.segments,
                add,
            ],
            layout=full_width(),
        )
        self.form = w.VBox(
            [
                self.title,
                w.HBox([self.subject, self.grade], layout=wrapping_row()),
                w.HBox([self.languages, self.minutes], layout=wrapping_row()),
                self.objectives,
                timeline,
                w.HTML(f"<h4>{differentiation_heading}</h4>"),
                self.support,
                self.stretch,
                self.assessment,
                self.keywords,
                self.note,
            ],
            layout=full_width(),
        )
        super().__init__([*before, self.form, *after], layout=w.Layout(min_width="0"))

    def changed(self) -> None:
        """Called after each edit; the plain form has nothing to do."""

    def _edited(self) -> None:
        if not self._filling:
            self.changed()

    def _add_segment(self, segment: dict) -> None:
        row = SegmentRow(segment, self._edited, self._remove_segment)
        self.segments.children = (*self.segments.children, row)
        self._edited()

    def _remove_segment(self, row: SegmentRow) -> None:
        self.segments.children = tuple(r for r in self.segments.children if r is not row)
        self._edited()

    def show(self, plan: dict) -> None:
        """Fill the fields from ``plan``; the change note starts empty."""
        self._filling = True
        try:
            self.shown = copy.deepcopy(plan)
            self.title.value = plan["title"]
            self.subject.value = plan["subject"]
            self.grade.value = plan["grade_band"]
            self.languages.value = ", ".join(plan["languages"])
            self.minutes.value = plan["lesson_minutes"]
            self.objectives.value = "\n".join(plan["objectives"])
            self.segments.children = ()
            for segment in plan["segments"]:
                self._add_segment(segment)
            diff = plan.get("differentiation", {})
            self.support.value = diff.get("support", "")
            self.stretch.value = diff.get("stretch", "")
            self.assessment.value = plan.get("assessment", "")
            self.keywords.value = ", ".join(plan.get("keywords", []))
            self.note.value = ""
        finally:
            self._filling = False

    def value(self) -> dict:
        """The plan as the form holds it now (not yet saved)."""
        plan = copy.deepcopy(self.shown)
        plan.update(
            title=self.title.value.strip(),
            subject=self.subject.value.strip(),
            grade_band=self.grade.value.strip(),
            languages=_split(self.languages.value),
            lesson_minutes=int(self.minutes.value),
            objectives=[
                line.strip() for line in self.objectives.value.splitlines() if line.strip()
            ],
            segments=[row.value() for row in self.segments.children],
            differentiation={
                "support": self.support.value.strip(),
                "stretch": self.stretch.value.strip(),
            },
            assessment=self.assessment.value.strip(),
            keywords=_split(self.keywords.value),
        )
        return plan

    def set_read_only(self, read_only: bool) -> None:
        _disable(self.form, read_only)


def _disable(widget: w.Widget, disabled: bool) -> None:
    if hasattr(widget, "disabled"):
        widget.disabled = disabled
    for child in getattr(widget, "children", ()):
        _disable(child, disabled)
