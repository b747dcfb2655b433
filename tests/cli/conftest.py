"""Fixtures for the ``classbridge`` command line.

The shared ones (``modules_copy``, a real Voilà through ``classbridge serve``)
come from tests/conftest.py; ``released_course`` is a course folder as
``classbridge grade release`` leaves it, without running nbgrader.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def released_course(tmp_path: Path, modules_copy: Path) -> tuple[Path, Path]:
    """(course folder, modules folder): 01-welcome released, as far as the folders show."""
    course = tmp_path / "course"
    for step in ("source", "release"):
        (course / step / "01-welcome").mkdir(parents=True)
    return course, modules_copy
