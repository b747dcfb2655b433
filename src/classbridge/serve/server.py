"""``classbridge serve``: the modules as Voilà apps, checked before Voilà starts.

Voilà does the serving. What we add is what a workshop organiser needs before
that: a clear one-line error for a wrong folder, a busy port or a cohort the
machine cannot hold, a warning for every broken module, and the settings
ClassBridge relies on: our offline page template, loopback only, pools of
preheated kernels sized to the cohort, and kernels freed when their page is gone.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

from traitlets.config import Config

from classbridge.core.catalogue import scan_catalogue, unreadable_notebooks
from classbridge.core.language import (
    DEFAULT_LANGUAGE,
    LANGUAGE_ENV,
    POOL_LANGUAGE_ENV,
    _,
    normalise,
    shell_language,
    supported_languages,
)
from classbridge.core.share import share_path
from classbridge.grading.course import CourseVariable
from classbridge.jupyter_env import jupyter_path_with_template, voila_settings
from classbridge.live.handlers import live_room_handlers
from classbridge.live.settings import LiveRoomSettings
from classbridge.pages.language_choice import language_choice_handlers
from classbridge.serve.preflight import (
    CATALOGUE_NOTEBOOK,
    ServeError,
    check_modules_dir,
    check_port_free,
    free_port,
)
from classbridge.serve.serve_options import ServeOptions
from classbridge.serve.static_files import front_end_routes, page_extensions_hook
from classbridge.serve.warm_kernels import WorkshopKernelManager
from classbridge.serve.workshop_pools import (
    PoolPlan,
    check_memory,
    plan_pools,
    read_measured_memory,
)

#: Files under these paths may be kept by the browser for a year: every front-end
#: extension file's name carries a content hash (a new version is a new name).
#: jupyter_server's extension handler reads this setting at each request; Voilà's
#: own default tells the browser to ask again for each of them on every page.
IMMUTABLE_PATHS = ["/voila/labextensions/"]


def voila_config(
    options: ServeOptions, unreadable: list[str], plan: PoolPlan | None = None
) -> Config:
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
    config.WorkshopVoila.watch = options.watch
    # Warnings and errors only: ClassBridge prints its own start and ready lines.
    config.Voila.log_level = logging.WARNING
    # Voilà applies these after creating its Tornado application, so settings read
    # when the application is built (``compress_response``) never take effect there;
    # compression is done by our front-end file routes instead (static_files.py).
    config.Voila.tornado_settings = {"static_immutable_cache": IMMUTABLE_PATHS}
    # Voilà's scripts, styles and extensions from memory, compressed once (static_files.py).
    config.WorkshopVoila.first_handlers = front_end_routes()
    # The template and the front-end extensions a module page needs: the
    # widget manager and the widget libraries our modules use. Voilà otherwise
    # loads every JupyterLab extension installed (nbgrader's, Notebook 7's),
    # which fail outside JupyterLab and fill the trainee's console with errors.
    for name, value in voila_settings().items():
        config.VoilaConfiguration[name] = value
    # ipywebrtc's and anywidget's front ends only on pages that may show their widgets.
    config.VoilaConfiguration.page_config_hook = page_extensions_hook
    config.VoilaConfiguration.multi_kernel_manager_class = WorkshopKernelManager
    # Kernels talk to the server over Unix sockets in Voilà's private folder:
    # nothing on the network, and no "running over TCP without encryption".
    config.KernelManager.transport = "ipc"
    if options.cull_after > 0:
        # A page that is open keeps its kernel however long the trainee reads
        # (its connection counts); a page that is gone without saying so (a
        # crashed browser, a sleeping laptop, a dropped link: the WebSocket
        # pings stop) frees its kernel after ``cull_after`` idle seconds.
        config.MappingKernelManager.cull_idle_timeout = options.cull_after
        config.MappingKernelManager.cull_interval = max(1, min(60, options.cull_after // 4))
        config.MappingKernelManager.cull_connected = False
        config.MappingKernelManager.cull_busy = False
    if options.preheat:
        config.VoilaConfiguration.preheat_kernel = True
        config.VoilaConfiguration.default_pool_size = options.pool_size
        if plan is not None:
            config.VoilaKernelManager.kernel_pools_config = plan.voila_pools()
            config.WorkshopVoila.pool_plan = plan
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
    if options.cull_after < 0:
        raise ServeError(
            _(
                "--cull-after {seconds}: give seconds (e.g. 600), or 0 to keep "
                "every kernel until its page closes"
            ).format(seconds=options.cull_after)
        )
    if options.lang is not None:
        language = normalise(options.lang)
        if language is None:
            raise ServeError(
                _("--lang {asked}: ClassBridge speaks {languages}; use one of those").format(
                    asked=options.lang, languages=", ".join(supported_languages())
                )
            )
        # Kernels inherit it (classbridge.core.language reads it after the browser's own).
        os.environ[LANGUAGE_ENV] = language
    # Preheated pages are run in the language most trainees are expected to read.
    os.environ[POOL_LANGUAGE_ENV] = (
        normalise(options.lang or "") or shell_language() or DEFAULT_LANGUAGE
    )
    if options.course_dir is not None and not Path(options.course_dir).is_dir():
        raise ServeError(
            _(
                "course folder '{folder}' does not exist: create the course with "
                "'classbridge grade release' or pass the folder that holds gradebook.db"
            ).format(folder=options.course_dir)
        )
    catalogue = scan_catalogue(modules_dir)
    unreadable = unreadable_notebooks(modules_dir)
    plan = None
    if options.preheat:
        plan = plan_pools(
            catalogue,
            unreadable,
            trainees=options.trainees,
            first=options.first,
            pool_size=options.pool_size,
            measured_mib=read_measured_memory(),
        )
        check_memory(plan, options.trainees)
    elif options.trainees is not None:
        raise ServeError(_("--trainees needs preheated kernels: leave out '--no-preheat'"))
    for broken in catalogue.broken:
        print(
            f"classbridge: warning: {broken.path} {broken.reason} "
            "(it is listed as broken in the catalogue)",
            file=sys.stderr,
        )
    port = options.port or free_port(options.host)
    options = ServeOptions(**{**options.__dict__, "modules_dir": modules_dir, "port": port})
    start_line = (
        f"{len(catalogue.modules)} module(s) at "
        f"http://{options.host}:{port}/voila/render/{CATALOGUE_NOTEBOOK}"
    )
    if plan is not None:
        start_line += f" (warming {plan.kernels} kernels, about {plan.memory_mib / 1024:.1f} GiB)"
    os.environ.setdefault(CourseVariable.MODULES_DIR.value, str(modules_dir))
    config = voila_config(options, unreadable, plan)
    # The live practice room (module 05) is served by this same server, before
    # Voilà's routes; its kernels are told where the sessions live.
    live_room = LiveRoomSettings.from_env()
    os.environ.update(live_room.environment())
    config.WorkshopVoila.first_handlers = [
        *live_room_handlers("/", live_room),
        *language_choice_handlers("/"),
        *config.WorkshopVoila.first_handlers,
    ]
    _launch_voila(modules_dir, options, config, start_line)


def _launch_voila(folder: Path, options: ServeOptions, config: Config, start_line: str) -> None:
    """Hand over to Voilà; kernels inherit the environment, so the course goes there."""
    if options.course_dir is not None:
        os.environ[CourseVariable.COURSE_DIR.value] = str(Path(options.course_dir).resolve())
    os.environ["JUPYTER_PATH"] = jupyter_path_with_template(os.environ.get("JUPYTER_PATH"))
    from classbridge.serve.voila_app import WorkshopVoila

    config.WorkshopVoila.start_line = start_line
    WorkshopVoila.launch_instance(argv=[str(folder)], config=config)


TRAINER_DASHBOARD = "trainer-dashboard.ipynb"


def dashboards_dir() -> Path:
    return share_path("dashboards")


def serve_dashboard(course, port: int = 8867, open_browser: bool = False, host: str = "127.0.0.1"):
    """Serve the trainer dashboard for ``course`` (blocks)."""
    course.require_existing()
    check_port_free(host, port, command="dashboard")
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
    start_line = (
        f"dashboard for {Path(course.root).resolve()} at "
        f"http://{host}:{port}/voila/render/{TRAINER_DASHBOARD}"
    )
    _launch_voila(folder, options, voila_config(options, []), start_line)
