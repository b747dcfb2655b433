"""``classbridge check``: everything a module must get right before a cohort meets it.

For any modules folder (or one module folder): each module's folder name and
catalogue number, its notebook's metadata against the published schema, its
nbgrader cells, its graded questions and their answer key (``static_checks``);
then, unless ``fast``, the runs in a temporary nbgrader course: the trainee
version, the notebook top to bottom, and the autograded key and empty
hand-ins (``module_runs``). A module with problems found without running is
not run: its runs would only fail on the same problems.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from classbridge.authoring.module_names import MODULE_NAME
from classbridge.authoring.module_runs import (
    autograde_problems,
    release_problems,
    run_problems,
    trial_course,
)
from classbridge.authoring.problem import Problem
from classbridge.authoring.static_checks import (
    NotebookFacts,
    folder_problems,
    module_folder_names,
    notebook_problems,
)
from classbridge.core.errors import ClassBridgeError


class CheckError(ClassBridgeError):
    """What to check cannot be found; the message names the folder to pass."""


@dataclass
class CheckReport:
    """What a check looked at and found; ``problems`` empty means all is well."""

    modules: list[str]
    fast: bool
    notebooks: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: modules with problems found before running, so not run
    not_run: list[str] = field(default_factory=list)
    #: modules with at least one problem
    with_problems: set[str] = field(default_factory=set)

    def summary(self) -> str:
        count = f"{len(self.modules)} module(s), {self.notebooks} notebook(s)"
        if not self.problems:
            how = (
                "(--fast: read, not run)"
                if self.fast
                else "(released, run top to bottom and autograded)"
            )
            return f"All well: {count} checked {how}."
        line = f"{len(self.problems)} problem(s) in {len(self.with_problems)} of {count}"
        if self.not_run and not self.fast:
            line += f"; not run until fixed: {', '.join(self.not_run)}"
        return line + "."


def modules_to_check(path: Path) -> tuple[Path, Path, list[str]]:
    """(modules folder, how to show it, module folders to check) for a folder given by a user.

    ``path`` is a modules folder, or one module folder (``modules/08-island-science``),
    whose siblings still count for catalogue numbers and prerequisites.
    """
    path = Path(path)
    if not path.is_dir():
        what = "is a file, not a folder" if path.exists() else "does not exist"
        raise CheckError(
            f"'{path}' {what}: pass a modules folder or one module folder, e.g. "
            "'classbridge check modules' or 'classbridge check modules/08-island-science'"
        )
    if MODULE_NAME.match(path.resolve().name) and list(path.glob("*.ipynb")):
        shown = path.parent if path.name else path.resolve().parent
        return path.resolve().parent, shown, [path.resolve().name]
    folders = sorted(module_folder_names(path))
    if not folders:
        raise CheckError(
            f"'{path}' holds no module folder (NN-slug/ with a notebook): create one with "
            "'classbridge new-module 08-my-topic --title \"My topic\"', or pass the modules folder"
        )
    return path.resolve(), path, folders


def check_modules(
    path: Path,
    fast: bool = False,
    progress: Callable[[str], None] = lambda line: None,
    found: Callable[[Problem], None] = lambda problem: None,
) -> CheckReport:
    """Check every module under ``path``; ``found`` hears each problem as soon as it is known.

    ``progress`` hears one line per module before its runs start (they take a
    minute or so each).
    """
    root, shown_root, modules = modules_to_check(path)
    report = CheckReport(modules, fast)

    def add(module: str, problems: list[Problem]) -> None:
        for problem in problems:
            report.problems.append(problem)
            report.with_problems.add(module)
            found(problem)

    everyone = module_folder_names(root)
    named = folder_problems(root, shown_root, modules)
    for problem in named:
        add(Path(problem.file).name, [problem])
    with tempfile.TemporaryDirectory(prefix="classbridge-check-") as scratch:
        course = trial_course(root, Path(scratch))
        for number, module in enumerate(modules, 1):
            notebooks = sorted(
                nb for nb in (root / module).glob("*.ipynb") if not nb.name.startswith(".")
            )
            report.notebooks += len(notebooks)
            facts: list[NotebookFacts] = []
            for notebook in notebooks:
                problems, notebook_facts = notebook_problems(
                    notebook, shown_root / module / notebook.name, module, everyone
                )
                add(module, problems)
                if notebook_facts is not None:
                    facts.append(notebook_facts)
            if fast:
                continue
            step = f"[{number}/{len(modules)}] {module}:"
            if module in report.with_problems or len(facts) < len(notebooks):
                report.not_run.append(module)
                progress(f"{step} not run: fix the problems found first")
                continue
            progress(f"{step} trainee version, top-to-bottom run, autograding key and empty")
            add(module, release_problems(course, module, facts))
            if not course.path("release", module=module).is_dir():
                continue  # nbgrader made no trainee version: nothing to hand in
            ran = [
                p for notebook_facts in facts for p in run_problems(notebook_facts, Path(scratch))
            ]
            add(module, ran)
            if not ran:
                add(module, autograde_problems(course, module, facts))
    return report
