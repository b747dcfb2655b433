"""The dashboard's view of the cohort by DigCompEdu competence."""

from __future__ import annotations

from datetime import datetime, timezone

from classbridge.grading.progress import (
    MODULE_GRADED,
    MODULE_SUBMITTED,
    Progress,
    ProgressRow,
)
from classbridge.pages.competence_view import competence_table, modules_by_competence
from tests.pages.test_catalogue_languages import ENGLISH_ONLY, write_module

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def test_each_competence_a_module_builds_counts_trainees_with_one_graded(tmp_path):
    write_module(tmp_path, "01-welcome", {**ENGLISH_ONLY, "competences": ["1.2"]})
    write_module(tmp_path, "03-teaching-live", {**ENGLISH_ONLY, "competences": ["1.2", "3.1"]})
    assert modules_by_competence(tmp_path)["1.2"] == ["01-welcome", "03-teaching-live"]
    rows = [
        ProgressRow("amy", "01-welcome", MODULE_GRADED, 3, 3, T0),
        ProgressRow("ben", "03-teaching-live", MODULE_GRADED, 2, 4, T0),
        ProgressRow("cat", "03-teaching-live", MODULE_SUBMITTED, last_submission=T0),
    ]
    table = competence_table(
        Progress(["01-welcome", "03-teaching-live"], ["amy", "ben", "cat"], rows), tmp_path
    )
    assert (
        "<tr><td>1.2 Professional collaboration</td><td>01-welcome, 03-teaching-live</td>"
        "<td>2 of 3</td></tr>"
    ) in table
    assert "<tr><td>3.1 Teaching</td><td>03-teaching-live</td><td>1 of 3</td></tr>" in table
    assert "5.1" not in table  # built by no module: a gap, listed in modules/README.md


def test_modules_that_name_no_competence_say_how_to(tmp_path):
    write_module(tmp_path, "01-welcome", ENGLISH_ONLY)
    assert "No module names the competences it builds yet" in competence_table(
        Progress([], [], []), tmp_path
    )
