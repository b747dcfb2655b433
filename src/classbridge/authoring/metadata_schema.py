"""The module metadata's published JSON Schema, and its problems in words a trainer can act on.

``share/module-metadata.schema.json`` is the contract for the ``classbridge``
notebook metadata the catalogue reads (``classbridge.core.catalogue``); a test
keeps the two accepting and refusing the same examples. JSON Schema counts
``45.0`` as an integer, the catalogue does not: the check validates with
whole numbers written as such, as the catalogue reads them.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING

from classbridge.core.catalogue import METADATA_KEY
from classbridge.core.share import share_path

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

SCHEMA_PATH = share_path("module-metadata.schema.json")
#: Where a trainer edits the metadata.
WHERE = "JupyterLab: Property Inspector > Advanced Tools > Notebook metadata"


def metadata_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def metadata_validator() -> Validator:
    """The schema's validator, with whole numbers only where it says integer.

    jsonschema is imported here: it costs a second of CPU, which ``--help`` need not pay.
    """
    from jsonschema import Draft202012Validator, validators

    def whole_number(checker, instance: object) -> bool:
        return isinstance(instance, int) and not isinstance(instance, bool)

    strict = validators.extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", whole_number),
    )
    return strict(metadata_schema())


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


def _description(field: str) -> str:
    return metadata_schema()["properties"].get(field, {}).get("description", "")


def metadata_problems(notebook: dict) -> list[str]:
    """What is wrong with the notebook's catalogue metadata, one fix each; [] when it is valid."""
    metadata = notebook.get("metadata")
    meta = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    if meta is None:
        return [
            f"has no '{METADATA_KEY}' notebook metadata: add title, summary, duration_minutes "
            f"and objectives ({WHERE})"
        ]
    if not isinstance(meta, dict):
        return [
            f"notebook metadata '{METADATA_KEY}' is {_shown(meta)}, not an object: write "
            f'{{"title": ..., "summary": ..., "duration_minutes": ..., "objectives": [...]}} '
            f"({WHERE})"
        ]
    problems: list[str] = []
    seen: set[str] = set()
    errors = sorted(metadata_validator().iter_errors(meta), key=lambda e: list(e.absolute_path))
    for error in errors:
        path = list(error.absolute_path)
        if error.validator == "required":
            missing = [f for f in metadata_schema()["required"] if f not in meta]
            for field in missing:
                if field not in seen:
                    seen.add(field)
                    problems.append(
                        f"notebook metadata '{METADATA_KEY}' lacks '{field}': add it, "
                        f"{_description(field)}"
                    )
            continue
        field = str(path[0]) if path else ""
        if not field or field in seen:
            continue
        seen.add(field)
        item = f" item {path[1] + 1}" if len(path) > 1 and isinstance(path[1], int) else ""
        value = error.instance
        problems.append(
            f"notebook metadata field '{field}'{item} is {_shown(value)}: write "
            f"{_description(field)}"
        )
    return problems
