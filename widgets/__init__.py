"""The interactive pieces ClassBridge training modules are built from.

Each widget keeps its rules in plain Python (tested without a browser) and
saves what a trainee enters under ``<workspace>/<trainee>/``; see
``classbridge.core.workspace`` and ``classbridge.core.storage``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Every module page's kernel imports this package, and each page uses a few of
# its widgets. A name is imported from its module when first asked for (PEP 562),
# so a quiz page never pays for the lesson planner's JSON Schema and YAML or the
# charts' Matplotlib. ``from classbridge.widgets import Quiz`` works as before.
_MODULES = {
    "AnswerSheet": "answer_sheet",
    "Ask": "answer_sheet",
    "BandwidthPlanner": "bandwidth",
    "LessonLinks": "bandwidth",
    "check_lesson": "bandwidth",
    "Checklist": "checklist",
    "ClipShelf": "clip_shelf",
    "ExitTicketChart": "exit_tickets",
    "LessonBankBrowser": "lesson_bank_browser",
    "LessonPlanner": "lesson_planner",
    "LanguageSwitch": "language_switch",
    "ClipLibrary": "live_room",
    "LiveRoom": "live_room",
    "list_clips": "live_room",
    "save_clip": "live_room",
    "ProgressBadge": "progress_badge",
    "ChoiceQuestion": "quiz",
    "Feedback": "quiz",
    "NumericQuestion": "quiz",
    "Quiz": "quiz",
    "QuizResult": "quiz",
    "TextQuestion": "quiz",
    "quiz_result": "quiz",
    "Reflection": "reflection",
    "count_words": "reflection",
    "reflection_text": "reflection",
    "MICRO_TEACHING": "rubric",
    "Criterion": "rubric",
    "Rubric": "rubric",
    "RubricSpec": "rubric",
}

__all__ = [
    "AnswerSheet",
    "Ask",
    "MICRO_TEACHING",
    "BandwidthPlanner",
    "Checklist",
    "ChoiceQuestion",
    "ClipLibrary",
    "ClipShelf",
    "Criterion",
    "ExitTicketChart",
    "Feedback",
    "LessonBankBrowser",
    "LanguageSwitch",
    "LessonLinks",
    "LessonPlanner",
    "LiveRoom",
    "NumericQuestion",
    "ProgressBadge",
    "Quiz",
    "QuizResult",
    "Reflection",
    "Rubric",
    "RubricSpec",
    "TextQuestion",
    "check_lesson",
    "count_words",
    "list_clips",
    "quiz_result",
    "reflection_text",
    "save_clip",
]


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once: later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from classbridge.widgets.answer_sheet import AnswerSheet, Ask
    from classbridge.widgets.bandwidth import BandwidthPlanner, LessonLinks, check_lesson
    from classbridge.widgets.checklist import Checklist
    from classbridge.widgets.clip_shelf import ClipShelf
    from classbridge.widgets.exit_tickets import ExitTicketChart
    from classbridge.widgets.language_switch import LanguageSwitch
    from classbridge.widgets.lesson_bank_browser import LessonBankBrowser
    from classbridge.widgets.lesson_planner import LessonPlanner
    from classbridge.widgets.live_room import ClipLibrary, LiveRoom, list_clips, save_clip
    from classbridge.widgets.progress_badge import ProgressBadge
    from classbridge.widgets.quiz import (
        ChoiceQuestion,
        Feedback,
        NumericQuestion,
        Quiz,
        QuizResult,
        TextQuestion,
        quiz_result,
    )
    from classbridge.widgets.reflection import Reflection, count_words, reflection_text
    from classbridge.widgets.rubric import MICRO_TEACHING, Criterion, Rubric, RubricSpec
