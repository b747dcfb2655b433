"""``classbridge check``: one line per problem naming the file, the cell and the fix; exit 1.

Each test breaks the module ``new-module`` writes in one way, as a trainer
might, and expects exactly that one line and the summary. The runs (trainee
version, top to bottom, autograding) are in the tests marked slow.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from classbridge.authoring.module_check import check_modules
from classbridge.authoring.module_runs import release_problems, trial_course
from classbridge.authoring.module_template import new_module
from classbridge.authoring.static_checks import notebook_problems
from classbridge.cli import main
from tests.authoring.conftest import MODULE, TemplateModule

MARKERS = "'### BEGIN HIDDEN TESTS' and '### END HIDDEN TESTS'"
ONE_PROBLEM = "1 problem(s) in 1 of 1 module(s), 1 notebook(s)."


def check(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["check", *args])
    return code, capsys.readouterr().out.splitlines()


def test_a_module_with_no_problem_is_all_well(module: TemplateModule, capsys):
    assert check(capsys, str(module.modules), "--fast") == (
        0,
        ["All well: 1 module(s), 1 notebook(s) checked (--fast: read, not run)."],
    )


def _without_metadata(notebook: dict) -> None:
    del notebook["metadata"]["classbridge"]


def _minutes_as_text(notebook: dict) -> None:
    notebook["metadata"]["classbridge"]["duration_minutes"] = "30"


def test_missing_metadata_is_one_line(module: TemplateModule, capsys):
    module.edit(_without_metadata)
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown}: has no 'classbridge' notebook metadata: add title, summary, "
            "duration_minutes and objectives (JupyterLab: Property Inspector > Advanced Tools > "
            "Notebook metadata)",
            ONE_PROBLEM,
        ],
    )


def test_metadata_of_the_wrong_type_is_one_line(module: TemplateModule, capsys):
    module.edit(_minutes_as_text)
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown}: notebook metadata field 'duration_minutes' is \"30\": write how "
            "long the module takes, in whole minutes above 0 without quotes, e.g. 45",
            ONE_PROBLEM,
        ],
    )


def test_a_notebook_that_is_not_json_is_one_line(module: TemplateModule, capsys):
    module.notebook.write_text('{"cells": [', encoding="utf-8")
    code, out = check(capsys, str(module.modules), "--fast")
    assert code == 1
    assert out[0].startswith(f"{module.shown}: is not valid JSON (line 1, column 12: ")
    assert out[0].endswith("; fix the file or restore it from version control")
    assert out[1:] == [ONE_PROBLEM]


def test_a_duplicate_grade_id_is_one_line(module: TemplateModule, capsys):
    first = module.at("test-who-notices")

    def repeat_id(notebook: dict) -> None:
        cell = module.cell(notebook, "test-wait-time")
        cell["metadata"]["nbgrader"]["grade_id"] = "test-who-notices"

    second = module.at("test-wait-time").replace("test-wait-time", "test-who-notices")
    module.edit(repeat_id)
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown} {second}: has the grade_id 'test-who-notices' of "
            f"{first.split(' (')[0]}: give this cell a grade_id of its own, e.g. "
            "'test-who-notices-2'",
            ONE_PROBLEM,
        ],
    )


def test_a_key_without_a_question_is_one_line(module: TemplateModule, capsys):
    def key_another_question(notebook: dict) -> None:
        extra = copy.deepcopy(module.cell(notebook, "test-wait-time"))
        extra["id"] = "test-wind-speed"
        extra["metadata"]["nbgrader"]["grade_id"] = "test-wind-speed"
        extra["source"] = "".join(extra["source"]).replace('"wait-time"', '"wind-speed"')
        notebook["cells"].insert(8, extra)

    module.edit(key_another_question)
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown} {module.at('test-wind-speed')}: the answer key names question "
            f"'wind-speed', which sheet '{MODULE}/graded' does not have (its questions are "
            "who-notices, wait-time): give the Ask that id, or key one of the ids it has",
            ONE_PROBLEM,
        ],
    )


def test_a_question_without_a_key_is_one_line(module: TemplateModule, capsys):
    sheet = module.at("graded-sheet")

    def drop_key(notebook: dict) -> None:
        notebook["cells"].remove(module.cell(notebook, "test-wait-time"))

    module.edit(drop_key)
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown} {sheet}: question 2 ('wait-time') of sheet '{MODULE}/graded' has "
            "no answer key entry: add an 'Autograder tests' cell with "
            f'key.expect("wait-time", ..., why="...") between {MARKERS}',
            ONE_PROBLEM,
        ],
    )


def test_two_questions_with_one_id_is_one_line(module: TemplateModule, capsys):
    module.edit_source("graded-sheet", lambda s: s.replace('id="wait-time"', 'id="who-notices"'))
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown} {module.at('graded-sheet')}: two questions of sheet "
            f"'{MODULE}/graded' have the id 'who-notices': give question 2 an id of its own",
            ONE_PROBLEM,
        ],
    )


def test_a_key_entry_trainees_would_see_is_one_line(module: TemplateModule, capsys):
    module.edit_source(
        "test-who-notices",
        lambda s: s.replace("### BEGIN HIDDEN TESTS\n", "").replace("\n### END HIDDEN TESTS", ""),
    )
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown} {module.at('test-who-notices')}: the key entry for 'who-notices' is "
            f"outside the hidden tests, so trainees would see the answer: put it between "
            f"{MARKERS}",
            ONE_PROBLEM,
        ],
    )


def test_a_copy_of_a_key_line_left_for_trainees_is_one_line(module: TemplateModule, capsys):
    module.edit_source("reflection", lambda s: s + "\n# number=7,")
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown} {module.at('reflection')}: shows trainees '# number=7,', a line of "
            f"the answer key: remove it here, or put it between {MARKERS}",
            ONE_PROBLEM,
        ],
    )


def test_hidden_tests_in_a_cell_nbgrader_does_not_grade_is_one_line(module: TemplateModule, capsys):
    def not_graded(notebook: dict) -> None:
        module.cell(notebook, "test-wait-time")["metadata"]["nbgrader"]["grade"] = False

    module.edit(not_graded)
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown} {module.at('test-wait-time')}: has hidden tests but is not an "
            "autograder tests cell, so nbgrader cannot make the trainee version: mark it "
            "'Autograder tests' with its points",
            ONE_PROBLEM,
        ],
    )


def test_a_key_no_answer_could_meet_is_one_line(module: TemplateModule, capsys):
    module.edit_source("test-who-notices", lambda s: s.replace("choice=0", "choice=2"))
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown} {module.at('test-who-notices')}: the key for 'who-notices' names "
            "option [2], but the question has options 0 to 1: count the options from 0",
            ONE_PROBLEM,
        ],
    )


def test_an_editable_code_cell_is_one_line(module: TemplateModule, capsys):
    def unlock(notebook: dict) -> None:
        del module.cell(notebook, "practice-quiz")["metadata"]["nbgrader"]

    number = module.at("practice-quiz").split(" (")[0]
    module.edit(unlock)
    code, out = check(capsys, str(module.modules), "--fast")
    assert code == 1
    assert out[0].startswith(f"{module.shown} {number}: is not read-only in nbgrader")
    assert out[1:] == [ONE_PROBLEM]


def test_work_saved_under_another_module_is_one_line(module: TemplateModule, capsys):
    module.edit_source("reflection", lambda s: s.replace(f"{MODULE}/", "01-welcome/"))
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.shown} {module.at('reflection')}: Reflection saves under "
            f"'01-welcome/reflection', which does not start with '{MODULE}/': name it "
            f"'{MODULE}/reflection', so this module's saved work stays apart from other modules'",
            ONE_PROBLEM,
        ],
    )


def test_a_duplicate_catalogue_number_is_one_line(module: TemplateModule, capsys):
    other = new_module(module.modules, "09-tides", "Tides")
    text = other.read_text(encoding="utf-8").replace("09-tides/", "08-tides/")
    shutil.move(other.parent, module.modules / "08-tides")
    (module.modules / "08-tides" / other.name).write_text(text, encoding="utf-8")
    assert check(capsys, str(module.modules), "--fast") == (
        1,
        [
            f"{module.modules / '08-tides'}: has the catalogue number 08 of '{MODULE}': give it "
            "a free number, e.g. rename the folder to '09-tides'",
            "1 problem(s) in 1 of 2 module(s), 2 notebook(s).",
        ],
    )


def test_one_module_folder_is_checked_against_its_neighbours(module: TemplateModule, capsys):
    other = new_module(module.modules, "09-tides", "Tides")
    other.write_text("{", encoding="utf-8")
    assert check(capsys, str(module.modules / MODULE), "--fast") == (
        0,
        ["All well: 1 module(s), 1 notebook(s) checked (--fast: read, not run)."],
    )
    code, out = check(capsys, str(module.modules), "--fast")
    assert code == 1 and out[0].startswith(f"{other}: is not valid JSON")


@pytest.mark.parametrize(
    ("folder", "error"),
    [
        (
            "missing",
            "'{path}' does not exist: pass a modules folder or one module folder, e.g. "
            "'classbridge check modules' or 'classbridge check modules/08-island-science'",
        ),
        (
            "empty",
            "'{path}' holds no module folder (NN-slug/ with a notebook): create one with "
            "'classbridge new-module 08-my-topic --title \"My topic\"', or pass the modules folder",
        ),
    ],
)
def test_a_folder_that_cannot_be_checked_is_one_line(tmp_path, capsys, folder, error):
    (tmp_path / "empty").mkdir()
    path = tmp_path / folder
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"classbridge: error: {error.format(path=path)}\n"
    assert captured.out == ""


def _raise_in_practice(source: str) -> str:
    return source + '\nraise RuntimeError("draft: finish this quiz")'


def _key_too_strict(source: str) -> str:
    """A test that fails the key's own answers (while autograding; a page runs it too)."""
    return source.replace(
        "### END HIDDEN TESTS",
        "from classbridge.core.visit import autograding\n\n"
        'assert not autograding(), "stricter than the key"\n### END HIDDEN TESTS',
    )


def _always_passes(notebook: dict) -> None:
    """An autograder tests cell that gives its point for anything, even nothing."""
    notebook["cells"].insert(
        9,
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "test-always",
            "metadata": {
                "nbgrader": {
                    "grade": True,
                    "grade_id": "test-always",
                    "locked": True,
                    "points": 1,
                    "schema_version": 3,
                    "solution": False,
                }
            },
            "outputs": [],
            "source": "### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS",
        },
    )


@pytest.mark.slow  # nbgrader releases and autogrades three modules; each runs top to bottom
def test_the_runs_find_a_cell_that_raises_a_key_that_fails_and_a_test_that_always_passes(
    module: TemplateModule, capsys
):
    raises = TemplateModule(module.modules, new_module(module.modules, "09-raises", "Raises"))
    raises.edit_source("practice-quiz", _raise_in_practice)
    scoring = TemplateModule(module.modules, new_module(module.modules, "10-scoring", "Scoring"))
    scoring.edit_source("test-wait-time", _key_too_strict)
    scoring.edit(_always_passes)
    code = main(["check", str(module.modules)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out.splitlines() == [
        f"{raises.shown} {raises.at('practice-quiz')}: raises RuntimeError: draft: finish this "
        "quiz when the notebook runs top to bottom: fix the cell (a trainee's page would show "
        "the error)",
        f"{scoring.shown} {scoring.at('test-wait-time')}: the answer key's own answers score 0 "
        "of 1 here (AssertionError: stricter than the key): make the cell pass when the key's "
        "answers are handed in",
        f"{scoring.shown} {scoring.at('test-always')}: an empty hand-in scores 1 of 1 here: "
        "make the test fail when nothing was answered",
        "3 problem(s) in 2 of 3 module(s), 3 notebook(s).",
    ]
    # Progress: one line per module, before its runs.
    assert [line.split(":")[0] for line in captured.err.splitlines()] == [
        f"[1/3] {MODULE}",
        "[2/3] 09-raises",
        "[3/3] 10-scoring",
    ]


@pytest.mark.slow  # nbgrader makes the trainee version
def test_the_trainee_version_nbgrader_makes_is_searched_for_the_key(
    module: TemplateModule, tmp_path: Path
):
    module.edit_source(
        "test-who-notices",
        lambda s: s.replace("### BEGIN HIDDEN TESTS\n", "").replace("\n### END HIDDEN TESTS", ""),
    )
    _, facts = notebook_problems(module.notebook, Path(module.shown), MODULE, {MODULE})
    assert facts is not None
    course = trial_course(module.modules, tmp_path / "trial")
    problems = release_problems(course, MODULE, [facts])
    assert [p.line() for p in problems] == [
        f"{module.shown} {module.at('test-who-notices')}: the trainee version made by nbgrader "
        f"still shows the key entry for 'who-notices': put it between {MARKERS} in an "
        "'Autograder tests' cell"
    ]


@pytest.mark.slow  # one module released, run and autograded
def test_the_new_module_passes_the_whole_check(module: TemplateModule):
    progress: list[str] = []
    report = check_modules(module.modules, progress=progress.append)
    assert report.problems == []
    assert report.summary() == (
        "All well: 1 module(s), 1 notebook(s) checked (released, run top to bottom and autograded)."
    )
    assert progress == [
        f"[1/1] {MODULE}: trainee version, top-to-bottom run, autograding key and empty"
    ]
