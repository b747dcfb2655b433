"""Which language a person reads ClassBridge in, and the words in that language.

Interface strings are English message ids in the code, translated through
gettext catalogs (``share/locale/<ll_CC>/LC_MESSAGES/classbridge.mo``, made
from the ``.po`` files by ``scripts/translations.sh``): the standard Python
and Babel tooling, so a translator works in Poedit or Weblate, and a third
language is a new ``.po`` file plus a line in ``share/locale/languages.json``,
not code. Module prose that is not interface (a quiz question, a case) is
written per language in the notebook itself: ``translated(en=..., zh_TW=...)``
in code cells, and markdown cells tagged with their language
(``docs/translating.md``).

Who chooses the language, most explicit first:

1. a page's ``?lang=`` (the language switch sends it),
2. the choice remembered for this browser (the ``classbridge-lang`` cookie
   the switch sets),
3. the browser's ``Accept-Language``,
4. the server's default (``classbridge serve --lang``, ``CLASSBRIDGE_LANG``),
5. for the command line, the shell's ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG``,
6. English.

Inside a Voilà kernel the request is only known once the visitor arrives;
a preheated kernel renders its page before that in the server's language
(``pool_language``), and the server hands it only to visitors who read that
language. The page's language is kept for the kernel's life.
"""

from __future__ import annotations

import gettext
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs

from classbridge.core.share import share_path

DEFAULT_LANGUAGE = "en"
#: The server's default language (``classbridge serve --lang``).
LANGUAGE_ENV = "CLASSBRIDGE_LANG"
#: The language preheated pages are run in (``classbridge serve``); see ``pool_language``.
POOL_LANGUAGE_ENV = "CLASSBRIDGE_POOL_LANG"
#: Remembers a browser's choice; set by the switch (``classbridge.live.handlers``).
LANGUAGE_COOKIE = "classbridge-lang"
DOMAIN = "classbridge"

_page_language: str | None = None


@cache
def language_names() -> dict[str, str]:
    """Every language ClassBridge speaks, as its own speakers name it, in switch order."""
    return json.loads(share_path("locale", "languages.json").read_text(encoding="utf-8"))


def supported_languages() -> tuple[str, ...]:
    return tuple(language_names())


def normalise(tag: str) -> str | None:
    """The supported language a BCP 47 or POSIX tag asks for, or ``None``.

    ``zh-TW``, ``zh_TW.UTF-8``, ``zh-Hant`` and plain ``zh`` all mean our
    Traditional Chinese (the only Chinese we have); ``en-GB`` means English.
    """
    tag = tag.strip().split(".")[0].split("@")[0].replace("_", "-")
    if not tag or tag in ("*", "C", "POSIX"):
        return None
    wanted = tag.lower()
    by_lower = {code.lower(): code for code in supported_languages()}
    if wanted in by_lower:
        return by_lower[wanted]
    primary = wanted.split("-")[0]
    same_primary = [code for code in supported_languages() if code.lower().split("-")[0] == primary]
    return same_primary[0] if same_primary else None


def negotiate(accept_language: str) -> str | None:
    """The supported language an ``Accept-Language`` header prefers most, or ``None``."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"\bq\s*=\s*([^;\s]*)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                continue  # a broken weight: skip this language, not the header
        if quality > 0:
            ranked.append((-quality, position, tag))
    for _quality, _position, tag in sorted(ranked):
        language = normalise(tag)
        if language:
            return language
    return None


def language_from_cookie(cookie_header: str) -> str | None:
    cookies = SimpleCookie()
    try:
        cookies.load(cookie_header)
    except CookieError:
        return None
    morsel = cookies.get(LANGUAGE_COOKIE)
    return normalise(morsel.value) if morsel else None


def choose_language(
    query: str = "", cookie: str = "", accept_language: str = "", server_default: str = ""
) -> str:
    """The language a request gets, by the order in this module's docstring (1–4, then English)."""
    asked = parse_qs(query).get("lang", [""])[-1]
    return (
        normalise(asked)
        or language_from_cookie(cookie)
        or negotiate(accept_language)
        or normalise(server_default)
        or DEFAULT_LANGUAGE
    )


def _in_voila_page() -> bool:
    return "VOILA_BASE_URL" in os.environ or os.environ.get("VOILA_PREHEAT") == "True"


def shell_language() -> str | None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for tag in os.environ.get(name, "").split(":"):
            language = normalise(tag)
            if language:
                return language
    return None


#: Where a module page notes the language it was shown in, beside the trainee's answers.
PAGE_LANGUAGE_ITEM = "page-language"


def remember_page_language(module: str, language: str) -> None:
    """Keep the language a trainee read ``module`` in with their work.

    It travels with the hand-in, so autograding runs the module in the
    trainee's language and their feedback (questions, explanations) reads as
    their page did. A workspace that cannot be written costs only that.
    """
    from classbridge.core.storage import RecordStore, StorageError
    from classbridge.core.visit import current_trainee
    from classbridge.core.workspace import trainee_dir

    try:
        store = RecordStore(trainee_dir(current_trainee().id))
        store.replace(f"{module}/{PAGE_LANGUAGE_ITEM}", {"language": language})
    except (StorageError, OSError, ValueError):
        pass


def handed_in_language(module_folder: Path, trainee: str) -> str | None:
    """The language ``trainee`` read the module in, from a module folder holding their work
    (a hand-in being autograded, an autograded copy), or ``None`` if it was never noted."""
    from classbridge.core.storage import RecordStore, StorageError
    from classbridge.core.workspace import DEFAULT_FOLDER

    try:
        record = RecordStore(module_folder / DEFAULT_FOLDER / trainee).load(
            f"{module_folder.name}/{PAGE_LANGUAGE_ITEM}"
        )
    except (StorageError, OSError, ValueError):
        return None
    return normalise(str(record.data.get("language", "")))


def current_language() -> str:
    """The language of this page (in a Voilà kernel) or of this command."""
    global _page_language
    if _page_language is not None:
        return _page_language
    from classbridge.core.visit import autograding

    if autograding():
        # English while the hand-in is read: its errors are translated messages too.
        _page_language = DEFAULT_LANGUAGE
        from classbridge.core.visit import current_trainee

        handed_in = handed_in_language(Path.cwd(), current_trainee().id)
        _page_language = handed_in or DEFAULT_LANGUAGE
        return _page_language
    if _in_voila_page():
        from classbridge.core.visit import preheated

        if preheated():
            # A pool kernel renders its page before anyone visits, in the server's
            # language; the server gives it only to visitors who read that language
            # (classbridge.serve.page_handler) and starts a kernel for the others.
            _page_language = pool_language()
            return _page_language
        # The Cookie header reaches the kernel (Voilà's http_header_envs) only to read
        # our one cookie; the rest (the hub's login) is none of a notebook's business.
        cookie = os.environ.pop("HTTP_COOKIE", "")
        _page_language = choose_language(
            os.environ.get("QUERY_STRING", ""),
            cookie,
            os.environ.get("HTTP_ACCEPT_LANGUAGE", ""),
            os.environ.get(LANGUAGE_ENV, ""),
        )
    else:
        _page_language = (
            normalise(os.environ.get(LANGUAGE_ENV, "")) or shell_language() or DEFAULT_LANGUAGE
        )
    return _page_language


def pool_language() -> str:
    """The language pool kernels run their pages in: the one most visitors are expected to read.

    ``classbridge serve`` sets it: ``--lang`` if given, else the language of
    the machine it runs on (a trainer's laptop in Taiwan serves Chinese-reading
    trainees), else English. Visitors who read another language still get
    their own: a kernel is started for them.
    """
    return (
        normalise(os.environ.get(POOL_LANGUAGE_ENV, ""))
        or normalise(os.environ.get(LANGUAGE_ENV, ""))
        or DEFAULT_LANGUAGE
    )


def use_language(language: str | None) -> None:
    """Fix the language for the rest of this process (tests, autograding); ``None`` asks again."""
    global _page_language
    _page_language = normalise(language) if language else None
    if language and _page_language is None:
        raise ValueError(
            f"language {language!r} is not one ClassBridge speaks: use one of "
            f"{', '.join(supported_languages())}"
        )


@contextmanager
def speaking(language: str) -> Iterator[str]:
    """``_()`` answers in ``language`` inside the block, and as before after it.

    For code that writes for several readers in one process: a server answering
    each request in its reader's language, ``grade feedback`` writing each
    trainee's page in theirs. Never hold it across an ``await``. The language
    before is read without choosing it (which, in a page kernel, would wait for
    a visitor) and put back as it was.
    """
    global _page_language
    before = _page_language
    use_language(language)
    try:
        yield language
    finally:
        _page_language = before


def gettext_code(language: str) -> str:
    """The locale folder name gettext looks for: ``zh-TW`` -> ``zh_TW``."""
    return language.replace("-", "_")


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language`` (English is the message ids themselves)."""
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(
        DOMAIN, share_path("locale"), languages=[gettext_code(language)], fallback=True
    )


def _(message: str) -> str:
    """``message`` in the current language (English if it has no translation yet)."""
    return catalog(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form ``count`` needs, in the current language."""
    return catalog(current_language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a module-level string for extraction; translate it where it is shown with ``_()``."""
    return message


def gettext_in(language: str, message: str) -> str:
    """``message`` in a named language: for servers, where each request has its own."""
    return catalog(normalise(language) or DEFAULT_LANGUAGE).gettext(message)


def translated(en: str, **others: str) -> str:
    """Module prose in the page's language, written per language by the module's author.

    Keywords are language codes with ``_`` for ``-`` (``zh_TW``). A language the
    author has not written yet falls back to English, so a page is never broken.
    """
    texts = {key.replace("_", "-"): value for key, value in others.items()}
    unknown = set(texts) - set(supported_languages())
    if unknown:
        raise ValueError(
            f"translated() got {', '.join(sorted(unknown))}: name a language ClassBridge "
            f"speaks ({', '.join(supported_languages())}), with '_' for '-' (zh_TW)"
        )
    return texts.get(current_language(), en)
