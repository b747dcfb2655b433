"""The form a lesson plan is edited in: its fields, filled from a plan and read back into one.

Only what a teacher writes is a field here; the plan's id, version, authors and
history are kept from the plan shown and given back unchanged, so a form that
was not touched gives back the plan it was filled with.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence

import ipywidgets as w

from classbridge.lessons.export import LEAD_LABEL

WIDE = w.Layout(width="98%")


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


class SegmentRow(w.HBox):
    """One line of the timeline: who leads, minutes, activity, materials."""

    def __init__(
        self,
        segment: dict,
        on_change: Callable[[], None],
        on_remove: Callable[[SegmentRow], None],
    ) -> None:
        self.lead = w.Dropdown(
            options=[(label, key) for key, label in LEAD_LABEL.items()],
            value=segment.get("lead", "remote"),
            layout=w.Layout(width="11em"),
        )
        self.minutes = w.BoundedIntText(
            value=segment.get("minutes", 5), min=1, max=240, layout=w.Layout(width="5em")
        )
        self.activity = w.Text(
            value=segment.get("activity", ""), placeholder="Activity", layout=w.Layout(flex="3")
        )
        self.materials = w.Text(
            value=", ".join(segment.get("materials", [])),
            placeholder="Materials, comma-separated",
            layout=w.Layout(flex="2"),
        )
        remove = w.Button(description="Remove", layout=w.Layout(width="6em"))
        remove.on_click(lambda _: on_remove(self))
        for field in (self.lead, self.minutes, self.activity, self.materials):
            field.observe(lambda _: on_change(), names="value")
        super().__init__(
            [self.lead, self.minutes, w.Label("min"), self.activity, self.materials, remove]
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
        text = lambda desc, **kw: w.Text(description=desc, layout=WIDE, **kw)  # noqa: E731
        area = lambda desc, **kw: w.Textarea(description=desc, layout=WIDE, rows=3, **kw)  # noqa: E731
        self._filling = False
        self.shown: dict = {}
        self.title = text("Title")
        self.subject = text("Subject", placeholder="e.g. Mathematics")
        self.grade = text("Grades", placeholder="e.g. Grades 4-6")
        self.languages = text("Languages", placeholder="language codes, e.g. en, tl")
        self.minutes = w.BoundedIntText(description="Minutes", min=5, max=240)
        self.objectives = area("Objectives", placeholder="One per line: I can ...")
        self.segments = w.VBox()
        add = w.Button(description="Add segment", icon="plus")
        add.on_click(lambda _: self._add_segment({"lead": "on-site", "minutes": 5}))
        self.support = area("Support")
        self.stretch = area("Stretch")
        self.assessment = area("Assessment")
        self.keywords = text("Keywords", placeholder="comma-separated")
        self.note = text("Change note", placeholder="What did you change? (optional)")
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
            field.style.description_width = "7em"
            if name != "note":  # the note is about the save, not part of the plan
                field.observe(lambda _: self._edited(), names="value")
        timeline = w.VBox(
            [
                w.HTML("<h4>Timeline (who leads, minutes, activity, materials)</h4>"),
                self.segments,
                add,
            ]
        )
        self.form = w.VBox(
            [
                self.title,
                w.HBox([self.subject, self.grade]),
                w.HBox([self.languages, self.minutes]),
                self.objectives,
                timeline,
                w.HTML("<h4>Differentiation</h4>"),
                self.support,
                self.stretch,
                self.assessment,
                self.keywords,
                self.note,
            ]
        )
        super().__init__([*before, self.form, *after])

    def changed(self) -> None:
        """Called after each edit; the plain form has nothing to do."""

    def _edited(self) -> None:
        if not self._filling:
            self.changed()

    def _add_segment(self, segment: dict) -> None:
        row = SegmentRow(segment, self._edited, self._remove_segment)
        row.layout.width = "100%"
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
