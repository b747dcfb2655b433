"""A workshop server: useful within seconds, a quiet log, every kernel gone when it stops."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import time
import urllib.request

import psutil
import pytest

pytestmark = pytest.mark.slow


def broken_kernel_module(modules_dir, jupyter_dir):
    """A module whose kernel cannot start: listed in the catalogue, but warming it fails."""
    spec = jupyter_dir / "kernels" / "gone"
    spec.mkdir(parents=True)
    argv = ["/nonexistent/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Gone", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    folder = modules_dir / "09-broken-kernel"
    shutil.copytree(modules_dir / "01-welcome", folder)
    notebook = folder / "welcome.ipynb"
    data = json.loads(notebook.read_text(encoding="utf-8"))
    data["metadata"]["kernelspec"]["name"] = "gone"
    notebook.write_text(json.dumps(data), encoding="utf-8")
    return "09-broken-kernel/welcome.ipynb"


def test_a_cohort_server_warms_in_order_says_so_in_three_lines_and_stops_clean(
    workshop_server, modules_copy, tmp_path
):
    broken = broken_kernel_module(modules_copy, tmp_path / "jupyter")
    server = workshop_server(
        modules_copy,
        "--trainees",
        "2",
        "--first",
        "01-welcome",
        JUPYTER_PATH=str(tmp_path / "jupyter"),
    )
    log = server.wait_for("ClassBridge: ready:")
    lines = log.strip().splitlines()
    start = next(line for line in lines if line.startswith("ClassBridge: 2 module(s) at"))
    # catalogue and first module two each; the broken module one, which fails
    assert re.search(r"\(warming 5 kernels, about \d+\.\d GiB\)$", start), start
    assert re.fullmatch(r"ClassBridge: ready: 3 pages, 4 kernels warm, \d+\.\d GiB", lines[-1])
    problems = [line for line in lines if line.startswith("classbridge: warning:")]
    assert problems == [
        f"classbridge: warning: {broken} could not be prepared ([Errno 2] No such file or "
        "directory: '/nonexistent/python3'); the other pages are served"
    ]
    # Nothing else: no "not trusted", no kernel start lines, no TCP warning.
    assert len(lines) == 3, log
    assert len(server.kernels()) == 4
    with urllib.request.urlopen(f"{server.url}/voila/render/01-welcome/welcome.ipynb") as page:
        assert page.status == 200
    kernels = server.kernels()
    assert len(kernels) >= 4

    os.killpg(server.process.pid, signal.SIGTERM)
    assert server.process.wait(timeout=60) == 0
    log = server.log()
    assert "Traceback" not in log and "Error" not in log, log
    assert log.strip().splitlines()[-1] == "ClassBridge: stopped; no kernel left running"
    time.sleep(1)
    assert not [k for k in kernels if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]


def test_ctrl_c_stops_the_server_and_its_kernels_without_a_traceback(workshop_server, modules_copy):
    server = workshop_server(modules_copy)
    server.wait_for("ClassBridge: ready:")
    kernels = server.kernels()
    assert len(kernels) == 2
    # Ctrl-C in a terminal: SIGINT to the terminal's whole process group.
    os.killpg(server.process.pid, signal.SIGINT)
    assert server.process.wait(timeout=60) == 0
    log = server.log()
    assert "Traceback" not in log and "KeyboardInterrupt" not in log, log
    time.sleep(1)
    assert not [k for k in kernels if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]
