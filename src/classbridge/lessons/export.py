"""A lesson plan as a printable page (for the on-site teacher's desk) and as a notebook.

The page is one self-contained HTML file with print styles: rooms without a
reliable link print it the day before. The notebook is for teachers who want
to keep working on the plan in JupyterLab (where co-editing is live) or hand
it in with other notebooks.
"""

from __future__ import annotations

from html import escape

import nbformat

from classbridge.lessons.plan import attribution, authors_line
from classbridge.lessons.plan_shape import LessonPlan

LEAD_LABEL = {"remote": "Remote teacher", "on-site": "On-site teacher"}

PAGE_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; color: #1b1b1b; }
h1 { margin-bottom: 0.2em; } .meta { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999;
  padding: 0.35em 0.5em; text-align: left; vertical-align: top; } th { background: #eef2f7; }
td.minutes { text-align: right; white-space: nowrap; } .credit { font-style: italic; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; }
  tr { page-break-inside: avoid; } }
"""


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def plan_html(plan: LessonPlan) -> str:
    """The printable page: every field of the plan, nothing loaded from anywhere else."""
    rows = "".join(
        f'<tr><td class="minutes">{s["minutes"]} min</td><td>{LEAD_LABEL[s["lead"]]}</td>'
        f"<td>{_lines(s['activity'])}</td><td>{escape(', '.join(s.get('materials', [])))}</td></tr>"
        for s in plan["segments"]
    )
    objectives = "".join(f"<li>{_lines(o)}</li>" for o in plan["objectives"])
    diff = plan.get("differentiation", {})
    credit = (
        f'<p class="credit">Adapted from {escape(attribution(plan["adapted_from"]))}.</p>'
        if plan.get("adapted_from")
        else ""
    )
    history = "".join(
        f"<li>Version {h['version']}, {escape(h['date'][:10])}, {escape(h['by'])}: "
        f"{escape(h['note'])}</li>"
        for h in plan["history"]
    )
    return f"""<!DOCTYPE html>
<html lang="{escape(plan["languages"][0])}"><head><meta charset="utf-8">
<title>{escape(plan["title"])}</title><style>{PAGE_STYLE}</style></head>
<body>
<h1>{escape(plan["title"])}</h1>
<p class="meta">{escape(plan["subject"])} · {escape(plan["grade_band"])} ·
{plan["lesson_minutes"]} minutes · languages: {escape(", ".join(plan["languages"]))}</p>
<p>By {escape(authors_line(plan))}, version {plan["version"]}.</p>
{credit}
<h2>Objectives</h2><ul>{objectives}</ul>
<h2>Timeline</h2>
<table><thead><tr><th>Minutes</th><th>Who leads</th><th>Activity</th><th>Materials</th></tr></thead>
<tbody>{rows}</tbody></table>
<h2>Differentiation</h2>
<p><strong>Support:</strong> {_lines(diff.get("support", "")) or "—"}</p>
<p><strong>Stretch:</strong> {_lines(diff.get("stretch", "")) or "—"}</p>
<h2>Assessment</h2><p>{_lines(plan.get("assessment", "")) or "—"}</p>
<h2>Version history</h2><ul>{history}</ul>
</body></html>
"""


def _cell_text(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def plan_notebook(plan: LessonPlan) -> nbformat.NotebookNode:
    """The plan as Markdown cells, with the plan itself kept in the notebook metadata."""
    timeline = "\n".join(
        f"| {s['minutes']} | {LEAD_LABEL[s['lead']]} | {_cell_text(s['activity'])} | "
        f"{_cell_text(', '.join(s.get('materials', [])))} |"
        for s in plan["segments"]
    )
    diff = plan.get("differentiation", {})
    credit = (
        f"\n\n*Adapted from {attribution(plan['adapted_from'])}.*"
        if plan.get("adapted_from")
        else ""
    )
    cells = [
        f"# {plan['title']}\n\n{plan['subject']} · {plan['grade_band']} · "
        f"{plan['lesson_minutes']} minutes · languages: {', '.join(plan['languages'])}\n\n"
        f"By {authors_line(plan)}, version {plan['version']}.{credit}",
        "## Objectives\n\n" + "\n".join(f"* {o}" for o in plan["objectives"]),
        "## Timeline\n\n| Minutes | Who leads | Activity | Materials |\n|---|---|---|---|\n"
        + timeline,
        f"## Differentiation\n\n**Support:** {diff.get('support') or '—'}\n\n"
        f"**Stretch:** {diff.get('stretch') or '—'}",
        f"## Assessment\n\n{plan.get('assessment') or '—'}",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(c) for c in cells])
    notebook.metadata["classbridge_lesson_plan"] = plan
    # Opened in JupyterLab, a notebook without a kernel asks which one to start: say it.
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook
