"""Fixtures of the page tests: a course folder holding the feedback pages a trainee gets back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from classbridge.grading.course import Course


@pytest.fixture
def course_with_feedback(tmp_path: Path) -> Callable[[str, str, str], Course]:
    """A course where ``classbridge grade feedback`` left ``page`` for a trainee and module."""
    course = Course(root=tmp_path / "course", modules_dir=tmp_path / "modules")

    def with_page(trainee: str, module: str, page: str) -> Course:
        folder = course.path("feedback", trainee, module)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "welcome.html").write_text(page, encoding="utf-8")
        return course

    return with_page
