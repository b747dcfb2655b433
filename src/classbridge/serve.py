"""``classbridge serve``: the modules as Voilà apps, checked before Voilà starts.

Voilà does the serving. What we add is what a workshop organiser needs before
that: a clear one-line error for a wrong folder or a busy port (Voilà's own
would be a traceback or a silent move to another port), a warning for every
broken module, and the settings ClassBridge relies on — our offline page
template, loopback only, and preheated kernels so a page opens at once.
"""

from __future__ import annotations

import errno
import os
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config

from classbridge.core.catalogue import scan_catalogue, unreadable_notebooks
from classbridge.core.errors import ClassBridgeError
from classbridge.core.share import share_path
from classbridge.grading.course import CourseVariable
from classbridge.jupyter_env import jupyter_path_with_template, voila_settings

CATALOGUE_NOTEBOOK = "catalogue.ipynb"


class ServeError(ClassBridgeError):
    """A problem that stops the server from starting; the message says the fix."""


@dataclass(frozen=True)
class ServeOptions:
    modules_dir: Path
    port: int = 8866
    host: str = "127.0.0.1"
    preheat: bool = True
    pool_size: int = 1
    open_browser: bool = False
    #: the nbgrader course whose progress pages show (``my-progress.ipynb``)
    course_dir: Path | None = None


def check_modules_dir(modules_dir: Path) -> Path:
    path = Path(modules_dir)
    if not path.exists():
        raise ServeError(
            f"modules folder '{path}' does not exist: run from the ClassBridge checkout "
            "or pass the folder, e.g. 'classbridge serve path/to/modules'"
        )
    if not path.is_dir():
        raise ServeError(f"'{path}' is a file, not a folder: pass the folder holding the modules")
    if not (path / CATALOGUE_NOTEBOOK).is_file():
        raise ServeError(
            f"'{path}' has no {CATALOGUE_NOTEBOOK}: pass ClassBridge's modules folder "
            f"or copy modules/{CATALOGUE_NOTEBOOK} into it"
        )
    return path.resolve()


def check_port_free(host: str, port: int) -> None:
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
                    f"port {port} on {host} is already in use: stop the other server "
                    f"or choose another port, e.g. 'classbridge serve --port {port + 1}'"
                ) from None
            raise ServeError(f"cannot listen on {host}:{port} ({err.strerror})") from None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def voila_config(options: ServeOptions, unreadable: list[str]) -> Config:
    """Voilà's configuration for a ClassBridge server.

    Built as a traitlets ``Config`` rather than command-line strings: Voilà's
    kernel manager is not one of its command-line classes, and its list options
    given as strings do not arrive as lists.
    """
    config = Config()
    config.Voila.ip = options.host
    config.Voila.port = options.port
    config.Voila.port_retries = 0
    config.Voila.open_browser = options.open_browser
    # The template and the front-end extensions a module page needs: the
    # widget manager and the widget libraries our modules use. Voilà otherwise
    # loads every JupyterLab extension installed (nbgrader's, Notebook 7's),
    # which fail outside JupyterLab and fill the trainee's console with errors.
    for name, value in voila_settings().items():
        config.VoilaConfiguration[name] = value
    if options.preheat:
        config.VoilaConfiguration.preheat_kernel = True
        config.VoilaConfiguration.default_pool_size = options.pool_size
        # A notebook Jupyter cannot open fails every preheat attempt, and Voilà
        # then refuses to shut down any kernel (it re-raises that failure).
        # Voilà matches each entry as a regular expression against the
        # notebook's absolute path at start-up and its relative path later.
        config.VoilaKernelManager.preheat_denylist = [f"(^|.*/){re.escape(p)}$" for p in unreadable]
    return config


def serve(options: ServeOptions) -> None:
    """Check everything, report broken modules, then hand over to Voilà (blocks)."""
    modules_dir = check_modules_dir(options.modules_dir)
    check_port_free(options.host, options.port)
    catalogue = scan_catalogue(modules_dir)
    for broken in catalogue.broken:
        print(
            f"classbridge: warning: {broken.path} {broken.reason} "
            "(it is listed as broken in the catalogue)",
            file=sys.stderr,
        )
    port = options.port or free_port(options.host)
    options = ServeOptions(**{**options.__dict__, "modules_dir": modules_dir, "port": port})
    print(
        f"ClassBridge: {len(catalogue.modules)} module(s) at "
        f"http://{options.host}:{port}/voila/render/{CATALOGUE_NOTEBOOK}",
        file=sys.stderr,
        flush=True,
    )
    os.environ.setdefault(CourseVariable.MODULES_DIR.value, str(modules_dir))
    _launch_voila(modules_dir, options, unreadable_notebooks(modules_dir))


def _launch_voila(folder: Path, options: ServeOptions, unreadable: list[str]) -> None:
    """Hand over to Voilà; kernels inherit the environment, so the course goes there."""
    if options.course_dir is not None:
        os.environ[CourseVariable.COURSE_DIR.value] = str(Path(options.course_dir).resolve())
    os.environ["JUPYTER_PATH"] = jupyter_path_with_template(os.environ.get("JUPYTER_PATH"))
    from voila.app import Voila

    Voila.launch_instance(argv=[str(folder)], config=voila_config(options, unreadable))


TRAINER_DASHBOARD = "trainer-dashboard.ipynb"


def dashboards_dir() -> Path:
    return share_path("dashboards")


def serve_dashboard(course, port: int = 8867, open_browser: bool = False, host: str = "127.0.0.1"):
    """Serve the trainer dashboard for ``course`` (blocks)."""
    course.require_existing()
    check_port_free(host, port)
    port = port or free_port(host)
    folder = dashboards_dir()
    options = ServeOptions(
        modules_dir=folder,
        port=port,
        host=host,
        preheat=False,
        open_browser=open_browser,
        course_dir=Path(course.root),
    )
    course_env = course.env()
    for variable in CourseVariable:
        os.environ[variable.value] = course_env[variable.value]
    print(
        f"ClassBridge dashboard for {Path(course.root).resolve()} at "
        f"http://{host}:{port}/voila/render/{TRAINER_DASHBOARD}",
        file=sys.stderr,
        flush=True,
    )
    _launch_voila(folder, options, [])
