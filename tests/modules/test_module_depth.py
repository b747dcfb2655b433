"""Each module is worth its minutes: a worked example, a case with questions, a model
reflection, distractors explained as the mistakes they are, and the competences it builds.

Read from the notebooks as an author wrote them, in both languages.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from classbridge.core.competences import competence_ids
from tests.support.repo import CURRICULUM, MODULES


def notebook(module: str) -> dict:
    return json.loads(next((MODULES / module).glob("*.ipynb")).read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def cells_in(nb: dict, language: str, kind: str = "markdown") -> list[str]:
    return [
        source(c)
        for c in nb["cells"]
        if c["cell_type"] == kind and c["metadata"].get("classbridge", {}).get("lang") == language
    ]


def calls(nb: dict, name: str) -> list[ast.Call]:
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse(source(cell))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name:
                found.append(node)
    return found


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


@pytest.mark.parametrize("module", CURRICULUM)
def test_a_worked_example_and_a_case_in_both_languages(module: str) -> None:
    nb = notebook(module)
    english = "\n".join(cells_in(nb, "en"))
    chinese = "\n".join(cells_in(nb, "zh-TW"))
    assert re.search(r"^#+ .*worked example", english, re.I | re.M), "no worked example heading"
    assert re.search(r"^#+ .*\bcase\b", english, re.I | re.M), "no case heading"
    assert re.search(r"^#+ .*(示範|範例|實例)", chinese, re.M), "no worked example in zh-TW"
    assert re.search(r"^#+ .*(案例|個案)", chinese, re.M), "no case in zh-TW"


@pytest.mark.parametrize("module", CURRICULUM)
def test_the_case_has_practice_questions(module: str) -> None:
    # A Quiz whose saved key names the case (e.g. "03-teaching-live/case").
    sources = [source(c) for c in notebook(module)["cells"] if c["cell_type"] == "code"]
    case_quizzes = [s for s in sources if "Quiz(" in s and re.search(r'/case[-\w]*"', s)]
    assert case_quizzes, "no Quiz saved under a '.../case' key"
    assert sum(s.count("Question(") for s in case_quizzes) >= 2


@pytest.mark.parametrize("module", CURRICULUM)
def test_the_reflection_has_a_model_answer_in_both_languages(module: str) -> None:
    reflections = calls(notebook(module), "Reflection")
    assert reflections, "no Reflection"
    for reflection in reflections:
        model = keyword(reflection, "model")
        assert model is not None, "a Reflection without model="
        texts = {k.arg: k.value.value for k in getattr(model, "keywords", [])}
        assert len(texts.get("en", "").split()) >= 80, "the English model is under 80 words"
        assert len(texts.get("zh_TW", "")) >= 150, "the zh-TW model is under 150 字"


@pytest.mark.parametrize("module", CURRICULUM)
def test_every_wrong_option_of_a_graded_question_is_explained(module: str) -> None:
    nb = notebook(module)
    options = {}
    for ask in calls(nb, "Ask"):
        ident = keyword(ask, "id")
        listed = ask.args[1] if len(ask.args) > 1 else keyword(ask, "options")
        if ident is not None and isinstance(listed, ast.Tuple | ast.List):
            options[ident.value] = len(listed.elts)
    entries = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse(source(cell))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "expect":
                entries.append(node)
    assert entries, "no answer key"
    for entry in entries:
        question = entry.args[0].value
        if question not in options:
            continue  # a typed answer: no options to explain
        right = keyword(entry, "choice") or keyword(entry, "choices")
        right_set = (
            set(ast.literal_eval(right))
            if isinstance(right, ast.List)
            else {ast.literal_eval(right)}
        )
        mistakes = keyword(entry, "mistakes")
        assert isinstance(mistakes, ast.Dict), f"{question}: no mistakes= for its wrong options"
        explained = {ast.literal_eval(k) for k in mistakes.keys}
        assert explained == set(range(options[question])) - right_set, question


@pytest.mark.parametrize("module", CURRICULUM)
def test_the_module_names_the_competences_it_builds(module: str) -> None:
    meta = notebook(module)["metadata"]["classbridge"]
    assert 1 <= len(meta.get("competences", [])) <= 5
    assert set(meta["competences"]) <= set(competence_ids())


def test_the_guide_maps_the_curriculum_to_digcompedu_with_its_gaps() -> None:
    guide = (MODULES / "README.md").read_text(encoding="utf-8")
    built = {
        number
        for module in CURRICULUM
        for number in notebook(module)["metadata"]["classbridge"].get("competences", [])
    }
    for module in CURRICULUM:
        row = next(line for line in guide.splitlines() if line.startswith(f"| `{module}`"))
        for number in notebook(module)["metadata"]["classbridge"]["competences"]:
            assert f" {number} " in row.replace("|", " ").replace(",", " ")
    gaps_line = next(line for line in guide.splitlines() if line.startswith("**Gaps:**"))
    assert sorted(re.findall(r"\b[1-6]\.[1-5]\b", gaps_line)) == sorted(
        set(competence_ids()) - built
    )
