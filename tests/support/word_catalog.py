"""A gettext catalog of a few words, for tests that must not depend on the compiled one."""

from __future__ import annotations

import gettext


class WordCatalog(gettext.NullTranslations):
    """Translates exactly ``words``; every other message stays as it is."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__()
        self.words = words

    def gettext(self, message: str) -> str:
        return self.words.get(message, message)
