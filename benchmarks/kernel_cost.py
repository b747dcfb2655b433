"""CPU seconds a module page's kernel spends until the page's widgets are ready.

Every page open in Voilà costs one kernel, and ``classbridge serve`` starts
them ahead of visits (preheated), so on a workshop machine every kernel's
start-up is CPU the trainees share. This starts each page's kernel as Voilà's
preheating kernel manager does (the kernel folder is the notebook's, with the
``VOILA_*`` variables of a preheated kernel and the server's environment),
runs the code cells in order the way Voilà's executor does, and answers the
kernel's wait for its visitor (``voila.utils.wait_for_request``) at once from
a small stand-in for Voilà's ``voila/query`` websocket. When the last cell is
done, the user and system CPU time of the kernel process and its children is
read with psutil.

Baseline, measured in the same run: a bare ipykernel running a one-cell
notebook that displays one ``ipywidgets.IntSlider``.

Run:  .venv/bin/python benchmarks/kernel_cost.py [--repeat 3] [--cold]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from websockets.sync.server import ServerConnection, serve

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from classbridge.grading.course import CourseVariable  # noqa: E402
from classbridge.jupyter_env import jupyter_path_with_template  # noqa: E402
from classbridge.serve import free_port  # noqa: E402

BARE = "bare ipykernel + IntSlider"
BARE_SOURCE = "import ipywidgets\n\nipywidgets.IntSlider()"
#: What a page needs beyond text widgets; pages not named here are "text".
KINDS = {
    "lesson-bank.ipynb": "lesson",
    "widget-gallery.ipynb": "lesson",
    "04-co-preparing/co-preparing.ipynb": "lesson",
    "02-online-classroom/online-classroom.ipynb": "plotting",
    "07-assessing-outcomes/assessing-outcomes.ipynb": "plotting",
}
#: The goal, as a multiple of the bare kernel's CPU; lesson pages have none.
GOALS = {"text": 1.5, "plotting": 2.5}


def module_pages(modules: Path) -> list[str]:
    top = ["catalogue.ipynb", "my-progress.ipynb", "lesson-bank.ipynb", "widget-gallery.ipynb"]
    nested = sorted(str(p.relative_to(modules)) for p in modules.glob("[0-9][0-9]-*/*.ipynb"))
    return [name for name in top if (modules / name).is_file()] + nested


class QueryStandIn:
    """Voilà's ``voila/query/<kernel id>`` websocket: hands a visit's request info at once.

    A preheated kernel blocks in ``wait_for_request`` until Voilà sends it the
    request of the visitor who takes it; here the visitor arrives immediately.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.server = serve(self._answer, "127.0.0.1", self.port)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def _answer(connection: ServerConnection) -> None:
        request_info = {
            "SCRIPT_NAME": "/voila/render/page.ipynb",
            "PATH_INFO": "",
            "QUERY_STRING": "",
            "SERVER_SOFTWARE": "voila/benchmark",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "SERVER_PORT": "8866",
            "SERVER_NAME": "127.0.0.1",
        }
        connection.send(json.dumps(request_info))

    def close(self) -> None:
        self.server.shutdown()


def kernel_env(modules: Path, workspace: Path, query: QueryStandIn | None) -> dict[str, str]:
    """The environment ``classbridge serve`` gives a kernel (preheated unless ``query`` is None)."""
    env = {
        **os.environ,
        "JUPYTER_PATH": jupyter_path_with_template(os.environ.get("JUPYTER_PATH")),
        CourseVariable.MODULES_DIR.value: str(modules),
        "CLASSBRIDGE_WORKSPACE": str(workspace),
        "CLASSBRIDGE_TRAINEE": "bench",
        "VOILA_BASE_URL": "/",
        "VOILA_SERVER_URL": "/",
    }
    if query is not None:
        env["VOILA_APP_PORT"] = str(query.port)
        env["VOILA_PREHEAT"] = "True"
    else:
        env["VOILA_PREHEAT"] = "False"
    return env


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and of its children (live and ended)."""
    process = psutil.Process(pid)
    times = process.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in process.children(recursive=True):
        with_child = child.cpu_times()
        total += with_child.user + with_child.system
    return total


async def run_page(
    notebook: nbformat.NotebookNode, folder: Path, env: dict[str, str], sockets: Path
) -> float:
    """Start a kernel, run every code cell as Voilà does, return the kernel's CPU seconds."""
    # Unix sockets under ``sockets``, as 'classbridge serve' connects its kernels.
    manager = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(sockets))
    # The kernel's own log is noise here; a cell's error still raises.
    await manager.start_kernel(cwd=str(folder), env=env, stderr=subprocess.DEVNULL)
    client = NotebookClient(notebook, km=manager, timeout=300, kernel_name="python3")
    try:
        await client.async_start_new_kernel_client()
        # Voilà's first message to a kernel names it, so that wait_for_request finds its query.
        await client.kc.execute_interactive(
            f'import os\nos.environ["VOILA_KERNEL_ID"] = "{manager.kernel_id}"',
            store_history=False,
            output_hook=lambda _message: None,
        )
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                await client.async_execute_cell(cell, index, store_history=False)
        return cpu_seconds(manager.provisioner.pid)
    finally:
        client.kc.stop_channels()
        await manager.shutdown_kernel(now=True)


def measure(name: str, notebook, folder: Path, env: dict[str, str], sockets: Path) -> float:
    try:
        return asyncio.run(run_page(notebook, folder, env, sockets))
    except Exception as err:
        raise SystemExit(f"kernel_cost: {name} failed: {err}") from err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="kernels per page (min and median)")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="kernels as 'classbridge serve --no-preheat' starts them (default: preheated)",
    )
    parser.add_argument("pages", nargs="*", help="pages under modules/ (default: all)")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="classbridge-kernel-cost-"))
    modules = home / "modules"
    shutil.copytree(REPO / "modules", modules, ignore=shutil.ignore_patterns("classbridge-work"))
    query = None if args.cold else QueryStandIn()
    env = kernel_env(modules, home / "workspace", query)
    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BARE_SOURCE)])
    targets = [(BARE, bare, home)] + [
        (name, nbformat.read(modules / name, as_version=4), (modules / name).parent)
        for name in (args.pages or module_pages(modules))
    ]
    samples: dict[str, list[float]] = {name: [] for name, _, _ in targets}
    try:
        # Round-robin, so a slow moment of the machine touches every page alike.
        for round_number in range(args.repeat):
            for name, notebook, folder in targets:
                samples[name].append(measure(name, notebook, folder, env, home / "kernel"))
            print(f"round {round_number + 1}/{args.repeat} done", file=sys.stderr, flush=True)
    finally:
        if query is not None:
            query.close()
        shutil.rmtree(home, ignore_errors=True)
    print_table(samples, args.repeat, "cold" if args.cold else "preheated")


def print_table(samples: dict[str, list[float]], repeat: int, mode: str) -> None:
    floor = min(samples[BARE])
    print(
        f"Kernel CPU until the page's widgets are ready ({mode} kernels; user + system "
        f"seconds, min and median of {repeat})\n"
    )
    print("| page | kind | CPU s (min) | CPU s (median) | ratio to bare | goal |")
    print("|---|---|---:|---:|---:|---|")
    missed = []
    for name, values in samples.items():
        kind = "baseline" if name == BARE else KINDS.get(name, "text")
        ratio = min(values) / floor
        goal = GOALS.get(kind)
        verdict = "–" if goal is None else f"≤ {goal}×: " + ("met" if ratio <= goal else "MISSED")
        if goal is not None and ratio > goal:
            missed.append(name)
        print(
            f"| {name} | {kind} | {min(values):.2f} | {statistics.median(values):.2f} "
            f"| {ratio:.1f}× | {verdict} |"
        )
    print(f"\nfloor: {BARE} = {floor:.2f} s CPU (min); ratios compare minimums")
    if missed:
        print(f"missed the goal: {', '.join(missed)}")


if __name__ == "__main__":
    main()
