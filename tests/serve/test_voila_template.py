"""Our Voilà template is Voilà's own lab template with documented changes only.

src/classbridge/share/voila/templates/classbridge/index.html.j2 is a copy of
the installed Voilà's lab/index.html.j2 (Jinja cannot skip a parent's block).
Diffing the two with difflib, every hunk must be one listed in ``HUNKS``: when
a Voilà upgrade changes its template, a new hunk appears and this test names
it, so the copy is brought in step instead of silently serving an old page.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from jupyter_core.paths import jupyter_path

from classbridge.core.share import share_path

OURS = share_path("voila", "templates", "classbridge")


@dataclass(frozen=True)
class Hunk:
    """One intended difference: Voilà's lines we drop and the lines we put in their place."""

    why: str
    removed: tuple[str, ...]
    #: ``None``: a Jinja comment ({# ... #}), which renders as nothing.
    added: tuple[str, ...] | None


HUNKS = [
    Hunk("a comment at the top saying what this copy is and why", removed=(), added=None),
    Hunk(
        "no Font Awesome from a CDN: ClassBridge runs offline, and Voilà's "
        "static/voila-style.js, which the page loads, bundles the same CSS and fonts",
        removed=(
            '  <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/'
            'fontawesome-free@^5/css/all.min.css" type="text/css" />',
            '  <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/'
            'fontawesome-free@^5/css/v4-shims.min.css" type="text/css" />',
        ),
        added=(),
    ),
    Hunk(
        "answer options wrap on a 360 px phone instead of being cut off or overlapping "
        "(issue 14; tests/browser/test_small_screens.py)",
        removed=(),
        added=(
            "  <style>",
            "    /* ClassBridge: answer options wrap on a phone. ipywidgets keeps a checkbox's",
            '       label on one line (cut off with "…") and gives radio options a fixed',
            "       height (a wrapped option overlaps the next one); body outranks their rules. */",
            "    body .widget-checkbox, body .widget-radio, body .widget-radio-box {",
            "      height: auto;",
            "    }",
            "    body .widget-checkbox .widget-label-basic {",
            "      display: flex;",
            "      align-items: flex-start;",
            "      height: auto;",
            "      white-space: normal;",
            "      line-height: 1.4;",
            "      padding: 4px 0;",
            "    }",
            "    body .widget-radio-box label {",
            "      display: flex;",
            "      align-items: flex-start;",
            "      height: auto;",
            "      line-height: 1.4;",
            "      padding: 2px 0;",
            "    }",
            "    body .widget-radio-box input {",
            "      order: -1;",
            "      flex: none;",
            "      float: none;",
            "      margin-top: 3px;",
            "    }",
            "  </style>",
        ),
    ),
    Hunk(
        "the _xsrf cookie fix, so leaving a page shuts its kernel down (voila#1458)",
        removed=(),
        added=(
            "<script>",
            "  // Voilà shuts a page's kernel down on leaving it with a POST that carries the",
            "  // _xsrf cookie, but Voilà 0.5's notebook pages never set that cookie, so the",
            "  // POST is refused (403) and every visit leaves a kernel running",
            "  // (voila-dashboards/voila#1458). Its tree handler does set it: ask it once.",
            r"  if (!/(^|;\s*)_xsrf=/.test(document.cookie)) {",
            '    fetch("{{ resources.base_url }}voila/tree", { credentials: "same-origin" });',
            "  }",
            "</script>",
        ),
    ),
    Hunk(
        "ask before leaving a page with unsaved text (widgets marked cb-unsaved, issue 14), "
        "holding back Voilà's kernel shutdown until the trainee really leaves: Voilà's own "
        "beforeunload listener shuts the kernel even when the trainee chooses to stay",
        removed=(),
        added=(
            "<script>",
            "  // Ask before leaving a page with text the trainee has not saved: our widgets",
            "  // carry the class cb-unsaved while they show some (classbridge.widgets.drafts).",
            "  // Voilà's own beforeunload listener shuts the page's kernel down at once, even",
            "  // if the trainee then chooses to stay, so while text is unsaved this listener,",
            "  // registered first, stops Voilà's and shuts the kernel down only on leaving.",
            "  (() => {",
            "    const shutDownKernel = () => {",
            '      const config = JSON.parse(document.getElementById("jupyter-config-data")'
            ".textContent);",
            "      const form = new FormData();",
            r'      form.append("_xsrf", (document.cookie.match(/\b_xsrf=([^;]*)\b/) || [])[1]'
            ' || "");',
            "      navigator.sendBeacon(`{{ resources.base_url }}voila/api/shutdown/"
            "${config.kernelId}`, form);",
            "    };",
            '    window.addEventListener("beforeunload", (event) => {',
            '      window.removeEventListener("pagehide", shutDownKernel);',
            '      if (!document.querySelector(".cb-unsaved")) return;',
            "      event.stopImmediatePropagation();",
            "      event.preventDefault();",
            '      event.returnValue = "";',
            '      window.addEventListener("pagehide", shutDownKernel, { once: true });',
            "    });",
            "  })();",
            "</script>",
        ),
    ),
    Hunk(
        "a page whose kernel is gone (culled after the page went away, or a restarted "
        "server) says so and offers a reload (issue 15; static/lost-kernel.js); the tab "
        "shows the module's title (issue 17; static/page-title.js)",
        removed=(),
        added=(
            '<script src="{{ resources.base_url }}voila/templates/classbridge/static/'
            'lost-kernel.js"></script>',
            '<script src="{{ resources.base_url }}voila/templates/classbridge/static/'
            'page-title.js"></script>',
        ),
    ),
    Hunk(
        "before the page's LanguageSwitch has chosen, cells written in another language "
        "than English stay hidden (issue 19)",
        removed=(),
        added=(
            "  {# ClassBridge: before the page's LanguageSwitch has chosen, cells of other",
            "     languages than English stay hidden. #}",
            '  <style>.cb-lang:not([lang="en"]) { display: none; }</style>',
        ),
    ),
    Hunk(
        "a cell written in one language carries it (class cb-lang, lang=...), so the "
        "page's LanguageSwitch shows one language's cells (issue 19)",
        removed=('        <div cell-index="{{cellloop.index}}">',),
        added=(
            "        {#- ClassBridge: a cell tagged with its language (metadata classbridge.lang)"
            " is",
            "            shown only in that language; the page's LanguageSwitch picks which",
            "            (classbridge.widgets.language_switch). Until then English shows. #}",
            '        {%- set cell_lang = (cell.metadata.get("classbridge") or {}).get("lang") %}',
            '        <div cell-index="{{cellloop.index}}"{% if cell_lang %} class="cb-lang" '
            'lang="{{ cell_lang }}"{% endif %}>',
        ),
    ),
]


def voila_lab_template() -> Path:
    """The installed Voilà's lab template, the one ours was derived from (conf.json)."""
    for folder in jupyter_path("voila", "templates", "lab"):
        if (Path(folder) / "index.html.j2").is_file() and not Path(folder).is_relative_to(
            share_path()
        ):
            return Path(folder)
    pytest.fail("Voilà's lab template is not installed: run 'bash scripts/test.sh'")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _is_jinja_comment(lines: tuple[str, ...]) -> bool:
    text = "\n".join(lines).strip()
    return text.startswith("{#") and text.endswith("#}") and text.count("#}") == 1


def _matches(found: tuple[tuple[str, ...], tuple[str, ...]], expected: Hunk) -> bool:
    removed, added = found
    if removed != expected.removed:
        return False
    return _is_jinja_comment(added) if expected.added is None else added == expected.added


def test_our_template_is_derived_from_voilas_lab_template():
    conf = json.loads((OURS / "conf.json").read_text(encoding="utf-8"))
    assert conf == {"base_template": "lab"}
    base = voila_lab_template()
    # Ours replaces these pages of Voilà's by name: renamed upstream, ours would be ignored.
    for name in ("index.html.j2", "tree.html", "tree-lab.html"):
        assert (base / name).is_file(), f"Voilà's lab template has no {name} any more"


def test_index_differs_from_voilas_only_by_the_documented_hunks():
    theirs = _lines(voila_lab_template() / "index.html.j2")
    ours = _lines(OURS / "index.html.j2")
    matcher = difflib.SequenceMatcher(None, theirs, ours, autojunk=False)
    found = [
        (tuple(theirs[i1:i2]), tuple(ours[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    unexplained = [
        hunk for hunk in found if not any(_matches(hunk, expected) for expected in HUNKS)
    ]
    missing = [e.why for e in HUNKS if not any(_matches(hunk, e) for hunk in found)]
    diff = "\n".join(
        difflib.unified_diff(theirs, ours, "voila lab/index.html.j2", "classbridge", lineterm="")
    )
    assert not unexplained and not missing, (
        f"{len(unexplained)} hunk(s) not in HUNKS and {len(missing)} documented hunk(s) gone "
        f"({missing}): bring our index.html.j2 in step with Voilà's, then update HUNKS.\n{diff}"
    )
    assert len(found) == len(HUNKS)


def test_our_tree_pages_redirect_without_voilas_cdn_page():
    """Voilà's tree pages extend page.html, which links Font Awesome from a CDN; ours do not."""
    for name in ("tree.html", "tree-lab.html"):
        text = (OURS / name).read_text(encoding="utf-8")
        assert "{% extends" not in text and "{%- extends" not in text, name
        assert "://" not in text, name  # nothing fetched from elsewhere
    assert "voila/render/catalogue.ipynb" in (OURS / "tree.html").read_text(encoding="utf-8")
    assert '{%- include "tree.html" -%}' in (OURS / "tree-lab.html").read_text(encoding="utf-8")
