"""The moment a trainee's page connects to a preheated kernel.

Voilà runs a module notebook before anyone visits (preheated kernels). Whose
work to load is only known when the visit arrives, so everything per-trainee
waits here first. Voilà's ``wait_for_request`` may be called once per kernel;
this guard lets every widget ask safely.
"""

from __future__ import annotations

_arrived = False


def await_visitor() -> None:
    """Return once the visitor's request has reached this kernel (at once if not preheated)."""
    global _arrived
    if not _arrived:
        from voila.utils import wait_for_request

        wait_for_request()
        _arrived = True
