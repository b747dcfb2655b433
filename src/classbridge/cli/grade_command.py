"""``classbridge grade``: the trainer's nbgrader steps, one row of ``STEPS`` each.

Every step but ``release`` works on the course that ``release`` made, so those
steps check the course folder first and say which option names it, then the
module (a misspelt one is named with the nearest module, exit status 2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from classbridge.cli.command import Command, add_commands, run_chosen
from classbridge.cli.options import add_course_options, course_from
from classbridge.core.language import _
from classbridge.grading import pipeline
from classbridge.grading.autograde import OUTCOME_GRADED, autograde_cohort, summary_table
from classbridge.grading.course import Course
from classbridge.grading.release import release_module


def _add_module_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("module", help="module folder name, e.g. 01-welcome")
    parser.add_argument(
        "--modules-dir",
        type=Path,
        default=None,
        help="folder holding the module folders (default: $CLASSBRIDGE_MODULES_DIR or ./modules)",
    )
    add_course_options(parser)


def _add_autograde_arguments(parser: argparse.ArgumentParser) -> None:
    _add_module_arguments(parser)
    parser.add_argument(
        "--jobs", type=int, default=None, help="hand-ins graded at once (default: CPUs)"
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=None,
        help="seconds one cell may run before it is interrupted (default 30)",
    )


def _add_feedback_arguments(parser: argparse.ArgumentParser) -> None:
    _add_module_arguments(parser)
    parser.add_argument(
        "--partial",
        action="store_true",
        help="send the feedback although some hand-graded work is not graded yet "
        "(those pages say 'not graded yet')",
    )


def _add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", type=Path, default=Path("grades.csv"), help="CSV file to write")
    add_course_options(parser)


def _module_course(args: argparse.Namespace) -> Course:
    return course_from(args, modules_dir=args.modules_dir)


def _release(args: argparse.Namespace, extra: list[str]) -> int:
    path = release_module(_module_course(args), args.module)
    print(_("Released {module} to the exchange ({path}).").format(module=args.module, path=path))
    return 0


def _released_course(args: argparse.Namespace) -> Course:
    """The course, which must exist and hold the module the trainer named."""
    course = _module_course(args).require_existing()
    course.require_released(args.module)
    return course


def _collect(args: argparse.Namespace, extra: list[str]) -> int:
    course = _released_course(args)
    trainees = pipeline.collect_module(course, args.module)
    print(
        _("Collected {module}: {count} trainee(s) have handed in.").format(
            module=args.module, count=len(trainees)
        )
    )
    return 0


def _autograde(args: argparse.Namespace, extra: list[str]) -> int:
    course = _module_course(args)
    if args.timeout:
        course = replace(course, cell_timeout=args.timeout)
    course.require_existing().require_released(args.module)
    outcomes = autograde_cohort(course, args.module, jobs=args.jobs)
    print(summary_table(outcomes))
    graded = sum(o.status == OUTCOME_GRADED for o in outcomes)
    print()
    print(
        _("{graded} of {total} hand-in(s) graded cleanly.").format(
            graded=graded, total=len(outcomes)
        )
    )
    return 0


def _pending_text(pending: dict[str, list[str]]) -> str:
    return "; ".join(f"{trainee} ({', '.join(items)})" for trainee, items in pending.items())


def _feedback(args: argparse.Namespace, extra: list[str]) -> int:
    course = _released_course(args)
    pending = pipeline.pending_hand_grading(course, args.module)
    if pending and not args.partial:
        print(
            _(
                "classbridge: warning: nothing was sent: hand-graded work in {module} is not "
                "graded yet for {count} trainee(s): {pending}. Grade it in "
                "the formgrader, or send now with 'classbridge grade feedback "
                "{module} --partial' (those pages say 'not graded yet')."
            ).format(module=args.module, count=len(pending), pending=_pending_text(pending)),
            file=sys.stderr,
        )
        return 1
    pages = pipeline.return_feedback(course, args.module)
    print(
        _("Returned feedback on {module}: {count} page(s).").format(
            module=args.module, count=len(pages)
        )
    )
    if pending:
        print(
            _("Not graded yet, shown as such on their pages: {pending}.").format(
                pending=_pending_text(pending)
            )
        )
    return 0


def _export(args: argparse.Namespace, extra: list[str]) -> int:
    path = pipeline.export_grades(course_from(args).require_existing(), args.to)
    print(_("Grades exported to {path}.").format(path=path))
    return 0


def _step(
    name: str,
    text: str,
    add_arguments: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace, list[str]], int],
) -> Command:
    """A step whose one line is both its ``grade --help`` entry and its own description."""
    return Command(name=name, help=text, description=text, add_arguments=add_arguments, run=run)


STEPS: tuple[Command, ...] = (
    _step(
        "release",
        "make the trainee version (no solutions) and put it in the exchange",
        _add_module_arguments,
        _release,
    ),
    _step(
        "collect",
        "collect every trainee's hand-in from the exchange",
        _add_module_arguments,
        _collect,
    ),
    _step(
        "autograde",
        "autograde every collected hand-in, in parallel",
        _add_autograde_arguments,
        _autograde,
    ),
    _step(
        "feedback",
        "write feedback pages and release them to the trainees",
        _add_feedback_arguments,
        _feedback,
    ),
    Command(
        name="export",
        help="export all grades as CSV",
        description="nbgrader's CSV grade export",
        add_arguments=_add_export_arguments,
        run=_export,
    ),
)


def _add_steps(parser: argparse.ArgumentParser) -> None:
    add_commands(parser, STEPS, dest="step", metavar="STEP", required=True)


def _run_step(args: argparse.Namespace, extra: list[str]) -> int:
    return run_chosen(STEPS, args.step, args, extra)


GRADE = Command(
    name="grade",
    help="release, collect, autograde, return feedback and export grades (nbgrader)",
    description="Trainer steps, each run by nbgrader on the workshop course.",
    add_arguments=_add_steps,
    run=_run_step,
)
