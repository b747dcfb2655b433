"""Where Jupyter finds ClassBridge's settings, for any server that is not ``classbridge serve``.

On Binder and JupyterHub the page is served by a plain Jupyter server with
Voilà's server extension, not by ``classbridge serve``. Such a server learns
about our Voilà template, our Voilà settings and our nbgrader course only from
Jupyter's search paths. Jupyter's usual way, files installed into
``<prefix>/etc/jupyter`` as pip data-files, is skipped by editable installs and
would change every server in the environment; so instead the settings ship
inside the package and the user's server is started with its search paths
pointing at them (``classbridge singleuser`` on JupyterHub, ``binder/start``).

Roles: a *trainee* sees the modules and nbgrader's Assignments tab, hands in
under their hub name, and has nbgrader's trainer tools turned off (as
nbgrader's documentation advises for students); a *trainer* has all of them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from classbridge.core.errors import ClassBridgeError
from classbridge.core.share import share_path

#: Our Voilà template lives here; it goes on JUPYTER_PATH.
JUPYTER_DATA_DIR = share_path()
CONFIG_DIR = share_path("jupyter-config")
ROLES = ("trainee", "trainer")
ROLE_ENV = "CLASSBRIDGE_ROLE"


class RoleError(ClassBridgeError, ValueError):
    """An unknown role; the message lists the known ones."""


def check_role(role: str) -> str:
    if role not in ROLES:
        raise RoleError(f"role {role!r} is not known: use one of {', '.join(ROLES)}")
    return role


def voila_settings() -> dict:
    """Our VoilaConfiguration, read from the same file a Jupyter server reads."""
    text = (CONFIG_DIR / "common" / "jupyter_server_config.json").read_text(encoding="utf-8")
    return json.loads(text)["VoilaConfiguration"]


def _prepend(first: list[Path], current: str | None) -> str:
    parts = [str(p) for p in first] + [p for p in (current or "").split(os.pathsep) if p]
    return os.pathsep.join(dict.fromkeys(parts))


def jupyter_path_with_template(current: str | None) -> str:
    """JUPYTER_PATH with ClassBridge's data folder first, keeping what was there."""
    return _prepend([JUPYTER_DATA_DIR], current)


def config_dirs(role: str) -> list[Path]:
    """Config folders for ``role``, most important first (Jupyter's order)."""
    # nbgrader_config.py sits in the common folder: trainees and trainers alike read it.
    dirs = [CONFIG_DIR / "common"]
    if check_role(role) == "trainee":
        dirs.insert(0, CONFIG_DIR / "trainee")
    return dirs


def jupyter_env(role: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables a user's Jupyter server needs to run as ClassBridge ``role``."""
    environ = os.environ if environ is None else environ
    return {
        ROLE_ENV: check_role(role),
        "JUPYTER_PATH": jupyter_path_with_template(environ.get("JUPYTER_PATH")),
        "JUPYTER_CONFIG_PATH": _prepend(config_dirs(role), environ.get("JUPYTER_CONFIG_PATH")),
    }
