"""Reading module metadata: good notebooks listed, bad ones named with the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classbridge.core.catalogue import (
    BrokenModule,
    ModuleInfo,
    scan_catalogue,
    unreadable_notebooks,
)
from tests.support.repo import MODULES

GOOD_META = {
    "title": "Setting up the online classroom",
    "summary": "Webcam, audio, light and a backup connection.",
    "duration_minutes": 45,
    "objectives": ["Frame yourself so learners see your face and hands"],
    "keywords": ["webcam"],
}


def write_notebook(path: Path, meta: dict | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {} if meta is None else {"classbridge": meta}
    path.write_text(
        json.dumps({"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}),
        encoding="utf-8",
    )
    return path


def test_repository_modules_are_all_listed_and_none_broken():
    catalogue = scan_catalogue(MODULES)
    assert catalogue.broken == []
    assert [m.path for m in catalogue.modules][0] == "01-welcome/welcome.ipynb"
    welcome = catalogue.modules[0]
    assert welcome.title == "Welcome: the online-and-offline school"
    assert welcome.duration_minutes == 35
    assert len(welcome.objectives) == 3


def test_modules_are_ordered_by_folder_and_top_level_notebooks_are_not_modules(tmp_path):
    write_notebook(tmp_path / "catalogue.ipynb", None)
    write_notebook(tmp_path / "10-later" / "a.ipynb", GOOD_META)
    write_notebook(tmp_path / "02-early" / "b.ipynb", GOOD_META)
    write_notebook(tmp_path / "02-early" / ".ipynb_checkpoints" / "b-checkpoint.ipynb", None)
    catalogue = scan_catalogue(tmp_path)
    assert [e.path for e in catalogue.entries] == ["02-early/b.ipynb", "10-later/a.ipynb"]
    assert all(isinstance(e, ModuleInfo) for e in catalogue.entries)
    assert catalogue.modules[0].keywords == ("webcam",)


def test_invalid_json_is_broken_with_position_and_fix(tmp_path):
    bad = tmp_path / "03-bad" / "bad.ipynb"
    bad.parent.mkdir()
    bad.write_text('{"cells": [\n  {"cell_type": ', encoding="utf-8")
    write_notebook(tmp_path / "01-good" / "good.ipynb", GOOD_META)
    catalogue = scan_catalogue(tmp_path)
    assert [m.path for m in catalogue.modules] == ["01-good/good.ipynb"]
    (broken,) = catalogue.broken
    assert broken.path == "03-bad/bad.ipynb"
    assert broken.reason.startswith("is not valid JSON (line 2, column 17")
    assert "restore it from version control" in broken.reason


@pytest.mark.parametrize(
    ("meta", "reason"),
    [
        (None, "has no 'classbridge' notebook metadata"),
        ({"title": "T"}, "lacks summary, duration_minutes, objectives"),
        ({**GOOD_META, "duration_minutes": "45"}, "'duration_minutes' must be a whole number"),
        ({**GOOD_META, "duration_minutes": 0}, "'duration_minutes' must be a whole number"),
        ({**GOOD_META, "objectives": []}, "'objectives' must list at least one"),
        ({**GOOD_META, "objectives": "Frame yourself"}, "'objectives' must be a list"),
        ({**GOOD_META, "title": "  "}, "'title' must be a non-empty text"),
        ({**GOOD_META, "keywords": [3]}, "'keywords' must be a list of non-empty texts"),
    ],
)
def test_bad_metadata_names_the_field(tmp_path, meta, reason):
    write_notebook(tmp_path / "01-x" / "x.ipynb", meta)
    (entry,) = scan_catalogue(tmp_path).entries
    assert isinstance(entry, BrokenModule)
    assert reason in entry.reason


def test_undecodable_file_is_broken_not_a_crash(tmp_path):
    path = tmp_path / "01-x" / "x.ipynb"
    path.parent.mkdir()
    path.write_bytes(b"\xff\xfe\x00garbage")
    (entry,) = scan_catalogue(tmp_path).entries
    assert isinstance(entry, BrokenModule)
    assert entry.reason.startswith("cannot be read (UnicodeDecodeError")


def test_unreadable_notebooks_covers_every_notebook_not_only_modules(tmp_path):
    (tmp_path / "gallery.ipynb").write_text("[]", encoding="utf-8")
    write_notebook(tmp_path / "01-ok" / "ok.ipynb", GOOD_META)
    (tmp_path / "02-bad" / "deep").mkdir(parents=True)
    (tmp_path / "02-bad" / "deep" / "x.ipynb").write_text("{", encoding="utf-8")
    (tmp_path / "01-ok" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "01-ok" / ".ipynb_checkpoints" / "ok-checkpoint.ipynb").write_text("{")
    assert unreadable_notebooks(tmp_path) == ["02-bad/deep/x.ipynb", "gallery.ipynb"]
