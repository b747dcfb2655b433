"""The package's folders are its layers, and nothing at the checkout root can shadow it.

Ground (core) -> lesson plans -> grading -> widgets and authoring -> pages -> serve -> cli: a
module may import its own layer and the ones below, never one above, so each
layer can be used and tested without what is built on it. Read from the source
with ``ast``, so a violation is named with its file and line.
"""

from __future__ import annotations

import ast
import os
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
REPO = SRC.parent

#: Each first-level part of the package and its layer; the package's own top
#: (``classbridge/__init__.py``) holds only the version.
LAYERS = {
    "core": 0,
    "lessons": 1,
    "grading": 2,
    "widgets": 3,
    "authoring": 3,
    "pages": 4,
    "live": 4,
    "jupyter_env": 5,
    "serve": 5,
    "cli": 6,
    "__main__": 6,
}


def package_files() -> list[Path]:
    """Every module of the package, through the links to widgets/ and grading/.

    ``share/`` is package data: its ``nbgrader_config.py`` is a configuration file
    nbgrader runs, not a module anything imports.
    """
    found = []
    for folder, _, files in os.walk(SRC / "classbridge", followlinks=True):
        if Path(folder).relative_to(SRC / "classbridge").parts[:1] != ("share",):
            found += [Path(folder) / name for name in files if name.endswith(".py")]
    return sorted(found)


def part_of(dotted: str) -> str | None:
    """``classbridge.lessons.plan`` -> ``lessons``; the bare package -> None."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "classbridge" else None


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # ``from classbridge import grading`` imports a part, too.
            if node.module == "classbridge":
                found += [(node.lineno, f"classbridge.{a.name}") for a in node.names]
    return found


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(SRC).with_suffix("").parts)


def test_every_part_of_the_package_has_a_layer():
    parts = {part_of(module_name(p)) for p in package_files()} - {None, "__init__"}
    assert parts <= set(LAYERS), f"give {sorted(parts - set(LAYERS))} a layer in LAYERS"


def test_no_layer_imports_a_higher_one():
    upward = []
    for path in package_files():
        own = part_of(module_name(path))
        if own in (None, "__init__"):
            continue
        for line, imported in imported_modules(path):
            other = part_of(imported)
            if other in LAYERS and LAYERS[other] > LAYERS[own]:
                upward.append(f"{path.relative_to(SRC)}:{line} ({own}) imports {imported}")
    assert upward == []


def test_grading_has_no_widgets():
    """Grading runs inside nbgrader and the CLI, where no page is on screen."""
    users = [
        f"{path.relative_to(SRC)}:{line}"
        for path in package_files()
        if part_of(module_name(path)) == "grading"
        for line, imported in imported_modules(path)
        if imported.split(".")[0] == "ipywidgets"
    ]
    assert users == []


def test_no_two_modules_share_a_file_name_with_different_meanings():
    by_name = defaultdict(list)
    for path in package_files():
        if path.name not in ("__init__.py", "__main__.py"):
            by_name[path.name].append(str(path.relative_to(SRC)))
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}


@pytest.mark.parametrize("name", ["classbridge"])
def test_no_folder_at_the_checkout_root_can_shadow_the_package(name):
    """Python puts the working folder first on ``sys.path``: a ``classbridge/`` there
    would be imported instead of the installed package."""
    assert not (REPO / name).exists()
    assert not (REPO / f"{name}.py").exists()
