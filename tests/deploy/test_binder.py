"""Binder: the pinned environment, postBuild and start serve the catalogue as a launch would.

repo2docker itself cannot run here (it builds Docker images), so the test does
its steps by hand: a fresh Python environment, ``pip install -r
binder/requirements.txt``, ``binder/postBuild`` in the repository, then
``binder/start`` wrapping a plain Jupyter server in a folder that holds the
repository's modules, opened at the launch link's ``urlpath``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from playwright.sync_api import expect

from classbridge.serve import free_port
from tests.support.repo import BINDER, MODULES, REPO
from tests.support.servers import loopback_server_args, stop_process, wait_for_http

LAUNCH_URLPATH = "voila/render/modules/catalogue.ipynb"


def _pins() -> dict[str, str]:
    pins = {}
    for line in (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"binder/requirements.txt: '{line}' is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


def test_binder_pins_every_dependency_inside_the_pyproject_ranges():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _pins()
    for text in project["dependencies"]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is in pyproject.toml but not pinned for Binder"
        assert requirement.specifier.contains(pins[name]), (
            f"Binder pins {name}=={pins[name]}, outside pyproject.toml's {requirement.specifier}"
        )
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"python-3\.\d+", runtime)
    assert SpecifierSet(project["requires-python"]).contains(runtime.removeprefix("python-"))


def test_readme_launch_badge_opens_the_catalogue():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    badge = re.search(r"\(https://mybinder\.org/v2/gh/[^)\s]+\)", readme)
    assert badge, "README has no 'launch on Binder' link"
    assert "urlpath=" + LAUNCH_URLPATH.replace("/", "%2F") in badge.group(0)


@pytest.fixture(scope="module")
def binder_server(binder_env, tmp_path_factory):
    """binder/start wrapping the server command Binder would give it."""
    home = tmp_path_factory.mktemp("binder-home")
    shutil.copytree(MODULES, home / "modules", ignore=shutil.ignore_patterns("classbridge-work"))
    port, token = free_port(), "binder-test-token"
    bin_dir = binder_env / "bin"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLASSBRIDGE_", "JUPYTER_"))
    }
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", HOME=str(home))
    command = [str(BINDER / "start"), "jupyter", "server", *loopback_server_args(port, token)]
    log_path = home / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/api/status?token={token}", process, log_path, timeout=120)
        yield url, token, home, log_path
    finally:
        stop_process(process)


@pytest.mark.slow  # builds the Binder environment
def test_installed_stack_is_the_pinned_one(binder_env):
    listed = subprocess.run(
        [str(binder_env / "bin" / "python"), "-m", "pip", "freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installed = {
        canonicalize_name(re.split(r"==| @ ", line)[0]): line.partition("==")[2]
        for line in listed.splitlines()
    }
    for name, version in _pins().items():
        assert installed.get(name) == version, (
            f"{name}: pinned {version}, got {installed.get(name)}"
        )
    # postBuild installed ClassBridge itself (from the checkout: "classbridge @ file://...").
    assert "classbridge" in installed


@pytest.mark.browser
@pytest.mark.slow  # builds the Binder environment
def test_binder_launch_opens_the_catalogue_and_a_module(binder_server, page):
    url, token, home, log_path = binder_server
    page.goto(f"{url}/{LAUNCH_URLPATH}?token={token}")
    card = page.locator('.cb-module[data-module="01-welcome/welcome.ipynb"]')
    expect(card).to_be_visible(timeout=90_000)
    expect(page.locator(".cb-module")).to_have_count(7)
    expect(page.get_by_text("show_catalogue")).to_have_count(0)
    card.locator(".cb-module-link").click()
    page.wait_for_url("**/voila/render/modules/01-welcome/welcome.ipynb")
    expect(page.get_by_role("heading", name="Welcome to ClassBridge")).to_be_visible(timeout=90_000)
    first = page.locator(".cb-question").nth(0)
    first.get_by_text("The on-site teacher, by starting the agreed backup task").click()
    first.get_by_role("button", name="Check").click()
    expect(first.locator(".cb-feedback")).to_contain_text("Correct. The on-site teacher")
    expect(page.locator(".jp-InputArea-editor")).to_have_count(0)
    # The page and everything it loads came from this server (no CDN: our template).
    page.browser_log.assert_clean()
    # Trainee role: nbgrader's trainer tools are off on a Binder launch.
    assert "formgrader | extension was successfully loaded" not in log_path.read_text()
