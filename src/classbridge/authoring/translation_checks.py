"""Is a bilingual module whole in every language it says it is written in?

A module lists its languages in its metadata (``languages``); the page then
shows the reader's language only, so a missing Chinese twin of an English
cell, or a ``translated(...)`` with no Chinese, would silently show English
in the middle of a Chinese page. ``classbridge check`` names each gap here.
"""

from __future__ import annotations

import ast

from classbridge.core.catalogue import METADATA_KEY

SWITCH_CALL = "LanguageSwitch"
DEFAULT_LANGUAGE = "en"


def _cell_language(cell: dict) -> str | None:
    meta = cell.get("metadata")
    tagged = meta.get(METADATA_KEY) if isinstance(meta, dict) else None
    language = tagged.get("lang") if isinstance(tagged, dict) else None
    return language if isinstance(language, str) else None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _translated_calls(source: str) -> list[set[str]]:
    """The languages each ``translated(...)`` call of a code cell is written in."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # reported by the syntax check
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "translated":
            written = {k.arg.replace("_", "-") for k in node.keywords if k.arg}
            if node.args:
                written.add(DEFAULT_LANGUAGE)
            calls.append(written)
    return calls


def translation_problems(notebook: dict) -> list[tuple[int | None, str]]:
    """Each gap as (cell number from 1, or None for the metadata; what to do)."""
    meta = notebook.get("metadata", {}).get(METADATA_KEY, {})
    languages = meta.get("languages") if isinstance(meta, dict) else None
    if not isinstance(languages, list) or not languages:
        languages = [DEFAULT_LANGUAGE]
    others = [code for code in languages if code != DEFAULT_LANGUAGE]
    cells = [c for c in notebook.get("cells", []) if isinstance(c, dict)]
    problems: list[tuple[int | None, str]] = []
    translations = meta.get("translations", {}) if isinstance(meta, dict) else {}
    for code in others:
        texts = translations.get(code) if isinstance(translations, dict) else None
        if not isinstance(texts, dict) or not texts.get("title") or not texts.get("summary"):
            problems.append(
                (
                    None,
                    f"notebook metadata 'languages' lists '{code}' but 'translations' has no "
                    f"'{code}' title and summary: add them for the catalogue",
                )
            )
    if others and not any(SWITCH_CALL in _source(c) for c in cells if c.get("cell_type") == "code"):
        problems.append(
            (
                None,
                "the notebook lists several languages but has no LanguageSwitch() cell: add it "
                "first, as the template does, so the page shows the reader's language",
            )
        )
    for number, cell in enumerate(cells, 1):
        language = _cell_language(cell)
        if language is not None and language not in languages:
            problems.append(
                (
                    number,
                    f"is tagged with language '{language}', which the notebook's 'languages' "
                    f"({', '.join(languages)}) does not list: add it there or fix the tag",
                )
            )
        if language == DEFAULT_LANGUAGE and cell.get("cell_type") == "markdown":
            following = []
            for later in cells[number:]:
                later_language = _cell_language(later)
                if later_language in (None, DEFAULT_LANGUAGE):
                    break
                following.append(later_language)
            for code in others:
                if code not in following:
                    problems.append(
                        (
                            number,
                            f"is English with no '{code}' cell after it: add a markdown cell "
                            f'tagged "{METADATA_KEY}": {{"lang": "{code}"}} right after it',
                        )
                    )
        if cell.get("cell_type") == "code":
            for written in _translated_calls(_source(cell)):
                for code in others:
                    if code not in written:
                        keyword = code.replace("-", "_")
                        problems.append(
                            (
                                number,
                                f"has a translated(...) with no {keyword}= text: add it, or "
                                f"the '{code}' page shows English there",
                            )
                        )
                        break
    return problems
