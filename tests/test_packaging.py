"""The distribution: one import package, installable into a fresh environment."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.repo import REPO

pytestmark = pytest.mark.slow  # builds a wheel and a fresh venv

#: The import packages as the source tree holds them, e.g. "classbridge/lessons".
SOURCE_PACKAGES = {
    Path(folder).relative_to(REPO / "src").as_posix()
    for folder, _, files in os.walk(REPO / "src" / "classbridge", followlinks=True)
    if "__init__.py" in files
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
    )
    (built,) = out.glob("classbridge-*.whl")
    return built


def test_wheel_holds_one_import_package_with_its_subpackages(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {n.split("/")[0] for n in names if not n.startswith("classbridge-")}
    assert top_level == {"classbridge"}
    for module in (
        "classbridge/cli/__init__.py",
        "classbridge/widgets/__init__.py",
        "classbridge/widgets/quiz.py",
        "classbridge/grading/__init__.py",
        "classbridge/share/voila/templates/classbridge/index.html.j2",
        "classbridge/share/voila/templates/classbridge/tree.html",
        "classbridge/share/jupyter-config/common/jupyter_server_config.json",
        "classbridge/share/jupyter-config/common/labconfig/page_config.json",
        "classbridge/share/jupyter-config/trainee/jupyter_server_config.json",
        "classbridge/share/jupyter-config/trainee/labconfig/page_config.json",
        "classbridge/share/jupyter-config/common/nbgrader_config.py",
        "classbridge/share/dashboards/trainer-dashboard.ipynb",
        "classbridge/core/workspace.py",
        "classbridge/lessons/plan.py",
        "classbridge/pages/catalogue_page.py",
        "classbridge/share/lesson-plan.schema.json",
        "classbridge/share/lesson-bank/siklus-air.yaml",
        # zh-TW: the compiled catalog and the languages the switch offers (issue 19)
        "classbridge/share/locale/languages.json",
        "classbridge/share/locale/zh_TW/LC_MESSAGES/classbridge.mo",
        "classbridge/share/voila/templates/classbridge/static/page-title.js",
        "classbridge/share/digcompedu.json",
        "classbridge/share/nbconvert/templates/formgrade/mathjax.html.j2",
    ):
        assert module in names
    assert not any(n.startswith(("widgets/", "grading/", "tests/", "modules/")) for n in names)
    # Every package of the source tree (src/, with widgets/ and grading/ linked in) is in it.
    assert {n.rsplit("/", 1)[0] for n in names if n.endswith("/__init__.py")} == SOURCE_PACKAGES


def test_pip_install_into_a_fresh_venv_runs(binder_env, tmp_path):
    """``pip install .`` into a fresh environment (Binder's build, see tests/support/binder.py)."""
    env_dir = binder_env
    python = env_dir / "bin" / "python"
    help_text = subprocess.run(
        [str(env_dir / "bin" / "classbridge"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "serve" in help_text
    probe = (
        "import classbridge.widgets, classbridge.grading, voila, nbgrader, ipywebrtc, "
        "ipywidgets, ipykernel; from classbridge.jupyter_env import JUPYTER_DATA_DIR; "
        "print((JUPYTER_DATA_DIR / 'voila/templates/classbridge/conf.json').is_file())"
    )
    # Run outside the checkout, so the installed package is imported, not ./classbridge.
    out = subprocess.run(
        [str(python), "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.strip() == "True"
    # From the checkout root, where widgets/ and grading/ sit beside the code: the installed
    # package is what runs, and every one of its sub-packages imports.
    packages = " ".join(sorted(p.replace("/", ".") for p in SOURCE_PACKAGES))
    probe = (
        "import importlib, sys; "
        f"mods = [importlib.import_module(m) for m in {packages!r}.split()]; "
        "print(all(m.__file__.startswith(sys.prefix) for m in mods))"
    )
    for command in (
        [str(python), "-m", "classbridge", "--help"],
        [str(env_dir / "bin" / "classbridge"), "serve", "--help"],
        [str(python), "-c", probe],
    ):
        run = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
        assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True"
    # The sample plans and their schema came with the wheel.
    checked = subprocess.run(
        [str(env_dir / "bin" / "classbridge"), "lessons", "check"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "CLASSBRIDGE_LESSON_BANK": str(tmp_path / "bank")},
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1] == "10 plan file(s), 0 broken."
