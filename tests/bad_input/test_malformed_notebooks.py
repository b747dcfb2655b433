"""Whatever sits in a module folder, the catalogue lists the others and names the broken one.

Hypothesis writes arbitrary bytes and arbitrary JSON where a module notebook
belongs; a notebook with huge outputs must still be listed, and its outputs
never reach the catalogue page.
"""

from __future__ import annotations

import json
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classbridge.core.catalogue import scan_catalogue
from classbridge.pages.catalogue_page import render_catalogue
from tests.support.repo import MODULES

FIXTURE_OK = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=60
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)


def _modules_with(tmp_path, content: bytes):
    root = tmp_path / "modules"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(
        MODULES / "01-welcome",
        root / "01-welcome",
        ignore=shutil.ignore_patterns("classbridge-work"),
    )
    (root / "02-odd").mkdir()
    (root / "02-odd" / "odd.ipynb").write_bytes(content)
    return scan_catalogue(root)


def _still_serves_the_good_module(catalogue) -> None:
    assert [m.path for m in catalogue.modules] == ["01-welcome/welcome.ipynb"]
    for broken in catalogue.broken:
        assert broken.path == "02-odd/odd.ipynb"
        assert broken.reason and "\n" not in broken.reason
    assert "Welcome" in render_catalogue(catalogue)


@FIXTURE_OK
@given(content=st.binary(max_size=300))
def test_any_bytes_leave_the_catalogue_working(tmp_path, content):
    catalogue = _modules_with(tmp_path, content)
    _still_serves_the_good_module(catalogue)
    assert len(catalogue.broken) == 1


@FIXTURE_OK
@given(value=json_values)
def test_any_json_leaves_the_catalogue_working(tmp_path, value):
    catalogue = _modules_with(tmp_path, json.dumps(value).encode())
    _still_serves_the_good_module(catalogue)
    assert len(catalogue.broken) == 1


def test_notebook_with_huge_outputs_is_listed_without_them(tmp_path):
    nb = json.loads((MODULES / "01-welcome" / "welcome.ipynb").read_text(encoding="utf-8"))
    nb["metadata"]["classbridge"]["title"] = "Huge outputs"
    huge = "x" * (40 * 1024 * 1024)  # a 40 MB printed output left in the notebook
    nb["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "source": "print('x' * 40_000_000)",
            "execution_count": 1,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": huge}],
        }
    )
    catalogue = _modules_with(tmp_path, json.dumps(nb).encode())
    assert [m.title for m in catalogue.modules] == [
        "Welcome: the online-and-offline school",
        "Huge outputs",
    ]
    page = render_catalogue(catalogue)
    assert "xxxxxxxxxx" not in page and len(page) < 20_000
