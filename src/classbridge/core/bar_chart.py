"""Bar charts as SVG: the two charts trainees see in modules 02 and 07.

Written here rather than drawn with Matplotlib, which the trainer dashboard
keeps using: importing Matplotlib costs a module page's kernel about 0.5 s
of CPU, more than the rest of the page (benchmarks/README.md, kernel cost),
and every trainee of a workshop pays it at once. An SVG also keeps its words
as text: the browser draws them in the reader's language with the page's
fonts, sharp at any zoom, and a screen reader reads them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

#: Drawing units (the SVG scales to the width it is given): narrow enough that its
#: words stay readable when a phone shrinks it to its 360 px screen.
WIDTH = 460
ROW_GAP = 14
BAR_HEIGHT = 18
TOP = 44
AXIS_GAP = 26
FONT = 14


@dataclass(frozen=True)
class Segment:
    """One part of a bar: its size, its colour, and what it is (the legend's word)."""

    value: float
    colour: str
    name: str


@dataclass(frozen=True)
class Row:
    """One labelled row: one bar, or several side by side (each a stack of segments)."""

    label: str
    bars: tuple[tuple[Segment, ...], ...]


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _ticks(largest: float) -> list[float]:
    """Round axis steps from 0 to at least ``largest``: at most six of them."""
    if largest <= 0:
        return [0.0, 1.0]
    magnitude = 10 ** math.floor(math.log10(largest))
    step = next(
        m * magnitude for m in (0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10) if largest / (m * magnitude) <= 5
    )
    return [round(i * step, 6) for i in range(math.ceil(largest / step) + 1)]


def _text_width(text: str, size: float) -> float:
    """About how wide ``text`` is drawn: CJK characters are a full em, others about half."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.58 for c in text)


def bar_chart_svg(rows: list[Row], title: str, unit: str, description: str) -> str:
    """A horizontal bar chart; ``description`` says what it shows, for screen readers."""
    legend: dict[str, str] = {}
    for row in rows:
        for bar in row.bars:
            for segment in bar:
                legend.setdefault(segment.name, segment.colour)
    largest = max((sum(s.value for s in bar) for row in rows for bar in row.bars), default=0)
    ticks = _ticks(largest)
    longest = max((_text_width(row.label, FONT) for row in rows), default=0)
    label_width = min(max(longest, _text_width(unit, 12)) + 12, WIDTH / 3)
    scale = (WIDTH - label_width - 36) / ticks[-1]
    bars_per_row = max((len(row.bars) for row in rows), default=1)
    row_height = bars_per_row * BAR_HEIGHT + ROW_GAP
    plot_height = len(rows) * row_height
    height = TOP + plot_height + AXIS_GAP + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(description)}" class="cb-bar-chart" '
        'style="width:100%;max-width:42em;height:auto;font-family:inherit">',
        f"<title>{escape(description)}</title>",
        f'<text x="0" y="16" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    x = 0.0
    for name, colour in legend.items():
        parts.append(f'<rect x="{x:.1f}" y="26" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16:.1f}" y="37" font-size="13">{escape(name)}</text>')
        x += 16 + _text_width(name, 13) + 24
    for tick in ticks:
        tx = label_width + tick * scale
        parts.append(
            f'<line x1="{tx:.1f}" y1="{TOP}" x2="{tx:.1f}" y2="{TOP + plot_height}" '
            'stroke="#ccc" stroke-width="1"/>'
            f'<text x="{tx:.1f}" y="{TOP + plot_height + 16}" font-size="12" '
            f'text-anchor="middle">{_number(tick)}</text>'
        )
    parts.append(  # under the labels, level with the axis's numbers
        f'<text x="{label_width - 8:.1f}" y="{TOP + plot_height + 16}" font-size="12" '
        f'text-anchor="end">{escape(unit)}</text>'
    )
    for index, row in enumerate(rows):
        y = TOP + index * row_height + ROW_GAP / 2
        label_y = y + len(row.bars) * BAR_HEIGHT / 2 + 5
        parts.append(
            f'<text x="{label_width - 8:.1f}" y="{label_y:.1f}" font-size="{FONT}" '
            f'text-anchor="end">{escape(row.label)}</text>'
        )
        for bar_index, bar in enumerate(row.bars):
            by = y + bar_index * BAR_HEIGHT
            left = 0.0
            for segment in bar:
                if segment.value <= 0:
                    continue
                tip = f"{row.label}, {segment.name}: {_number(segment.value)} {unit}"
                parts.append(
                    f'<rect x="{label_width + left * scale:.1f}" y="{by:.1f}" '
                    f'width="{segment.value * scale:.1f}" height="{BAR_HEIGHT - 2}" '
                    f'fill="{segment.colour}"><title>{escape(tip)}</title></rect>'
                )
                left += segment.value
            parts.append(
                f'<text x="{label_width + left * scale + 4:.1f}" y="{by + BAR_HEIGHT - 5:.1f}" '
                f'font-size="12">{_number(left)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
