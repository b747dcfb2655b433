"""``classbridge new-module NN-slug --title "..."``: a module from the template, ready to check."""

from __future__ import annotations

import argparse
from pathlib import Path

from classbridge.cli.command import Command
from classbridge.core.language import _
from classbridge.grading.course import Course


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "module",
        help="the module folder's name, NN-slug: NN sets its place, e.g. 08-island-science",
    )
    parser.add_argument("--title", required=True, help="the module's title in the catalogue")
    parser.add_argument(
        "--modules",
        type=Path,
        default=None,
        metavar="DIR",
        help="the modules folder (default: $CLASSBRIDGE_MODULES_DIR or ./modules)",
    )


def _run(args: argparse.Namespace, extra: list[str]) -> int:
    from classbridge.authoring.module_template import new_module

    modules = Course.from_env(modules_dir=args.modules).modules_dir
    path = new_module(modules, args.module, args.title)
    print(_("Created {path}.").format(path=path))
    print(
        _(
            "Next: preview it with 'classbridge serve {modules} --watch', write it in "
            "JupyterLab, then 'classbridge check {module}' (see docs/authoring.md)."
        ).format(modules=modules, module=path.parent)
    )
    return 0


NEW_MODULE = Command(
    name="new-module",
    help="create a module folder from the template (metadata, quiz, graded questions and key)",
    description="Create MODULES/NN-slug/slug.ipynb from ClassBridge's module template: it "
    "passes 'classbridge check', releases and autogrades as it is; then write your own.",
    add_arguments=_add_arguments,
    run=_run,
)
