"""``classbridge rooms serve``: the live room alone, as a JupyterHub service (or on its own).

On the workshop hub every trainee has a user server of their own, so two
trainees can only meet on a server they share: one service the hub starts
and proxies at ``/services/classbridge-rooms/``. It is a jupyter_server
``ServerApp`` with nothing but the live room: no contents, kernels,
terminals or other extensions, so a trainee who can reach it can join
sessions and nothing else (its folder holds the seat-signing secret).

Under the hub (``JUPYTERHUB_SERVICE_PREFIX`` and the other variables the hub
gives a managed service are set) it authenticates with the hub's OAuth,
through JupyterHub's own ``JupyterHubIdentityProvider``: the jupyter_server
form of ``HubOAuthenticated``, which our ``JupyterHandler`` subclasses need.
Anywhere else it uses the Jupyter token (``JUPYTER_TOKEN``). Module 05's
widget on a user server creates sessions here over HTTP with the user
server's API token (``CLASSBRIDGE_ROOMS_URL``); the teacher is whoever the
hub says that token belongs to.
"""

from __future__ import annotations

import os

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import IdentityProvider
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.serverapp import ServerApp
from tornado import web
from traitlets import Bool, Instance, default

from classbridge.live.handlers import live_room_handlers
from classbridge.live.room_page import STATIC_ROUTE, live_share_path
from classbridge.live.session_store import ROUTE
from classbridge.live.settings import LiveRoomSettings
from classbridge.pages.language_choice import language_choice_handlers

SERVICE_NAME = "classbridge-rooms"
HUB_PREFIX_ENV = "JUPYTERHUB_SERVICE_PREFIX"


def under_hub() -> bool:
    return bool(os.environ.get(HUB_PREFIX_ENV))


class PublicRoomFiles(JupyterHandler, web.StaticFileHandler):
    """``GET static/<file>`` on the hub: room.js and room.css for anyone, as Jupyter's own
    ``/static/`` (they are the package's files; the room page and every seat route stay
    behind the hub's login).

    The room page loads room.js as a module script, a CORS-mode request, and JupyterHub
    accepts its login cookie on such a request only with an XSRF header, which a script
    tag cannot send: behind the login, room.js would be sent round the hub's OAuth until
    the browser gave up.
    """

    @allow_unauthenticated
    def get(self, path: str, include_body: bool = True):
        return web.StaticFileHandler.get(self, path, include_body)

    @allow_unauthenticated
    def head(self, path: str):
        return web.StaticFileHandler.head(self, path)


class RoomsServiceApp(ServerApp):
    """A Jupyter server that serves only the live room."""

    name = "classbridge-rooms"
    description = "ClassBridge live practice rooms (a JupyterHub service)"
    #: None of the Jupyter server's APIs (contents, kernels, sessions...): the live room only.
    default_services = ()

    live_settings = Instance(LiveRoomSettings, allow_none=True)
    #: The service runs no one's code and serves no files, so running as the hub's
    #: account (root on The Littlest JupyterHub) exposes nothing.
    allow_root = Bool(True, config=True)
    open_browser = Bool(False, config=True)

    @default("base_url")
    def _default_base_url(self) -> str:
        return os.environ.get(HUB_PREFIX_ENV, "/")

    @default("identity_provider_class")
    def _default_identity_provider_class(self):
        if under_hub():
            from jupyterhub.singleuser.extension import JupyterHubIdentityProvider

            return JupyterHubIdentityProvider
        return IdentityProvider

    def find_server_extensions(self) -> None:
        """No extensions from the environment's Jupyter config: Voilà, JupyterLab and the
        others serve trainees' own servers, not this one."""
        self.jpserver_extensions = {}

    def init_webapp(self) -> None:
        super().init_webapp()
        if under_hub():
            # As jupyterhub-singleuser does: Tornado's own XSRF check runs before the
            # user is known, and once the hub's identity provider has patched in the
            # hub's check it would refuse a user server's token request (POST sessions)
            # for want of an _xsrf cookie. Jupyter Server still checks every POST once
            # the user is known (JupyterHandler.prepare), skipping token requests only.
            self.web_app.settings["xsrf_cookies"] = False
            # Before the live room's own routes, which would ask for the login.
            prefix = "/" + (self.base_url.strip("/") + "/" if self.base_url.strip("/") else "")
            self.web_app.add_handlers(
                ".*$",
                [
                    (
                        rf"{prefix}{ROUTE}{STATIC_ROUTE}(.*)",
                        PublicRoomFiles,
                        {"path": str(live_share_path())},
                    )
                ],
            )
        settings = self.live_settings or LiveRoomSettings.from_env(allow_create=True)
        settings.rooms_dir.mkdir(parents=True, exist_ok=True)
        self.web_app.add_handlers(".*$", live_room_handlers(self.base_url, settings))
        # The room page's language switch links here (classbridge.pages.language_choice).
        self.web_app.add_handlers(".*$", language_choice_handlers(self.base_url))


def serve_rooms(port: int, ip: str = "127.0.0.1", settings: LiveRoomSettings | None = None) -> None:
    """Run the rooms service until stopped (blocks)."""
    settings = settings or LiveRoomSettings.from_env(allow_create=True)
    settings.rooms_dir.mkdir(parents=True, exist_ok=True)
    RoomsServiceApp.launch_instance(
        argv=[
            f"--ServerApp.port={port}",
            f"--ServerApp.ip={ip}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={settings.rooms_dir}",
        ],
        live_settings=settings,
    )
