"""Reflection: word count, saving, restoring, and the text a hand-grader reads."""

from __future__ import annotations

from classbridge.core.storage import RecordStore
from classbridge.widgets import Reflection, count_words, reflection_text


def test_word_count_counts_words_not_spaces():
    assert count_words("") == 0
    assert count_words("  on-site   teacher's plan, 2 rooms ") == 5


def test_chinese_is_counted_by_character_as_taiwans_teachers_count_words() -> None:
    """字數: without spaces, counting runs would make a long Chinese reflection "1 word"."""
    assert count_words("我今天教三個島的學生。") == 10
    assert count_words("共同備課，很重要！") == 7
    # Scripts mixed in one reflection: each counted its own way.
    assert count_words("Xin chào các em，同學們好，Nga'ay ho") == 10
    assert count_words("Tiếng Việt và ภาษาไทย") == 4


def test_save_restore_and_read_back(tmp_path):
    store = RecordStore(tmp_path / "amy")
    r = Reflection("01-welcome/reflection", "Why?", min_words=3, store=store)
    r.text.value = "Because the room matters"
    assert r.word_count.value == "4 words (aim for at least 3)"
    assert r.save()
    again = Reflection("01-welcome/reflection", "Why?", store=store)
    assert again.text.value == "Because the room matters"
    assert reflection_text("01-welcome/reflection", "amy", tmp_path) == "Because the room matters"


def test_second_tab_is_refused_and_keeps_its_text_on_screen(tmp_path):
    store = RecordStore(tmp_path)
    tab_a = Reflection("r", "Why?", store=store)
    tab_b = Reflection("r", "Why?", store=store)
    tab_a.text.value = "from A"
    assert tab_a.save()
    tab_b.text.value = "from B"
    assert not tab_b.save()
    assert "changed in another tab or window" in tab_b.saved.status.value
    assert tab_b.text.value == "from B"
    assert store.load("r").data["text"] == "from A"


def test_the_model_reflection_shows_only_after_the_trainee_saved_their_own(tmp_path) -> None:
    from classbridge.core.storage import RecordStore

    store = RecordStore(tmp_path)
    model = (
        "Last Tuesday I handed over without saying when we would come back.\n\nNext time: a time."
    )
    reflection = Reflection("03-live/reflection", "Plan a segment.", store=store, model=model)
    assert reflection.model.layout.display == "none" and reflection.model.value == ""
    reflection.save()  # nothing written yet: nothing to compare
    assert reflection.model.layout.display == "none"
    reflection.text.value = "My own plan: a check at minute five, then the hand-off."
    assert reflection.save()
    assert reflection.model.layout.display is None
    assert "A model reflection: compare it with yours" in reflection.model.value
    assert "<p>Next time: a time.</p>" in reflection.model.value
    # Back on the page later, the trainee's saved work brings the model with it.
    again = Reflection("03-live/reflection", "Plan a segment.", store=store, model=model)
    assert again.model.layout.display is None


def test_a_prompt_already_on_the_page_is_not_repeated(tmp_path) -> None:
    from classbridge.core.storage import RecordStore

    prompt = "Plan one 10-minute segment for three rooms."
    shown = Reflection("03-live/reflection", prompt, store=RecordStore(tmp_path))
    assert prompt in shown.children[0].value
    quiet = Reflection("03-live/r2", prompt, store=RecordStore(tmp_path), show_prompt=False)
    assert not any(prompt in getattr(child, "value", "") for child in quiet.children)
    assert quiet.text.tooltip == prompt  # still the box's name for a screen reader
