"""``classbridge check`` on our own modules: what a trainer's module must pass, ours pass too.

The quick test reads every module (metadata against the published schema,
catalogue numbers, nbgrader cells, graded questions and their answer key,
nothing of the key left where trainees see it); the slow one also releases
each module with nbgrader, runs it top to bottom and autogrades the key's
hand-in (full marks) and an empty one (zero).
"""

from __future__ import annotations

import pytest

from classbridge.cli import main
from tests.support.repo import CURRICULUM, MODULES


def test_every_module_passes_the_fast_check(capsys):
    code = main(["check", str(MODULES), "--fast"])
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith(f"All well: {len(CURRICULUM)} module(s)"), "\n".join(out)
    assert code == 0


@pytest.mark.slow  # every module: nbgrader release, a headless run, two autograded hand-ins
def test_every_module_passes_the_whole_check(capsys):
    code = main(["check", str(MODULES)])
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert out == [
        f"All well: {len(CURRICULUM)} module(s), {len(CURRICULUM)} notebook(s) checked "
        "(released, run top to bottom and autograded)."
    ], "\n".join(out)
    assert code == 0
    assert len(captured.err.splitlines()) == len(CURRICULUM)  # one progress line per module
