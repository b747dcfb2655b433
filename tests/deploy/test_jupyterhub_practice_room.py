"""Two trainees meet in the live practice room on the real workshop hub (issue 16).

The hub is deploy/jupyterhub/'s (tests/deploy/conftest.py), with the rooms
service classbridge_workshop.py declares, started by the hub and reached
through its proxy at /services/classbridge-rooms/. Amy creates a session as
a trainee does, with module 05's own cell in Voilà on her user server (its
kernel asks the service with the server's hub token); she teaches, Ben sits
in the learners' seat. Each logs in to the hub as themselves, in a Chromium
context of their own, whose camera is a canvas of the seat's colour (so a
tile showing the right colour proves where its video came from). Nothing
on the media path is mocked; every tab's console must stay clean, and every
request and every ICE candidate pair stays on this machine.
"""

from __future__ import annotations

import time

import nbformat
import psutil
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from classbridge.live.session_store import SessionStore
from tests.support.browser import CHROMIUM, watched_tab
from tests.support.hub import (
    PRACTISING,
    ROOMS_PREFIX,
    TRAINEE_PASSWORD,
    Hub,
    anonymous_get,
    fill_login,
    log_in,
)
from tests.support.practice_room import (
    ROOM_CHROMIUM_ARGS,
    SEAT_COLOURS,
    close_to,
    fake_camera_script,
    link_stats,
    tile_colour,
)
from tests.support.repo import MODULES

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a hub, two user logins, WebRTC

AMY, BEN = PRACTISING
MODULE_05 = MODULES / "05-live-room" / "live-room.ipynb"
PRACTICE_CELL = "practice-session"  # module 05's "Practise together" cell (its grade_id)
NOTEBOOK = "practise-together.ipynb"
TWO_PEOPLE = "You and one partner as the learners (2 people)"
TITLE = "Fractions with market prices"
MEDIA_MS = 150_000  # two contexts encoding and decoding on 2 cores others share
SIGNAL_MS = 30_000
#: Every RTCPeerConnection a page makes, so the test can read which addresses it uses.
KEEP_PEERS = """(() => {
  const Native = window.RTCPeerConnection;
  if (!Native) return;
  window.cbPeers = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.cbPeers.push(this); }
  };
})();"""
#: The addresses of the candidate pair each connected peer connection sends media over.
PAIR_ADDRESSES = """async () => {
  const found = [];
  for (const pc of window.cbPeers || []) {
    if (pc.connectionState !== "connected") continue;
    const stats = [...(await pc.getStats()).values()];
    const byId = new Map(stats.map((s) => [s.id, s]));
    for (const transport of stats.filter((s) => s.type === "transport")) {
      const pair = byId.get(transport.selectedCandidatePairId);
      if (!pair) continue;
      found.push([byId.get(pair.localCandidateId).address,
                  byId.get(pair.remoteCandidateId).address]);
    }
  }
  return found;
}"""
VIDEO_WIDTH = '(seat) => document.querySelector(`video[data-cb-peer="${seat}"]`)?.videoWidth || 0'
FPS_SHOWN = """(seat) => {
  const s = document.querySelector(`[data-cb-tile="${seat}"] .cb-link-stats`);
  return s && Number(s.dataset.fps || 0) > 0;
}"""


@pytest.fixture(scope="module")
def room_browser(chromium):
    """Chromium with the room's flags (WebRTC on one machine, autoplay without a click)."""
    browser = chromium.browser_type.launch(
        executable_path=str(CHROMIUM), headless=True, args=ROOM_CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def practice_notebook(home) -> None:
    """Module 05's "Practise together" cell, as it is in the module, in the trainee's folder.

    On a workshop the trainee fetches module 05 from the Assignments tab; here
    only its one cell is served, so the test does not release module 05 into
    the gradebook the workshop test reads.
    """
    module = nbformat.read(MODULE_05, as_version=4)
    (cell,) = [
        c for c in module.cells if c.metadata.get("nbgrader", {}).get("grade_id") == PRACTICE_CELL
    ]
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(cell.source)], metadata=module.metadata
    )
    home.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, home / NOTEBOOK)


def create_session_in_voila(context, hub: Hub) -> tuple[dict[str, str], object]:
    """Amy presses *Create session* in Voilà on her server: seat id -> link, and the tab."""
    tab = watched_tab(context)
    tab.goto(f"{hub.url}/user/{AMY}/voila/render/{NOTEBOOK}")
    panel = tab.locator(".cb-practice-session")
    expect(panel).to_be_visible(timeout=120_000)
    panel.locator("select").select_option(label=TWO_PEOPLE)
    panel.locator("input[type=text]").fill(TITLE)
    panel.get_by_role("button", name="Create session").click()
    links = panel.locator(".cb-seat-link")
    try:
        expect(links).to_have_count(2, timeout=60_000)
    except AssertionError:
        raise AssertionError(
            f"no seat links; the panel says {panel.inner_text()!r}\n{hub.log()}"
        ) from None
    seats = {
        links.nth(i).get_attribute("data-seat"): links.nth(i).locator("a").get_attribute("href")
        for i in range(2)
    }
    return seats, tab


def room_state(tab) -> str:
    """What a room tab shows and logged, for a failure message."""
    shown = tab.evaluate(
        """() => ({
          banner: document.querySelector(".cb-banner")?.textContent,
          tiles: [...document.querySelectorAll("[data-cb-tile]")].map(
            (t) => [t.dataset.cbTile, t.dataset.state, t.textContent.slice(0, 120)]),
        })"""
    )
    return f"{tab.url}: {shown}; errors: {tab.browser_log.errors}"


def wait_for_colour(tab, seat_id: str, timeout_s: float = 15) -> None:
    """The tile of ``seat_id`` shows that seat's own colour (VP8 needs a moment to settle)."""
    deadline = time.monotonic() + timeout_s
    colour = None
    while time.monotonic() < deadline:
        colour = tile_colour(tab, seat_id)
        if close_to(colour, SEAT_COLOURS[seat_id]):
            return
        time.sleep(0.5)
    raise AssertionError(f"tile {seat_id} shows {colour}, not {SEAT_COLOURS[seat_id]}")


def machine_addresses() -> set[str]:
    return {a.address.split("%")[0] for addrs in psutil.net_if_addrs().values() for a in addrs}


def test_two_trainees_meet_in_a_practice_room_on_the_hub(hub: Hub, room_browser):
    practice_notebook(hub.home(AMY))
    # Amy logs in through the hub's page (her server starts), then creates the session.
    amy = log_in(room_browser, hub, AMY, TRAINEE_PASSWORD)
    amy.add_init_script(KEEP_PEERS)
    amy.add_init_script(fake_camera_script(SEAT_COLOURS["teacher"]))
    links, voila_tab = create_session_in_voila(amy, hub)
    assert set(links) == {"teacher", "learners-A"}, links
    # The links are the service's, on the hub's own address (the proxy's path).
    for link in links.values():
        assert link.startswith(f"{ROOMS_PREFIX}classbridge/rooms/"), link
    session_id = links["teacher"].split("/classbridge/rooms/", 1)[1].split("/", 1)[0]
    # The service made the hub user who asked the teacher (not a name the kernel sent).
    session = SessionStore(hub.workshop / "rooms").load(session_id)
    assert session.teacher == AMY and session.title == TITLE
    voila_tab.browser_log.assert_clean()

    # A seat link alone lets no one in: with no hub login the service sends the visitor
    # to the hub's OAuth, and its API answers 403; only the page's script and style are
    # anyone's (docs/live-room.md, "Where the handlers run").
    status, location = anonymous_get(hub.url + links["learners-A"])
    assert status == 302 and "/hub/api/oauth2/authorize" in location, (status, location)
    notes = links["learners-A"].replace("/join?", "/notes?")
    assert anonymous_get(hub.url + notes)[0] == 403
    assert anonymous_get(f"{hub.url}{ROOMS_PREFIX}classbridge/rooms/static/room.js")[0] == 200

    # Amy opens her teacher seat in her logged-in browser: in at once.
    teacher = watched_tab(amy)
    teacher.goto(hub.url + links["teacher"])
    expect(teacher.locator("#cb-room-config")).to_be_attached(timeout=60_000)
    assert teacher.url == hub.url + links["teacher"]

    # Ben has only the link: he is sent to the hub's login page, logs in as himself
    # there, and the hub brings him back to his seat.
    ben = room_browser.new_context(viewport={"width": 1280, "height": 900})
    ben.add_init_script(KEEP_PEERS)
    ben.add_init_script(fake_camera_script(SEAT_COLOURS["learners-A"]))
    learner = watched_tab(ben)
    learner.goto(hub.url + links["learners-A"])
    learner.wait_for_url("**/hub/login?**")
    expect(learner.locator("#login_submit")).to_be_visible()
    expect(learner.locator("#cb-room-config")).to_have_count(0)
    fill_login(learner, BEN, TRAINEE_PASSWORD)
    learner.wait_for_url(hub.url + links["learners-A"], timeout=60_000)
    expect(learner.locator("#cb-room-config")).to_be_attached()

    # Each sees the other's camera: the teacher's tile for the learners' room, with its
    # link readout, and the learners' view of the teacher.
    try:
        teacher.wait_for_function(VIDEO_WIDTH, arg="learners-A", timeout=MEDIA_MS)
        learner.wait_for_function(VIDEO_WIDTH, arg="teacher", timeout=MEDIA_MS)
    except PlaywrightTimeout:
        raise AssertionError(
            f"no video\nteacher: {room_state(teacher)}\nlearner: {room_state(learner)}"
        ) from None
    teacher.wait_for_function(FPS_SHOWN, arg="learners-A", timeout=SIGNAL_MS)
    assert link_stats(teacher, "learners-A")["fps"] > 0
    wait_for_colour(teacher, "learners-A")
    wait_for_colour(learner, "teacher")

    # Ben raises his hand: it shows on Amy's tile for his room, and he sees it is shown.
    learner.get_by_role("button", name="Raise hand").click()
    hand = teacher.locator('[data-cb-tile="learners-A"] .cb-cue')
    expect(hand).to_be_visible(timeout=SIGNAL_MS)
    expect(hand).to_contain_text("Hand raised")
    expect(learner.locator(".cb-my-cue")).to_contain_text("Shown to the teacher")

    # The media went between addresses of this machine (no TURN, nothing outside).
    local = machine_addresses()
    for tab in (teacher, learner):
        pairs = tab.evaluate(PAIR_ADDRESSES)
        assert pairs, "no connected peer connection"
        assert {address for pair in pairs for address in pair} <= local, pairs

    for tab in (teacher, learner):
        tab.browser_log.assert_clean()
    amy.close()
    ben.close()
