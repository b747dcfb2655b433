"""Short-lived TURN credentials for schools behind different NATs (coturn's REST API scheme).

With no ICE servers only browsers on one LAN or one machine reach each other.
Between schools, the alliance runs its own TURN server (Debian's ``coturn``)
with ``use-auth-secret`` and a ``static-auth-secret`` it shares with us. We
never hand that secret to a browser: each seat gets a username
``<expiry>:<seat>`` and a credential ``base64(HMAC-SHA1(secret, username))``,
which coturn recomputes from the same secret and refuses once ``expiry``
(Unix time) has passed. A leaked credential is useless within hours.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time


def turn_password(secret: str, username: str) -> str:
    """coturn's password for ``username``: base64 of HMAC-SHA1 with the shared secret."""
    digest = hmac.new(secret.encode("utf-8"), username.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def turn_server(
    urls: tuple[str, ...], secret: str, seat: str, seconds: int, now: float | None = None
) -> dict:
    """One RTCIceServer entry for ``seat``, valid for ``seconds``."""
    expiry = int((time.time() if now is None else now) + seconds)
    username = f"{expiry}:{seat}"
    return {"urls": list(urls), "username": username, "credential": turn_password(secret, username)}
