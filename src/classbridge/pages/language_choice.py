"""The language switch's server side: remember a browser's language, then go back.

The switch on every page is a plain link here, so it works without any
JavaScript and before the page's kernel is ready. The choice is kept in a
cookie (per browser, i.e. per trainee at a workshop) that the page kernels
read through Voilà's ``http_header_envs``; a trainee's next page opens in
the language they chose, on every module.
"""

from __future__ import annotations

from urllib.parse import urlparse

from tornado.web import RequestHandler

from classbridge.core.language import (
    LANGUAGE_COOKIE,
    gettext_in,
    normalise,
    supported_languages,
)

ROUTE = "classbridge/language"
ONE_YEAR_DAYS = 365


class LanguageChoiceHandler(RequestHandler):
    """``GET .../classbridge/language?lang=zh-TW&next=/voila/render/...``.

    A plain Tornado handler, not a Jupyter one: it reads nothing and only sets
    a cookie naming a language, so it needs no login, in Voilà or on a hub.
    """

    def initialize(self, base_url: str) -> None:
        self.base_url = base_url

    def get(self) -> None:
        asked = self.get_argument("lang", "")
        language = normalise(asked)
        if language is None:
            self.set_status(400)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(
                gettext_in("en", "Unknown language {asked!r}: use one of {languages}.").format(
                    asked=asked, languages=", ".join(supported_languages())
                )
                + "\n"
            )
            return
        self.set_cookie(
            LANGUAGE_COOKIE,
            language,
            path=self.base_url,
            expires_days=ONE_YEAR_DAYS,
            samesite="Lax",
        )
        self.redirect(self._safe_next())

    def _safe_next(self) -> str:
        """Only a path on this server: a link must not send a trainee elsewhere."""
        target = self.get_argument("next", "") or self.base_url
        parsed = urlparse(target)
        if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
            return self.base_url
        return target


def language_choice_handlers(base_url: str) -> list[tuple]:
    prefix = "/" + (base_url.strip("/") + "/" if base_url.strip("/") else "")
    return [(rf"{prefix}{ROUTE}", LanguageChoiceHandler, {"base_url": prefix})]
