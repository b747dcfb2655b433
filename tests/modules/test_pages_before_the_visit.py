"""Every module page runs to its end before anyone visits, and fills in the visit after.

``classbridge serve`` keeps pool kernels that run a page before its trainee
arrives, so the whole page is ready to send; a cell that waits for the visitor
stops that page there. Each module page runs here in a kernel set up as a pool
kernel (its ``voila/query`` socket held by the test), then the visit comes.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError

from classbridge.core.storage import RecordStore
from classbridge.core.visit import PAGE_ENV
from tests.support.repo import MODULES
from tests.support.visit_socket import VisitSocket

pytestmark = pytest.mark.slow

PAGES = sorted(p.relative_to(MODULES).as_posix() for p in MODULES.glob("[0-9][0-9]-*/*.ipynb"))
#: Longest any one cell may take before the visit; a cell that waits for the visitor never ends.
CELL_SECONDS = 60


@pytest.fixture
def visit_socket():
    socket = VisitSocket()
    yield socket
    socket.close()


@pytest.mark.parametrize("page", [*PAGES, "catalogue.ipynb"])
def test_the_page_runs_to_its_end_before_the_visit(page, visit_socket, tmp_path, monkeypatch):
    notebook = MODULES / page
    workspace = tmp_path / "workspace"
    env = {
        **visit_socket.kernel_env("pool-kernel"),
        PAGE_ENV: page,
        "CLASSBRIDGE_WORKSPACE": str(workspace),
        "CLASSBRIDGE_TRAINEE": "amy",
        "CLASSBRIDGE_LANG": "en",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)  # the kernel inherits this process's environment
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    module = Path(page).parent.name
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except CellTimeoutError:
                pytest.fail(
                    f"{page}: cell {index} waits for the visitor, so Voilà cannot send the "
                    f"page before the visit; use classbridge.core.visit.when_visited:\n"
                    f"{cell.source[:300]}"
                )
        if not module:
            return
        store = RecordStore(workspace / "amy")
        assert store.load(f"{module}/page-language").version == 0, "noted before the visit"

        visit_socket.visit("pool-kernel", {"SCRIPT_NAME": f"/voila/render/{page}"})
        after = nbformat.v4.new_code_cell(
            "import asyncio\n"
            "from classbridge.core.visit import visited\n"
            "for _ in range(200):\n"
            "    if visited():\n"
            "        break\n"
            "    await asyncio.sleep(0.05)\n"
            "print(visited())"
        )
        nb.cells.append(after)
        client.execute_cell(after, len(nb.cells) - 1)
        assert after.outputs[0]["text"].strip() == "True"
    # The page's language is noted with the work once the trainee has come.
    assert store.load(f"{module}/page-language").data == {"language": "en"}
    assert visit_socket.connections["pool-kernel"] == 1
    json.dumps(nb)  # the run left a notebook Jupyter can save
