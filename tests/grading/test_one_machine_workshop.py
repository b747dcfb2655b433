"""The README's one-machine workshop, run as written: two trainees sharing one account
fetch and submit under their own names, and the trainer collects both."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.repo import REPO

pytestmark = pytest.mark.slow  # real nbgrader release, fetch, submit and collect

README = REPO / "README.md"


def readme_blocks() -> tuple[list[str], list[str]]:
    """The trainer's and the trainee's command lines of the README's one-machine section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("**A workshop on one machine") :]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)[:2]
    return [
        [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
        for block in blocks
    ]


def bash(lines: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    script = "set -euo pipefail\n" + "\n".join(lines)
    return subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_two_trainees_on_one_account_hand_in_under_their_own_names(tmp_path: Path) -> None:
    trainer_lines, trainee_lines = readme_blocks()
    course = tmp_path / "course"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CLASSBRIDGE_")},
        "COURSE": str(course),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    released = bash(trainer_lines, REPO, env)
    assert released.returncode == 0, released.stderr
    for name in ("Ana Reyes", "王小明"):
        home = tmp_path / name
        home.mkdir()
        lines = [line.replace('"Ana Reyes"', f'"{name}"') for line in trainee_lines]
        handed_in = bash(lines, home, {**env, "HOME": str(home)})
        assert handed_in.returncode == 0, handed_in.stderr
        assert (home / "classbridge" / "01-welcome" / "welcome.ipynb").is_file()
    collected = bash(['classbridge grade collect 01-welcome --course-dir "$COURSE"'], REPO, env)
    assert collected.returncode == 0, collected.stderr
    handed = sorted(p.name for p in (course / "submitted").iterdir())
    assert handed == ["Ana_20Reyes", "_E7_8E_8B_E5_B0_8F_E6_98_8E"]
