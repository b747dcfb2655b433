"""Voilà's front-end files: compressed once, cached by the browser when their name is hashed."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from tornado.testing import AsyncHTTPTestCase
from tornado.web import Application

from classbridge.serve import ServeOptions, voila_config
from classbridge.serve.static_files import (
    IMMUTABLE,
    FrontEndFiles,
    extensions_needed,
    front_end_routes,
    names_needing,
    page_extensions_hook,
)

SCRIPT = b"console.log('a widget front end');\n" * 200
MODULES = Path(__file__).resolve().parents[2] / "modules"


class FrontEndFilesTest(AsyncHTTPTestCase):
    @pytest.fixture(autouse=True)
    def _folders(self, tmp_path: Path) -> None:
        self.static = tmp_path / "static"
        self.extensions = tmp_path / "labextensions"
        (self.extensions / "some-widgets" / "static").mkdir(parents=True)
        self.static.mkdir()
        (self.static / "voila.js").write_bytes(SCRIPT)
        (self.static / "tiny.js").write_bytes(b"1;")
        (
            self.extensions / "some-widgets" / "static" / "remoteEntry.5cbb9d2323598fbd.js"
        ).write_bytes(SCRIPT)
        (tmp_path / "secret.txt").write_text("not served", encoding="utf-8")
        FrontEndFiles._cache.clear()
        FrontEndFiles._found.clear()

    def get_app(self) -> Application:
        voila = SimpleNamespace(
            static_paths=[str(self.static)], labextensions_path=[str(self.extensions)]
        )
        return Application(front_end_routes(), voila=voila)

    def get(self, path: str, **headers: str):
        return self.fetch(path, headers=headers, decompress_response=False)

    def test_scripts_go_compressed_to_a_browser_that_accepts_it_and_plain_otherwise(self):
        packed = self.get("/voila/static/voila.js", **{"Accept-Encoding": "gzip, deflate"})
        assert packed.code == 200
        assert packed.headers["Content-Encoding"] == "gzip"
        assert packed.headers["Vary"] == "Accept-Encoding"
        assert gzip.decompress(packed.body) == SCRIPT
        assert len(packed.body) < len(SCRIPT) / 5
        plain = self.get("/voila/static/voila.js")
        assert "Content-Encoding" not in plain.headers
        assert plain.body == SCRIPT
        assert plain.headers["Content-Type"].startswith("text/javascript")
        assert plain.headers["Etag"] != packed.headers["Etag"]
        tiny = self.get("/voila/static/tiny.js", **{"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in tiny.headers and tiny.body == b"1;"

    def test_a_hashed_extension_file_is_kept_by_the_browser_and_an_unhashed_one_revalidated(self):
        hashed = self.get(
            "/voila/labextensions/some-widgets/static/remoteEntry.5cbb9d2323598fbd.js"
        )
        assert hashed.headers["Cache-Control"] == IMMUTABLE
        versioned = self.get("/voila/static/voila.js?v=abc")
        assert versioned.headers["Cache-Control"] == IMMUTABLE
        unhashed = self.get("/voila/static/voila.js")
        assert "Cache-Control" not in unhashed.headers  # Voilà's own: Last-Modified and ETag
        again = self.get("/voila/static/voila.js", **{"If-None-Match": unhashed.headers["Etag"]})
        assert again.code == 304 and again.body == b""
        since = self.get(
            "/voila/static/voila.js", **{"If-Modified-Since": unhashed.headers["Last-Modified"]}
        )
        assert since.code == 304

    def test_a_changed_file_is_read_again(self):
        first = self.get("/voila/static/voila.js")
        path = self.static / "voila.js"
        path.write_bytes(b"changed();" * 300)
        os.utime(path, (path.stat().st_atime + 5, path.stat().st_mtime + 5))
        second = self.get("/voila/static/voila.js")
        assert second.body == b"changed();" * 300
        assert second.headers["Etag"] != first.headers["Etag"]

    def test_nothing_outside_the_folders_and_no_missing_file(self):
        for path in (
            "/voila/static/../secret.txt",
            "/voila/static/%2e%2e/secret.txt",
            "/voila/static/",
            "/voila/static/missing.js",
            "/voila/labextensions/some-widgets/../../secret.txt",
            "/voila/templates/lab/not-static/x.js",
        ):
            assert self.get(path).code == 404, path
        (self.static / "voila.js").unlink()
        assert self.get("/voila/static/voila.js").code == 404

    def test_head_answers_headers_only(self):
        response = self.fetch("/voila/static/voila.js", method="HEAD", decompress_response=False)
        assert response.code == 200 and response.body == b""
        assert int(response.headers["Content-Length"]) == len(SCRIPT)


def test_classbridge_serve_routes_the_front_end_through_them_and_caches_extensions(tmp_path):
    config = voila_config(ServeOptions(modules_dir=tmp_path, port=8899), [])
    routes = config.WorkshopVoila.first_handlers
    assert [r[0] for r in routes] == [r[0] for r in front_end_routes()]
    assert config.Voila.tornado_settings["static_immutable_cache"] == ["/voila/labextensions/"]
    assert config.VoilaConfiguration.page_config_hook is page_extensions_hook


def test_the_camera_front_end_is_known_from_our_source_not_from_a_list():
    camera = names_needing("ipywebrtc")
    assert {"ipywebrtc", "LiveRoom", "live_room"} <= camera
    assert {"Quiz", "Reflection", "AnswerSheet"}.isdisjoint(camera)
    assert {"anywidget", "MediaCheck", "LiveRoom"} <= names_needing("anywidget")


def notebook(folder: Path, code: str) -> Path:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "LiveRoom in prose only"}]
    cells.append(
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": code,
        }
    )
    path = folder / "page.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}), encoding="utf-8")
    return path


def test_a_page_loads_the_camera_and_anywidget_front_ends_only_if_it_may_show_them(tmp_path):
    assert extensions_needed(MODULES / "05-live-room" / "live-room.ipynb") == {
        "jupyter-webrtc",
        "anywidget",
    }
    assert extensions_needed(MODULES / "01-welcome" / "welcome.ipynb") == set()
    assert extensions_needed(MODULES / "catalogue.ipynb") == set()
    assert extensions_needed(notebook(tmp_path, "from classbridge.widgets import Quiz")) == set()
    page = notebook(tmp_path, "import ipywebrtc\nipywebrtc.CameraStream()")
    assert extensions_needed(page) == {"jupyter-webrtc"}
    # In doubt, everything: a page we cannot read.
    assert extensions_needed(tmp_path / "missing.ipynb") == {"jupyter-webrtc", "anywidget"}
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    assert extensions_needed(tmp_path / "broken.ipynb") == {"jupyter-webrtc", "anywidget"}


def test_the_hook_drops_only_the_unneeded_extensions_from_voilas_page_config(tmp_path):
    notebook(tmp_path, "from classbridge.widgets import Reflection")
    names = [
        "jupyterlab_pygments",
        "jupyter-webrtc",
        "anywidget",
        "@jupyter-widgets/jupyterlab-manager",
    ]
    config = {"federated_extensions": [{"name": n, "load": "x.js"} for n in names]}
    contents = SimpleNamespace(root_dir=str(tmp_path))
    kept = page_extensions_hook(
        config, settings={"contents_manager": contents}, notebook_path="page.ipynb"
    )
    assert [e["name"] for e in kept["federated_extensions"]] == [
        "jupyterlab_pygments",
        "@jupyter-widgets/jupyterlab-manager",
    ]
