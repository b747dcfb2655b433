"""``classbridge jupyter-env`` and ``singleuser``: ClassBridge's settings for a plain Jupyter.

Binder and JupyterHub start their own Jupyter servers; these commands give those
servers what ``classbridge serve`` sets up itself, for the trainee or trainer role.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from pathlib import Path

from classbridge.cli.command import Command
from classbridge.core.language import _
from classbridge.jupyter_env import ROLE_ENV, jupyter_env
from classbridge.serve import ServeError


def _add_role(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--role",
        default=None,
        help="trainee (default: $CLASSBRIDGE_ROLE, else trainee) or trainer",
    )


def _role(args: argparse.Namespace) -> str:
    return args.role or os.environ.get(ROLE_ENV) or "trainee"


def _print_exports(args: argparse.Namespace, extra: list[str]) -> int:
    for name, value in jupyter_env(_role(args)).items():
        print(f"export {name}={shlex.quote(value)}")
    return 0


def _exec_singleuser(args: argparse.Namespace, server_args: list[str]) -> int:
    """Replace this process with JupyterHub's user server, so the hub signals it directly."""
    beside_us = Path(sys.executable).parent / "jupyterhub-singleuser"
    program = str(beside_us) if beside_us.exists() else shutil.which("jupyterhub-singleuser")
    if program is None:
        raise ServeError(
            _(
                "jupyterhub-singleuser is not installed in this environment: "
                "pip install 'classbridge[hub]' (or jupyterhub) where the user servers run"
            )
        )
    env = {**os.environ, **jupyter_env(_role(args))}
    os.execvpe(program, [program, *server_args], env)


JUPYTER_ENV = Command(
    name="jupyter-env",
    help="print the shell exports that give a Jupyter server ClassBridge's settings",
    description="Print 'export' lines for JUPYTER_PATH and JUPYTER_CONFIG_PATH, so a "
    "plain Jupyter server (Binder) serves the modules as 'classbridge serve' does: "
    'eval "$(classbridge jupyter-env)"',
    add_arguments=_add_role,
    run=_print_exports,
)

SINGLEUSER = Command(
    name="singleuser",
    help="JupyterHub's user server with ClassBridge's settings (Spawner.cmd)",
    description="Start jupyterhub-singleuser with ClassBridge's settings for the role; "
    "every other argument is passed on to it.",
    add_arguments=_add_role,
    run=_exec_singleuser,
    passes_extra_args=True,
)
