"""An environment built as repo2docker builds it: binder/requirements.txt, then postBuild."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

from tests.support.repo import BINDER, REPO


def build_binder_env(env_dir: Path) -> Path:
    """A fresh venv at ``env_dir`` with the pinned stack and ClassBridge, as on Binder.

    postBuild runs ``pip install .``, so this is also the fresh-venv install that
    tests/test_packaging.py checks (one build of the whole stack, not two).
    """
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-r",
            str(BINDER / "requirements.txt"),
        ],
        check=True,
        timeout=1200,
    )
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    built = subprocess.run(
        ["bash", str(BINDER / "postBuild")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    assert "ClassBridge postBuild: done." in built.stdout
    return env_dir
