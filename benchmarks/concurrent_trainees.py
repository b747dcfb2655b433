"""Many trainees at once on one machine: 1, 5, 10 and 20 arriving in the same second.

For each number of trainees N and each server mode, a fresh server is started
and waited on until it prints its "ready:" line (and its warm-up has gone
quiet); then N trainees, each a separate browser context on this machine,
open the first module at the same moment. Modes:

* ``default``: plain ``classbridge serve`` (one ready kernel per page),
* ``trainees``: ``classbridge serve --trainees N --first 01-welcome``,
* ``floor`` (only when asked for): bare ``voila`` serving a one-slider notebook
  with N preheated kernels and only the widget manager's front end: what N
  browsers on this machine cost at the least,
* ``held`` (only when asked for): ``--trainees N`` with Voilà's pool refills
  held back for 10 minutes (``VoilaKernelManager.fill_delay``), to show what the
  refills started during the arrivals cost.

Reported for each run: the median and slowest seconds from navigation start to
the first widget shown (read inside each page), and the CPU seconds spent
during the arrival window (from the first navigation until the slowest page
shows its first widget), split between the server (the server process and
every kernel process under it; the kernels it started during the window are
also given alone) and the browsers (every Chromium process of the run); and the
unique memory the server and its kernels gained, per session. The warm-up
before the arrivals is not counted. Ratios are against the figures this
benchmark measured before ``--trainees`` existed (benchmarks/README.md).

Run:  .venv/bin/python benchmarks/concurrent_trainees.py [--sessions 1 5 10 20]
      [--modes default trainees] [--repeat 1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.voila_first_widget import (  # noqa: E402
    MARKS_SCRIPT,
    POLL_MS,
    Server,
    slider_notebook,
    start_server,
    stop,
    wait_quiet,
)
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PAGE = "01-welcome/welcome.ipynb"
FIRST = "01-welcome"
MIB = 1024 * 1024
#: This benchmark's figures before ``--trainees`` (2026-11-25, plain ``classbridge serve``,
#: a browser-side clock): sessions -> (median s, slowest s).
OLD = {1: (1.85, 1.85), 5: (17.54, 17.87), 10: (40.99, 41.84), 20: (85.70, 86.07)}
SHOWN = "() => window.__cbMarks && window.__cbMarks.shown !== undefined"


@dataclass
class Run:
    mode: str
    sessions: int
    median: float
    slowest: float
    server_cpu: float
    server_process_cpu: float
    kernels_started_cpu: float
    kernels_started: int
    browsers_cpu: float
    window: float
    mib_per_session: float
    server_mib: float
    warm_up: float
    #: Pages that showed no widget within ``GIVE_UP_MS`` (their slowest is infinite).
    pages_not_shown: int = 0


class CpuMeter:
    """CPU seconds of changing sets of processes over a window, sampled every 0.2 s.

    A process that starts during the window counts from zero; one that ends
    counts what it had used when last seen.
    """

    def __init__(self, groups: dict[str, Callable[[], list[psutil.Process]]]) -> None:
        self.groups = groups  # name -> function returning that group's processes now
        self.start: dict[int, float] = {}
        self.last: dict[int, tuple[str, float, bool]] = {}  # pid -> (group, cpu, new)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _read(self, first: bool) -> None:
        for group, processes in self.groups.items():
            for process in processes():
                with contextlib.suppress(psutil.Error):
                    times = process.cpu_times()
                    used = times.user + times.system
                    if first:
                        self.start[process.pid] = used
                    self.last[process.pid] = (group, used, process.pid not in self.start)

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self._read(first=False)

    def __enter__(self) -> CpuMeter:
        self._read(first=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._read(first=False)
        self._stop.set()
        self._thread.join()

    def used(self, group: str, new_only: bool = False) -> float:
        return sum(
            cpu - self.start.get(pid, 0.0)
            for pid, (g, cpu, new) in self.last.items()
            if g == group and (new or not new_only)
        )

    def count_new(self, group: str) -> int:
        return sum(1 for g, _, new in self.last.values() if g == group and new)


def uss_mib(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            total += process.memory_full_info().uss
    return total / MIB


def chromium_processes() -> list[psutil.Process]:
    """This run's browsers: the Chromium processes under this benchmark."""
    return [p for p in psutil.Process().children(recursive=True) if "chrom" in _name(p)]


def _name(process: psutil.Process) -> str:
    with contextlib.suppress(psutil.Error):
        return process.name().lower()
    return ""


#: A page that shows no widget within this long is reported with what it shows instead.
GIVE_UP_MS = 300_000


async def arrive(tab, url: str, not_shown: list[str]) -> float | None:
    """Seconds to the first widget; ``None`` (and what the page shows) if none came."""
    try:
        await tab.goto(url, wait_until="commit", timeout=GIVE_UP_MS)
        await tab.wait_for_function(SHOWN, polling=POLL_MS, timeout=GIVE_UP_MS)
    except PlaywrightTimeout:
        with contextlib.suppress(Exception):
            shown = await tab.evaluate("() => document.body ? document.body.innerText : ''")
            not_shown.append(" ".join(shown.split())[:600] or "(an empty page)")
            return None
        not_shown.append("(the page could not be read)")
        return None
    return await tab.evaluate("() => window.__cbMarks.shown / 1000")


async def cohort(server: Server, sessions: int, warm_up: float, mode: str) -> Run:
    url = server.page_url if mode == "floor" else f"{server.page_url}/{PAGE}"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        tabs = []
        for _ in range(sessions):
            context = await browser.new_context()
            await context.add_init_script(MARKS_SCRIPT)
            tabs.append(await context.new_page())
        await asyncio.sleep(1.0)
        await asyncio.to_thread(wait_quiet, server)
        root = server.process.pid
        memory_before = uss_mib(server.tree())
        groups = {
            "server": lambda: server.tree()[:1],
            "kernels": lambda: server.tree()[1:],
            "browsers": chromium_processes,
        }
        started = time.perf_counter()
        not_shown: list[str] = []
        with CpuMeter(groups) as meter:
            arrived = await asyncio.gather(*(arrive(tab, url, not_shown) for tab in tabs))
            window = time.perf_counter() - started
        times = [t for t in arrived if t is not None] or [float("nan")]
        for shown in not_shown:
            print(
                f"  a page showed no widget in {GIVE_UP_MS // 1000} s; it shows: {shown}",
                file=sys.stderr,
                flush=True,
            )
        if not_shown:
            print(
                "  server log, last lines:\n    " + "\n    ".join(server.lines[-30:]),
                file=sys.stderr,
                flush=True,
            )
        await asyncio.sleep(1.0)
        memory_after = uss_mib(server.tree())
        for tab in tabs:
            with contextlib.suppress(Exception):
                await tab.close(run_before_unload=True)
        await asyncio.sleep(1.0)
        await browser.close()
    assert server.process.pid == root
    server_cpu = meter.used("server") + meter.used("kernels")
    return Run(
        mode=mode,
        sessions=sessions,
        median=statistics.median(times),
        slowest=max(times) if not not_shown else float("inf"),
        pages_not_shown=len(not_shown),
        server_cpu=server_cpu,
        server_process_cpu=meter.used("server"),
        kernels_started_cpu=meter.used("kernels", new_only=True),
        kernels_started=meter.count_new("kernels"),
        browsers_cpu=meter.used("browsers"),
        window=window,
        mib_per_session=(memory_after - memory_before) / sessions,
        server_mib=memory_after,
        warm_up=warm_up,
    )


def one_run(modules: Path, work: Path, mode: str, sessions: int) -> Run:
    began = time.perf_counter()
    if mode == "floor":
        slider = slider_notebook(work / "floor")
        extra = [f"--pool_size={sessions}"]
        server = start_server("floor", slider, work / "workspace", extra, cwd=slider.parent)
    else:
        cohort_args = ["--trainees", str(sessions), "--first", FIRST]
        extra = cohort_args if mode in ("trainees", "held") else []
        cwd = work
        if mode == "held":
            # Voilà reads voila.json from its working folder: a pool taken from waits
            # 10 minutes before refilling, so no refill runs while the cohort arrives.
            cwd = work / "held"
            cwd.mkdir(exist_ok=True)
            held = {"VoilaKernelManager": {"fill_delay": 600}}
            (cwd / "voila.json").write_text(json.dumps(held), encoding="utf-8")
        server = start_server("classbridge preheated", modules, work / "workspace", extra, cwd=cwd)
    warm_up = time.perf_counter() - began
    try:
        wait_quiet(server, most=120)
        return asyncio.run(cohort(server, sessions, warm_up, mode))
    finally:
        stop(server.process)


def med(runs: list[Run], field: str) -> tuple[float, float]:
    values = [getattr(r, field) for r in runs]
    return statistics.median(values), min(values)


def report(results: dict[tuple[str, int], list[Run]], load: tuple[float, float]) -> None:
    repeat = max(len(r) for r in results.values())
    print(
        f"\nTrainees opening {PAGE} at the same moment, {os.cpu_count()} CPUs, "
        f"median of {repeat} run(s), minimum in brackets; load average "
        f"{load[0]:.1f} before, {load[1]:.1f} after\n"
    )
    print(
        "| server | sessions | median s | slowest s | server CPU s | of it: server process | "
        "of it: kernels started meanwhile | browsers CPU s | MiB per session | "
        "median: before ÷ now | slowest: before ÷ now | pages with no widget |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (mode, sessions), runs in results.items():
        label = {
            "default": "`classbridge serve`",
            "trainees": f"`--trainees {sessions}`",
            "held": f"`--trainees {sessions}`, refills held back",
            "floor": "floor: bare Voilà, one slider",
        }[mode]

        def fig(field: str, digits: int = 2, runs: list[Run] = runs) -> str:
            middle, low = med(runs, field)
            return (
                f"{middle:.{digits}f} ({low:.{digits}f})"
                if len(runs) > 1
                else f"{middle:.{digits}f}"
            )

        started = statistics.median([r.kernels_started for r in runs])
        old = OLD.get(sessions)
        ratio_median = f"{old[0] / med(runs, 'median')[0]:.1f}×" if old else "–"
        ratio_slowest = f"{old[1] / med(runs, 'slowest')[0]:.1f}×" if old else "–"
        print(
            f"| {label} | {sessions} | {fig('median')} | {fig('slowest')} | {fig('server_cpu', 1)} "
            f"| {fig('server_process_cpu', 1)} | {fig('kernels_started_cpu', 1)} "
            f"({started:.0f} kernels) | {fig('browsers_cpu', 1)} "
            f"| {fig('mib_per_session', 0)} | {ratio_median} | {ratio_slowest} "
            f"| {max(r.pages_not_shown for r in runs)} |"
        )
    print(
        "\nWarm-up until the ready line (s): "
        + ", ".join(
            f"{mode} {sessions}: {med(runs, 'warm_up')[0]:.0f}"
            for (mode, sessions), runs in results.items()
        )
    )
    goal = results.get(("trainees", 20))
    if goal:
        cpu, slowest = med(goal, "server_cpu")[0], med(goal, "slowest")[0]
        print(
            f"\nGoal for --trainees 20: server CPU under 2 s ({cpu:.1f} s: "
            f"{'met' if cpu < 2 else 'not met'}), slowest page under 10 s ({slowest:.1f} s: "
            f"{'met' if slowest < 10 else 'not met'})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument(
        "--modes",
        nargs="+",
        default=["default", "trainees"],
        choices=["default", "trainees", "held", "floor"],
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (mode, sessions)")
    parser.add_argument("--json", help="also write every run's figures to this file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="classbridge-concurrent-bench-"))
    modules = work / "modules"
    shutil.copytree(REPO / "modules", modules, ignore=shutil.ignore_patterns("classbridge-work"))
    results: dict[tuple[str, int], list[Run]] = {}
    load_before = os.getloadavg()[0]
    try:
        for round_ in range(args.repeat):
            # Both modes of one cohort size run one after the other (in turn first),
            # so other jobs on the machine weigh on them alike.
            for sessions in args.sessions:
                for mode in args.modes if round_ % 2 == 0 else args.modes[::-1]:
                    print(f"{mode}, {sessions} trainee(s)...", file=sys.stderr, flush=True)
                    run = one_run(modules, work, mode, sessions)
                    print(f"  {asdict(run)}", file=sys.stderr, flush=True)
                    results.setdefault((mode, sessions), []).append(run)
                    if args.json:  # after every run: a long benchmark may be cut short
                        every = [asdict(r) for runs in results.values() for r in runs]
                        Path(args.json).write_text(json.dumps(every, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rank = {"default": 0, "trainees": 1, "held": 2, "floor": 3}
    ordered = {k: results[k] for k in sorted(results, key=lambda k: (rank[k[0]], k[1]))}
    report(ordered, (load_before, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
