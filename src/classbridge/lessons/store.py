"""A folder of lesson-plan files that co-authors save into without losing each other's work.

A save names the plan it started from (its ``base``). Under a file lock we
read what is on disk: if nobody saved since the base, ours is written; if a
co-author did, their changes and ours are merged field by field
(``classbridge.lessons.merge``) and the merge is written, or, where both
changed the same field, nothing is written and ``PlanConflict`` says which
fields to decide. Writes are atomic (``classbridge.core.storage.write_atomic``), so
a crash leaves the previous version whole, and every version written is also
kept whole (``classbridge.lessons.versions``), so any of them can be restored.

A plan nobody has saved yet has no base (``None``): nothing is written until
its first save, so a page that only shows a fresh plan creates no file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _
from classbridge.core.storage import locked, write_atomic
from classbridge.core.workspace import check_segment
from classbridge.lessons.merge import MISSING, Conflict, merge_plans
from classbridge.lessons.plan import (
    PlanError,
    check_plan,
    dump_plan,
    field_name,
    load_plan,
    now,
    timing_problem,
)
from classbridge.lessons.versions import VersionArchive


class PlanConflict(ClassBridgeError):
    """A co-author changed the same fields; nothing was written."""

    def __init__(self, conflicts: list[Conflict], merged: dict, theirs: dict) -> None:
        self.conflicts = conflicts
        self.merged = merged  # everything that did merge; conflicting fields hold ours
        self.theirs = theirs  # the version on disk now (the base of the next save)
        who = theirs["history"][-1]["by"]
        fields = ", ".join(field_name(c.path) for c in conflicts)
        super().__init__(
            _(
                "{who} saved this plan (version {version}) while you edited it, and you "
                "both changed {fields}: choose which to keep for each, then save again"
            ).format(who=who, version=theirs["version"], fields=fields)
        )


@dataclass(frozen=True)
class SavedPlan:
    plan: dict  # as written
    merged_with: tuple[str, ...] = ()  # co-authors whose newer saves were merged in


def _changed_fields(base: dict | None, plan: dict) -> str:
    if base is None:
        return "created"
    names = [k for k in plan if k not in ("version", "history") and plan.get(k) != base.get(k)]
    return "changed " + ", ".join(names) if names else "saved without changes"


class PlanFolder:
    """The plan files in one folder; ``writable=False`` for the samples shipped with ClassBridge.

    ``shared=True`` for a bank that several accounts write (a workshop hub with
    one Unix account per teacher): plan and lock files are then readable and
    writable by all, as nbgrader's exchange is.
    """

    def __init__(self, folder: Path, writable: bool = True, shared: bool = False) -> None:
        self.folder = Path(folder)
        self.writable = writable
        self.mode = 0o666 if shared else None
        self.versions = VersionArchive(self.folder, self.mode)

    def files(self) -> list[Path]:
        """The plan files here, by name (none if the folder does not exist yet)."""
        return sorted(self.folder.glob("*.yaml")) if self.folder.is_dir() else []

    def path(self, plan_id: str) -> Path:
        checked = check_segment(plan_id, _("lesson plan id"))
        return self.folder / f"{checked}.yaml"

    def load(self, plan_id: str) -> dict:
        path = self.path(plan_id)
        if not path.is_file():
            raise PlanError(
                _("lesson plan {name} is not in {folder}; check the name").format(
                    name=path.name, folder=self.folder
                )
            )
        return load_plan(path)

    def _refuse_if_read_only(self) -> None:
        if not self.writable:
            raise PlanError(
                _(
                    "the plans in {folder} are samples and cannot be changed; use "
                    "'Copy and adapt' to make your own version"
                ).format(folder=self.folder)
            )

    def free_id(self, wanted: str) -> str:
        """``wanted``, or ``wanted-2``, ``wanted-3``… whichever no plan uses yet."""
        candidate, n = wanted, 1
        while self.path(candidate).exists():
            n += 1
            candidate = f"{wanted[:60]}-{n}"
        return candidate

    def create(self, plan: dict) -> dict:
        """Write a new plan under a free id (taking the next one if its id is in use)."""
        self._refuse_if_read_only()
        self.folder.mkdir(parents=True, exist_ok=True)
        with locked(self.folder / ".new-plan", self.mode):
            plan = copy.deepcopy(plan)
            plan["id"] = self.free_id(plan["id"])
            path = self.path(plan["id"])
            check_plan(plan, path.name)
            self.versions.keep(plan)
            write_atomic(path, dump_plan(plan).encode("utf-8"), self.mode)
        return plan

    def save(self, plan: dict, base: dict | None, by: str, note: str = "") -> SavedPlan:
        """Save ``plan``, edited from ``base``: as is, merged with newer saves, or refused.

        ``base`` is ``None`` for a plan that was never saved: its first save
        creates the file, or, if another tab or window saved one meanwhile, is
        merged with it as any co-author's save is.
        """
        self._refuse_if_read_only()
        path = self.path(plan["id"])
        with locked(path, self.mode):
            theirs = load_plan(path) if path.exists() else None
            started_at = base["version"] if base is not None else 0
            merged_with: tuple[str, ...] = ()
            result = copy.deepcopy(plan)
            if theirs is not None and theirs["version"] != started_at:
                result, merged_with = self._merge(plan, base, theirs)
            previous = theirs if theirs is not None else base
            history = list(previous["history"]) if previous is not None else []
            version = max(previous["version"] if previous is not None else 0, started_at) + 1
            what = note.strip() or _changed_fields(base, plan)
            if merged_with:
                what += f"; merged with the changes of {', '.join(merged_with)}"
            history.append({"version": version, "date": now(), "by": by, "note": what})
            result.update(version=version, history=history)
            if by not in [a["name"] for a in result["authors"]]:
                result["authors"] = [*result["authors"], {"name": by, "school": ""}]
            check_plan(result, path.name)
            if theirs is not None and not self.versions.has(theirs["id"], theirs["version"]):
                self.versions.keep(theirs)  # saved before versions were kept: keep it now
            self.versions.keep(result)
            write_atomic(path, dump_plan(result).encode("utf-8"), self.mode)
        return SavedPlan(result, merged_with)

    @staticmethod
    def _merge(plan: dict, base: dict | None, theirs: dict) -> tuple[dict, tuple[str, ...]]:
        """``plan`` merged with the newer ``theirs``, and who saved those; ``PlanConflict`` if
        both changed a field. Without a base (two first saves) every differing field clashes."""
        started = base if base is not None else {}
        result, conflicts = merge_plans(started, plan, theirs)
        if not conflicts and timing_problem(result) and not timing_problem(plan):
            # Each side added up; together they do not. The timeline is one decision.
            conflicts = [
                Conflict(
                    ("segments",),
                    started.get("segments", MISSING),
                    plan["segments"],
                    theirs["segments"],
                )
            ]
        if conflicts:
            raise PlanConflict(conflicts, result, theirs)
        since = started.get("version", 0)
        newer = [h["by"] for h in theirs["history"] if h["version"] > since]
        return result, tuple(dict.fromkeys(newer))
