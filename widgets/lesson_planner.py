"""LessonPlanner: write and co-edit a lesson plan in a form, checked as you type.

The rules live in plain Python (``classbridge.lessons.plan`` for the format and
its checks, ``classbridge.lessons.store`` for saving with merges); this widget
is the form around them. A save that meets a co-author's newer save is merged
field by field; fields both changed are shown side by side to decide.
"""

from __future__ import annotations

import copy
import re
from html import escape

import ipywidgets as w
import nbformat
import yaml

from classbridge.core.download_link import download_link
from classbridge.core.storage import SaveFailed
from classbridge.core.visit import current_trainee
from classbridge.core.workspace import check_key, trainee_dir
from classbridge.lessons.bank import BankPlan, LessonBank
from classbridge.lessons.export import LEAD_LABEL, plan_html, plan_notebook
from classbridge.lessons.merge import set_field
from classbridge.lessons.plan import (
    PlanError,
    adapt_plan,
    attribution,
    authors_line,
    field_name,
    new_plan,
    readiness_problems,
    schema_problems,
)
from classbridge.lessons.store import PlanConflict, PlanFolder

WIDE = w.Layout(width="98%")
ERROR = '<span class="cb-error" style="color:#a0300a">{}</span>'
OK = '<span class="cb-saved" style="color:#1a7f37">{}</span>'


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


def _shown(value: object) -> str:
    if isinstance(value, str):
        return value
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False).strip()


class SegmentRow(w.HBox):
    """One line of the timeline: who leads, minutes, activity, materials."""

    def __init__(self, segment: dict, on_change, on_remove) -> None:
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


class LessonPlanner(w.VBox):
    """Create and edit one lesson plan; saves merge with co-authors' saves.

    Example::

        folder = PlanFolder(Path("lesson-bank"))
        LessonPlanner(folder, "fractions-market-prices")

    In a module, ``LessonPlanner.hand_in("04-co-preparing/lesson-plan")`` edits
    the trainee's own plan, which travels with the nbgrader submission.
    """

    def __init__(
        self,
        folder: PlanFolder,
        plan_id: str,
        by: str | None = None,
        bank: LessonBank | None = None,
        new_title: str = "",
    ) -> None:
        self.folder = folder
        self.by = by or current_trainee()
        self.bank = bank
        if folder.writable and not folder.path(plan_id).exists():
            if not new_title:
                raise PlanError(
                    f"lesson plan {plan_id}.yaml is not in {folder.folder}; check the name"
                )
            fresh = new_plan(new_title, self.by)
            fresh["id"] = plan_id
            folder.create(fresh)
        self.base = folder.load(plan_id)
        self._build()
        self.show(self.base)

    @classmethod
    def hand_in(cls, key: str, title: str = "My co-taught lesson") -> LessonPlanner:
        """The trainee's own plan for a module, saved in their workspace and handed in with it."""
        module, _, name = check_key(key).rpartition("/")
        own = trainee_dir(current_trainee())
        folder = PlanFolder(own / module) if module else PlanFolder(own)
        return cls(folder, name, bank=LessonBank(), new_title=title)

    # -- the form ---------------------------------------------------------------------------

    def _build(self) -> None:
        text = lambda desc, **kw: w.Text(description=desc, layout=WIDE, **kw)  # noqa: E731
        area = lambda desc, **kw: w.Textarea(description=desc, layout=WIDE, rows=3, **kw)  # noqa: E731
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
            if name != "note":
                field.observe(lambda _: self._check(), names="value")
        self.header = w.HTML()
        self.problems = w.HTML()
        self.problems.add_class("cb-plan-problems")
        self.save_button = w.Button(description="Save plan", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.status = w.HTML()
        self.status.add_class("cb-save-status")
        self.conflicts = w.VBox()
        self.conflicts.add_class("cb-conflicts")
        self.conflict_choices: list[w.ToggleButtons] = []  # one per field both changed
        self.resolve_button: w.Button | None = None
        self.exports = w.HTML()
        self.exports.add_class("cb-plan-exports")
        self.history = w.HTML()
        starts = []
        if self.bank is not None:
            self.start_from = w.Dropdown(
                description="Start from",
                options=[(e.plan["title"], e.plan["id"]) for e in self.bank.scan()[0]],
                value=None,
                layout=w.Layout(width="32em"),
            )
            self.start_from.style.description_width = "7em"
            use = w.Button(description="Copy into my plan")
            use.on_click(lambda _: self.adapt_from(self.start_from.value))
            starts = [w.HBox([self.start_from, use])]
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
        actions = w.HBox([self.save_button, self.status]) if self.folder.writable else w.HBox([])
        super().__init__(
            [
                self.header,
                *starts,
                self.form,
                self.problems,
                actions,
                self.conflicts,
                self.exports,
                self.history,
            ]
        )
        self.add_class("cb-lesson-planner")

    def _add_segment(self, segment: dict) -> None:
        row = SegmentRow(segment, self._check, self._remove_segment)
        row.layout.width = "100%"
        self.segments.children = (*self.segments.children, row)
        self._check()

    def _remove_segment(self, row: SegmentRow) -> None:
        self.segments.children = tuple(r for r in self.segments.children if r is not row)
        self._check()

    def show(self, plan: dict) -> None:
        """Fill the form with ``plan`` (and its credit, authors, history and exports)."""
        self._showing = True
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
        self._showing = False
        people = escape(authors_line(plan))
        credit = (
            '<p class="cb-plan-credit"><em>Adapted from '
            f"{escape(attribution(plan['adapted_from']))}</em></p>"
            if plan.get("adapted_from")
            else ""
        )
        sample = (
            '<p class="cb-plan-sample"><strong>Sample plan from the bank.</strong> Use '
            "<em>Copy and adapt</em> to make your own version.</p>"
            if not self.folder.writable
            else ""
        )
        self.header.value = (
            f'<h3 class="cb-plan-title">{escape(plan["title"])}</h3>'
            f'<p class="cb-plan-version">Version {plan["version"]} by {people}</p>{credit}{sample}'
        )
        self.history.value = (
            "<details><summary>Version history</summary><ul>"
            + "".join(
                f"<li>{h['version']}: {escape(h['date'][:16].replace('T', ' '))} {escape(h['by'])}"
                f" — {escape(h['note'])}</li>"
                for h in reversed(plan["history"])
            )
            + "</ul></details>"
        )
        stem = plan["id"]
        self.exports.value = download_link(
            plan_html(plan).encode("utf-8"),
            f"{stem}.html",
            "text/html",
            "Printable page",
            "cb-export-html",
        ) + download_link(
            nbformat.writes(plan_notebook(plan)).encode("utf-8"),
            f"{stem}.ipynb",
            "application/x-ipynb+json",
            "Notebook",
            "cb-export-notebook",
        )
        for field in self.form.children:
            _disable(field, not self.folder.writable)
        self._check()

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

    def _check(self) -> None:
        if getattr(self, "_showing", False):
            return
        plan = self.value()
        problems = schema_problems(plan) or readiness_problems(plan)
        if problems:
            self.problems.value = (
                '<div class="cb-plan-draft" style="color:#8a4b00">'
                "<strong>Not ready yet:</strong><ul>"
                + "".join(f"<li>{escape(p)}</li>" for p in problems)
                + "</ul></div>"
            )
        else:
            total = sum(s["minutes"] for s in plan["segments"])
            self.problems.value = (
                f'<div class="cb-plan-ready" style="color:#1a7f37">Ready: {len(plan["segments"])} '
                f"segments add up to {total} minutes.</div>"
            )

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> bool:
        plan = self.value()
        if problems := schema_problems(plan):
            self.status.value = ERROR.format(escape(f"Not saved: {problems[0]}"))
            return False
        try:
            saved = self.folder.save(plan, self.base, self.by, self.note.value)
        except PlanConflict as conflict:
            self._show_conflict(conflict)
            self.status.value = ERROR.format(escape(str(conflict)))
            return False
        except (PlanError, SaveFailed) as err:
            self.status.value = ERROR.format(escape(str(err)))
            return False
        self.base = saved.plan
        self.conflicts.children = ()
        self.show(saved.plan)
        merged = (
            f", merged with the changes of {', '.join(saved.merged_with)}"
            if saved.merged_with
            else ""
        )
        self.status.value = OK.format(escape(f"Saved version {saved.plan['version']}{merged}"))
        return True

    def _show_conflict(self, conflict: PlanConflict) -> None:
        """Each field both changed, side by side, with a choice; the rest is already merged."""
        who = conflict.theirs["history"][-1]["by"]
        choices = []
        rows = []
        for item in conflict.conflicts:
            choice = w.ToggleButtons(options=["Keep mine", f"Keep {who}'s"], value="Keep mine")
            choices.append(choice)
            rows.append(
                w.VBox(
                    [
                        w.HTML(
                            '<div class="cb-conflict"><strong>'
                            f"{escape(field_name(item.path))}</strong>"
                            '<table style="width:100%"><tr>'
                            f"<td style='width:50%;vertical-align:top'><em>Yours</em><pre>"
                            f"{escape(_shown(item.mine))}</pre></td>"
                            f"<td style='vertical-align:top'><em>{escape(who)}'s</em><pre>"
                            f"{escape(_shown(item.theirs))}</pre></td></tr></table></div>"
                        ),
                        choice,
                    ]
                )
            )
        resolve = w.Button(description="Save with these choices", button_style="warning")

        def apply(_=None) -> None:
            plan = copy.deepcopy(conflict.merged)
            for item, choice in zip(conflict.conflicts, choices, strict=True):
                if choice.value != "Keep mine":
                    set_field(plan, item.path, copy.deepcopy(item.theirs))
            self.base = conflict.theirs
            self.show(plan)  # the merge carries their version and history: the next save's base
            self.save()

        resolve.on_click(apply)
        self.resolve_button = resolve
        self.conflict_choices = choices
        self.conflicts.children = (
            w.HTML("<h4>Decide what to keep</h4><p>Everything else was merged.</p>"),
            *rows,
            resolve,
        )

    def adapt_from(self, plan_id: str | None) -> bool:
        """Replace this draft with a copy of a bank plan that credits its authors, and save."""
        if self.bank is None:
            return False
        if not plan_id:
            self.status.value = ERROR.format("Choose a plan to start from first.")
            return False
        original: BankPlan = self.bank.find(plan_id)
        copied = adapt_plan(original.plan, self.base["id"], self.by)
        self.show(copied | {"version": self.base["version"], "history": self.base["history"]})
        self.note.value = copied["history"][0]["note"]
        return self.save()


def _disable(widget: w.Widget, disabled: bool) -> None:
    if hasattr(widget, "disabled"):
        widget.disabled = disabled
    for child in getattr(widget, "children", ()):
        _disable(child, disabled)
