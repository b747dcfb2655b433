"""Fixtures for serving: a real ``classbridge serve`` watched from its own terminal."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from classbridge.serve import free_port


@dataclass
class WorkshopServer:
    """A server started as a trainer would, in its own process group (its own terminal)."""

    process: subprocess.Popen
    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def wait_for(self, text: str, timeout: float = 240) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log():
                return self.log()
            if self.process.poll() is not None:
                pytest.fail(f"the server stopped before printing {text!r}:\n{self.log()}")
            time.sleep(0.2)
        pytest.fail(f"no {text!r} after {timeout} s:\n{self.log()}")

    def kernels(self) -> list[psutil.Process]:
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        return [p for p in children if "ipykernel" in " ".join(p.cmdline())]


@pytest.fixture
def workshop_server(tmp_path) -> Iterator:
    started: list[WorkshopServer] = []

    def start(modules_dir: Path, *options: str, **env_vars: str) -> WorkshopServer:
        port = free_port()
        log_path = tmp_path / f"serve-{port}.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}
        env["CLASSBRIDGE_WORKSPACE"] = str(tmp_path / "workspace")
        env.update(env_vars)
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "classbridge", "serve", str(modules_dir)]
                + ["--port", str(port), *options],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        server = WorkshopServer(process, f"http://127.0.0.1:{port}", log_path)
        started.append(server)
        return server

    yield start
    for server in started:
        kernels = server.kernels()
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
        for kernel in kernels:
            kernel.kill()
