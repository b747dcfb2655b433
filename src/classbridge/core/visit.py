"""Who is working, and the moment their page connects to a preheated kernel.

Voilà runs a module notebook before anyone visits (preheated kernels). Whose
work to load is only known when the visit arrives, so ``current_trainee`` waits
for it first; Voilà's ``wait_for_request`` may be called once per kernel, and
the guard here lets every widget ask safely.

While nbgrader autograds a hand-in, the trainee is the one who handed it in,
not whoever runs the grader: nbgrader runs each hand-in in
``autograded/<student id>/<module>/``, so the folder names the trainee.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from classbridge.core.workspace import TRAINEE_ENV, check_trainee_id, trainee_id, trainee_name

#: Set inside every kernel nbgrader starts (our nbgrader_config.py), and only there.
AUTOGRADING_ENV = "CLASSBRIDGE_AUTOGRADING"
HUB_USER_ENV = "JUPYTERHUB_USER"

_arrived = False


def await_visitor() -> None:
    """Return once the visitor's request has reached this kernel (at once if not preheated)."""
    global _arrived
    if not _arrived:
        from voila.utils import wait_for_request

        wait_for_request()
        _arrived = True


def autograding() -> bool:
    """True inside a kernel nbgrader started to grade a hand-in."""
    return os.environ.get(AUTOGRADING_ENV) == "1"


@dataclass(frozen=True)
class Trainee:
    """A trainee as people know them (``name``) and as folders and nbgrader do (``id``)."""

    name: str
    id: str

    @classmethod
    def named(cls, name: str) -> Trainee:
        return cls(name, trainee_id(name))

    @classmethod
    def from_id(cls, folder: str) -> Trainee:
        return cls(trainee_name(check_trainee_id(folder)), folder)


def current_trainee() -> Trainee:
    """The trainee this kernel works for; waits for the visit on a preheated kernel.

    Autograding: the hand-in's student id. Otherwise the workshop's setting
    (``CLASSBRIDGE_TRAINEE``), else the JupyterHub user, else the login name.
    """
    if autograding():
        return Trainee.from_id(Path.cwd().parent.name)
    await_visitor()
    name = os.environ.get(TRAINEE_ENV) or os.environ.get(HUB_USER_ENV) or getpass.getuser()
    return Trainee.named(name)
