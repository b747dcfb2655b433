"""A module whose data file comes from a spreadsheet in another encoding still runs whole."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from tests.support.repo import MODULES

pytestmark = pytest.mark.slow  # runs a module notebook in a real kernel


def test_module_07_runs_with_exit_tickets_saved_by_a_windows_spreadsheet(tmp_path):
    module = tmp_path / "07-assessing-outcomes"
    shutil.copytree(MODULES / "07-assessing-outcomes", module)
    tickets = module / "exit-tickets.csv"
    text = tickets.read_text(encoding="utf-8").replace("Harbour School", "Escuela Ñandú")
    tickets.write_bytes(text.encode("cp1252"))  # what "CSV (Comma delimited)" writes
    notebook = nbformat.read(module / "assessing-outcomes.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(module)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    widgets = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    notes = [
        s["state"].get("value", "") for s in widgets.values() if s["model_name"] == "HTMLModel"
    ]
    assert not any("cannot be drawn" in note for note in notes)
    # The chart names each room as the spreadsheet spelled it, in cp1252.
    charts = [note for note in notes if note.startswith("<svg") and "learners got it" in note]
    assert charts, "the exit-ticket chart was not drawn"
    assert ">Escuela Ñandú</text>" in charts[0]
