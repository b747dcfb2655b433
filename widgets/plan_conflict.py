"""The panel that shows a save's clash with a co-author's newer save, and takes the decision.

The plan store merges everything it can field by field (``classbridge.lessons.merge``);
what is left are fields both authors changed. Each is shown side by side with
a choice, and the plan with those choices is handed back to be saved.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from html import escape

import ipywidgets as w
import yaml

from classbridge.core.language import N_, _
from classbridge.lessons.merge import Conflict, set_field
from classbridge.lessons.plan import field_name
from classbridge.lessons.store import PlanConflict
from classbridge.widgets.plan_form import fits_its_text

#: The choices' values (compared in code, English); each is shown as ``_(value)``.
KEEP_MINE = N_("Keep mine")
KEEP_THEIRS = N_("Keep {name}'s")


def _shown(value: object) -> str:
    if isinstance(value, str):
        return value
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False).strip()


# Long lines wrap inside their half instead of widening the table past a phone's screen.
_CELL = "width:50%;vertical-align:top"
_TEXT = "white-space:pre-wrap;overflow-wrap:anywhere;margin:0.2em 0"


def _side_by_side(item: Conflict, who: str) -> w.HTML:
    yours = escape(_("Yours"))
    theirs = escape(_("{name}'s").format(name=who))
    return w.HTML(
        '<div class="cb-conflict"><strong>'
        f"{escape(field_name(item.path))}</strong>"
        '<table style="width:100%;table-layout:fixed"><tr>'
        f"<td style='{_CELL}'><em>{yours}</em><pre style='{_TEXT}'>"
        f"{escape(_shown(item.mine))}</pre></td>"
        f"<td style='{_CELL}'><em>{theirs}</em><pre style='{_TEXT}'>"
        f"{escape(_shown(item.theirs))}</pre></td></tr></table></div>",
        layout=w.Layout(min_width="0"),
    )


class ConflictPanel(w.VBox):
    """Empty until a save clashes; then one choice per field both authors changed."""

    def __init__(self) -> None:
        super().__init__(layout=w.Layout(min_width="0"))
        self.add_class("cb-conflicts")
        self.choices: list[w.ToggleButtons] = []  # one per field both changed
        self.resolve_button: w.Button | None = None

    def show(
        self, conflict: PlanConflict, on_resolve: Callable[[dict, PlanConflict], None]
    ) -> None:
        """Offer a choice per clash; ``on_resolve`` gets the plan as decided and the conflict."""
        who = conflict.theirs["history"][-1]["by"]
        self.choices = []
        rows = []
        for item in conflict.conflicts:
            choice = w.ToggleButtons(
                options=[
                    (_(KEEP_MINE), KEEP_MINE),
                    (_(KEEP_THEIRS).format(name=who), KEEP_THEIRS.format(name=who)),
                ],
                value=KEEP_MINE,
                layout=w.Layout(width="auto", max_width="100%"),
            )
            choice.style.button_width = "auto"  # a long name is not cut short
            self.choices.append(choice)
            rows.append(w.VBox([_side_by_side(item, who), choice]))
        self.resolve_button = w.Button(
            description=_("Save with these choices"),
            button_style="warning",
            layout=fits_its_text(),
        )
        self.resolve_button.on_click(lambda _: on_resolve(self.decided(conflict), conflict))
        heading = escape(_("Decide what to keep"))
        merged = escape(_("Everything else was merged."))
        self.children = (
            w.HTML(f"<h4>{heading}</h4><p>{merged}</p>"),
            *rows,
            self.resolve_button,
        )

    def decided(self, conflict: PlanConflict) -> dict:
        """The merged plan with each clashing field as chosen."""
        plan = copy.deepcopy(conflict.merged)
        for item, choice in zip(conflict.conflicts, self.choices, strict=True):
            if choice.value != KEEP_MINE:
                set_field(plan, item.path, copy.deepcopy(item.theirs))
        return plan

    def clear(self) -> None:
        self.children = ()
