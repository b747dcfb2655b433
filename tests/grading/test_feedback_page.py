"""The feedback page, built from an autograded notebook and the gradebook's points and comments.

The real nbgrader run, the CLI and the browser are in test_feedback_e2e.py; here the
page's content is checked case by case, from a notebook as autograding leaves it.
"""

from __future__ import annotations

import re

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from classbridge.grading.feedback_page import (
    CellGrade,
    NextModule,
    feedback_fragment,
    feedback_items,
    feedback_page_html,
    item_title,
)
from classbridge.grading.graded_output import GRADED_ANSWER_MIME, HANDED_IN_TEXT_MIME
from classbridge.grading.pipeline import guard_csv

LONG_REFLECTION = (
    "In my island school the link often drops.\n\nI will agree a backup task with my co-teacher "
    + "and practise the hand-off signal every week " * 30
    + "<script>window.pwned = 1</script>"
)


def _graded(grade_id: str, points: int, task: bool = False) -> dict:
    meta = {"grade": not task, "grade_id": grade_id, "locked": True, "points": points}
    meta |= {"schema_version": 3, "solution": False, **({"task": True} if task else {})}
    return {"nbgrader": meta}


def _answer(
    number: int, question: str, answer: str, right: bool, key: str, mistake: str = ""
) -> dict:
    result = {
        "sheet": "01-welcome/graded",
        "question": question,
        "number": number,
        "prompt": f"Prompt of {question}?",
        "answered": bool(answer),
        "answer": answer,
        "right": right,
        "key": key,
        "why": f"Why {key} is right.",
        "mistake": mistake,
    }
    return new_output("display_data", data={"text/plain": "summary", GRADED_ANSWER_MIME: result})


def _failed(message: str = "") -> dict:
    return new_output(
        "error",
        ename="AssertionError",
        evalue=message,
        traceback=["Traceback (most recent call last):", f"AssertionError: {message}"],
    )


def autograded_notebook() -> dict:
    test = "from classbridge.grading.answer_key import answer_key\nkey = answer_key('x')"
    reflection = new_code_cell("show_reflection_for_grader('01-welcome/reflection')")
    reflection.outputs = [
        new_output("stream", name="stdout", text="Reflection (01-welcome/reflection): ..."),
        new_output(
            "display_data",
            data={HANDED_IN_TEXT_MIME: {"key": "01-welcome/reflection", "text": LONG_REFLECTION}},
        ),
    ]
    cells = [
        new_markdown_cell("# Welcome\n\nSome teaching."),
        new_code_cell("AnswerSheet(...)"),
        new_code_cell(test, metadata=_graded("test-care", 1)),
        new_code_cell(test, metadata=_graded("test-plan", 1)),
        new_code_cell(test, metadata=_graded("test-agree", 2)),
        new_code_cell("problems = handed_in_plan(...)", metadata=_graded("test-plan-complete", 2)),
        new_markdown_cell(
            "## Reflection (graded by your trainer, 3 points)\n\nThink of **your** school.",
            metadata=_graded("reflection-task", 3, task=True),
        ),
        reflection,
        new_markdown_cell(
            "### Rubric: Objectives (3 points)\n\n* 3: every objective is checked",
            metadata=_graded("plan-rubric-objectives", 3, task=True),
        ),
    ]
    cells[2].outputs = [
        _answer(1, "roles-care", "The on-site teacher", True, "The on-site teacher")
    ]
    cells[3].outputs = [_answer(2, "plan-keeper", "", False, "The remote teacher"), _failed("x")]
    cells[4].outputs = [
        _answer(
            3,
            "agree-before",
            "Which learners to ignore",
            False,
            "A; B; C",
            mistake="Every learner in every room is in the lesson.",
        )
    ]
    cells[5].outputs = [_failed("no lesson plan was saved: write it in the planner and save")]
    return new_notebook(cells=cells, metadata={"classbridge": {"title": "Welcome"}})


GRADES = {
    "test-care": CellGrade(1, 1),
    "test-plan": CellGrade(0, 1),
    "test-agree": CellGrade(0, 2),
    "test-plan-complete": CellGrade(0, 2),
    "reflection-task": CellGrade(2, 3, "Good: a real backup plan.\nNow time the hand-off."),
    "plan-rubric-objectives": CellGrade(None, 3),
}


def _page(grades=GRADES) -> str:
    items = feedback_items(autograded_notebook(), grades)
    return feedback_page_html(
        items,
        "01-welcome",
        "Welcome",
        "maria.santos_40deped.gov.ph",
        NextModule("02-x", "Set-up", 45),
    )


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_each_question_shows_the_answer_the_points_and_why():
    text = _text(_page())
    assert "Question 1 Right: 1 of 1 point" in text
    assert "Your answer: The on-site teacher" in text
    assert "Why: Why The on-site teacher is right." in text
    assert "Question 3 Not right: 0 of 2 points" in text
    assert "Your answer: Which learners to ignore" in text
    assert "The right answer: A; B; C" in text
    # The mistake the trainee made, explained before the right answer.
    assert (
        "Your answer: Which learners to ignore Why your answer is a common mistake: Every "
        "learner in every room is in the lesson. The right answer: A; B; C"
    ) in text


def test_an_empty_answer_reads_not_answered_not_wrong():
    text = _text(_page())
    assert (
        "Question 2 Not answered: 0 of 1 point Prompt of plan-keeper? Your answer: not answered"
        in (text)
    )
    assert "Question 2 Not right" not in text


def test_the_reflection_as_written_with_score_and_comment():
    page = _page()
    text = _text(page)
    assert "For maria.santos@deped.gov.ph" in text
    assert "Reflection Part of the points: 2 of 3 points" in text
    assert "Think of your school." in text  # the task, as the module asked it
    written = re.search(r'<div class="cb-fb-written">(.*?)</div>', page, re.S).group(1)
    assert written.startswith("In my island school the link often drops.\n\nI will agree")
    assert "&lt;script&gt;" in written and "<script" not in page  # shown, never run
    assert "white-space: pre-wrap" in page  # long text wraps, keeps its paragraphs
    assert "Good: a real backup plan.\nNow time the hand-off." in page


def test_work_not_graded_yet_says_so():
    text = _text(_page())
    assert "Rubric: Objectives Not graded yet (3 points)" in text
    assert "Your trainer has not graded 1 part(s) yet (Rubric: Objectives)" in text


def test_a_failed_check_says_what_was_missing_without_code():
    text = _text(_page())
    assert "Plan complete No points: 0 of 2 points" in text
    assert "What was missing: no lesson plan was saved" in text


def test_totals_and_what_to_do_next():
    text = _text(_page())
    assert "Checked automatically 1 of 6 points" in text
    assert "Graded by your trainer 2 of 6 points (1 not graded yet)" in text
    assert "Total 3 of 12 points (1 not graded yet)" in text
    assert "Read the explanation of the 2 question(s) you missed" in text
    assert "Next module: Set-up (about 45 minutes)." in text


def test_no_code_no_traceback_nothing_from_outside():
    page = _page()
    for code in ("answer_key", "handed_in_plan", "show_reflection", "Traceback", "AssertionError"):
        assert code not in page, code
    for outside in ("http:", "https:", "//", "<script", "<link", "@import", "src="):
        assert outside not in page.replace("<!-- ", "").replace(" -->", ""), outside
    assert "@media print" in page


def test_my_progress_can_show_the_page_inside_itself():
    page = _page()
    fragment = feedback_fragment(page)
    assert fragment.startswith("<style>") and fragment.endswith("</main>")
    assert "Good: a real backup plan." in fragment
    assert feedback_fragment("<html><body>nbgrader's own page</body></html>") is None


def test_every_style_rule_stays_inside_the_page():
    """Shown inside My progress, the page must not restyle the page around it."""
    style = feedback_fragment(_page()).split("</style>")[0]
    rules = re.sub(r"@media print \{|\}\s*\}", "}", style.removeprefix("<style>"))
    selectors = [
        s.strip()
        for block in rules.split("}")
        if "{" in block
        for s in block.split("{")[0].split(",")
    ]
    assert selectors and all(s.startswith(".cb-feedback-page") for s in selectors), selectors


def test_item_titles_read_like_the_module():
    assert item_title("reflection-task", "## Reflection (graded by your trainer, 3 points)") == (
        "Reflection"
    )
    assert item_title("test-lesson-plan-complete") == "Lesson plan complete"
    assert item_title("reflection", "YOUR ANSWER HERE") == "Reflection"


def test_grades_csv_runs_no_formula_and_keeps_numbers():
    exported = (
        "assignment,student_id,first_name,email,score\n"
        '01-welcome,amy,=HYPERLINK("http://x"),@amy,-1.5\n'
        "01-welcome,ben,+Ben,ben@x.org,3.0\n"
    )
    assert guard_csv(exported).splitlines() == [
        "assignment,student_id,first_name,email,score",
        '01-welcome,amy,"\'=HYPERLINK(""http://x"")",\'@amy,-1.5',
        "01-welcome,ben,'+Ben,ben@x.org,3.0",
    ]
