"""The command table: every row is in ``--help``, and ``main`` reaches a row's ``run``."""

from __future__ import annotations

import argparse

import pytest

from classbridge import cli
from classbridge.cli import COMMANDS, main
from classbridge.cli.command import Command
from classbridge.cli.grade_command import STEPS
from classbridge.cli.lessons_command import ACTIONS
from classbridge.core.errors import ClassBridgeError


def _help_text(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps lines as it likes


@pytest.mark.parametrize(
    ("argv", "table"), [((), COMMANDS), (("grade",), STEPS), (("lessons",), ACTIONS)]
)
def test_every_row_of_a_table_is_listed_in_help_with_its_help(capsys, argv, table):
    names = [command.name for command in table]
    assert len(set(names)) == len(names)
    listed = _help_text(capsys, *argv)
    for command in table:
        assert f"{command.name} {command.help}" in listed


def test_lessons_check_of_a_broken_file_runs_through_the_table(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    assert main(["lessons", "check", str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"BROKEN {broken}: ")
    assert out[-1] == "1 plan file(s), 1 broken."


def _probe(calls: list) -> Command:
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--fail", action="store_true")

    def run(args: argparse.Namespace, extra: list[str]) -> int:
        calls.append(extra)
        if args.fail:
            raise ClassBridgeError("probe failed: pass no --fail")
        return 7

    return Command(
        name="probe", help="a row added for this test", add_arguments=add_arguments, run=run
    )


def test_a_row_added_to_the_table_is_a_command(monkeypatch, capsys):
    calls: list = []
    monkeypatch.setattr(cli, "COMMANDS", (*COMMANDS, _probe(calls)))
    assert "probe a row added for this test" in _help_text(capsys)
    assert main(["probe"]) == 7
    assert calls == [[]]


def test_errors_are_one_line_and_unknown_args_are_refused(monkeypatch, capsys):
    calls: list = []
    monkeypatch.setattr(cli, "COMMANDS", (*COMMANDS, _probe(calls)))
    assert main(["probe", "--fail"]) == 2
    assert capsys.readouterr().err == "classbridge: error: probe failed: pass no --fail\n"
    with pytest.raises(SystemExit) as refused:
        main(["probe", "--unknown"])
    assert refused.value.code == 2
    assert "classbridge: error: unrecognized arguments: --unknown" in capsys.readouterr().err
    assert len(calls) == 1  # the refused call never reached run
