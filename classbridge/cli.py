"""The ``classbridge`` command: one entry point for trainers and workshop organisers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from classbridge import __version__
from classbridge.serve import ServeError, ServeOptions, serve


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, not '{text}'") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 0-65535")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="classbridge",
        description="ClassBridge: training modules for teachers of remote classes taught live.",
    )
    parser.add_argument("--version", action="version", version=f"classbridge {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve_cmd = commands.add_parser(
        "serve",
        help="serve the training modules as Voilà apps, starting at the module catalogue",
        description="Serve the training modules with Voilà on this machine (loopback only).",
    )
    serve_cmd.add_argument(
        "modules_dir",
        nargs="?",
        default="modules",
        type=Path,
        help="folder holding catalogue.ipynb and the module folders (default: ./modules)",
    )
    serve_cmd.add_argument(
        "--port", type=_port, default=8866, help="port to listen on (default 8866; 0 = any free)"
    )
    serve_cmd.add_argument(
        "--no-preheat",
        dest="preheat",
        action="store_false",
        help="start a kernel per visit instead of keeping one ready per notebook",
    )
    serve_cmd.add_argument(
        "--pool-size",
        type=int,
        default=1,
        help="preheated kernels kept ready per notebook (default 1)",
    )
    serve_cmd.add_argument(
        "--open", dest="open_browser", action="store_true", help="open a browser tab"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "serve":
            serve(
                ServeOptions(
                    modules_dir=args.modules_dir,
                    port=args.port,
                    preheat=args.preheat,
                    pool_size=args.pool_size,
                    open_browser=args.open_browser,
                )
            )
    except ServeError as err:
        print(f"classbridge: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
