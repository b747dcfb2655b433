"""The lesson-plan file: the shipped samples, the schema's errors, and a diff-friendly layout."""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

import pytest
import yaml

from classbridge.lessons.bank import SAMPLES
from classbridge.lessons.plan import (
    PlanError,
    adapt_plan,
    attribution,
    dump_plan,
    load_plan,
    new_plan,
    parse_plan,
    plan_problems,
    readiness_problems,
)


def sample(plan_id: str = "fractions-market-prices") -> dict:
    return load_plan(SAMPLES / f"{plan_id}.yaml")


def test_ten_sample_plans_across_subjects_and_languages_are_complete():
    plans = [load_plan(path) for path in sorted(SAMPLES.glob("*.yaml"))]
    assert len(plans) == 10
    assert all(plan_problems(p) == [] for p in plans)
    assert len({p["subject"] for p in plans}) >= 5
    assert len({lang for p in plans for lang in p["languages"]}) >= 6
    assert {"Grades 1-3", "Grades 4-6", "Grades 7-9"} <= {p["grade_band"] for p in plans}
    # The alliance's own course types, written in Traditional Chinese.
    assert len([p for p in plans if "zh-TW" in p["languages"]]) == 4
    for plan in plans:
        leads = {s["lead"] for s in plan["segments"]}
        assert leads == {"remote", "on-site"}, plan["id"]  # co-taught: both teachers lead


def test_a_plan_survives_writing_and_reading_unchanged():
    plan = sample()
    plan["assessment"] = "Two lines:\nfirst, then second."
    text = dump_plan(plan)
    assert parse_plan(text, "x.yaml") == plan
    assert "assessment: |-\n  Two lines:\n  first, then second." in text


def test_retiming_two_segments_changes_just_their_two_lines_of_the_file():
    plan = sample()
    before = dump_plan(plan).splitlines()
    plan["segments"][2]["minutes"] = 14
    plan["segments"][3]["minutes"] = 11
    changed = [
        line
        for line in difflib.unified_diff(before, dump_plan(plan).splitlines(), lineterm="", n=0)
        if line.startswith(("+ ", "- ", "+  ", "-  "))
    ]
    assert changed == ["-  minutes: 15", "+  minutes: 14", "-  minutes: 10", "+  minutes: 11"]


def test_readiness_says_how_many_minutes_to_add_or_cut():
    plan = sample()
    plan["segments"][0]["minutes"] = 2
    assert readiness_problems(plan) == [
        "field 'segments': the segments add up to 42 of 45 minutes; add 3 minutes to a "
        "segment or shorten the lesson"
    ]
    plan["segments"][0]["minutes"] = 9
    assert "4 more than the 45-minute lesson" in readiness_problems(plan)[0]


def test_a_new_plan_is_a_well_formed_draft_that_lists_what_it_lacks():
    plan = new_plan("Reading clocks", "ana")
    assert plan["id"] == "reading-clocks"
    assert [p.split(":")[0] for p in plan_problems(plan)] == [
        "field 'subject'",
        "field 'grade_band'",
        "field 'objectives'",
    ]


def test_adapting_keeps_the_credit_chain():
    original = sample("fractions-market-prices-grade3")
    copy_ = adapt_plan(original, "clocks-copy", "lee", "Hill School")
    assert copy_["authors"] == [{"name": "lee", "school": "Hill School"}]
    assert copy_["adapted_from"]["authors"] == original["authors"]
    assert copy_["adapted_from"]["earlier"].startswith(
        "adapted from Fractions with market prices by Ana Reyes (Island Primary, Batan)"
    )
    assert copy_["history"][0]["note"] == f"adapted from {attribution(original)}"
    assert copy_["version"] == 1 and plan_problems(copy_) == []


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda p: p["segments"][1].update(minutes="ten"),
            "fields.yaml: field 'segments[2].minutes': 'ten' is not of type 'integer'",
        ),
        (
            lambda p: p["segments"][0].update(lead="both"),
            "field 'segments[1].lead': 'both' is not one of ['remote', 'on-site']",
        ),
        (lambda p: p.pop("title"), "field '(the whole plan)': 'title' is a required property"),
        (
            lambda p: p.update(languages=["English"]),
            "field 'languages[1]': 'English' does not match",
        ),
        (lambda p: p.update(colour="red"), "Additional properties are not allowed ('colour'"),
    ],
)
def test_a_schema_violation_names_the_file_and_the_field(edit, message):
    plan = copy.deepcopy(sample())
    edit(plan)
    with pytest.raises(PlanError, match="^lesson plan fields.yaml: ") as caught:
        parse_plan(yaml.safe_dump(plan, allow_unicode=True), "fields.yaml")
    assert message in str(caught.value)
    assert str(caught.value).endswith("fix it and reload")
    assert "\n" not in str(caught.value)


def test_invalid_yaml_names_the_line(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text("title: Fractions\nsegments: [\n  - lead: remote\n", encoding="utf-8")
    with pytest.raises(PlanError, match=r"^lesson plan broken.yaml is not valid YAML \(line \d+"):
        load_plan(path)


def test_the_file_name_must_match_the_id(tmp_path: Path):
    path = tmp_path / "other-name.yaml"
    path.write_text(dump_plan(sample()), encoding="utf-8")
    with pytest.raises(PlanError, match="field 'id' is 'fractions-market-prices' but the file"):
        load_plan(path)


def test_a_control_character_is_named_on_one_line(tmp_path: Path):
    path = tmp_path / "control.yaml"
    path.write_bytes(b"title: Tides\x00\n")
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert str(caught.value) == (
        "lesson plan control.yaml is not valid YAML (character 13: special characters are "
        "not allowed); fix that line"
    )
