"""The competence framework the curriculum is mapped to: DigCompEdu's 22 competences.

An established framework, not our own list, so a school alliance can say
which educator competences its training builds (and which it does not yet)
in terms ministries and universities already use. Names in each language we
speak are data (``share/digcompedu.json``).
"""

from __future__ import annotations

import json
from functools import cache

from classbridge.core.share import share_path

FRAMEWORK = "DigCompEdu"


@cache
def _framework() -> dict:
    return json.loads(share_path("digcompedu.json").read_text(encoding="utf-8"))


def competence_ids() -> tuple[str, ...]:
    return tuple(_framework()["competences"])


def competence_name(number: str, language: str) -> str:
    """``"3.1"`` -> ``"Teaching"`` (or ``"教學"``); English where a language has no name yet."""
    names = _framework()["competences"][number]
    return names.get(language) or names["en"]


def area_name(area: str, language: str) -> str:
    names = _framework()["areas"][area]
    return names.get(language) or names["en"]
