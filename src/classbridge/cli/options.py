"""Options several commands share, declared once so their spelling and help never drift.

The module that adds ``--course-dir`` and ``--gradebook-url`` is also the one that
reads them (``course_from``): one writer, one reader.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from classbridge.core.language import _
from classbridge.grading.course import Course


def port_number(text: str) -> int:
    """An argparse type, so a bad port is refused with usage before anything starts."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("port must be a number, not '{text}'").format(text=text)
        ) from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(_("port {port} is outside 0-65535").format(port=port))
    return port


def add_course_options(parser: argparse.ArgumentParser) -> None:
    """The nbgrader course a grading, progress or dashboard command works on."""
    parser.add_argument(
        "--course-dir",
        type=Path,
        default=None,
        help="the nbgrader course folder (default: $CLASSBRIDGE_COURSE_DIR or ./course)",
    )
    parser.add_argument(
        "--gradebook-url",
        default=None,
        help="SQLAlchemy URL of the gradebook, e.g. postgresql://user@host/db "
        "(default: $CLASSBRIDGE_GRADEBOOK_URL or SQLite in the course folder)",
    )


def course_from(args: argparse.Namespace, modules_dir: Path | None = None) -> Course:
    """The course the options name; options given on the command line win over the env."""
    course = Course.from_env(root=args.course_dir, modules_dir=modules_dir)
    if args.gradebook_url:
        course = replace(course, gradebook_url=args.gradebook_url)
    return course
