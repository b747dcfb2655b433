"""How grading results read as text: the same score, time and blank in the terminal and on a page.

The CLI's tables, the trainer dashboard and a trainee's own progress page all
show the same values; formatting them here keeps them from drifting apart.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime

from classbridge.core.language import DEFAULT_LANGUAGE, N_, _, current_language
from classbridge.core.locale_format import format_moment
from classbridge.grading.progress import MODULE_GRADED, MODULE_NOT_STARTED, MODULE_SUBMITTED

#: What a cell shows when there is no value yet (no score, no hand-in).
NO_VALUE = "–"

#: A module's status as a person reads it; the statuses themselves are values code compares.
STATUS_LABELS = {
    MODULE_NOT_STARTED: N_("not started"),
    MODULE_SUBMITTED: N_("submitted"),
    MODULE_GRADED: N_("graded"),
}


def status_label(status: str) -> str:
    """A module status in the reader's language (a status we do not know, as it is)."""
    label = STATUS_LABELS.get(status)
    return _(label) if label else status


def progress_columns() -> tuple[str, ...]:
    """The headings of a progress table, the terminal's and the dashboard's alike."""
    return (
        _("Trainee"),
        _("Module"),
        _("Status"),
        _("Score"),
        _("Last submission"),
        _("Pending hand-grading"),
    )


def score_text(score: float | None, max_score: float | None) -> str:
    if score is None:
        return NO_VALUE
    return f"{score:g} / {max_score:g}" if max_score is not None else f"{score:g}"


def time_text(moment: datetime | None) -> str:
    """A hand-in time: ISO in English (what spreadsheets and scripts read), as the
    reader's language writes dates otherwise (``2026年11月21日 上午9:00``, Babel's CLDR)."""
    if moment is None:
        return NO_VALUE
    if current_language() == DEFAULT_LANGUAGE:
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return format_moment(moment) + " UTC"


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters (a Chinese name) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def text_table(rows: Sequence[Sequence[str]], free_text_last: bool = False) -> str:
    """Columns padded to their widest cell, with a rule under the first row (the heading).

    With ``free_text_last`` the last column is prose (what went wrong): it is
    neither padded nor ruled, so one long message does not stretch the rule
    across the terminal.
    """
    ruled = len(rows[0]) - 1 if free_text_last else len(rows[0])
    widths = [max(text_width(row[i]) for row in rows) for i in range(ruled)]
    lines = [
        "  ".join(
            [
                cell + " " * (width - text_width(cell))
                for cell, width in zip(row[:ruled], widths, strict=True)
            ]
            + list(row[ruled:])
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
