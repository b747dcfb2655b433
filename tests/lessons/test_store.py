"""Saving plans: atomic, merged with co-authors' newer saves, or refused with the clash named."""

from __future__ import annotations

import copy
import threading
from pathlib import Path

import pytest

from classbridge.core.storage import SaveFailed
from classbridge.lessons.bank import SAMPLES
from classbridge.lessons.plan import PlanError, load_plan, new_plan
from classbridge.lessons.store import PlanConflict, PlanFolder


@pytest.fixture
def folder(plan_folder) -> PlanFolder:
    return plan_folder("siklus-air")


def test_a_plain_save_bumps_the_version_and_records_who_and_what(folder: PlanFolder):
    base = folder.load("siklus-air")
    mine = copy.deepcopy(base) | {"title": "Siklus air (Aru)"}
    saved = folder.save(mine, base, "ana")
    on_disk = folder.load("siklus-air")
    assert on_disk == saved.plan and on_disk["version"] == 3
    assert on_disk["history"][-1]["by"] == "ana"
    assert on_disk["history"][-1]["note"] == "changed title"
    assert {"name": "ana", "school": ""} in on_disk["authors"]  # a co-author now


def test_a_stale_save_is_merged_and_says_with_whom(folder: PlanFolder):
    base = folder.load("siklus-air")
    folder.save(copy.deepcopy(base) | {"assessment": "Checklist of four labels."}, base, "budi")
    saved = folder.save(copy.deepcopy(base) | {"keywords": ["air"]}, base, "ana")
    on_disk = folder.load("siklus-air")
    assert saved.merged_with == ("budi",)
    assert on_disk["assessment"] == "Checklist of four labels." and on_disk["keywords"] == ["air"]
    assert on_disk["version"] == 4
    assert on_disk["history"][-1]["note"] == "changed keywords; merged with the changes of budi"


def test_a_clash_writes_nothing_and_names_the_fields(folder: PlanFolder):
    base = folder.load("siklus-air")
    folder.save(copy.deepcopy(base) | {"title": "Budi's title"}, base, "budi")
    before = folder.path("siklus-air").read_bytes()
    with pytest.raises(PlanConflict) as caught:
        folder.save(copy.deepcopy(base) | {"title": "Ana's title"}, base, "ana")
    assert str(caught.value) == (
        "budi saved this plan (version 3) while you edited it, and you both changed title: "
        "choose which to keep for each, then save again"
    )
    assert folder.path("siklus-air").read_bytes() == before
    assert caught.value.theirs["title"] == "Budi's title"


def test_timings_that_each_add_up_but_not_together_are_a_conflict(folder: PlanFolder):
    base = folder.load("siklus-air")  # 5, 12, 15, 8, 5 = 45
    # Both lengthen the lesson to 50 minutes, each giving the 5 minutes to another segment.
    budi = copy.deepcopy(base) | {"lesson_minutes": 50}
    budi["segments"][0]["minutes"] = 10
    folder.save(budi, base, "budi")
    ana = copy.deepcopy(base) | {"lesson_minutes": 50}
    ana["segments"][2]["minutes"] = 20
    with pytest.raises(PlanConflict) as caught:
        folder.save(ana, base, "ana")
    assert [c.path for c in caught.value.conflicts] == [("segments",)]


def test_many_co_authors_saving_at_once_lose_nothing(folder: PlanFolder):
    base = folder.load("siklus-air")
    base["objectives"] = [f"Objective {i}" for i in range(8)]
    base = folder.save(base, base, "trainer").plan
    errors = []

    def edit(i: int) -> None:
        mine = copy.deepcopy(base)
        mine["objectives"][i] = f"Objective {i}, sharpened by teacher {i}"
        try:
            folder.save(mine, base, f"teacher{i}")
        except Exception as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    on_disk = folder.load("siklus-air")
    assert on_disk["objectives"] == [f"Objective {i}, sharpened by teacher {i}" for i in range(8)]
    assert on_disk["version"] == base["version"] + 8


def test_samples_cannot_be_changed():
    samples = PlanFolder(SAMPLES, writable=False)
    plan = samples.load("siklus-air")
    with pytest.raises(PlanError, match="are samples and cannot be changed; use 'Copy and adapt'"):
        samples.save(plan, plan, "ana")


def test_a_new_plan_never_replaces_one_with_the_same_id(folder: PlanFolder):
    plan = load_plan(SAMPLES / "siklus-air.yaml")
    created = folder.create(plan)
    assert created["id"] == "siklus-air-2"
    assert folder.load("siklus-air")["version"] == 2


def test_a_full_disk_keeps_the_last_good_version(folder: PlanFolder, monkeypatch):
    import errno
    import os

    base = folder.load("siklus-air")
    before = folder.path("siklus-air").read_bytes()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveFailed, match="could not save siklus-air.yaml: the disk is full"):
        folder.save(copy.deepcopy(base) | {"title": "X"}, base, "ana")
    assert folder.path("siklus-air").read_bytes() == before
    assert [p.name for p in folder.folder.iterdir() if p.suffix == ".tmp"] == []


def test_a_shared_bank_lets_every_account_read_and_write(tmp_path: Path):
    shared = PlanFolder(tmp_path / "bank", shared=True)
    plan = shared.create(load_plan(SAMPLES / "siklus-air.yaml"))
    shared.save(copy.deepcopy(plan) | {"title": "Siklus air"}, plan, "ana")
    for name in ("siklus-air.yaml", ".siklus-air.yaml.lock"):
        assert (shared.folder / name).stat().st_mode & 0o777 == 0o666, name
    # A trainee's own hand-in stays private.
    private = PlanFolder(tmp_path / "mine")
    private.create(load_plan(SAMPLES / "siklus-air.yaml"))
    assert (private.folder / "siklus-air.yaml").stat().st_mode & 0o077 == 0


def test_a_plan_never_saved_is_written_on_its_first_save(tmp_path: Path):
    folder = PlanFolder(tmp_path / "mine")
    fresh = new_plan("Reading clocks", "rita") | {"id": "lesson-plan"}
    saved = folder.save(fresh, None, "rita")
    on_disk = folder.load("lesson-plan")
    assert on_disk == saved.plan and on_disk["version"] == 1
    assert [(h["version"], h["by"], h["note"]) for h in on_disk["history"]] == [
        (1, "rita", "created")
    ]


def test_two_first_saves_of_one_plan_merge_or_clash_like_co_authors(tmp_path: Path):
    """Two tabs of the same trainee, neither saved yet: the second save loses nothing."""
    folder = PlanFolder(tmp_path / "mine")
    fresh = new_plan("Reading clocks", "rita") | {"id": "lesson-plan"}
    folder.save(copy.deepcopy(fresh) | {"subject": "Mathematics"}, None, "rita")
    saved = folder.save(copy.deepcopy(fresh) | {"subject": "Mathematics"}, None, "rita")
    assert saved.plan["version"] == 2 and saved.merged_with == ("rita",)
    with pytest.raises(PlanConflict) as caught:
        folder.save(copy.deepcopy(fresh) | {"subject": "Maths"}, None, "rita")
    assert [c.path for c in caught.value.conflicts] == [("subject",)]
    assert folder.load("lesson-plan")["subject"] == "Mathematics"
