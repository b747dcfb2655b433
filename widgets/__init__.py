"""The interactive pieces ClassBridge training modules are built from.

Each widget keeps its rules in plain Python (tested without a browser) and
saves what a trainee enters under ``<workspace>/<trainee>/``; see
``classbridge.core.workspace`` and ``classbridge.core.storage``.
"""

from classbridge.widgets.answer_sheet import AnswerSheet, Ask
from classbridge.widgets.bandwidth import BandwidthPlanner, LessonLinks, check_lesson
from classbridge.widgets.checklist import Checklist
from classbridge.widgets.clip_shelf import ClipShelf
from classbridge.widgets.exit_tickets import ExitTicketChart
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
