"""Which pool kernel a visitor gets: one that has run its page, never one still starting."""

from __future__ import annotations

import asyncio

from classbridge.serve.warm_kernels import WorkshopKernelManager


def test_a_visitor_gets_a_ready_kernel_before_one_still_starting():
    async def pools() -> None:
        manager = WorkshopKernelManager()
        starting = asyncio.ensure_future(asyncio.Event().wait())  # a refill held back
        ready = asyncio.ensure_future(asyncio.sleep(0, result={"kernel_id": "k2"}))

        async def broken() -> None:
            raise RuntimeError("the page cannot be read")

        failed = asyncio.ensure_future(broken())
        await asyncio.gather(ready, failed, return_exceptions=True)
        manager._pools = {"01/page.ipynb": [starting, failed, ready]}
        assert manager.ready_kernels("01/page.ipynb") == [ready]
        assert manager.ready_kernels("02/other.ipynb") == []
        manager.ready_first("01/page.ipynb")
        assert manager._pools["01/page.ipynb"][0] is ready
        starting.cancel()

    asyncio.run(pools())
