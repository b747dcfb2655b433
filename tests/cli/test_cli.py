"""The classbridge command line: help, and one-line errors that say the fix."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

from classbridge.serve import ServeOptions, free_port, voila_config


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "classbridge", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_help_lists_serve():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "serve" in result.stdout
    assert "training modules" in result.stdout
    serve_help = run_cli("serve", "--help")
    assert "--port" in serve_help.stdout and "--no-preheat" in serve_help.stdout


def test_console_script_is_installed():
    script = Path(sys.executable).with_name("classbridge")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.stdout.strip().startswith("classbridge ")


def test_missing_folder_is_one_line_naming_it(tmp_path):
    missing = tmp_path / "nowhere"
    result = run_cli("serve", str(missing))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == (
        f"classbridge: error: modules folder '{missing}' does not exist: run from the "
        "ClassBridge checkout or pass the folder, e.g. 'classbridge serve path/to/modules'"
    )


def test_folder_without_catalogue_says_what_to_copy(tmp_path):
    result = run_cli("serve", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "has no catalogue.ipynb" in result.stderr


def test_port_in_use_is_one_line_naming_port(modules_copy):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", str(modules_copy), "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"classbridge: error: port {port} on 127.0.0.1 is already in use: stop the other "
        f"server or choose another port, e.g. 'classbridge serve --port {port + 1}'"
    ]


def test_bad_port_value_is_refused():
    result = run_cli("serve", "--port", "eighty")
    assert result.returncode == 2
    assert "port must be a number, not 'eighty'" in result.stderr


def test_invalid_notebook_is_warned_by_name_and_server_still_starts(modules_copy):
    bad = modules_copy / "99-broken" / "room.ipynb"
    bad.parent.mkdir()
    bad.write_text("{not json", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "classbridge", "serve", str(modules_copy), "--no-preheat"]
        + ["--port", str(free_port())],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        warning = process.stderr.readline()
        started = process.stderr.readline()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    assert warning.startswith(
        "classbridge: warning: 99-broken/room.ipynb is not valid JSON (line 1, column 2"
    )
    assert warning.rstrip().endswith("(it is listed as broken in the catalogue)")
    assert started.startswith("ClassBridge: 1 module(s) at http://127.0.0.1:")


def test_voila_is_configured_for_offline_preheated_loopback_serving(tmp_path):
    config = voila_config(ServeOptions(tmp_path, port=9000), unreadable=["03-x/x.ipynb"])
    assert config.Voila.ip == "127.0.0.1"
    assert config.Voila.port == 9000
    assert config.VoilaConfiguration.template == "classbridge"
    assert config.VoilaConfiguration.preheat_kernel is True
    (pattern,) = config.VoilaKernelManager.preheat_denylist
    assert re.match(pattern, "03-x/x.ipynb")
    assert re.match(pattern, "/srv/modules/03-x/x.ipynb")
    assert not re.match(pattern, "13-x/x.ipynb")
    assert "@voila-dashboards/widgets-manager8" in config.VoilaConfiguration.extension_allowlist
    assert "@jupyter/nbgrader" not in config.VoilaConfiguration.extension_allowlist
    cold = voila_config(ServeOptions(tmp_path, preheat=False), unreadable=[])
    assert "preheat_kernel" not in cold.VoilaConfiguration


def test_dashboard_on_a_busy_port_suggests_its_own_command(tmp_path):
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("dashboard", "--course-dir", str(course), "--port", str(port))
    assert result.returncode == 2, result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith(f"e.g. 'classbridge dashboard --port {port + 1}'")
    )


def test_serve_refuses_a_missing_course_folder_and_impossible_numbers(modules_copy, tmp_path):
    missing = tmp_path / "no-course"
    result = run_cli("serve", str(modules_copy), "--course-dir", str(missing), "--port", "0")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"classbridge: error: course folder '{missing}' does not exist: create the course "
        "with 'classbridge grade release' or pass the folder that holds gradebook.db"
    ]
    for option, value in (("--pool-size", "-1"), ("--trainees", "0"), ("--cull-after", "-5")):
        result = run_cli("serve", str(modules_copy), option, value, "--port", "0")
        assert result.returncode == 2, (option, result.stderr)
        assert result.stderr.count("\n") == 1 and f"{option} {value}" in result.stderr


def test_serve_refuses_a_language_it_does_not_speak_naming_those_it_does(modules_copy):
    result = run_cli("serve", str(modules_copy), "--lang", "klingon", "--port", "0")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "classbridge: error: --lang klingon: ClassBridge speaks en, zh-TW; use one of those"
    ]
