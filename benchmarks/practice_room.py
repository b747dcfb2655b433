"""The live practice room with 2, 3 and 4 people: time to the first remote frame, and CPU.

Each participant is a Chromium of its own (so its CPU is its own process tree),
opening its seat's join link of one session served by ``classbridge serve``;
all run inside a network namespace with only loopback where the machine allows
one (tests/support/practice_room.py), with Chromium's own fake camera and
microphone (640x480). Measured per session size:

- **join → first remote frame**: from the start of a seat's page load to the
  first frame of a remote tile (``data-first-frame-ms``, set by room.js on the
  tile's first ``loadeddata``), median over the seats; and to the last of its
  remote tiles (all of the mesh it takes part in), worst seat;
- **browser CPU per participant**: user + system CPU of each Chromium process
  tree over a steady window once every tile decodes, in cores, median over seats;
- **server CPU**: the ``classbridge serve`` process alone (its preheated
  kernels excluded: the room uses none) over the same window, in cores. Goal:
  signalling under 0.05 core for 4 people.

Run:  .venv/bin/python benchmarks/practice_room.py [--seconds 20] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.practice_room import (  # noqa: E402
    ROOM_CHROMIUM_ARGS,
    NetNamespace,
    remote_seats,
    start_room_server,
    wait_for_frames,
)
from tests.support.servers import stop_process  # noqa: E402

SESSIONS = {
    2: "teacher,learners:A",
    3: "teacher,coteacher:A,learners:A",
    4: "teacher,coteacher:A,learners:A,observer",
}
#: The server's CPU goal for signalling a 4-person session (issue 16).
SERVER_GOAL_CORES = 0.05
FIRST_FRAMES_JS = """() => {
  const tiles = [...document.querySelectorAll("[data-cb-tile][data-first-frame-ms]")]
    .filter((t) => t.dataset.cbTile !== "self");
  return tiles.map((t) => Number(t.dataset.firstFrameMs));
}"""


@dataclass
class Run:
    seats: int
    first_frame_s: float
    all_tiles_s: float
    browser_cores: float
    server_cores: float


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live children."""
    total = 0.0
    try:
        processes = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def own_cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def measure(playwright, namespace: NetNamespace, server, seats: int, seconds: float) -> Run:
    """One session of ``seats`` people: everyone joins, the mesh settles, CPU is sampled."""
    links = server.new_session(SESSIONS[seats], title=f"Benchmark, {seats} people")
    folder = Path(tempfile.mkdtemp(prefix="practice-room-bench-"))
    browsers, tabs, pids = [], {}, {}
    try:
        for seat_id, url in links.items():
            pid_file = folder / f"{seat_id}.pid"
            browser = playwright.chromium.launch(
                executable_path=str(namespace.chromium(folder)),
                headless=True,
                args=ROOM_CHROMIUM_ARGS,
                env={**os.environ, "CB_CHROMIUM_PID_FILE": str(pid_file)},
            )
            browsers.append(browser)
            pids[seat_id] = int(pid_file.read_text()) if pid_file.exists() else None
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.set_default_navigation_timeout(90_000)
            tab.goto(url, wait_until="commit")
            tabs[seat_id] = tab
        for seat_id, tab in tabs.items():
            wait_for_frames(tab, remote_seats(seat_id, list(links)), frames=0, timeout_ms=180_000)
        first, last = [], []
        for tab in tabs.values():
            frames = tab.evaluate(FIRST_FRAMES_JS)
            first.append(min(frames) / 1000)
            last.append(max(frames) / 1000)
        time.sleep(3)  # past the first keyframes and bitrate ramp
        browser_before = {s: tree_cpu_seconds(p) for s, p in pids.items() if p}
        server_before = own_cpu_seconds(server.process.pid)
        started = time.monotonic()
        time.sleep(seconds)
        wall = time.monotonic() - started
        browser_cores = [
            (tree_cpu_seconds(pids[s]) - before) / wall for s, before in browser_before.items()
        ]
        server_cores = (own_cpu_seconds(server.process.pid) - server_before) / wall
    finally:
        for browser in browsers:
            browser.close()
    return Run(
        seats=seats,
        first_frame_s=statistics.median(first),
        all_tiles_s=max(last),
        browser_cores=statistics.median(browser_cores) if browser_cores else float("nan"),
        server_cores=server_cores,
    )


def print_table(runs: list[Run], repeat: int, seconds: float, isolated: bool) -> None:
    where = "a loopback-only network namespace" if isolated else "the host's loopback"
    print(
        f"\nPractice room on {os.cpu_count()} cores, {where}; median of {repeat} run(s), "
        f"CPU over {seconds:g} s once every tile decodes.\n"
    )
    print(
        "| people | join → first remote frame (s) | join → every remote tile, worst seat (s) "
        "| browser CPU per participant (cores) | server CPU (cores) |"
    )
    print("|---:|---:|---:|---:|---:|")
    for seats in sorted({r.seats for r in runs}):
        mine = [r for r in runs if r.seats == seats]

        def med(attr: str, mine=mine) -> float:
            return statistics.median(getattr(r, attr) for r in mine)

        print(
            f"| {seats} | {med('first_frame_s'):.1f} | {med('all_tiles_s'):.1f} "
            f"| {med('browser_cores'):.2f} | {med('server_cores'):.3f} |"
        )
    four = [r.server_cores for r in runs if r.seats == 4]
    if four:
        verdict = "met" if statistics.median(four) < SERVER_GOAL_CORES else "NOT met"
        print(f"\nGoal: signalling under {SERVER_GOAL_CORES} core for 4 people: {verdict}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="CPU window (default 20)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per session size")
    parser.add_argument("--sizes", default="2,3,4", help="session sizes (default 2,3,4)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    runs = []
    with NetNamespace() as namespace, sync_playwright() as playwright:
        isolated = namespace.active
        if not isolated:
            print(f"no network namespace ({namespace.why_not}): on loopback", file=sys.stderr)
        server = start_room_server(namespace, Path(tempfile.mkdtemp(prefix="practice-room-")))
        try:
            for _ in range(args.repeat):
                for seats in sizes:
                    print(f"{seats} people...", file=sys.stderr, flush=True)
                    run = measure(playwright, namespace, server, seats, args.seconds)
                    print(f"  {run}", file=sys.stderr, flush=True)
                    runs.append(run)
        finally:
            stop_process(server.process)
    print_table(runs, args.repeat, args.seconds, isolated)


if __name__ == "__main__":
    main()
