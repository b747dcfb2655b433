"""Which visitors a pool kernel may serve: those who read the language it rendered in."""

from __future__ import annotations

import pytest
from tornado.httputil import HTTPHeaders, HTTPServerRequest
from voila.tornado.handler import TornadoVoilaHandler

from classbridge.core.language import LANGUAGE_ENV
from classbridge.serve.page_handler import (
    LanguagePoolHandler,
    visitor_language,
    with_language_pools,
)


def request(query: str = "", **headers: str) -> HTTPServerRequest:
    uri = "/voila/render/01-welcome/welcome.ipynb" + (f"?{query}" if query else "")
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    return HTTPServerRequest(method="GET", uri=uri, headers=HTTPHeaders(named))


@pytest.mark.parametrize(
    ("query", "headers", "server", "expected"),
    [
        ("", {}, "", "en"),
        ("", {}, "zh-TW", "zh-TW"),
        ("", {"Accept_Language": "zh-TW,zh;q=0.9"}, "", "zh-TW"),
        ("", {"Accept_Language": "zh-TW", "Cookie": "classbridge-lang=en"}, "", "en"),
        ("lang=zh-TW", {"Cookie": "classbridge-lang=en"}, "", "zh-TW"),
    ],
)
def test_the_visitors_language_is_chosen_as_their_kernel_would(
    monkeypatch, query, headers, server, expected
):
    monkeypatch.setenv(LANGUAGE_ENV, server)
    assert visitor_language(request(query, **headers)) == expected


def test_voilas_page_route_gets_the_language_test_and_the_others_stay():
    kept = ("/voila/tree(.*)", object, {})
    routes = with_language_pools([kept, ("/voila/render/(.*)", TornadoVoilaHandler, {"a": 1})])
    assert routes == [kept, ("/voila/render/(.*)", LanguagePoolHandler, {"a": 1})]
