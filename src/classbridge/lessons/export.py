"""A lesson plan as a printable page (for the on-site teacher's desk) and as a notebook.

The page is one self-contained HTML file with print styles: rooms without a
reliable link print it the day before. The notebook is for teachers who want
to keep working on the plan in JupyterLab (where co-editing is live) or hand
it in with other notebooks.
"""

from __future__ import annotations

from html import escape

import nbformat

from classbridge.core.language import N_, _
from classbridge.lessons.plan import authors_line, credit_line
from classbridge.lessons.plan_shape import LessonPlan

#: Who leads a segment, by the value a plan file holds (shown translated).
LEAD_LABEL = {"remote": N_("Remote teacher"), "on-site": N_("On-site teacher")}

PAGE_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; color: #1b1b1b; }
/* Traditional Chinese glyphs for Chinese text (not the Japanese or Simplified forms a
   system font may pick for the same characters), on Linux, Windows and macOS. */
:lang(zh) { font-family: "Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei",
  "PingFang TC", system-ui, sans-serif; }
h1 { margin-bottom: 0.2em; } .meta { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999;
  padding: 0.35em 0.5em; text-align: left; vertical-align: top; } th { background: #eef2f7; }
td.minutes { text-align: right; white-space: nowrap; } .credit { font-style: italic; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; }
  tr { page-break-inside: avoid; } }
"""


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _lead(lead: str) -> str:
    return _(LEAD_LABEL[lead])


def _minutes(minutes: int) -> str:
    return _("{minutes} min").format(minutes=minutes)


def _credit(plan: LessonPlan) -> str:
    """``Adapted from <title> by <authors>, version 3.``; "" for a plan of its own."""
    if not plan.get("adapted_from"):
        return ""
    return _("Adapted from {source}.").format(source=credit_line(plan["adapted_from"]))


def _meta(plan: LessonPlan) -> str:
    return _("{subject} · {grades} · {minutes} minutes · languages: {languages}").format(
        subject=plan["subject"],
        grades=plan["grade_band"],
        minutes=plan["lesson_minutes"],
        languages=", ".join(plan["languages"]),
    )


def _byline(plan: LessonPlan) -> str:
    return _("By {authors}, version {version}.").format(
        authors=authors_line(plan), version=plan["version"]
    )


def _history_line(entry: dict) -> str:
    """One saved version; its note stays in the words it was saved with."""
    return _("Version {version}, {date}, {by}: {note}").format(
        version=entry["version"], date=entry["date"][:10], by=entry["by"], note=entry["note"]
    )


def _words() -> dict[str, str]:
    """The page's and the notebook's headings and labels, in the reader's language."""
    return {
        "objectives": _("Objectives"),
        "timeline": _("Timeline"),
        "minutes": _("Minutes"),
        "lead": _("Who leads"),
        "activity": _("Activity"),
        "materials": _("Materials"),
        "differentiation": _("Differentiation"),
        "support": _("Support:"),
        "stretch": _("Stretch:"),
        "assessment": _("Assessment"),
        "history": _("Version history"),
    }


def plan_html(plan: LessonPlan) -> str:
    """The printable page: every field of the plan, nothing loaded from anywhere else."""
    w = {key: escape(text) for key, text in _words().items()}
    rows = "".join(
        f'<tr><td class="minutes">{escape(_minutes(s["minutes"]))}</td>'
        f"<td>{escape(_lead(s['lead']))}</td>"
        f"<td>{_lines(s['activity'])}</td><td>{escape(', '.join(s.get('materials', [])))}</td></tr>"
        for s in plan["segments"]
    )
    objectives = "".join(f"<li>{_lines(o)}</li>" for o in plan["objectives"])
    diff = plan.get("differentiation", {})
    credit = f'<p class="credit">{escape(_credit(plan))}</p>' if plan.get("adapted_from") else ""
    history = "".join(f"<li>{escape(_history_line(h))}</li>" for h in plan["history"])
    return f"""<!DOCTYPE html>
<html lang="{escape(plan["languages"][0])}"><head><meta charset="utf-8">
<title>{escape(plan["title"])}</title><style>{PAGE_STYLE}</style></head>
<body>
<h1>{escape(plan["title"])}</h1>
<p class="meta">{escape(_meta(plan))}</p>
<p>{escape(_byline(plan))}</p>
{credit}
<h2>{w["objectives"]}</h2><ul>{objectives}</ul>
<h2>{w["timeline"]}</h2>
<table><thead><tr><th>{w["minutes"]}</th><th>{w["lead"]}</th><th>{w["activity"]}</th>\
<th>{w["materials"]}</th></tr></thead>
<tbody>{rows}</tbody></table>
<h2>{w["differentiation"]}</h2>
<p><strong>{w["support"]}</strong> {_lines(diff.get("support", "")) or "—"}</p>
<p><strong>{w["stretch"]}</strong> {_lines(diff.get("stretch", "")) or "—"}</p>
<h2>{w["assessment"]}</h2><p>{_lines(plan.get("assessment", "")) or "—"}</p>
<h2>{w["history"]}</h2><ul>{history}</ul>
</body></html>
"""


def _cell_text(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def plan_notebook(plan: LessonPlan) -> nbformat.NotebookNode:
    """The plan as Markdown cells, with the plan itself kept in the notebook metadata."""
    w = _words()
    timeline = "\n".join(
        f"| {s['minutes']} | {_cell_text(_lead(s['lead']))} | {_cell_text(s['activity'])} | "
        f"{_cell_text(', '.join(s.get('materials', [])))} |"
        for s in plan["segments"]
    )
    diff = plan.get("differentiation", {})
    credit = f"\n\n*{_credit(plan)}*" if plan.get("adapted_from") else ""
    header = " | ".join(_cell_text(w[key]) for key in ("minutes", "lead", "activity", "materials"))
    cells = [
        f"# {plan['title']}\n\n{_meta(plan)}\n\n{_byline(plan)}{credit}",
        f"## {w['objectives']}\n\n" + "\n".join(f"* {o}" for o in plan["objectives"]),
        f"## {w['timeline']}\n\n| {header} |\n|---|---|---|---|\n" + timeline,
        f"## {w['differentiation']}\n\n**{w['support']}** {diff.get('support') or '—'}\n\n"
        f"**{w['stretch']}** {diff.get('stretch') or '—'}",
        f"## {w['assessment']}\n\n{plan.get('assessment') or '—'}",
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
