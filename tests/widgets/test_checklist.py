"""Checklist: ticks saved as made and restored."""

from __future__ import annotations

import pytest

from classbridge.core.storage import RecordStore
from classbridge.widgets import Checklist

ITEMS = [("Webcam at eye level", "Raise the laptop."), "Headset tested", "Backup ready"]


def test_ticks_are_saved_and_summarised(tmp_path):
    store = RecordStore(tmp_path)
    checklist = Checklist("02-setup/checklist", ITEMS, store=store)
    assert "0 of 3 ready" in checklist.summary.value
    checklist.boxes[0].value = True
    checklist.boxes[2].value = True
    assert "2 of 3 ready" in checklist.summary.value
    assert store.load("02-setup/checklist").data == {
        "ticked": ["Webcam at eye level", "Backup ready"]
    }
    again = Checklist("02-setup/checklist", ITEMS, store=store)
    assert [b.value for b in again.boxes] == [True, False, True]
    again.boxes[1].value = True
    assert "3 of 3 ready</strong> — ready to go live." in again.summary.value


def test_empty_checklist_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least one item"):
        Checklist("x", [], store=RecordStore(tmp_path))
