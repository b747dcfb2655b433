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
from pathlib import Path

from classbridge.core.workspace import TRAINEE_ENV, check_segment

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


def current_trainee() -> str:
    """The trainee this kernel works for; waits for the visit on a preheated kernel.

    Autograding: the hand-in's student id. Otherwise the workshop's setting
    (``CLASSBRIDGE_TRAINEE``), else the JupyterHub user, else the login name.
    """
    if autograding():
        return check_segment(Path.cwd().parent.name, "trainee id")
    await_visitor()
    name = os.environ.get(TRAINEE_ENV) or os.environ.get(HUB_USER_ENV) or getpass.getuser()
    return check_segment(name, "trainee id")
