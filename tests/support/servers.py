"""Servers the tests start as separate processes: wait until they answer, stop them cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass
class VoilaServer:
    """A ``classbridge`` server started by the ``start_classbridge`` fixture."""

    url: str
    process: subprocess.Popen
    log_path: Path
    workspace: Path
    trainee: str

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_for_http(url: str, process: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer {url} in {timeout}s:\n{log_path.read_text()}")


def kernel_exists(server_url: str, kernel_id: str) -> bool:
    """Whether the server still runs this kernel (its log no longer says: it is quiet)."""
    try:
        with urllib.request.urlopen(f"{server_url}/api/kernels/{kernel_id}") as reply:
            return reply.status == 200
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return False
        raise


def page_kernel_id(page) -> str:
    """The kernel a Voilà page works with, from the page's own configuration."""
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


def loopback_server_args(port: int, token: str) -> list[str]:
    """A Jupyter server on loopback only, with a known token (CI runs as root)."""
    args = [
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    return args


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
