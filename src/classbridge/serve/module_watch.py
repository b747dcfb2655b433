"""Which notebooks under the modules folder appeared, changed or went away since last look.

``classbridge serve --watch`` is for a trainer writing a module: Voilà keeps
each page's kernels preheated with the notebook as it was when they started,
so a saved change would not show until a restart. Polling modification times
once a second is enough for a person saving a file, and needs no file-system
notification library.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

Stamp = tuple[int, int]


def notebook_stamps(root: Path) -> dict[str, Stamp]:
    """Every notebook Voilà would serve, by its path relative to ``root``."""
    stamps = {}
    for notebook in Path(root).rglob("*.ipynb"):
        relative = notebook.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue  # .ipynb_checkpoints, hidden folders
        try:
            status = notebook.stat()
        except OSError:
            continue  # removed while we looked
        stamps[relative.as_posix()] = (status.st_mtime_ns, status.st_size)
    return stamps


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class ModuleWatch:
    """Compares the modules folder with the last look."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._last = notebook_stamps(self.root)

    def changes(self) -> Changes:
        now = notebook_stamps(self.root)
        before, self._last = self._last, now
        return Changes(
            added=tuple(sorted(set(now) - set(before))),
            changed=tuple(sorted(n for n in set(now) & set(before) if now[n] != before[n])),
            removed=tuple(sorted(set(before) - set(now))),
        )
