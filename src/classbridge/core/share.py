"""The package data ClassBridge ships: Jupyter settings, the Voilà template, the nbgrader
configuration, the lesson-plan schema and samples, the trainer dashboard.

One function finds them all, so no module locates data through another package's
``__file__`` and a wheel, an editable install and a checkout agree on where it is.
"""

from __future__ import annotations

from pathlib import Path

_SHARE = Path(__file__).resolve().parent.parent / "share"


def share_path(*parts: str) -> Path:
    """A file or folder inside ``classbridge/share``."""
    return _SHARE.joinpath(*parts)
