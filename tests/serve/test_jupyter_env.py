"""What a plain Jupyter server (Binder, JupyterHub) gets from ``classbridge jupyter-env``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from classbridge.grading import NBGRADER_CONFIG
from classbridge.jupyter_env import JUPYTER_DATA_DIR, RoleError, jupyter_env, voila_settings
from classbridge.serve import ServeOptions, voila_config


def _config_dirs(role: str) -> list[str]:
    return jupyter_env(role, {})["JUPYTER_CONFIG_PATH"].split(os.pathsep)


def test_template_and_settings_are_found_where_jupyter_looks():
    settings = voila_settings()
    assert (JUPYTER_DATA_DIR / "voila" / "templates" / settings["template"]).is_dir()
    assert jupyter_env("trainee", {})["JUPYTER_PATH"] == str(JUPYTER_DATA_DIR)
    for folder in _config_dirs("trainer"):
        assert os.path.isdir(folder), folder


def test_classbridge_serve_uses_the_same_voila_settings():
    config = voila_config(ServeOptions(modules_dir="modules"), unreadable=[])
    for name, value in voila_settings().items():
        assert config.VoilaConfiguration[name] == value


def test_trainee_has_nbgrader_trainer_tools_off_and_trainer_has_them():
    trainee, trainer = _config_dirs("trainee"), _config_dirs("trainer")
    assert len(trainee) == len(trainer) + 1
    first = Path(trainee[0])
    server = json.loads((first / "jupyter_server_config.json").read_text(encoding="utf-8"))
    assert server["ServerApp"]["jpserver_extensions"] == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
    }
    lab = json.loads((first / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert lab["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    # Our nbgrader configuration is found by the user's nbgrader in both roles.
    assert (
        os.path.dirname(NBGRADER_CONFIG) in trainee and os.path.dirname(NBGRADER_CONFIG) in trainer
    )


def test_existing_search_paths_are_kept_after_ours():
    env = jupyter_env("trainer", {"JUPYTER_PATH": "/opt/site", "JUPYTER_CONFIG_PATH": "/etc/site"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(JUPYTER_DATA_DIR), "/opt/site"]
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[-1] == "/etc/site"


def test_unknown_role_is_one_clear_line():
    with pytest.raises(RoleError, match="role 'teacher' is not known: use one of trainee, trainer"):
        jupyter_env("teacher", {})
    result = subprocess.run(
        [sys.executable, "-m", "classbridge", "jupyter-env", "--role", "teacher"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "classbridge: error: role 'teacher' is not known: use one of trainee, trainer"
    )


def test_shell_exports_evaluate_to_the_same_values(tmp_path):
    odd = tmp_path / "it's a folder"  # quoting must survive spaces and quotes
    script = (
        f'eval "$({sys.executable} -m classbridge jupyter-env --role trainee)"; '
        'printf "%s\\n%s\\n%s" "$CLASSBRIDGE_ROLE" "$JUPYTER_PATH" "$JUPYTER_CONFIG_PATH"'
    )
    env = {**os.environ, "JUPYTER_PATH": str(odd)}
    env.pop("JUPYTER_CONFIG_PATH", None)
    out = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, check=True
    )
    role, path, config_path = out.stdout.split("\n")
    expected = jupyter_env("trainee", {"JUPYTER_PATH": str(odd)})
    assert (role, path, config_path) == (
        "trainee",
        expected["JUPYTER_PATH"],
        expected["JUPYTER_CONFIG_PATH"],
    )


def _nbgrader_config(monkeypatch, **env: str):
    for name in ("CLASSBRIDGE_ROLE", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    folder, name = os.path.split(NBGRADER_CONFIG)
    return PyFileConfigLoader(name, path=folder).load_config()


def test_trainee_on_a_hub_hands_in_under_the_hub_name(monkeypatch):
    config = _nbgrader_config(monkeypatch, CLASSBRIDGE_ROLE="trainee", JUPYTERHUB_USER="ana")
    assert config.CourseDirectory.student_id == "ana"
    # Any hub login hands in under the id of its workspace folder, with its own cache
    # of hand-ins (so fetch_feedback on a shared account returns only its own).
    email = _nbgrader_config(
        monkeypatch, CLASSBRIDGE_ROLE="trainee", JUPYTERHUB_USER="maria.santos@deped.gov.ph"
    )
    assert email.CourseDirectory.student_id == "maria.santos_40deped.gov.ph"
    assert email.Exchange.cache.endswith("nbgrader_cache/maria.santos_40deped.gov.ph")
    assert config.Exchange.cache.endswith("nbgrader_cache/ana")
    # A trainer collects everyone: no student id is fixed.
    trainer = _nbgrader_config(monkeypatch, CLASSBRIDGE_ROLE="trainer", JUPYTERHUB_USER="mei")
    assert "student_id" not in trainer.CourseDirectory
    # Every kernel nbgrader starts knows it is grading.
    assert any("CLASSBRIDGE_AUTOGRADING" in a for a in trainer.Execute.extra_arguments)


@pytest.mark.parametrize("role", ["trainee", "trainer"])
def test_hub_and_binder_servers_free_the_kernels_of_vanished_pages_as_serve_does(role):
    """A user server's Voilà pages leak kernels the same way; an open notebook is never cut."""
    from classbridge.serve.serve_options import CULL_AFTER_SECONDS

    common = Path(_config_dirs(role)[-1]) / "jupyter_server_config.json"
    culling = json.loads(common.read_text(encoding="utf-8"))["MappingKernelManager"]
    served = voila_config(ServeOptions(modules_dir="modules"), unreadable=[])
    assert culling["cull_idle_timeout"] == CULL_AFTER_SECONDS
    assert culling["cull_connected"] is False and culling["cull_busy"] is False
    for name, value in culling.items():
        assert served.MappingKernelManager[name] == value, name
