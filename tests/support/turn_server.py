"""Our own TURN server (Debian's ``coturn``) on loopback, as the alliance runs it between schools.

``start_turn_server`` runs ``turnserver`` on 127.0.0.1 only, with the TURN REST
API scheme the live room hands out credentials for
(``classbridge.live.turn_credentials``: ``use-auth-secret`` and a
``static-auth-secret`` of its own, random per run). It listens on a free port,
relays from a free range of ports, speaks neither TLS nor DTLS, opens no CLI,
and reads no ``/etc/turnserver.conf`` (``-n``). Relaying
to loopback peers is refused by coturn unless ``--allow-loopback-peers``: here
every peer is on 127.0.0.1. Its log (``--simple-log --verbose``, line-buffered
stdout: a line per request, with its username) and pid file are in the folder it
is given.

With a network namespace (``tests.support.practice_room.NetNamespace``) pass its
``prefix``: the server then runs inside it, beside the room server and Chromium.
"""

from __future__ import annotations

import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

REALM = "classbridge.test"
HOST = "127.0.0.1"
RELAY_PORTS = 40
READY_S = 60
MISSING = "turnserver (coturn) is not installed: run bash scripts/test.sh, which installs coturn"
#: coturn's line (``--verbose``) for a request it granted, e.g. ``session 000000000000000001: realm
#: <classbridge.test> user <1700000000:teacher>: incoming packet ALLOCATE processed, success``.
GRANTED = re.compile(
    r"user <(?P<user>[^>]*)>: incoming packet (?P<method>[A-Z_]+) processed, success"
)
#: A STUN binding request from inside the namespace: the server answers once it listens.
STUN_PROBE = textwrap.dedent(
    """
    import os, socket, struct, sys
    tid = os.urandom(12)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(1)
        s.sendto(struct.pack("!HHI", 1, 0, 0x2112A442) + tid, (sys.argv[1], int(sys.argv[2])))
        try:
            data = s.recv(2048)
        except OSError:
            raise SystemExit(1)
    raise SystemExit(0 if data[:2] == b"\\x01\\x01" and data[8:20] == tid else 1)
    """
)


class TurnUnavailable(RuntimeError):
    """coturn is missing or would not start; the message says why in one line."""


@dataclass
class TurnServer:
    """A running ``turnserver``: where browsers reach it and the secret ClassBridge shares."""

    port: int
    secret: str = field(repr=False)
    process: subprocess.Popen
    log_path: Path
    realm: str = REALM

    @property
    def url(self) -> str:
        """The entry for ``CLASSBRIDGE_TURN_URLS``."""
        return f"turn:{HOST}:{self.port}?transport=udp"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def granted(self, method: str) -> list[str]:
        """The TURN usernames (``<expiry>:<seat>``) coturn granted ``method`` (``ALLOCATE``,
        ``CREATE_PERMISSION``, ``CHANNEL_BIND``...), in order."""
        return [m["user"] for m in GRANTED.finditer(self.log()) if m["method"] == method]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _bindable(port: int, kinds=(socket.SOCK_DGRAM, socket.SOCK_STREAM)) -> bool:
    for kind in kinds:
        with socket.socket(socket.AF_INET, kind) as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                return False
    return True


def free_listening_port() -> int:
    """A port free for UDP and TCP on loopback (coturn listens on both)."""
    for _attempt in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
        if _bindable(port):
            return port
    raise TurnUnavailable("no free port on 127.0.0.1 for the TURN server")


def free_relay_range(count: int = RELAY_PORTS) -> tuple[int, int]:
    """``count`` consecutive UDP ports free on loopback, for coturn's relayed addresses."""
    for _attempt in range(200):
        start = random.randrange(42000, 60000 - count)
        if all(_bindable(port, (socket.SOCK_DGRAM,)) for port in range(start, start + count)):
            return start, start + count - 1
    raise TurnUnavailable(f"no {count} free UDP ports on 127.0.0.1 for the TURN relay")


def turnserver_args(folder: Path, port: int, secret: str, relay: tuple[int, int]) -> list[str]:
    """coturn's command line: loopback only, the REST API secret, nothing it would read or
    write outside ``folder``."""
    return [
        "turnserver",
        "-n",  # no configuration file: /etc/turnserver.conf is not read
        f"--listening-ip={HOST}",
        f"--relay-ip={HOST}",
        f"--listening-port={port}",
        f"--min-port={relay[0]}",
        f"--max-port={relay[1]}",
        f"--realm={REALM}",
        "--use-auth-secret",
        f"--static-auth-secret={secret}",
        "--no-tls",
        "--no-dtls",
        "--no-cli",
        "--allow-loopback-peers",
        "--no-multicast-peers",
        "--log-file=stdout",
        "--simple-log",
        "--verbose",  # one line per request granted or refused, with its username
        f"--pidfile={folder / 'turnserver.pid'}",
        f"--userdb={folder / 'turndb'}",
    ]


def start_turn_server(folder: Path, prefix: list[str] | None = None) -> TurnServer:
    """``turnserver`` on 127.0.0.1 (inside the namespace ``prefix`` enters, if any), answering
    STUN; raises ``TurnUnavailable`` with one line if it is missing or does not come up."""
    if shutil.which("turnserver") is None:
        raise TurnUnavailable(MISSING)
    prefix = list(prefix or [])
    folder.mkdir(parents=True, exist_ok=True)
    port = free_listening_port()
    secret = secrets.token_urlsafe(24)
    args = turnserver_args(folder, port, secret, free_relay_range())
    log_path = folder / f"turnserver-{port}.log"
    # Line-buffered: coturn writes its log with stdio, which a file would hold back.
    line_buffered = ["stdbuf", "-oL"] if shutil.which("stdbuf") else []
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [*prefix, *line_buffered, *args],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "LC_ALL": "C"},
        )
    server = TurnServer(port, secret, process, log_path)
    deadline = time.monotonic() + READY_S
    probe = [*prefix, sys.executable, "-c", STUN_PROBE, HOST, str(port)]
    while subprocess.run(probe, capture_output=True, timeout=30).returncode != 0:
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            last = server.log().strip().splitlines()[-1:] or ["(no output)"]
            raise TurnUnavailable(f"turnserver did not answer on {HOST}:{port}: {last[0]}")
        time.sleep(0.3)
    return server
