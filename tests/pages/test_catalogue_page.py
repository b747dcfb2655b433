"""The catalogue page fragment: every trainer-written text is escaped."""

from __future__ import annotations

from pathlib import Path

from classbridge.core.catalogue import BrokenModule, Catalogue, ModuleInfo
from classbridge.pages.catalogue_page import render_catalogue


def test_cards_show_title_duration_summary_objectives_and_relative_link():
    module = ModuleInfo(
        path="02-setup/online classroom.ipynb",
        title="Setting up",
        summary="Webcam & light",
        duration_minutes=45,
        objectives=("Frame yourself", "Test audio"),
    )
    html = render_catalogue(Catalogue(Path("."), [module]))
    assert 'href="02-setup/online%20classroom.ipynb"' in html
    assert ">Setting up</a>" in html
    assert '<span class="cb-duration">45 min</span>' in html
    assert "Webcam &amp; light" in html
    assert "<li>Frame yourself</li><li>Test audio</li>" in html


def test_hostile_metadata_is_escaped():
    module = ModuleInfo(
        path='01-x/"><script>alert(1)</script>.ipynb',
        title="<script>alert(1)</script>",
        summary="<img src=x onerror=alert(1)>",
        duration_minutes=5,
        objectives=("<b>bold</b>",),
    )
    broken = BrokenModule(path="<i>x</i>.ipynb", reason="<script>bad</script>")
    html = render_catalogue(Catalogue(Path("."), [module, broken]))
    assert "<script>alert" not in html and "<script>bad" not in html
    assert "<img" not in html and "<b>bold" not in html and "<i>x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_broken_module_card_says_why():
    html = render_catalogue(
        Catalogue(Path("."), [BrokenModule("03-x/x.ipynb", "is not valid JSON")])
    )
    assert "03-x/x.ipynb (unavailable)" in html
    assert "This module is broken: is not valid JSON." in html


def test_empty_folder_says_how_to_add_a_module():
    assert "No modules yet" in render_catalogue(Catalogue(Path("."), []))
