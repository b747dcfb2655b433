"""ipywebrtc 0.6 under ipywidgets 8 and Voilà 0.5: it renders, streams and reaches Python.

ipywebrtc's front end asks for an older @jupyter-widgets/base than ipywidgets 8
ships; this test is the evidence behind the README's choice to keep the pinned
stack (only a version warning in the console).
"""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CAMERA_CHECK = """\
import ipywidgets as w
from ipywebrtc import CameraStream, ImageRecorder

camera = CameraStream.facing_user(audio=False)
recorder = ImageRecorder(stream=camera)
status = w.Label("No snapshot yet")
status.add_class("snapshot-status")

def on_image(change):
    status.value = f"Snapshot received in Python: {len(change['new'])} bytes"

recorder.image.observe(on_image, names="value")
w.VBox([camera, recorder, status])
"""


def test_camera_preview_plays_and_snapshot_reaches_python(start_voila, modules_copy, page):
    folder = modules_copy / "99-stack-check"
    folder.mkdir()
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [new_code_cell(CAMERA_CHECK)]
    nbformat.write(nb, folder / "camera.ipynb")
    server = start_voila(modules_copy)

    page.goto(server.url + "/voila/render/99-stack-check/camera.ipynb")
    video = page.locator("video").first
    expect(video).to_be_visible(timeout=60_000)
    page.wait_for_function(
        "() => { const v = document.querySelector('video');"
        " return v && v.readyState >= 2 && v.videoWidth > 0 && !v.paused; }",
        timeout=30_000,
    )
    status = page.locator(".snapshot-status")
    expect(status).to_have_text("No snapshot yet")
    page.locator(".jupyter-widgets button").first.click()
    expect(status).to_contain_text("Snapshot received in Python:", timeout=30_000)
    received = int(status.inner_text().split(":")[1].split()[0])
    assert received > 1000, f"a camera frame should be more than {received} bytes"
    page.browser_log.assert_clean()
