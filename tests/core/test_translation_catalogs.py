"""Every interface string has a zh-TW translation, and the catalogs match the code.

A missing or fuzzy translation shows English in the middle of a Chinese page;
a placeholder that differs between languages raises KeyError on that page.
"""

from __future__ import annotations

import ast
import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from classbridge.core.language import gettext_code, supported_languages
from classbridge.core.share import share_path

ROOT = Path(__file__).resolve().parents[2]
LOCALE = share_path("locale")
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^}]*)?\}")
TRANSLATED = [code for code in supported_languages() if code != "en"]


def read_catalog(language: str):
    path = LOCALE / gettext_code(language) / "LC_MESSAGES" / "classbridge.po"
    with path.open("rb") as file:
        return read_po(file)


def template_ids() -> set[str]:
    with (LOCALE / "classbridge.pot").open("rb") as file:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id}


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    catalog = read_catalog(language)
    by_id = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing = sorted(template_ids() - set(by_id))
    assert not missing, f"{len(missing)} message(s) not in the {language} .po: run "
    "scripts/translations.sh update, e.g. " + repr(missing[:3])
    untranslated = [
        key
        for key, message in by_id.items()
        if not all(message.string if isinstance(message.string, tuple) else [message.string])
    ]
    assert not untranslated, f"untranslated in {language}: {untranslated[:5]}"
    fuzzy = [key for key, message in by_id.items() if message.fuzzy]
    assert not fuzzy, f"fuzzy in {language} (check and unmark): {fuzzy[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_are_the_same_in_both_languages(language: str) -> None:
    wrong = []
    for message in read_catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(placeholders(text) for text in ids))
        for text in strings:
            if placeholders(text) != expected:
                wrong.append((ids[0], text))
    assert not wrong, f"placeholders differ in {language}: {wrong[:3]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_matches_the_po_file(language: str) -> None:
    """The .mo in the package is what translators wrote (scripts/translations.sh compile)."""
    path = LOCALE / gettext_code(language) / "LC_MESSAGES" / "classbridge.mo"
    with path.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = []
    for message in read_catalog(language):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            got = compiled.ngettext(message.id[0], message.id[1], 1)
            want = message.string[0]
        else:
            got, want = compiled.gettext(message.id), message.string
        if got != want:
            stale.append(message.id)
    assert not stale, f"{len(stale)} stale in the .mo: run scripts/translations.sh compile"


def test_the_template_holds_exactly_the_messages_in_the_code(tmp_path) -> None:
    """The committed .pot is what extraction gives today (scripts/translations.sh extract)."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            Path(sys.executable).with_name("pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "N_",
            "-k",
            "ngettext:1,2",
            "-k",
            "gettext_in:2",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as file:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id}
    assert extracted == template_ids(), (
        f"new: {sorted(extracted - template_ids())[:3]}, gone: "
        f"{sorted(template_ids() - extracted)[:3]}: run scripts/translations.sh extract and update"
    )


def _translation_calls(path: Path) -> list[ast.Call]:
    """Every ``_()``, ``N_()`` and ``ngettext()`` call with an argument in a source file."""
    return [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "N_", "ngettext")
        and node.args
    ]


def _literal_calls(path: Path) -> list[tuple[int, str]]:
    return [
        (call.lineno, call.args[0].value)
        for call in _translation_calls(path)
        if isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)
    ]


def test_babel_finds_every_marked_string_in_the_code() -> None:
    """Babel's extractor drops a whole file it cannot follow (a ``_()`` inside an
    f-string): compare with Python's own parser, call by call."""
    known = template_ids()
    lost = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "src" / "classbridge").rglob("*.py"))
        for line, text in _literal_calls(path)
        if text not in known
    ]
    assert not lost, f"not extracted (no _() inside f-strings; then extract): {lost[:5]}"


def test_calls_translate_before_formatting() -> None:
    """``_(f"...")`` or ``_("..." % x)`` can never match a catalog entry."""
    wrong = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path in sorted((ROOT / "src" / "classbridge").rglob("*.py"))
        for call in _translation_calls(path)
        if isinstance(call.args[0], ast.JoinedStr | ast.BinOp)
    ]
    assert not wrong, f"format after translating, _('... {{name}}').format(name=...): {wrong}"
