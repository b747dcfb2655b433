"""The ``classbridge`` command: one entry point for trainers and workshop organisers.

``COMMANDS`` is the one place a command is added: each row lives in its own
module beside this one, and ``main`` only parses, looks the row up and turns a
``ClassBridgeError`` into the one-line message a person can act on.

Messages and result lines are in the shell's language (``CLASSBRIDGE_LANG``,
else ``LANGUAGE``/``LC_ALL``/``LANG``: ``classbridge.core.language``).
"""

from __future__ import annotations

import argparse
import sys

from classbridge import __version__
from classbridge.cli.check_command import CHECK
from classbridge.cli.command import Command, add_commands, command_named
from classbridge.cli.dashboard_command import DASHBOARD
from classbridge.cli.grade_command import GRADE
from classbridge.cli.jupyter_commands import JUPYTER_ENV, SINGLEUSER
from classbridge.cli.lessons_command import LESSONS
from classbridge.cli.new_module_command import NEW_MODULE
from classbridge.cli.progress_command import PROGRESS
from classbridge.cli.rooms_command import ROOMS
from classbridge.cli.serve_command import SERVE
from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _

#: Every ``classbridge`` command, in the order ``classbridge --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    SERVE,
    GRADE,
    PROGRESS,
    DASHBOARD,
    LESSONS,
    NEW_MODULE,
    CHECK,
    ROOMS,
    JUPYTER_ENV,
    SINGLEUSER,
)

__all__ = ["COMMANDS", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, built from ``COMMANDS`` so help and dispatch cannot differ."""
    parser = argparse.ArgumentParser(
        prog="classbridge",
        description="ClassBridge: training modules for teachers of remote classes taught live.",
    )
    parser.add_argument("--version", action="version", version=f"classbridge {__version__}")
    add_commands(parser, COMMANDS, dest="command", metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code: 2 with a one-line message for user errors."""
    parser = build_parser()
    # Known args only, so a command that wraps another program can pass the rest on.
    args, extra = parser.parse_known_args(argv)
    command = command_named(COMMANDS, args.command)
    if extra and not (command and command.passes_extra_args):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if command is None:
        parser.print_help()
        return 0
    try:
        return command.run(args, extra)
    except ClassBridgeError as err:
        print(_("classbridge: error: {message}").format(message=err), file=sys.stderr)
        return 2
