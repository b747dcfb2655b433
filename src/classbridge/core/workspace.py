"""Where a trainee's work lives: the one place that turns names into paths.

Everything a trainee enters is saved under ``<workspace>/<trainee id>/``. The
workspace defaults to ``classbridge-work`` beside the notebook being run, so in
an nbgrader assignment folder the saved answers travel with the submission.

Trainees are who the hub says they are, and a hub login can be anything: an
e-mail address, ``josé``, ``王小明``. ``trainee_id`` turns any name into a
folder name that is safe, reversible and collision-free, the way JupyterHub's
KubeSpawner names pods (the ``escapism`` library): letters, digits, ``.`` and
``-`` stay, every other character becomes ``_XX`` per UTF-8 byte, ``_`` included.
The same id is the nbgrader student id, so hand-in, gradebook and workspace agree.

Item keys and module names come from trainers and are checked, not escaped: a
typo there should be a clear error, not a strange folder.
"""

from __future__ import annotations

import os
import re
import string
from pathlib import Path

import escapism

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _

WORKSPACE_ENV = "CLASSBRIDGE_WORKSPACE"
TRAINEE_ENV = "CLASSBRIDGE_TRAINEE"
DEFAULT_FOLDER = "classbridge-work"

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class InvalidName(ClassBridgeError, ValueError):
    """A trainee id or an item name that cannot safely become a file name."""


def check_segment(name: str, what: str) -> str:
    """``name`` if it can be a file name; ``what`` names it in the error, in the reader's
    language (the caller translates it: ``_("lesson plan id")``)."""
    if not isinstance(name, str) or not _SEGMENT.match(name) or ".." in name:
        raise InvalidName(
            _(
                "{what} {name!r} is not allowed: use 1-64 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            ).format(what=what, name=name)
        )
    return name


def check_key(key: str) -> str:
    """An item key such as ``01-welcome/roles-quiz``: safe segments joined by '/'."""
    if not isinstance(key, str) or not key:
        raise InvalidName(
            _("item name {key!r} is empty: name it like '01-welcome/roles-quiz'").format(key=key)
        )
    for segment in key.split("/"):
        check_segment(segment, _("part {segment!r} of item name").format(segment=segment))
    return key


#: Characters a trainee id keeps as they are; ``_`` starts an escape.
_KEPT = frozenset(string.ascii_letters + string.digits + ".-")
_ID_ESCAPE = "_"
_TRAINEE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$")


def trainee_id(name: str) -> str:
    """The folder name and nbgrader student id of the trainee called ``name``.

    A name that is already safe stays as it is (``amy``, ``t-01``); the first
    character is escaped if it is ``.`` or ``-``, so no id is a hidden file or an option.
    """
    if not isinstance(name, str) or not name.strip():
        raise InvalidName(
            _(
                "the trainee name is empty: log in with your own account, "
                "or set CLASSBRIDGE_TRAINEE to your name"
            )
        )
    if any(ord(c) < 0x20 for c in name):
        # escapism writes byte 0x0B as "_B", not "_0B": a following hex digit would make
        # the id ambiguous. No real login holds a control character.
        raise InvalidName(
            _(
                "the trainee name {name!r} holds a control character: log in with your own account"
            ).format(name=name)
        )
    head = escapism.escape(name[0], safe=_KEPT - {".", "-"}, escape_char=_ID_ESCAPE)
    folder = head + escapism.escape(name[1:], safe=_KEPT, escape_char=_ID_ESCAPE)
    if not _TRAINEE_ID.match(folder):
        raise InvalidName(
            _(
                "the trainee name {name!r}... is too long for a folder name: "
                "use a shorter login or set CLASSBRIDGE_TRAINEE to a shorter name"
            ).format(name=name[:40])
        )
    return folder


def check_trainee_id(folder: str) -> str:
    """A trainee id read back from a folder or a gradebook: one ``trainee_id`` can make."""
    try:
        canonical = isinstance(folder, str) and trainee_id(trainee_name(folder)) == folder
    except (ValueError, UnicodeDecodeError):  # escapes that decode to no text, or no name
        canonical = False
    if not canonical or not _TRAINEE_ID.match(folder):
        raise InvalidName(
            _(
                "trainee id {folder!r} is not one ClassBridge makes: name trainees by their "
                "login and let ClassBridge make the folder name"
            ).format(folder=folder)
        )
    return folder


def shown_name(folder: str) -> str:
    """The name to show for a trainee id: their own name, or the id if it is not one of ours
    (a gradebook written before ids were escaped, a student added by hand in nbgrader)."""
    try:
        return trainee_name(check_trainee_id(folder))
    except InvalidName:
        return folder


def trainee_name(folder: str) -> str:
    """The trainee's own name, to show on pages, from their id."""
    return escapism.unescape(folder, escape_char=_ID_ESCAPE)


def workspace_root() -> Path:
    return Path(os.environ.get(WORKSPACE_ENV) or Path.cwd() / DEFAULT_FOLDER)


def trainee_dir(trainee: str, root: Path | None = None) -> Path:
    """The folder of the trainee with id ``trainee`` (``visit.current_trainee().id``)."""
    return (root or workspace_root()) / check_trainee_id(trainee)
