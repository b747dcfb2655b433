"""Rubric: totals, saved reviews, and a rubric that does not add up is refused."""

from __future__ import annotations

import pytest

from classbridge.core.storage import RecordStore
from classbridge.widgets import MICRO_TEACHING, Criterion, Rubric, RubricSpec


def test_scores_total_and_restore(tmp_path):
    store = RecordStore(tmp_path)
    rubric = Rubric("05/clip-1/review-self", store=store)
    assert "Total: 0 / 16" in rubric.total.value
    rubric.choices["Presence on camera"].value = "Proficient"
    rubric.choices["Clarity"].value = "Exemplary"
    assert "Total: 7 / 16</strong> (2 criteria still to score)" in rubric.total.value
    assert "Well framed and lit" in rubric.descriptions["Presence on camera"].value
    rubric.comments.value = "Wait longer after questions."
    assert rubric.save()
    saved = store.load("05/clip-1/review-self").data
    assert saved["scores"] == {"Presence on camera": 3, "Clarity": 4}
    assert (saved["total"], saved["max_total"], saved["reviewer"]) == (7, 16, "self")
    again = Rubric("05/clip-1/review-self", store=store)
    assert again.scores() == {"Presence on camera": 3, "Clarity": 4}
    assert again.comments.value == "Wait longer after questions."


def test_rubric_levels_must_match():
    with pytest.raises(ValueError, match="describes 1 levels but the rubric has 2"):
        RubricSpec(levels=("low", "high"), criteria=(Criterion("x", ("only one",)),))


def test_reviewer_name_is_checked(tmp_path):
    with pytest.raises(ValueError, match="reviewer name"):
        Rubric("r", MICRO_TEACHING, reviewer="../bob", store=RecordStore(tmp_path))
