"""Rubric: score a teaching clip against criteria × levels, for self- and peer-review.

A review is saved as ``{"reviewer", "scores", "total", "max_total"}`` plus the
comments: one text (``comments``) or, when the module asks for a comment on
each criterion, one text per criterion (``criterion_comments``).
``review_total`` is the one reader of a saved review's total.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

import ipywidgets as w

from classbridge.core.language import N_, _, ngettext
from classbridge.core.storage import RecordStore
from classbridge.core.visit import when_visited
from classbridge.core.workspace import check_segment
from classbridge.widgets.saving import SavedItem, error_html


@dataclass(frozen=True)
class Criterion:
    name: str
    descriptors: tuple[str, ...]  # what each level looks like, lowest first


@dataclass(frozen=True)
class RubricSpec:
    levels: tuple[str, ...]
    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        for criterion in self.criteria:
            if len(criterion.descriptors) != len(self.levels):
                raise ValueError(
                    _(
                        "criterion '{name}' describes {described} levels but the rubric has "
                        "{levels}"
                    ).format(
                        name=criterion.name,
                        described=len(criterion.descriptors),
                        levels=len(self.levels),
                    )
                )

    @property
    def max_total(self) -> int:
        return len(self.criteria) * len(self.levels)

    def total(self, scores: dict[str, int]) -> int:
        """Sum of levels (1 = lowest) over the scored criteria."""
        return sum(scores.get(c.name, 0) for c in self.criteria)


#: Names, levels and descriptors are English message ids, shown as ``_(text)``; the
#: names and levels are also the saved scores' keys and values, so they stay English.
MICRO_TEACHING = RubricSpec(
    levels=(N_("Beginning"), N_("Developing"), N_("Proficient"), N_("Exemplary")),
    criteria=(
        Criterion(
            N_("Presence on camera"),
            (
                N_("Face hard to see or hear; looks away from the camera"),
                N_("Visible and audible, but framing or light distracts"),
                N_("Well framed and lit; speaks to the camera most of the time"),
                N_("Natural eye contact through the lens; voice and gesture carry to every room"),
            ),
        ),
        Criterion(
            N_("Clarity"),
            (
                N_("Goal of the segment unclear"),
                N_("Goal stated; steps hard to follow at a distance"),
                N_("Clear goal and steps; checks the screen shows what is said"),
                N_("Clear, paced for a delayed link, key points repeated on screen and aloud"),
            ),
        ),
        Criterion(
            N_("Engaging remote learners"),
            (
                N_("Talks throughout; no questions"),
                N_("Asks questions but answers them too quickly"),
                N_("Questions named rooms or learners and leaves wait time"),
                N_("Every room responds; uses names, wait time and a quick check for all"),
            ),
        ),
        Criterion(
            N_("Co-teaching hand-off"),
            (
                N_("No hand-off to the on-site teacher"),
                N_("Hand-off happens but is unclear who leads"),
                N_("Clear hand-off with task and time"),
                N_("Hand-off and return are planned, signalled and smooth"),
            ),
        ),
    ),
)


class Rubric(w.VBox):
    """Choose a level for each criterion, add comments, see the total, save.

    ``comment_each_criterion``: a comment box under every criterion instead of
    one for the whole clip, for modules that ask for a comment per criterion.
    ``on_saved`` is called after each successful save (a list showing the total
    refreshes itself with it).

    Example::

        Rubric("05-live-room/clip-1/review-self", MICRO_TEACHING, reviewer="self")
    """

    def __init__(
        self,
        key: str,
        spec: RubricSpec = MICRO_TEACHING,
        reviewer: str = "self",
        store: RecordStore | None = None,
        comment_each_criterion: bool = False,
        on_saved: Callable[[], None] | None = None,
    ) -> None:
        self.spec = spec
        self.reviewer = check_segment(reviewer, "reviewer name")
        self.saved = SavedItem(key, store)
        self.on_saved = on_saved
        self.choices: dict[str, w.ToggleButtons] = {}
        self.descriptions: dict[str, w.HTML] = {}
        self.criterion_comments: dict[str, w.Textarea] = {}
        rows = []
        for criterion in spec.criteria:
            # Shown in the reader's language; the value stays the level's English name.
            buttons = w.ToggleButtons(
                options=[(_(level), level) for level in spec.levels],
                value=None,
                style={"button_width": "8.5em"},
            )
            described = w.HTML()
            buttons.observe(lambda _, c=criterion: self._changed(c), names="value")
            self.choices[criterion.name] = buttons
            self.descriptions[criterion.name] = described
            name = _(criterion.name)
            row = [w.HTML(f"<strong>{escape(name)}</strong>"), buttons, described]
            if comment_each_criterion:
                comment = w.Textarea(
                    placeholder=_(
                        "{criterion}: what you saw, and what you will try next time"
                    ).format(criterion=name),
                    layout=w.Layout(width="auto", height="4em"),
                )
                comment.add_class("cb-criterion-comment")
                comment.observe(lambda _: self._show_total(), names="value")
                self.criterion_comments[criterion.name] = comment
                row.append(comment)
            rows.append(w.VBox(row))
        self.comments = w.Textarea(
            placeholder=_("What worked? What would you change next time?"),
            layout=w.Layout(width="auto", height="6em"),
        )
        self.total = w.HTML()
        self.total.add_class("cb-rubric-total")
        self.save_button = w.Button(
            description=_("Save review"), button_style="primary", icon="save"
        )
        self.save_button.on_click(lambda _: self.save())
        overall = [] if comment_each_criterion else [self.comments]
        super().__init__(
            rows + overall + [w.HBox([self.save_button, self.total]), self.saved.status]
        )
        self.add_class("cb-rubric")
        self._show_total()
        when_visited(self._show_saved)

    def _show_saved(self) -> None:
        """The levels and comments as saved, read when the visit arrives."""
        data = self.saved.load()
        self._restore_scores(data.get("scores", {}))
        # A hand-edited or foreign record: show its comments as text rather than fail.
        self.comments.value = _as_text(data.get("comments", ""))
        saved_comments = data.get("criterion_comments", {})
        if isinstance(saved_comments, Mapping):
            for name, box in self.criterion_comments.items():
                box.value = _as_text(saved_comments.get(name, ""))
        self._show_total()

    def _restore_scores(self, saved: object) -> None:
        """Show the saved levels; one that is not a level of this rubric (7 on a 4-level
        rubric, -1, "3") is left unscored and named in the status line, never a crash."""
        if not isinstance(saved, Mapping):
            self.saved.status.value = error_html(
                _(
                    "the saved scores could not be read (not criterion: level pairs but "
                    "{kind}); choose each level again and save"
                ).format(kind=type(saved).__name__)
            )
            return
        levels = len(self.spec.levels)
        unusable = []
        for name, level in saved.items():
            if name not in self.choices:
                continue
            if isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= levels:
                self.choices[name].value = self.spec.levels[level - 1]
            else:
                unusable.append(
                    _("'{criterion}' ({level})").format(criterion=_(name), level=_short_repr(level))
                )
        if unusable:
            self.saved.status.value = error_html(
                _(
                    "saved level not shown for {criteria}: a level is a whole "
                    "number from 1 to {levels}; choose it again and save"
                ).format(criteria=", ".join(unusable), levels=levels)
            )

    def scores(self) -> dict[str, int]:
        return {
            name: self.spec.levels.index(b.value) + 1
            for name, b in self.choices.items()
            if b.value is not None
        }

    def _changed(self, criterion: Criterion) -> None:
        value = self.choices[criterion.name].value
        if value is not None:
            text = criterion.descriptors[self.spec.levels.index(value)]
            self.descriptions[criterion.name].value = f"<em>{escape(_(text))}</em>"
        self._show_total()

    def _show_total(self) -> None:
        scores = self.scores()
        missing = len(self.spec.criteria) - len(scores)
        unwritten = sum(1 for box in self.criterion_comments.values() if not box.value.strip())
        still = [_("{count} criteria still to score").format(count=missing)] if missing else []
        if unwritten:
            still.append(
                ngettext(
                    "{count} comment still to write", "{count} comments still to write", unwritten
                ).format(count=unwritten)
            )
        total = _("Total: {total} / {out_of}").format(
            total=self.spec.total(scores), out_of=self.spec.max_total
        )
        shown = f"<strong>{escape(total)}</strong>"
        if len(still) == 2:
            still = [_("{first}, {second}").format(first=still[0], second=still[1])]
        if still:
            shown = escape(_("{total} ({still})")).format(total=shown, still=escape(still[0]))
        self.total.value = shown

    def save(self) -> bool:
        review = {
            "reviewer": self.reviewer,
            "scores": self.scores(),
            "total": self.spec.total(self.scores()),
            "max_total": self.spec.max_total,
        }
        if self.criterion_comments:
            review["criterion_comments"] = {
                name: box.value for name, box in self.criterion_comments.items()
            }
        else:
            review["comments"] = self.comments.value
        saved = self.saved.save(review)
        if saved and self.on_saved is not None:
            self.on_saved()
        return saved


def review_total(data: Mapping) -> tuple[int, int] | None:
    """A saved review's (total, out of); None if it holds none (not saved, or hand-edited)."""
    total, out_of = data.get("total"), data.get("max_total")
    if all(isinstance(n, int) and not isinstance(n, bool) for n in (total, out_of)):
        return total, out_of
    return None


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def _short_repr(value: object, limit: int = 30) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
