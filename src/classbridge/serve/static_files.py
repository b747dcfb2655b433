"""Voilà's front-end files: from memory, compressed once, cached, and only those a page needs.

A module page loads about 110 files (5.6 MiB of scripts and styles). Voilà 0.5
serves them through handlers that look each file up on disk again for every
request (its template handler searches every Jupyter path each time), sends
them uncompressed (Voilà applies ``Voila.tornado_settings`` after creating its
Tornado application, so ``compress_response`` there never takes effect), tells
the browser to ask again for every front-end extension file although their
names carry a content hash, and gives every page every allowed extension.

Here each file is read and gzip-compressed once, when first asked for, and
kept in memory (at most the files the pages ask for, about 8 MiB with their
compressed copies); afterwards a request costs a dictionary look-up and a
``stat`` (a changed file is read again). Compressing on every request instead
(Tornado's ``compress_response``) would cost about 0.2 CPU-s per trainee, and
20 trainees arrive together. Files whose URL carries a content hash (a ``?v=``
argument or a hash in the name, as JupyterLab's builder names every extension
file) may be kept by the browser for a year; the others keep Voilà's headers
(``Last-Modified`` and ``ETag``, so the browser revalidates or uses its own
heuristics, as it does today). ipywebrtc's and anywidget's front ends go only to
pages whose code may show their widgets (``page_extensions_hook``).

Measured in benchmarks/voila_first_widget.py (see benchmarks/README.md): a
fresh module page 5.6 -> 1.4 MiB and 113 -> 98 requests, a page opened after
the catalogue 34 -> 2 requests, and about half the browser's script time.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gzip
import hashlib
import json
import mimetypes
import os
import re
import threading
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

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
    _found: dict[tuple[str, str], str] = {}
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
        from voila.paths import collect_static_paths

        return collect_static_paths(["voila", "nbconvert"], template), inner

    def find(self, path: str) -> str:
        """The file a URL path names; looked up on disk once (Voilà's paths do not change)."""
        key = (self.kind, path)
        found = self._found.get(key)
        if found is not None:
            return found
        if not path or "\\" in path or any(part in ("", ".", "..") for part in path.split("/")):
            raise web.HTTPError(404)
        roots, inner = self.roots(path)
        for root in roots:
            root = os.path.abspath(root)
            candidate = os.path.abspath(os.path.join(root, inner))
            if candidate.startswith(root + os.sep) and os.path.isfile(candidate):
                with self._lock:
                    self._found[key] = candidate
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
        try:
            cached = self.load(self.find(path))
        except FileNotFoundError:  # gone since it was found: look again next time
            self._found.pop((self.kind, path), None)
            raise web.HTTPError(404) from None
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


# --------------------------------------------------------------------------- extensions per page

#: Front-end extensions only some pages need, and the Python package whose widgets
#: need each. jupyter-webrtc (ipywebrtc's camera and recorders) brings its own copy
#: of the widget base library: on a page without a camera it is 11 of the page's
#: requests and about half of its script time, for nothing.
OPTIONAL_EXTENSIONS = {"jupyter-webrtc": "ipywebrtc", "anywidget": "anywidget"}


def _imports(tree: ast.AST) -> tuple[set[str], set[tuple[str, str]]]:
    """Modules a source imports (anywhere in it), and the names it imports from them."""
    modules: set[str] = set()
    names: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
            names |= {(node.module, alias.name) for alias in node.names}
    return modules, names


def _public_names(tree: ast.Module) -> set[str]:
    found = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            found.add(node.name)
        elif isinstance(node, ast.Assign):
            found |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return {name for name in found if not name.startswith("_")}


@functools.cache
def names_needing(package: str) -> frozenset[str]:
    """Words in a page's code that mean it may show a widget built on ``package``.

    Read from ClassBridge's own source (not imported): every module that imports
    ``package``, or a ClassBridge module or name that does, anywhere in its code
    (a widget may import its camera only when it is shown); the words are the
    package, those modules' names and the public names they define. Packages'
    ``__init__`` files only re-export names, and are left out. Only sources that
    mention a word already found are parsed.
    """
    root = Path(__file__).resolve().parent.parent  # the classbridge package
    texts = {}
    # widgets/ and grading/ are linked into the package: follow the links.
    for folder, _, files in os.walk(root, followlinks=True):
        for name in files:
            path = Path(folder) / name
            relative = path.relative_to(root)
            if name.endswith(".py") and name != "__init__.py" and relative.parts[0] != "share":
                with contextlib.suppress(OSError, ValueError):
                    dotted = "classbridge." + ".".join(relative.with_suffix("").parts)
                    texts[dotted] = path.read_text(encoding="utf-8")
    trees: dict[str, ast.Module] = {}
    needing: set[str] = set()
    words = {package}
    while True:
        more = set()
        for dotted, text in texts.items():
            if dotted in needing or not any(word in text for word in words):
                continue
            if dotted not in trees:
                try:
                    trees[dotted] = ast.parse(text)
                except SyntaxError:
                    continue
            modules, names = _imports(trees[dotted])
            if (
                any(m == package or m.startswith(package + ".") for m in modules)
                or modules & needing
                or any(name in words for _, name in names)
            ):
                more.add(dotted)
        if not more:
            return frozenset(words)
        needing |= more
        words = {package, *(d.rsplit(".", 1)[1] for d in needing)}
        words |= {name for dotted in needing for name in _public_names(trees[dotted])}


@functools.lru_cache(maxsize=256)
def _page_code_words(path: str, modified: float) -> frozenset[str]:
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    code = "\n".join(
        "".join(cell.get("source", ""))
        for cell in notebook.get("cells", [])
        if cell.get("cell_type") == "code"
    )
    return frozenset(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))


def extensions_needed(notebook: Path) -> set[str]:
    """The optional front-end extensions a page may need: all of them if in doubt."""
    try:
        words = _page_code_words(str(notebook), notebook.stat().st_mtime)
    except (OSError, ValueError, AttributeError, TypeError):
        return set(OPTIONAL_EXTENSIONS)
    return {
        extension
        for extension, package in OPTIONAL_EXTENSIONS.items()
        if words & names_needing(package)
    }


def page_extensions_hook(page_config: dict, **kwargs) -> dict:
    """Voilà's ``page_config_hook``: a page loads the optional extensions it may need only."""
    notebook = Path(kwargs.get("notebook_path") or "")
    if not notebook.is_absolute():
        contents = (kwargs.get("settings") or {}).get("contents_manager")
        notebook = Path(getattr(contents, "root_dir", ".")) / notebook
    needed = extensions_needed(notebook)
    unneeded = set(OPTIONAL_EXTENSIONS) - needed
    page_config["federated_extensions"] = [
        extension
        for extension in page_config.get("federated_extensions", [])
        if extension.get("name") not in unneeded
    ]
    return page_config
