"""Rubric: totals, saved reviews (a saved level it lacks is named, not shown), and a rubric
that does not add up is refused."""

from __future__ import annotations

from html import escape

import pytest

from classbridge.core.storage import RecordStore
from classbridge.widgets import MICRO_TEACHING, Criterion, Rubric, RubricSpec
from classbridge.widgets.rubric import review_total


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


@pytest.mark.parametrize("level", [7, 0, -1, "3", 2.5, True, None])
def test_a_saved_level_outside_the_rubric_is_left_unscored_and_said(tmp_path, level):
    """A hand-edited or older review never crashes the rubric nor shows a level it lacks."""
    store = RecordStore(tmp_path)
    store.save("r/review", {"scores": {"Clarity": level, "Presence on camera": 2}}, 0)
    rubric = Rubric("r/review", store=store)
    assert rubric.scores() == {"Presence on camera": 2}  # the good score is still shown
    assert rubric.choices["Clarity"].value is None
    assert "Total: 2 / 16</strong> (3 criteria still to score)" in rubric.total.value
    note = rubric.saved.status.value
    assert "cb-error" in note and "Clarity" in note and escape(repr(level)) in note
    assert "a level is a whole number from 1 to 4; choose it again and save" in note
    rubric.choices["Clarity"].value = "Exemplary"
    assert rubric.save()
    assert store.load("r/review").data["scores"] == {"Presence on camera": 2, "Clarity": 4}
    assert "Saved at" in rubric.saved.status.value


def test_saved_scores_of_the_wrong_shape_are_said_not_a_crash(tmp_path):
    store = RecordStore(tmp_path)
    store.save("r/review", {"scores": ["Clarity", 3]}, 0)
    rubric = Rubric("r/review", store=store)
    assert rubric.scores() == {}
    assert "the saved scores could not be read" in rubric.saved.status.value


def test_saved_comments_that_are_not_text_are_shown_as_text(tmp_path):
    store = RecordStore(tmp_path)
    store.save("r/review", {"scores": {"Clarity": 3}, "comments": ["clear", "calm"]}, 0)
    rubric = Rubric("r/review", store=store)
    assert rubric.comments.value == "['clear', 'calm']"
    assert rubric.scores() == {"Clarity": 3}


def test_a_comment_for_each_criterion_is_saved_and_restored(tmp_path):
    """Module 05 asks for one comment per criterion: the review has a box under each."""
    store = RecordStore(tmp_path)
    saves = []
    rubric = Rubric(
        "r/review", store=store, comment_each_criterion=True, on_saved=lambda: saves.append(1)
    )
    assert set(rubric.criterion_comments) == {c.name for c in MICRO_TEACHING.criteria}
    assert rubric.comments not in rubric.children  # no second, overall box
    rubric.choices["Clarity"].value = "Proficient"
    rubric.criterion_comments["Clarity"].value = "Goal on the board first."
    assert "(3 criteria still to score, 3 comments still to write)" in rubric.total.value
    assert rubric.save()
    assert saves == [1]
    data = store.load("r/review").data
    assert data["criterion_comments"]["Clarity"] == "Goal on the board first."
    assert data["criterion_comments"]["Presence on camera"] == ""
    assert "comments" not in data
    again = Rubric("r/review", store=store, comment_each_criterion=True)
    assert again.criterion_comments["Clarity"].value == "Goal on the board first."


def test_saved_totals_are_read_back_or_none(tmp_path):
    assert review_total({"total": 7, "max_total": 16}) == (7, 16)
    assert review_total({}) is None
    assert review_total({"total": "7", "max_total": 16}) is None
    assert review_total({"total": True, "max_total": 16}) is None
