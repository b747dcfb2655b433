"""Many trainees at once on one machine: 1, 5, 10 and 20 simultaneous sessions.

One ``classbridge serve`` (preheated kernels, as in a workshop); N trainees,
each a separate browser context, open a module page at the same moment. For
each N: the median and slowest time until a trainee sees the module's first
widget, and the memory each session adds (the server's and all kernels'
unique memory, divided by N). The baseline is one trainee alone. The
browsers run on the same machine and take CPU too, as on a teacher's laptop
serving a room.

Run:  .venv/bin/python benchmarks/concurrent_trainees.py [--sessions 1 5 10 20]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil
from playwright.async_api import async_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.voila_first_widget import WIDGET, start, stop  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PAGE = "01-welcome/welcome.ipynb"
MIB = 1024 * 1024


def tree_uss(pid: int) -> float:
    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a kernel may end meanwhile
            total += process.memory_full_info().uss
    return total / MIB


async def one_trainee(browser, url: str) -> float:
    context = await browser.new_context()
    tab = await context.new_page()
    started = time.perf_counter()
    await tab.goto(url, wait_until="commit")
    await tab.wait_for_selector(WIDGET, timeout=300_000)
    elapsed = time.perf_counter() - started
    return elapsed, context


async def cohort(url: str, sessions: int, pid: int) -> tuple[list[float], float]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        before = tree_uss(pid)
        results = await asyncio.gather(*(one_trainee(browser, url) for _ in range(sessions)))
        await asyncio.sleep(1.0)
        per_session = (tree_uss(pid) - before) / sessions
        for _, context in results:
            await context.close()
        await browser.close()
    return [seconds for seconds, _ in results], per_session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="classbridge-concurrent-bench-"))
    modules = work / "modules"
    shutil.copytree(REPO / "modules", modules, ignore=shutil.ignore_patterns("classbridge-work"))
    rows = []
    try:
        for sessions in args.sessions:
            print(f"{sessions} trainee(s)...", file=sys.stderr, flush=True)
            process, url = start("classbridge preheated", modules, work / "workspace")
            try:
                time.sleep(20)  # preheated kernels ready, as before a workshop starts
                times, per_session = asyncio.run(
                    cohort(f"{url}/voila/render/{PAGE}", sessions, process.pid)
                )
            finally:
                stop(process)
            rows.append((sessions, statistics.median(times), max(times), per_session))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nTrainees opening {PAGE} at the same moment, {os.cpu_count()} CPUs\n")
    print(f"{'sessions':>8} {'median s':>9} {'slowest s':>10} {'MiB/session':>12} {'vs 1':>6}")
    base = rows[0][1]
    for sessions, median, slowest, per_session in rows:
        print(
            f"{sessions:8d} {median:9.2f} {slowest:10.2f} {per_session:12.0f} {median / base:5.1f}x"
        )


if __name__ == "__main__":
    main()
