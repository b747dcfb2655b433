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

from classbridge.core.storage import RecordStore
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
                    f"criterion '{criterion.name}' describes {len(criterion.descriptors)} "
                    f"levels but the rubric has {len(self.levels)}"
                )

    @property
    def max_total(self) -> int:
        return len(self.criteria) * len(self.levels)

    def total(self, scores: dict[str, int]) -> int:
        """Sum of levels (1 = lowest) over the scored criteria."""
        return sum(scores.get(c.name, 0) for c in self.criteria)


MICRO_TEACHING = RubricSpec(
    levels=("Beginning", "Developing", "Proficient", "Exemplary"),
    criteria=(
        Criterion(
            "Presence on camera",
            (
                "Face hard to see or hear; looks away from the camera",
                "Visible and audible, but framing or light distracts",
                "Well framed and lit; speaks to the camera most of the time",
                "Natural eye contact through the lens; voice and gesture carry to every room",
            ),
        ),
        Criterion(
            "Clarity",
            (
                "Goal of the segment unclear",
                "Goal stated; steps hard to follow at a distance",
                "Clear goal and steps; checks the screen shows what is said",
                "Clear, paced for a delayed link, key points repeated on screen and aloud",
            ),
        ),
        Criterion(
            "Engaging remote learners",
            (
                "Talks throughout; no questions",
                "Asks questions but answers them too quickly",
                "Questions named rooms or learners and leaves wait time",
                "Every room responds; uses names, wait time and a quick check for all",
            ),
        ),
        Criterion(
            "Co-teaching hand-off",
            (
                "No hand-off to the on-site teacher",
                "Hand-off happens but is unclear who leads",
                "Clear hand-off with task and time",
                "Hand-off and return are planned, signalled and smooth",
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
            buttons = w.ToggleButtons(
                options=list(spec.levels), value=None, style={"button_width": "8.5em"}
            )
            described = w.HTML()
            buttons.observe(lambda _, c=criterion: self._changed(c), names="value")
            self.choices[criterion.name] = buttons
            self.descriptions[criterion.name] = described
            row = [w.HTML(f"<strong>{escape(criterion.name)}</strong>"), buttons, described]
            if comment_each_criterion:
                comment = w.Textarea(
                    placeholder=f"{criterion.name}: what you saw, and what you will try next time",
                    layout=w.Layout(width="auto", height="4em"),
                )
                comment.add_class("cb-criterion-comment")
                comment.observe(lambda _: self._show_total(), names="value")
                self.criterion_comments[criterion.name] = comment
                row.append(comment)
            rows.append(w.VBox(row))
        self.comments = w.Textarea(
            placeholder="What worked? What would you change next time?",
            layout=w.Layout(width="auto", height="6em"),
        )
        self.total = w.HTML()
        self.total.add_class("cb-rubric-total")
        self.save_button = w.Button(description="Save review", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        overall = [] if comment_each_criterion else [self.comments]
        super().__init__(
            rows + overall + [w.HBox([self.save_button, self.total]), self.saved.status]
        )
        self.add_class("cb-rubric")
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
                f"the saved scores could not be read (not criterion: level pairs but "
                f"{type(saved).__name__}); choose each level again and save"
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
                unusable.append(f"'{name}' ({_short_repr(level)})")
        if unusable:
            self.saved.status.value = error_html(
                f"saved level not shown for {', '.join(unusable)}: a level is a whole "
                f"number from 1 to {levels}; choose it again and save"
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
            self.descriptions[criterion.name].value = f"<em>{escape(text)}</em>"
        self._show_total()

    def _show_total(self) -> None:
        scores = self.scores()
        missing = len(self.spec.criteria) - len(scores)
        unwritten = sum(1 for box in self.criterion_comments.values() if not box.value.strip())
        still = [f"{missing} criteria still to score"] if missing else []
        if unwritten:
            still.append(f"{unwritten} comment{'s' if unwritten > 1 else ''} still to write")
        rest = f" ({', '.join(still)})" if still else ""
        self.total.value = (
            f"<strong>Total: {self.spec.total(scores)} / {self.spec.max_total}</strong>{rest}"
        )

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
