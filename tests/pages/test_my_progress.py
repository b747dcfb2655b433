"""My progress shows each feedback page inside itself, and still offers it as a download."""

from __future__ import annotations

from classbridge.grading.feedback_page import CellGrade, FeedbackItem, feedback_page_html
from classbridge.grading.progress import MODULE_GRADED, ProgressRow
from classbridge.pages.my_progress import my_progress_html

ROW = ProgressRow("amy", "01-welcome", MODULE_GRADED, 4, 6)


def _feedback() -> str:
    reflection = FeedbackItem(
        "hand-graded", "Reflection", CellGrade(3, 3, "Clear and practical."), written="My text."
    )
    return feedback_page_html([reflection], "01-welcome", "Welcome", "amy")


def test_the_feedback_page_is_in_the_page_folded_under_the_table(course_with_feedback):
    course = course_with_feedback("amy", "01-welcome", _feedback())
    html = my_progress_html(course, [ROW], {"01-welcome": "Welcome"})
    table, _, below = html.partition("</table>")
    assert 'class="cb-feedback"' in table and "download=" in table  # still a download too
    assert '<details class="cb-feedback-inline" data-module="01-welcome">' in below
    assert "<summary>Read your feedback: Welcome</summary>" in below
    assert "Clear and practical." in below and "My text." in below
    assert '<main class="cb-feedback-page"' in below and "<html" not in below


def test_a_page_nbgrader_wrote_itself_is_only_a_download(course_with_feedback):
    """Feedback returned before ClassBridge wrote its pages: raw notebook HTML, not shown."""
    course = course_with_feedback(
        "amy", "01-welcome", '<html><script src="https://cdn.example/mathjax.js"></script></html>'
    )
    html = my_progress_html(course, [ROW], {})
    assert 'class="cb-feedback"' in html
    assert "cb-feedback-inline" not in html and "<script" not in html
