"""Voilà as a workshop server: a quiet log, pages warmed in order, a clean stop.

Voilà logs every kernel it starts and every notebook it reads ("is not
trusted": Voilà runs our modules whether or not they are signed), and leaves
its pools to fill all at once. A trainer starting a workshop needs three
lines instead: where the modules are, when they are ready and what they hold,
and what is wrong if anything is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sys
from pathlib import Path

from jupyter_core.utils import run_sync
from tornado.ioloop import IOLoop
from traitlets import Bool, Instance, List, Unicode
from voila.app import Voila

from classbridge.core.catalogue import UnreadableNotebook, load_notebook_json
from classbridge.core.visit import PAGE_ENV
from classbridge.serve.module_watch import Changes, ModuleWatch
from classbridge.serve.page_handler import with_language_pools
from classbridge.serve.warm_kernels import WARMING, refill_when_pages_served
from classbridge.serve.workshop_pools import PoolPlan, remember_measured_memory

GIB = 1024
WATCH_EVERY_SECONDS = 1.0
#: Where the pages of kernels retired on purpose (``--watch``) log: nowhere.
RETIRED_PAGE_LOG = logging.getLogger("classbridge.retired-page")
RETIRED_PAGE_LOG.addHandler(logging.NullHandler())
RETIRED_PAGE_LOG.propagate = False


class NoiseFilter(logging.Filter):
    """Drop what is not a problem, or is reported better elsewhere.

    Voilà's per-notebook "not trusted" warning: Voilà runs the page either way.
    A pool kernel that cannot start: the warm-up names the page in one line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if WARMING.get():
            return False
        return "is not trusted" not in record.getMessage()


class PingTimeoutNote(logging.Filter):
    """Tornado's note on jupyter_server's WebSocket ping timeout (see ``start``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "websocket_ping_timeout" not in record.getMessage()


def say(line: str) -> None:
    print(f"ClassBridge: {line}", file=sys.stderr, flush=True)


def pool_config(notebook: str, size: int) -> dict:
    """Voilà's pool settings for one page; its kernels know their page before the visit."""
    return {"pool_size": size, "kernel_env_variables": {PAGE_ENV: notebook}}


class WorkshopVoila(Voila):
    """Voilà with ClassBridge's warm-up, log and stop; handlers of our own go first."""

    pool_plan = Instance(PoolPlan, allow_none=True, config=True, help="pages to warm, in order")
    first_handlers = List(
        [],
        config=True,
        help="Tornado handlers matched before Voilà's own (its last route catches every path).",
    )
    start_line = Unicode("", config=True, help="the line printed once the server listens")
    watch = Bool(
        False,
        config=True,
        help="Pick up new, changed and removed notebooks without a restart (authoring).",
    )

    def init_settings(self) -> dict:
        settings = super().init_settings()
        if hasattr(self.kernel_manager, "_initialize"):  # pools are on (preheat)
            refill_when_pages_served(self.kernel_manager)
        return settings

    def init_handlers(self) -> list:
        return [*self.first_handlers, *with_language_pools(super().init_handlers())]

    def start(self) -> None:
        self.log.addFilter(NoiseFilter())
        # jupyter_server pings each page's WebSocket every 30 s and waits up to 90 s
        # for the answer; Tornado 6.5+ warns that it would wait only 30 s (once per
        # server), but jupyter_server's own check still applies the 90 s: not a problem.
        logging.getLogger("tornado.general").addFilter(PingTimeoutNote())
        IOLoop.current().add_callback(self._announce_and_warm)
        super().start()

    async def _announce_and_warm(self) -> None:
        say(self.start_line or f"serving at {self.display_url}")
        watch = ModuleWatch(Path(self.root_dir)) if self.watch else None
        if self.pool_plan is not None:
            try:
                await self.warm_pages(self.pool_plan)
            except Exception as err:  # a warm-up problem must not stop the pages being served
                print(f"classbridge: warning: warming the pages stopped: {err}", file=sys.stderr)
        if watch is not None:
            say(f"watching {self.root_dir} for new and changed modules")
            while True:
                await asyncio.sleep(WATCH_EVERY_SECONDS)
                changes = watch.changes()
                if changes:
                    try:
                        await self.take_changes(changes)
                    except Exception as err:  # never let an author's file stop the server
                        print(f"classbridge: warning: {err}", file=sys.stderr, flush=True)

    async def take_changes(self, changes: Changes) -> None:
        """Old kernels of a changed page go; the page is warmed again from the saved file.

        Until it is warm a visitor gets a kernel started for them, which runs
        the file as it is now. A notebook Jupyter cannot read is not warmed
        (Voilà would refuse to stop any kernel after such a failure): the
        catalogue lists it as broken with the reason.
        """
        manager = self.kernel_manager
        for notebook in (*changes.changed, *changes.removed):
            await self._drop_pool(notebook)
        for notebook in changes.removed:
            say(f"removed {notebook}")
        for notebook in (*changes.added, *changes.changed):
            try:
                load_notebook_json(Path(self.root_dir) / notebook)
            except UnreadableNotebook as err:
                manager.preheat_denylist.append(f"(^|.*/){re.escape(notebook)}$")
                print(
                    f"classbridge: warning: {notebook} {err} (it is listed as broken in the "
                    "catalogue; fix it and save again)",
                    file=sys.stderr,
                    flush=True,
                )
                continue
            manager.preheat_denylist[:] = [
                p for p in manager.preheat_denylist if p != f"(^|.*/){re.escape(notebook)}$"
            ]
            config = manager.kernel_pools_config.setdefault(notebook, pool_config(notebook, 1))
            if config.get("pool_size", 0) < 1:
                config["pool_size"] = 1
            manager.fill_if_needed(delay=0, notebook_name=notebook)
            say(f"{'added' if notebook in changes.added else 'reloaded'} {notebook}")

    async def _drop_pool(self, notebook: str) -> None:
        """Shut the preheated kernels that ran the old file (Voilà 0.5's private ``_pools``)."""
        pools = getattr(self.kernel_manager, "_pools", None)
        if pools is None:
            return
        for task in pools.pop(notebook, []):
            with contextlib.suppress(Exception):
                result = await asyncio.wait_for(asyncio.shield(task), timeout=60)
                # A pool kernel may be waiting for its visitor inside a cell, so Voilà
                # would log its death as an error at the server: silence that page's log.
                renderer = result["renderer"]
                renderer.log = RETIRED_PAGE_LOG
                if getattr(renderer, "executor", None) is not None:
                    renderer.executor.log = RETIRED_PAGE_LOG
                await self.kernel_manager.shutdown_kernel(result["kernel_id"], now=True)

    async def warm_pages(self, plan: PoolPlan) -> None:
        """Fill each page's pool in the plan's order; report a page that fails once."""
        manager = self.kernel_manager
        measured: dict[str, float] = {}
        for page in plan.pages:
            manager.kernel_pools_config[page.notebook] = pool_config(
                page.notebook, page.ready_kernels
            )
            manager.fill_if_needed(delay=0, notebook_name=page.notebook)
            await asyncio.sleep(0)
            await manager.warm_ups_done()
            kernel_ids, problem = await self._pool_state(page.notebook)
            if problem:
                print(
                    f"classbridge: warning: {page.notebook} could not be prepared ({problem}); "
                    "the other pages are served",
                    file=sys.stderr,
                    flush=True,
                )
            elif kernel_ids:
                measured[page.notebook] = round(manager.kernel_mib(kernel_ids[0]), 1)
        kernels = list(manager.list_kernel_ids())
        total = sum(manager.kernel_mib(k) for k in kernels)
        remember_measured_memory(measured)
        say(f"ready: {len(plan.pages)} pages, {len(kernels)} kernels warm, {total / GIB:.1f} GiB")

    async def _pool_state(self, notebook: str) -> tuple[list[str], str | None]:
        """The pool's kernel ids, or why it has none.

        Reads Voilà 0.5's private ``_pools`` (pinned in pyproject): it has no
        public way to ask whether a pool's kernels started.
        """
        kernel_ids, problem = [], None
        for task in list(getattr(self.kernel_manager, "_pools", {}).get(notebook, [])):
            if not task.done():
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(asyncio.shield(task), timeout=60)
            if task.done() and task.exception() is not None:
                problem = str(task.exception()) or type(task.exception()).__name__
            elif task.done():
                kernel_ids.append(task.result()["kernel_id"])
        return kernel_ids, problem

    def stop(self) -> None:
        """Pool kernels first, then the trainees' kernels: no traceback, no kernel left."""
        manager = self.kernel_manager
        waiting = [
            task.result()["kernel_id"]
            for notebook in list(getattr(manager, "_pools", {}))
            for task in manager.ready_kernels(notebook)
        ]
        with contextlib.suppress(Exception):
            run_sync(self.kernel_manager.shut_down_everything)(waiting)
        with contextlib.suppress(Exception):  # Voilà's own: its folder, and nothing left to stop
            super().stop()
        say("stopped; no kernel left running")
