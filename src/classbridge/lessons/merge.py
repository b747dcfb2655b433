"""Three-way, field-by-field merge of two teachers' edits to one lesson plan.

Two co-authors load version 4, both edit, both save. The second save must
neither overwrite the first (lost work) nor be refused outright (lost work of
the other kind). We compare each side with the version both started from,
field by field: a field only one side changed takes that side's value; a
field both changed to different values is a conflict for a person to decide.
Dicts merge key by key; lists of the same length (segments, objectives) merge
item by item, so editing segment 2 and segment 4 never conflict; a list whose
length changed on one side only takes that side.

jupyter-collaboration merges keystrokes live inside JupyterLab; this is the
merge for the Voilà planner, where each teacher edits a form and saves.
"""

from __future__ import annotations

from dataclasses import dataclass

# Bookkeeping the store writes itself: never merged, never a conflict.
NOT_MERGED = ("version", "history")
# A field one side does not have (deleted, or never added).
MISSING = object()


@dataclass(frozen=True)
class Conflict:
    path: tuple
    base: object
    mine: object
    theirs: object


def _merge(base: object, mine: object, theirs: object, path: tuple, out: list[Conflict]):
    if mine == theirs:
        return mine
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
        keys = list(dict.fromkeys([*base, *mine, *theirs]))
        merged = {}
        for key in keys:
            value = _merge(
                base.get(key, MISSING),
                mine.get(key, MISSING),
                theirs.get(key, MISSING),
                (*path, key),
                out,
            )
            if value is not MISSING:
                merged[key] = value
        return merged
    if (
        isinstance(base, list)
        and isinstance(mine, list)
        and isinstance(theirs, list)
        and len(base) == len(mine) == len(theirs)
    ):
        triples = enumerate(zip(base, mine, theirs, strict=True))
        return [_merge(b, m, t, (*path, i), out) for i, (b, m, t) in triples]
    out.append(Conflict(path, base, mine, theirs))
    return mine


def merge_plans(base: dict, mine: dict, theirs: dict) -> tuple[dict, list[Conflict]]:
    """The merged plan (conflicting fields hold *mine*) and the conflicts to resolve."""
    conflicts: list[Conflict] = []
    strip = lambda plan: {k: v for k, v in plan.items() if k not in NOT_MERGED}  # noqa: E731
    merged = _merge(strip(base), strip(mine), strip(theirs), (), conflicts)
    for key in NOT_MERGED:
        if key in theirs:
            merged[key] = theirs[key]
    return merged, conflicts


def set_field(plan: dict, path: tuple, value: object) -> None:
    """Put ``value`` at ``path`` (how a person's choice on a conflict is applied)."""
    target = plan
    for part in path[:-1]:
        target = target[part]
    if value is MISSING:
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value
