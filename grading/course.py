"""The nbgrader course a workshop grades in, and how to run nbgrader's apps on it."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from classbridge.grading import NBGRADER_CONFIG
from classbridge.workspace import check_segment


class GradingError(Exception):
    """A grading step failed; the message names the step and what to do."""


@dataclass(frozen=True)
class Course:
    """Where the course lives; every field maps to an env var of nbgrader_config.py."""

    root: Path
    modules_dir: Path = Path("modules")
    course_id: str = "classbridge"
    exchange: Path | None = None
    gradebook_url: str | None = None
    cell_timeout: int = 30
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, root: Path | str | None = None, modules_dir: Path | None = None) -> Course:
        """The course the CLASSBRIDGE_* variables name (see nbgrader_config.py)."""
        exchange = os.environ.get("CLASSBRIDGE_EXCHANGE")
        return cls(
            root=Path(root or os.environ.get("CLASSBRIDGE_COURSE_DIR") or "course"),
            modules_dir=Path(modules_dir or os.environ.get("CLASSBRIDGE_MODULES_DIR") or "modules"),
            course_id=os.environ.get("CLASSBRIDGE_COURSE_ID", "classbridge"),
            exchange=Path(exchange) if exchange else None,
            gradebook_url=os.environ.get("CLASSBRIDGE_GRADEBOOK_URL") or None,
            cell_timeout=int(os.environ.get("CLASSBRIDGE_CELL_TIMEOUT", "30")),
        )

    @property
    def db_url(self) -> str:
        return self.gradebook_url or f"sqlite:///{Path(self.root).resolve() / 'gradebook.db'}"

    def env(self, **more: str) -> dict[str, str]:
        env = {
            **os.environ,
            # nbgrader runs helpers such as `alembic` by name: find ours first.
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
            "CLASSBRIDGE_COURSE_DIR": str(Path(self.root).resolve()),
            "CLASSBRIDGE_COURSE_ID": self.course_id,
            "CLASSBRIDGE_GRADEBOOK_URL": self.db_url,
            "CLASSBRIDGE_CELL_TIMEOUT": str(self.cell_timeout),
            **self.extra_env,
            **more,
        }
        if self.exchange is not None:
            env["CLASSBRIDGE_EXCHANGE"] = str(Path(self.exchange).resolve())
        return env

    def require_existing(self) -> Course:
        """Steps after release need the course that release made."""
        if not Path(self.root).is_dir():
            raise GradingError(
                f"course folder '{self.root}' does not exist: pass --course-dir with the "
                "folder 'classbridge grade release' made (or set CLASSBRIDGE_COURSE_DIR)"
            )
        return self

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
