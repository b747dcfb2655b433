"""The catalogue tells each trainee where they are with every module."""

from __future__ import annotations

from pathlib import Path

from classbridge.core.catalogue import scan_catalogue
from classbridge.core.storage import RecordStore
from classbridge.pages.catalogue_page import render_catalogue
from classbridge.pages.catalogue_state import module_states
from tests.pages.test_catalogue_languages import ENGLISH_ONLY, write_module


def test_saved_work_means_in_progress_and_nothing_saved_not_started(tmp_path, monkeypatch):
    modules = tmp_path / "modules"
    write_module(modules, "01-welcome", ENGLISH_ONLY)
    write_module(modules, "02-online-classroom", ENGLISH_ONLY)
    monkeypatch.delenv("CLASSBRIDGE_WORKSPACE", raising=False)
    monkeypatch.setenv("CLASSBRIDGE_COURSE_DIR", str(tmp_path / "no-course-here"))
    # As the module page saves it: beside the notebook, under the trainee's id.
    work = RecordStore(modules / "01-welcome" / "classbridge-work" / "amy")
    work.save("01-welcome/graded", {"answers": {"roles-care": [1]}}, 0)
    # Only opening a page (which notes its language) is not work.
    RecordStore(modules / "02-online-classroom" / "classbridge-work" / "amy").replace(
        "02-online-classroom/page-language", {"language": "zh-TW"}
    )
    states = module_states(modules, ["01-welcome", "02-online-classroom"], "amy")
    assert states == {"01-welcome": "in progress", "02-online-classroom": "not started"}
    assert module_states(modules, ["01-welcome"], "ben") == {"01-welcome": "not started"}


def test_each_card_shows_the_trainees_state(tmp_path: Path):
    write_module(tmp_path, "01-welcome", ENGLISH_ONLY)
    page = render_catalogue(scan_catalogue(tmp_path), {"01-welcome": "graded"})
    assert '<span class="cb-state cb-state-graded">graded</span>' in page
    assert "cb-state-" not in render_catalogue(scan_catalogue(tmp_path)).split("</style>")[1]
