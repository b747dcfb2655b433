"""``classbridge new-module``: a module from the template, in the catalogue and gradable as it is.

Bad input (a bad name or number, a taken number, an existing folder, no
title) is refused with one line naming the fix and exit status 2; nothing is
written then.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classbridge.authoring.module_template import new_module
from classbridge.cli import main
from classbridge.core.catalogue import scan_catalogue
from classbridge.grading.autograde import OUTCOME_GRADED, autograde_cohort
from classbridge.grading.course import Course, open_gradebook
from classbridge.grading.pipeline import collect_module
from classbridge.grading.release import release_module
from tests.authoring.conftest import MODULE, TITLE, TemplateModule
from tests.support.cohort import fetch_and_hand_in_work


def test_the_new_module_is_listed_in_the_catalogue_with_its_title(tmp_path, capsys):
    modules = tmp_path / "modules"
    assert main(["new-module", MODULE, "--title", f"  {TITLE} ", "--modules", str(modules)]) == 0
    notebook = modules / MODULE / "island-science.ipynb"
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Created {notebook}."
    assert f"classbridge check {modules / MODULE}" in out[1]
    [listed] = scan_catalogue(modules).entries
    assert listed.path == f"{MODULE}/island-science.ipynb"
    assert listed.title == TITLE
    assert listed.duration_minutes == 30 and listed.objectives


def test_every_key_and_cell_is_filled_in_for_the_module(module: TemplateModule):
    text = module.notebook.read_text(encoding="utf-8")
    assert "{{" not in text
    notebook = module.read()
    sources = ["".join(c["source"]) for c in notebook["cells"]]
    assert f'AnswerSheet(\n    "{MODULE}/graded"' in "\n".join(sources)
    assert "LanguageSwitch()" in sources[0]  # first, as on every page
    assert f'key = answer_key("{MODULE}/graded")' in sources[7]
    assert sources[1].startswith(f"# {TITLE}\n")
    # Every code cell is read-only, graded or an answer in nbgrader, with a grade_id of its own.
    code = [c["metadata"]["nbgrader"] for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(meta["locked"] and meta["grade_id"] for meta in code)
    ids = [c["metadata"]["nbgrader"]["grade_id"] for c in notebook["cells"] if c["metadata"]]
    assert len(ids) == len(set(ids))
    tests = [meta for meta in code if meta["grade"]]
    assert [t["points"] for t in tests] == [1, 1]
    [task] = [
        c["metadata"]["nbgrader"]
        for c in notebook["cells"]
        if c["cell_type"] == "markdown" and c["metadata"].get("nbgrader", {}).get("task")
    ]
    assert task["points"] == 3


def test_a_title_with_quotes_stays_a_title(tmp_path):
    title = 'The "wait" in \\ wait time: {{module}}?'
    notebook = new_module(tmp_path, "03-wait", title)
    meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["classbridge"]
    assert meta["title"] == title


@pytest.mark.parametrize(
    ("name", "title", "error"),
    [
        (
            "8-island-science",
            TITLE,
            "module name '8-island-science' does not start with a two-digit number from 01 to "
            "99: write it like '08-island-science'",
        ),
        (
            "00-island-science",
            TITLE,
            "module name '00-island-science' does not start with a two-digit number from 01 to "
            "99: write it like '08-island-science'",
        ),
        (
            "island-science",
            TITLE,
            "module name 'island-science' has no number for its place in the catalogue: write "
            "it like '08-island-science'",
        ),
        (
            "08-Island_Science",
            TITLE,
            "module name '08-Island_Science' is not NN-slug: after the number, write lower-case "
            "words of letters and digits joined by hyphens, e.g. '08-island-science'",
        ),
        (
            "08-island-science",
            "   ",
            "the title is empty: give the module's title, e.g. --title \"Teaching science to "
            'island classes"',
        ),
    ],
)
def test_bad_input_is_refused_with_one_line(tmp_path, capsys, name, title, error):
    modules = tmp_path / "modules"
    assert main(["new-module", name, "--title", title, "--modules", str(modules)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"classbridge: error: {error}\n"
    assert captured.out == ""
    assert not modules.exists()


def test_an_existing_folder_or_a_taken_number_is_refused(module: TemplateModule, capsys):
    modules = str(module.modules)
    before = module.notebook.read_text(encoding="utf-8")
    assert main(["new-module", MODULE, "--title", "Again", "--modules", modules]) == 2
    assert capsys.readouterr().err == (
        f"classbridge: error: '{module.modules / MODULE}' already exists: edit the notebook in "
        "it, or choose a new name for the new module\n"
    )
    assert main(["new-module", "08-tides", "--title", "Tides", "--modules", modules]) == 2
    assert capsys.readouterr().err == (
        "classbridge: error: number 08 is taken by '08-island-science' (the number sets the "
        "catalogue order): use a free one, e.g. '09-tides'\n"
    )
    assert sorted(p.name for p in module.modules.iterdir()) == [MODULE]
    assert module.notebook.read_text(encoding="utf-8") == before


def test_a_title_is_required(tmp_path, capsys):
    with pytest.raises(SystemExit) as refused:
        main(["new-module", MODULE, "--modules", str(tmp_path)])
    assert refused.value.code == 2
    assert "the following arguments are required: --title" in capsys.readouterr().err


def test_the_new_module_passes_the_fast_check(module: TemplateModule, capsys):
    assert main(["check", str(module.modules), "--fast"]) == 0
    assert capsys.readouterr().out == (
        "All well: 1 module(s), 1 notebook(s) checked (--fast: read, not run).\n"
    )


@pytest.mark.slow  # nbgrader releases, trainees fetch and submit, nbgrader autogrades
def test_the_new_module_releases_and_autogrades_full_for_the_key_and_zero_for_nothing(
    module: TemplateModule, tmp_path: Path
):
    course = Course(root=tmp_path / "course", modules_dir=module.modules, cell_timeout=60)
    release_module(course, MODULE)
    sheet = f"{MODULE}/graded"
    key = {"answers": {"who-notices": [0], "wait-time": 7.0}}
    fetch_and_hand_in_work(course, tmp_path / "rita", "rita", MODULE, {sheet: key})
    fetch_and_hand_in_work(course, tmp_path / "walt", "walt", MODULE, {})
    assert collect_module(course, MODULE) == ["rita", "walt"]
    outcomes = autograde_cohort(course, MODULE, jobs=2, progress=False)
    assert [(o.trainee, o.status) for o in outcomes] == [
        ("rita", OUTCOME_GRADED),
        ("walt", OUTCOME_GRADED),
    ]
    with open_gradebook(course) as gradebook:
        for trainee, auto in (("rita", 2), ("walt", 0)):
            scores = [
                gradebook.find_grade(cell, "island-science", MODULE, trainee).auto_score
                for cell in ("test-who-notices", "test-wait-time")
            ]
            assert sum(scores) == auto, trainee
            reflection = gradebook.find_grade("reflection-task", "island-science", MODULE, trainee)
            assert reflection.needs_manual_grade and reflection.max_score == 3
