"""The switch's link remembers the language for the browser and goes back to the page."""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest
from tornado.httpclient import AsyncHTTPClient
from tornado.httpserver import HTTPServer
from tornado.testing import bind_unused_port
from tornado.web import Application

from classbridge.pages.language_choice import language_choice_handlers


def run_async(coroutine):
    """In a thread of its own: after the browser tests, the test thread's loop is Playwright's."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


async def fetch(path: str):
    sock, port = bind_unused_port()
    server = HTTPServer(Application(language_choice_handlers("/")))
    server.add_sockets([sock])
    client = AsyncHTTPClient()
    try:
        return await client.fetch(
            f"http://127.0.0.1:{port}{path}", follow_redirects=False, raise_error=False
        )
    finally:
        client.close()
        server.stop()


def test_choosing_chinese_sets_the_cookie_and_returns_to_the_page() -> None:
    response = run_async(
        fetch("/classbridge/language?lang=zh-TW&next=/voila/render/01-welcome/welcome.ipynb")
    )
    assert response.code == 302
    assert response.headers["Location"] == "/voila/render/01-welcome/welcome.ipynb"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("classbridge-lang=zh-TW;")
    assert "Path=/" in cookie and "SameSite=Lax" in cookie and "expires=" in cookie.lower()


@pytest.mark.parametrize(
    "target", ["https://example.org/", "//example.org/x", "javascript:alert(1)"]
)
def test_the_link_never_sends_a_trainee_to_another_site(target: str) -> None:
    response = run_async(fetch(f"/classbridge/language?lang=en&next={target}"))
    assert response.code == 302
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_refused_with_the_languages_we_speak() -> None:
    response = run_async(fetch("/classbridge/language?lang=xx"))
    assert response.code == 400
    assert response.body.decode() == "Unknown language 'xx': use one of en, zh-TW.\n"
    assert "Set-Cookie" not in response.headers
