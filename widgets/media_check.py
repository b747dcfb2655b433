"""MediaCheck: ask the browser whether the camera and the microphone can be used.

ipywebrtc 0.6.0 (unmaintained) cannot tell Python that the browser refused or
lacks a camera: its view only prints "Error creating view for mediastream"
into the page, and a recording started anyway never ends. This widget asks
the browser itself (``getUserMedia``, one device at a time once asking for both
fails) and syncs each device's state to Python, so the live room can refuse to
record and say what to do.

Its front end is a few lines of JavaScript shipped with anywidget, the
maintained way to ship a widget's JavaScript from Python without a build step.
The code below is sent to the page by the kernel: nothing is loaded from a CDN.
"""

from __future__ import annotations

import anywidget
import traitlets

from classbridge.widgets.media_access import DEVICE_STATES

# The states are those of classbridge.widgets.media_access.DEVICE_STATES.
_ESM = """
const REQUESTS = { camera: { video: true }, microphone: { audio: true } };

function stateOf(error) {
  switch (error && error.name) {
    case "NotAllowedError":
    case "SecurityError":
      return "denied";
    case "NotFoundError":
    case "OverconstrainedError":
      return "missing";
    case "NotReadableError":
    case "AbortError":
      return "busy";
    default:
      return "error";
  }
}

async function ask(request) {
  const stream = await navigator.mediaDevices.getUserMedia(request);
  stream.getTracks().forEach((track) => track.stop());
}

async function probe(device) {
  try {
    await ask(REQUESTS[device]);
    return { state: "ok", detail: "" };
  } catch (error) {
    return { state: stateOf(error), detail: `${device}: ${error.name}: ${error.message}` };
  }
}

async function devicesNow() {
  if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) {
    const why = window.isSecureContext ? "no media devices" : "the page is not https";
    return {
      camera: { state: "unsupported", detail: why },
      microphone: { state: "unsupported", detail: why },
    };
  }
  try {
    // Both at once: the browser asks the trainee once, not twice.
    await ask({ video: true, audio: true });
    return { camera: { state: "ok", detail: "" }, microphone: { state: "ok", detail: "" } };
  } catch (error) {
    return { camera: await probe("camera"), microphone: await probe("microphone") };
  }
}

export default {
  initialize({ model }) {
    let latest = 0;
    const check = async () => {
      const run = ++latest;
      model.set("camera", "checking");
      model.set("microphone", "checking");
      model.save_changes();
      const found = await devicesNow();
      if (run !== latest) return;
      model.set("camera", found.camera.state);
      model.set("microphone", found.microphone.state);
      const details = [found.camera.detail, found.microphone.detail];
      model.set("detail", details.filter(Boolean).join("; "));
      model.save_changes();
    };
    const onMessage = (message) => {
      if (message && message.type === "check") check();
    };
    model.on("msg:custom", onMessage);
    const devices = navigator.mediaDevices;
    if (devices && devices.addEventListener) devices.addEventListener("devicechange", check);
    check();
    return () => {
      model.off("msg:custom", onMessage);
      if (devices && devices.removeEventListener) {
        devices.removeEventListener("devicechange", check);
      }
    };
  },
  render({ el }) {
    el.classList.add("cb-media-check");
  },
};
"""


class MediaCheck(anywidget.AnyWidget):
    """The browser's answer for the camera and the microphone (see ``media_access``).

    Each is ``checking`` until the page has asked; the browser checks again
    when a device is plugged in or out, and when ``check_again`` is called.

    Example::

        check = MediaCheck()
        check.observe(lambda change: print(change["new"]), names=["camera", "microphone"])
    """

    _esm = _ESM
    camera = traitlets.Enum(DEVICE_STATES, default_value="checking").tag(sync=True)
    microphone = traitlets.Enum(DEVICE_STATES, default_value="checking").tag(sync=True)
    #: The browser's own words for a failure, e.g. "camera: NotAllowedError: Permission denied".
    detail = traitlets.Unicode("").tag(sync=True)

    def check_again(self) -> None:
        """Ask the browser again, e.g. after the trainee allowed the camera or plugged one in."""
        self.camera = "checking"
        self.microphone = "checking"
        self.send({"type": "check"})
