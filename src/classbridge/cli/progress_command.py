"""``classbridge progress``: the cohort's progress from the gradebook, for a terminal or a file."""

from __future__ import annotations

import argparse

from classbridge.cli.command import Command
from classbridge.cli.options import add_course_options, course_from
from classbridge.grading import progress, progress_report


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_course_options(parser)


def _run(args: argparse.Namespace, extra: list[str]) -> int:
    report = progress.read_progress(course_from(args).require_existing())
    render = {
        "table": progress_report.as_table,
        "csv": progress_report.as_csv,
        "json": progress_report.as_json,
    }
    # CSV text already ends each row with a line break; the others need one.
    print(render[args.format](report), end="" if args.format == "csv" else "\n")
    return 0


PROGRESS = Command(
    name="progress",
    help="every trainee's status, score and pending hand-grading per module",
    description="Progress of every trainee in every released module, from the gradebook.",
    add_arguments=_add_arguments,
    run=_run,
)
