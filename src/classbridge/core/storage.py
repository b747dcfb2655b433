"""Atomic, versioned saves: nothing a trainee entered is lost or silently replaced.

Each item is one JSON file holding its data and a version number. A save
names the version it started from; if the file moved on meanwhile (another
tab, another window, a co-author) the save is refused with ``StaleSave``
instead of overwriting. The check and the write happen under a file lock, so
two saves at the same moment cannot both pass it, and the write goes to a
temporary file renamed into place, so a crash or a full disk leaves the last
good version intact.

Drafts (what a trainee typed but has not saved) live in a store of their own,
``drafts()``, a hidden folder beside the items: they are written over without
a version check (the last keystroke wins), never touch the saved item, and are
not listed by ``keys()``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _
from classbridge.core.workspace import check_key


class StorageError(ClassBridgeError):
    """A saved item could not be read or written; the message says what to do."""


class StaleSave(StorageError):
    """The item changed since it was loaded; the message says what to do.

    ``saved_at`` (UTC, ISO 8601, or None) is when the newer version was saved, so a
    widget can say it in the trainee's words and offer to keep what is on screen.
    """

    def __init__(self, key: str, saved_at: str | None, message: str) -> None:
        self.key = key
        self.saved_at = saved_at
        super().__init__(message)


class SaveFailed(StorageError, OSError):
    """The disk refused the write; the previous version is intact."""


class DamagedRecord(StorageError):
    """A saved file that is not a ClassBridge record (broken JSON, a list, a wrong field).

    The file is left as it is. A save that names ``DAMAGED`` as the version it
    started from keeps the damaged file beside the item (``.<name>.damaged-<time>``)
    before writing, so nothing is lost either way.
    """

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        super().__init__(
            _(
                "saved file {name} could not be read ({problem}); it is kept as it is: "
                "press Save to start again (the damaged file is kept beside it), "
                "or ask your trainer to restore it"
            ).format(name=path.name, problem=problem)
        )


#: The version a widget starts from when the saved file was damaged (see DamagedRecord).
DAMAGED = -1

#: The hidden folder, beside a trainee's items, that ``RecordStore.drafts`` keeps drafts in.
DRAFTS_FOLDER = ".drafts"


@dataclass(frozen=True)
class Record:
    data: dict
    version: int = 0
    saved_at: str | None = None


def write_atomic(path: Path, payload: bytes, mode: int | None = None) -> None:
    """Write ``payload`` to ``path`` via a temporary file and a rename.

    ``mode`` (e.g. 0o666 for a folder several accounts share) replaces the
    private 0o600 a temporary file starts with.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        reason = _("the disk is full") if err.errno == errno.ENOSPC else err.strerror or str(err)
        raise SaveFailed(
            err.errno,
            _("could not save {name}: {reason}; free some space and save again").format(
                name=path.name, reason=reason
            ),
        ) from err


@contextlib.contextmanager
def locked(path: Path, mode: int | None = None) -> Iterator[None]:
    """Hold an exclusive lock beside ``path`` (a ``.name.lock`` file) while checking and writing.

    ``mode``: who else may take the lock, for a folder several accounts share.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(f".{path.name}.lock")
    with open(lock_path, "a") as lock:
        if mode is not None and os.fstat(lock.fileno()).st_uid == os.geteuid():
            os.fchmod(lock.fileno(), mode)
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class RecordStore:
    """A trainee's saved items, one JSON file each, under one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        return self.folder / f"{check_key(key)}.json"

    def load(self, key: str) -> Record:
        """The saved record (empty if none); ``DamagedRecord`` if the file is not one."""
        path = self.path(key)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Record({})
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise DamagedRecord(path, _("not valid JSON: {error}").format(error=err)) from None
        if not isinstance(raw, dict):
            raise DamagedRecord(
                path,
                _("it holds a JSON {kind}, not a record").format(kind=type(raw).__name__),
            )
        data, version = raw.get("data", {}), raw.get("version", 0)
        if not isinstance(data, dict) or not isinstance(version, int) or version < 0:
            raise DamagedRecord(path, _("its 'data' or 'version' field has the wrong type"))
        return Record(data, version, raw.get("saved_at"))

    def save(self, key: str, data: dict, expected_version: int) -> Record:
        """Save ``data`` if the item is still at ``expected_version`` (``DAMAGED``: see there)."""
        path = self.path(key)
        with locked(path):
            if expected_version == DAMAGED:
                current = self._set_damaged_aside(path)
                expected_version = current.version
            else:
                current = self.load(key)
            if current.version != expected_version:
                if current.saved_at:
                    message = _(
                        "'{key}' was changed in another tab or window at {time}, so nothing was "
                        "saved: what you entered is still on screen; copy it before you reload "
                        "to see the other version"
                    )
                else:
                    message = _(
                        "'{key}' was changed in another tab or window, so nothing was saved: "
                        "what you entered is still on screen; copy it before you reload to see "
                        "the other version"
                    )
                raise StaleSave(
                    key, current.saved_at, message.format(key=key, time=current.saved_at)
                )
            return self._write(path, data, expected_version + 1)

    def replace(self, key: str, data: dict) -> Record:
        """Save ``data`` over whatever version is there: for drafts, where the last keystroke
        wins. A damaged file is kept aside first, as ``save`` does."""
        path = self.path(key)
        with locked(path):
            try:
                current = self.load(key)
            except DamagedRecord:
                current = self._set_damaged_aside(path)
            return self._write(path, data, current.version + 1)

    def remove(self, key: str) -> None:
        """Delete the item, e.g. a draft once its text is saved; nothing to do if it is gone."""
        path = self.path(key)
        if not path.exists():
            return  # nothing to remove: leave no folder or lock file behind
        with locked(path):
            path.unlink(missing_ok=True)

    def drafts(self) -> RecordStore:
        """The store of drafts of this store's items: apart, so a draft never replaces a save."""
        return RecordStore(self.folder / DRAFTS_FOLDER)

    def _write(self, path: Path, data: dict, version: int) -> Record:
        record = Record(data, version, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        body = {"version": record.version, "saved_at": record.saved_at, "data": data}
        write_atomic(path, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))
        return record

    def _set_damaged_aside(self, path: Path) -> Record:
        """Keep a damaged file beside the item under a hidden name; the item starts again."""
        try:
            current = self.load(path.relative_to(self.folder).with_suffix("").as_posix())
        except DamagedRecord:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
            os.replace(path, path.with_name(f".{path.stem}.damaged-{stamp}.json"))
            return Record({})
        if current.version == 0:  # removed meanwhile: nothing to keep
            return current
        raise StaleSave(
            path.stem,
            current.saved_at,
            _(
                "'{key}' was repaired in another tab or window, so nothing was saved: what "
                "you entered is still on screen; copy it before you reload to see the "
                "repaired version"
            ).format(key=path.stem),
        )

    def keys(self, prefix: str = "") -> list[str]:
        base = self.folder / prefix if prefix else self.folder
        if not base.is_dir():
            return []
        found = (p.relative_to(self.folder) for p in base.rglob("*.json"))
        # Hidden names are ours (drafts, damaged files kept aside, locks), not saved items.
        return sorted(
            p.with_suffix("").as_posix()
            for p in found
            if not any(part.startswith(".") for part in p.parts)
        )
