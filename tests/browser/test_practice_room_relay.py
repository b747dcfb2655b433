"""The practice room through our own TURN server when browsers may not reach each other directly.

School networks often block peer-to-peer traffic: then the only path between
two seats is the alliance's TURN server (docs/live-room.md, "TURN for schools
behind different NATs"). Here coturn runs on loopback with a secret of its own
(tests/support/turn_server.py), the room server is given it through
``CLASSBRIDGE_TURN_URLS`` and ``CLASSBRIDGE_TURN_SECRET`` as a school would,
and every RTCPeerConnection of both pages is made relay-only
(``iceTransportPolicy: "relay"``, forced by the test's own init script, as a
network that drops direct traffic would force it): no host candidate is even
gathered, so media that arrives came through the relay.

Everything runs in the loopback-only network namespace of the other practice
room tests where the machine allows one: coturn, the room server and Chromium.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from classbridge.live.turn_credentials import turn_password
from tests.support.browser import watched_tab
from tests.support.practice_room import (
    SEAT_COLOURS,
    SEAT_TONES,
    NetNamespace,
    assert_seats_clean,
    close_to,
    fake_camera_script,
    launch_room_chromium,
    link_stats,
    start_room_server,
    tile_colour,
    wait_for_frames,
)
from tests.support.servers import stop_process
from tests.support.turn_server import TurnServer, TurnUnavailable, start_turn_server

pytestmark = pytest.mark.browser

SEATS = "teacher,learners:A"
#: Two contexts encoding and decoding through a relay on 2 busy cores.
DECODING_MS = 150_000
#: Every RTCPeerConnection the page makes is relay-only, and kept for the test to ask for stats.
RELAY_ONLY_JS = """(() => {
  const Native = window.RTCPeerConnection;
  if (!Native) return;
  const made = [];
  Object.defineProperty(window, "__cbTestPeers", { value: made });
  window.RTCPeerConnection = class extends Native {
    constructor(config, ...rest) {
      super({ ...(config || {}), iceTransportPolicy: "relay" }, ...rest);
      made.push(this);
    }
  };
})();"""
#: For every connected peer connection: its policy, the ICE servers it was given, every local
#: candidate's type, and the types of the selected pair's two candidates.
ROUTES_JS = """async () => {
  const routes = [];
  for (const pc of window.__cbTestPeers) {
    if (pc.connectionState !== "connected") continue;
    const stats = await pc.getStats();
    const byId = new Map();
    stats.forEach((s) => byId.set(s.id, s));
    const local = [];
    let pair = null;
    stats.forEach((s) => {
      if (s.type === "local-candidate") local.push(s.candidateType);
      if (s.type === "transport" && s.selectedCandidatePairId) {
        pair = byId.get(s.selectedCandidatePairId);
      }
    });
    const config = pc.getConfiguration();
    routes.push({
      policy: config.iceTransportPolicy,
      iceServers: config.iceServers.map((server) => ({
        urls: [].concat(server.urls),
        username: server.username,
        credential: server.credential,
      })),
      local,
      selected: pair && {
        state: pair.state,
        local: byId.get(pair.localCandidateId).candidateType,
        remote: byId.get(pair.remoteCandidateId).candidateType,
        relayProtocol: byId.get(pair.localCandidateId).relayProtocol,
        bytesReceived: pair.bytesReceived,
      },
    });
  }
  return routes;
}"""


@pytest.fixture(scope="module")
def loopback_only():
    with NetNamespace() as namespace:
        yield namespace


@pytest.fixture(scope="module")
def turn(loopback_only, tmp_path_factory) -> TurnServer:
    """coturn on 127.0.0.1, in the namespace, with a random shared secret."""
    try:
        server = start_turn_server(tmp_path_factory.mktemp("coturn"), loopback_only.prefix)
    except TurnUnavailable as err:
        pytest.fail(str(err), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def relay_room_server(loopback_only, turn, tmp_path_factory):
    """The room server configured with our TURN server, as a school configures it."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CLASSBRIDGE_TURN_URLS", turn.url)
        env.setenv("CLASSBRIDGE_TURN_SECRET", turn.secret)
        server = start_room_server(loopback_only, tmp_path_factory.mktemp("relay-room"))
    yield server
    stop_process(server.process)


@pytest.fixture(scope="module")
def room_browser(chromium, loopback_only, tmp_path_factory):
    browser = launch_room_chromium(
        chromium.browser_type, loopback_only, tmp_path_factory.mktemp("chromium")
    )
    yield browser
    browser.close()


def open_relay_only_seat(browser, url: str, seat_id: str):
    """A watched tab of its own context: the seat's own camera colour, relay-only ICE."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(fake_camera_script(SEAT_COLOURS[seat_id], SEAT_TONES[seat_id]))
    context.add_init_script(RELAY_ONLY_JS)
    tab = watched_tab(context)
    tab.goto(url)
    return tab


def test_two_seats_connect_through_our_turn_server_when_direct_paths_are_blocked(
    relay_room_server, room_browser, turn
):
    links = relay_room_server.new_session(SEATS, title="Relay only")
    tabs = {}
    users = {}  # seat -> the TURN username its page was given
    try:
        for seat_id, url in links.items():
            tabs[seat_id] = open_relay_only_seat(room_browser, url, seat_id)
        pairs = {"teacher": "learners-A", "learners-A": "teacher"}
        for seat_id, other in pairs.items():
            wait_for_frames(tabs[seat_id], [other], timeout_ms=DECODING_MS)

        for seat_id, other in pairs.items():
            tab = tabs[seat_id]
            # Media flows: the remote tile is live, decodes frames of the other seat's camera.
            expect(tab.locator(f'[data-cb-tile="{other}"]')).to_have_attribute(
                "data-state", "live", timeout=30_000
            )
            width = tab.evaluate(
                '(s) => document.querySelector(`video[data-cb-peer="${s}"]`).videoWidth', other
            )
            assert width > 0, f"{seat_id}: the {other} tile has no video"
            tab.wait_for_function(
                """(s) => Number(document.querySelector(
                    `[data-cb-tile="${s}"] .cb-link-stats`).dataset.fps || 0) > 0""",
                arg=other,
                timeout=30_000,
            )
            assert link_stats(tab, other)["fps"] > 0
            deadline = time.monotonic() + 15
            while not close_to(tile_colour(tab, other), SEAT_COLOURS[other]):
                assert time.monotonic() < deadline, (
                    f"{seat_id}: tile {other} shows {tile_colour(tab, other)}"
                )
                time.sleep(0.5)

            # ... and only through the relay: our TURN server was handed out, nothing but relay
            # candidates were gathered, and the pair carrying the media is relay to relay.
            routes = tab.evaluate(ROUTES_JS)
            assert len(routes) == 1, f"{seat_id}: connected peer connections {routes}"
            route = routes[0]
            assert route["policy"] == "relay", route
            [server] = route["iceServers"]
            assert server["urls"] == [turn.url], route
            username = server["username"]
            assert username.endswith(f":{seat_id}"), route
            assert server["credential"] == turn_password(turn.secret, username), route
            users[seat_id] = username
            assert route["local"] and set(route["local"]) == {"relay"}, route
            selected = route["selected"]
            assert selected and selected["state"] == "succeeded", route
            assert selected["local"] == "relay" and selected["remote"] == "relay", route
            assert selected["relayProtocol"] == "udp", route
            assert selected["bytesReceived"] > 0, route

        # coturn itself granted each seat, under the username the room server signed for it
        # (``<expiry>:<seat>``, coturn's TURN REST API scheme), an allocation, and permission
        # to relay to the other seat's relayed address.
        for method in ("ALLOCATE", "CREATE_PERMISSION"):
            granted = turn.granted(method)
            for seat_id, username in users.items():
                assert username in granted, (
                    f"coturn granted {seat_id} ({username}) no {method}; it granted {granted}\n"
                    + turn.log()[-3000:]
                )
    finally:
        for tab in tabs.values():
            tab.context.close()
    assert_seats_clean(tabs)
