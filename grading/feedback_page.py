"""The feedback page a trainee gets back for a module: no code, only what they need to read.

Built from two things nbgrader already has: the autograded notebook, whose
graded cells displayed a machine-readable result for each question and each
reflection (``graded_output``), and the gradebook's scores and the trainer's
comments. The page shows each graded question with the trainee's answer (or
"not answered"), whether it earned its points and the author's explanation of
the right answer; each hand-graded task with what the trainee wrote and the
trainer's score and comment, or "not graded yet"; the totals; what to do next.

It is one HTML file with its style inside: it opens offline, fetches nothing,
wraps long text and prints cleanly. ``classbridge grade feedback`` writes it
where nbgrader's ``generate_feedback`` put its own page, so nbgrader's
``release_feedback`` and ``fetch_feedback`` deliver it; *My progress* shows
the same page inside itself (``feedback_fragment``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from classbridge.core.language import (
    _,
    current_language,
    handed_in_language,
    ngettext,
    speaking,
)
from classbridge.core.status_colours import (
    DRAFT_COLOUR,
    ERROR_COLOUR,
    IDLE_COLOUR,
    LINK_COLOUR,
    OK_COLOUR,
)
from classbridge.core.workspace import shown_name
from classbridge.grading.course import Course, open_gradebook
from classbridge.grading.graded_output import read_graded_answers, read_handed_in_texts

#: What a feedback page built here holds between, so *My progress* can show it in its own page.
FRAGMENT_START = "<!-- classbridge feedback -->"
FRAGMENT_END = "<!-- /classbridge feedback -->"
#: What nbgrader leaves in a markdown answer nobody wrote in.
UNTOUCHED_ANSWER = "YOUR ANSWER HERE"

# Item kinds.
QUESTION = "question"  # a graded question of an answer sheet
CHECK = "check"  # any other autograded test (e.g. "the lesson plan is complete")
HAND_GRADED = "hand-graded"  # a reflection, a rubric criterion: scored by the trainer


@dataclass(frozen=True)
class CellGrade:
    """A graded cell's points from the gradebook; ``score`` is None until a trainer grades it."""

    score: float | None
    max_score: float
    comment: str = ""


@dataclass(frozen=True)
class FeedbackItem:
    kind: str
    title: str
    grade: CellGrade
    #: a question's prompt (text), or a hand-graded task's instructions (markdown)
    prompt: str = ""
    answered: bool = True
    answer: str = ""
    key: str = ""
    why: str = ""
    mistake: str = ""
    #: what the trainee wrote for a hand-graded task; None where nothing is shown
    written: str | None = None
    #: what an autograded check found missing
    missing: str = ""


@dataclass(frozen=True)
class NextModule:
    folder: str
    title: str
    duration_minutes: int


def item_title(grade_id: str, source: str = "") -> str:
    """A graded cell's name for people: its heading without "(… points)", else its grade id."""
    for line in source.splitlines():
        if line.lstrip().startswith("#"):
            heading = line.strip().lstrip("#").strip()
            heading = re.sub(r"\s*\([^()]*\)\s*$", "", heading)
            if heading:
                return heading
    words = re.sub(r"^test[-_]", "", grade_id).replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else grade_id


def _source(cell: Mapping) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def _without_heading(markdown: str) -> str:
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        if line.strip():
            return "\n".join(lines[i + 1 :]).strip() if line.lstrip().startswith("#") else markdown
    return ""


def _assertion_message(cell: Mapping) -> str:
    """What a failed check said to the trainee (an assertion's message), never a traceback."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error" and output.get("ename") == "AssertionError":
            return str(output.get("evalue", "")).strip()
    return ""


def feedback_items(notebook: Mapping, grades: Mapping[str, CellGrade]) -> list[FeedbackItem]:
    """Every graded cell of an autograded notebook, in order, as the feedback page shows it."""
    cells = notebook.get("cells", [])
    items = []
    for index, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if not grade_id or not (meta.get("grade") or meta.get("task")):
            continue
        grade = grades.get(grade_id) or CellGrade(None, float(meta.get("points", 0)))
        source = _source(cell)
        if meta.get("task"):
            written = _written_after(cells, index)
            items.append(
                FeedbackItem(
                    HAND_GRADED,
                    item_title(grade_id, source),
                    grade,
                    prompt=_without_heading(source),
                    # No text shown for the task (a practice session's notes and rubric):
                    # what was handed in is not text, and it is not "not answered".
                    answered=written is None or bool(written.strip()),
                    written=written,
                )
            )
        elif meta.get("solution"):
            # An answer cell the trainer grades by hand; a code answer is not shown.
            text = source.strip() if cell.get("cell_type") == "markdown" else None
            answered = bool(text) and text != UNTOUCHED_ANSWER
            items.append(
                FeedbackItem(
                    HAND_GRADED,
                    item_title(grade_id),
                    grade,
                    answered=answered if text is not None else True,
                    written=(text if answered else "") if text is not None else None,
                )
            )
        else:
            answers = read_graded_answers(cell)
            if answers:
                result = answers[0]
                where = (
                    _("Question {number}").format(number=result["number"])
                    if result["number"]
                    else _("Question")
                )
                items.append(
                    FeedbackItem(
                        QUESTION,
                        where,
                        grade,
                        prompt=result["prompt"],
                        answered=result["answered"],
                        answer=result["answer"],
                        key=result["key"],
                        why=result["why"],
                        mistake=result["mistake"],
                    )
                )
            else:
                items.append(
                    FeedbackItem(
                        CHECK, item_title(grade_id), grade, missing=_assertion_message(cell)
                    )
                )
    return items


def _written_after(cells: Sequence[Mapping], task: int) -> str | None:
    """The text the trainee handed in for a task: shown by a cell after it, before the next task."""
    for cell in cells[task + 1 :]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("task") or meta.get("grade"):
            break
        texts = read_handed_in_texts(cell)
        if texts:
            return texts[0]["text"]
    return None


# --- The page ----------------------------------------------------------------------------


def _plural_count(value: float) -> int:
    """What ``ngettext`` is given for a number of points, which may be a fraction: the whole
    number itself, or 2 for a fraction (English says "1.5 points", as for 2)."""
    return int(value) if float(value).is_integer() else 2


def _points(value: float) -> str:
    return ngettext("{points} point", "{points} points", _plural_count(value)).format(
        points=f"{value:g}"
    )


def _of_points(earned: float, possible: float) -> str:
    """``2 of 3 points``."""
    return _("{earned} of {points}").format(earned=f"{earned:g}", points=_points(possible))


def _earned(grade: CellGrade) -> str:
    return _of_points(grade.score or 0, grade.max_score)


STYLE = f"""
<style>
.cb-feedback-page {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  Helvetica, Arial, sans-serif; color: #1f2328; line-height: 1.5; max-width: 48em;
  margin: 0 auto; overflow-wrap: break-word; }}
.cb-feedback-page h1 {{ font-size: 1.7em; margin: 0.2em 0; }}
.cb-feedback-page h2 {{ font-size: 1.25em; margin: 1.4em 0 0.4em; }}
.cb-feedback-page h3 {{ font-size: 1.05em; margin: 0 0 0.3em; }}
.cb-feedback-page .cb-fb-for {{ color: #555; margin: 0 0 1em; }}
.cb-feedback-page .cb-fb-item {{ border: 1px solid #d0d7de; border-radius: 6px;
  padding: 0.7em 1.1em; margin: 0.7em 0; background: #fff; break-inside: avoid; }}
.cb-feedback-page .cb-fb-item h3 .cb-fb-result {{ font-weight: normal; margin-left: 0.5em; }}
.cb-feedback-page .cb-fb-result {{ font-weight: bold; }}
.cb-feedback-page .cb-fb-full {{ color: {OK_COLOUR}; }}
.cb-feedback-page .cb-fb-partial {{ color: {DRAFT_COLOUR}; }}
.cb-feedback-page .cb-fb-none {{ color: {ERROR_COLOUR}; }}
.cb-feedback-page .cb-fb-pending, .cb-feedback-page .cb-fb-not-answered {{
  color: {IDLE_COLOUR}; }}
.cb-feedback-page .cb-fb-label {{ font-weight: bold; }}
.cb-feedback-page .cb-fb-prompt {{ margin: 0.2em 0 0.5em; }}
.cb-feedback-page .cb-fb-written {{ white-space: pre-wrap; overflow-wrap: anywhere;
  background: #f6f8fa; border-left: 4px solid {LINK_COLOUR}; padding: 0.5em 0.8em;
  margin: 0.3em 0 0.6em; }}
.cb-feedback-page .cb-fb-comment {{ border-left: 4px solid {OK_COLOUR}; padding: 0.3em 0.8em;
  margin: 0.5em 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }}
.cb-feedback-page .cb-fb-why {{ margin: 0.3em 0 0; }}
.cb-feedback-page .cb-fb-mistake {{ margin: 0.3em 0 0; color: #5a3e00; }}
.cb-feedback-page .cb-fb-totals td, .cb-feedback-page .cb-fb-totals th {{
  border: 1px solid #d0d7de; padding: 0.25em 0.7em; text-align: left; }}
.cb-feedback-page .cb-fb-totals {{ border-collapse: collapse; }}
.cb-feedback-page .cb-fb-totals th {{ background: #f3f5f7; }}
@media print {{
  .cb-feedback-page {{ max-width: none; font-size: 11pt; }}
  .cb-feedback-page .cb-fb-item {{ border-color: #999; }}
  .cb-feedback-page .cb-fb-written {{ background: none; }}
}}
</style>
"""

PAGE_STYLE = """
<style>
body { margin: 0; padding: 2em 1em; background: #f6f8fa; }
@media print { body { background: none; padding: 0; } }
</style>
"""


def _result(item: FeedbackItem) -> tuple[str, str]:
    """The item's result line and its CSS class."""
    grade = item.grade
    if grade.score is None:
        pending = _("Not graded yet ({points})").format(points=_points(grade.max_score))
        return pending, "cb-fb-pending"
    earned = _earned(grade)
    if not item.answered:
        return _("Not answered: {earned}").format(earned=earned), "cb-fb-not-answered"
    if grade.score >= grade.max_score:
        line = _("Right: {earned}") if item.kind == QUESTION else _("Full marks: {earned}")
        return line.format(earned=earned), "cb-fb-full"
    if grade.score > 0:
        return _("Part of the points: {earned}").format(earned=earned), "cb-fb-partial"
    line = _("Not right: {earned}") if item.kind == QUESTION else _("No points: {earned}")
    return line.format(earned=earned), "cb-fb-none"


def _markdown(text: str) -> str:
    import mistune

    return mistune.create_markdown(escape=True)(text)


def _label(text: str) -> str:
    return f'<span class="cb-fb-label">{escape(text)}</span>'


def _item_html(item: FeedbackItem) -> str:
    result, css = _result(item)
    parts = [
        f'<section class="cb-fb-item cb-fb-{item.kind}">',
        f'<h3>{escape(item.title)} <span class="cb-fb-result {css}">{escape(result)}</span></h3>',
    ]
    if item.kind == QUESTION:
        parts.append(f'<p class="cb-fb-prompt">{escape(item.prompt)}</p>')
        not_answered = _("not answered")
        given = escape(item.answer) if item.answered else f"<em>{escape(not_answered)}</em>"
        yours, right = _label(_("Your answer:")), _label(_("The right answer:"))
        parts.append(f'<p class="cb-fb-answer">{yours} {given}</p>')
        if item.mistake:
            mistake = _label(_("Why your answer is a common mistake:"))
            parts.append(f'<p class="cb-fb-mistake">{mistake} {escape(item.mistake)}</p>')
        parts.append(f'<p class="cb-fb-key">{right} {escape(item.key)}</p>')
        if item.why:
            why = _label(_("Why:"))
            parts.append(f'<p class="cb-fb-why">{why} {escape(item.why)}</p>')
    elif item.kind == CHECK:
        if item.missing:
            missing = _label(_("What was missing:"))
            parts.append(f'<p class="cb-fb-missing">{missing} {escape(item.missing)}</p>')
    else:
        if item.prompt:
            parts.append(f'<div class="cb-fb-prompt">{_markdown(item.prompt)}</div>')
        if item.written is not None:
            if item.answered:
                wrote = _("What you wrote:")
                parts.append(f'<p class="cb-fb-label">{escape(wrote)}</p>')
                parts.append(f'<div class="cb-fb-written">{escape(item.written)}</div>')
            else:
                nothing = _("Not answered: you did not write anything here.")
                parts.append(f'<p class="cb-fb-not-answered"><em>{escape(nothing)}</em></p>')
    if item.grade.comment.strip():
        comment = _("Your trainer's comment:")
        parts.append(f'<p class="cb-fb-label">{escape(comment, quote=False)}</p>')
        parts.append(f'<div class="cb-fb-comment">{escape(item.grade.comment.strip())}</div>')
    elif item.kind == HAND_GRADED and item.grade.score is not None:
        no_comment = _("Your trainer left no comment.")
        parts.append(f'<p class="cb-fb-no-comment"><em>{escape(no_comment)}</em></p>')
    parts.append("</section>")
    return "".join(parts)


def _totals_html(items: Sequence[FeedbackItem]) -> str:
    def row(label: str, chosen: list[FeedbackItem]) -> str:
        graded = [i for i in chosen if i.grade.score is not None]
        earned = sum(i.grade.score for i in graded)
        possible = sum(i.grade.max_score for i in chosen)
        waiting = len(chosen) - len(graded)
        total = _of_points(earned, possible)
        if waiting:
            total = _("{points} ({count} not graded yet)").format(points=total, count=waiting)
        return f"<tr><th>{escape(label)}</th><td>{escape(total)}</td></tr>"

    auto = [i for i in items if i.kind != HAND_GRADED]
    hand = [i for i in items if i.kind == HAND_GRADED]
    rows = []
    if auto:
        rows.append(row(_("Checked automatically"), auto))
    if hand:
        rows.append(row(_("Graded by your trainer"), hand))
    rows.append(row(_("Total"), list(items)))
    return f'<table class="cb-fb-totals">{"".join(rows)}</table>'


def _next_steps(items: Sequence[FeedbackItem], next_module: NextModule | None) -> list[str]:
    steps = []
    pending = [i for i in items if i.grade.score is None]
    missed = [
        i
        for i in items
        if i.kind == QUESTION and i.grade.score is not None and i.grade.score < i.grade.max_score
    ]
    commented = [i for i in items if i.grade.comment.strip()]
    if pending:
        steps.append(
            _(
                "Your trainer has not graded {count} part(s) yet ({parts}); "
                "you get this page again when they have."
            ).format(count=len(pending), parts=", ".join(i.title for i in pending))
        )
    if missed:
        steps.append(
            _(
                "Read the explanation of the {count} question(s) you missed, then look at "
                "that part of the module again; you may open it any time from the catalogue."
            ).format(count=len(missed))
        )
    if commented:
        steps.append(
            _("Read your trainer's comments and try one of them in your next live lesson.")
        )
    if (
        not pending
        and not missed
        and items
        and all(i.grade.score is not None and i.grade.score >= i.grade.max_score for i in items)
    ):
        steps.append(_("Every point earned: well done."))
    if next_module is not None:
        steps.append(
            _("Next module: {title} (about {minutes} minutes).").format(
                title=next_module.title, minutes=next_module.duration_minutes
            )
        )
    steps.append(_("A question about your grade? Ask your trainer."))
    return steps


def feedback_page_html(
    items: Sequence[FeedbackItem],
    module: str,
    title: str,
    trainee: str,
    next_module: NextModule | None = None,
) -> str:
    """The whole page: one HTML file, its style inside, nothing fetched from anywhere.

    In the current language: ``write_feedback_pages`` writes each trainee's
    page in the language they read the module in."""
    auto = [i for i in items if i.kind != HAND_GRADED]
    hand = [i for i in items if i.kind == HAND_GRADED]
    sections = []
    if auto:
        heading = _("Your answers")
        sections.append(f"<h2>{escape(heading)}</h2>" + "".join(_item_html(i) for i in auto))
    if hand:
        heading = _("Graded by your trainer")
        sections.append(f"<h2>{escape(heading)}</h2>" + "".join(_item_html(i) for i in hand))
    steps = "".join(f"<li>{escape(step)}</li>" for step in _next_steps(items, next_module))
    name = shown_name(trainee)
    page_heading = _("Feedback: {title}").format(title=title)
    for_whom = _("For {name}").format(name=name)
    points, next_heading = _("Your points"), _("What to do next")
    main = (
        f'<main class="cb-feedback-page" data-module="{escape(module)}">'
        f"<h1>{escape(page_heading)}</h1>"
        f'<p class="cb-fb-for">{escape(for_whom)}</p>'
        f"<h2>{escape(points)}</h2>{_totals_html(items)}"
        f"{''.join(sections)}"
        f'<h2>{escape(next_heading)}</h2><ul class="cb-fb-next">{steps}</ul>'
        "</main>"
    )
    page_title = _("Feedback: {title} ({name})").format(title=title, name=name)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(current_language())}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(page_title)}</title>"
        f"{PAGE_STYLE}</head><body>\n"
        f"{FRAGMENT_START}\n{STYLE}{main}\n{FRAGMENT_END}\n"
        "</body></html>\n"
    )


def feedback_fragment(page: str) -> str | None:
    """The part of a page built here that another page may show inside itself; None if the
    page is not one of ours (an older nbgrader page, say)."""
    start, end = page.find(FRAGMENT_START), page.find(FRAGMENT_END)
    if start < 0 or end < start:
        return None
    return page[start + len(FRAGMENT_START) : end].strip()


# --- From the course -----------------------------------------------------------------------


def module_grades(course: Course, module: str) -> dict[tuple[str, str], dict[str, CellGrade]]:
    """(trainee, notebook) → each graded cell's grade and the trainer's comment."""
    from nbgrader.api import MissingEntry

    found: dict[tuple[str, str], dict[str, CellGrade]] = {}
    with open_gradebook(course) as gradebook:
        try:
            assignment = gradebook.find_assignment(module)
        except MissingEntry:
            return found
        for submission in assignment.submissions:
            for notebook in submission.notebooks:
                comments = {c.name: c.manual_comment or "" for c in notebook.comments}
                found[(submission.student_id, notebook.name)] = {
                    grade.name: CellGrade(
                        None if grade.needs_manual_grade else float(grade.score or 0),
                        float(grade.max_score or 0),
                        comments.get(grade.name, ""),
                    )
                    for grade in notebook.grades
                }
    return found


def next_module_after(course: Course, module: str) -> NextModule | None:
    from classbridge.core.catalogue import scan_catalogue

    if not Path(course.modules_dir).is_dir():
        return None
    modules = scan_catalogue(Path(course.modules_dir)).modules
    folders = [m.path.split("/")[0] for m in modules]
    if module not in folders:
        return None
    after = [m for m in modules[folders.index(module) + 1 :] if "/" in m.path]
    if not after:
        return None
    return NextModule(after[0].path.split("/")[0], after[0].title, after[0].duration_minutes)


def _title(notebook: Mapping, module: str) -> str:
    meta = notebook.get("metadata", {}).get("classbridge", {})
    title = meta.get("title") if isinstance(meta, Mapping) else None
    return title if isinstance(title, str) and title.strip() else module


def write_feedback_pages(course: Course, module: str) -> list[Path]:
    """Write our page over each page nbgrader's ``generate_feedback`` made for ``module``."""
    grades = module_grades(course, module)
    next_module = next_module_after(course, module)
    written = []
    for page in sorted(course.path("feedback").glob(f"*/{module}/*.html")):
        trainee, notebook_name = page.parent.parent.name, page.stem
        # Folder names nbgrader made: an id such as "_E7_8E_8B" (王) is a folder here.
        graded = course.path("autograded") / trainee / module / f"{notebook_name}.ipynb"
        try:
            notebook = json.loads(graded.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            notebook = {}
        cell_grades = grades.get((trainee, notebook_name), {})
        if notebook:
            items = feedback_items(notebook, cell_grades)
        else:  # a hand-in nbgrader could not read: the gradebook's points, by cell
            items = [
                FeedbackItem(HAND_GRADED if g.score is None else CHECK, item_title(name), g)
                for name, g in cell_grades.items()
            ]
        # Each trainee's page in the language they read the module in (noted with
        # their work by the page's LanguageSwitch); the trainer's language otherwise.
        language = handed_in_language(graded.parent, trainee) or current_language()
        with speaking(language):
            html = feedback_page_html(items, module, _title(notebook, module), trainee, next_module)
        page.write_text(html, encoding="utf-8")
        written.append(page)
    return written
