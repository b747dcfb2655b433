"""The lesson-plan file: one YAML file per plan, checked against a JSON Schema.

YAML because teachers read and review these files (and see them in diffs): one
field per line, long texts as indented blocks. The schema
(``share/lesson-plan.schema.json``) is the contract; ``jsonschema`` checks it,
and we add the one rule a schema cannot say: the segments' minutes add up to
the lesson length. Every problem is reported as one line naming the file and
the field, because the person fixing it is a teacher with a text editor.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import N_, _
from classbridge.core.share import share_path
from classbridge.lessons.plan_shape import AdaptedFrom, LessonPlan

# yaml and jsonschema are imported where a plan is read, checked or written:
# importing jsonschema alone costs over a second of CPU (its format checkers
# compile a grammar), and module pages import this module without reading plans.
if TYPE_CHECKING:
    import yaml
    from jsonschema import Draft202012Validator

FORMAT = "classbridge-lesson-plan/1"
SCHEMA_PATH = share_path("lesson-plan.schema.json")
LEADS = ("remote", "on-site")
# The order fields are written in: what a reader wants first comes first.
FIELD_ORDER = (
    "format",
    "id",
    "title",
    "subject",
    "grade_band",
    "languages",
    "lesson_minutes",
    "objectives",
    "segments",
    "differentiation",
    "assessment",
    "keywords",
    "authors",
    "adapted_from",
    "version",
    "history",
)


class PlanError(ClassBridgeError, ValueError):
    """A plan file that cannot be used; the message names the file, the field and the fix."""


@cache
def schema_validator() -> Draft202012Validator:
    """Built once: every plan the bank lists, the planner checks or a save writes uses it."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def field_name(path: tuple | list) -> str:
    """``('segments', 2, 'minutes')`` → ``segments[3].minutes`` (counting from 1, as people do)."""
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or _("(the whole plan)")


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def schema_problems(plan: object) -> list[str]:
    """Every schema violation as ``field: problem``, in file order."""
    found = schema_validator().iter_errors(plan)
    errors = sorted(found, key=lambda e: [str(p) for p in e.absolute_path])
    # The problem is jsonschema's own words, in English: it has no translations.
    return [
        _("field '{field}': {problem}").format(
            field=field_name(list(e.absolute_path)), problem=_short(e.message)
        )
        for e in errors
    ]


def timing_problem(plan: LessonPlan) -> str | None:
    """The minutes rule, in words a teacher can act on; ``None`` when it holds."""
    total = sum(s.get("minutes", 0) for s in plan.get("segments", []))
    length = plan.get("lesson_minutes", 0)
    if total == length:
        return None
    if total < length:
        return _(
            "field 'segments': the segments add up to {total} of {length} minutes; "
            "add {missing} minutes to a segment or shorten the lesson"
        ).format(total=total, length=length, missing=length - total)
    return _(
        "field 'segments': the segments add up to {total} minutes, {extra} more "
        "than the {length}-minute lesson; shorten a segment or lengthen the lesson"
    ).format(total=total, length=length, extra=total - length)


#: What to write in a field a draft left empty, by field.
EMPTY_FIELD_FIXES = (
    ("subject", N_("name the subject, e.g. Mathematics")),
    ("grade_band", N_("name the grades, e.g. Grades 4-6")),
    ("objectives", N_("write at least one 'I can ...' objective")),
)


def readiness_problems(plan: LessonPlan) -> list[str]:
    """What a well-formed draft still lacks before it can be taught or handed in."""
    problems = [
        _("field '{field}': empty; {fix}").format(field=name, fix=_(fix))
        for name, fix in EMPTY_FIELD_FIXES
        if not plan.get(name) or (isinstance(plan[name], str) and not plan[name].strip())
    ]
    if timing := timing_problem(plan):
        problems.append(timing)
    return problems


def plan_problems(plan: object) -> list[str]:
    """Everything wrong with a plan (empty when it is ready to teach and to hand in)."""
    return schema_problems(plan) or readiness_problems(plan)  # type: ignore[arg-type]


def check_plan(plan: object, source: str) -> LessonPlan:
    """The plan if its structure is sound, else ``PlanError`` with its first problem."""
    problems = schema_problems(plan)
    if len(problems) > 1:
        raise PlanError(
            _("lesson plan {source}: {problem} (and {count} more); fix it and reload").format(
                source=source, problem=problems[0], count=len(problems) - 1
            )
        )
    if problems:
        raise PlanError(
            _("lesson plan {source}: {problem}; fix it and reload").format(
                source=source, problem=problems[0]
            )
        )
    return plan  # type: ignore[return-value]


def parse_plan(text: str, source: str) -> LessonPlan:
    """A plan from YAML text; ``source`` (a file name) is what errors name."""
    import yaml

    try:
        plan = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        # The problem is PyYAML's own words, in English: it has no translations.
        problem = _short(getattr(err, "problem", None) or getattr(err, "reason", None) or str(err))
        if isinstance(err, yaml.reader.ReaderError):  # a control character, no line to show
            message = _(
                "lesson plan {source} is not valid YAML (character {position}: {problem}); "
                "fix that line"
            ).format(source=source, position=err.position + 1, problem=problem)
        elif mark:
            message = _(
                "lesson plan {source} is not valid YAML (line {line}, column {column}: "
                "{problem}); fix that line"
            ).format(source=source, line=mark.line + 1, column=mark.column + 1, problem=problem)
        else:
            message = _("lesson plan {source} is not valid YAML ({problem}); fix that line").format(
                source=source, problem=problem
            )
        raise PlanError(message) from None
    return check_plan(plan, source)


def load_plan(path: Path) -> LessonPlan:
    """Read and check one plan file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PlanError(
            _("lesson plan {name} is not UTF-8 text; save it as UTF-8").format(name=path.name)
        ) from None
    plan = parse_plan(text, path.name)
    if plan["id"] != path.stem:
        raise PlanError(
            _(
                "lesson plan {name}: field 'id' is {id!r} but the file is named {stem!r}; "
                "make them the same"
            ).format(name=path.name, id=plan["id"], stem=path.stem)
        )
    return plan


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


@cache
def _plan_dumper() -> type[yaml.SafeDumper]:
    """Long and multi-line texts as indented blocks: readable, and diffs show the changed line."""
    import yaml

    class PlanDumper(yaml.SafeDumper):
        pass

    PlanDumper.add_representer(str, _represent_text)
    return PlanDumper


def dump_plan(plan: LessonPlan | dict) -> str:
    import yaml

    ordered = {k: plan[k] for k in FIELD_ORDER if k in plan}
    return yaml.dump(
        ordered, Dumper=_plan_dumper(), sort_keys=False, allow_unicode=True, width=100, indent=2
    )


def slug(title: str) -> str:
    """A file-name id from a title: ``Fractions at the market`` → ``fractions-at-the-market``."""
    text = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:56].strip("-")
    return text or "lesson"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_plan(title: str, author: str, school: str = "", lesson_minutes: int = 45) -> LessonPlan:
    """A fresh plan with one segment per phase every live lesson has; ready to edit."""
    return {
        "format": FORMAT,
        "id": slug(title),
        "title": title,
        "subject": "",
        "grade_band": "",
        "languages": ["en"],
        "lesson_minutes": lesson_minutes,
        "objectives": [],
        "segments": [
            {"lead": "remote", "activity": "Greeting across rooms; today's goal", "minutes": 5},
            {"lead": "remote", "activity": "New idea and worked example", "minutes": 15},
            {"lead": "on-site", "activity": "Task in each room", "minutes": lesson_minutes - 25},
            {"lead": "on-site", "activity": "Exit ticket", "minutes": 5},
        ],
        "differentiation": {"support": "", "stretch": ""},
        "assessment": "",
        "keywords": [],
        "authors": [{"name": author, "school": school}],
        "version": 1,
        "history": [{"version": 1, "date": now(), "by": author, "note": "created"}],
    }


def authors_line(plan: LessonPlan | AdaptedFrom) -> str:
    """``Ana Reyes (Island Primary), Jun Dela Cruz``: how a plan's authors are credited."""
    return ", ".join(
        p["name"] + (f" ({p['school']})" if p.get("school") else "") for p in plan["authors"]
    )


def attribution(plan: LessonPlan) -> str:
    """The credit line a copy carries: title, authors with schools, version.

    In English whatever the page's language: it is written into plan files (a copy's
    history). Pages show ``credit_line``, the same line in the reader's language.
    """
    return f"{plan['title']} by {authors_line(plan)}, version {plan['version']}"


def credit_line(plan: LessonPlan | AdaptedFrom) -> str:
    """``attribution`` as a page shows it, in the reader's language."""
    return _("{title} by {authors}, version {version}").format(
        title=plan["title"], authors=authors_line(plan), version=plan["version"]
    )


def adapt_plan(original: LessonPlan, new_id: str, author: str, school: str = "") -> LessonPlan:
    """A copy to adapt: new id, new author, and credit to the original (and its own sources)."""
    plan = copy.deepcopy(original)
    earlier = original.get("adapted_from")
    credit = {
        "id": original["id"],
        "title": original["title"],
        "authors": copy.deepcopy(original["authors"]),
        "version": original["version"],
    }
    if earlier:
        credit["earlier"] = "adapted from " + attribution(earlier)
    plan.update(
        id=new_id,
        title=original["title"]
        if original["title"].endswith("(adapted)")
        else f"{original['title']} (adapted)",
        authors=[{"name": author, "school": school}],
        adapted_from=credit,
        version=1,
        history=[
            {
                "version": 1,
                "date": now(),
                "by": author,
                "note": f"adapted from {attribution(original)}",
            }
        ],
    )
    return plan
