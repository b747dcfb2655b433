"""What a ``classbridge`` command is, so every command and sub-command is declared alike.

A ``Command`` is a row of a table: the top-level ``COMMANDS`` in ``__init__.py``
and the sub-tables of ``grade`` and ``lessons``. ``add_commands`` turns a table
into argparse sub-parsers and ``run_chosen`` runs the row the user named, so
adding a command means adding one row and no dispatch code anywhere.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One sub-command: its name and help as ``--help`` lists them, its options, its work."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    #: Does the work and returns the exit code; gets the arguments argparse did not know.
    run: Callable[[argparse.Namespace, list[str]], int]
    description: str | None = None
    #: Hand unknown arguments to ``run`` (a wrapped program's own) instead of refusing them.
    passes_extra_args: bool = False


def add_commands(
    parser: argparse.ArgumentParser,
    table: Sequence[Command],
    *,
    dest: str,
    metavar: str,
    required: bool = False,
) -> None:
    """Give ``parser`` one sub-parser per row, in table order, which is ``--help``'s order."""
    subparsers = parser.add_subparsers(dest=dest, metavar=metavar, required=required)
    for command in table:
        command.add_arguments(
            subparsers.add_parser(command.name, help=command.help, description=command.description)
        )


def command_named(table: Sequence[Command], name: str | None) -> Command | None:
    """The row argparse chose (argparse only accepts names the table gave it)."""
    return next((command for command in table if command.name == name), None)


def run_chosen(
    table: Sequence[Command], name: str, args: argparse.Namespace, extra: list[str]
) -> int:
    """Run a sub-table's chosen row, for commands such as ``grade`` that group steps."""
    command = command_named(table, name)
    assert command is not None, f"argparse accepted '{name}', which is in no command table"
    return command.run(args, extra)
