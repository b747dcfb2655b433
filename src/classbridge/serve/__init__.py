"""Serving the modules to a workshop: checks, pools of ready kernels, and Voilà itself."""

from classbridge.serve.preflight import (
    CATALOGUE_NOTEBOOK,
    ServeError,
    check_modules_dir,
    check_port_free,
    free_port,
)
from classbridge.serve.serve_options import ServeOptions
from classbridge.serve.server import (
    TRAINER_DASHBOARD,
    dashboards_dir,
    serve,
    serve_dashboard,
    voila_config,
)

__all__ = [
    "CATALOGUE_NOTEBOOK",
    "TRAINER_DASHBOARD",
    "ServeError",
    "ServeOptions",
    "check_modules_dir",
    "check_port_free",
    "dashboards_dir",
    "free_port",
    "serve",
    "serve_dashboard",
    "voila_config",
]
