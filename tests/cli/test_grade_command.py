"""``classbridge grade``: a module name that does not exist is named, with the nearest one."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


def grade(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "classbridge", "grade", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("step", ["collect", "autograde", "feedback"])
def test_a_misspelt_module_is_refused_with_the_nearest_name(step, released_course):
    course, modules = released_course
    result = grade(step, "01-welcom", "--course-dir", str(course), "--modules-dir", str(modules))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"classbridge: error: module '01-welcom' does not exist in {course}: "
        "did you mean '01-welcome'?"
    ]
    assert result.stdout == ""  # not "Collected 01-welcom: 0 trainee(s)"


def test_a_module_not_released_yet_says_to_release_it(released_course):
    course, modules = released_course
    shutil.copytree(modules / "01-welcome", modules / "02-online-classroom")
    result = grade(
        "collect", "02-online-classroom", "--course-dir", str(course), "--modules-dir", str(modules)
    )
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "run 'classbridge grade release 02-online-classroom' first"
    )


def test_feedback_can_be_sent_before_everything_is_graded():
    result = grade("feedback", "--help")
    assert "--partial" in result.stdout and "not graded yet" in result.stdout
