"""TURN credentials as coturn checks them, and link presets from the bandwidth planner."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from classbridge.live.handlers import LiveRoom
from classbridge.live.link_presets import PRESETS, preset
from classbridge.live.practice_session import new_session
from classbridge.live.settings import LiveRoomSettings, LiveRoomSettingsError
from classbridge.live.turn_credentials import turn_server
from classbridge.widgets.bandwidth import QUALITY_MBPS


def coturn_accepts(secret: str, username: str, credential: str, now: float) -> bool:
    """coturn with ``use-auth-secret``: the username's timestamp is in the future and the
    password is base64(HMAC-SHA1(static-auth-secret, username)) (coturn's turnserver.conf)."""
    timestamp = int(username.split(":", 1)[0])
    expected = base64.b64encode(
        hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    ).decode()
    return timestamp > now and hmac.compare_digest(expected, credential)


def test_turn_credentials_verify_as_coturn_computes_them():
    server = turn_server(("turn:10.0.0.5:3478",), "s3cret", "learners-A", 3600, now=1_700_000_000)
    assert server["urls"] == ["turn:10.0.0.5:3478"]
    assert server["username"] == "1700003600:learners-A"
    assert coturn_accepts("s3cret", server["username"], server["credential"], now=1_700_000_000)
    assert not coturn_accepts("other", server["username"], server["credential"], 1_700_000_000)
    assert not coturn_accepts("s3cret", server["username"], server["credential"], 1_700_003_600)
    # A known vector, computed independently: printf %s '1700003600:learners-A' |
    # openssl dgst -sha1 -hmac s3cret -binary | base64
    assert server["credential"] == "GytZ19+jwXPmxBXjOQ8kcsmxnYU="


def test_no_ice_servers_unless_the_school_configures_turn(tmp_path):
    session = new_session("amy")
    plain = LiveRoom(LiveRoomSettings.from_env({}, rooms_dir=tmp_path))
    assert plain.ice_servers(session, session.seats[0]) == []
    env = {"CLASSBRIDGE_TURN_URLS": "turn:10.0.0.5:3478, turns:10.0.0.5:5349"}
    with pytest.raises(LiveRoomSettingsError, match="CLASSBRIDGE_TURN_SECRET"):
        LiveRoomSettings.from_env(env, rooms_dir=tmp_path)
    turned = LiveRoomSettings.from_env({**env, "CLASSBRIDGE_TURN_SECRET": "s"}, rooms_dir=tmp_path)
    [server] = LiveRoom(turned).ice_servers(session, session.seats[0])
    assert server["urls"] == ["turn:10.0.0.5:3478", "turns:10.0.0.5:5349"]
    with pytest.raises(LiveRoomSettingsError, match="not a TURN URL"):
        LiveRoomSettings(tmp_path, turn_urls=("stun:stun.l.google.com:19302",), turn_secret="s")


def test_presets_carry_the_planners_figures():
    assert [p.id for p in PRESETS] == ["normal", "island-4g", "satellite", "audio-only"]
    assert preset("normal").max_kbps is None and preset("normal").delay_ms == 0
    assert preset("island-4g").max_kbps == QUALITY_MBPS["360p"] * 1000
    assert preset("island-4g").max_height == 360
    assert preset("satellite").max_kbps < preset("island-4g").max_kbps
    assert preset("satellite").delay_ms > preset("island-4g").delay_ms
    audio = preset("audio-only")
    assert not audio.video and audio.max_kbps == QUALITY_MBPS["audio only"] * 1000
