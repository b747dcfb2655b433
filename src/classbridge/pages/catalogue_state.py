"""Where this trainee is with each module, for the catalogue: not started, in progress,
handed in, graded.

"In progress" is read from the trainee's saved work (the widgets save as they
go); "handed in" and "graded" from the nbgrader course, when the server has
one (``classbridge serve --course-dir``). The gradebook is opened only then,
so a catalogue without a course costs its kernel nothing more.
"""

from __future__ import annotations

import os
from pathlib import Path

from classbridge.core.language import N_, _
from classbridge.core.workspace import DEFAULT_FOLDER, WORKSPACE_ENV

NOT_STARTED = "not started"
IN_PROGRESS = "in progress"
HANDED_IN = "handed in"
GRADED = "graded"
STATE_LABELS = {
    NOT_STARTED: N_("not started"),
    IN_PROGRESS: N_("in progress"),
    HANDED_IN: N_("handed in"),
    GRADED: N_("graded"),
}
#: Files a page writes without the trainee doing anything (the language it was read in).
_NOT_WORK = ("page-language.json",)


def state_label(state: str) -> str:
    return _(STATE_LABELS[state])


def started(modules_dir: Path, module: str, trainee: str) -> bool:
    """Has the trainee saved anything in ``module`` (on this server)?"""
    root = os.environ.get(WORKSPACE_ENV)
    workspace = Path(root) if root else modules_dir / module / DEFAULT_FOLDER
    folder = workspace / trainee / module
    if not folder.is_dir():
        return False
    return any(
        path.is_file() and not path.name.startswith(".") and path.name not in _NOT_WORK
        for path in folder.rglob("*")
    )


def module_states(modules_dir: Path, modules: list[str], trainee: str) -> dict[str, str]:
    """Each module's state for ``trainee`` (their id), the furthest along that is known."""
    states = {
        module: IN_PROGRESS if started(modules_dir, module, trainee) else NOT_STARTED
        for module in modules
    }
    from classbridge.grading.course import Course

    course = Course.from_env()
    if not Path(course.root).is_dir():
        return states
    from classbridge.grading.progress import MODULE_GRADED, MODULE_SUBMITTED, read_progress

    for row in read_progress(course, modules).for_trainee(trainee):
        if row.status == MODULE_GRADED:
            states[row.module] = GRADED
        elif row.status == MODULE_SUBMITTED:
            states[row.module] = HANDED_IN
    return states
