"""HTML or script in any trainee text a trainer sees is shown as text, never run.

Trainee ids, module names and titles reach the trainer's dashboard and the
catalogue; Hypothesis writes them, an HTML parser reads the page back: the
page has only the tags we wrote, no event attribute, and the text reads back
exactly as typed. The CSV download must not turn a name into a formula.
"""

from __future__ import annotations

import base64
import csv
import io
from html.parser import HTMLParser

from hypothesis import given, strategies

from classbridge.core.catalogue import Catalogue, ModuleInfo
from classbridge.grading.progress import MODULE_GRADED, ProgressRow
from classbridge.pages.catalogue_page import render_catalogue
from classbridge.pages.progress_view import csv_download_link, rows_table

HOSTILE = [
    "<script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=1">',
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
    '=HYPERLINK("http://evil","x")',
    "&lt;b&gt; already escaped",
]
text = strategies.one_of(strategies.sampled_from(HOSTILE), strategies.text(min_size=1, max_size=60))


class PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: dict[str, list[str]] = {}
        self._classes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)
        self._classes.append(dict(attrs).get("class") or "")

    def handle_endtag(self, tag):
        if self._classes:
            self._classes.pop()

    def handle_data(self, data):
        if self._classes:
            self.text.setdefault(self._classes[-1], []).append(data)


def read(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader


def _clean(reader: PageReader, allowed: set[str]) -> None:
    assert set(reader.tags) <= allowed, set(reader.tags) - allowed
    assert not [name for name, _ in reader.attributes if name.startswith("on")]


@given(trainee=text, module=text)
def test_dashboard_table_shows_any_trainee_text_as_text(trainee, module):
    row = ProgressRow(trainee, module, MODULE_GRADED, score=2, max_score=3, pending_manual=1)
    reader = read(rows_table([row]))
    _clean(reader, {"style", "table", "tr", "th", "td", "span"})
    assert "".join(reader.text["cb-trainee"]) == trainee
    assert "".join(reader.text["cb-module"]) == module
    data_attributes = dict(a for a in reader.attributes if a[0].startswith("data-"))
    assert data_attributes == {"data-trainee": trainee, "data-module": module}


@given(trainee=text)
def test_csv_download_keeps_names_and_runs_no_formula(trainee):
    row = ProgressRow(trainee, "01-welcome", MODULE_GRADED, score=1, max_score=3)
    href = dict(read(csv_download_link([row])).attributes)["href"]
    payload = base64.b64decode(href.split("base64,", 1)[1]).decode("utf-8")
    record = next(csv.DictReader(io.StringIO(payload, newline="")))
    cell = record["trainee"]
    if trainee[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert cell == "'" + trainee
    else:
        assert cell == trainee


@given(title=text, summary=text, objective=text)
def test_catalogue_shows_any_module_metadata_as_text(title, summary, objective):
    module = ModuleInfo("01-x/x.ipynb", title, summary, 30, (objective,))
    reader = read(render_catalogue(Catalogue(root=".", entries=[module])))
    _clean(reader, {"style", "div", "section", "h1", "h2", "p", "a", "span", "ul", "li", "strong"})
    assert "".join(reader.text["cb-module-link"]) == title
    assert "".join(reader.text["cb-summary"]) == summary
