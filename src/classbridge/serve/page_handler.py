"""Voilà's page handler, giving a pool kernel only to a visitor who reads its language.

A pool kernel renders its whole page before anyone visits, in the server's
language (``classbridge.core.language.pool_language``): that is what makes a
preheated page arrive at once. A visitor who reads another language (their
``?lang=``, the remembered switch, their browser) must not get that page;
Voilà decides between a pool kernel and a new one by template and theme only
(``should_use_rendered_notebook``), so we add the language to its test and the
others get a kernel started for them, which reads their request. So does a
visitor who finds the pool still refilling.
"""

from __future__ import annotations

import os

from voila.tornado.handler import TornadoVoilaHandler

from classbridge.core.language import LANGUAGE_ENV, choose_language, pool_language


class LanguagePoolHandler(TornadoVoilaHandler):
    """Voilà's ``/voila/render/`` handler, with the visitor's language in the pool test."""

    async def get_generator(self, path=None):
        self._page = self.notebook_path or path
        note = getattr(self.kernel_manager, "note_page_asked", None)
        if note is not None:
            note()
        async for html in super().get_generator(path):
            yield html

    def should_use_rendered_notebook(self, *args, **kwargs) -> bool:
        if not super().should_use_rendered_notebook(*args, **kwargs):
            return False
        if visitor_language(self.request) != pool_language():
            return False
        # Voilà counts a pool kernel still starting (a refill held back while pages
        # are served, classbridge.serve.warm_kernels) as ready, and the visitor
        # would wait for it: one started for them now is sooner.
        ready = getattr(self.kernel_manager, "ready_kernels", None)
        return ready is None or bool(ready(self._page))


def visitor_language(request) -> str:
    """The language this request's page is shown in, chosen as the kernel would choose it."""
    return choose_language(
        request.query or "",
        request.headers.get("Cookie", ""),
        request.headers.get("Accept-Language", ""),
        os.environ.get(LANGUAGE_ENV, ""),
    )


def with_language_pools(handlers: list) -> list:
    """Voilà's handlers with its page handler replaced by ``LanguagePoolHandler``."""
    return [
        (route[0], LanguagePoolHandler, *route[2:])
        if isinstance(route, tuple) and len(route) >= 2 and route[1] is TornadoVoilaHandler
        else route
        for route in handlers
    ]
