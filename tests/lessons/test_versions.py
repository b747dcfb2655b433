"""Every saved version of a plan is kept whole, so any of them can be restored."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from classbridge.lessons.bank import SAMPLES, LessonBank
from classbridge.lessons.plan import PlanError, dump_plan, load_plan
from classbridge.lessons.store import PlanFolder


@pytest.fixture
def folder(plan_folder) -> PlanFolder:
    return plan_folder("siklus-air")  # created as version 2, as the sample is


def test_every_saved_version_is_kept_whole_and_read_back(folder: PlanFolder):
    base = folder.load("siklus-air")
    third = folder.save(copy.deepcopy(base) | {"title": "Siklus air (Aru)"}, base, "ana").plan
    folder.save(copy.deepcopy(third) | {"title": "Siklus air (Kei)"}, third, "budi")
    assert folder.versions.kept("siklus-air") == [2, 3, 4]
    assert folder.versions.load("siklus-air", 2) == base
    assert folder.versions.load("siklus-air", 3)["title"] == "Siklus air (Aru)"
    assert (folder.folder / ".versions" / "siklus-air" / "4.yaml").is_file()
    # Kept versions are not plans of the bank, nor files to check.
    assert [p.name for p in folder.files()] == ["siklus-air.yaml"]
    bank = LessonBank(shared=folder.folder, samples=None)
    assert [p.plan["id"] for p in bank.scan()[0]] == ["siklus-air"] and bank.scan()[1] == []


def test_a_plan_saved_before_versions_were_kept_is_kept_before_it_is_replaced(tmp_path: Path):
    folder = PlanFolder(tmp_path / "mine")
    folder.folder.mkdir()
    old = load_plan(SAMPLES / "siklus-air.yaml")
    folder.path("siklus-air").write_text(dump_plan(old), encoding="utf-8")
    folder.save(copy.deepcopy(old) | {"title": "Replaced"}, old, "ana")
    assert folder.versions.kept("siklus-air") == [2, 3]
    assert folder.versions.load("siklus-air", 2)["title"] == old["title"]


def test_a_version_that_was_not_kept_is_named(folder: PlanFolder):
    with pytest.raises(PlanError) as caught:
        folder.versions.load("siklus-air", 1)
    assert str(caught.value) == (
        "version 1 of lesson plan siklus-air.yaml was not kept; "
        "choose one of the versions listed under Earlier versions"
    )


def test_a_shared_bank_keeps_versions_every_account_can_add_to(tmp_path: Path):
    shared = PlanFolder(tmp_path / "bank", shared=True)
    plan = shared.create(load_plan(SAMPLES / "siklus-air.yaml"))
    shared.save(copy.deepcopy(plan) | {"title": "Siklus air"}, plan, "ana")
    kept = shared.folder / ".versions"
    for folder in (kept, kept / "siklus-air"):
        assert folder.stat().st_mode & 0o777 == 0o777, folder
    for version in ("2.yaml", "3.yaml"):
        assert (kept / "siklus-air" / version).stat().st_mode & 0o777 == 0o666, version
