"""Release a module to trainees: modules/NN-slug → nbgrader source → release → exchange."""

from __future__ import annotations

import shutil
from pathlib import Path

from classbridge.grading.course import Course, GradingError, check_module_name

# Never copied into a release: trainer scratch, saved trainee work, caches.
NOT_RELEASED = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "classbridge-work")


def copy_module_to_source(course: Course, module: str) -> Path:
    """The module folder becomes nbgrader's source assignment of the same name."""
    check_module_name(module)
    folder = Path(course.modules_dir) / module
    if not folder.is_dir():
        raise GradingError(
            f"module '{module}' is not a folder in {course.modules_dir}: "
            "use the folder name, e.g. 01-welcome"
        )
    if not list(folder.glob("*.ipynb")):
        raise GradingError(f"module '{module}' has no notebook to release")
    source = course.path("source", module=module)
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(folder, source, ignore=NOT_RELEASED)
    return source


def release_module(course: Course, module: str) -> Path:
    """Generate the student version (solutions removed) and put it in the exchange."""
    copy_module_to_source(course, module)
    # generate_assignment also adds the assignment to the gradebook (its create_assignment).
    course.run("generate_assignment", module, "--force")
    course.run("release_assignment", module, "--force")
    return course.path("release", module=module)
