"""``classbridge new-module``: a new module folder from the template, ready to check and release.

The template (``share/module-template/module.ipynb``) is a whole module that
passes ``classbridge check``: catalogue metadata, an introduction, a practice
``Quiz``, a graded ``AnswerSheet`` whose questions have ids, its answer key in
hidden tests, a graded reflection, and every cell's nbgrader metadata. Only
two things change per module, filled in here wherever they appear: the folder
name (``{{module}}``, which starts every key work is saved under) and the
title (``{{title}}``). They are replaced in the parsed notebook, never in its
JSON text, so a title with quotes or backslashes stays a title.
"""

from __future__ import annotations

import json
from pathlib import Path

from classbridge.authoring.module_names import (
    check_module_folder_name,
    next_free_number,
    order_number,
)
from classbridge.core.errors import ClassBridgeError
from classbridge.core.share import share_path
from classbridge.core.storage import write_atomic

TEMPLATE = share_path("module-template", "module.ipynb")
MODULE, TITLE = "{{module}}", "{{title}}"
LONGEST_TITLE = 120


class NewModuleError(ClassBridgeError):
    """The module cannot be created as asked; the message says what to change."""


def check_title(title: str) -> str:
    """The title, trimmed; ``NewModuleError`` if it is empty or not one line."""
    text = " ".join(title.split()) if isinstance(title, str) else ""
    if not text:
        raise NewModuleError(
            "the title is empty: give the module's title, e.g. --title \"Teaching science to "
            'island classes"'
        )
    if any(ord(c) < 0x20 for c in title if c not in " \t\n"):
        raise NewModuleError("the title holds a control character: type it as plain text")
    if len(text) > LONGEST_TITLE:
        raise NewModuleError(
            f"the title is {len(text)} characters long: keep it under {LONGEST_TITLE} and put "
            "the rest in the summary"
        )
    return text


def _filled(value: object, module: str, title: str) -> object:
    if isinstance(value, str):
        return value.replace(MODULE, module).replace(TITLE, title)
    if isinstance(value, list):
        return [_filled(v, module, title) for v in value]
    if isinstance(value, dict):
        return {k: _filled(v, module, title) for k, v in value.items()}
    return value


def module_notebook(module: str, title: str) -> dict:
    """The template with the module's folder name and title filled in."""
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    notebook = _filled(template, module, title)
    assert isinstance(notebook, dict)
    return notebook


def new_module(modules_dir: Path, module: str, title: str) -> Path:
    """Create ``modules_dir/NN-slug/slug.ipynb``; refuses a bad name, a taken one or no title."""
    number, slug = check_module_folder_name(module)
    title = check_title(title)
    modules_dir = Path(modules_dir)
    if modules_dir.exists() and not modules_dir.is_dir():
        raise NewModuleError(f"'{modules_dir}' is a file: pass the modules folder with --modules")
    folder = modules_dir / module
    if folder.exists():
        raise NewModuleError(
            f"'{folder}' already exists: edit the notebook in it, or choose a new name for the "
            "new module"
        )
    others = sorted(p for p in modules_dir.iterdir() if p.is_dir()) if modules_dir.is_dir() else []
    taken = {n: p.name for p in others if (n := order_number(p)) is not None}
    if number in taken:
        raise NewModuleError(
            f"number {number} is taken by '{taken[number]}' (the number sets the catalogue "
            f"order): use a free one, e.g. '{next_free_number(set(taken))}-{slug}'"
        )
    notebook = module_notebook(module, title)
    folder.mkdir(parents=True)
    path = folder / f"{slug}.ipynb"
    text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"), mode=0o644)
    return path
