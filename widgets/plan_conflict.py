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

from classbridge.lessons.merge import Conflict, set_field
from classbridge.lessons.plan import field_name
from classbridge.lessons.store import PlanConflict
from classbridge.widgets.plan_form import fits_its_text

KEEP_MINE = "Keep mine"


def _shown(value: object) -> str:
    if isinstance(value, str):
        return value
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False).strip()


# Long lines wrap inside their half instead of widening the table past a phone's screen.
_CELL = "width:50%;vertical-align:top"
_TEXT = "white-space:pre-wrap;overflow-wrap:anywhere;margin:0.2em 0"


def _side_by_side(item: Conflict, who: str) -> w.HTML:
    return w.HTML(
        '<div class="cb-conflict"><strong>'
        f"{escape(field_name(item.path))}</strong>"
        '<table style="width:100%;table-layout:fixed"><tr>'
        f"<td style='{_CELL}'><em>Yours</em><pre style='{_TEXT}'>"
        f"{escape(_shown(item.mine))}</pre></td>"
        f"<td style='{_CELL}'><em>{escape(who)}'s</em><pre style='{_TEXT}'>"
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
                options=[KEEP_MINE, f"Keep {who}'s"],
                value=KEEP_MINE,
                layout=w.Layout(width="auto", max_width="100%"),
            )
            choice.style.button_width = "auto"  # a long name is not cut short
            self.choices.append(choice)
            rows.append(w.VBox([_side_by_side(item, who), choice]))
        self.resolve_button = w.Button(
            description="Save with these choices", button_style="warning", layout=fits_its_text()
        )
        self.resolve_button.on_click(lambda _: on_resolve(self.decided(conflict), conflict))
        self.children = (
            w.HTML("<h4>Decide what to keep</h4><p>Everything else was merged.</p>"),
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
