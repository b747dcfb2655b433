"""The published schema of module metadata and the catalogue's own reader agree.

``share/module-metadata.schema.json`` is what ``classbridge check`` validates
against; ``classbridge.core.catalogue.read_module`` is what the catalogue
lists. Each example below is accepted by both or refused by both.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classbridge.authoring.metadata_schema import (
    SCHEMA_PATH,
    metadata_problems,
    metadata_validator,
)
from classbridge.core.catalogue import ModuleInfo, read_module

VALID = {
    "title": "Teaching science to island classes",
    "summary": "Wait time and checks for understanding over a delayed link.",
    "duration_minutes": 45,
    "objectives": ["Plan wait time on a delayed link"],
}

ACCEPTED = {
    "the required fields": VALID,
    "with prerequisites and keywords": {
        **VALID,
        "prerequisites": ["01-welcome"],
        "keywords": ["science"],
    },
    "empty prerequisites and keywords": {**VALID, "prerequisites": [], "keywords": []},
    "a field the catalogue does not read": {**VALID, "language": "fr"},
    "text in any script": {**VALID, "title": "Ciencias en la isla", "objectives": ["理解"]},
    "one minute": {**VALID, "duration_minutes": 1},
}

REFUSED = {
    "no title": {k: v for k, v in VALID.items() if k != "title"},
    "no objectives": {k: v for k, v in VALID.items() if k != "objectives"},
    "an empty title": {**VALID, "title": ""},
    "a blank summary": {**VALID, "summary": "   "},
    "a title that is a number": {**VALID, "title": 8},
    "minutes as text": {**VALID, "duration_minutes": "45"},
    "minutes with a decimal point": {**VALID, "duration_minutes": 45.0},
    "a fraction of a minute": {**VALID, "duration_minutes": 4.5},
    "no minutes": {**VALID, "duration_minutes": 0},
    "negative minutes": {**VALID, "duration_minutes": -5},
    "minutes as true": {**VALID, "duration_minutes": True},
    "no objective listed": {**VALID, "objectives": []},
    "an objective that is blank": {**VALID, "objectives": ["Plan", " "]},
    "objectives as one text": {**VALID, "objectives": "Plan wait time"},
    "prerequisites as null": {**VALID, "prerequisites": None},
    "a keyword that is a number": {**VALID, "keywords": [3]},
    "not an object": ["title"],
}


def _catalogue_accepts(tmp_path: Path, meta: object) -> bool:
    notebook = tmp_path / "08-x" / "x.ipynb"
    notebook.parent.mkdir(exist_ok=True)
    notebook.write_text(
        json.dumps({"cells": [], "metadata": {"classbridge": meta}, "nbformat": 4}),
        encoding="utf-8",
    )
    return isinstance(read_module(notebook, tmp_path), ModuleInfo)


def _schema_accepts(meta: object) -> bool:
    return metadata_validator().is_valid(meta)


@pytest.mark.parametrize("example", ACCEPTED, ids=list(ACCEPTED))
def test_both_accept(tmp_path, example):
    meta = ACCEPTED[example]
    assert _schema_accepts(meta)
    assert _catalogue_accepts(tmp_path, meta)
    assert metadata_problems({"metadata": {"classbridge": meta}}) == []


@pytest.mark.parametrize("example", REFUSED, ids=list(REFUSED))
def test_both_refuse(tmp_path, example):
    meta = REFUSED[example]
    assert not _schema_accepts(meta)
    assert not _catalogue_accepts(tmp_path, meta)
    assert len(metadata_problems({"metadata": {"classbridge": meta}})) == 1


def test_the_schema_is_a_valid_json_schema_that_requires_what_the_catalogue_requires():
    from jsonschema import Draft202012Validator

    from classbridge.core.catalogue import REQUIRED_FIELDS

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert tuple(schema["required"]) == REQUIRED_FIELDS
    # Each field's description is the fix a check prints, so every field has one.
    assert all(field["description"] for field in schema["properties"].values())


def test_each_problem_names_the_field_and_the_fix():
    problems = metadata_problems(
        {"metadata": {"classbridge": {**VALID, "duration_minutes": 45.0, "keywords": [3]}}}
    )
    assert problems == [
        "notebook metadata field 'duration_minutes' is 45.0: write how long the module takes, "
        "in whole minutes above 0 without quotes, e.g. 45",
        "notebook metadata field 'keywords' item 1 is 3: write a list of words trainees may "
        'search for, e.g. ["science", "wait time"], or []',
    ]
    assert metadata_problems({"metadata": {}}) == [
        "has no 'classbridge' notebook metadata: add title, summary, duration_minutes and "
        "objectives (JupyterLab: Property Inspector > Advanced Tools > Notebook metadata)"
    ]
