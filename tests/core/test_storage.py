"""Saves are atomic and versioned: a stale save is refused, a failed one loses nothing."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os

import pytest

from classbridge.core.storage import DAMAGED, DamagedRecord, RecordStore, SaveFailed, StaleSave


def test_round_trip_and_versions(tmp_path):
    store = RecordStore(tmp_path)
    assert store.load("m/item").version == 0
    first = store.save("m/item", {"text": "héllo 👋"}, expected_version=0)
    assert first.version == 1
    loaded = store.load("m/item")
    assert loaded.data == {"text": "héllo 👋"} and loaded.version == 1
    assert store.save("m/item", {"text": "second"}, 1).version == 2
    assert store.keys() == ["m/item"]
    assert store.keys("m") == ["m/item"]


def test_stale_save_is_refused_and_newer_work_kept(tmp_path):
    store = RecordStore(tmp_path)
    store.save("item", {"text": "tab A"}, 0)
    with pytest.raises(
        StaleSave, match="changed in another tab or window at .*nothing was saved"
    ) as err:
        store.save("item", {"text": "tab B"}, 0)
    # What the trainee typed is theirs: the way out is not to reload it away.
    assert "reload the page" not in str(err.value)
    assert (err.value.key, err.value.saved_at) == ("item", store.load("item").saved_at)
    assert store.load("item").data == {"text": "tab A"}


def _save_from_process(folder, text, barrier, results):
    store = RecordStore(folder)
    barrier.wait()
    try:
        store.save("item", {"text": text}, 0)
        results.put(("saved", text))
    except StaleSave:
        results.put(("stale", text))


def test_two_simultaneous_saves_one_wins_one_is_told(tmp_path):
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_save_from_process, args=(tmp_path, t, barrier, results))
        for t in ("first", "second")
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(20)
    outcomes = sorted(results.get(timeout=5) for _ in procs)
    assert [o[0] for o in outcomes] == ["saved", "stale"]
    winner = next(text for kind, text in outcomes if kind == "saved")
    assert RecordStore(tmp_path).load("item").data == {"text": winner}


def test_full_disk_keeps_previous_version_and_leaves_no_temp(tmp_path, monkeypatch):
    store = RecordStore(tmp_path)
    store.save("item", {"text": "kept"}, 0)

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(SaveFailed, match="could not save item.json: the disk is full; free some"):
        store.save("item", {"text": "lost?"}, 1)
    monkeypatch.undo()
    assert store.load("item").data == {"text": "kept"}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    "body, problem",
    [
        ("{broken", "not valid JSON"),
        ("[1, 2]", "it holds a JSON list, not a record"),
        ('{"version": "two", "data": {}}', "its 'data' or 'version' field has the wrong type"),
        ('{"version": 1, "data": [1]}', "its 'data' or 'version' field has the wrong type"),
    ],
)
def test_damaged_file_names_itself_and_stays_until_a_save_keeps_it_aside(tmp_path, body, problem):
    (tmp_path / "item.json").write_text(body, encoding="utf-8")
    store = RecordStore(tmp_path)
    with pytest.raises(DamagedRecord, match=rf"saved file item.json could not be read \({problem}"):
        store.load("item")
    # An ordinary save does not replace it; only a save that knows it is damaged does.
    with pytest.raises(DamagedRecord):
        store.save("item", {"text": "new"}, 0)
    assert (tmp_path / "item.json").read_text(encoding="utf-8") == body
    assert store.save("item", {"text": "new"}, DAMAGED).version == 1
    (kept,) = tmp_path.glob(".item.damaged-*.json")
    assert kept.read_text(encoding="utf-8") == body
    assert store.load("item").data == {"text": "new"}
    assert store.keys() == ["item"]


def test_files_are_readable_json(tmp_path):
    RecordStore(tmp_path).save("item", {"a": 1}, 0)
    body = json.loads((tmp_path / "item.json").read_text())
    assert body["version"] == 1 and body["data"] == {"a": 1} and body["saved_at"]


def test_hostile_key_cannot_escape_the_folder(tmp_path):
    with pytest.raises(ValueError, match="not allowed"):
        RecordStore(tmp_path / "inner").save("../escape", {}, 0)
    assert not (tmp_path / "escape.json").exists()


def test_drafts_are_kept_apart_written_over_and_removed(tmp_path):
    store = RecordStore(tmp_path)
    drafts = store.drafts()
    assert drafts.folder == tmp_path / ".drafts"
    first = drafts.replace("m/item", {"text": "typing"})
    second = drafts.replace("m/item", {"text": "typing on"})  # the last keystroke wins
    assert (first.version, second.version) == (1, 2)
    assert drafts.load("m/item").data == {"text": "typing on"}
    assert store.load("m/item").version == 0  # the saved item is untouched
    assert store.keys() == []  # and drafts are not listed as saved work
    store.save("m/item", {"text": "saved"}, 0)
    assert store.keys() == ["m/item"]
    drafts.remove("m/item")
    drafts.remove("m/item")  # gone already: nothing to do
    assert drafts.load("m/item").version == 0


def test_replacing_a_damaged_draft_keeps_it_aside(tmp_path):
    drafts = RecordStore(tmp_path).drafts()
    drafts.path("item").parent.mkdir(parents=True)
    drafts.path("item").write_text("{broken", encoding="utf-8")
    assert drafts.replace("item", {"text": "new"}).version == 1
    assert len(list(drafts.folder.glob(".item.damaged-*.json"))) == 1
