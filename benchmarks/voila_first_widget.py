"""Time to the first rendered widget of each module page, in Chromium.

Three servers over the same modules folder:

* plain ``voila modules`` (a kernel started per visit: the baseline),
* ``classbridge serve --no-preheat`` (cold, with ClassBridge's template),
* ``classbridge serve`` (preheated kernels, one ready per notebook).

Each visit is a fresh browser context; the clock runs from navigation start
to the first widget drawn on the page. Pages are visited round-robin, so a
preheated kernel has been refilled before its page is visited again.

Run:  .venv/bin/python benchmarks/voila_first_widget.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from classbridge.serve import free_port  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BIN = Path(sys.executable).parent
WIDGET = ".jupyter-widgets, .widget-box, .widget-html, .widget-button"


def start(kind: str, modules: Path, workspace: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    if kind == "plain voila":
        command = [str(BIN / "voila"), str(modules), "--no-browser", f"--port={port}"]
    else:
        command = [sys.executable, "-m", "classbridge", "serve", str(modules), f"--port={port}"]
        if kind == "classbridge cold":
            command.append("--no-preheat")
    env = {**os.environ, "CLASSBRIDGE_WORKSPACE": str(workspace), "CLASSBRIDGE_TRAINEE": "bench"}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{url}/voila/render/catalogue.ipynb", timeout=60).close()
            return process, url
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{kind} did not start")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def first_widget_seconds(browser, url: str) -> float:
    context = browser.new_context()
    tab = context.new_page()
    started = time.perf_counter()
    tab.goto(url, wait_until="commit")
    tab.wait_for_selector(WIDGET, timeout=180_000)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="classbridge-voila-bench-"))
    modules = work / "modules"
    shutil.copytree(REPO / "modules", modules, ignore=shutil.ignore_patterns("classbridge-work"))
    pages = ["catalogue.ipynb"] + sorted(
        str(p.relative_to(modules)) for p in modules.glob("0*/*.ipynb")
    )
    kinds = ["plain voila", "classbridge cold", "classbridge preheated"]
    results: dict[str, dict[str, list[float]]] = {k: {p: [] for p in pages} for k in kinds}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            for kind in kinds:
                print(f"{kind}...", file=sys.stderr, flush=True)
                process, url = start(kind, modules, work / "workspace")
                try:
                    if kind == "classbridge preheated":
                        time.sleep(20)  # every notebook's kernel is ready, as before a workshop
                    for _ in range(args.repeat):
                        for page in pages:
                            seconds = first_widget_seconds(browser, f"{url}/voila/render/{page}")
                            results[kind][page].append(seconds)
                finally:
                    stop(process)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nSeconds to the first rendered widget (median of {args.repeat} visits)\n")
    print(f"{'page':46}" + "".join(f"{k:>23}" for k in kinds) + f"{'preheated vs plain':>20}")
    for page in pages:
        medians = [statistics.median(results[k][page]) for k in kinds]
        print(
            f"{page:46}"
            + "".join(f"{m:23.2f}" for m in medians)
            + f"{medians[0] / medians[2]:19.1f}x"
        )


if __name__ == "__main__":
    main()
