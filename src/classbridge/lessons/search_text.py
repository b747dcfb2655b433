"""Matching a search box's words against a plan's text, in every script the bank holds.

Plans are written in English, Chinese, Vietnamese, Amis, Spanish and more, often
mixed in one line. Chinese puts no spaces between words, so a query cannot be
matched word by word: 共備 must be found inside 三校教師共備時 and 族語 inside
阿美族語. Each query term is therefore matched as a substring of the plan's
text (as English words always were: ``1-3`` matches ``Grades 1-3``).

Both sides are normalised the same way first, with Unicode NFKC and casefold:
a Taiwanese keyboard types full-width Latin letters and digits (ＥＮＧＬＩＳＨ,
１２) inside Chinese text, and Vietnamese or Amis typed on another system may
arrive with decomposed accents (a + combining grave for à); NFKC makes each of
these the same characters as their usual form, and casefold ignores case.
"""

from __future__ import annotations

import re
import unicodedata

# What separates terms in a query: whitespace (also the full-width space U+3000)
# and the punctuation a Chinese input method types between words instead of a
# space (、，；。). ASCII punctuation stays part of a term, as before (``1-3``).
TERM_BREAK = re.compile(r"[\s、，；。]+")


def normalised(text: str) -> str:
    """``text`` in the form search compares: NFKC, casefolded (NFKC again, as casefold may
    produce characters NFKC would rewrite)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def query_terms(query: str) -> list[str]:
    """The normalised terms of a query; a plan must contain every one of them."""
    return [term for term in (normalised(t) for t in TERM_BREAK.split(query)) if term.strip()]


def contains_all(text: str, query: str) -> bool:
    """Whether every term of ``query`` occurs somewhere in ``text`` (an empty query: yes)."""
    haystack = normalised(text)
    return all(term in haystack for term in query_terms(query))
