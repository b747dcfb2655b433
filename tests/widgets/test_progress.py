"""ProgressBadge counts activities with saved work."""

from __future__ import annotations

import pytest

from classbridge.core.storage import RecordStore
from classbridge.widgets import ProgressBadge


def test_counts_saved_activities(tmp_path):
    store = RecordStore(tmp_path)
    badge = ProgressBadge(["m/a", "m/b", "m/c"], store=store)
    assert badge.label.value == "0 of 3 activities done"
    store.save("m/b", {"x": 1}, 0)
    badge.refresh_button.click()
    assert badge.label.value == "1 of 3 activities done"
    assert badge.bar.value == 1 and badge.bar.bar_style == "info"
    store.save("m/a", {}, 0)
    store.save("m/c", {}, 0)
    assert badge.refresh() == 3 and badge.bar.bar_style == "success"


def test_needs_activities(tmp_path):
    with pytest.raises(ValueError, match="keys of the module's activities"):
        ProgressBadge([], store=RecordStore(tmp_path))
