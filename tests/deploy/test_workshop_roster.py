"""The hub's roster: who is a trainer; a bad roster stops the hub with one line naming the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from classbridge.grading import NBGRADER_CONFIG
from tests.support.repo import REPO

FRAGMENT = REPO / "deploy" / "jupyterhub" / "classbridge_workshop.py"


def load(workshop: Path, monkeypatch, roster: str | None):
    monkeypatch.setenv("CLASSBRIDGE_WORKSHOP_DIR", str(workshop))
    monkeypatch.delenv("CLASSBRIDGE_ROSTER", raising=False)
    monkeypatch.delenv("CLASSBRIDGE_GRADEBOOK_URL", raising=False)
    monkeypatch.delenv("CLASSBRIDGE_COURSE_ID", raising=False)
    if roster is not None:
        (workshop / "roster.csv").write_text(roster, encoding="utf-8")
    return PyFileConfigLoader(FRAGMENT.name, path=str(FRAGMENT.parent)).load_config()


def test_roster_sets_admins_groups_and_shared_folders(tmp_path, monkeypatch):
    config = load(tmp_path, monkeypatch, "username,role\nMei,trainer\nana,trainee\nbudi,Trainee\n")
    assert config.Authenticator.allowed_users == {"mei", "ana", "budi"}
    assert config.Authenticator.admin_users == {"mei"}
    assert config.JupyterHub.load_groups == {
        "trainers": {"users": ["mei"]},
        "trainees": {"users": ["ana", "budi"]},
    }
    assert (tmp_path / "exchange").stat().st_mode & 0o777 == 0o777
    assert (tmp_path / "lesson-bank").stat().st_mode & 0o777 == 0o777
    assert (tmp_path / "trainers").is_dir()
    # Anyone may share their server by invitation code, to co-edit live in JupyterLab.
    assert config.JupyterHub.load_roles[0] == {"name": "user", "scopes": ["self", "shares!user"]}
    assert config.Spawner.cmd == ["classbridge", "singleuser"]


class FakeSpawner:
    def __init__(self, name: str):
        self.user = type("User", (), {"name": name})()
        self.environment: dict[str, str] = {}
        self.notebook_dir = ""


def test_each_role_gets_its_settings_at_spawn(tmp_path, monkeypatch):
    config = load(tmp_path, monkeypatch, "username,role\nmei,trainer\nana,trainee\n")
    trainer, trainee = FakeSpawner("mei"), FakeSpawner("ana")
    config.Spawner.pre_spawn_hook(trainer)
    config.Spawner.pre_spawn_hook(trainee)
    assert trainee.environment == {
        "CLASSBRIDGE_ROLE": "trainee",
        "CLASSBRIDGE_EXCHANGE": str(tmp_path / "exchange"),
        "CLASSBRIDGE_LESSON_BANK": str(tmp_path / "lesson-bank"),
    }
    assert trainee.notebook_dir == ""
    assert trainer.environment["CLASSBRIDGE_ROLE"] == "trainer"
    assert trainer.environment["CLASSBRIDGE_COURSE_DIR"] == str(tmp_path / "trainers" / "course")
    assert trainer.notebook_dir == str(tmp_path / "trainers")
    # The defaults the hub leaves unset are the ones ClassBridge's nbgrader config applies.
    for name, value in trainer.environment.items():
        monkeypatch.setenv(name, value)
    nbgrader = PyFileConfigLoader(NBGRADER_CONFIG.name, path=str(NBGRADER_CONFIG.parent))
    course = nbgrader.load_config().CourseDirectory
    assert course.db_url == f"sqlite:///{tmp_path / 'trainers' / 'course' / 'gradebook.db'}"
    assert course.course_id == "classbridge"


def test_course_settings_set_on_the_hub_reach_the_right_servers(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSBRIDGE_WORKSHOP_DIR", str(tmp_path))
    (tmp_path / "roster.csv").write_text("username,role\nmei,trainer\nana,trainee\n")
    monkeypatch.setenv("CLASSBRIDGE_GRADEBOOK_URL", "postgresql://grader@127.0.0.1/course")
    monkeypatch.setenv("CLASSBRIDGE_COURSE_ID", "island-2026")
    config = PyFileConfigLoader(FRAGMENT.name, path=str(FRAGMENT.parent)).load_config()
    trainer, trainee = FakeSpawner("mei"), FakeSpawner("ana")
    config.Spawner.pre_spawn_hook(trainer)
    config.Spawner.pre_spawn_hook(trainee)
    assert (
        trainer.environment["CLASSBRIDGE_GRADEBOOK_URL"] == "postgresql://grader@127.0.0.1/course"
    )
    assert trainer.environment["CLASSBRIDGE_COURSE_ID"] == "island-2026"
    # The gradebook's address (and password) is for trainers only.
    assert "CLASSBRIDGE_GRADEBOOK_URL" not in trainee.environment
    assert trainee.environment["CLASSBRIDGE_COURSE_ID"] == "island-2026"


@pytest.mark.parametrize(
    ("roster", "message"),
    [
        (None, "roster {w}/roster.csv does not exist: write a CSV with the header 'username,role'"),
        ("name,kind\nmei,trainer\n", "roster {w}/roster.csv needs the header 'username,role'"),
        (
            "username,role\nmei,teacher\n",
            "roster {w}/roster.csv line 2: give a username and a role of trainer or trainee",
        ),
    ],
)
def test_bad_roster_stops_the_hub_with_one_line(tmp_path, monkeypatch, roster, message):
    with pytest.raises(SystemExit) as stopped:
        load(tmp_path, monkeypatch, roster)
    text = str(stopped.value.code)
    assert text.startswith("classbridge: " + message.format(w=tmp_path))
    assert "\n" not in text
