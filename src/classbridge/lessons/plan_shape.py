"""The shape of a lesson plan as Python code sees it, beside the JSON Schema files are checked with.

The schema (``share/lesson-plan.schema.json``) is what a plan file must satisfy;
these TypedDicts let the planner, the bank, the merge and the grader agree on the
same fields in code, and let a type checker catch a misspelt field. They add no
checks at run time: a plan is a plain dict, loaded from YAML and validated.
"""

# No ``from __future__ import annotations`` here: TypedDict reads NotRequired from the
# evaluated annotations to know which keys are required.
from typing import Literal

from typing_extensions import NotRequired, TypedDict

Lead = Literal["remote", "on-site"]


class Person(TypedDict):
    name: str
    school: NotRequired[str]


class Segment(TypedDict):
    """One part of the lesson: who leads it, what happens, for how long."""

    lead: Lead
    activity: str
    minutes: int
    materials: NotRequired[list[str]]


class Differentiation(TypedDict, total=False):
    support: str
    stretch: str


class AdaptedFrom(TypedDict):
    """The credit a copied plan keeps to the plan it came from."""

    id: str
    title: str
    authors: list[Person]
    version: int


class HistoryEntry(TypedDict):
    version: int
    date: str
    by: str
    note: str


class LessonPlan(TypedDict):
    """A plan file's fields, in the order ``plan.FIELD_ORDER`` writes them."""

    format: str
    id: str
    title: str
    subject: str
    grade_band: str
    languages: list[str]
    lesson_minutes: int
    objectives: list[str]
    segments: list[Segment]
    differentiation: NotRequired[Differentiation]
    assessment: NotRequired[str]
    keywords: NotRequired[list[str]]
    authors: list[Person]
    adapted_from: NotRequired[AdaptedFrom]
    version: int
    history: list[HistoryEntry]
