"""A workshop hub on one machine, as deploy/jupyterhub/ declares it, for the hub tests.

JupyterHub itself with configurable-http-proxy from npm, started from
deploy/jupyterhub/jupyterhub_config.py (which loads classbridge_workshop.py:
the roster's roles, the practice rooms service) with its shared-password login
and the local process spawner ("simple": no system accounts needed here). The
test configuration only adds to it: loopback ports, and a service token the
tests act through as a workshop script would. Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from classbridge.serve import free_port
from tests.support.repo import REPO
from tests.support.servers import stop_process, wait_for_http

HUB_DIR = REPO / "deploy" / "jupyterhub"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
#: The service classbridge_workshop.py declares for the live practice rooms.
ROOMS_SERVICE = "classbridge-rooms"
ROOMS_PREFIX = f"/services/{ROOMS_SERVICE}/"
TRAINER = "mei"
# An e-mail login, as Google or Microsoft sign-in gives: its folder and student id are
# "maria.santos_40deped.gov.ph", while pages show the name the hub knows.
MARIA = "maria.santos@deped.gov.ph"
#: The trainees who hand in module 01 (tests/deploy/test_jupyterhub.py).
TRAINEES = (MARIA, "budi")
#: The trainees who meet in a practice room (tests/deploy/test_jupyterhub_practice_room.py).
PRACTISING = ("amy", "ben")
TRAINEE_PASSWORD = "islands-2026"
TRAINER_PASSWORD = "trainers-of-the-island-schools-2026"
HUB_READY_S = 180


@dataclass
class Hub:
    url: str
    token: str
    workshop: Path
    log_path: Path
    gradebook_url: str

    def api(self, method: str, path: str, form: dict | None = None) -> dict | list:
        """A request through the hub's proxy with a hub token (no browser cookie needed)."""
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(
            self.url + path,
            data=body,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=300) as response:
            return json.loads(response.read() or b"null")

    def status(self, path: str) -> int:
        request = urllib.request.Request(
            self.url + path, headers={"Authorization": f"token {self.token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    def home(self, name: str) -> Path:
        """A person's home, which the "simple" spawner gives their server as its folder."""
        return self.workshop / "home" / name

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def anonymous_get(url: str) -> tuple[int, str]:
    """(status, Location) of a request with no cookie and no token, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Location", "")


def hub_test_config(hub_config: Path, token: str, hub_port: int, api_port: int) -> str:
    """The production configuration, plus only what a test on one machine needs.

    Services and roles are *added to* (never replaced): classbridge_workshop.py
    declares the rooms service and the roles that let people and user servers in.
    """
    return (
        f"load_subconfig({str(hub_config)!r})\n"
        "c = get_config()\n"
        f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{hub_port}'\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'\n"
        # The tests act through the hub as a service with a token, as a workshop
        # script would; people themselves log in through the login page.
        f"c.JupyterHub.services.append({{'name': 'workshop-check', 'api_token': {token!r}}})\n"
        "c.JupyterHub.load_roles.append({'name': 'workshop-check', 'services': ['workshop-check'],"
        " 'scopes': ['list:users', 'read:users', 'access:servers', 'list:services',"
        " 'read:services']})\n"
        # "simple" runs every server as our own account; in CI that is root.
        + ("c.Spawner.args = ['--allow-root']\n" if os.geteuid() == 0 else "")
    )


def wait_for_rooms_service(url: str, process: subprocess.Popen, log_path: Path) -> None:
    """The hub starts its services beside itself: wait until the proxy reaches the rooms
    service, which sends a visitor with no login to the hub's OAuth."""
    probe = f"{url}{ROOMS_PREFIX}classbridge/rooms/000000000000/join?seat=none"
    deadline = time.monotonic() + HUB_READY_S
    answer: tuple[int, str] = (0, "")
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with contextlib.suppress(OSError):
            answer = anonymous_get(probe)
            if answer[0] == 302 and "/hub/api/oauth2/authorize" in answer[1]:
                return
        time.sleep(0.5)
    raise RuntimeError(
        f"the hub's {ROOMS_SERVICE} service did not answer {probe} (last: {answer}):\n"
        + log_path.read_text(errors="replace")
    )


@contextlib.contextmanager
def running_hub(workshop: Path, gradebook_url: str) -> Iterator[Hub]:
    """The workshop hub on free loopback ports, its roster, its rooms service up; stopped after."""
    roster = [
        "username,role",
        f"{TRAINER},trainer",
        *(f"{t},trainee" for t in (*TRAINEES, *PRACTISING)),
    ]
    (workshop / "roster.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    port, hub_port, api_port, rooms_port = free_port(), free_port(), free_port(), free_port()
    token = secrets.token_hex(16)
    config = workshop / "test_config.py"
    settings = hub_test_config(HUB_DIR / "jupyterhub_config.py", token, hub_port, api_port)
    config.write_text(settings, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLASSBRIDGE_", "JUPYTER"))}
    env.update(
        CLASSBRIDGE_WORKSHOP_DIR=str(workshop),
        CLASSBRIDGE_HUB_BIND_URL=f"http://127.0.0.1:{port}",
        CLASSBRIDGE_HUB_TRAINEE_PASSWORD=TRAINEE_PASSWORD,
        CLASSBRIDGE_HUB_TRAINER_PASSWORD=TRAINER_PASSWORD,
        CLASSBRIDGE_HUB_SPAWNER="simple",
        CLASSBRIDGE_GRADEBOOK_URL=gradebook_url,
        CLASSBRIDGE_ROOMS_PORT=str(rooms_port),
    )
    log_path = workshop / "hub.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=workshop,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/hub/api/", process, log_path, timeout=HUB_READY_S)
        wait_for_rooms_service(url, process, log_path)
        yield Hub(url, token, workshop, log_path, gradebook_url)
    finally:
        stop_process(process)


def log_in(browser, hub: Hub, name: str, password: str):
    """Log in on the hub's page; the hub starts the server and opens JupyterLab."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{hub.url}/hub/login")
    fill_login(tab, name, password)
    tab.wait_for_url(f"**/user/{name}/lab**", timeout=120_000)
    return context


def fill_login(tab, name: str, password: str) -> None:
    """Fill in and send the hub's login form, on whatever page it is shown."""
    tab.locator("#username_input").fill(name)
    tab.locator("#password_input").fill(password)
    tab.locator("#login_submit").click()
