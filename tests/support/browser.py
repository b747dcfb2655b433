"""Debian's Chromium driven by Python Playwright, and a tab that must stay clean.

We drive Debian's Chromium with Python Playwright directly rather than through
pytest-playwright, whose fixtures expect a browser downloaded by
``playwright install`` — something ClassBridge's offline machines never do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]
# ipywebrtc 0.6.0's front end asks for an older @jupyter-widgets/base than
# ipywidgets 8 ships; the browser says so as a warning and the widgets work
# (see README, "The stack"). Only warnings of exactly this kind are tolerated.
TOLERATED_CONSOLE = ("Unsatisfied version",)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@dataclass
class BrowserLog:
    """What the page said and asked for; a user-visible page must be clean."""

    errors: list[str] = field(default_factory=list)
    off_loopback: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.errors, "browser console errors:\n" + "\n".join(self.errors)
        assert not self.off_loopback, "requests off this machine:\n" + "\n".join(self.off_loopback)


def watched_tab(context):
    """A tab that records console errors and requests leaving the machine."""
    tab = context.new_page()
    # A Voilà page waits for its kernel; when a test has just used the preheated one, the
    # next starts cold, which on 2 busy cores can pass Playwright's 30 s default.
    tab.set_default_navigation_timeout(90_000)
    log = BrowserLog()

    def on_console(message) -> None:
        if message.type == "error" and not message.text.startswith(TOLERATED_CONSOLE):
            log.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def on_request(request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and (
            host not in LOOPBACK_HOSTS
        ):
            log.off_loopback.append(request.url)

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: log.errors.append(f"page error: {error}"))
    tab.on("request", on_request)
    tab.browser_log = log
    return tab


#: The narrowest phone screen every page must work on (issue 14).
PHONE = {"width": 360, "height": 740}
