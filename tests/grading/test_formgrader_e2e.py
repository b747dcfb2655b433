"""The trainer grades a practice session in nbgrader's formgrader; the trainee reads it back.

End to end, with real nbgrader, a real Jupyter server and Chromium (issues 16, 17):
amy teaches a practice session of module 05. It is made as the product makes
it: her page's *Create session* (``PracticeSessionPanel``), the observer's
timestamped notes and rubric marks as the room's notes API saves them
(``NotesBook``), the recording as the room uploads it (``Recordings``), and
*Collect for hand-in* (``PracticeHandIn``). She writes her reflection, answers
the graded questions and hands in. The trainer releases, collects and
autogrades with ``classbridge grade``, then opens the formgrader in a Jupyter
server set up as ``classbridge jupyter-env --role trainer`` sets one up, finds
her hand-in through its pages, reads the notes, the marks and the reflection
above the score boxes, wrapped, scores and comments in the page, and returns
feedback, which amy's *My progress* shows. No formgrader page asks anything of
another machine: MathJax too is this server's own.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from classbridge.core.storage import RecordStore
from classbridge.core.workspace import DEFAULT_FOLDER
from classbridge.grading.course import Course, open_gradebook
from classbridge.jupyter_env import jupyter_env
from classbridge.serve import free_port
from tests.support.browser import watched_tab
from tests.support.cohort import account, run
from tests.support.repo import MODULES
from tests.support.servers import loopback_server_args, stop_process, wait_for_http

pytestmark = [pytest.mark.slow, pytest.mark.browser]

MODULE = "05-live-room"
NOTEBOOK = "live-room"
TRAINEE = "amy"
CLI = [sys.executable, "-m", "classbridge"]
TITLE = "Fractions with market prices"
#: The observer's notes: session time, text and, for some, a rubric mark (1-4).
LONG_NOTE = (
    "Asks the all-respond check, then waits a full five seconds for the satellite room "
    "before taking answers; room B's hands came up late because of the delay, she saw it "
    "and asked room B first, which the learners there clearly noticed and liked."
)
NOTES = [
    {"at_ms": 42_000, "text": "Greets each room by name: Lanyu, Green Island, Kinmen."},
    {"at_ms": 75_000, "text": LONG_NOTE},
    {
        "at_ms": 150_000,
        "text": "Calls on room B first",
        "criterion": "engaging-remote-learners",
        "mark": 3,
    },
    {"at_ms": 185_000, "text": "", "criterion": "clarity", "mark": 4},
]
REFLECTION = (
    "Watching the clip surprised me: I answered my own question twice.\n\n"
    "My target is engaging remote learners. I will name the room, count to five and "
    "write <b>not bold</b> on the board before I call on anyone. " * 6
)
PRACTICE_SCORE, PRACTICE_COMMENT = (
    "3",
    (
        "Your wait time for the satellite room was right; next time hand the check to your "
        "on-site co-teacher at 2:30 instead of asking room B yourself."
    ),
)
REFLECTION_SCORE, REFLECTION_COMMENT = "4", "A clear, concrete target. Try it on Tuesday."


@dataclass
class Graded:
    """The course after autograding, and the trainer's Jupyter server on it."""

    course: Course
    root: Path
    url: str
    token: str


def _hand_in_practice_session(course: Course, home: Path, rooms: Path) -> None:
    """As amy: fetch module 05, teach a session, collect it, write, hand in."""
    from classbridge.live.notes import NotesBook
    from classbridge.live.practice_session_widget import PracticeHandIn, PracticeSessionPanel
    from classbridge.live.recording_upload import WEBM_MAGIC, Recordings
    from classbridge.live.session_store import SessionStore

    home.mkdir(parents=True)
    as_amy = ["--course=classbridge", f"--student={TRAINEE}"]
    course.run("fetch_assignment", MODULE, *as_amy, cwd=home, **account(home))
    work = RecordStore(home / "classbridge" / MODULE / DEFAULT_FOLDER / TRAINEE)
    with pytest.MonkeyPatch.context() as env:
        # The kernel behind amy's page: her login, this machine's rooms folder.
        env.setenv("CLASSBRIDGE_TRAINEE", TRAINEE)
        env.setenv("CLASSBRIDGE_ROOMS_DIR", str(rooms))
        env.setenv("VOILA_BASE_URL", "/")
        env.delenv("CLASSBRIDGE_ROOMS_URL", raising=False)
        panel = PracticeSessionPanel(store=work)
        panel.title.value = TITLE
        assert panel.create()
        session_id = work.load(f"{MODULE}/practice-session").data["session"]
        store = SessionStore(rooms)
        session = store.load(session_id)
        notes = NotesBook(store.records)
        for note in NOTES:
            notes.add(session.id, note, "observer")
        recordings = Recordings(store, 10_000_000)
        recordings.append(session, "r1", 0, WEBM_MAGIC + b"a lesson", "video/webm")
        recordings.finish(session, "r1", 3_000)
        assert PracticeHandIn(store=work).collect()
    work.save(f"{MODULE}/reflection", {"text": REFLECTION, "words": 120}, 0)
    work.save(f"{MODULE}/graded", {"answers": {"useful-feedback": [1], "eye-line": [1]}}, 0)
    course.run("submit", MODULE, *as_amy, cwd=home, **account(home))


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Graded:
    root = tmp_path_factory.mktemp("formgrader")
    modules = root / "modules"
    shutil.copytree(
        MODULES / MODULE, modules / MODULE, ignore=shutil.ignore_patterns("classbridge-work")
    )
    course = Course(root=root / "course", modules_dir=modules, cell_timeout=60)
    where = ["--course-dir", str(course.root), "--modules-dir", str(modules)]
    release = run([*CLI, "grade", "release", MODULE, *where])
    assert release.returncode == 0, release.stderr
    _hand_in_practice_session(course, root / "home" / TRAINEE, root / "rooms")
    collect = run([*CLI, "grade", "collect", MODULE, *where])
    assert collect.returncode == 0, collect.stderr
    autograde = run([*CLI, "grade", "autograde", MODULE, *where])
    assert "1 of 1 hand-in(s) graded cleanly" in autograde.stdout, autograde.stdout

    # The trainer's Jupyter server, as `classbridge jupyter-env --role trainer` sets it up.
    port, token = free_port(), "formgrader-test"
    env = course.env(
        **jupyter_env("trainer"),
        JUPYTER_CONFIG_DIR=str(root / "trainer-config"),
        JUPYTER_RUNTIME_DIR=str(root / "trainer-runtime"),
        CLASSBRIDGE_WORKSPACE=str(root / "trainer-workspace"),
        CLASSBRIDGE_TRAINEE="trainer",
    )
    log_path = root / "server.log"
    command = [sys.executable, "-m", "jupyter", "server", *loopback_server_args(port, token)]
    command.append(f"--ServerApp.root_dir={root}")  # the course is a folder of it
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/formgrader/api/status?token={token}", process, log_path, 120)
        yield Graded(course, root, url, token)
    finally:
        stop_process(process)


def _open_the_hand_in(page, graded: Graded) -> list[str]:
    """From the formgrader's first page to amy's hand-in, as a trainer clicks; the requests."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{graded.url}/formgrader?token={graded.token}")
    expect(page.get_by_role("heading", name="Manage Assignments")).to_be_visible()
    page.get_by_role("link", name="Manual Grading").click()
    page.get_by_role("link", name=MODULE, exact=True).click()
    page.get_by_role("link", name=NOTEBOOK, exact=True).click()
    page.get_by_role("link", name="Submission #1").click()
    page.locator("#practice-session-task").wait_for()
    page.wait_for_load_state("networkidle")
    return requested


def _bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


def _fits(locator) -> bool:
    """Nothing of it is cut off or scrolls sideways: long lines wrap."""
    return locator.evaluate("e => e.scrollWidth <= e.clientWidth + 1")


def test_the_formgrader_shows_the_session_and_reflection_above_the_score(graded: Graded, page):
    requested = _open_the_hand_in(page, graded)
    # The observer's notes, with their session times, and the rubric marks.
    session = page.locator("pre.cb-for-grader", has_text="Observer's notes:")
    expect(session).to_be_visible()
    text = session.inner_text()
    assert f"Practice session: {TITLE}" in text
    assert "[00:42] Greets each room by name: Lanyu, Green Island, Kinmen." in text
    assert f"[01:15] {LONG_NOTE}" in re.sub(r"\s+", " ", text)
    assert "[02:30] Calls on room B first" in text
    assert "Engaging remote learners: Proficient" in text and "Clarity: Exemplary" in text
    assert re.search(r"Recording: clips/session-\d{8}-\d{6}\.webm", text)
    # Read before scoring: above the task's score box, wrapped, nothing cut off.
    assert _bottom(session) <= page.locator("#practice-session-task").bounding_box()["y"]
    assert _fits(session)
    # The reflection, as she wrote it (her markup is text), above its own score box.
    reflection = page.locator(".cb-reflection-for-grader")
    expect(reflection).to_contain_text("Reflection (05-live-room/reflection):")
    expect(reflection).to_contain_text("I answered my own question twice.")
    expect(reflection).to_contain_text("write <b>not bold</b> on the board")
    assert reflection.locator("b").count() == 0
    assert _bottom(reflection) <= page.locator("#reflection-task").bounding_box()["y"]
    assert _fits(reflection.locator("div"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # MathJax is this server's (jupyter-server-mathjax); the page fixture fails the test
    # on any request off loopback or any console error.
    assert any("/static/jupyter_server_mathjax/MathJax.js" in url for url in requested)
    assert page.evaluate("typeof MathJax !== 'undefined' && !!MathJax.Hub")
    page.screenshot(path=str(graded.root / "formgrader.png"), full_page=True)


def _score(page, grade_id: str, score: str, comment: str) -> None:
    """Type a score and a comment as a trainer does; each saves when the field is left."""
    with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.ok):
        page.locator(f"#{grade_id}").fill(score)
        page.locator(f"#{grade_id}").press("Tab")
    with page.expect_response(lambda r: "/formgrader/api/comment/" in r.url and r.ok):
        page.locator(f"#{grade_id}-comment").fill(comment)
        page.locator(f"#{grade_id}-comment").press("Tab")


def test_the_trainers_score_and_comment_reach_my_progress(
    graded: Graded, page, chromium, start_voila, tmp_path
):
    _open_the_hand_in(page, graded)
    _score(page, "practice-session-task", PRACTICE_SCORE, PRACTICE_COMMENT)
    _score(page, "reflection-task", REFLECTION_SCORE, REFLECTION_COMMENT)
    with open_gradebook(graded.course) as gradebook:
        grade = gradebook.find_grade("practice-session-task", NOTEBOOK, MODULE, TRAINEE)
        assert grade.manual_score == 3 and not grade.needs_manual_grade
        comment = gradebook.find_comment("practice-session-task", NOTEBOOK, MODULE, TRAINEE)
        assert comment.manual_comment == PRACTICE_COMMENT
    where = ["--course-dir", str(graded.course.root)]
    feedback = run([*CLI, "grade", "feedback", MODULE, *where])
    assert feedback.returncode == 0, feedback.stderr
    assert feedback.stdout.splitlines() == [f"Returned feedback on {MODULE}: 1 page(s)."]

    # amy's My progress, in a tab of her own.
    modules = tmp_path / "modules"
    modules.mkdir()
    for name in ("catalogue.ipynb", "my-progress.ipynb"):
        shutil.copy(MODULES / name, modules / name)
    server = start_voila(
        modules, "--no-preheat", "--course-dir", str(graded.course.root), trainee=TRAINEE
    )
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = watched_tab(context)
    try:
        tab.goto(f"{server.url}/voila/render/my-progress.ipynb")
        tab.locator("table.cb-my-progress").wait_for(timeout=90_000)
        fold = tab.locator(f'details.cb-feedback-inline[data-module="{MODULE}"]')
        fold.locator("summary").click()
        shown = fold.locator("main.cb-feedback-page")
        shown.wait_for()
        practice = shown.locator("section.cb-fb-item", has_text="Your practice session")
        expect(practice).to_contain_text("3 of 4 points")
        expect(practice).to_contain_text(PRACTICE_COMMENT)
        expect(practice).not_to_contain_text("Not answered")
        target = shown.locator("section.cb-fb-item", has_text="Your target")
        expect(target).to_contain_text("Full marks: 4 of 4 points")
        expect(target).to_contain_text(REFLECTION_COMMENT)
        expect(target).to_contain_text("I answered my own question twice.")
        assert "Traceback" not in shown.inner_text()
        tab.screenshot(path=str(tmp_path / "my-progress.png"), full_page=True)
    finally:
        context.close()
    tab.browser_log.assert_clean()
