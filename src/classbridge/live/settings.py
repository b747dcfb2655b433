"""One settings object for the live room, read the same way by every server that mounts it.

``classbridge serve`` (standalone Voilà), a plain Jupyter server (Binder, hub
user servers, through ``server_extension``) and the hub's rooms service all
build their handlers from a ``LiveRoomSettings``; the kernels that create
sessions (module 05's widget) read the same environment, so server and kernel
agree on where sessions live. The environment variables are declared once,
in ``LiveRoomVariable``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _
from classbridge.core.workspace import workspace_root
from classbridge.widgets.clip_files import MAX_CLIP_BYTES

#: The folder, inside the workspace, that holds sessions when no folder is set.
DEFAULT_ROOMS_FOLDER = "practice-sessions"
#: Largest signalling message (an SDP offer with many candidates is a few KiB).
MAX_MESSAGE_BYTES = 64 * 1024
#: How long TURN credentials handed out in a welcome message stay valid.
TURN_CREDENTIAL_SECONDS = 6 * 3600


class LiveRoomVariable(str, Enum):
    """The environment variables the live room reads, each named once."""

    #: Where sessions, notes and the seat-signing secret live (absolute path).
    ROOMS_DIR = "CLASSBRIDGE_ROOMS_DIR"
    #: The school's TURN server(s), comma-separated, e.g. ``turn:10.0.0.5:3478``.
    TURN_URLS = "CLASSBRIDGE_TURN_URLS"
    #: coturn's ``static-auth-secret``; TURN credentials are handed out only when set.
    TURN_SECRET = "CLASSBRIDGE_TURN_SECRET"
    #: The hub's rooms service (``https://hub/services/classbridge-rooms/``): kernels on
    #: user servers create sessions there instead of in a folder of their own.
    ROOMS_URL = "CLASSBRIDGE_ROOMS_URL"


class LiveRoomSettingsError(ClassBridgeError, ValueError):
    """A live-room setting that cannot work; the message names the variable and the fix."""


@dataclass(frozen=True)
class LiveRoomSettings:
    """Where the live room keeps its files, and the ICE servers browsers are given.

    ``ice_servers`` is empty by default: browsers on one machine or one LAN need
    no STUN or TURN at all, and ClassBridge never hands out a third-party one.
    ``allow_create`` mounts the HTTP endpoint that creates sessions: only the
    hub's rooms service needs it (elsewhere the kernel writes the session itself).
    """

    rooms_dir: Path
    ice_servers: tuple[dict, ...] = ()
    turn_urls: tuple[str, ...] = ()
    turn_secret: str | None = field(default=None, repr=False)
    turn_seconds: int = TURN_CREDENTIAL_SECONDS
    max_message_bytes: int = MAX_MESSAGE_BYTES
    max_recording_bytes: int = MAX_CLIP_BYTES
    allow_create: bool = False

    def __post_init__(self) -> None:
        if bool(self.turn_urls) != bool(self.turn_secret):
            missing = LiveRoomVariable.TURN_SECRET if self.turn_urls else LiveRoomVariable.TURN_URLS
            raise LiveRoomSettingsError(
                _(
                    "TURN is half configured: set {missing} too (both {urls} and {secret}, "
                    "or neither); see docs/live-room.md"
                ).format(
                    missing=missing.value,
                    urls=LiveRoomVariable.TURN_URLS.value,
                    secret=LiveRoomVariable.TURN_SECRET.value,
                )
            )
        for url in self.turn_urls:
            if not url.startswith(("turn:", "turns:")):
                raise LiveRoomSettingsError(
                    _(
                        "{variable} entry {url!r} is not a TURN URL: "
                        "write it like turn:10.0.0.5:3478?transport=udp"
                    ).format(variable=LiveRoomVariable.TURN_URLS.value, url=url)
                )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> LiveRoomSettings:
        """The settings the environment gives; ``overrides`` win (e.g. ``allow_create``)."""
        env = os.environ if environ is None else environ
        rooms_dir = env.get(LiveRoomVariable.ROOMS_DIR.value) or workspace_root() / (
            DEFAULT_ROOMS_FOLDER
        )
        urls = env.get(LiveRoomVariable.TURN_URLS.value, "")
        values = {
            "rooms_dir": Path(rooms_dir).absolute(),
            "turn_urls": tuple(u.strip() for u in urls.split(",") if u.strip()),
            "turn_secret": env.get(LiveRoomVariable.TURN_SECRET.value) or None,
        }
        return cls(**{**values, **overrides})

    def environment(self) -> dict[str, str]:
        """What a server puts in its kernels' environment so they find the same sessions."""
        return {LiveRoomVariable.ROOMS_DIR.value: str(self.rooms_dir)}
