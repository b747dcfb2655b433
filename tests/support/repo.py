"""Where things are in the checkout, and the curriculum the training modules make up."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODULES = REPO / "modules"
BINDER = REPO / "binder"

#: The training modules' folders under modules/, in the order the catalogue lists them.
CURRICULUM = [
    "01-welcome",
    "02-online-classroom",
    "03-teaching-live",
    "04-co-preparing",
    "05-live-room",
    "06-multilingual",
    "07-assessing-outcomes",
]


def quick_modules(folder: Path) -> Path:
    """``folder/modules`` with the catalogue and module 01 only: a server that starts quickly.

    Voilà preheats a kernel for every page it serves; tests that need a
    server, not the whole curriculum, serve this copy (which they may break).
    """
    target = folder / "modules"
    target.mkdir()
    shutil.copy(MODULES / "catalogue.ipynb", target / "catalogue.ipynb")
    shutil.copytree(
        MODULES / "01-welcome",
        target / "01-welcome",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "classbridge-work"),
    )
    return target
