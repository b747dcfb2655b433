"""Every saved version of a plan, kept whole so any of them can be restored.

A plan file holds only its latest version, and its history only notes who
changed what. A trainee who replaces their plan (with a copy from the bank,
say) must be able to get the old one back, so each save also keeps the plan
as written under ``.versions/<id>/<version>.yaml`` beside the plan files. The
folder is hidden: the bank lists ``*.yaml`` in the plans' folder only, and
``classbridge lessons check`` and nbgrader's hand-in leave it alone.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from classbridge.core.language import _
from classbridge.core.storage import SaveFailed, write_atomic
from classbridge.core.workspace import check_segment
from classbridge.lessons.plan import PlanError, dump_plan, parse_plan
from classbridge.lessons.plan_shape import LessonPlan

VERSIONS_FOLDER = ".versions"


class VersionArchive:
    """The kept versions of the plans in one folder (``folder/.versions``).

    ``mode`` is the plan folder's: 0o666 where several accounts share the bank,
    so a co-author's save can keep its version too.
    """

    def __init__(self, plans_folder: Path, mode: int | None = None) -> None:
        self.folder = Path(plans_folder) / VERSIONS_FOLDER
        self.mode = mode

    def path(self, plan_id: str, version: int) -> Path:
        return self.folder / check_segment(plan_id, _("lesson plan id")) / f"{int(version)}.yaml"

    def keep(self, plan: LessonPlan | dict) -> None:
        """Write ``plan`` as its version, atomically.

        A failure raises ``SaveFailed`` naming the plan, not the kept file: the
        store keeps a version before writing the plan, so nothing was saved.
        """
        path = self.path(plan["id"], plan["version"])
        try:
            self._make_folders(path.parent)
            write_atomic(path, dump_plan(plan).encode("utf-8"), self.mode)
        except OSError as err:
            cause = err.__cause__ if isinstance(err, SaveFailed) else err
            code = getattr(cause, "errno", None)
            why = _("the disk is full") if code == errno.ENOSPC else getattr(cause, "strerror", "")
            raise SaveFailed(
                code,
                _("could not save {name}: {reason}; free some space and save again").format(
                    name=f"{plan['id']}.yaml", reason=why or cause
                ),
            ) from err

    def has(self, plan_id: str, version: int) -> bool:
        return self.path(plan_id, version).is_file()

    def kept(self, plan_id: str) -> list[int]:
        """The versions of ``plan_id`` kept here, oldest first."""
        folder = self.folder / check_segment(plan_id, _("lesson plan id"))
        if not folder.is_dir():
            return []
        return sorted(int(p.stem) for p in folder.glob("*.yaml") if p.stem.isdigit())

    def load(self, plan_id: str, version: int) -> LessonPlan:
        """The plan as it was saved as ``version``."""
        path = self.path(plan_id, version)
        if not path.is_file():
            raise PlanError(
                _(
                    "version {version} of lesson plan {name} was not kept; "
                    "choose one of the versions listed under Earlier versions"
                ).format(version=version, name=f"{plan_id}.yaml")
            )
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise PlanError(
                _(
                    "kept version {version} of lesson plan {name} is not UTF-8 text; "
                    "choose another version"
                ).format(version=version, name=f"{plan_id}.yaml")
            ) from None
        source = _("{name} version {version}").format(name=f"{plan_id}.yaml", version=version)
        return parse_plan(text, source)

    def _make_folders(self, folder: Path) -> None:
        """Create ``.versions/<id>/``; in a shared bank, every account may write into them."""
        for part in (self.folder, folder):
            if part.is_dir():
                continue
            part.mkdir(parents=True, exist_ok=True)
            if self.mode is not None and part.stat().st_uid == os.geteuid():
                os.chmod(part, 0o777)
