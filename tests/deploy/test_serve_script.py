"""scripts/serve.sh installs once, then starts at once, with no package index reachable.

The script is run for real on a copy of the checkout whose ``.venv`` is a
stand-in: its ``python -m pip`` and ``classbridge`` record that they were
called (a real install takes minutes and needs the package index).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.repo import REPO

STAND_IN = """#!/bin/sh
echo "$(basename "$0") $*" >> "{calls}"
"""


@pytest.fixture
def checkout(tmp_path) -> Path:
    copy = tmp_path / "classbridge"
    (copy / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "serve.sh", copy / "scripts" / "serve.sh")
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    bin_dir = copy / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "classbridge"):
        (bin_dir / name).write_text(STAND_IN.format(calls=tmp_path / "calls.log"))
        (bin_dir / name).chmod(0o755)
    return copy


def serve_sh(checkout: Path, *args: str, offline: bool = False) -> list[str]:
    """Run the script; return the commands it ran (one line each), then forget them."""
    command = ["bash", str(checkout / "scripts" / "serve.sh"), *args]
    if offline:  # a network namespace with nothing in it: no package index, no DNS
        command = ["unshare", "-rn", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    calls_log = checkout.parent / "calls.log"
    calls = calls_log.read_text().splitlines() if calls_log.exists() else []
    calls_log.unlink(missing_ok=True)
    return calls


def test_installs_on_the_first_run_then_starts_without_installing(checkout):
    first = serve_sh(checkout, "--port", "9999")
    assert first[0].startswith("python -m pip install") and first[0].endswith("-e .")
    assert first[-1] == "classbridge serve modules --port 9999"

    again = serve_sh(checkout, "--trainees", "20", offline=True)
    assert again == ["classbridge serve modules --trainees 20"]


def test_a_changed_pyproject_installs_again(checkout):
    serve_sh(checkout)
    with (checkout / "pyproject.toml").open("a") as pyproject:
        pyproject.write("\n# a new dependency would be here\n")
    calls = serve_sh(checkout)
    assert calls[0].startswith("python -m pip install")
    assert serve_sh(checkout) == ["classbridge serve modules"]
