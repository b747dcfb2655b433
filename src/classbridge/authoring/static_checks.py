"""What ``classbridge check --fast`` finds without running anything: one ``Problem`` each.

A module notebook is read as JSON and its cells with ``graded_cells``; the
answer key's own rules (``AnswerKey.expect``: one answer kind, a ``why``, an
option that exists) are applied by calling it outside autograding, exactly as
the notebook's test cell would, so the check and the kernel never disagree.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from classbridge.authoring.graded_cells import (
    UNREADABLE,
    GradedWork,
    KeyEntry,
    NotebookCell,
    SheetCall,
    hidden_texts,
    key_line,
    notebook_cells,
    read_graded_work,
)
from classbridge.authoring.metadata_schema import metadata_problems
from classbridge.authoring.module_names import (
    ModuleNameError,
    check_module_folder_name,
    next_free_number,
    order_number,
)
from classbridge.authoring.problem import Problem
from classbridge.authoring.translation_checks import translation_problems
from classbridge.core.catalogue import METADATA_KEY, UnreadableNotebook, load_notebook_json
from classbridge.core.graded_questions import (
    GradedQuestion,
    check_question_id,
    remember_sheet,
    sheet_questions,
    suggested_id,
)
from classbridge.core.workspace import InvalidName, check_key
from classbridge.grading.answer_key import AnswerKey, AnswerKeyError

MARKERS = "'### BEGIN HIDDEN TESTS' and '### END HIDDEN TESTS'"


@dataclass(frozen=True)
class NotebookFacts:
    """A module notebook as the runs need it: where it is and its graded work."""

    path: Path
    shown: Path
    cells: list[NotebookCell]
    work: GradedWork

    def cell_with_id(self, grade_id: str) -> NotebookCell | None:
        return next((c for c in self.cells if c.grade_id == grade_id), None)


class _Found:
    """Problems of one notebook, at most one per cell and text."""

    def __init__(self, shown: Path) -> None:
        self.shown = shown
        self.problems: list[Problem] = []

    def add(self, text: str, cell: NotebookCell | None = None) -> None:
        problem = (
            Problem(self.shown, text, cell.number, cell.grade_id)
            if cell is not None
            else Problem(self.shown, text)
        )
        if problem not in self.problems:
            self.problems.append(problem)

    def cells(self) -> set[int]:
        return {p.cell for p in self.problems if p.cell is not None}


def notebook_problems(
    path: Path, shown: Path, module: str, module_folders: set[str]
) -> tuple[list[Problem], NotebookFacts | None]:
    """The notebook's problems; its facts too, unless it could not be read at all."""
    found = _Found(shown)
    try:
        notebook = load_notebook_json(path)
    except UnreadableNotebook as err:
        found.add(f"{err}")
        return found.problems, None
    for text in metadata_problems(notebook):
        found.add(text)
    _prerequisite_problems(notebook, module_folders, found)
    cells = notebook_cells(notebook)
    for number, text in translation_problems(notebook):
        found.add(text, cells[number - 1] if number is not None else None)
    work = read_graded_work(cells)
    _nbgrader_problems(cells, found)
    for cell, reason in work.syntax_errors:
        found.add(f"is not valid Python ({reason}): fix the code", cell)
    _marker_problems(cells, found)
    # The key's own rules run as in a kernel, against the sheets as written here; what the
    # process knew of those sheets before (a test's, a notebook's) is put back afterwards.
    before = {sheet.key: sheet_questions(sheet.key) for sheet in work.sheets}
    try:
        matched = _sheet_problems(work, module, found)
        _key_problems(work, matched, found)
    finally:
        for key, questions in before.items():
            remember_sheet(key, questions or ())
    _saved_key_problems(work, module, found)
    _leak_problems(cells, found)
    return found.problems, NotebookFacts(path, shown, cells, work)


def _prerequisite_problems(notebook: dict, module_folders: set[str], found: _Found) -> None:
    metadata = notebook.get("metadata")
    meta = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    prerequisites = meta.get("prerequisites") if isinstance(meta, dict) else None
    for name in prerequisites if isinstance(prerequisites, list) else []:
        if isinstance(name, str) and name.strip() and name not in module_folders:
            nearest = difflib.get_close_matches(name, sorted(module_folders), n=1)
            example = f"e.g. '{nearest[0]}'" if nearest else "or remove it"
            found.add(
                f"notebook metadata field 'prerequisites' names '{name}', which is not a module "
                f"folder here: name a module folder, {example}"
            )


def _nbgrader_problems(cells: list[NotebookCell], found: _Found) -> None:
    """nbgrader's rules for cell metadata (its MetadataValidatorV3), and ours."""
    first_with_id: dict[str, NotebookCell] = {}
    for cell in cells:
        meta = cell.nbgrader
        if not meta:
            if cell.cell_type == "code":
                found.add(
                    "is not read-only in nbgrader, so a trainee's change to it would be graded: "
                    "mark it 'Read-only' with a grade_id in nbgrader's Create Assignment panel "
                    "(JupyterLab's right sidebar), as every code cell of the template is",
                    cell,
                )
            continue
        if not (meta.get("grade") or meta.get("solution") or meta.get("locked")):
            continue
        grade_id = meta.get("grade_id")
        if not isinstance(grade_id, str) or not grade_id.strip():
            found.add(
                f"has nbgrader metadata but no grade_id: give it one, e.g. 'cell-{cell.number}'",
                cell,
            )
        elif grade_id in first_with_id:
            found.add(
                f"has the grade_id '{grade_id}' of cell {first_with_id[grade_id].number}: give "
                f"this cell a grade_id of its own, e.g. '{grade_id}-2'",
                cell,
            )
        else:
            first_with_id[grade_id] = cell
        points = meta.get("points")
        if meta.get("grade") and (
            isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0
        ):
            found.add("is graded but has no points: give it points above 0", cell)
        if meta.get("task") and cell.cell_type != "markdown":
            found.add("is a 'Manually graded task' but not markdown: make it a markdown cell", cell)
        markdown_test = meta.get("grade") and not meta.get("solution") and not meta.get("task")
        if cell.cell_type == "markdown" and markdown_test:
            found.add(
                "is a graded markdown cell that is not an answer: make it a 'Manually graded "
                "task' or a 'Manually graded answer'",
                cell,
            )
    if not any(c.is_autograded_test for c in cells):
        found.add(
            "has no autograder tests cell: add graded questions (an AnswerSheet) and their "
            "answer key, as 'classbridge new-module' writes them"
        )
    if not any(c.is_hand_graded for c in cells):
        found.add(
            "has no hand-graded work: add a reflection (a 'Manually graded task' markdown cell "
            "with points, then the Reflection), as 'classbridge new-module' writes it"
        )


def _marker_problems(cells: list[NotebookCell], found: _Found) -> None:
    for cell in cells:
        if problem := cell.marker_problem():
            found.add(problem, cell)
            continue
        if cell.hidden_lines() and not cell.is_autograded_test:
            found.add(
                "has hidden tests but is not an autograder tests cell, so nbgrader cannot "
                "make the trainee version: mark it 'Autograder tests' with its points",
                cell,
            )
        if "BEGIN SOLUTION" in cell.source and not cell.nbgrader.get("solution"):
            found.add(
                "has '### BEGIN SOLUTION' but is not an answer cell, so nbgrader cannot make "
                "the trainee version: mark it 'Autograded answer', or remove the markers",
                cell,
            )


def _sheet_problems(work: GradedWork, module: str, found: _Found) -> dict[str, SheetCall]:
    """The sheets' problems; returns the sheets whose questions the key can be matched to.

    A sheet with a missing or repeated id is left out of matching: the key
    entries it would orphan are a consequence of that one problem, not more.
    """
    matched: dict[str, SheetCall] = {}
    first_with_key: dict[str, SheetCall] = {}
    for sheet in work.sheets:
        if sheet.key in first_with_key:
            found.add(
                f"AnswerSheet '{sheet.key}' is also the sheet of cell "
                f"{first_with_key[sheet.key].cell.number}: give each sheet a key of its own, "
                f"e.g. '{module}/graded-2'",
                sheet.cell,
            )
            continue
        first_with_key[sheet.key] = sheet
        if sheet.questions is None:
            found.add(
                f"the questions of sheet '{sheet.key}' are not written out as Ask(...) with "
                f'plain values: write AnswerSheet("{sheet.key}", [Ask(...), ...]) so the '
                "answer key can be matched to them",
                sheet.cell,
            )
            remember_sheet(sheet.key, ())
            continue
        seen: set[str] = set()
        before = len(found.problems)
        for question in sheet.questions:
            where = f"question {question.number} of sheet '{sheet.key}'"
            if question.id is None:
                found.add(
                    f"{where} has no id: give it one, e.g. "
                    f"id={suggested_id(question.prompt)!r}; the answer key names it",
                    sheet.cell,
                )
                continue
            try:
                check_question_id(question.id, question.prompt)
            except ValueError as err:
                found.add(f"{where}: {err}", sheet.cell)
            if question.id in seen:
                found.add(
                    f"two questions of sheet '{sheet.key}' have the id '{question.id}': give "
                    f"question {question.number} an id of its own",
                    sheet.cell,
                )
            seen.add(question.id)
        if len(found.problems) > before:
            remember_sheet(sheet.key, ())
            continue
        matched[sheet.key] = sheet
        remember_sheet(
            sheet.key,
            [
                GradedQuestion(
                    q.id or "", q.number, q.prompt, q.options, q.multiple, q.units, q.is_number
                )
                for q in sheet.questions
            ],
        )
    return matched


def _key_problems(work: GradedWork, matched: dict[str, SheetCall], found: _Found) -> None:
    sheets = {sheet.key: sheet for sheet in work.sheets}
    keyed: dict[tuple[str, str], KeyEntry] = {}
    for entry in work.keys:
        cell = entry.cell
        if entry.sheet not in sheets:
            known = ", ".join(f"'{k}'" for k in sheets) or "none in this notebook"
            found.add(
                f"the answer key names sheet '{entry.sheet}', which no AnswerSheet here saves "
                f"(sheets: {known}): give answer_key() the AnswerSheet's key",
                cell,
            )
            continue
        if not isinstance(entry.question, str):
            found.add(
                "a key entry's question id is not written as text: write it first, e.g. "
                'key.expect("wait-time", number=7, why="...")',
                cell,
            )
            continue
        asked = (
            {q.id for q in matched[entry.sheet].questions or ()}
            if entry.sheet in matched
            else set()
        )
        if entry.question in asked:
            if (entry.sheet, entry.question) in keyed:
                found.add(
                    f"question '{entry.question}' of sheet '{entry.sheet}' is keyed twice (also "
                    f"in cell {keyed[(entry.sheet, entry.question)].cell.number}): keep one key "
                    "entry",
                    cell,
                )
                continue
            keyed[(entry.sheet, entry.question)] = entry
        unplain = [name for name, value in entry.arguments.items() if value is UNREADABLE]
        if unplain:
            found.add(
                f"the key for '{entry.question}' writes {', '.join(unplain)} as code, not as a "
                'plain value: write e.g. choice=1, choices=[0, 2], number=7 or text="..."',
                cell,
            )
            continue
        try:
            AnswerKey(entry.sheet).expect(entry.question, **entry.arguments)  # type: ignore[arg-type]
        except AnswerKeyError as err:
            found.add(str(err), cell)
            continue
        except TypeError:
            found.add(
                f"the key for '{entry.question}' has an argument key.expect() does not take: "
                "use choice=, choices=, number=, units=, tolerance=, text=, why= and mistakes=",
                cell,
            )
            continue
        if cell.number in found.cells():
            continue  # its cell's problem (markers, metadata) says it already
        if not cell.is_autograded_test:
            found.add(
                f"the key entry for '{entry.question}' is in a cell nbgrader does not grade: "
                "put it in an 'Autograder tests' cell with points",
                cell,
            )
        elif not entry.hidden:
            found.add(
                f"the key entry for '{entry.question}' is outside the hidden tests, so trainees "
                f"would see the answer: put it between {MARKERS}",
                cell,
            )
    for sheet in matched.values():
        for question in sheet.questions or ():
            if question.id and (sheet.key, question.id) not in keyed:
                found.add(
                    f"question {question.number} ('{question.id}') of sheet '{sheet.key}' has no "
                    f"answer key entry: add an 'Autograder tests' cell with "
                    f'key.expect("{question.id}", ..., why="...") between {MARKERS}',
                    sheet.cell,
                )


def _saved_key_problems(work: GradedWork, module: str, found: _Found) -> None:
    for saved in work.saved:
        try:
            check_key(saved.key)
        except InvalidName as err:
            found.add(f"{saved.widget} saves under a bad key: {err}", saved.cell)
            continue
        if not saved.key.startswith(f"{module}/"):
            found.add(
                f"{saved.widget} saves under '{saved.key}', which does not start with "
                f"'{module}/': name it '{module}/{saved.key.split('/')[-1]}', so this module's "
                "saved work stays apart from other modules'",
                saved.cell,
            )
    reflections = [s.key for s in work.saved if s.widget == "Reflection"]
    for printed in work.printed:
        if printed.key not in reflections:
            example = f"'{reflections[0]}'" if reflections else "the Reflection's key"
            found.add(
                f"show_reflection_for_grader('{printed.key}') prints a reflection no Reflection "
                f"saves: give it the Reflection's key, {example}",
                printed.cell,
            )


def _leak_problems(cells: list[NotebookCell], found: _Found) -> None:
    """A line of the hidden tests also written where nbgrader leaves it (a copy, a comment)."""
    hidden = set(hidden_texts(cells))
    for cell in cells:
        if cell.number in found.cells():
            continue
        inside = {n for start, end in cell.hidden_lines() for n in range(start, end + 1)}
        for number, line in enumerate(cell.source.splitlines(), 1):
            if number not in inside and key_line(line) in hidden:
                found.add(
                    f"shows trainees '{line.strip()[:60]}', a line of the answer key: remove it "
                    f"here, or put it between {MARKERS}",
                    cell,
                )
                break


def folder_problems(root: Path, shown_root: Path, checked: list[str]) -> list[Problem]:
    """Folder names and catalogue numbers of ``checked``, against every module folder in ``root``.

    Folders whose names are not ``NN-slug`` get their own line; two folders
    with one number each get a line for the later one.
    """
    problems = []
    by_number: dict[str, list[str]] = defaultdict(list)
    for name in sorted(module_folder_names(root)):
        number = order_number(name)
        if number is not None:
            by_number[number].append(name)
    for name in checked:
        try:
            check_module_folder_name(name)
        except ModuleNameError as err:
            problems.append(
                Problem(shown_root / name, f"{err}; the number sets the module's catalogue place")
            )
            continue
        number = order_number(name)
        same = by_number.get(number, [])  # type: ignore[arg-type]
        if len(same) > 1 and same.index(name) > 0:
            slug = name.split("-", 1)[1]
            problems.append(
                Problem(
                    shown_root / name,
                    f"has the catalogue number {number} of '{same[0]}': give it a free number, "
                    f"e.g. rename the folder to '{next_free_number(set(by_number))}-{slug}'",
                )
            )
    return problems


def module_folder_names(root: Path) -> set[str]:
    """Folders of ``root`` that hold a notebook: what the catalogue lists as modules."""
    return {
        folder.name
        for folder in Path(root).iterdir()
        if folder.is_dir()
        and not folder.name.startswith((".", "_"))
        and any(not nb.name.startswith(".") for nb in folder.glob("*.ipynb"))
    }
