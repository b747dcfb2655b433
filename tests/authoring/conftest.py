"""Fixtures of the authoring tests: a modules folder with a module fresh from the template.

``module`` is the module ``classbridge new-module`` writes; a test breaks it on
purpose (``edit`` the notebook as JSON, ``edit_source`` of one cell) and names
its cells as ``classbridge check`` does: by number from 1, and grade_id.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from classbridge.authoring.module_template import new_module

MODULE = "08-island-science"
TITLE = "Teaching science to island classes"


def _grade_id(cell: dict) -> str | None:
    return cell["metadata"].get("nbgrader", {}).get("grade_id")


@dataclass
class TemplateModule:
    """A module made by ``new_module`` in a modules folder of its own."""

    modules: Path
    notebook: Path

    @property
    def name(self) -> str:
        return self.notebook.parent.name

    @property
    def shown(self) -> str:
        """The notebook as check names it when given the modules folder."""
        return str(self.modules / self.name / self.notebook.name)

    def read(self) -> dict:
        return json.loads(self.notebook.read_text(encoding="utf-8"))

    def edit(self, change: Callable[[dict], None]) -> None:
        notebook = self.read()
        change(notebook)
        self.notebook.write_text(json.dumps(notebook, indent=1), encoding="utf-8")

    def cell(self, notebook: dict, grade_id: str) -> dict:
        return next(c for c in notebook["cells"] if _grade_id(c) == grade_id)

    def edit_source(self, grade_id: str, change: Callable[[str], str]) -> None:
        def edited(notebook: dict) -> None:
            cell = self.cell(notebook, grade_id)
            cell["source"] = change("".join(cell["source"]))

        self.edit(edited)

    def at(self, grade_id: str) -> str:
        """``cell N (grade_id)``, as check names the cell."""
        cells = self.read()["cells"]
        number = next(n for n, c in enumerate(cells, 1) if _grade_id(c) == grade_id)
        return f"cell {number} ({grade_id})"


@pytest.fixture
def module(tmp_path: Path) -> TemplateModule:
    modules = tmp_path / "modules"
    return TemplateModule(modules, new_module(modules, MODULE, TITLE))
