"""What is checked before Voilà starts, so a wrong folder or a busy port is one clear line.

Voilà's own answer would be a traceback, or a silent move to another port that
the trainees' links do not point to.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _

CATALOGUE_NOTEBOOK = "catalogue.ipynb"


class ServeError(ClassBridgeError):
    """A problem that stops the server from starting; the message says the fix."""


def check_modules_dir(modules_dir: Path) -> Path:
    path = Path(modules_dir)
    if not path.exists():
        raise ServeError(
            _(
                "modules folder '{path}' does not exist: run from the ClassBridge checkout "
                "or pass the folder, e.g. 'classbridge serve path/to/modules'"
            ).format(path=path)
        )
    if not path.is_dir():
        raise ServeError(
            _("'{path}' is a file, not a folder: pass the folder holding the modules").format(
                path=path
            )
        )
    if not (path / CATALOGUE_NOTEBOOK).is_file():
        raise ServeError(
            _(
                "'{path}' has no {catalogue}: pass ClassBridge's modules folder "
                "or copy modules/{catalogue} into it"
            ).format(path=path, catalogue=CATALOGUE_NOTEBOOK)
        )
    return path.resolve()


def check_port_free(host: str, port: int, command: str = "serve") -> None:
    """Refuse a busy port, suggesting the next one with the command that was run."""
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As Tornado binds: a port left in TIME_WAIT by a server just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise ServeError(
                    _(
                        "port {port} on {host} is already in use: stop the other server "
                        "or choose another port, e.g. 'classbridge {command} --port {next_port}'"
                    ).format(port=port, host=host, command=command, next_port=port + 1)
                ) from None
            raise ServeError(
                _("cannot listen on {host}:{port} ({problem})").format(
                    host=host, port=port, problem=err.strerror
                )
            ) from None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
