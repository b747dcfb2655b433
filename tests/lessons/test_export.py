"""A plan as a printable page and as a notebook."""

from __future__ import annotations

import nbformat

from classbridge.lessons.bank import LessonBank
from classbridge.lessons.export import plan_html, plan_notebook


def adapted() -> dict:
    plan = LessonBank(shared=None).find("fractions-market-prices-grade3").plan
    plan["segments"][1]["activity"] = "<script>alert(1)</script> worked | example"
    return plan


def test_the_printable_page_holds_the_whole_plan_and_nothing_from_outside():
    page = plan_html(adapted())
    assert "<title>Fractions with market prices (Grade 3)</title>" in page
    assert page.count('<tr><td class="minutes">') == 5
    assert "On-site teacher</td><td>Pairs share paper coins" in page
    assert "Adapted from Fractions with market prices by Ana Reyes (Island Primary, Batan)" in page
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert "@media print" in page
    assert "http" not in page  # nothing to fetch: it prints offline


def test_the_notebook_is_valid_and_keeps_the_plan():
    plan = adapted()
    notebook = plan_notebook(plan)
    nbformat.validate(notebook)
    text = "\n".join(cell.source for cell in notebook.cells)
    assert "| 15 | On-site teacher | Pairs share paper coins" in text
    assert "worked \\| example" in text  # a | in a table cell is escaped
    assert notebook.metadata["classbridge_lesson_plan"] == plan
