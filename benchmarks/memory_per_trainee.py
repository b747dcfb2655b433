"""Memory one trainee costs on a JupyterHub, measured on our own modules.

A trainee on JupyterHub has one Jupyter server, plus one kernel for each
module page open in Voilà (Voilà shuts a kernel down when its page closes).
This starts a user server as JupyterHub would (``classbridge jupyter-env``
settings, Voilà's server extension), opens every module in Chromium one after
the other, and reads the memory of the server and of the module's kernel once
the page has rendered (unique set size: what that process alone holds).

Run:  .venv/bin/python benchmarks/memory_per_trainee.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from classbridge.jupyter_env import jupyter_env  # noqa: E402
from classbridge.serve import free_port  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.servers import loopback_server_args  # noqa: E402

MIB = 1024 * 1024


def uss(process: psutil.Process) -> float:
    return process.memory_full_info().uss / MIB


def kernels_of(server: psutil.Process) -> list[psutil.Process]:
    return [p for p in server.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]


def shut_down_kernels(api_url: str) -> None:
    """Start every page from the same state: no kernel left from the page before."""
    with urllib.request.urlopen(api_url) as response:
        kernels = json.load(response)
    for kernel in kernels:
        url = api_url.replace("/api/kernels?", f"/api/kernels/{kernel['id']}?")
        urllib.request.urlopen(urllib.request.Request(url, method="DELETE")).close()


def start_server(home: Path) -> tuple[subprocess.Popen, str, str]:
    port, token = free_port(), "memory-benchmark"
    env = {**os.environ, **jupyter_env("trainee"), "HOME": str(home)}
    env.pop("CLASSBRIDGE_WORKSPACE", None)
    command = [sys.executable, "-m", "jupyter", "server", *loopback_server_args(port, token)]
    process = subprocess.Popen(
        command, cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            return process, url, token
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the Jupyter server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="visits per module (median)")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="classbridge-memory-"))
    shutil.copytree(
        REPO / "modules", home / "modules", ignore=shutil.ignore_patterns("classbridge-work")
    )
    pages = ["catalogue.ipynb"] + sorted(
        str(p.relative_to(home / "modules")) for p in (home / "modules").glob("0*/*.ipynb")
    )
    process, url, token = start_server(home)
    page_url = f"{url}/voila/render/modules/{{}}?token={token}"
    api_url = f"{url}/api/kernels?token={token}"
    server = psutil.Process(process.pid)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            server_idle = uss(server)
            for name in pages:
                kernel_mib, server_mib = [], []
                for _ in range(args.repeat):
                    tab = browser.new_page()
                    tab.goto(page_url.format(name))
                    tab.wait_for_selector(".cb-catalogue, .cb-answer-sheet", timeout=120_000)
                    time.sleep(1.0)  # let the kernel settle after the last widget message
                    kernels = kernels_of(server)
                    kernel_mib.append(sum(uss(k) for k in kernels))
                    server_mib.append(uss(server))
                    tab.close()
                    shut_down_kernels(api_url)
                rows.append((name, statistics.median(kernel_mib), statistics.median(server_mib)))
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)

    print(f"Memory per trainee (unique set size, MiB; median of {args.repeat} visits)\n")
    print(f"{'page':44} {'kernel':>8} {'server':>8} {'trainee':>8} {'ratio':>6}")
    baseline = server_idle
    for name, kernel, server_now in rows:
        total = kernel + server_now
        print(f"{name:44} {kernel:8.0f} {server_now:8.0f} {total:8.0f} {total / baseline:5.1f}x")
    print(f"\nbaseline: an idle Jupyter user server = {baseline:.0f} MiB (ratio 1.0x)")
    largest = max(kernel for _, kernel, _ in rows)
    catalogue = rows[0][1]
    server_peak = max(server_now for _, _, server_now in rows)
    print(
        f"one trainee with one module open: up to {largest + server_peak:.0f} MiB; "
        f"with the catalogue open too: up to {largest + catalogue + server_peak:.0f} MiB"
    )


if __name__ == "__main__":
    main()
