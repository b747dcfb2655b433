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
        "ticked": ["Webcam at eye level", "Backup ready"],
        "ticked_items": [0, 2],
    }
    again = Checklist("02-setup/checklist", ITEMS, store=store)
    assert [b.value for b in again.boxes] == [True, False, True]
    again.boxes[1].value = True
    assert "3 of 3 ready</strong> — ready to go live." in again.summary.value


def test_ticks_made_in_one_language_show_in_the_other(tmp_path):
    store = RecordStore(tmp_path)
    Checklist("02-setup/checklist", ITEMS, store=store).boxes[1].value = True
    chinese = [("攝影機與視線同高", "把筆電墊高。"), "耳麥已測試", "備案已準備好"]
    assert [b.value for b in Checklist("02-setup/checklist", chinese, store=store).boxes] == [
        False,
        True,
        False,
    ]


def test_a_save_from_before_positions_is_read_by_its_labels(tmp_path):
    store = RecordStore(tmp_path)
    store.save("02-setup/checklist", {"ticked": ["Headset tested"]}, 0)
    boxes = Checklist("02-setup/checklist", ITEMS, store=store).boxes
    assert [b.value for b in boxes] == [False, True, False]


def test_empty_checklist_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least one item"):
        Checklist("x", [], store=RecordStore(tmp_path))
