"""Any trainee id, item key, clip or module name: refused with the rule, or kept inside its folder.

Names reach paths from trainees (their login, a clip name) and trainers (module
folders). Hypothesis throws everything at the one checker they all pass
through: path traversal, separators, spaces, emoji, control characters.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from classbridge.core.storage import RecordStore
from classbridge.core.workspace import (
    InvalidName,
    check_key,
    trainee_dir,
    trainee_id,
    trainee_name,
)
from classbridge.grading.course import check_module_name
from classbridge.widgets.live_room import save_clip

FIXTURE_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
NASTY = [
    "..",
    "../x",
    "a/../b",
    "/etc/passwd",
    " ",
    "a b",
    "émile",
    "😀",
    ".hidden",
    "-rf",
    "a\x00b",
]
names = st.one_of(st.sampled_from(NASTY), st.text(max_size=80))


def _one_line(err: Exception) -> None:
    text = str(err)
    assert "\n" not in text and "is not allowed: use 1-64 letters" in text


@FIXTURE_OK
@given(name=names)
@example(name="../../outside")
def test_any_login_gets_a_folder_inside_the_workspace_or_one_line(tmp_path, name):
    """A hub login is never refused for its characters: it is escaped, never a path."""
    try:
        folder = trainee_dir(trainee_id(name), root=tmp_path)
    except InvalidName as err:
        assert "\n" not in str(err) and "trainee name" in str(err)
        return
    assert folder.parent == tmp_path and trainee_name(folder.name) == name
    assert folder.resolve().is_relative_to(tmp_path.resolve())


@FIXTURE_OK
@given(name=names)
@example(name="../../outside")
def test_a_raw_name_is_never_taken_as_a_folder_id(tmp_path, name):
    try:
        folder = trainee_dir(name, root=tmp_path)
    except InvalidName as err:
        assert "\n" not in str(err) and "is not one ClassBridge makes" in str(err)
        return
    assert folder.parent == tmp_path and trainee_id(trainee_name(name)) == name


@FIXTURE_OK
@given(key=st.one_of(names, st.lists(names, min_size=1, max_size=4).map("/".join)))
def test_saved_item_stays_inside_the_trainees_folder(tmp_path, key):
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per example
    try:
        check_key(key)
    except InvalidName as err:
        assert "\n" not in str(err)
        with pytest.raises(InvalidName):
            RecordStore(tmp_path).save(key, {"text": "x"}, 0)
        return
    store = RecordStore(tmp_path / "trainee")
    record = store.save(key, {"text": "x"}, store.load(key).version)
    assert store.load(key) == record
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(p.resolve().is_relative_to(tmp_path.resolve()) for p in written)


@FIXTURE_OK
@given(name=names)
def test_clip_name_cannot_leave_the_clip_folder(tmp_path, name):
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per example
    try:
        path = save_clip(tmp_path, name, b"\x1a\x45\xdf\xa3 webm bytes")
    except InvalidName as err:
        _one_line(err)
        assert not any(tmp_path.rglob("*.webm"))
        return
    assert path.resolve().is_relative_to(tmp_path.resolve()) and path.read_bytes()


@given(name=names)
def test_module_name_is_checked_before_nbgrader_sees_it(name):
    try:
        assert check_module_name(name) == name
    except InvalidName as err:
        assert str(err).startswith("module name") and "\n" not in str(err)


@pytest.mark.parametrize("name", ["../../etc", "01 welcome", "😀", "..", "a/b"])
def test_cli_refuses_a_hostile_module_name_in_one_line(tmp_path: Path, name: str):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "classbridge",
            "grade",
            "release",
            name,
            "--course-dir",
            str(tmp_path / "course"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("classbridge: error: module name"), lines
    assert not (tmp_path / "etc").exists()
