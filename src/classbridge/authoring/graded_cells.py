"""A module notebook's graded work, read from its cells without running them.

What ``classbridge check`` needs to know before any kernel starts: each cell's
nbgrader metadata, the graded questions each ``AnswerSheet`` asks (with their
ids), the answer key's entries (``key.expect("id", ..., why=...)``) and
whether each sits between the hidden-test markers nbgrader removes, and the
keys widgets save a trainee's work under. Read from the source with ``ast``,
so a module's cells are never run to be checked, and literal values only: a key
entry is what a trainer writes, ``choice=1`` or ``number=7``.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Mapping
from dataclasses import dataclass, field

#: nbgrader's markers (its ClearHiddenTests and ClearSolutions look for these words in a line).
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
#: The answer kinds of a key entry (``classbridge.grading.answer_key.AnswerKey.expect``).
ANSWER_KINDS = ("choice", "choices", "number", "text")
#: Widgets that save a trainee's work under a key: (position, name) of the key argument.
SAVING_WIDGETS = {"AnswerSheet": (0, "key"), "Reflection": (0, "key"), "Quiz": (2, "key")}


class Unreadable:
    """A value written as code rather than as a plain value (``number=5 * 3``)."""

    def __repr__(self) -> str:
        return "<not a plain value>"


UNREADABLE = Unreadable()


@dataclass(frozen=True)
class NotebookCell:
    """One cell; ``number`` counts from 1, as a trainer counts from the top."""

    index: int
    cell_type: str
    source: str
    nbgrader: Mapping

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def grade_id(self) -> str:
        grade_id = self.nbgrader.get("grade_id", "")
        return grade_id if isinstance(grade_id, str) else ""

    @property
    def is_autograded_test(self) -> bool:
        """An nbgrader *autograder tests* cell: code, graded, not an answer."""
        meta = self.nbgrader
        return self.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")

    @property
    def is_hand_graded(self) -> bool:
        """A *manually graded task* or *answer*: a trainer scores it in the formgrader."""
        meta = self.nbgrader
        return bool(meta.get("task")) or (bool(meta.get("grade")) and bool(meta.get("solution")))

    def hidden_lines(self) -> list[tuple[int, int]]:
        """The (first, last) line numbers, from 1, strictly between hidden-test markers."""
        return _regions(self.source, BEGIN_HIDDEN, END_HIDDEN)

    def marker_problem(self) -> str | None:
        """A marker nbgrader would refuse: nested, or a begin without its end."""
        for begin, end, what in (
            (BEGIN_HIDDEN, END_HIDDEN, "hidden tests"),
            (BEGIN_SOLUTION, END_SOLUTION, "solution"),
        ):
            inside = False
            for line in self.source.splitlines():
                if begin in line:
                    if inside:
                        return (
                            f"has a '### {begin}' inside another: close the first with '### {end}'"
                        )
                    inside = True
                elif end in line:
                    inside = False
            if inside:
                return f"has '### {begin}' without '### {end}': end the {what} with it"
        return None


def _regions(source: str, begin: str, end: str) -> list[tuple[int, int]]:
    regions, start = [], None
    for number, line in enumerate(source.splitlines(), 1):
        if begin in line and start is None:
            start = number
        elif end in line and start is not None:
            regions.append((start + 1, number - 1))
            start = None
    return regions


def notebook_cells(notebook: Mapping) -> list[NotebookCell]:
    cells = notebook.get("cells")
    found = []
    for index, cell in enumerate(cells if isinstance(cells, list) else []):
        if not isinstance(cell, Mapping):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        metadata = cell.get("metadata")
        meta = metadata.get("nbgrader", {}) if isinstance(metadata, Mapping) else {}
        found.append(
            NotebookCell(
                index,
                str(cell.get("cell_type", "")),
                source,
                meta if isinstance(meta, Mapping) else {},
            )
        )
    return found


@dataclass(frozen=True)
class AskedQuestion:
    """A graded question as its ``Ask(...)`` is written; ``id`` is None if not written as text."""

    number: int
    prompt: str
    id: str | None
    options: tuple[str, ...] = ()
    multiple: bool = False
    units: tuple[str, ...] = ()
    is_number: bool = False


@dataclass(frozen=True)
class SheetCall:
    """An ``AnswerSheet(key, [Ask(...), ...])``; ``questions`` is None if not written out."""

    key: str
    cell: NotebookCell
    questions: tuple[AskedQuestion, ...] | None


@dataclass(frozen=True)
class KeyEntry:
    """One ``key.expect("id", ...)`` of ``answer_key(sheet)``."""

    sheet: str
    question: object  # the id as written: a text, or UNREADABLE
    cell: NotebookCell
    arguments: dict[str, object]  # keyword arguments as written (UNREADABLE where not plain)
    hidden: bool
    lines: tuple[int, int]

    @property
    def answer(self) -> tuple[str, object] | None:
        """The one answer kind given and its value, if exactly one is."""
        given = [(k, v) for k, v in self.arguments.items() if k in ANSWER_KINDS and v is not None]
        return given[0] if len(given) == 1 else None


@dataclass(frozen=True)
class SavedKey:
    """A widget that saves a trainee's work under ``key`` (``Quiz(..., key="...")``)."""

    widget: str
    key: str
    cell: NotebookCell


@dataclass
class GradedWork:
    sheets: list[SheetCall] = field(default_factory=list)
    keys: list[KeyEntry] = field(default_factory=list)
    saved: list[SavedKey] = field(default_factory=list)
    #: reflections printed for the grader (``show_reflection_for_grader(key)``)
    printed: list[SavedKey] = field(default_factory=list)
    #: code cells that are not Python, with the reason
    syntax_errors: list[tuple[NotebookCell, str]] = field(default_factory=list)


def _parse(source: str) -> ast.Module:
    """The cell's syntax tree; IPython's magics (``%matplotlib``) are turned into Python first."""
    try:
        return ast.parse(source)
    except SyntaxError:
        from IPython.core.inputtransformer2 import TransformerManager

        return ast.parse(TransformerManager().transform_cell(source))


class _EnglishText(ast.NodeTransformer):
    """``translated(en="...", zh_TW="...")`` read as its English text.

    A bilingual module writes its prompts, options and explanations that way
    (classbridge.core.language); the checks compare the English, which every
    language's options follow in the same order.
    """

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if _called(node) == "translated":
            english = (
                node.args[0]
                if node.args
                else next((k.value for k in node.keywords if k.arg == "en"), None)
            )
            if english is not None:
                return english
        return self.generic_visit(node)


def _literal(node: ast.expr | None) -> object:
    if node is None:
        return None
    try:
        return ast.literal_eval(_EnglishText().visit(copy.deepcopy(node)))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return UNREADABLE


def _called(node: ast.Call) -> str:
    func = node.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def _argument(node: ast.Call, position: int, name: str) -> ast.expr | None:
    """The argument at ``position``, or given as ``name=``."""
    if len(node.args) > position:
        return node.args[position]
    return next((k.value for k in node.keywords if k.arg == name), None)


def _text(node: ast.expr | None) -> str | None:
    value = _literal(node)
    return value if isinstance(value, str) else None


def _ask(node: ast.expr, number: int) -> AskedQuestion | None:
    """The question an ``Ask(...)`` writes; None if it is not one, or not written plainly."""
    if not (isinstance(node, ast.Call) and _called(node) == "Ask"):
        return None
    fields = ("prompt", "options", "multiple", "unit", "other_units", "number", "id")
    written = {
        **dict(zip(fields, node.args, strict=False)),
        **{k.arg: k.value for k in node.keywords if k.arg},
    }
    options = _literal(written.get("options")) or ()
    unit = _literal(written.get("unit")) or ""
    other_units = _literal(written.get("other_units")) or ()
    if UNREADABLE in (options, unit, other_units):
        return None
    units = tuple(str(u) for u in (unit, *other_units) if u)
    return AskedQuestion(
        number=number,
        prompt=_text(written.get("prompt")) or "",
        id=_text(written.get("id")),
        options=tuple(str(o) for o in options),
        multiple=_literal(written.get("multiple")) is True,
        units=units,
        is_number=_literal(written.get("number")) is True or bool(units),
    )


def _sheet(node: ast.Call, cell: NotebookCell) -> SheetCall | None:
    key = _text(_argument(node, 0, "key"))
    if key is None:
        return None
    listed = _argument(node, 1, "questions")
    questions = None
    if isinstance(listed, (ast.List, ast.Tuple)):
        asked = [_ask(item, n) for n, item in enumerate(listed.elts, 1)]
        questions = tuple(asked) if all(asked) else None  # type: ignore[arg-type]
    return SheetCall(key, cell, questions)


def _key_entry(
    node: ast.Call, sheet: str, cell: NotebookCell, hidden: list[tuple[int, int]]
) -> KeyEntry:
    arguments = {k.arg: _literal(k.value) for k in node.keywords if k.arg}
    question = _literal(node.args[0]) if node.args else None
    first, last = node.lineno, node.end_lineno or node.lineno
    inside = any(start <= first and last <= end for start, end in hidden)
    return KeyEntry(sheet, question, cell, arguments, inside, (first, last))


def read_graded_work(cells: list[NotebookCell]) -> GradedWork:
    """Sheets, key entries and saved keys of every code cell, in notebook order.

    ``key = answer_key("...")`` in one cell names the key of later cells too,
    as the kernel runs them in order.
    """
    work = GradedWork()
    keys_named: dict[str, str] = {}
    for cell in cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = _parse(cell.source)
        except SyntaxError as err:
            work.syntax_errors.append((cell, f"line {err.lineno}: {err.msg}"))
            continue
        hidden = cell.hidden_lines()
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and _called(node.value) == "answer_key"
                and (sheet := _text(_argument(node.value, 0, "sheet"))) is not None
            ):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        keys_named[target.id] = sheet
        calls = sorted(
            (n for n in ast.walk(tree) if isinstance(n, ast.Call)),
            key=lambda n: (n.lineno, n.col_offset),
        )
        for node in calls:
            name = _called(node)
            if name == "AnswerSheet" and (sheet_call := _sheet(node, cell)):
                work.sheets.append(sheet_call)
            if name in SAVING_WIDGETS and (key := _text(_argument(node, *SAVING_WIDGETS[name]))):
                work.saved.append(SavedKey(name, key, cell))
            if name == "show_reflection_for_grader" and (key := _text(_argument(node, 0, "key"))):
                work.printed.append(SavedKey(name, key, cell))
            if name == "expect" and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                sheet = None
                if isinstance(owner, ast.Name):
                    sheet = keys_named.get(owner.id)
                elif isinstance(owner, ast.Call) and _called(owner) == "answer_key":
                    sheet = _text(_argument(owner, 0, "sheet"))
                if sheet is not None:
                    work.keys.append(_key_entry(node, sheet, cell, hidden))
    return work


def key_line(line: str) -> str:
    """A line as the leak checks compare it: without indentation or a comment's ``#``."""
    return line.strip().lstrip("#").strip()


def hidden_texts(cells: list[NotebookCell]) -> list[str]:
    """Every line between hidden-test markers (``key_line``): what trainees must not see.

    Lines of three characters or fewer (a bracket, ``)``) are left out: they are
    in any notebook.
    """
    found = []
    for cell in cells:
        lines = cell.source.splitlines()
        for start, end in cell.hidden_lines():
            found += [key_line(line) for line in lines[start - 1 : end]]
    return [line for line in found if len(line) > 3]
