"""LessonPlanner: write and co-edit a lesson plan in a form, checked as you type.

The rules live in plain Python (``classbridge.lessons.plan`` for the format and
its checks, ``classbridge.lessons.store`` for saving with merges); this widget
is the form (``plan_form``) around them. A save that meets a co-author's newer
save is merged field by field; fields both changed are shown side by side to
decide (``plan_conflict``).

Only *Save plan* writes. A plan nobody saved yet exists only in the form, so
opening a module creates no file that would be handed in as the trainee's
work; copying a plan from the bank or restoring an earlier version fills the
form, after asking whenever that would replace the trainee's work
(``plan_replace``).
"""

from __future__ import annotations

import copy
from html import escape

import ipywidgets as w
import nbformat

from classbridge.core.download_link import download_link
from classbridge.core.language import _
from classbridge.core.storage import SaveFailed
from classbridge.core.visit import page_trainee, when_visited
from classbridge.core.workspace import check_key, trainee_dir
from classbridge.lessons.bank import BankPlan, LessonBank
from classbridge.lessons.export import plan_html, plan_notebook
from classbridge.lessons.plan import (
    PlanError,
    adapt_plan,
    authors_line,
    credit_line,
    new_plan,
    readiness_problems,
    schema_problems,
)
from classbridge.lessons.store import PlanConflict, PlanFolder
from classbridge.widgets.plan_conflict import ConflictPanel
from classbridge.widgets.plan_form import (
    DESCRIPTION_WIDTH,
    PlanForm,
    fits_its_text,
    shares_row,
    wrapping_row,
)
from classbridge.widgets.plan_replace import EarlierVersions, ReplaceConfirmation
from classbridge.widgets.saving import DRAFT_STYLE, SAVED_STYLE, error_html, ok_html

#: What a copy or a restored version replaces: everything the trainee writes, not the
#: bookkeeping that says which saved version the form started from.
BOOKKEEPING = ("id", "version", "history")


def _emphasised(text: str) -> str:
    """A button's name in a sentence, as HTML."""
    return f"<em>{escape(text)}</em>"


def _unsaved_html(message: str) -> str:
    """That the form holds something not yet saved: in the draft colour, not the saved one."""
    return f'<span class="cb-unsaved" style="{DRAFT_STYLE}">{escape(message)}</span>'


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
        self.plan_id = plan_id
        self.by = by or page_trainee().name
        self.bank = bank
        self.new_title = new_title
        # The saved version the form started from (the base of the next save); None
        # while the plan was never saved. ``blank`` is what a never-saved form starts as.
        self.base: dict | None = None
        self.blank: dict = new_plan(new_title or plan_id, self.by) | {"id": plan_id}
        if folder.writable and not folder.path(plan_id).exists() and not new_title:
            raise PlanError(
                _("lesson plan {file} is not in {folder}; check the name").format(
                    file=f"{plan_id}.yaml", folder=folder.folder
                )
            )
        self._build()
        when_visited(self._show_saved)

    def _show_saved(self) -> None:
        """The plan as saved when the trainee arrives (``classbridge.core.visit``)."""
        if not (self.folder.writable and not self.folder.path(self.plan_id).exists()):
            self.base = self.blank = self.folder.load(self.plan_id)  # a saved plan has no blank
        if self.bank is not None:  # plans shared since the page was prepared
            self.start_from.options = [(e.plan["title"], e.plan["id"]) for e in self.bank.scan()[0]]
            self.start_from.value = None
        self.show(self.saved_or_blank)

    @classmethod
    def hand_in(cls, key: str, title: str | None = None) -> LessonPlanner:
        """The trainee's own plan for a module, saved in their workspace and handed in with it.

        Nothing is written until the trainee presses *Save plan*: a module only
        visited hands in no plan, and the grader says so. ``title`` starts as
        "My co-taught lesson" in the trainee's language.
        """
        if title is None:
            title = _("My co-taught lesson")
        module, _slash, name = check_key(key).rpartition("/")
        own = trainee_dir(page_trainee().id)
        folder = PlanFolder(own / module) if module else PlanFolder(own)
        return cls(folder, name, bank=LessonBank(), new_title=title)

    @property
    def saved_or_blank(self) -> dict:
        """The saved plan, or the blank one a never-saved form starts as."""
        return self.base if self.base is not None else self.blank

    def _build(self) -> None:
        self.header = w.HTML()
        self.problems = w.HTML()
        self.problems.add_class("cb-plan-problems")
        self.save_button = w.Button(
            description=_("Save plan"),
            button_style="primary",
            icon="save",
            layout=fits_its_text(),
        )
        self.save_button.on_click(lambda _: self.save())
        self.status = w.HTML(layout=shares_row("12em"))
        self.status.add_class("cb-save-status")
        self.confirmation = ReplaceConfirmation()
        self.conflicts = ConflictPanel()
        self.exports = w.HTML()
        self.exports.add_class("cb-plan-exports")
        self.earlier = EarlierVersions(self.restore)
        starts = []
        if self.bank is not None:
            self.start_from = w.Dropdown(
                description=_("Start from"),
                options=[],  # filled with the bank as it is when the trainee arrives
                value=None,
                layout=shares_row("18em", "32em"),
            )
            self.start_from.style.description_width = DESCRIPTION_WIDTH
            use = w.Button(description=_("Copy into my plan"), layout=fits_its_text())
            use.on_click(lambda _: self.adapt_from(self.start_from.value))
            starts = [w.HBox([self.start_from, use], layout=wrapping_row(align_items="center"))]
        actions = (
            [w.HBox([self.save_button, self.status], layout=wrapping_row(align_items="center"))]
            if self.folder.writable
            else []
        )
        after = [self.problems, *actions, self.conflicts, self.exports]
        super().__init__(
            before=[self.header, *starts, self.confirmation],
            after=after + ([self.earlier] if self.folder.writable else []),
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
        """Fill the form with ``plan`` (and its credit, authors, saved versions and exports)."""
        super().show(plan)
        credit = ""
        if plan.get("adapted_from"):
            source = _("Adapted from {source}").format(source=credit_line(plan["adapted_from"]))
            credit = f'<p class="cb-plan-credit"><em>{escape(source)}</em></p>'
        sample = ""
        if not self.folder.writable:
            heading = escape(_("Sample plan from the bank."))
            use = escape(_("Use {button} to make your own version.")).format(
                button=_emphasised(_("Copy and adapt"))
            )
            sample = f'<p class="cb-plan-sample"><strong>{heading}</strong> {use}</p>'
        if self.base is not None:
            saved = escape(
                _("Version {version} by {authors}").format(
                    version=self.base["version"], authors=authors_line(self.base)
                )
            )
        else:
            saved = escape(_("Not saved yet: press {button} to keep it.")).format(
                button=_emphasised(_("Save plan"))
            )
        self.header.value = (
            f'<h3 class="cb-plan-title">{escape(plan["title"])}</h3>'
            f'<p class="cb-plan-version">{saved}</p>{credit}{sample}'
        )
        if self.folder.writable:
            self.earlier.show(
                self.base["history"] if self.base is not None else [],
                self.folder.versions.kept(self.plan_id),
                self.base["version"] if self.base is not None else None,
            )
        stem = plan["id"]
        self.exports.value = download_link(
            plan_html(plan).encode("utf-8"),
            f"{stem}.html",
            "text/html",
            _("Printable page"),
            "cb-export-html",
        ) + download_link(
            nbformat.writes(plan_notebook(plan)).encode("utf-8"),
            f"{stem}.ipynb",
            "application/x-ipynb+json",
            _("Notebook"),
            "cb-export-notebook",
        )
        self.set_read_only(not self.folder.writable)
        self.changed()

    def changed(self) -> None:
        """Check the plan as it is typed: what is still missing, or that it is ready."""
        plan = self.value()
        problems = schema_problems(plan) or readiness_problems(plan)
        if problems:
            not_ready = escape(_("Not ready yet:"))
            self.problems.value = (
                f'<div class="cb-plan-draft" style="{DRAFT_STYLE}">'
                f"<strong>{not_ready}</strong><ul>"
                + "".join(f"<li>{escape(p)}</li>" for p in problems)
                + "</ul></div>"
            )
        else:
            total = sum(s["minutes"] for s in plan["segments"])
            ready = _("Ready: {segments} segments add up to {minutes} minutes.").format(
                segments=len(plan["segments"]), minutes=total
            )
            self.problems.value = (
                f'<div class="cb-plan-ready" style="{SAVED_STYLE}">{escape(ready)}</div>'
            )

    def has_unsaved_changes(self) -> bool:
        """Whether the form holds anything that is not saved (lost if it were replaced now)."""
        written = lambda plan: {k: v for k, v in plan.items() if k not in BOOKKEEPING}  # noqa: E731
        return written(self.value()) != written(self.saved_or_blank)

    def save(self) -> bool:
        """Save what the form holds: the only way anything the planner shows is written."""
        plan = self.value()
        if problems := schema_problems(plan):
            self.status.value = error_html(_("Not saved: {problem}").format(problem=problems[0]))
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
        self.confirmation.clear()  # a question about replacing the version before is moot
        self.conflicts.clear()
        self.show(saved.plan)
        if saved.merged_with:
            done = _("Saved version {version}, merged with the changes of {authors}").format(
                version=saved.plan["version"], authors=", ".join(saved.merged_with)
            )
        else:
            done = _("Saved version {version}").format(version=saved.plan["version"])
        self.status.value = ok_html(done)
        return True

    def _save_decided(self, plan: dict, conflict: PlanConflict) -> None:
        self.base = conflict.theirs
        self.show(plan)  # the merge carries their version and history: the next save's base
        self.save()

    def adapt_from(self, plan_id: str | None) -> bool:
        """Fill the form with a copy of a bank plan that credits its authors; saves nothing.

        If that would replace the trainee's plan or what they typed, the planner
        asks first, and the form is filled only once they agree: True if the form
        holds the copy now.
        """
        if self.bank is None:
            return False
        if not plan_id:
            self.status.value = error_html(_("Choose a plan to start from first."))
            return False
        try:
            original: BankPlan = self.bank.find(plan_id)
        except PlanError as err:
            self.status.value = error_html(str(err))
            return False
        title = original.plan["title"]
        copied = adapt_plan(original.plan, self.plan_id, self.by)
        return self._replace_form(
            copied,
            what=_("a copy of '{title}'").format(title=title),
            note=copied["history"][0]["note"],
            done=_(
                "A copy of '{title}' is in the form, crediting its authors. "
                "Nothing is saved until you press Save plan."
            ).format(title=title),
        )

    def restore(self, version: int) -> bool:
        """Fill the form with a kept earlier version, asking first as ``adapt_from`` does."""
        try:
            kept = self.folder.versions.load(self.plan_id, version)
        except PlanError as err:
            self.status.value = error_html(str(err))
            return False
        return self._replace_form(
            kept,
            what=_("version {version} ('{title}')").format(version=version, title=kept["title"]),
            # The change note is saved in the plan's history, which co-authors of any
            # language read: it stays as the plan store writes its own notes.
            note=f"restored version {version}",
            done=_(
                "Version {version} is in the form. Nothing is saved until you press Save plan."
            ).format(version=version),
        )

    def _replace_form(self, content: dict, what: str, note: str, done: str) -> bool:
        def replace() -> None:
            bookkeeping = {k: self.saved_or_blank[k] for k in BOOKKEEPING}
            self.show(copy.deepcopy(content) | bookkeeping)
            self.note.value = note
            self.status.value = _unsaved_html(done)

        question = self._replace_question(what)
        if question is None:
            replace()
            return True
        self.confirmation.ask(question, replace, self._kept)
        self.status.value = ""
        return False

    def _kept(self) -> None:
        self.status.value = _unsaved_html(_("Nothing was replaced."))

    def _replace_question(self, what: str) -> str | None:
        """What to ask before the form is replaced by ``what``; None when nothing would be lost."""
        if self.base is not None:
            if self.has_unsaved_changes():
                question = _(
                    "Replace your plan '{title}' (version {version}) with {what}? "
                    "Your current plan is kept as version {version} and can be restored "
                    "from Earlier versions. What you changed since you saved it is not saved "
                    "and will be lost."
                )
            else:
                question = _(
                    "Replace your plan '{title}' (version {version}) with {what}? "
                    "Your current plan is kept as version {version} and can be restored "
                    "from Earlier versions."
                )
            return question.format(
                title=self.base["title"], version=self.base["version"], what=what
            )
        if self.has_unsaved_changes():
            return _(
                "Replace what you typed in '{title}' with {what}? "
                "Your plan is not saved yet, so what you typed will be lost."
            ).format(title=self.value()["title"], what=what)
        return None
