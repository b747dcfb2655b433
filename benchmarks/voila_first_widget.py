"""Time to the first rendered widget of each module page, in Chromium, and where it goes.

Servers over the same modules folder, one after the other:

* plain ``voila modules`` (a kernel started per visit: the baseline),
* ``classbridge serve --no-preheat`` (cold, with ClassBridge's template),
* ``classbridge serve`` (preheated kernels, one ready per page), waited on
  until it prints its "ready:" line,
* the floor: bare ``voila`` serving a one-slider notebook with a preheated
  kernel and only the widget manager's front-end extensions.

Each visit is a fresh browser context (a trainee's first visit; nothing
cached) unless said otherwise; before each visit the server is left to go
quiet (its pool refilled), so a preheated visit meets a ready kernel. The
clock runs from navigation start to the first widget shown on the page,
read inside the page (``performance.now()`` when a widget element becomes
visible), so a busy test driver does not add to it.

``--breakdown`` splits each visit of the preheated server and of the floor
into phases, read from the Navigation and Resource Timing APIs, a wrapped
``WebSocket`` and Chromium's ``Performance.getMetrics`` (main-thread
script, style and layout time), and times a returning trainee (the page
opened in the same browser after the catalogue, so the cache is warm). One
extra traced visit (``browser.start_tracing``) of the first module splits
script evaluation by front-end bundle.

Run:  .venv/bin/python benchmarks/voila_first_widget.py [--repeat 3] [--breakdown]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from classbridge.serve import free_port  # noqa: E402
from classbridge.serve.warm_kernels import WorkshopKernelManager  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BIN = Path(sys.executable).parent
#: How long ClassBridge holds a refill after the last page asked for (its default).
REFILL_HOLD = WorkshopKernelManager.refill_after_quiet.default_value
WIDGET = ".jupyter-widgets, .widget-box, .widget-html, .widget-button"
READY = "ClassBridge: ready:"
BEFORE = "preheated, Voilà's file handling"
KINDS = ["plain voila", "classbridge cold", "classbridge preheated", BEFORE, "floor"]
#: The servers whose visits --breakdown splits into phases.
DETAILED = ("classbridge preheated", BEFORE, "floor")
#: ``classbridge serve`` as it served Voilà's front-end files before our file
#: routes (static_files.py): Voilà's handlers, every extension on every page.
BEFORE_SERVE = """
import runpy, sys
import classbridge.serve.server as server
server.front_end_routes = lambda base_url="/": []
server.IMMUTABLE_PATHS = []
server.page_extensions_hook = None
sys.argv = ["classbridge", *sys.argv[1:]]
runpy.run_module("classbridge", run_name="__main__", alter_sys=True)
"""
#: The front-end extensions a one-slider page needs: Voilà's widget manager.
FLOOR_EXTENSIONS = ["@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager"]

#: Installed in every page before its own scripts: marks the moments the
#: breakdown needs, in the page's own clock (ms since navigation start).
MARKS_SCRIPT = """
(() => {
  const marks = (window.__cbMarks = {wsMessages: 0, wsMessagesBeforeWidget: 0});
  const now = () => performance.now();
  const Native = window.WebSocket;
  function Watched(url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (/\\/api\\/kernels\\/[^/]+\\/channels/.test(String(url)) && marks.wsCreated === undefined) {
      marks.wsCreated = now();
      ws.addEventListener("open", () => { marks.wsOpen = now(); });
      ws.addEventListener("message", () => {
        marks.wsMessages += 1;
        if (marks.widget === undefined) marks.wsMessagesBeforeWidget += 1;
        if (marks.wsFirstMessage === undefined) marks.wsFirstMessage = now();
      });
    }
    return ws;
  }
  Watched.prototype = Native.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Watched[k] = Native[k];
  window.WebSocket = Watched;
  window.addEventListener("load", () => { marks.load = now(); });
  const SELECTOR = __SELECTOR__;
  const check = () => {
    if (marks.shown !== undefined) return;
    const el = document.querySelector(SELECTOR);
    if (!el) return;
    if (marks.widget === undefined) marks.widget = now();
    const visible = el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null;
    if (!visible || !el.getClientRects().length) return;
    marks.shown = now();
    observer.disconnect();
    requestAnimationFrame(() => { marks.painted = now(); });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["style", "class"],
  });
})();
""".replace("__SELECTOR__", json.dumps(WIDGET))

PAINTED = "() => window.__cbMarks && window.__cbMarks.painted !== undefined"
#: The driver asks the page every 100 ms whether its widget is there. Playwright's
#: default (every animation frame, as ``wait_for_selector`` does) keeps each page
#: drawing frames while it loads: measured 0.04 CPU-s per page per second, taken
#: from the page's own main thread, and with 20 pages most of the browsers' CPU.
POLL_MS = 100

READ_MARKS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource").map((e) => ({
    url: e.name, start: e.startTime, end: e.responseEnd, type: e.initiatorType,
    transfer: e.transferSize, body: e.decodedBodySize,
  }));
  return {
    marks: window.__cbMarks || {},
    responseStart: nav.responseStart, responseEnd: nav.responseEnd,
    domContentLoaded: nav.domContentLoadedEventEnd, htmlTransfer: nav.transferSize,
    resources,
  };
}"""


# --------------------------------------------------------------------------- servers


class Server:
    """A server process, its URL, and its stderr read in the background."""

    def __init__(self, process: subprocess.Popen, url: str, page_url: str) -> None:
        self.process = process
        self.url = url
        self.page_url = page_url  # where a page path is appended
        self.lines: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self.process.stderr:
            line = raw.decode(errors="replace").rstrip()
            self.lines.append(line)
            if READY in line:
                self.ready.set()

    def tree(self) -> list[psutil.Process]:
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        return []


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def wait_quiet(
    server: Server, most: float = 30.0, below: float = 0.05, window: float = 0.5
) -> None:
    """Until the server and its kernels used less than ``below`` CPU-s in ``window`` seconds."""
    deadline = time.monotonic() + most
    last = cpu_seconds(server.tree())
    while time.monotonic() < deadline:
        time.sleep(window)
        used = cpu_seconds(server.tree())
        if used - last < below:
            return
        last = used


def start(
    kind: str,
    modules: Path,
    workspace: Path,
    extra: list[str] | None = None,
    cwd: Path | None = None,
) -> tuple[subprocess.Popen, str]:
    """Start a server of ``kind``; returns the process and its base URL (older callers)."""
    server = start_server(kind, modules, workspace, extra, cwd)
    return server.process, server.url


def start_server(
    kind: str,
    modules: Path,
    workspace: Path,
    extra: list[str] | None = None,
    cwd: Path | None = None,
    timeout: float = 600.0,
) -> Server:
    """Start a server and wait until it is useful: its ready line when it prints one."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    page_url = f"{url}/voila/render"
    if kind == "plain voila":
        command = [str(BIN / "voila"), str(modules), "--no-browser", f"--port={port}"]
    elif kind == "floor":
        # ``modules`` is the one-slider notebook; Voilà serves it at the root.
        command = [
            str(BIN / "voila"),
            str(modules),
            "--no-browser",
            f"--port={port}",
            "--preheat_kernel=True",
        ]
        if not any(arg.startswith("--pool_size=") for arg in extra or []):
            command.append("--pool_size=1")
        page_url = url
    else:
        start = ["-c", BEFORE_SERVE] if kind == BEFORE else ["-m", "classbridge"]
        command = [sys.executable, *start, "serve", str(modules), f"--port={port}"]
        if kind == "classbridge cold":
            command.append("--no-preheat")
    command += extra or []
    env = {**os.environ, "CLASSBRIDGE_WORKSPACE": str(workspace), "CLASSBRIDGE_TRAINEE": "bench"}
    process = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a Ctrl-C on the benchmark does not reach it first
    )
    server = Server(process, url, page_url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{kind} stopped: " + "\n".join(server.lines[-20:]))
        if kind in ("classbridge preheated", BEFORE):
            if server.ready.wait(0.2):
                return server
            continue
        try:
            # A static file: asking for a page would start a kernel (and leave it running).
            probe = f"{url}/voila/static/voila.js"
            urllib.request.urlopen(probe, timeout=30).close()
            if kind == "floor":
                time.sleep(3)  # its one preheated kernel
            return server
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"{kind} did not start within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C, as a trainer would; then make sure nothing of it is left."""
    with contextlib.suppress(psutil.Error):
        children = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.kill()


def slider_notebook(folder: Path) -> Path:
    """The floor's page: one ipywidgets slider."""
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": "import ipywidgets\nipywidgets.IntSlider(value=3, max=10)",
            }
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "slider.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    # Voilà reads voila.json from its working folder: only the widget manager.
    config = {"VoilaConfiguration": {"extension_allowlist": FLOOR_EXTENSIONS}}
    (folder / "voila.json").write_text(json.dumps(config), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- visits


def new_context(browser):
    context = browser.new_context()
    context.add_init_script(MARKS_SCRIPT)
    return context


def visit(context, url: str, metrics: bool = False) -> dict:
    """Open ``url`` in a new tab of ``context``; the page's marks once its first widget shows."""
    tab = context.new_page()
    cdp = None
    if metrics:
        cdp = context.new_cdp_session(tab)
        cdp.send("Performance.enable")
    tab.goto(url, wait_until="commit", timeout=180_000)
    tab.wait_for_function(PAINTED, polling=POLL_MS, timeout=180_000)
    result = tab.evaluate(READ_MARKS)
    if cdp is not None:
        result["metrics"] = {
            m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]
        }
        cdp.detach()
    # Leave as a trainee does: Voilà's unload handler shuts the page's kernel down.
    tab.close(run_before_unload=True)
    return result


def first_widget(result: dict) -> float:
    """Seconds from navigation start to the first widget shown."""
    return result["marks"]["shown"] / 1000


def phases(result: dict) -> dict[str, float]:
    """A visit split into consecutive phases (ms), ending at the first widget painted.

    Voilà's front end starts on the window's load event, so each phase begins
    where the one before ended: the page streamed (its kernel running the cells
    after the visitor's request), Voilà's scripts and styles loaded and run,
    the front-end extensions fetched, the application's plugins started up to
    the widget manager asking for its kernel, the kernel WebSocket open, and the
    widget models' state fetched and their views built.
    """
    m = result["marks"]
    resources = result["resources"]
    html = result["responseEnd"]
    load = max(m.get("load", html), html)
    kernel_fetch = [
        r["start"] for r in resources if "/api/kernels/" in r["url"] and r["type"] == "fetch"
    ]
    manager = max(min(kernel_fetch, default=m.get("wsCreated", load)), load)
    extensions = [r["end"] for r in resources if "/labextensions/" in r["url"]]
    extensions_done = min(max([e for e in extensions if e <= manager], default=load), manager)
    extensions_done = max(extensions_done, load)
    ws_open = max(m.get("wsOpen", manager), manager)
    shown = max(m["shown"], ws_open)
    painted = max(m.get("painted", shown), shown)
    return {
        "HTML streamed (server, kernel runs the page)": html,
        "Voilà's scripts and styles, until load": load - html,
        "front-end extensions fetched": extensions_done - load,
        "application plugins start": manager - extensions_done,
        "kernel WebSocket open": ws_open - manager,
        "widget state and views": shown - ws_open,
        "painted": painted - shown,
        "= first widget painted": painted,
    }


def traffic(result: dict) -> tuple[int, int, float]:
    """Until the first widget showed: requests, those that reached the server, MiB received.

    A file the browser took from its cache without asking has a transfer size of 0;
    one it revalidated (304) a few hundred bytes.
    """
    shown = result["marks"]["shown"]
    before = [r for r in result["resources"] if r["start"] <= shown]
    asked = 1 + sum(1 for r in before if r["transfer"] > 0)
    transferred = result["htmlTransfer"] + sum(r["transfer"] for r in before)
    return len(before) + 1, asked, transferred / 2**20


def main_thread(result: dict) -> dict[str, float]:
    metrics = result.get("metrics", {})
    return {
        "script": metrics.get("ScriptDuration", 0.0) * 1000,
        "style and layout": (
            metrics.get("RecalcStyleDuration", 0.0) + metrics.get("LayoutDuration", 0.0)
        )
        * 1000,
        "all tasks": metrics.get("TaskDuration", 0.0) * 1000,
    }


def script_by_bundle(trace_file: Path) -> dict[str, float]:
    """Milliseconds of script evaluation per front-end bundle, from a Chromium trace."""
    data = json.loads(trace_file.read_text(encoding="utf-8"))
    events = data["traceEvents"] if isinstance(data, dict) else data
    totals: collections.Counter[str] = collections.Counter()
    for event in events:
        if event.get("name") not in ("EvaluateScript", "v8.evaluateModule") or "dur" not in event:
            continue
        url = event.get("args", {}).get("data", {}).get("url", "")
        if "/labextensions/" in url:
            bundle = "extension " + url.split("/labextensions/")[1].split("/static/")[0]
        elif "/voila/static/" in url:
            bundle = "Voilà's own (voila/static)"
        elif "/voila/templates/" in url:
            bundle = "template styles and scripts"
        else:
            bundle = "the page itself and unattributed"
        totals[bundle] += event["dur"] / 1000
    return dict(totals.most_common())


# --------------------------------------------------------------------------- run


def traced_visit(browser, url: str, trace: Path) -> dict[str, float]:
    """One fresh visit under a Chromium performance trace: script time by bundle."""
    context = new_context(browser)
    tab = context.new_page()
    browser.start_tracing(page=tab, path=str(trace), categories=["devtools.timeline", "v8.execute"])
    tab.goto(url, wait_until="commit")
    tab.wait_for_function(PAINTED, polling=POLL_MS, timeout=180_000)
    browser.stop_tracing()
    tab.close(run_before_unload=True)
    context.close()
    return script_by_bundle(trace)


def run(args: argparse.Namespace, work: Path) -> dict:
    """Every server started first, then the visits interleaved: page by page, server by server.

    Other jobs sharing the machine then slow every server alike instead of
    whichever happened to run at a busy moment.
    """
    modules = work / "modules"
    shutil.copytree(REPO / "modules", modules, ignore=shutil.ignore_patterns("classbridge-work"))
    slider = slider_notebook(work / "floor")
    pages = ["catalogue.ipynb"] + sorted(
        str(p.relative_to(modules)) for p in modules.glob("0*/*.ipynb")
    )
    if args.pages:
        pages = [p for p in pages if any(p.startswith(want) for want in args.pages)]
    found: dict = {"pages": pages, "kinds": {}, "load": [os.getloadavg()[0]]}
    servers: dict[str, Server] = {}
    try:
        for kind in args.kinds:
            print(f"starting {kind}...", file=sys.stderr, flush=True)
            folder = slider if kind == "floor" else modules
            cwd = slider.parent if kind == "floor" else work
            servers[kind] = start_server(kind, folder, work / "workspace", cwd=cwd)
            found["kinds"][kind] = {
                "fresh": collections.defaultdict(list),
                "returning": collections.defaultdict(list),
            }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )

            def quiet() -> None:
                # ClassBridge holds a pool's refill until nobody asked for a page for a
                # moment (classbridge.serve.warm_kernels): let it begin, then finish.
                # A held refill samples half a second of quiet before it starts: wait longer.
                time.sleep(REFILL_HOLD + 1)
                for server in servers.values():
                    wait_quiet(server, window=1.5)

            for round_ in range(args.repeat):
                print(f"round {round_ + 1} of {args.repeat}...", file=sys.stderr, flush=True)
                for page in pages:
                    for kind, server in servers.items():
                        results = found["kinds"][kind]
                        # The floor has one page: it is visited as often as the others.
                        key = "" if kind == "floor" else page
                        url = f"{server.page_url}/{key}" if key else server.page_url
                        detailed = args.breakdown and kind in DETAILED
                        quiet()
                        context = new_context(browser)
                        results["fresh"][key].append(visit(context, url, metrics=detailed))
                        context.close()
                        if detailed and (key == "" or page.startswith("01")):
                            # Back from the catalogue (the floor: the same page again).
                            context = new_context(browser)
                            visit(context, f"{server.page_url}/catalogue.ipynb" if key else url)
                            quiet()
                            results["returning"][key].append(visit(context, url, metrics=True))
                            context.close()
            if args.breakdown:
                for kind in DETAILED:
                    if kind not in servers:
                        continue
                    server = servers[kind]
                    first = "" if kind == "floor" else next(p for p in pages if p.startswith("01"))
                    url = f"{server.page_url}/{first}" if first else server.page_url
                    quiet()
                    trace = work / f"trace-{kind.replace(' ', '-').replace(',', '')}.json"
                    found["kinds"][kind]["bundles"] = traced_visit(browser, url, trace)
                    if args.keep_traces:
                        shutil.copy(trace, Path(args.keep_traces) / trace.name)
            browser.close()
    finally:
        for server in servers.values():
            stop(server.process)
    found["load"].append(os.getloadavg()[0])
    return found


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(found: dict, args: argparse.Namespace) -> None:
    pages, kinds = found["pages"], found["kinds"]
    print(
        f"\nSeconds to the first widget shown, median of {args.repeat} fresh visits "
        f"(minimum in brackets); load average {found['load'][0]:.1f} before, "
        f"{found['load'][1]:.1f} after, {os.cpu_count()} CPUs\n"
    )
    order = ("plain voila", "classbridge cold", BEFORE, "classbridge preheated")
    shown = [k for k in order if k in kinds]
    print("| page | " + " | ".join(shown) + " | plain ÷ preheated |")
    print("|---|" + "---:|" * (len(shown) + 1))

    def cell(kind: str, page: str) -> tuple[float, str]:
        times = [first_widget(r) for r in kinds[kind]["fresh"][page]]
        return median(times), f"{median(times):.2f} ({min(times):.2f})"

    for page in pages:
        cells = [cell(k, page) for k in shown]
        ratio = ""
        if "plain voila" in kinds and "classbridge preheated" in kinds:
            ratio = f"{cell('plain voila', page)[0] / cell('classbridge preheated', page)[0]:.1f}×"
        print(f"| {page} | " + " | ".join(c[1] for c in cells) + f" | {ratio} |")
    if "floor" in kinds:
        print(
            f"\nFloor (bare Voilà, one slider, preheated, widget manager only, "
            f"{len(kinds['floor']['fresh'][''])} visits): {cell('floor', '')[1]} s"
        )
    if not args.breakdown:
        return
    first = next((p for p in pages if p.startswith("01")), pages[0])
    columns = []
    if "floor" in kinds:
        columns += [("floor", kinds["floor"]["fresh"][""])]
        columns += [("floor, returning", kinds["floor"]["returning"][""])]
    for kind, label in ((BEFORE, "before"), ("classbridge preheated", "now")):
        if kind in kinds:
            columns += [(f"{label}: {first.split('/')[0]}", kinds[kind]["fresh"][first])]
            columns += [(f"{label}: returning", kinds[kind]["returning"][first])]
    if "classbridge preheated" in kinds:
        pooled = [r for page in pages for r in kinds["classbridge preheated"]["fresh"][page]]
        columns += [("now: every page", pooled)]
    columns = [(name, results) for name, results in columns if results]
    print("\nWhere the time goes, ms (medians; each phase starts where the one before ended)\n")
    print("| phase | " + " | ".join(name for name, _ in columns) + " |")
    print("|---|" + "---:|" * len(columns))

    def row(label: str, values: list[float], digits: int = 0) -> None:
        print(f"| {label} | " + " | ".join(f"{v:.{digits}f}" for v in values) + " |")

    for name in phases(columns[0][1][0]):
        values = [median([phases(r)[name] for r in results]) for _, results in columns]
        if name.startswith("="):
            print(f"| **{name}** | " + " | ".join(f"**{v:.0f}**" for v in values) + " |")
        else:
            row(name, values)
    lowest = [min(phases(r)["= first widget painted"] for r in results) for _, results in columns]
    row("(fastest visit)", lowest)
    for part in ("script", "style and layout", "all tasks"):
        row(
            f"main thread: {part}",
            [median([main_thread(r)[part] for r in rs]) for _, rs in columns],
        )
    row("files the page loads", [median([traffic(r)[0] for r in rs]) for _, rs in columns])
    row("requests to the server", [median([traffic(r)[1] for r in rs]) for _, rs in columns])
    row("MiB transferred", [median([traffic(r)[2] for r in rs]) for _, rs in columns], 2)
    row(
        "kernel messages before the widget",
        [median([r["marks"].get("wsMessagesBeforeWidget", 0) for r in rs]) for _, rs in columns],
    )
    traced = [k for k in DETAILED if kinds.get(k, {}).get("bundles")]
    if traced:
        bundles = sorted({b for k in traced for b in kinds[k]["bundles"]})
        print(f"\nScript evaluation by bundle, ms, one traced fresh visit of {first}\n")
        print("| bundle | " + " | ".join(traced) + " |")
        print("|---|" + "---:|" * len(traced))
        for bundle in bundles:
            values = [kinds[k]["bundles"].get(bundle, 0.0) for k in traced]
            row(bundle, values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--breakdown", action="store_true", help="where the time goes, by phase")
    parser.add_argument("--kinds", nargs="+", default=KINDS, choices=KINDS)
    parser.add_argument(
        "--pages", nargs="+", help="only pages starting with these, e.g. 01 catalogue"
    )
    parser.add_argument("--json", help="also write every visit's figures to this file")
    parser.add_argument("--keep-traces", help="copy the Chromium traces to this folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="classbridge-voila-bench-"))
    try:
        found = run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(found, indent=1, default=dict), encoding="utf-8")
    report(found, args)


if __name__ == "__main__":
    main()
