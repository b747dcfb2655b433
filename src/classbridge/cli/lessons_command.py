"""``classbridge lessons``: check the plan files of the shared bank, or export one plan.

The lesson modules are imported when a lesson action runs, not when the CLI
starts: jsonschema's format checkers take seconds to import, which every other
command (and ``--help``) would otherwise pay for.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from classbridge.cli.command import Command, add_commands, run_chosen
from classbridge.core.language import _


def _add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path, help="plan files (*.yaml)")


def _add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the plan file (*.yaml)")
    parser.add_argument("--to", type=Path, required=True, help="output file: *.html or *.ipynb")


def _check(args: argparse.Namespace, extra: list[str]) -> int:
    from classbridge.lessons.bank import LessonBank
    from classbridge.lessons.plan import PlanError, load_plan, readiness_problems

    files = args.files or [path for folder in LessonBank().folders for path in folder.files()]
    broken = 0
    for path in files:
        # One broken file is reported and the rest are still checked.
        try:
            problems = readiness_problems(load_plan(path))
        except (PlanError, OSError) as err:
            broken += 1
            print(f"BROKEN {path}: {err}")
            continue
        print(f"DRAFT  {path}: {problems[0]}" if problems else f"OK     {path}")
    print(_("{count} plan file(s), {broken} broken.").format(count=len(files), broken=broken))
    return 1 if broken else 0


def _export(args: argparse.Namespace, extra: list[str]) -> int:
    from classbridge.core.storage import write_atomic
    from classbridge.lessons.export import plan_html, plan_notebook
    from classbridge.lessons.plan import PlanError, load_plan

    if args.to.suffix not in (".html", ".ipynb"):
        raise PlanError(
            _("cannot export to '{path}': name it *.html or *.ipynb").format(path=args.to)
        )
    plan = load_plan(args.file)
    if args.to.suffix == ".html":
        payload = plan_html(plan)
    else:
        import nbformat

        payload = nbformat.writes(plan_notebook(plan))
    write_atomic(args.to, payload.encode("utf-8"))
    print(_("Wrote {path}.").format(path=args.to))
    return 0


ACTIONS: tuple[Command, ...] = (
    Command(
        name="check",
        help="check plan files against the schema and say what each draft still lacks",
        description="Check plan files (default: the samples and $CLASSBRIDGE_LESSON_BANK). "
        "Exits with 1 if any file is broken.",
        add_arguments=_add_check_arguments,
        run=_check,
    ),
    Command(
        name="export",
        help="write a plan as a printable HTML page or a notebook",
        add_arguments=_add_export_arguments,
        run=_export,
    ),
)


def _add_actions(parser: argparse.ArgumentParser) -> None:
    add_commands(parser, ACTIONS, dest="action", metavar="ACTION", required=True)


def _run_action(args: argparse.Namespace, extra: list[str]) -> int:
    return run_chosen(ACTIONS, args.action, args, extra)


LESSONS = Command(
    name="lessons",
    help="check lesson-plan files, or export one as a printable page or a notebook",
    description="Lesson plans of the shared bank (see docs/lesson-bank.md).",
    add_arguments=_add_actions,
    run=_run_action,
)
