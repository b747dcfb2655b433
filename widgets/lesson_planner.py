"""LessonPlanner: write and co-edit a lesson plan in a form, checked as you type.

The rules live in plain Python (``classbridge.lessons.plan`` for the format and
its checks, ``classbridge.lessons.store`` for saving with merges); this widget
is the form (``plan_form``) around them. A save that meets a co-author's newer
save is merged field by field; fields both changed are shown side by side to
decide (``plan_conflict``).
"""

from __future__ import annotations

from html import escape

import ipywidgets as w
import nbformat

from classbridge.core.download_link import download_link
from classbridge.core.storage import SaveFailed
from classbridge.core.visit import current_trainee
from classbridge.core.workspace import check_key, trainee_dir
from classbridge.lessons.bank import BankPlan, LessonBank
from classbridge.lessons.export import plan_html, plan_notebook
from classbridge.lessons.plan import (
    PlanError,
    adapt_plan,
    attribution,
    authors_line,
    new_plan,
    readiness_problems,
    schema_problems,
)
from classbridge.lessons.store import PlanConflict, PlanFolder
from classbridge.widgets.plan_conflict import ConflictPanel
from classbridge.widgets.plan_form import PlanForm
from classbridge.widgets.saving import DRAFT_STYLE, SAVED_STYLE, error_html, ok_html


class LessonPlanner(PlanForm):
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
        self.by = by or current_trainee().name
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
        own = trainee_dir(current_trainee().id)
        folder = PlanFolder(own / module) if module else PlanFolder(own)
        return cls(folder, name, bank=LessonBank(), new_title=title)

    def _build(self) -> None:
        self.header = w.HTML()
        self.problems = w.HTML()
        self.problems.add_class("cb-plan-problems")
        self.save_button = w.Button(description="Save plan", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.status = w.HTML()
        self.status.add_class("cb-save-status")
        self.conflicts = ConflictPanel()
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
        actions = w.HBox([self.save_button, self.status]) if self.folder.writable else w.HBox([])
        super().__init__(
            before=[self.header, *starts],
            after=[self.problems, actions, self.conflicts, self.exports, self.history],
        )
        self.add_class("cb-lesson-planner")

    @property
    def conflict_choices(self) -> list[w.ToggleButtons]:
        """One choice per field both authors changed, after a save that clashed."""
        return self.conflicts.choices

    @property
    def resolve_button(self) -> w.Button | None:
        return self.conflicts.resolve_button

    def show(self, plan: dict) -> None:
        """Fill the form with ``plan`` (and its credit, authors, history and exports)."""
        super().show(plan)
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
        self.set_read_only(not self.folder.writable)
        self.changed()

    def changed(self) -> None:
        """Check the plan as it is typed: what is still missing, or that it is ready."""
        plan = self.value()
        problems = schema_problems(plan) or readiness_problems(plan)
        if problems:
            self.problems.value = (
                f'<div class="cb-plan-draft" style="{DRAFT_STYLE}">'
                "<strong>Not ready yet:</strong><ul>"
                + "".join(f"<li>{escape(p)}</li>" for p in problems)
                + "</ul></div>"
            )
        else:
            total = sum(s["minutes"] for s in plan["segments"])
            self.problems.value = (
                f'<div class="cb-plan-ready" style="{SAVED_STYLE}">Ready: '
                f"{len(plan['segments'])} segments add up to {total} minutes.</div>"
            )

    def save(self) -> bool:
        plan = self.value()
        if problems := schema_problems(plan):
            self.status.value = error_html(f"Not saved: {problems[0]}")
            return False
        try:
            saved = self.folder.save(plan, self.base, self.by, self.note.value)
        except PlanConflict as conflict:
            self.conflicts.show(conflict, self._save_decided)
            self.status.value = error_html(str(conflict))
            return False
        except (PlanError, SaveFailed) as err:
            self.status.value = error_html(str(err))
            return False
        self.base = saved.plan
        self.conflicts.clear()
        self.show(saved.plan)
        merged = (
            f", merged with the changes of {', '.join(saved.merged_with)}"
            if saved.merged_with
            else ""
        )
        self.status.value = ok_html(f"Saved version {saved.plan['version']}{merged}")
        return True

    def _save_decided(self, plan: dict, conflict: PlanConflict) -> None:
        self.base = conflict.theirs
        self.show(plan)  # the merge carries their version and history: the next save's base
        self.save()

    def adapt_from(self, plan_id: str | None) -> bool:
        """Replace this draft with a copy of a bank plan that credits its authors, and save."""
        if self.bank is None:
            return False
        if not plan_id:
            self.status.value = error_html("Choose a plan to start from first.")
            return False
        original: BankPlan = self.bank.find(plan_id)
        copied = adapt_plan(original.plan, self.base["id"], self.by)
        self.show(copied | {"version": self.base["version"], "history": self.base["history"]})
        self.note.value = copied["history"][0]["note"]
        return self.save()
