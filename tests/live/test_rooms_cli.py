"""``classbridge rooms``: links printed per seat, sessions listed, one-line errors (status 2)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from classbridge.cli import main


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def rooms(tmp_path, monkeypatch, capsys):
    """Run ``classbridge rooms ...`` in this process, on a rooms folder of the test's own."""
    monkeypatch.setenv("CLASSBRIDGE_ROOMS_DIR", str(tmp_path / "rooms"))
    monkeypatch.setenv("CLASSBRIDGE_WORKSPACE", str(tmp_path / "work"))
    monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "amy")

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(["rooms", *args])
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return run


def test_new_prints_one_link_per_seat_then_list_and_links_find_it(rooms, tmp_path):
    made = rooms(
        "new",
        "--seats",
        "teacher,learners:A,learners:B,observer",
        "--title",
        "Tides",
        "--teacher",
        "Maria Santos",
        "--base-url",
        "http://10.0.0.2:8866/",
        "--hours",
        "3",
    )
    assert made.returncode == 0, made.stderr
    links = re.findall(r"^\s+(.+?)\s+\((\w+)\)\s+(http\S+)$", made.stdout, re.MULTILINE)
    assert [(label, role) for label, role, _ in links] == [
        ("Remote teacher", "teacher"),
        ("Room A learners", "learners"),
        ("Room B learners", "learners"),
        ("Observer", "observer"),
    ]
    session_id = re.search(r"Session (\w{12}): Tides \(taught by Maria Santos\)", made.stdout)[1]
    assert all(
        url.startswith(f"http://10.0.0.2:8866/classbridge/rooms/{session_id}/join?seat=")
        for _, _, url in links
    )
    listed = rooms("list")
    assert session_id in listed.stdout and "Maria Santos" in listed.stdout
    again = rooms("links", session_id)
    assert again.returncode == 0 and "Room B learners" in again.stdout
    saved = (tmp_path / "rooms" / session_id / "session.json").read_text()
    assert str(tmp_path / "work" / "Maria_20Santos") in saved  # where the recording goes


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("new", "--seats", "teacher,teacher"), "listed twice"),
        (("new", "--seats", "learners:A,observer"), "exactly one 'teacher'"),
        (("new", "--hours", "0"), "--hours 0"),
        (("links", "abcdefABCDEF"), "'classbridge rooms list' shows"),
        (("links", "../etc"), "is not a session id"),
    ],
)
def test_bad_input_is_one_line_naming_the_fix_with_status_2(rooms, args, words):
    result = rooms(*args)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("classbridge: error: ") and words in line


def test_list_says_how_to_start(rooms):
    result = rooms("list")
    assert result.returncode == 0 and "classbridge rooms new" in result.stdout
