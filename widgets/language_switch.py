"""LanguageSwitch: the first cell of every page; shows the page in its language.

Both languages of a module are on the page (markdown cells tagged with their
language); this widget shows the page's language's cells and hides the
others. The page's language is the visitor's, or for a page run before anyone
visits (a preheated kernel) the server's, which only its readers are given.
The switch itself is a row of plain links to ``classbridge/language``, which
remembers the choice for the browser (``classbridge.pages.language_choice``).
"""

from __future__ import annotations

import json
import os
import re
from html import escape
from pathlib import Path
from urllib.parse import quote, urlencode

import ipywidgets as w

from classbridge.core.language import (
    DEFAULT_LANGUAGE,
    _,
    current_language,
    language_names,
    remember_page_language,
    use_language,
)
from classbridge.core.visit import page_path, when_visited
from classbridge.widgets.page_navigation import (
    PageLinks,
    page_links,
    tool_page_links,
)

CHOICE_ROUTE = "classbridge/language"
#: A module's folder (``03-teaching-live``), where the page's language is kept with the work.
_MODULE_FOLDER = re.compile(r"^[0-9]{2}-[a-z0-9-]+$")


def notebook_languages(folder: Path | None = None) -> tuple[str, ...] | None:
    """The languages the page's notebook is written in (its metadata), or ``None`` if unsaid.

    The page's notebook is the one Voilà was asked for (``page_path``); the
    pages in modules/ share one folder, so the folder alone does not say which.
    """
    folder = folder or Path.cwd()
    asked = Path(page_path()).name
    candidates = [folder / asked] if asked.endswith(".ipynb") else sorted(folder.glob("*.ipynb"))
    if len(candidates) != 1 or not candidates[0].is_file():
        return None
    try:
        metadata = json.loads(candidates[0].read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    languages = metadata.get("classbridge", {}).get("languages")
    return tuple(languages) if languages else None


class LanguageSwitch(w.HTML):
    """Links to every language, the current one marked; shows that language's cells.

    A module that is not written in the chosen language yet is shown in English
    with a note in the chosen language, never half-translated.
    """

    def __init__(self, languages: tuple[str, ...] | None = None) -> None:
        chosen = current_language()
        written = languages or notebook_languages()
        untranslated = written is not None and chosen not in written
        note = ""
        shown = chosen
        if untranslated:
            # The note in the reader's language; everything after it in English.
            note = _("This page is not translated into your language yet; it is shown in English.")
            shown = DEFAULT_LANGUAGE
            use_language(DEFAULT_LANGUAGE)
        module = Path.cwd().name
        if _MODULE_FOLDER.match(module):
            # Noted when the visit arrives: a pool kernel nobody takes must not note anything.
            when_visited(lambda: remember_page_language(module, shown))
            links = page_links(Path.cwd(), shown)
        else:
            links = tool_page_links(Path.cwd(), Path(page_path()).name)
        super().__init__(value=_switch_html(chosen, shown, note) + _navigation_html(links))
        self.add_class("cb-language-switch")


def _navigation_html(links: PageLinks) -> str:
    """Back to the catalogue, on to the next module; the tab title (static/page-title.js)."""
    parts = []
    if links.catalogue:
        back = _("All modules")
        parts.append(f'<a class="cb-back" href="{escape(links.catalogue)}">← {escape(back)}</a>')
    if links.next_href:
        label = _("Next: {title}").format(title=links.next_title)
        parts.append(f'<a class="cb-next" href="{escape(links.next_href)}">{escape(label)} →</a>')
    if not parts and not links.title:
        return ""
    navigation = _("Modules")
    return (
        f'<nav class="cb-page-nav" aria-label="{escape(navigation)}" '
        f'data-cb-page-title="{escape(links.title)}">{"".join(parts)}</nav>'
        "<style>.cb-page-nav{display:flex;flex-wrap:wrap;justify-content:space-between;"
        "gap:0.5em 2em;margin:0.4em 0}.cb-page-nav a{text-decoration:none}</style>"
    )


def _choice_link(language: str) -> str:
    base = os.environ.get("VOILA_BASE_URL", "/")
    here = page_path()
    query = {"lang": language}
    if here:
        query["next"] = here
    return f"{base}{CHOICE_ROUTE}?{urlencode(query, quote_via=quote)}"


def _switch_html(chosen: str, shown: str, note: str) -> str:
    links = []
    for code, name in language_names().items():
        if code == chosen:
            links.append(f'<strong lang="{code}" aria-current="true">{escape(name)}</strong>')
        else:
            links.append(
                f'<a lang="{code}" hreflang="{code}" href="{escape(_choice_link(code))}">'
                f"{escape(name)}</a>"
            )
    # Cells tagged with a language (the Voilà template marks them .cb-lang) show
    # only in the language shown; untagged cells show in every language.
    style = (
        "<style>.cb-lang{display:none !important}"
        f'.cb-lang[lang="{shown}"]{{display:block !important}}</style>'
    )
    note_html = f'<p class="cb-language-note" role="note">{escape(note)}</p>' if note else ""
    label = _("Language")
    return (
        f'{style}<nav class="cb-language-links" aria-label="{escape(label)}" '
        f'data-cb-page-lang="{shown}">{" · ".join(links)}</nav>{note_html}'
    )
