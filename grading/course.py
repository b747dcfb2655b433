"""The nbgrader course a workshop grades in, and how to run nbgrader's apps on it."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from classbridge.core.errors import ClassBridgeError
from classbridge.core.workspace import check_segment
from classbridge.grading import NBGRADER_CONFIG


class GradingError(ClassBridgeError):
    """A grading step failed; the message names the step and what to do."""


class CourseVariable(str, Enum):
    """The environment variables that name a course, declared once.

    ``Course.from_env`` reads them, ``Course.env`` writes them for nbgrader's
    processes, and ``nbgrader_config.py`` turns them into nbgrader settings; the
    workshop hub (deploy/jupyterhub) sets them for each user server.
    """

    COURSE_DIR = "CLASSBRIDGE_COURSE_DIR"
    MODULES_DIR = "CLASSBRIDGE_MODULES_DIR"
    COURSE_ID = "CLASSBRIDGE_COURSE_ID"
    EXCHANGE = "CLASSBRIDGE_EXCHANGE"
    GRADEBOOK_URL = "CLASSBRIDGE_GRADEBOOK_URL"
    CELL_TIMEOUT = "CLASSBRIDGE_CELL_TIMEOUT"


#: nbgrader's steps: a module's source and release, then each trainee's hand-in folders.
MODULE_STEPS = ("source", "release")
TRAINEE_STEPS = ("submitted", "autograded", "feedback")


@dataclass(frozen=True)
class Course:
    """Where the course lives; each field has its ``CourseVariable`` and its default here."""

    root: Path = Path("course")
    modules_dir: Path = Path("modules")
    course_id: str = "classbridge"
    exchange: Path | None = None  # default: <root>/exchange (one machine)
    gradebook_url: str | None = None  # default: SQLite <root>/gradebook.db
    cell_timeout: int = 30
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(
        cls, root: Path | str | None = None, modules_dir: Path | str | None = None
    ) -> Course:
        """The course the ``CourseVariable``s name; arguments given win over them."""
        env = os.environ.get
        exchange = env(CourseVariable.EXCHANGE)
        timeout = env(CourseVariable.CELL_TIMEOUT)
        return cls(
            root=Path(root or env(CourseVariable.COURSE_DIR) or cls.root),
            modules_dir=Path(modules_dir or env(CourseVariable.MODULES_DIR) or cls.modules_dir),
            course_id=env(CourseVariable.COURSE_ID) or cls.course_id,
            exchange=Path(exchange) if exchange else None,
            gradebook_url=env(CourseVariable.GRADEBOOK_URL) or None,
            cell_timeout=int(timeout) if timeout else cls.cell_timeout,
        )

    @property
    def db_url(self) -> str:
        return self.gradebook_url or f"sqlite:///{Path(self.root).resolve() / 'gradebook.db'}"

    def path(self, step: str, trainee: str | None = None, module: str | None = None) -> Path:
        """A folder of the course, as nbgrader lays it out (``CourseDirectory.format_path``).

        ``source/<module>`` and ``release/<module>``; ``<step>/<trainee>/<module>``
        for submitted, autograded and feedback. Leaving out the trainee or the module
        gives the folder above.
        """
        base = Path(self.root) / step
        if step in TRAINEE_STEPS:
            if trainee is not None:
                base = base / check_segment(trainee, "trainee id")
            elif module is not None:
                raise ValueError(f"the {step} folder of a module needs a trainee")
        elif step not in MODULE_STEPS:
            raise ValueError(
                f"{step!r} is not an nbgrader step: use one of "
                f"{', '.join(MODULE_STEPS + TRAINEE_STEPS)}"
            )
        elif trainee is not None:
            raise ValueError(f"the {step} folder is one per module, not per trainee")
        return base / check_module_name(module) if module is not None else base

    def env(self, **more: str) -> dict[str, str]:
        env = {
            **os.environ,
            # nbgrader runs helpers such as `alembic` by name: find ours first.
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
            CourseVariable.COURSE_DIR.value: str(Path(self.root).resolve()),
            CourseVariable.MODULES_DIR.value: str(Path(self.modules_dir).resolve()),
            CourseVariable.COURSE_ID.value: self.course_id,
            CourseVariable.GRADEBOOK_URL.value: self.db_url,
            CourseVariable.CELL_TIMEOUT.value: str(self.cell_timeout),
            CourseVariable.EXCHANGE.value: str(self.exchange_dir()),
            **self.extra_env,
            **more,
        }
        return env

    def require_existing(self) -> Course:
        """Steps after release need the course that release made."""
        if not Path(self.root).is_dir():
            raise GradingError(
                f"course folder '{self.root}' does not exist: pass --course-dir with the folder "
                f"'classbridge grade release' made (or set {CourseVariable.COURSE_DIR.value})"
            )
        return self

    def released_modules(self) -> list[str]:
        """The modules release made in this course (its ``source`` and ``release`` folders)."""
        found = set()
        for step in MODULE_STEPS:
            folder = Path(self.root) / step
            if folder.is_dir():
                found |= {p.name for p in folder.iterdir() if p.is_dir()}
        return sorted(found)

    def require_released(self, module: str) -> str:
        """``module`` if release made it; else a one-line error naming the nearest module."""
        check_module_name(module)
        released = self.released_modules()
        if module in released:
            return module
        folder = Path(self.modules_dir) / module
        if folder.is_dir() and list(folder.glob("*.ipynb")):
            raise GradingError(
                f"module '{module}' has not been released in {self.root}: run "
                f"'classbridge grade release {module}' first"
            )
        authored = (
            [p.name for p in Path(self.modules_dir).iterdir() if list(p.glob("*.ipynb"))]
            if Path(self.modules_dir).is_dir()
            else []
        )
        known = sorted(set(released) | set(authored))
        nearest = difflib.get_close_matches(module, known, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{nearest[0]}'?"
            if nearest
            else f"use one of {', '.join(released)}"
            if released
            else "release a module first with 'classbridge grade release MODULE'"
        )
        raise GradingError(f"module '{module}' does not exist in {self.root}: {hint}")

    def exchange_dir(self) -> Path:
        return Path(self.exchange or Path(self.root) / "exchange").resolve()

    def nbgrader_argv(self, command: str, *args: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "nbgrader",
            command,
            *args,
            f"--NbGrader.config_file={NBGRADER_CONFIG}",
        ]

    def run(
        self,
        command: str,
        *args: str,
        cwd: Path | None = None,
        timeout: float | None = None,
        **env: str,
    ) -> subprocess.CompletedProcess:
        """Run one nbgrader app; raises GradingError with nbgrader's last words on failure."""
        Path(self.root).mkdir(parents=True, exist_ok=True)
        self.exchange_dir().mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            self.nbgrader_argv(command, *args),
            cwd=cwd or Path(self.root),
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            last = [line for line in result.stderr.splitlines() if "ERROR" in line or line.strip()]
            detail = last[-1].strip() if last else f"exit code {result.returncode}"
            raise GradingError(f"nbgrader {command} {' '.join(args)} failed: {detail}")
        return result


def open_gradebook(course: Course):
    """nbgrader's Gradebook on the course's database.

    nbgrader runs ``alembic`` by name when it creates a database; a venv that
    was not activated (a Voilà kernel, a cron job) would not find it.
    """
    from nbgrader.api import Gradebook

    tools = str(Path(sys.executable).parent)
    if tools not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([tools, os.environ.get("PATH", "")])
    return Gradebook(course.db_url)


def check_module_name(module: str) -> str:
    return check_segment(module, "module name")
