"""Seat tokens: a join link says which seat it is for, and only the server can write one.

Standalone Voilà lets anyone in as an anonymous user, so the server's login
says nothing about who teaches and who observes. The join link carries
``<session>.<seat>.<expiry>.<signature>``: an HMAC-SHA256 over the first three
parts with a secret that never leaves the rooms folder. A browser can read its
token but cannot change the seat or the expiry without breaking the signature.

The secret is 32 random bytes in ``<rooms_dir>/.seat-secret`` (mode 0600),
created on first use under the storage lock, so two processes starting at
once agree on one secret.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _
from classbridge.core.storage import locked, write_atomic

SECRET_FILE = ".seat-secret"
SECRET_BYTES = 32
_PART = re.compile(r"^[A-Za-z0-9-]{1,64}$")


class SeatTokenError(ClassBridgeError):
    """A join link the server refuses; ``close_code`` is the WebSocket close code to use."""

    close_code = 4001
    http_status = 403


class ForgedToken(SeatTokenError):
    """Not a token this server signed (changed by hand, or from another server)."""


class ExpiredToken(SeatTokenError):
    """A token this server signed whose time is over."""

    close_code = 4002


@dataclass(frozen=True)
class SeatPass:
    """What a verified token grants: one seat of one session until ``expires`` (Unix time)."""

    session: str
    seat: str
    expires: int


def _signature(secret: bytes, session: str, seat: str, expires: int) -> str:
    body = f"{session}.{seat}.{expires}".encode("ascii")
    digest = hmac.new(secret, body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign(secret: bytes, session: str, seat: str, expires: int) -> str:
    """The token for ``seat`` of ``session``, valid until ``expires`` (Unix time)."""
    for part in (session, seat):
        if not _PART.match(part):
            raise ValueError(f"{part!r} cannot be part of a seat token")
    return f"{session}.{seat}.{int(expires)}.{_signature(secret, session, seat, int(expires))}"


def verify(secret: bytes, token: str, now: float | None = None) -> SeatPass:
    """The seat a token grants; ``ForgedToken`` or ``ExpiredToken`` with the reason."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 4 or not all(_PART.match(p) for p in parts[:2]) or not parts[2].isdigit():
        raise ForgedToken(
            _(
                "this join link is incomplete or was changed: copy the whole link again, "
                "or ask the person who created the session for a new one"
            )
        )
    session, seat, expires_text, signature = parts
    expires = int(expires_text)
    if not hmac.compare_digest(signature, _signature(secret, session, seat, expires)):
        raise ForgedToken(
            _(
                "this join link was not made by this server (changed by hand, or from another "
                "server or an older set-up): ask the person who created the session for a new link"
            )
        )
    if (time.time() if now is None else now) >= expires:
        raise ExpiredToken(
            _(
                "this join link has expired: ask the person who created the session for a new "
                "one (classbridge rooms links SESSION, or a new session in module 05)"
            )
        )
    return SeatPass(session, seat, expires)


def load_secret(rooms_dir: Path) -> bytes:
    """The rooms folder's signing secret, created (0600) on first use."""
    path = Path(rooms_dir) / SECRET_FILE
    secret = _read(path)
    if secret is not None:
        return secret
    with locked(path):
        secret = _read(path)
        if secret is None:
            secret = secrets.token_bytes(SECRET_BYTES)
            write_atomic(path, secret, mode=0o600)
    return secret


def _read(path: Path) -> bytes | None:
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        return None
    if len(secret) < SECRET_BYTES:
        raise SeatTokenError(
            _(
                "the seat-signing secret {path} is damaged ({size} bytes): delete it and "
                "create the sessions again (their links stop working)"
            ).format(path=path, size=len(secret))
        )
    if path.stat().st_mode & 0o077:
        # Copied in with a looser mode: nobody else may read it and sign seats.
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
    return secret
