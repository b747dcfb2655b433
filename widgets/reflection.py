"""Reflection: a journal prompt whose answer is saved and graded by hand in nbgrader.

Reflections are long and written over several minutes, so what is typed is
kept as a draft while the trainee writes (``widgets.drafts``) and comes back
after a reload; only Save makes it the answer the trainer grades.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import ipywidgets as w

from classbridge.core.language import _, ngettext
from classbridge.core.records import read_reflection, reflection_record
from classbridge.core.storage import RecordStore
from classbridge.core.visit import when_visited
from classbridge.widgets.drafts import DraftKeeper
from classbridge.widgets.saving import SavedItem, trainee_store

#: One Han character, kana or Hangul syllable: a written "word" in Chinese, Japanese and Korean
#: counts (字數), where no space separates words.
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
_WORD = re.compile(rf"{_CJK}|(?:(?!{_CJK})\w)+(?:['’-](?:(?!{_CJK})\w)+)*")


def count_words(text: str) -> int:
    """Words as a reader of the text counts them: each CJK character is one (字數).

    A run of Chinese has no spaces, so counting runs would make a 200-character
    reflection "3 words" and its minimum unreachable; Taiwan's teachers count
    字, one per character. Latin, Vietnamese and indigenous words count as before.
    """
    return len(_WORD.findall(text))


class Reflection(w.VBox):
    """A free-text reflection with a live word count and an explicit Save.

    Example::

        Reflection("01-welcome/roles-reflection",
                   "Which hand-off in your last lesson went least smoothly, and why?",
                   min_words=80, model="Last Tuesday I handed over without a time ...")

    A ``model`` reflection, written by the module's author, is shown once the
    trainee has saved their own: comparing after writing teaches; reading it
    first only gets copied. ``show_prompt=False`` where the prompt is already on
    the page (a module's graded task cell, which nbgrader shows the grader): the
    box is then labelled with it for screen readers, and the page says it once.
    """

    def __init__(
        self,
        key: str,
        prompt: str,
        min_words: int = 0,
        store: RecordStore | None = None,
        model: str = "",
        show_prompt: bool = True,
    ) -> None:
        self.min_words = min_words
        self.model_text = model.strip()
        self.model = w.HTML(layout=w.Layout(display="none"))
        self.model.add_class("cb-model-reflection")
        self.saved = SavedItem(key, store, on_keep=lambda: self.save(over_newer=True))
        self.text = w.Textarea(
            placeholder=_("Write your reflection here…"),
            continuous_update=True,
            # "auto", not "100%": a widget has a 2 px margin, so 100% spills past a phone screen.
            layout=w.Layout(width="auto", height="12em"),
        )
        self.drafts = DraftKeeper(self.saved, self, self._on_screen, self._show)
        self.word_count = w.HTML()
        self.word_count.add_class("cb-word-count")
        self.save_button = w.Button(description=_("Save"), button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        if not show_prompt:
            self.text.tooltip = prompt  # its accessible name, where the page shows the prompt
        heading = [w.HTML(f"<strong>{escape(prompt)}</strong>")] if show_prompt else []
        self.prompt = prompt
        super().__init__(
            [
                *heading,
                self.text,
                w.HBox([self.save_button, self.word_count]),
                self.saved.status,
                self.saved.keep_button,
                self.drafts.row,
                self.model,
            ]
        )
        self.add_class("cb-reflection")
        self._update_count()
        when_visited(self._show_saved)

    def _show_saved(self) -> None:
        """The reflection as saved and any draft, read when the visit arrives."""
        saved = self.saved.load()
        self._show(saved)
        if read_reflection(saved).strip():
            self._reveal_model()
        self.drafts.restore()
        self._update_count()
        self.text.observe(lambda _: self._edited(), names="value")

    def _edited(self) -> None:
        self._update_count()
        self.drafts.changed()

    def _update_count(self) -> None:
        words = count_words(self.text.value)
        if self.min_words:
            shown = ngettext(
                "{count} word (aim for at least {min_words})",
                "{count} words (aim for at least {min_words})",
                words,
            )
        else:
            shown = ngettext("{count} word", "{count} words", words)
        self.word_count.value = escape(shown.format(count=words, min_words=self.min_words))

    def save(self, over_newer: bool = False) -> bool:
        if self.saved.save(self._on_screen(), over_newer=over_newer):
            if self.text.value.strip():
                self._reveal_model()
            return True
        self.drafts.flush()  # refused: what is on screen must survive a reload
        return False

    def _reveal_model(self) -> None:
        if not self.model_text:
            return
        heading = _("A model reflection: compare it with yours")
        paragraphs = "".join(
            f"<p>{escape(part.strip())}</p>"
            for part in self.model_text.split("\n\n")
            if part.strip()
        )
        self.model.value = (
            f'<div style="border-left: 4px solid #0b6e4f; padding: 0.2em 0 0.2em 0.8em; '
            f'margin-top: 0.6em"><strong>{escape(heading)}</strong>{paragraphs}</div>'
        )
        self.model.layout.display = None

    def _on_screen(self) -> dict:
        return dict(reflection_record(self.text.value, count_words(self.text.value)))

    def _show(self, data: dict) -> None:
        self.text.value = read_reflection(data)
        self._update_count()


def reflection_text(key: str, trainee: str | None = None, root: Path | None = None) -> str:
    """The saved reflection, e.g. to show it to a hand-grader in nbgrader."""
    return read_reflection(trainee_store(trainee, root).load(key).data)
