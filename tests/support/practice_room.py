"""The practice room in real Chromium: loopback only, a server, a camera of its own per seat.

Three things make these tests prove what they claim:

- **Only loopback.** Where the kernel lets us (``unshare -n``; as a normal user
  ``unshare -rn``), the server and Chromium run inside a fresh network namespace
  whose only interface is ``lo``: nothing can leave the machine, and every ICE
  pair is 127.0.0.1. The namespace is held open by a ``sleep`` process and
  entered with ``nsenter``; Playwright drives Chromium through a pipe, not the
  network, so the test process itself stays outside. The test talks to the
  server only through the browsers and the files the server writes.
- **A camera per seat.** Chromium's fake camera shows the same picture in every
  context, so it cannot show routing; ``fake_camera_script`` replaces
  ``getUserMedia`` with a canvas of the seat's own colour (and an oscillator of
  its own pitch), and ``tile_colour`` reads the colour back from a remote tile.
- **The flags measured in ../shared/LIVE-ROOM-NOTES.md**: loopback allowed for
  WebRTC, autoplay without a click, real (not mDNS) host candidates.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from classbridge.serve import free_port
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, watched_tab
from tests.support.repo import quick_modules
from tests.support.servers import loopback_server_args, stop_process

#: WebRTC on one machine (LIVE-ROOM-NOTES.md, "Media").
ROOM_CHROMIUM_ARGS = [
    *CHROMIUM_ARGS,
    "--allow-loopback-in-peer-connection",
    "--autoplay-policy=no-user-gesture-required",
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]
#: Each seat's camera colour (RGB) and microphone pitch: far apart after VP8 and scaling.
SEAT_COLOURS: dict[str, tuple[int, int, int]] = {
    "teacher": (220, 40, 40),
    "coteacher-A": (40, 170, 60),
    "learners-A": (40, 80, 220),
    "coteacher-B": (230, 200, 40),
    "learners-B": (200, 60, 200),
    "observer": (240, 240, 240),
}
SEAT_TONES = {"teacher": 440, "coteacher-A": 550, "learners-A": 660, "coteacher-B": 770}
COLOUR_TOLERANCE = 45
ROOMS_PATH = "/classbridge/rooms/"
JOIN_LINK = re.compile(r"https?://\S+/classbridge/rooms/[A-Za-z0-9]{12}/join\?seat=\S+")
SERVER_READY_S = 180
#: What ``classbridge serve`` prints once its kernels are warm.
WARM_LINE = "ClassBridge: ready"


def run_quietly(args: list[str], timeout: float = 10) -> bool:
    try:
        return subprocess.run(args, capture_output=True, timeout=timeout).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class NetNamespace:
    """A network namespace with only loopback, held open by a ``sleep``; or none at all.

    ``prefix`` is what runs a command inside it (empty when namespaces are not
    available here: the tests then run on the host's loopback, and the browser
    log still catches any request that leaves the machine).
    """

    def __init__(self) -> None:
        self.holder: subprocess.Popen | None = None
        self.prefix: list[str] = []
        self.why_not = ""

    def __enter__(self) -> NetNamespace:
        as_root = os.geteuid() == 0
        unshare = ["unshare", "-n"] if as_root else ["unshare", "-rn"]
        if not (shutil.which("unshare") and shutil.which("nsenter") and shutil.which("ip")):
            self.why_not = "unshare, nsenter or ip is missing"
            return self
        if not run_quietly([*unshare, "sh", "-c", "ip link set lo up"]):
            self.why_not = "this kernel or container does not allow a new network namespace"
            return self
        self.holder = subprocess.Popen(
            [*unshare, "sh", "-c", "ip link set lo up && exec sleep 86400"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        enter = ["nsenter", "-t", str(self.holder.pid), "-n"]
        if not as_root:
            enter += ["-U", "--preserve-credentials"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the holder needs a moment to bring lo up
            if run_quietly([*enter, "sh", "-c", "ip -o link show lo | grep -q UP"]):
                self.prefix = enter
                return self
            time.sleep(0.1)
        self.why_not = "the namespace did not come up"
        self.__exit__()
        return self

    @property
    def active(self) -> bool:
        return bool(self.prefix)

    def chromium(self, folder: Path) -> Path:
        """An executable that starts Chromium inside the namespace, if any, and writes its pid
        to ``$CB_CHROMIUM_PID_FILE`` (every ``exec`` keeps the pid: nsenter -n does not fork)."""
        wrapper = folder / "chromium-in-namespace"
        wrapper.write_text(
            "#!/bin/sh\n"
            '[ -n "$CB_CHROMIUM_PID_FILE" ] && echo $$ > "$CB_CHROMIUM_PID_FILE"\n'
            f'exec {" ".join(self.prefix)} {CHROMIUM} "$@"\n'
        )
        wrapper.chmod(0o755)
        return wrapper

    def __exit__(self, *exc) -> None:
        if self.holder is not None:
            self.holder.kill()
            self.holder.wait()
            self.holder = None
        self.prefix = []


@dataclass
class RoomServer:
    """``classbridge serve`` with the live room, as a trainee's machine runs it."""

    url: str
    process: subprocess.Popen
    log_path: Path
    workspace: Path
    trainee: str
    namespace: NetNamespace
    env: dict[str, str] = field(repr=False)

    @property
    def rooms_dir(self) -> Path:
        return self.workspace / "practice-sessions"

    def clips(self) -> set[Path]:
        return set((self.workspace / self.trainee / "clips").glob("session-*.webm"))

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kernels(self) -> set[int]:
        """Kernel processes the server runs now (Voilà's preheated pool among them)."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return set()
        found = set()
        for child in children:
            with contextlib.suppress(psutil.Error):
                if "ipykernel" in " ".join(child.cmdline()):
                    found.add(child.pid)
        return found

    def new_session(self, seats: str, title: str = "Practice session") -> dict[str, str]:
        """``classbridge rooms new``: one join link per seat id, as it prints them."""
        result = subprocess.run(
            [
                *self.namespace.prefix,
                sys.executable,
                "-m",
                "classbridge",
                "rooms",
                "new",
                "--seats",
                seats,
                "--title",
                title,
                "--base-url",
                self.url + "/",
            ],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr + result.stdout
        links = JOIN_LINK.findall(result.stdout)
        by_seat = {}
        for link in links:
            token = link.split("seat=", 1)[1]
            seat_id = token.split(".")[1] if token.count(".") >= 3 else None
            by_seat[seat_id] = link
        assert None not in by_seat and len(by_seat) == len(seats.split(",")), result.stdout
        return by_seat


def minimal_modules(folder: Path) -> Path:
    """The catalogue and one module: Voilà preheats a kernel for every page it serves."""
    return quick_modules(folder)


def server_command(via: str, modules: Path, port: int) -> list[str]:
    """``classbridge serve`` (standalone Voilà, as trainees run it), or ``jupyter server`` with
    the live room's server extension (as Binder and hub user servers run it)."""
    if via == "serve":
        return [sys.executable, "-m", "classbridge", "serve", str(modules), "--port", str(port)]
    return [
        sys.executable,
        "-m",
        "jupyter",
        "server",
        *loopback_server_args(port, token=""),
        "--ServerApp.password=",
        "--ServerApp.jpserver_extensions=classbridge.live.server_extension=True",
        f"--ServerApp.root_dir={modules}",
    ]


def start_room_server(
    namespace: NetNamespace,
    folder: Path,
    trainee: str = "amy",
    port: int | None = None,
    via: str = "serve",
) -> RoomServer:
    """The server inside the namespace; ready when it serves the room's files and, for
    ``classbridge serve``, has warmed its kernels (kernels starting would slow the room's
    first minute on two cores, and change the set of kernels a test compares)."""
    port = port or free_port()
    workspace = folder / "workspace"
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "CLASSBRIDGE_WORKSPACE": str(workspace),
        "CLASSBRIDGE_TRAINEE": trainee,
    }
    env.pop("CLASSBRIDGE_ROOMS_DIR", None)
    modules = folder / "modules"
    if not modules.exists():
        minimal_modules(folder)
    log_path = folder / f"server-{port}.log"
    log_start = log_path.stat().st_size if log_path.exists() else 0
    with log_path.open("a") as log:
        process = subprocess.Popen(
            [*namespace.prefix, *server_command(via, modules, port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    server = RoomServer(url, process, log_path, workspace, trainee, namespace, env)
    wait_until_served(server, f"{url}{ROOMS_PATH}static/room.css")
    if via == "serve":
        wait_for_line(server, WARM_LINE, log_start)
    return server


def wait_for_line(server: RoomServer, line: str, start: int, timeout: float = SERVER_READY_S):
    deadline = time.monotonic() + timeout
    while line not in server.log()[start:]:
        if server.process.poll() is not None or time.monotonic() > deadline:
            stop_process(server.process)
            raise RuntimeError(f"no {line!r} in the server's log:\n{server.log()}")
        time.sleep(0.3)


def wait_until_served(server: RoomServer, url: str, timeout: float = SERVER_READY_S) -> None:
    """Poll ``url`` from inside the namespace (the test process is outside it)."""
    probe = textwrap.dedent(
        f"""
        import time, urllib.request, urllib.error
        deadline = time.monotonic() + {timeout}
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen({url!r}, timeout=5) as r:
                    raise SystemExit(0 if r.status == 200 else 3)
            except urllib.error.HTTPError as err:
                raise SystemExit(3 if err.code == 404 else 0)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise SystemExit(2)
        """
    )
    waiter = subprocess.Popen([*server.namespace.prefix, sys.executable, "-c", probe])
    while waiter.poll() is None:
        if server.process.poll() is not None:
            waiter.kill()
            raise RuntimeError(f"the server exited early:\n{server.log()}")
        time.sleep(0.3)
    if waiter.returncode == 3:
        stop_process(server.process)
        raise RuntimeError(
            f"{url} is not served: 'classbridge serve' does not mount the live room "
            f"(classbridge.live.handlers.live_room_handlers)\n{server.log()}"
        )
    if waiter.returncode != 0:
        stop_process(server.process)
        raise RuntimeError(f"the server did not answer {url} in {timeout}s:\n{server.log()}")


def launch_room_chromium(playwright_chromium, namespace: NetNamespace, folder: Path, **env):
    """Chromium with the room's flags, inside the namespace when there is one."""
    return playwright_chromium.launch(
        executable_path=str(namespace.chromium(folder)),
        headless=True,
        args=ROOM_CHROMIUM_ARGS,
        env={**os.environ, **env} if env else None,
    )


def fake_camera_script(colour: tuple[int, int, int], tone_hz: int = 440) -> str:
    """An init script: getUserMedia answers with a canvas of ``colour`` and a tone.

    A band along the top is fresh 8 px blocks of noise every frame, so the
    encoder sends what a lively camera would (several hundred kbps: a cap has
    something to cut) yet can still meet a low cap by coarser quantising; the
    middle of the picture stays the seat's colour.
    """
    r, g, b = colour
    return textwrap.dedent(
        f"""
        (() => {{
          if (!navigator.mediaDevices) return;
          navigator.mediaDevices.getUserMedia = async (constraints) => {{
            const stream = new MediaStream();
            if (constraints && constraints.video) {{
              const canvas = document.createElement("canvas");
              canvas.width = 640;
              canvas.height = 480;
              const ctx = canvas.getContext("2d");
              let step = 0;
              const draw = () => {{
                ctx.fillStyle = "rgb({r}, {g}, {b})";
                ctx.fillRect(0, 64, 640, 416);
                for (let y = 0; y < 64; y += 8) {{
                  for (let x = 0; x < 640; x += 8) {{
                    const v = (Math.random() * 256) | 0;
                    ctx.fillStyle = `rgb(${{v}}, ${{v}}, ${{v}})`;
                    ctx.fillRect(x, y, 8, 8);
                  }}
                }}
                ctx.fillStyle = "#fff";
                ctx.fillRect((step * 12) % 600, 420, 40, 40);
                step += 1;
              }};
              draw();
              setInterval(draw, 1000 / 15);
              for (const track of canvas.captureStream(15).getVideoTracks()) stream.addTrack(track);
            }}
            if (constraints && constraints.audio) {{
              const audio = new AudioContext();
              const tone = audio.createOscillator();
              tone.frequency.value = {tone_hz};
              const out = audio.createMediaStreamDestination();
              tone.connect(out);
              tone.start();
              for (const track of out.stream.getAudioTracks()) stream.addTrack(track);
            }}
            return stream;
          }};
        }})();
        """
    )


def open_seat(browser, url: str, seat_id: str, viewport: dict | None = None):
    """A watched tab in a context of its own, with the seat's own camera colour."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    context.add_init_script(
        fake_camera_script(SEAT_COLOURS.get(seat_id, (128, 128, 128)), SEAT_TONES.get(seat_id, 500))
    )
    tab = watched_tab(context)
    tab.goto(url)
    return tab


#: The colour in the middle of a remote seat's video, as this page decodes it.
TILE_COLOUR_JS = """(seat) => {
  const video = document.querySelector(`video[data-cb-peer="${seat}"]`);
  if (!video || video.readyState < 2 || !video.videoWidth) return null;
  const canvas = document.createElement("canvas");
  canvas.width = 64;
  canvas.height = 48;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(video, 0, 0, 64, 48);
  const d = ctx.getImageData(24, 28, 16, 12).data;
  const sum = [0, 0, 0];
  for (let i = 0; i < d.length; i += 4) { sum[0] += d[i]; sum[1] += d[i + 1]; sum[2] += d[i + 2]; }
  const n = d.length / 4;
  return sum.map((v) => Math.round(v / n));
}"""


def tile_colour(tab, seat_id: str) -> tuple[int, int, int] | None:
    colour = tab.evaluate(TILE_COLOUR_JS, seat_id)
    return tuple(colour) if colour else None


def close_to(colour, expected, tolerance: int = COLOUR_TOLERANCE) -> bool:
    if colour is None:
        return False
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def link_stats(tab, seat_id: str) -> dict[str, float | None]:
    """The figures a remote tile's readout shows (its ``data-*`` attributes)."""
    data = tab.evaluate(
        """(seat) => {
          const s = document.querySelector(`[data-cb-tile="${seat}"] .cb-link-stats`);
          return s ? {...s.dataset, text: s.textContent} : null;
        }""",
        seat_id,
    )
    if not data:
        return {}
    figures: dict[str, float | None] = {}
    for key in ("fps", "kbps", "rttMs", "lossPercent", "bufferMs", "framesDecoded"):
        value = data.get(key)
        figures[key] = float(value) if value not in (None, "") else None
    figures["text"] = data.get("text")
    return figures


def wait_for_frames(tab, seat_ids, frames: int = 10, timeout_ms: int = 60_000) -> None:
    """Every named remote tile has decoded more than ``frames`` frames."""
    tab.wait_for_function(
        """([seats, frames]) => seats.every((seat) => {
          const s = document.querySelector(`[data-cb-tile="${seat}"] .cb-link-stats`);
          return s && Number(s.dataset.framesDecoded || 0) > frames;
        })""",
        arg=[list(seat_ids), frames],
        timeout=timeout_ms,
    )


def remote_seats(seat_id: str, seats: list[str]) -> list[str]:
    """The seats whose video ``seat_id`` shows (the observer sends none; rooms see their own)."""
    me_room = seat_id.partition("-")[2] or None
    shown = []
    for other in seats:
        if other == seat_id or other == "observer":
            continue
        other_room = other.partition("-")[2] or None
        central = seat_id in ("teacher", "observer") or other == "teacher"
        if central or (me_room and me_room == other_room):
            shown.append(other)
    return shown


class SeatTabs(dict):
    """Seat id -> its tab, and the session they are in."""

    session_id: str = ""


@contextlib.contextmanager
def seats_open(browser, links: dict[str, str], viewport: dict | None = None) -> Iterator[SeatTabs]:
    """One tab per seat, each in its own context; contexts closed and logs checked after."""
    tabs = SeatTabs()
    tabs.session_id = next(iter(links.values())).split(ROOMS_PATH, 1)[1].split("/")[0]
    try:
        for seat_id, url in links.items():
            tabs[seat_id] = open_seat(browser, url, seat_id, viewport)
        yield tabs
    finally:
        for tab in tabs.values():
            tab.context.close()
    assert_seats_clean(tabs)


def assert_seats_clean(tabs: dict) -> None:
    """Every seat's console and requests were clean; if not, which seat's were not."""
    for seat_id, tab in tabs.items():
        try:
            tab.browser_log.assert_clean()
        except AssertionError as err:
            raise AssertionError(f"{seat_id}: {err}") from None
