"""Shared fixtures: a real Voilà server (through ``classbridge serve``) and a real Chromium.

We drive Debian's Chromium with Python Playwright directly rather than through
pytest-playwright, whose fixtures expect a browser downloaded by
``playwright install`` — something ClassBridge's offline machines never do.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import venv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from classbridge.lessons.bank import SAMPLES
from classbridge.lessons.plan import load_plan
from classbridge.lessons.store import PlanFolder
from classbridge.serve import free_port

REPO = Path(__file__).resolve().parent.parent
MODULES = REPO / "modules"
BINDER = REPO / "binder"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]
# ipywebrtc 0.6.0's front end asks for an older @jupyter-widgets/base than
# ipywidgets 8 ships; the browser says so as a warning and the widgets work
# (see README, "The stack"). Only warnings of exactly this kind are tolerated.
TOLERATED_CONSOLE = ("Unsatisfied version",)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def pytest_configure(config) -> None:
    """Kernels the suite starts (nbval's among them) save trainee work outside the checkout."""
    import tempfile

    os.environ.setdefault(
        "CLASSBRIDGE_WORKSPACE", tempfile.mkdtemp(prefix="classbridge-test-workspace-")
    )
    os.environ.setdefault("CLASSBRIDGE_TRAINEE", "nbval")


@dataclass
class VoilaServer:
    url: str
    process: subprocess.Popen
    log_path: Path
    workspace: Path
    trainee: str

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_for_http(url: str, process: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer {url} in {timeout}s:\n{log_path.read_text()}")


def loopback_server_args(port: int, token: str) -> list[str]:
    """A Jupyter server on loopback only, with a known token (CI runs as root)."""
    args = [
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    return args


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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


@pytest.fixture(scope="session")
def voila(start_voila) -> VoilaServer:
    """The repository's own modules, served as trainees see them."""
    return start_voila(MODULES)


@pytest.fixture
def modules_copy(tmp_path: Path) -> Path:
    """A private modules folder a test may break on purpose: the catalogue and one module.

    One module keeps the server quick to start: Voilà preheats a kernel for
    every notebook it serves.
    """
    target = tmp_path / "modules"
    target.mkdir()
    shutil.copy(MODULES / "catalogue.ipynb", target / "catalogue.ipynb")
    shutil.copytree(
        MODULES / "01-welcome",
        target / "01-welcome",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "classbridge-work"),
    )
    return target


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


@dataclass
class BrowserLog:
    """What the page said and asked for; a user-visible page must be clean."""

    errors: list[str] = field(default_factory=list)
    off_loopback: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.errors, "browser console errors:\n" + "\n".join(self.errors)
        assert not self.off_loopback, "requests off this machine:\n" + "\n".join(self.off_loopback)


def watched_tab(context):
    """A tab that records console errors and requests leaving the machine."""
    tab = context.new_page()
    # A Voilà page waits for its kernel; when a test has just used the preheated one, the
    # next starts cold, which on 2 busy cores can pass Playwright's 30 s default.
    tab.set_default_navigation_timeout(90_000)
    log = BrowserLog()

    def on_console(message) -> None:
        if message.type == "error" and not message.text.startswith(TOLERATED_CONSOLE):
            log.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def on_request(request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and (
            host not in LOOPBACK_HOSTS
        ):
            log.off_loopback.append(request.url)

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: log.errors.append(f"page error: {error}"))
    tab.on("request", on_request)
    tab.browser_log = log
    return tab


@pytest.fixture
def page(chromium):
    """A fresh browser tab that fails the test on console errors or outside requests."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
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


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@dataclass
class PostgresServer:
    port: int
    createdb: Callable[[str], subprocess.CompletedProcess]
    databases: int = 0

    def new_database(self) -> str:
        """A database of its own for each test: gradebooks never see each other's rows."""
        self.databases += 1
        name = f"gradebook{self.databases}"
        created = self.createdb(name)
        assert created.returncode == 0, created.stderr
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    return postgres_server.new_database()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL server on loopback (Debian's ``postgresql``, run as ``postgres``).

    scripts/test.sh installs the package; the server itself is our own
    cluster in a temporary folder, so the machine's own databases are untouched.
    """
    bindir = _postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed: 'bash scripts/test.sh' installs it (apt)")
    import tempfile

    # Not under pytest's own temp folder: its parents are private to us, and
    # the server runs as another user when we are root.
    data = Path(tempfile.mkdtemp(prefix="classbridge-postgres-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root: run the cluster as Debian's postgres user.
        shutil.chown(data, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    cluster = data / "cluster"
    port = free_port()

    def pg(tool: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*as_user, str(bindir / tool), *args], capture_output=True, text=True, cwd=data
        )

    init = pg("initdb", "-D", str(cluster), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    if init.returncode != 0:
        pytest.skip(f"PostgreSQL initdb failed here: {init.stderr.strip()[-300:]}")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data}"
    start = pg("pg_ctl", "-D", str(cluster), "-o", options, "-l", str(data / "log"), "-w", "start")
    if start.returncode != 0:
        pytest.skip(f"PostgreSQL did not start: {start.stderr.strip()[-300:]}")
    try:
        yield PostgresServer(
            port,
            lambda name: pg("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", name),
        )
    finally:
        pg("pg_ctl", "-D", str(cluster), "-m", "fast", "-w", "stop")
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def binder_env(tmp_path_factory) -> Path:
    """A fresh environment built as repo2docker builds it: requirements, then postBuild.

    postBuild runs ``pip install .``, so this is also the fresh-venv install that
    tests/test_packaging.py checks (one build of the whole stack, not two).
    """
    env_dir = tmp_path_factory.mktemp("binder") / "env"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-r",
            str(BINDER / "requirements.txt"),
        ],
        check=True,
        timeout=1200,
    )
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    built = subprocess.run(
        ["bash", str(BINDER / "postBuild")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    assert "ClassBridge postBuild: done." in built.stdout
    return env_dir


@pytest.fixture
def plan_folder(tmp_path: Path) -> Callable[[str], PlanFolder]:
    """A writable folder of lesson plans holding a copy of one sample plan."""

    def with_sample(plan_id: str) -> PlanFolder:
        folder = PlanFolder(tmp_path / "bank")
        folder.create(load_plan(SAMPLES / f"{plan_id}.yaml"))
        return folder

    return with_sample
