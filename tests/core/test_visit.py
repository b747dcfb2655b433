"""The visit to a pool kernel: what waits for it runs once it comes, on the kernel's thread."""

from __future__ import annotations

import asyncio
import os
import threading

import pytest

from classbridge.core import language, visit
from classbridge.core.language import current_language, use_language
from tests.support.visit_socket import VisitSocket

PAGE = "01-welcome/welcome.ipynb"


@pytest.fixture
def visit_socket():
    socket = VisitSocket()
    yield socket
    socket.close()


@pytest.fixture
def pool_kernel(monkeypatch, visit_socket):
    """This process as a pool kernel of ``classbridge serve`` before anyone visits."""
    for name, value in {**visit_socket.kernel_env("k1"), visit.PAGE_ENV: PAGE}.items():
        monkeypatch.setenv(name, value)
    for name in ("SCRIPT_NAME", "QUERY_STRING", "HTTP_ACCEPT_LANGUAGE", "HTTP_COOKIE"):
        monkeypatch.setenv(name, "")  # the visit sets them; put back as they were afterwards
        monkeypatch.delenv(name)
    monkeypatch.setattr(visit, "_arrived", False)
    monkeypatch.setattr(visit, "_waiting", [])
    monkeypatch.setattr(visit, "_listener", None)
    monkeypatch.setattr(visit, "_request", None)
    monkeypatch.setattr(visit, "_page_loop", None)
    use_language(None)
    yield visit_socket
    use_language(None)


REQUEST = {
    "SCRIPT_NAME": f"/voila/render/{PAGE}",
    "QUERY_STRING": "",
    "HTTP_COOKIE": "jupyterhub-session-id=secret; classbridge-lang=en",
}


async def until(happened, seconds: float = 10) -> None:
    """Let the kernel's loop run until ``happened()`` or ``seconds`` pass."""
    for _ in range(int(seconds * 10)):
        if happened():
            return
        await asyncio.sleep(0.1)


def test_outside_a_pool_kernel_what_waits_for_the_visit_runs_at_once(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    ran = []
    visit.when_visited(lambda: ran.append(True))
    assert ran == [True]


def test_a_pool_kernel_fills_in_the_visit_when_it_comes(pool_kernel):
    seen: list[tuple[str, str]] = []

    async def page() -> None:
        visit.when_visited(
            lambda: seen.append((os.environ["SCRIPT_NAME"], threading.current_thread().name))
        )
        await asyncio.sleep(0.5)
        assert seen == [], "ran before anyone visited"
        assert not visit.visited()
        pool_kernel.visit("k1", REQUEST)
        await until(lambda: seen)

    asyncio.run(page())
    # With the request's variables in place, on the thread the page's cells run on.
    assert seen == [(f"/voila/render/{PAGE}", threading.current_thread().name)]
    assert visit.visited()
    assert pool_kernel.connections["k1"] == 1
    assert "HTTP_COOKIE" not in os.environ  # a hub's login is none of a notebook's business


def test_a_cell_that_waits_and_what_waits_after_it_share_one_connection(pool_kernel):
    ran = []

    async def page() -> None:
        visit.when_visited(lambda: ran.append("widget"))
        await asyncio.sleep(0.2)  # its connection is open and waiting
        threading.Timer(0.3, pool_kernel.visit, ("k1", REQUEST)).start()
        visit.await_visitor()  # a cell that blocks until the visit
        ran.append("cell")

    asyncio.run(page())
    assert ran == ["widget", "cell"]
    # Voilà's request socket keeps one waiter per kernel: a second would take the visit.
    assert pool_kernel.connections["k1"] == 1


def test_a_widget_that_fails_after_the_visit_does_not_stop_the_others(pool_kernel, caplog):
    ran = []

    def broken() -> None:
        raise OSError("the workspace is gone")

    async def page() -> None:
        visit.when_visited(broken)
        visit.when_visited(lambda: ran.append("next"))
        pool_kernel.visit("k1", REQUEST)
        await until(lambda: ran)

    asyncio.run(page())
    assert ran == ["next"]
    assert "the workspace is gone" in caplog.text


def test_a_pool_kernel_renders_in_the_servers_language_without_waiting(pool_kernel, monkeypatch):
    monkeypatch.setenv(language.LANGUAGE_ENV, "zh-TW")
    assert current_language() == "zh-TW"
    assert pool_kernel.connections["k1"] == 0  # nothing waited for a visitor


def test_a_pool_kernel_knows_its_page_before_the_visit(pool_kernel):
    assert visit.page_path() == f"/voila/render/{PAGE}"


def test_a_kernel_started_for_its_visitor_reads_the_visitors_language(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setenv("QUERY_STRING", "")
    monkeypatch.setenv("HTTP_ACCEPT_LANGUAGE", "zh-TW,zh;q=0.9,en;q=0.5")
    use_language(None)
    try:
        assert current_language() == "zh-TW"
    finally:
        use_language(None)


def test_a_server_that_stops_before_the_visit_leaves_nothing_in_the_log(monkeypatch):
    """A pool kernel's wait ends quietly when the server shuts down (its socket closes)."""
    from websockets.sync.server import serve

    with serve(lambda connection: connection.close(), "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        monkeypatch.setenv("VOILA_APP_PORT", str(server.socket.getsockname()[1]))
        monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
        assert visit._wait_for_request() is None
        server.shutdown()
