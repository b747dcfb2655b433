"""Field-by-field merge: both teachers' changes kept, true clashes reported by field."""

from __future__ import annotations

import copy

from classbridge.lessons.bank import SAMPLES
from classbridge.lessons.merge import MISSING, merge_plans, set_field
from classbridge.lessons.plan import load_plan

BASE = load_plan(SAMPLES / "tides-and-the-moon.yaml")


def edited(**changes) -> dict:
    plan = copy.deepcopy(BASE)
    for path, value in changes.items():
        target = plan
        parts = [int(p) if p.isdigit() else p for p in path.split("__")]
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
    return plan


def test_different_fields_merge_without_conflict():
    mine = edited(title="Tides and the Moon (Scilly)")
    theirs = edited(assessment="Rubric of three levels.")
    merged, conflicts = merge_plans(BASE, mine, theirs)
    assert conflicts == []
    assert merged["title"] == "Tides and the Moon (Scilly)"
    assert merged["assessment"] == "Rubric of three levels."


def test_different_segments_of_the_timeline_merge_item_by_item():
    mine = edited(segments__1__activity="The Moon's pull, with a bucket of water")
    theirs = edited(segments__3__materials=["shared board", "tide app screenshots"])
    merged, conflicts = merge_plans(BASE, mine, theirs)
    assert conflicts == []
    assert merged["segments"][1]["activity"] == "The Moon's pull, with a bucket of water"
    assert merged["segments"][3]["materials"] == ["shared board", "tide app screenshots"]


def test_the_same_field_changed_both_ways_is_a_conflict_naming_it():
    mine = edited(segments__2__activity="Groups graph two days", title="Tides")
    theirs = edited(segments__2__activity="Groups graph one week")
    merged, conflicts = merge_plans(BASE, mine, theirs)
    assert [(c.path, c.mine, c.theirs) for c in conflicts] == [
        (("segments", 2, "activity"), "Groups graph two days", "Groups graph one week")
    ]
    assert merged["title"] == "Tides"  # the rest merged
    set_field(merged, conflicts[0].path, conflicts[0].theirs)
    assert merged["segments"][2]["activity"] == "Groups graph one week"


def test_a_segment_added_on_one_side_merges_with_other_edits():
    mine = copy.deepcopy(BASE)
    mine["segments"].append({"lead": "remote", "activity": "Goodbye", "minutes": 2})
    theirs = edited(keywords=["tides"])
    merged, conflicts = merge_plans(BASE, mine, theirs)
    assert conflicts == [] and len(merged["segments"]) == 6 and merged["keywords"] == ["tides"]


def test_segments_added_on_both_sides_conflict_as_one_timeline():
    mine, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    mine["segments"].append({"lead": "remote", "activity": "Goodbye", "minutes": 2})
    theirs["segments"].append({"lead": "on-site", "activity": "Tidy up", "minutes": 2})
    _, conflicts = merge_plans(BASE, mine, theirs)
    assert [c.path for c in conflicts] == [("segments",)]


def test_a_field_removed_on_one_side_stays_removed():
    mine = copy.deepcopy(BASE)
    del mine["differentiation"]
    merged, conflicts = merge_plans(BASE, mine, edited(title="T"))
    assert conflicts == [] and "differentiation" not in merged and merged["title"] == "T"
    set_field(merged, ("assessment",), MISSING)
    assert "assessment" not in merged


def test_version_and_history_are_the_stores_not_merged():
    theirs = edited(version=9)
    merged, conflicts = merge_plans(BASE, edited(version=7), theirs)
    assert conflicts == [] and merged["version"] == 9
