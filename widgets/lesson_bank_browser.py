"""LessonBankBrowser: find a plan in the shared bank, open it, or copy and adapt it.

Rows wrap rather than run off a phone's screen (see ``plan_form``): a plan's
card puts its buttons under its description when there is no room beside it.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from classbridge.core.language import _
from classbridge.core.storage import SaveFailed
from classbridge.core.visit import await_visitor, current_trainee
from classbridge.lessons.bank import BankPlan, LessonBank
from classbridge.lessons.plan import PlanError, credit_line, new_plan
from classbridge.widgets.lesson_planner import LessonPlanner
from classbridge.widgets.plan_form import fits_its_text, shares_row, wrapping_row
from classbridge.widgets.saving import DRAFT_STYLE, ERROR_STYLE, error_html

ALL = ""


class LessonBankBrowser(w.VBox):
    """Search and filter the bank; open a plan to edit it, or copy and adapt one.

    Example::

        LessonBankBrowser()                        # the samples and the shared folder
        LessonBankBrowser(LessonBank(Path("bank")))
    """

    def __init__(self, bank: LessonBank | None = None, by: str | None = None) -> None:
        await_visitor()
        self.bank = bank or LessonBank()
        self.by = by or current_trainee().name
        self.search = w.Text(
            placeholder=_("Search title, objectives, keywords, authors"),
            layout=shares_row("18em", "28em"),
            continuous_update=True,
        )
        self.subject = w.Dropdown(description=_("Subject"), layout=shares_row("14em", "20em"))
        self.grade = w.Dropdown(description=_("Grades"), layout=shares_row("14em", "20em"))
        self.language = w.Dropdown(description=_("Language"), layout=shares_row("14em", "20em"))
        for field in (self.search, self.subject, self.grade, self.language):
            field.observe(lambda _: self.refresh(), names="value")
        self.new_title = w.Text(
            placeholder=_("Title of a new plan"), layout=shares_row("14em", "20em")
        )
        create = w.Button(description=_("New plan"), icon="plus", layout=fits_its_text())
        create.on_click(lambda _: self.create_plan(self.new_title.value))
        self.count = w.HTML()
        self.count.add_class("cb-bank-count")
        self.results = w.VBox(layout=w.Layout(min_width="0"))
        self.results.add_class("cb-bank-results")
        self.broken = w.HTML()
        self.broken.add_class("cb-bank-broken")
        self.message = w.HTML()
        self.editor = w.VBox(layout=w.Layout(min_width="0"))
        self.editor.add_class("cb-bank-editor")
        filters = w.HBox(
            [self.search, self.subject, self.grade, self.language], layout=wrapping_row()
        )
        super().__init__(
            [
                filters,
                w.HBox([self.new_title, create], layout=wrapping_row()),
                self.count,
                self.results,
                self.broken,
                self.message,
                self.editor,
            ],
            layout=w.Layout(min_width="0"),
        )
        self.add_class("cb-lesson-bank")
        self.refresh()

    def _facets(self, plans: list[BankPlan]) -> None:
        facets = self.bank.facets(plans)
        for dropdown, key, label in (
            (self.subject, "subject", _("All subjects")),
            (self.grade, "grade", _("All grades")),
            (self.language, "language", _("All languages")),
        ):
            chosen = dropdown.value
            dropdown.options = [(label, ALL)] + [(v, v) for v in facets[key]]
            dropdown.value = chosen if chosen in facets[key] else ALL

    def refresh(self) -> None:
        if getattr(self, "_refreshing", False):
            return
        plans, broken = self.bank.scan()
        self._refreshing = True  # setting the dropdowns' options would refresh again
        try:
            self._facets(plans)
        finally:
            self._refreshing = False
        query = (self.search.value, self.subject.value, self.grade.value, self.language.value)
        shown = [p for p in plans if p.matches(*query)]
        count = _("{shown} of {total} plans").format(shown=len(shown), total=len(plans))
        self.count.value = f"<p>{escape(count)}</p>"
        self.results.children = [self._card(p) for p in shown]
        could_not_read = escape(_("Could not read:"))
        self.broken.value = (
            f'<div style="{ERROR_STYLE}"><strong>{could_not_read}</strong><ul>'
            + "".join(f"<li>{escape(b.file)}: {escape(b.reason)}</li>" for b in broken)
            + "</ul></div>"
            if broken
            else ""
        )

    def _card(self, entry: BankPlan) -> w.Widget:
        plan = entry.plan
        tags = " · ".join(
            escape(t) for t in (plan["subject"], plan["grade_band"], ", ".join(plan["languages"]))
        )
        sample = escape(_("sample"))
        badge = (
            f" <small style='background:#eef2f7;padding:0 0.4em'>{sample}</small>"
            if entry.is_sample
            else ""
        )
        draft_line = (
            _("Draft: {problem}").format(problem=entry.problems[0]) if entry.problems else ""
        )
        draft = (
            f"<br><small style='{DRAFT_STYLE}'>{escape(draft_line)}</small>"
            if entry.problems
            else ""
        )
        adapted = (
            _("Adapted from {source}").format(source=credit_line(plan["adapted_from"]))
            if plan.get("adapted_from")
            else ""
        )
        credit = f"<br><small><em>{escape(adapted)}</em></small>" if adapted else ""
        length = escape(
            _("{minutes} min · by {authors}").format(
                minutes=plan["lesson_minutes"],
                authors=", ".join(a["name"] for a in plan["authors"]),
            )
        )
        info = w.HTML(
            f'<div class="cb-bank-plan" data-plan="{escape(plan["id"])}" '
            'style="line-height:1.35;margin:0.3em 0"><strong>'
            f"{escape(plan['title'])}</strong>{badge}<br><small>{tags} · "
            f"{length}</small>{credit}{draft}</div>"
        )
        info.layout = shares_row("18em", "36em")
        open_button = w.Button(description=_("Open"), layout=fits_its_text())
        open_button.on_click(lambda _: self.open_plan(entry))
        adapt = w.Button(description=_("Copy and adapt"), layout=fits_its_text())
        adapt.on_click(lambda _: self.copy_and_adapt(plan["id"]))
        buttons = w.HBox([open_button, adapt], layout=wrapping_row())  # wrap as one
        card = w.HBox([info, buttons], layout=wrapping_row(align_items="center"))
        card.add_class("cb-bank-card")
        return card

    def open_plan(self, entry: BankPlan) -> LessonPlanner:
        planner = LessonPlanner(entry.folder, entry.plan["id"], by=self.by)
        self.editor.children = [planner]
        self.message.value = ""
        return planner

    def _run(self, action) -> LessonPlanner | None:
        try:
            plan = action()
        except (PlanError, SaveFailed) as err:
            self.message.value = error_html(str(err))
            return None
        self.refresh()
        return self.open_plan(BankPlan(plan, self.bank.shared, ()))

    def copy_and_adapt(self, plan_id: str) -> LessonPlanner | None:
        return self._run(lambda: self.bank.copy_and_adapt(plan_id, self.by))

    def create_plan(self, title: str) -> LessonPlanner | None:
        if not title.strip():
            self.message.value = error_html(_("Type a title for the new plan first."))
            return None
        plan = new_plan(title.strip(), self.by)
        return self._run(lambda: self.bank.shared.create(plan))
