"""Voilà's front-end files served from memory, compressed once, cached by browsers.

A module page loads about 110 files (5.6 MiB of scripts and styles). Voilà 0.5
serves them through handlers that look each file up on disk again for every
request (its template handler searches every Jupyter path each time), send them
uncompressed (Voilà applies ``Voila.tornado_settings`` after creating its
Tornado application, so ``compress_response`` there never takes effect), and
tell the browser to ask again for every front-end extension file although their
names carry a content hash. Measured on the 2-core server: about 1.4 ms of
server CPU per file, so 0.15 CPU-s per trainee arriving, and 5.6 MiB over a
rural link that 1.6 MiB would do.

Here each file is read and gzip-compressed once, when first asked for, and
kept in memory (at most the files the pages ask for, about 8 MiB with their
compressed copies); afterwards a request costs a dictionary look-up and a
``stat`` (a changed file is read again). Files whose URL carries a content hash
(a ``?v=`` argument or a hash in the name, as JupyterLab's builder names every
extension file) may be kept by the browser for a year; the others keep Voilà's
headers (``Last-Modified`` and ``ETag``, so the browser revalidates or uses its
own heuristics, as it does today).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import threading
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime

from tornado import web

#: Below this, compressing saves less than the header costs.
SMALLEST_TO_COMPRESS = 1024
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
IMMUTABLE = "public, max-age=31536000, immutable"
#: ``remoteEntry.5cbb9d2323598fbda535.js``, ``2.3dbf81c0.js``: JupyterLab's builder
#: puts a content hash of 8 or more hex digits in every extension file's name.
HASHED_NAME = re.compile(r"(^|[.\-_])[0-9a-f]{8,}\.[a-z0-9]+$")


@dataclass(frozen=True)
class CachedFile:
    body: bytes
    gzipped: bytes | None
    etag: str
    content_type: str
    modified: float
    size: int


class FrontEndFiles(web.RequestHandler):
    """One of Voilà's static routes (``static``, ``templates`` or ``labextensions``)."""

    _cache: dict[str, CachedFile] = {}
    _template_roots: dict[str, list[str]] = {}
    _lock = threading.Lock()

    def initialize(self, kind: str) -> None:
        self.kind = kind

    def compute_etag(self) -> str | None:
        return None  # ours is set from the file's content, not the response body

    def roots(self, path: str) -> tuple[list[str], str]:
        """The folders Voilà would look in, and the path inside them."""
        voila = self.settings["voila"]  # Voilà keeps its application here, under its name
        if self.kind == "static":
            return list(voila.static_paths), path
        if self.kind == "labextensions":
            return list(voila.labextensions_path), path
        template, static, inner = (path.split("/", 2) + ["", ""])[:3]
        if static != "static" or not template:
            raise web.HTTPError(404)
        if template not in self._template_roots:
            from voila.paths import collect_static_paths

            self._template_roots[template] = collect_static_paths(["voila", "nbconvert"], template)
        return self._template_roots[template], inner

    def find(self, path: str) -> str:
        if not path or "\\" in path or any(part in ("", ".", "..") for part in path.split("/")):
            raise web.HTTPError(404)
        roots, inner = self.roots(path)
        for root in roots:
            root = os.path.abspath(root)
            candidate = os.path.abspath(os.path.join(root, inner))
            if candidate.startswith(root + os.sep) and os.path.isfile(candidate):
                return candidate
        raise web.HTTPError(404)

    @classmethod
    def load(cls, absolute: str) -> CachedFile:
        stat = os.stat(absolute)
        cached = cls._cache.get(absolute)
        if cached is not None and cached.modified == stat.st_mtime and cached.size == stat.st_size:
            return cached
        with open(absolute, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(absolute)[0] or "application/octet-stream"
        gzipped = None
        if len(body) >= SMALLEST_TO_COMPRESS and content_type.startswith(COMPRESSIBLE):
            packed = gzip.compress(body, compresslevel=6, mtime=0)
            gzipped = packed if len(packed) < len(body) * 0.9 else None
        cached = CachedFile(
            body=body,
            gzipped=gzipped,
            etag=hashlib.sha1(body).hexdigest(),
            content_type=content_type,
            modified=stat.st_mtime,
            size=stat.st_size,
        )
        with cls._lock:
            cls._cache[absolute] = cached
        return cached

    def head(self, path: str) -> None:
        self.get(path, include_body=False)

    def get(self, path: str, include_body: bool = True) -> None:
        cached = self.load(self.find(path))
        compressed = cached.gzipped is not None and "gzip" in self.request.headers.get(
            "Accept-Encoding", ""
        )
        etag = f'"{cached.etag}{"-gz" if compressed else ""}"'
        self.set_header("Content-Type", cached.content_type)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Last-Modified", formatdate(cached.modified, usegmt=True))
        self.set_header("Etag", etag)
        if cached.gzipped is not None:
            self.set_header("Vary", "Accept-Encoding")
        if "v" in self.request.arguments or HASHED_NAME.search(path.rsplit("/", 1)[-1]):
            self.set_header("Cache-Control", IMMUTABLE)
        if self.not_modified(etag, cached.modified):
            self.set_status(304)
            return
        body = cached.gzipped if compressed else cached.body
        if compressed:
            self.set_header("Content-Encoding", "gzip")
        self.set_header("Content-Length", len(body))
        if include_body:
            self.write(body)

    def not_modified(self, etag: str, modified: float) -> bool:
        asked = self.request.headers.get("If-None-Match")
        if asked is not None:
            return etag in (tag.strip() for tag in asked.split(",")) or asked.strip() == "*"
        since = self.request.headers.get("If-Modified-Since")
        if since:
            try:
                return parsedate_to_datetime(since).timestamp() >= int(modified)
            except (TypeError, ValueError):
                return False
        return False


def front_end_routes(base_url: str = "/") -> list[tuple[str, type, dict]]:
    """Routes matched before Voilà's own for the same paths (``WorkshopVoila.first_handlers``)."""
    base = base_url.rstrip("/")
    return [
        (f"{base}/voila/static/(.*)", FrontEndFiles, {"kind": "static"}),
        (f"{base}/voila/templates/(.*)", FrontEndFiles, {"kind": "templates"}),
        (f"{base}/voila/labextensions/(.*)", FrontEndFiles, {"kind": "labextensions"}),
    ]
