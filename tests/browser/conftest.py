"""Fixtures of the real-browser tests: the repository's modules in Voilà, and two tabs.

Chromium (``chromium``, ``page``) and the one fixture that starts Voilà
(``start_classbridge``) are in tests/conftest.py: tests/deploy and tests/grading
use them too.
"""

from __future__ import annotations

import pytest

from tests.support.browser import PHONE, watched_tab
from tests.support.repo import MODULES
from tests.support.servers import VoilaServer


@pytest.fixture(scope="session")
def voila(start_voila) -> VoilaServer:
    """The repository's own modules, served as trainees see them."""
    return start_voila(MODULES)


@pytest.fixture
def phone(chromium):
    """A tab on a 360 px phone screen (``PHONE``), its console watched."""
    context = chromium.new_context(viewport=PHONE)
    tab = watched_tab(context)
    yield tab
    context.close()
    tab.browser_log.assert_clean()


@pytest.fixture
def two_tabs(chromium):
    """Another tab of the same browser profile: the same trainee in a second window."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tabs = [watched_tab(context), watched_tab(context)]
    yield tabs
    context.close()
    for tab in tabs:
        tab.browser_log.assert_clean()
