"""A page's kernel imports only what the page uses: the import budget of every module page.

Every page open in Voilà is a kernel, and preheated kernels run their notebook
before anyone visits, so what a page imports is CPU every trainee shares.
JSON Schema alone costs over a second (its format checkers compile a grammar),
Matplotlib about half a second. Each page's import lines are run in a fresh
Python, as its kernel runs them, and a heavy library found in it is named with
the lines (the page's and ClassBridge's) that imported it.
"""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import classbridge.widgets
from classbridge.core.share import share_path
from tests.support.repo import CURRICULUM, MODULES

#: Libraries a page pays for only if it really uses them (Voilà's server side included).
HEAVY = ("jsonschema", "matplotlib", "yaml", "pandas", "classbridge.lessons", "voila")
LESSON_CODE = {"classbridge.lessons", "jsonschema", "yaml"}
PLOTTING = {"matplotlib"}
DASHBOARD = share_path("dashboards", "trainer-dashboard.ipynb")
#: What each page may import beyond its text widgets, and why.
NEEDS = {
    "lesson-bank.ipynb": LESSON_CODE,  # the bank browser lists and checks plans
    "04-co-preparing/co-preparing.ipynb": LESSON_CODE,  # the lesson-plan hand-in
    "widget-gallery.ipynb": LESSON_CODE,  # shows every widget, planner included
    DASHBOARD.name: PLOTTING,  # the trainer dashboard's heat-map and chart
}


def module_pages() -> list[Path]:
    pages = sorted(MODULES.glob("*.ipynb"))
    for folder in CURRICULUM:
        pages += sorted((MODULES / folder).glob("*.ipynb"))
    return [*pages, DASHBOARD]


def page_name(page: Path) -> str:
    return page.name if page == DASHBOARD else page.relative_to(MODULES).as_posix()


def import_lines(page: Path) -> list[str]:
    """The import statements at the top level of the page's code cells, in order."""
    lines = []
    for cell in json.loads(page.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            tree = ast.parse("".join(cell["source"]))
            lines += [
                ast.unparse(node)
                for node in tree.body
                if isinstance(node, (ast.Import, ast.ImportFrom))
            ]
    return lines


#: Run in a fresh Python: runs ``code`` (argv[3]) as the page ``label`` (argv[2]) would and
#: prints, for each library of ``heavy`` (argv[1]) it imports, the frames of the page and of
#: classbridge that were running when the library's first module was loaded.
_FINDER = """
import json, sys

heavy, label, code = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
found = {}


def library_of(module):
    return next((h for h in heavy if module == h or module.startswith(h + ".")), None)


def note(event, args):
    library = library_of(args[0]) if event == "import" else None
    if library is None or library in found:
        return
    chain, frame = [args[0]], sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name == label or name.startswith("classbridge"):
            chain.insert(0, f"{name}:{frame.f_lineno}")
        frame = frame.f_back
    found[library] = " -> ".join(chain)


sys.addaudithook(note)
exec(compile(code, label, "exec"), {"__name__": label})
for module in list(sys.modules):
    if library_of(module) and library_of(module) not in found:
        found[library_of(module)] = module + " (importer not seen)"
print(json.dumps(found))
"""


def heavy_imports(label: str, code: str, **env: str) -> dict[str, str]:
    """Each heavy library ``code`` imports in a fresh Python, with the lines that imported it."""
    run = subprocess.run(
        [sys.executable, "-c", _FINDER, json.dumps(HEAVY), label, code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert run.returncode == 0, f"{label}'s imports fail:\n{run.stderr}"
    return json.loads(run.stdout.splitlines()[-1])


@pytest.mark.parametrize("page", module_pages(), ids=page_name)
def test_a_page_imports_only_what_it_uses(page):
    lines = import_lines(page)
    assert lines, f"{page_name(page)} imports nothing: read its code cells again"
    allowed = NEEDS.get(page_name(page), set())
    found = heavy_imports(page_name(page), "\n".join(lines))
    unneeded = {library: chain for library, chain in found.items() if library not in allowed}
    assert unneeded == {}, (
        f"{page_name(page)}'s kernel imports {', '.join(unneeded)}, which the page does not "
        f"use; import each where it is used, not at the top of its module: "
        f"{'; '.join(unneeded.values())}"
    )


def test_every_page_given_a_need_is_a_page():
    assert set(NEEDS) <= {page_name(page) for page in module_pages()}


def test_waiting_for_the_visitor_does_not_import_voilas_server():
    """Every page waits for its visitor; Voilà's own helper would import its whole server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = str(probe.getsockname()[1])  # nothing listens: the wait ends at once
    code = "from classbridge.core.visit import await_visitor\nawait_visitor()"
    found = heavy_imports(
        "a page", code, VOILA_PREHEAT="True", VOILA_APP_PORT=closed_port, PYTHONWARNINGS="ignore"
    )
    assert found == {}, f"waiting for the visitor imports {'; '.join(found.values())}"


def test_the_lazy_package_still_offers_every_widget():
    """``classbridge.widgets`` imports a widget's module when the name is first asked for."""
    assert set(classbridge.widgets.__all__) <= set(dir(classbridge.widgets))
    namespace: dict = {}
    exec("from classbridge.widgets import *", namespace)
    assert set(classbridge.widgets.__all__) <= set(namespace)
    from classbridge.widgets import AnswerSheet, Ask
    from classbridge.widgets.answer_sheet import AnswerSheet as FromItsModule

    assert AnswerSheet is FromItsModule and Ask.__module__ == "classbridge.widgets.answer_sheet"
    with pytest.raises(AttributeError, match="no attribute 'NoSuchWidget'"):
        classbridge.widgets.NoSuchWidget  # noqa: B018
