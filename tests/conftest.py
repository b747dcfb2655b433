"""Fixtures tests in several folders use: a real Voilà, a real Chromium, PostgreSQL, Binder.

Each test folder's own fixtures are in its conftest.py (tests/browser,
tests/grading); helpers that are not fixtures are in tests/support/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from classbridge.lessons.bank import SAMPLES
from classbridge.lessons.plan import load_plan
from classbridge.lessons.store import PlanFolder
from classbridge.serve import free_port
from tests.support.binder import build_binder_env
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, watched_tab
from tests.support.postgres import PostgresServer, PostgresUnavailable, throwaway_postgres
from tests.support.repo import MODULES, quick_modules
from tests.support.servers import VoilaServer, stop_process, wait_for_http


def pytest_configure(config) -> None:
    """Kernels the suite starts (nbval's among them) save trainee work outside the checkout."""
    os.environ.setdefault(
        "CLASSBRIDGE_WORKSPACE", tempfile.mkdtemp(prefix="classbridge-test-workspace-")
    )
    os.environ.setdefault("CLASSBRIDGE_TRAINEE", "nbval")
    # Tests read English unless they ask for another language; a shell in zh_TW
    # would otherwise turn every command's output Chinese (classbridge.core.language).
    os.environ["LANGUAGE"] = "en"
    os.environ.pop("CLASSBRIDGE_LANG", None)


def pytest_collection_modifyitems(config, items) -> None:
    """nbval's notebook cells are ``slow``: each notebook starts a kernel of its own, and the
    eleven of modules/ and the dashboards take 40-60 s together on 2 cores.

    The browser tests run last: once Playwright's sync API has started (the
    session's ``chromium``), it keeps an event loop running in the test thread,
    and every later test that runs asyncio or Tornado's loop there is refused.
    """
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def start_classbridge(tmp_path_factory) -> Iterator[Callable[..., VoilaServer]]:
    """Run a ``classbridge`` server command on a free loopback port; stopped at session end."""
    started: list[subprocess.Popen] = []

    def start(*args: str, ready: str, trainee: str = "amy", **env_vars: str) -> VoilaServer:
        port = free_port()
        folder = tmp_path_factory.mktemp("voila")
        log_path = folder / "server.log"
        # Trainee work goes to a throw-away workspace, never into the checkout.
        workspace = folder / "workspace"
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "CLASSBRIDGE_WORKSPACE": str(workspace),
            "CLASSBRIDGE_TRAINEE": trainee,
            **env_vars,
        }
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "classbridge", *args, "--port", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{url}/voila/render/{ready}", process, log_path, timeout=120)
        return VoilaServer(url, process, log_path, workspace, trainee)

    yield start
    for process in started:
        stop_process(process)


@pytest.fixture(scope="session")
def start_voila(start_classbridge) -> Callable[..., VoilaServer]:
    """``classbridge serve MODULES_DIR [extra options]`` as a trainee."""

    def start(modules_dir: Path = MODULES, *extra: str, trainee: str = "amy") -> VoilaServer:
        return start_classbridge(
            "serve", str(modules_dir), *extra, ready="catalogue.ipynb", trainee=trainee
        )

    return start


@pytest.fixture
def modules_copy(tmp_path: Path) -> Path:
    """A private modules folder a test may break on purpose: the catalogue and one module.

    One module keeps the server quick to start: Voilà preheats a kernel for
    every notebook it serves.
    """
    return quick_modules(tmp_path)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian chromium is missing at /usr/bin/chromium: run 'bash scripts/test.sh', "
            "which installs it"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser tab that fails the test on console errors or outside requests."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = watched_tab(context)
    yield tab
    context.close()
    tab.browser_log.assert_clean()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL server on loopback; skipped where PostgreSQL cannot run."""
    try:
        with throwaway_postgres() as server:
            yield server
    except PostgresUnavailable as missing:
        pytest.skip(str(missing))


@pytest.fixture(scope="session")
def binder_env(tmp_path_factory) -> Path:
    """A fresh environment built as repo2docker builds it (tests/support/binder.py)."""
    return build_binder_env(tmp_path_factory.mktemp("binder") / "env")


@pytest.fixture
def plan_folder(tmp_path: Path) -> Callable[[str], PlanFolder]:
    """A writable folder of lesson plans holding a copy of one sample plan."""

    def with_sample(plan_id: str) -> PlanFolder:
        folder = PlanFolder(tmp_path / "bank")
        folder.create(load_plan(SAMPLES / f"{plan_id}.yaml"))
        return folder

    return with_sample
