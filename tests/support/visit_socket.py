"""A stand-in for Voilà's ``voila/query`` WebSocket: it holds each kernel's wait until told.

Voilà's own sends a pool kernel its visitor's request when the visit comes;
with this one a test decides when the visit comes, and sees how many
connections each kernel opened.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections import Counter

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import serve


class VisitSocket:
    """Serves ``/voila/query/<kernel id>`` on a loopback port until closed."""

    def __init__(self) -> None:
        self.connections: Counter[str] = Counter()
        self._visits: dict[str, dict] = {}
        self._arrived = threading.Condition()
        self._server = serve(self._handle, "127.0.0.1", 0)
        self.port = self._server.socket.getsockname()[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def visit(self, kernel_id: str, request: dict[str, str]) -> None:
        """The visitor arrives: the kernel gets ``request`` (Voilà's request variables)."""
        with self._arrived:
            self._visits[kernel_id] = request
            self._arrived.notify_all()

    def _handle(self, connection) -> None:
        kernel_id = connection.request.path.rsplit("/", 1)[-1]
        self.connections[kernel_id] += 1
        with self._arrived:
            self._arrived.wait_for(lambda: kernel_id in self._visits)
        with contextlib.suppress(ConnectionClosed):  # the kernel has gone: nobody to tell
            connection.send(json.dumps(self._visits[kernel_id]))

    def close(self) -> None:
        with self._arrived:  # release every held connection
            self._visits.update({k: {} for k in self.connections if k not in self._visits})
            self._arrived.notify_all()
        self._server.shutdown()

    def kernel_env(self, kernel_id: str) -> dict[str, str]:
        """What Voilà puts in a pool kernel's environment for it to find this socket."""
        return {
            "VOILA_PREHEAT": "True",
            "VOILA_APP_IP": "127.0.0.1",
            "VOILA_APP_PORT": str(self.port),
            "VOILA_SERVER_URL": "/",
            "VOILA_BASE_URL": "/",
            "VOILA_KERNEL_ID": kernel_id,
        }
