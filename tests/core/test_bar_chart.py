"""The SVG bar charts of modules 02 and 07: well-formed, to scale, their words as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from classbridge.core.bar_chart import Row, Segment, bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def chart(rows: list[Row]) -> ET.Element:
    return ET.fromstring(bar_chart_svg(rows, "Links <today>", "Mbit/s", "2 of 3 links hold"))


def test_bars_are_drawn_to_one_scale_with_every_word_as_text():
    svg = chart(
        [
            Row(
                "蘭嶼國小",
                (
                    (Segment(4, "#1f77b4", "measured"),),
                    (Segment(8, "#2e7d32", "needed"),),
                ),
            ),
            Row("Teacher", ((Segment(2, "#1f77b4", "measured"), Segment(2, "#c62828", "extra")),)),
        ]
    )
    assert svg.get("role") == "img" and svg.get("aria-label") == "2 of 3 links hold"
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"Links <today>", "蘭嶼國小", "Teacher", "measured", "needed", "extra", "Mbit/s"} <= set(
        texts
    )
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    widths = {r.find(f"{SVG}title").text: float(r.get("width")) for r in bars}
    assert widths["蘭嶼國小, needed: 8 Mbit/s"] == 2 * widths["蘭嶼國小, measured: 4 Mbit/s"]
    # A stack: the second part starts where the first ends.
    first, second = (r for r in bars if r.find(f"{SVG}title").text.startswith("Teacher"))
    assert float(second.get("x")) == float(first.get("x")) + float(first.get("width"))
    # The axis reaches past the longest bar, from 0.
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert ticks[0] == "0" and float(ticks[-1]) >= 8


def test_an_empty_part_draws_nothing_and_an_empty_chart_still_draws():
    svg = chart([Row("Room", ((Segment(0, "#000", "none"), Segment(3, "#111", "some")),))])
    titled = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [r.find(f"{SVG}title").text for r in titled] == ["Room, some: 3 Mbit/s"]
    assert chart([]).get("role") == "img"
