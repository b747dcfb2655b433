"""ExitTicketChart: how many learners in each room got the objective, from a spreadsheet's CSV.

The file comes from a teacher's spreadsheet, in whatever encoding and delimiter
it was saved with (``classbridge.core.spreadsheet_csv``). A file that cannot be
read is said in the page with what to do, and the rest of the module goes on:
a chart is never worth a page that stops.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path

import ipywidgets as w

from classbridge.core.bar_chart import Row, Segment, bar_chart_svg
from classbridge.core.language import N_, _
from classbridge.core.spreadsheet_csv import SpreadsheetError, read_spreadsheet_csv
from classbridge.core.status_colours import ERROR_FILL_COLOUR, OK_COLOUR
from classbridge.widgets.saving import error_html

#: The results an exit ticket records, best first, with their bar colours. They are the
#: words the spreadsheet holds (compared as typed); only the chart's legend translates them.
LEVELS = (
    (N_("got it"), OK_COLOUR),
    (N_("nearly"), "#d4a72c"),
    (N_("not yet"), ERROR_FILL_COLOUR),
)


def count_by_room(rows: list[dict[str, str]]) -> tuple[dict[str, Counter], list[str]]:
    """Results per room, and the rows whose result is none of ``LEVELS`` (as 'room: result')."""
    known = {level for level, _colour in LEVELS}
    counts: dict[str, Counter] = {}
    odd = []
    for row in rows:
        result = row["result"].casefold()
        if result in known:
            counts.setdefault(row["room"], Counter())[result] += 1
        else:
            odd.append(row["room"] + ": " + (row["result"] or _("(empty)")))
    return counts, odd


def chart_svg(counts: dict[str, Counter], title: str) -> str:
    """A stacked bar per room (SVG): got it, nearly, not yet."""
    rooms = sorted(counts)
    rows = [
        Row(
            room,
            (tuple(Segment(counts[room][level], colour, _(level)) for level, colour in LEVELS),),
        )
        for room in rooms
    ]
    got_it = sum(counts[room][LEVELS[0][0]] for room in rooms)
    total = sum(sum(counts[room].values()) for room in rooms)
    description = _("{title}: {got_it} of {total} learners got it, in {rooms} rooms").format(
        title=title, got_it=got_it, total=total, rooms=len(rooms)
    )
    return bar_chart_svg(rows, title, _("learners"), description)


class ExitTicketChart(w.VBox):
    """A stacked bar per room: got it, nearly, not yet.

    Example::

        ExitTicketChart("exit-tickets.csv", title="Exit ticket: comparing fractions")

    The CSV needs the columns ``room`` and ``result`` (any order, any case).
    """

    def __init__(self, path: str | Path, title: str | None = None) -> None:
        """``title`` defaults to "Exit tickets" in the reader's language."""
        title = _("Exit tickets") if title is None else title
        self.path = Path(path)
        self.note = w.HTML()
        self.note.add_class("cb-chart-note")
        self.chart = w.HTML(layout=w.Layout(max_width="100%"))
        super().__init__([self.chart, self.note])
        self.add_class("cb-exit-tickets")
        try:
            rows = read_spreadsheet_csv(self.path, ("room", "result"))
        except SpreadsheetError as err:
            self.chart.layout.display = "none"
            self.note.value = error_html(_("The chart cannot be drawn: {error}").format(error=err))
            return
        counts, odd = count_by_room(rows)
        if counts:
            self.chart.value = chart_svg(counts, title)
        else:
            self.chart.layout.display = "none"
        if odd:
            # The levels as the spreadsheet must hold them: not translated.
            levels = ", ".join(level for level, _colour in LEVELS)
            rows_shown = "; ".join(odd[:5]) + ("…" if len(odd) > 5 else "")
            note = _(
                "{count} row(s) not counted: their result is not one of {levels} ({rows})."
            ).format(count=len(odd), levels=levels, rows=rows_shown)
            self.note.value = f"<em>{escape(note)}</em>"
