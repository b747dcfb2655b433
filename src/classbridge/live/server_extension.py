"""The live room in a plain Jupyter server (Binder, hub user servers): a server extension.

``classbridge serve`` runs standalone Voilà, which loads no server
extensions, and mounts the handlers itself. Everywhere else the page is served
by ``jupyter server`` (with Voilà as its extension), and this module adds the
same handlers there. Enable it with
``--ServerApp.jpserver_extensions=classbridge.live.server_extension=True``
or in a ``jupyter_server_config.json``. The server's kernels are given the
rooms folder, so module 05's widget creates sessions where the server looks.
"""

from __future__ import annotations

import os

from classbridge.live.handlers import live_room_handlers
from classbridge.live.settings import LiveRoomSettings
from classbridge.pages.language_choice import language_choice_handlers


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "classbridge.live.server_extension"}]


def _load_jupyter_server_extension(serverapp) -> None:
    settings = LiveRoomSettings.from_env()
    # Kernels inherit the server's environment: the widget then writes sessions here.
    os.environ.update(settings.environment())
    serverapp.web_app.add_handlers(".*$", live_room_handlers(serverapp.base_url, settings))
    # The language switch every page shows (classbridge.pages.language_choice).
    serverapp.web_app.add_handlers(".*$", language_choice_handlers(serverapp.base_url))
    serverapp.log.info("ClassBridge live room at %sclassbridge/rooms/", serverapp.base_url)
