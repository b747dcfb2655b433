"""Progress as a trainer or trainee sees it: escaped HTML tables, a heat-map, a completion chart.

Every text here comes from trainees (their ids) or trainers (module names)
and lands in someone else's browser, so every one goes through ``escape``;
plots are drawn with mathtext off, so a ``$`` in a name is drawn, not parsed.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from html import escape

from classbridge.core.chart_fonts import chart_style
from classbridge.core.download_link import download_link
from classbridge.core.language import _
from classbridge.core.status_colours import ERROR_COLOUR, IDLE_COLOUR, LINK_COLOUR, OK_COLOUR
from classbridge.core.workspace import shown_name
from classbridge.grading.display_format import (
    NO_VALUE,
    progress_columns,
    score_text,
    status_label,
    time_text,
)
from classbridge.grading.progress import (
    MODULE_GRADED,
    MODULE_NOT_STARTED,
    MODULE_SUBMITTED,
    Progress,
    ProgressRow,
)
from classbridge.grading.progress_report import rows_csv

TABLE_STYLE = f"""
<style>
.cb-progress {{ border-collapse: collapse; font-size: 0.95em; }}
.cb-progress th, .cb-progress td {{ border: 1px solid #d0d7de; padding: 0.25em 0.6em;
  text-align: left; }}
.cb-progress th {{ background: #f3f5f7; }}
.cb-status-graded {{ color: {OK_COLOUR}; }}
.cb-status-submitted {{ color: {LINK_COLOUR}; }}
.cb-status-not-started {{ color: {IDLE_COLOUR}; }}
.cb-pending {{ color: {ERROR_COLOUR}; font-weight: bold; }}
</style>
"""


def status_class(status: str) -> str:
    return "cb-status-" + status.replace(" ", "-")


def rows_table(rows: Iterable[ProgressRow], titles: dict[str, str] | None = None) -> str:
    """The cohort table; ``titles`` maps module folder names to their titles."""
    titles = titles or {}
    body = []
    for row in rows:
        pending = (
            f'<span class="cb-pending">{row.pending_manual}</span>'
            if row.pending_manual
            else ("0" if row.status != MODULE_NOT_STARTED else NO_VALUE)
        )
        body.append(
            f'<tr data-trainee="{escape(row.trainee)}" data-module="{escape(row.module)}">'
            f'<td class="cb-trainee">{escape(row.trainee_name)}</td>'
            f'<td class="cb-module">{escape(titles.get(row.module, row.module))}</td>'
            f'<td class="cb-status {status_class(row.status)}">'
            f"{escape(status_label(row.status))}</td>"
            f'<td class="cb-score">{escape(score_text(row.score, row.max_score))}</td>'
            f'<td class="cb-time">{escape(time_text(row.last_submission))}</td>'
            f'<td class="cb-pending-count">{pending}</td></tr>'
        )
    head = "<tr>" + "".join(f"<th>{escape(name)}</th>" for name in progress_columns()) + "</tr>"
    return f'{TABLE_STYLE}<table class="cb-progress">{head}{"".join(body)}</table>'


def csv_download_link(rows: Iterable[ProgressRow], filename: str = "progress.csv") -> str:
    """A link that downloads the rows as CSV from the page itself (no server round trip)."""
    payload = rows_csv(rows).encode("utf-8")
    label = _("Download as CSV")
    return download_link(payload, filename, "text/csv;charset=utf-8", label, "cb-csv")


#: Charts are drawn at twice the resolution they are shown at (``shown_width``), so
#: they stay sharp on high-density screens and when the browser scales them.
CHART_DPI = 180
SHOWN_DPI = 90


def _png(figure) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", dpi=CHART_DPI)
    plt.close(figure)
    return buffer.getvalue()


def shown_width(png: bytes) -> str:
    """The width, in CSS pixels, to show a chart at: its pixel width at ``SHOWN_DPI``."""
    pixels = int.from_bytes(png[16:20], "big")  # the PNG header (IHDR) holds the width here
    return str(round(pixels * SHOWN_DPI / CHART_DPI))


# Colours of the heat-map cells that have no score.
NOT_STARTED_RGB = (0.88, 0.88, 0.88)
SUBMITTED_RGB = (0.62, 0.77, 0.91)


def heatmap_png(progress: Progress, trainees: list[str], modules: list[str]) -> bytes:
    """Trainees × modules: grey not started, blue handed in, red→green by score once graded."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    cells = {(r.trainee, r.module): r for r in progress.rows}
    colormap = matplotlib.colormaps["RdYlGn"]
    image = []
    for trainee in trainees:
        line = []
        for module in modules:
            row = cells.get((trainee, module))
            if row is None or row.status == MODULE_NOT_STARTED:
                line.append(NOT_STARTED_RGB)
            elif row.status == MODULE_SUBMITTED or row.fraction is None:
                line.append(SUBMITTED_RGB)
            else:
                line.append(colormap(row.fraction)[:3])
        image.append(line)
    with matplotlib.rc_context(chart_style()):
        height = 1.2 + 0.28 * max(1, len(trainees))
        figure, axes = plt.subplots(figsize=(1.6 + 0.9 * max(1, len(modules)), height))
        if image and modules:
            axes.imshow(image, aspect="auto", interpolation="nearest")
        axes.set_xticks(range(len(modules)), labels=modules, rotation=30, ha="right")
        axes.set_yticks(range(len(trainees)), labels=[shown_name(t) for t in trainees])
        axes.set_title(_("Progress: trainees × modules"))
        axes.legend(
            handles=[
                Patch(color=NOT_STARTED_RGB, label=status_label(MODULE_NOT_STARTED)),
                Patch(color=SUBMITTED_RGB, label=_("submitted, not graded")),
                Patch(color=colormap(0.0), label=_("graded 0 %")),
                Patch(color=colormap(1.0), label=_("graded 100 %")),
            ],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize="small",
        )
        return _png(figure)


def completion_png(progress: Progress, modules: list[str]) -> bytes:
    """Hand-ins over time, one line per module: is the cohort keeping up?"""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(chart_style()):
        figure, axes = plt.subplots(figsize=(7, 3.2))
        drawn = False
        for module in modules:
            times = sorted(
                r.last_submission
                for r in progress.rows
                if r.module == module
                and r.status in (MODULE_SUBMITTED, MODULE_GRADED)
                and r.last_submission
            )
            if times:
                axes.step(times, range(1, len(times) + 1), where="post", label=module)
                drawn = True
        axes.set_ylabel(_("trainees handed in"))
        # Whole trainees, counted from none: 0, 1, 2 ..., never 0.5 of a trainee.
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0)
        axes.set_title(_("Completion over time"))
        if drawn:
            axes.legend(fontsize="small", loc="upper left")
            figure.autofmt_xdate()
        else:
            axes.text(
                0.5, 0.5, _("No hand-ins yet"), ha="center", va="center", transform=axes.transAxes
            )
        return _png(figure)
