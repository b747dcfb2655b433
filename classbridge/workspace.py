"""Where a trainee's work lives: the one place that turns names into paths.

Everything a trainee enters is saved under ``<workspace>/<trainee>/``. The
workspace defaults to ``classbridge-work`` beside the notebook being run, so in
an nbgrader assignment folder the saved answers travel with the submission.
Names come from trainees and trainers, so every one is checked before it
becomes part of a path: no ``..``, no absolute paths, no hidden files.
"""

from __future__ import annotations

import getpass
import os
import re
from pathlib import Path

WORKSPACE_ENV = "CLASSBRIDGE_WORKSPACE"
TRAINEE_ENV = "CLASSBRIDGE_TRAINEE"
DEFAULT_FOLDER = "classbridge-work"

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class InvalidName(ValueError):
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


def trainee_id() -> str:
    """Who is working: set by the workshop (env), by JupyterHub, or the OS account."""
    name = os.environ.get(TRAINEE_ENV) or os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
    return check_segment(name, "trainee id")


def workspace_root() -> Path:
    return Path(os.environ.get(WORKSPACE_ENV) or Path.cwd() / DEFAULT_FOLDER)


def trainee_dir(trainee: str | None = None, root: Path | None = None) -> Path:
    name = check_segment(trainee, "trainee id") if trainee is not None else trainee_id()
    return (root or workspace_root()) / name
