"""The kernel manager under Voilà's pools: warm-ups take turns, trainees never wait for them.

Voilà starts every pool at once and refills a pool a second after a kernel
was taken from it. On a 2-core workshop server that means eleven kernels
importing at the same moment as the first trainees' pages render (the
catalogue answered after 17 s). Voilà builds its pooling class on top of
``VoilaConfiguration.multi_kernel_manager_class``; this is that base class.
A kernel started for a pool (Voilà marks its environment ``VOILA_PREHEAT``)
waits for its turn and holds it until its notebook has run (its CPU goes
quiet); a kernel started for a waiting trainee starts at once, and no
warm-up starts while one is settling.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import time

import psutil
from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Integer

#: Voilà's mark on the environment of a kernel started for a pool.
PREHEAT_ENV = "VOILA_PREHEAT"
MIB = 2**20
#: True while a pool kernel starts: its failure is reported once, by the warm-up
#: (``WorkshopVoila.warm_pages``), not also as jupyter_client's traceback and environment.
WARMING = contextvars.ContextVar("classbridge_warming", default=False)


class WorkshopKernelManager(AsyncMappingKernelManager):
    """Kernel starts in the order a workshop needs them."""

    concurrent_warmups = Integer(
        1,
        config=True,
        help="Pool kernels that may start and run their notebook at the same time.",
    )
    settle_timeout = Float(
        30.0,
        config=True,
        help="Longest a warm-up holds its turn waiting for its kernel's CPU to go quiet (s).",
    )
    refill_after_quiet = Float(
        2.0,
        config=True,
        help="A pool refill waits until no page was asked for during this many seconds, "
        "and the server's CPU is quiet.",
    )
    page_connect_limit = Float(
        60.0,
        config=True,
        help="Longest a refill waits for a visitor's page to connect to its kernel (s): "
        "a page whose browser went away never does.",
    )
    refill_wait_limit = Float(
        120.0,
        config=True,
        help="Longest a refill waits for a quiet server (s); then it starts anyway.",
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._warming = 0
        self._waiting = 0
        self._visitors_settling = 0
        self._turns: asyncio.Condition | None = None
        self._last_page_asked = -float("inf")
        #: Pool kernels handed to visitors whose page has not connected yet: when.
        self._handed_out: dict[str, float] = {}

    @property
    def _condition(self) -> asyncio.Condition:
        if self._turns is None:
            self._turns = asyncio.Condition()
        return self._turns

    async def start_kernel(self, *args, **kwargs) -> str:
        env = kwargs.get("env") or {}
        if env.get(PREHEAT_ENV) != "True":
            return await self._start_for_visitor(*args, **kwargs)
        async with self._condition:
            self._waiting += 1
            try:
                await self._condition.wait_for(self._warm_up_may_start)
            finally:
                self._waiting -= 1
            self._warming += 1
        warming = WARMING.set(True)
        try:
            kernel_id = await super().start_kernel(*args, **kwargs)
        except BaseException:
            await self._end_turn(visitor=False)
            raise
        finally:
            WARMING.reset(warming)
        asyncio.ensure_future(self._hold_turn_until_settled(kernel_id, visitor=False))
        return kernel_id

    async def _start_for_visitor(self, *args, **kwargs) -> str:
        async with self._condition:
            self._visitors_settling += 1
        try:
            kernel_id = await super().start_kernel(*args, **kwargs)
        except BaseException:
            await self._end_turn(visitor=True)
            raise
        asyncio.ensure_future(self._hold_turn_until_settled(kernel_id, visitor=True))
        return kernel_id

    def note_page_asked(self) -> None:
        """A visitor asked for a page: refills wait (``until_pages_served``)."""
        self._last_page_asked = time.monotonic()

    def note_handed_out(self, kernel_id: str) -> None:
        """A pool kernel went to a visitor: refills wait until their page connects to it.

        Its last activity was its warm-up, maybe hours ago; counted from now,
        the idle culler gives the page its full time to connect.
        """
        self._handed_out[kernel_id] = time.monotonic()
        with contextlib.suppress(KeyError):
            self.get_kernel(kernel_id).last_activity = utcnow()

    def ready_kernels(self, notebook: str) -> list[asyncio.Task]:
        """The pool's kernels that have run the page (Voilà 0.5's private ``_pools``)."""
        return [
            task
            for task in getattr(self, "_pools", {}).get(notebook, [])
            if task.done() and not task.cancelled() and task.exception() is None
        ]

    def ready_first(self, notebook: str) -> None:
        """Put the pool's ready kernels first: Voilà hands out the first, ready or not."""
        pool = getattr(self, "_pools", {}).get(notebook)
        if pool:
            ready = set(self.ready_kernels(notebook))
            pool.sort(key=lambda task: task not in ready)

    def _pages_connecting(self) -> bool:
        """True while a visitor's page is still loading (has not connected to its kernel)."""
        now = time.monotonic()
        connections = getattr(self, "_kernel_connections", {})
        for kernel_id, since in list(self._handed_out.items()):
            if connections.get(kernel_id, 0) > 0 or now - since > self.page_connect_limit:
                del self._handed_out[kernel_id]
        return bool(self._handed_out)

    async def until_pages_served(self) -> None:
        """Until no page was asked for lately and this server's CPU is quiet.

        Voilà refills a pool a second after a kernel is taken, while the
        trainees who took them are still loading their pages: each refill
        renders a page here and starts a kernel (about 1.5 CPU-s), so twenty
        arrivals would pay for twenty refills while they wait. Refills come
        after: once every visitor's page has connected to its kernel (its
        widgets are coming) and nobody asked for a page for a few seconds.
        """
        deadline = time.monotonic() + self.refill_wait_limit
        server = psutil.Process()
        while time.monotonic() < deadline:
            since = time.monotonic() - self._last_page_asked
            if since < self.refill_after_quiet:
                await asyncio.sleep(self.refill_after_quiet - since)
                continue
            if self._pages_connecting():
                await asyncio.sleep(0.5)
                continue
            before = server.cpu_times()
            await asyncio.sleep(0.5)
            after = server.cpu_times()
            used = (after.user + after.system) - (before.user + before.system)
            if used < 0.1 and time.monotonic() - self._last_page_asked >= self.refill_after_quiet:
                return

    def _warm_up_may_start(self) -> bool:
        return self._warming < self.concurrent_warmups and self._visitors_settling == 0

    async def _hold_turn_until_settled(self, kernel_id: str, visitor: bool) -> None:
        try:
            await self.until_settled(kernel_id)
        finally:
            await self._end_turn(visitor)

    async def _end_turn(self, visitor: bool) -> None:
        async with self._condition:
            if visitor:
                self._visitors_settling -= 1
            else:
                self._warming -= 1
            self._condition.notify_all()

    async def warm_ups_done(self) -> None:
        """Wait until no pool kernel is waiting, starting or running its notebook."""
        async with self._condition:
            await self._condition.wait_for(lambda: self._warming == 0 and self._waiting == 0)

    def kernel_process(self, kernel_id: str) -> psutil.Process | None:
        with contextlib.suppress(Exception):
            return psutil.Process(self.get_kernel(kernel_id).provisioner.pid)
        return None

    async def until_settled(self, kernel_id: str) -> None:
        """Until the kernel has used no CPU for half a second, or ``settle_timeout``."""
        process = self.kernel_process(kernel_id)
        deadline = time.monotonic() + self.settle_timeout
        if process is None:
            await asyncio.sleep(1)
            return
        last = None
        quiet_since = None
        while time.monotonic() < deadline:
            try:
                times = process.cpu_times()
            except psutil.Error:
                return
            used = times.user + times.system
            now = time.monotonic()
            if last is not None and used - last < 0.02:
                quiet_since = quiet_since or now
                if now - quiet_since >= 0.5:
                    return
            else:
                quiet_since = None
            last = used
            await asyncio.sleep(0.1)

    def kernel_mib(self, kernel_id: str) -> float:
        """Unique memory of one kernel: what it alone holds, as the benchmarks measure."""
        process = self.kernel_process(kernel_id)
        with contextlib.suppress(psutil.Error, AttributeError):
            return process.memory_full_info().uss / MIB
        return 0.0

    async def shut_down_everything(self, waiting: list[str]) -> None:
        """Every kernel, one by one, so one that never started cannot keep the others alive.

        Pool kernels (``waiting``) are stopped at once: each waits for its visitor
        inside a cell, and shut down the polite way it answers that cell on a
        closed socket and prints a ``ZMQError`` traceback on the trainer's
        terminal. A trainee's kernel is asked to shut down. jupyter_client's
        ``shutdown_all`` gives up at the first kernel that fails (one whose
        start failed is still listed), leaving the rest running.
        """
        for kernel_id in list(self.list_kernel_ids()):
            try:
                await self.shutdown_kernel(kernel_id, now=kernel_id in waiting)
            except Exception:
                with contextlib.suppress(Exception):
                    self.remove_kernel(kernel_id)


def refill_when_pages_served(manager) -> None:
    """Hold Voilà's pool refills until the pages being asked for are served.

    Also notes each pool kernel Voilà hands to a visitor (``get_rendered_notebook``).

    Voilà's refill renders the page in this process (nbconvert) before it
    starts the kernel, so waiting in ``start_kernel`` would come too late; the
    wait goes before Voilà's ``_initialize`` (0.5's private method, pinned),
    only for a new pool kernel (a restart passes its kernel id).
    """
    initialize = manager._initialize

    async def when_served(notebook_path: str, kernel_id: str | None = None, **kwargs):
        if kernel_id is None:
            await manager.until_pages_served()
        return await initialize(notebook_path, kernel_id, **kwargs)

    manager._initialize = when_served
    get_rendered_notebook = manager.get_rendered_notebook

    async def handing_out(notebook_name: str, *args, **kwargs):
        manager.ready_first(notebook_name)
        render_task, rendered, kernel_id = await get_rendered_notebook(
            notebook_name, *args, **kwargs
        )
        manager.note_handed_out(kernel_id)
        return render_task, rendered, kernel_id

    manager.get_rendered_notebook = handing_out
