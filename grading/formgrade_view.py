"""The formgrader's grading page: a hand-graded task's work shown above its score box.

What a hand-graded task's answer cells show the grader (the reflection, the
practice session's notes and rubric marks) is moved above the task's score box,
and printed text wraps. Only the page nbconvert's HTMLExporter renders changes:
the autograded notebook, the feedback page and the scores do not. nbgrader's
``generate_feedback`` renders with HTMLExporter too; its page is replaced by
ClassBridge's own (``classbridge.grading.feedback_page``).

Named in ``nbgrader_config.py`` by its import path (``c.HTMLExporter.preprocessors``),
so the formgrader can show its configuration as JSON.
"""

from __future__ import annotations

from html import escape

from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_code_cell, new_output


class HandInAboveScore(Preprocessor):
    """Show a task's hand-in above its score box, as text that wraps.

    A hand-graded task is a cell with ``nbgrader.task``; the trainee's work for it is
    shown by the cells after it, up to the next graded or task cell (the rule
    ``feedback_page`` reads the same work by). What those cells print or show as
    HTML while autograding is moved into a new output-only cell just above the
    task, so the grader reads it before scoring; widget views and ClassBridge's
    machine-readable outputs stay where they are.
    """

    def preprocess(self, nb, resources):
        cells = []
        for index, cell in enumerate(nb.cells):
            shown = [
                _wrapping(output)
                for answer in _answer_cells(nb.cells, index)
                for output in _take_shown(answer)
            ]
            if shown:
                above = new_code_cell("", outputs=shown)
                above.metadata["transient"] = {"remove_source": True}  # outputs only
                cells.append(above)
            cells.append(cell)
        nb.cells = cells
        return nb, resources


def _answer_cells(cells, task: int) -> list:
    """The code cells that show the work for task cell ``task``; none if it is no task."""
    if not _nbgrader(cells[task]).get("task"):
        return []
    found = []
    for cell in cells[task + 1 :]:
        if _nbgrader(cell).get("task") or _nbgrader(cell).get("grade"):
            break
        if cell.cell_type == "code":
            found.append(cell)
    return found


def _take_shown(cell) -> list:
    """Remove from ``cell`` what it printed or showed as HTML; return it."""
    shown = [o for o in cell.outputs if _for_the_grader(o)]
    cell.outputs = [o for o in cell.outputs if not _for_the_grader(o)]
    return shown


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _for_the_grader(output) -> bool:
    if output.get("output_type") == "stream":
        return output.get("name") == "stdout"
    data = output.get("data", {})
    return output.get("output_type") == "display_data" and (
        "text/html" in data or "text/markdown" in data
    )


def _wrapping(output):
    """Printed text as HTML that wraps (nbconvert draws it in a <pre> that does not)."""
    if output.get("output_type") != "stream":
        return output
    text = output.get("text", "")
    html = f'<pre class="cb-for-grader" style="{WRAPPING}">{escape(text)}</pre>'
    return new_output("display_data", data={"text/html": html, "text/plain": text})


WRAPPING = "white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal"
