"""The alliance's lesson bank: sample plans shipped with ClassBridge plus the shared folder.

The samples are read-only (they are what every workshop starts from); plans
teachers write or adapt go to the shared folder, which on a workshop
JupyterHub is one folder every trainee can write (``CLASSBRIDGE_LESSON_BANK``).
A file that cannot be read is listed with its reason and never hides the
others, as in the module catalogue.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from classbridge.core.language import _
from classbridge.core.share import share_path
from classbridge.core.workspace import workspace_root
from classbridge.lessons.plan import PlanError, adapt_plan, load_plan, readiness_problems, slug
from classbridge.lessons.search_text import contains_all
from classbridge.lessons.store import PlanFolder

BANK_ENV = "CLASSBRIDGE_LESSON_BANK"
SAMPLES = share_path("lesson-bank")


def shared_bank_folder() -> Path:
    """Where teachers' plans go; trainee ids cannot start with '_', so this never clashes."""
    return Path(os.environ.get(BANK_ENV) or workspace_root() / "_lesson-bank")


@dataclass(frozen=True)
class BankPlan:
    plan: dict
    folder: PlanFolder
    problems: tuple[str, ...]  # what the draft still lacks (empty: ready to teach)

    @property
    def is_sample(self) -> bool:
        return not self.folder.writable

    def matches(
        self, text: str = "", subject: str = "", grade: str = "", language: str = ""
    ) -> bool:
        plan = self.plan
        if subject and plan["subject"] != subject:
            return False
        if grade and plan["grade_band"] != grade:
            return False
        if language and language not in plan["languages"]:
            return False
        if text:
            haystack = " ".join(
                [
                    plan["title"],
                    plan["subject"],
                    plan["grade_band"],
                    *plan.get("keywords", []),
                    *plan["objectives"],
                    *(s["activity"] for s in plan["segments"]),
                    *(a["name"] for a in plan["authors"]),
                ]
            )
            # Each term as a substring of NFKC-normalised text: Chinese has no spaces
            # between words (共備 inside 三校教師共備時); see lessons/search_text.py.
            return contains_all(haystack, text)
        return True


@dataclass(frozen=True)
class BrokenPlan:
    file: str
    reason: str


class LessonBank:
    def __init__(self, shared: Path | None = None, samples: Path | None = SAMPLES) -> None:
        self.shared = PlanFolder(shared or shared_bank_folder(), shared=True)
        self.folders = [self.shared] + ([PlanFolder(samples, writable=False)] if samples else [])

    def scan(self) -> tuple[list[BankPlan], list[BrokenPlan]]:
        """Every plan, shared ones first then samples, each by title; and the unreadable files."""
        plans: list[BankPlan] = []
        broken: list[BrokenPlan] = []
        for folder in self.folders:
            found = []
            for path in folder.files():
                try:
                    plan = load_plan(path)
                except (PlanError, OSError) as err:
                    broken.append(BrokenPlan(path.name, str(err)))
                    continue
                found.append(BankPlan(plan, folder, tuple(readiness_problems(plan))))
            plans += sorted(found, key=lambda p: p.plan["title"].casefold())
        return plans, broken

    def search(
        self, text: str = "", subject: str = "", grade: str = "", language: str = ""
    ) -> list[BankPlan]:
        return [p for p in self.scan()[0] if p.matches(text, subject, grade, language)]

    def facets(self, plans: list[BankPlan] | None = None) -> dict[str, list[str]]:
        """The values to filter by: every subject, grade band and language among ``plans``."""
        found = [p.plan for p in (self.scan()[0] if plans is None else plans)]
        return {
            "subject": sorted({p["subject"] for p in found if p["subject"]}),
            "grade": sorted({p["grade_band"] for p in found if p["grade_band"]}),
            "language": sorted({lang for p in found for lang in p["languages"]}),
        }

    def find(self, plan_id: str) -> BankPlan:
        for entry in self.scan()[0]:
            if entry.plan["id"] == plan_id:
                return entry
        raise PlanError(
            _("lesson plan {id!r} is not in the bank; search for it by title").format(id=plan_id)
        )

    def copy_and_adapt(self, plan_id: str, author: str, school: str = "") -> dict:
        """A copy in the shared folder that the author may change, crediting the original."""
        original = self.find(plan_id).plan
        return self.shared.create(
            adapt_plan(original, slug(original["id"] + "-adapted"), author, school)
        )
