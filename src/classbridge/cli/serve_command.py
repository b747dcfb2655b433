"""``classbridge serve``: the training modules as Voilà apps on this machine."""

from __future__ import annotations

import argparse
from pathlib import Path

from classbridge.cli.command import Command
from classbridge.cli.options import port_number
from classbridge.serve import ServeOptions, serve
from classbridge.serve.serve_options import CULL_AFTER_SECONDS


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "modules_dir",
        nargs="?",
        default="modules",
        type=Path,
        help="folder holding catalogue.ipynb and the module folders (default: ./modules)",
    )
    parser.add_argument(
        "--port",
        type=port_number,
        default=8866,
        help="port to listen on (default 8866; 0 = any free)",
    )
    parser.add_argument(
        "--no-preheat",
        dest="preheat",
        action="store_false",
        help="start a kernel per visit instead of keeping one ready per notebook",
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=1,
        help="preheated kernels kept ready per page (default 1)",
    )
    parser.add_argument(
        "--trainees",
        type=int,
        default=None,
        metavar="N",
        help="trainees who start together: keep N kernels ready for the catalogue and "
        "the first module (the memory needed is printed; refused if the machine lacks it)",
    )
    parser.add_argument(
        "--first",
        default=None,
        metavar="MODULE",
        help="the module the cohort opens first, e.g. 01-welcome (default: the first one)",
    )
    parser.add_argument(
        "--cull-after",
        type=int,
        default=CULL_AFTER_SECONDS,
        metavar="SECONDS",
        help="free the kernel of a page that is gone (closed, crashed, asleep) after this "
        f"many idle seconds; an open page keeps it (default {CULL_AFTER_SECONDS}; 0 = never)",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="while writing a module: new and changed notebooks are served without a restart",
    )
    parser.add_argument(
        "--lang",
        default=None,
        metavar="LANGUAGE",
        help="the language of pages whose browser asks for none ClassBridge speaks "
        "(en or zh-TW); the browser's language and each trainee's choice come first",
    )
    parser.add_argument(
        "--open", dest="open_browser", action="store_true", help="open a browser tab"
    )
    parser.add_argument(
        "--course-dir",
        type=Path,
        default=None,
        help="nbgrader course folder, so trainees see their grades in 'My progress'",
    )


def _run(args: argparse.Namespace, extra: list[str]) -> int:
    serve(
        ServeOptions(
            modules_dir=args.modules_dir,
            port=args.port,
            preheat=args.preheat,
            pool_size=args.pool_size,
            open_browser=args.open_browser,
            course_dir=args.course_dir,
            trainees=args.trainees,
            first=args.first,
            cull_after=args.cull_after,
            watch=args.watch,
            lang=args.lang,
        )
    )
    return 0


SERVE = Command(
    name="serve",
    help="serve the training modules as Voilà apps, starting at the module catalogue",
    description="Serve the training modules with Voilà on this machine (loopback only).",
    add_arguments=_add_arguments,
    run=_run,
)
