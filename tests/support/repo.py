"""Where things are in the checkout, and the curriculum the training modules make up."""

from __future__ import annotations

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
