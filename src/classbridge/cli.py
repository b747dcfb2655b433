"""The ``classbridge`` command: one entry point for trainers and workshop organisers."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from dataclasses import replace
from pathlib import Path

from classbridge import __version__
from classbridge.core.workspace import InvalidName
from classbridge.grading.course import Course, GradingError
from classbridge.jupyter_env import ROLE_ENV, RoleError, jupyter_env
from classbridge.lessons.plan import PlanError
from classbridge.serve import ServeError, ServeOptions, serve, serve_dashboard


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
    serve_cmd.add_argument(
        "--course-dir",
        type=Path,
        default=None,
        help="nbgrader course folder, so trainees see their grades in 'My progress'",
    )
    _add_grading_commands(commands)
    _add_lesson_commands(commands)
    _add_jupyter_commands(commands)
    return parser


def _add_lesson_commands(commands) -> None:
    lessons = commands.add_parser(
        "lessons",
        help="check lesson-plan files, or export one as a printable page or a notebook",
        description="Lesson plans of the shared bank (see docs/lesson-bank.md).",
    )
    actions = lessons.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="check plan files against the schema and say what each draft still lacks",
        description="Check plan files (default: the samples and $CLASSBRIDGE_LESSON_BANK). "
        "Exits with 1 if any file is broken.",
    )
    check.add_argument("files", nargs="*", type=Path, help="plan files (*.yaml)")
    export = actions.add_parser(
        "export", help="write a plan as a printable HTML page or a notebook"
    )
    export.add_argument("file", type=Path, help="the plan file (*.yaml)")
    export.add_argument("--to", type=Path, required=True, help="output file: *.html or *.ipynb")


def _add_jupyter_commands(commands) -> None:
    role_help = "trainee (default: $CLASSBRIDGE_ROLE, else trainee) or trainer"
    env_cmd = commands.add_parser(
        "jupyter-env",
        help="print the shell exports that give a Jupyter server ClassBridge's settings",
        description="Print 'export' lines for JUPYTER_PATH and JUPYTER_CONFIG_PATH, so a "
        "plain Jupyter server (Binder) serves the modules as 'classbridge serve' does: "
        'eval "$(classbridge jupyter-env)"',
    )
    env_cmd.add_argument("--role", default=None, help=role_help)
    single = commands.add_parser(
        "singleuser",
        help="JupyterHub's user server with ClassBridge's settings (Spawner.cmd)",
        description="Start jupyterhub-singleuser with ClassBridge's settings for the role; "
        "every other argument is passed on to it.",
    )
    single.add_argument("--role", default=None, help=role_help)


def _course_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--course-dir",
        type=Path,
        default=None,
        help="the nbgrader course folder (default: $CLASSBRIDGE_COURSE_DIR or ./course)",
    )
    command.add_argument(
        "--gradebook-url",
        default=None,
        help="SQLAlchemy URL of the gradebook, e.g. postgresql://user@host/db "
        "(default: $CLASSBRIDGE_GRADEBOOK_URL or SQLite in the course folder)",
    )


def _add_grading_commands(commands) -> None:
    grade = commands.add_parser(
        "grade",
        help="release, collect, autograde, return feedback and export grades (nbgrader)",
        description="Trainer steps, each run by nbgrader on the workshop course.",
    )
    steps = grade.add_subparsers(dest="step", metavar="STEP", required=True)
    for name, text in [
        ("release", "make the trainee version (no solutions) and put it in the exchange"),
        ("collect", "collect every trainee's hand-in from the exchange"),
        ("autograde", "autograde every collected hand-in, in parallel"),
        ("feedback", "write feedback pages and release them to the trainees"),
    ]:
        step = steps.add_parser(name, help=text, description=text)
        step.add_argument("module", help="module folder name, e.g. 01-welcome")
        step.add_argument(
            "--modules-dir",
            type=Path,
            default=None,
            help="folder holding the module folders (default: $CLASSBRIDGE_MODULES_DIR "
            "or ./modules)",
        )
        _course_options(step)
        if name == "autograde":
            step.add_argument(
                "--jobs", type=int, default=None, help="hand-ins graded at once (default: CPUs)"
            )
            step.add_argument(
                "--timeout",
                type=int,
                default=None,
                help="seconds one cell may run before it is interrupted (default 30)",
            )
    export = steps.add_parser(
        "export", help="export all grades as CSV", description="nbgrader's CSV grade export"
    )
    export.add_argument("--to", type=Path, default=Path("grades.csv"), help="CSV file to write")
    _course_options(export)

    progress = commands.add_parser(
        "progress",
        help="every trainee's status, score and pending hand-grading per module",
        description="Progress of every trainee in every released module, from the gradebook.",
    )
    progress.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _course_options(progress)

    dashboard = commands.add_parser(
        "dashboard",
        help="serve the trainer's progress dashboard as a Voilà app",
        description="Serve the trainer dashboard (cohort table, heat-map, completion, CSV).",
    )
    dashboard.add_argument("--port", type=_port, default=8867, help="port (default 8867)")
    dashboard.add_argument(
        "--open", dest="open_browser", action="store_true", help="open a browser tab"
    )
    _course_options(dashboard)


def _course(args) -> Course:
    course = Course.from_env(root=args.course_dir, modules_dir=getattr(args, "modules_dir", None))
    if args.gradebook_url:
        course = replace(course, gradebook_url=args.gradebook_url)
    if getattr(args, "timeout", None):
        course = replace(course, cell_timeout=args.timeout)
    return course


def run_grading(args) -> None:
    from classbridge.grading import pipeline, progress
    from classbridge.grading.autograde import GRADED, autograde_cohort, summary_table
    from classbridge.grading.release import release_module

    course = _course(args)
    if getattr(args, "step", None) != "release":
        course.require_existing()
    if args.command == "progress":
        report = progress.read_progress(course)
        render = {"table": progress.as_table, "csv": progress.as_csv, "json": progress.as_json}
        print(render[args.format](report), end="" if args.format == "csv" else "\n")
    elif args.command == "dashboard":
        serve_dashboard(course, args.port, args.open_browser)
    elif args.step == "release":
        path = release_module(course, args.module)
        print(f"Released {args.module} to the exchange ({path}).")
    elif args.step == "collect":
        trainees = pipeline.collect_module(course, args.module)
        print(f"Collected {args.module}: {len(trainees)} trainee(s) have handed in.")
    elif args.step == "autograde":
        outcomes = autograde_cohort(course, args.module, jobs=args.jobs)
        print(summary_table(outcomes))
        graded = sum(o.status == GRADED for o in outcomes)
        print(f"\n{graded} of {len(outcomes)} hand-in(s) graded cleanly.")
    elif args.step == "feedback":
        pages = pipeline.return_feedback(course, args.module)
        print(f"Returned feedback on {args.module}: {len(pages)} page(s).")
    elif args.step == "export":
        path = pipeline.export_grades(course, args.to)
        print(f"Grades exported to {path}.")


def run_lessons(args) -> int:
    from classbridge.core.storage import write_atomic
    from classbridge.lessons.bank import LessonBank
    from classbridge.lessons.export import plan_html, plan_notebook
    from classbridge.lessons.plan import load_plan, readiness_problems

    if args.action == "export":
        if args.to.suffix not in (".html", ".ipynb"):
            raise PlanError(f"cannot export to '{args.to}': name it *.html or *.ipynb")
        plan = load_plan(args.file)
        if args.to.suffix == ".html":
            payload = plan_html(plan)
        else:
            import nbformat

            payload = nbformat.writes(plan_notebook(plan))
        write_atomic(args.to, payload.encode("utf-8"))
        print(f"Wrote {args.to}.")
        return 0
    files = args.files or [path for folder in LessonBank().folders for path in folder.files()]
    broken = 0
    for path in files:
        try:
            problems = readiness_problems(load_plan(path))
        except (PlanError, OSError) as err:
            broken += 1
            print(f"BROKEN {path}: {err}")
            continue
        print(f"DRAFT  {path}: {problems[0]}" if problems else f"OK     {path}")
    print(f"{len(files)} plan file(s), {broken} broken.")
    return 1 if broken else 0


def _role(args) -> str:
    return args.role or os.environ.get(ROLE_ENV) or "trainee"


def print_jupyter_env(args) -> None:
    for name, value in jupyter_env(_role(args)).items():
        print(f"export {name}={shlex.quote(value)}")


def exec_singleuser(args, server_args: list[str]) -> None:
    """Replace this process with JupyterHub's user server, so the hub signals it directly."""
    beside_us = Path(sys.executable).parent / "jupyterhub-singleuser"
    program = str(beside_us) if beside_us.exists() else shutil.which("jupyterhub-singleuser")
    if program is None:
        raise ServeError(
            "jupyterhub-singleuser is not installed in this environment: "
            "pip install 'classbridge[hub]' (or jupyterhub) where the user servers run"
        )
    env = {**os.environ, **jupyter_env(_role(args))}
    os.execvpe(program, [program, *server_args], env)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "singleuser":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "jupyter-env":
            print_jupyter_env(args)
        elif args.command == "singleuser":
            exec_singleuser(args, extra)
        elif args.command == "lessons":
            return run_lessons(args)
        elif args.command == "serve":
            serve(
                ServeOptions(
                    modules_dir=args.modules_dir,
                    port=args.port,
                    preheat=args.preheat,
                    pool_size=args.pool_size,
                    open_browser=args.open_browser,
                    course_dir=args.course_dir,
                )
            )
        else:
            run_grading(args)
    except (ServeError, GradingError, RoleError, InvalidName, PlanError) as err:
        print(f"classbridge: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
