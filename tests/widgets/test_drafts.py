"""Unsaved text survives a reload, apart from the saves (issue 14, "Lost or overwritten").

What a trainee types is kept as a draft while they type, in a record of its own
(``RecordStore.drafts()``): the saved item, which a hand-in is graded from and a
stale tab cannot overwrite, changes only when they press Save.
"""

from __future__ import annotations

import re
import time

import pytest

from classbridge.core.storage import RecordStore
from classbridge.grading.checks import graded_answers
from classbridge.widgets import AnswerSheet, Ask, Quiz, Reflection, TextQuestion

KEY = "01-welcome/reflection"


def unsaved(widget) -> bool:
    return "cb-unsaved" in widget._dom_classes


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&#x27;", "'").replace("&quot;", '"')


def test_typing_marks_unsaved_and_keeps_a_draft_apart_from_the_save(tmp_path):
    store = RecordStore(tmp_path)
    reflection = Reflection(KEY, "Why?", store=store)
    assert not unsaved(reflection) and reflection.saved.status.value == ""
    reflection.text.value = "Half a thought"
    assert unsaved(reflection)
    assert "Unsaved changes" in reflection.saved.status.value
    reflection.drafts.flush()
    assert store.drafts().load(KEY).data["on_screen"]["text"] == "Half a thought"
    assert store.load(KEY).version == 0  # nothing saved: the trainee did not press Save
    assert store.keys() == []  # drafts are not saved work


def test_a_reload_restores_the_draft_with_a_note(tmp_path):
    store = RecordStore(tmp_path)
    first = Reflection(KEY, "Why?", store=store)
    first.text.value = "Saved part"
    assert first.save()
    first.text.value = "Saved part, and more I did not save"
    first.drafts.flush()

    again = Reflection(KEY, "Why?", store=store)  # the page reloaded
    assert again.text.value == "Saved part, and more I did not save"
    assert unsaved(again)
    note = plain(again.drafts.note.value)
    assert re.fullmatch(
        r"Restored your unsaved draft from \d\d:\d\d — press Save to keep it\.", note
    ), note
    assert again.drafts.discard_button.layout.display != "none"
    assert store.load(KEY).data["text"] == "Saved part"
    assert again.save()
    assert not unsaved(again) and again.drafts.note.value == ""
    assert store.drafts().load(KEY).version == 0  # the draft is gone once saved
    assert Reflection(KEY, "Why?", store=store).drafts.note.value == ""


def test_discarding_a_draft_brings_back_the_saved_text(tmp_path):
    store = RecordStore(tmp_path)
    first = Reflection(KEY, "Why?", store=store)
    first.text.value = "Saved"
    first.save()
    first.text.value = "Typed over"
    first.drafts.flush()
    again = Reflection(KEY, "Why?", store=store)
    again.drafts.discard_button.click()
    assert again.text.value == "Saved"
    assert not unsaved(again) and again.drafts.note.value == ""
    assert store.drafts().load(KEY).version == 0


def test_typing_back_to_the_saved_text_is_not_unsaved(tmp_path):
    store = RecordStore(tmp_path)
    reflection = Reflection(KEY, "Why?", store=store)
    reflection.text.value = "Kept"
    reflection.save()
    reflection.text.value = "Kept, or not"
    reflection.drafts.flush()
    reflection.text.value = "Kept"
    assert not unsaved(reflection) and "Unsaved" not in reflection.saved.status.value
    assert store.drafts().load(KEY).version == 0


def test_drafts_are_debounced(tmp_path):
    store = RecordStore(tmp_path)
    reflection = Reflection(KEY, "Why?", store=store)
    reflection.drafts.delay = 0.3
    for text in ["T", "Ty", "Typ", "Typing"]:
        reflection.text.value = text
    assert store.drafts().load(KEY).version == 0  # not on every keystroke
    deadline = time.monotonic() + 5
    while store.drafts().load(KEY).version == 0:
        assert time.monotonic() < deadline, "no draft was kept after the trainee paused"
        time.sleep(0.05)
    draft = store.drafts().load(KEY)
    assert draft.version == 1 and draft.data["on_screen"]["text"] == "Typing"


def test_a_draft_older_than_the_save_says_so(tmp_path):
    store = RecordStore(tmp_path)
    tab_a = Reflection(KEY, "Why?", store=store)
    tab_b = Reflection(KEY, "Why?", store=store)
    tab_a.text.value = "Draft in A"
    tab_a.drafts.flush()
    tab_b.text.value = "Saved in B"
    assert tab_b.save()
    again = Reflection(KEY, "Why?", store=store)
    assert again.text.value == "Draft in A"
    assert "saved a newer version" in plain(again.drafts.note.value)


def test_the_stale_tab_offers_to_keep_the_text_instead_of_reloading_it_away(tmp_path):
    store = RecordStore(tmp_path)
    tab_a = Reflection(KEY, "Why?", store=store)
    tab_b = Reflection(KEY, "Why?", store=store)
    assert tab_b.saved.keep_button.layout.display == "none"
    tab_a.text.value = "from A"
    assert tab_a.save()
    tab_b.text.value = "from B"
    assert not tab_b.save()
    message = plain(tab_b.saved.status.value)
    assert "was changed in another tab or window" in message
    assert "reload the page" not in message
    assert "Keep my text and save over it" in message and "copy your text" in message
    assert tab_b.saved.keep_button.layout.display != "none"
    assert tab_b.saved.keep_button.description == "Keep my text and save over it"
    assert store.load(KEY).data["text"] == "from A"  # not silently replaced
    assert unsaved(tab_b)
    tab_b.saved.keep_button.click()  # the trainee chose to
    assert store.load(KEY).data["text"] == "from B"
    assert store.load(KEY).version == 2
    assert "Saved at" in tab_b.saved.status.value
    assert tab_b.saved.keep_button.layout.display == "none"
    assert not unsaved(tab_b)


QUESTIONS = [Ask("Who leads?", ("Remote", "On-site")), Ask("Minutes left?", unit="min")]


def test_answer_sheet_drafts_restore_but_grading_reads_only_the_save(tmp_path, monkeypatch):
    store = RecordStore(tmp_path / "classbridge-work" / "amy")
    sheet = AnswerSheet("04-co-preparing/graded", QUESTIONS, store=store)
    sheet.views[0].input.set_answer([1])
    assert unsaved(sheet) and "Unsaved changes" in sheet.saved.status.value
    sheet.views[1].input.set_answer("5 min")
    sheet.drafts.flush()
    again = AnswerSheet("04-co-preparing/graded", QUESTIONS, store=store)
    assert again.views[0].input.answer() == [1]
    assert again.views[1].input.answer() == "5 min"
    assert unsaved(again) and "Restored your unsaved draft" in again.drafts.note.value

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLASSBRIDGE_AUTOGRADING", "1")
    monkeypatch.setenv("CLASSBRIDGE_TRAINEE", "amy")
    assert graded_answers("04-co-preparing/graded") == {}  # a draft is not handed in
    assert again.save()
    assert graded_answers("04-co-preparing/graded") == {0: [1], 1: 5.0}


def test_an_unreadable_draft_answer_is_kept_as_typed(tmp_path):
    store = RecordStore(tmp_path)
    sheet = AnswerSheet("m/graded", QUESTIONS, store=store)
    sheet.views[1].input.set_answer("five")
    assert not sheet.save()  # refused: not a number...
    sheet.drafts.flush()
    again = AnswerSheet("m/graded", QUESTIONS, store=store)
    assert again.views[1].input.answer() == "five"  # ...but not lost


def test_stale_answer_sheet_and_quiz_can_keep_their_answers(tmp_path):
    store = RecordStore(tmp_path)
    tab_a = AnswerSheet("m/graded", QUESTIONS, store=store)
    tab_b = AnswerSheet("m/graded", QUESTIONS, store=store)
    tab_a.views[0].input.set_answer([0])
    assert tab_a.save()
    tab_b.views[0].input.set_answer([1])
    assert not tab_b.save()
    tab_b.saved.keep_button.click()
    assert store.load("m/graded").data["answers"]["0"] == [1]

    question = TextQuestion("Who?", ("on-site",), "E")
    quiz_a, quiz_b = Quiz([question], key="q", store=store), Quiz([question], key="q", store=store)
    quiz_a.views[0].set_answer("remote")
    quiz_a.views[0].check_button.click()
    quiz_b.views[0].set_answer("on-site")
    quiz_b.views[0].check_button.click()
    assert "another tab or window" in quiz_b.saved.status.value
    assert store.load("q").data["answers"] == {"0": "remote"}
    quiz_b.saved.keep_button.click()
    assert store.load("q").data["answers"] == {"0": "on-site"}


@pytest.mark.parametrize("body", ["{broken", '{"version": 1, "data": {"on_screen": 3}}'])
def test_a_damaged_draft_is_passed_over(tmp_path, body):
    store = RecordStore(tmp_path)
    path = store.drafts().path(KEY)
    path.parent.mkdir(parents=True)
    path.write_text(body, encoding="utf-8")
    reflection = Reflection(KEY, "Why?", store=store)
    assert reflection.text.value == "" and not unsaved(reflection)
    reflection.text.value = "New"
    reflection.drafts.flush()
    assert store.drafts().load(KEY).data["on_screen"]["text"] == "New"


def test_a_restored_draft_edited_and_saved_at_once_is_not_restored_again(tmp_path):
    store = RecordStore(tmp_path)
    first = Reflection(KEY, "Why?", store=store)
    first.text.value = "Draft"
    first.drafts.flush()
    again = Reflection(KEY, "Why?", store=store)
    again.text.value = "Draft, finished"  # saved before the next draft is written
    assert again.save()
    assert store.drafts().load(KEY).version == 0
    assert Reflection(KEY, "Why?", store=store).text.value == "Draft, finished"


def test_the_unsaved_mark_is_gone_before_the_page_says_saved(tmp_path):
    """A test (or a trainee) that leaves as soon as "Saved at" shows is not asked to stay."""
    reflection = Reflection(KEY, "Why?", store=RecordStore(tmp_path))
    reflection.text.value = "Done"
    marked_when_saved = []
    reflection.saved.status.observe(
        lambda change: (
            marked_when_saved.append(unsaved(reflection)) if "Saved at" in change["new"] else None
        ),
        names="value",
    )
    assert reflection.save()
    assert marked_when_saved == [False]


def test_typing_without_a_pause_still_keeps_a_draft(tmp_path):
    store = RecordStore(tmp_path)
    reflection = Reflection(KEY, "Why?", store=store)
    reflection.drafts.delay, reflection.drafts.max_wait = 5, 0.3
    deadline = time.monotonic() + 5
    words = []
    while store.drafts().load(KEY).version == 0:
        assert time.monotonic() < deadline, "a trainee who never paused lost their draft"
        words.append("word")
        reflection.text.value = " ".join(words)  # a keystroke, long before a 5 s pause
        time.sleep(0.05)
