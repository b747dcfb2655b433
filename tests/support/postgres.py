"""A throw-away PostgreSQL cluster on loopback (Debian's ``postgresql``, run as ``postgres``).

scripts/test.sh installs the package; the server itself is our own cluster in a
temporary folder, so the machine's own databases are untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from classbridge.serve import free_port


class PostgresUnavailable(RuntimeError):
    """PostgreSQL is not installed here or would not start; the message says why."""


@dataclass
class PostgresServer:
    port: int
    createdb: Callable[[str], subprocess.CompletedProcess]
    databases: int = 0

    def new_database(self) -> str:
        """A database of its own for each test: gradebooks never see each other's rows."""
        self.databases += 1
        name = f"gradebook{self.databases}"
        created = self.createdb(name)
        assert created.returncode == 0, created.stderr
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{name}"


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@contextmanager
def throwaway_postgres() -> Iterator[PostgresServer]:
    """Start a cluster of our own, yield it, then stop it and delete its folder."""
    bindir = postgres_bin()
    if bindir is None:
        raise PostgresUnavailable(
            "PostgreSQL is not installed: 'bash scripts/test.sh' installs it (apt)"
        )
    # Not under pytest's own temp folder: its parents are private to us, and
    # the server runs as another user when we are root.
    data = Path(tempfile.mkdtemp(prefix="classbridge-postgres-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root: run the cluster as Debian's postgres user.
        shutil.chown(data, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    cluster = data / "cluster"
    port = free_port()

    def pg(tool: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*as_user, str(bindir / tool), *args], capture_output=True, text=True, cwd=data
        )

    try:
        init = pg("initdb", "-D", str(cluster), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        if init.returncode != 0:
            raise PostgresUnavailable(
                f"PostgreSQL initdb failed here: {init.stderr.strip()[-300:]}"
            )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data}"
        log = str(data / "log")
        start = pg("pg_ctl", "-D", str(cluster), "-o", options, "-l", log, "-w", "start")
        if start.returncode != 0:
            raise PostgresUnavailable(f"PostgreSQL did not start: {start.stderr.strip()[-300:]}")
        try:
            yield PostgresServer(
                port,
                lambda name: pg(
                    "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", name
                ),
            )
        finally:
            pg("pg_ctl", "-D", str(cluster), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(data, ignore_errors=True)
