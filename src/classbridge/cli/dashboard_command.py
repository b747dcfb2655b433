"""``classbridge dashboard``: the trainer's progress dashboard, served by Voilà."""

from __future__ import annotations

import argparse

from classbridge.cli.command import Command
from classbridge.cli.options import add_course_options, course_from, port_number
from classbridge.serve import serve_dashboard


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=port_number, default=8867, help="port (default 8867)")
    parser.add_argument(
        "--open", dest="open_browser", action="store_true", help="open a browser tab"
    )
    add_course_options(parser)


def _run(args: argparse.Namespace, extra: list[str]) -> int:
    serve_dashboard(course_from(args).require_existing(), args.port, args.open_browser)
    return 0


DASHBOARD = Command(
    name="dashboard",
    help="serve the trainer's progress dashboard as a Voilà app",
    description="Serve the trainer dashboard (cohort table, heat-map, completion, CSV).",
    add_arguments=_add_arguments,
    run=_run,
)
