"""Where a trainee's work lives: the one place that turns names into paths.

Everything a trainee enters is saved under ``<workspace>/<trainee>/``. The
workspace defaults to ``classbridge-work`` beside the notebook being run, so in
an nbgrader assignment folder the saved answers travel with the submission.
Names come from trainees and trainers, so every one is checked before it
becomes part of a path: no ``..``, no absolute paths, no hidden files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from classbridge.core.errors import ClassBridgeError

WORKSPACE_ENV = "CLASSBRIDGE_WORKSPACE"
TRAINEE_ENV = "CLASSBRIDGE_TRAINEE"
DEFAULT_FOLDER = "classbridge-work"

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class InvalidName(ClassBridgeError, ValueError):
    """A trainee id or an item name that cannot safely become a file name."""


def check_segment(name: str, what: str) -> str:
    if not isinstance(name, str) or not _SEGMENT.match(name) or ".." in name:
        raise InvalidName(
            f"{what} {name!r} is not allowed: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


def check_key(key: str) -> str:
    """An item key such as ``01-welcome/roles-quiz``: safe segments joined by '/'."""
    if not isinstance(key, str) or not key:
        raise InvalidName(f"item name {key!r} is empty: name it like '01-welcome/roles-quiz'")
    for segment in key.split("/"):
        check_segment(segment, f"part {segment!r} of item name")
    return key


def workspace_root() -> Path:
    return Path(os.environ.get(WORKSPACE_ENV) or Path.cwd() / DEFAULT_FOLDER)


def trainee_dir(trainee: str, root: Path | None = None) -> Path:
    """The trainee's own folder; who the trainee is comes from ``visit.current_trainee``."""
    return (root or workspace_root()) / check_segment(trainee, "trainee id")
