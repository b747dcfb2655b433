"""``classbridge check [MODULES] [--fast]``: one line per problem in a modules folder, or all well.

Exit status 1 when anything is wrong, 0 with a one-line summary when all is
well; 2 (from ``main``) when the folder itself cannot be checked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from classbridge.cli.command import Command
from classbridge.grading.course import Course


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "modules",
        nargs="?",
        type=Path,
        default=None,
        help="a modules folder, or one module folder such as modules/08-island-science "
        "(default: $CLASSBRIDGE_MODULES_DIR or ./modules)",
    )
    parser.add_argument(
        "--fast",
        action="store_true",
        help="read the notebooks only: no trainee version, top-to-bottom run or autograding",
    )


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _run(args: argparse.Namespace, extra: list[str]) -> int:
    from classbridge.authoring.module_check import check_modules

    modules = Course.from_env(modules_dir=args.modules).modules_dir
    report = check_modules(
        modules,
        fast=args.fast,
        progress=_progress,
        found=lambda problem: print(problem.line(), flush=True),
    )
    print(report.summary())
    return 1 if report.problems else 0


CHECK = Command(
    name="check",
    help="check modules: metadata, graded cells, answer keys, trainee version, runs, autograding",
    description="Check every module of a modules folder (or one module folder) as trainees and "
    "nbgrader will meet it: one line per problem with the file, the cell and the fix. Without "
    "--fast, each module is also released, run top to bottom and autograded (the answer key "
    "must score full marks, an empty hand-in zero) in a temporary course: a minute or so each.",
    add_arguments=_add_arguments,
    run=_run,
)
