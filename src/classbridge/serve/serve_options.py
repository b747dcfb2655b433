"""What a workshop organiser can choose when serving the modules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: A kernel whose page is gone (closed, crashed, asleep, cut off) is shut down
#: after this long without activity; a page still open is never cut off.
CULL_AFTER_SECONDS = 600


@dataclass(frozen=True)
class ServeOptions:
    modules_dir: Path
    port: int = 8866
    host: str = "127.0.0.1"
    preheat: bool = True
    pool_size: int = 1
    open_browser: bool = False
    #: the nbgrader course whose progress pages show (``my-progress.ipynb``)
    course_dir: Path | None = None
    #: trainees who open the first module together (``--trainees``)
    trainees: int | None = None
    #: the module they open first (``--first``); default: the first in the catalogue
    first: str | None = None
    #: seconds a kernel without a page lives on (``--cull-after``; 0 = never)
    cull_after: int = CULL_AFTER_SECONDS
    #: pick up new and changed modules without a restart (``--watch``, for authors)
    watch: bool = False
    #: the language of pages whose browser asks for none we speak (``--lang``)
    lang: str | None = None
