"""Reflection: a journal prompt whose answer is saved and graded by hand in nbgrader."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import ipywidgets as w

from classbridge.core.records import read_reflection, reflection_record
from classbridge.core.storage import RecordStore
from classbridge.widgets.saving import SavedItem, trainee_store


def count_words(text: str) -> int:
    return len(re.findall(r"\w+(?:['’-]\w+)*", text))


class Reflection(w.VBox):
    """A free-text reflection with a live word count and an explicit Save.

    Example::

        Reflection("01-welcome/roles-reflection",
                   "Which hand-off in your last lesson went least smoothly, and why?",
                   min_words=80)
    """

    def __init__(
        self, key: str, prompt: str, min_words: int = 0, store: RecordStore | None = None
    ) -> None:
        self.min_words = min_words
        self.saved = SavedItem(key, store)
        self.text = w.Textarea(
            placeholder="Write your reflection here…",
            layout=w.Layout(width="100%", height="12em"),
        )
        self.word_count = w.HTML()
        self.word_count.add_class("cb-word-count")
        self.save_button = w.Button(description="Save", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.text.observe(lambda _: self._update_count(), names="value")
        super().__init__(
            [
                w.HTML(f"<strong>{escape(prompt)}</strong>"),
                self.text,
                w.HBox([self.save_button, self.word_count]),
                self.saved.status,
            ]
        )
        self.add_class("cb-reflection")
        self.text.value = read_reflection(self.saved.load())
        self._update_count()

    def _update_count(self) -> None:
        words = count_words(self.text.value)
        goal = f" (aim for at least {self.min_words})" if self.min_words else ""
        self.word_count.value = f"{words} word{'s' if words != 1 else ''}{goal}"

    def save(self) -> bool:
        return self.saved.save(reflection_record(self.text.value, count_words(self.text.value)))


def reflection_text(key: str, trainee: str | None = None, root: Path | None = None) -> str:
    """The saved reflection, e.g. to show it to a hand-grader in nbgrader."""
    return read_reflection(trainee_store(trainee, root).load(key).data)
