"""The signalling relay: who is in which session, and passing their messages on.

Browsers in a session connect to each other directly (a WebRTC mesh); to
start, they must exchange offers, answers and ICE candidates through someone
they both reach: this relay, in the Jupyter server's own process (not a
kernel: a kernel stalls while a cell runs, and is 3-10x slower). The relay
keeps no media and reads no SDP: ``signal`` messages pass as they are.

What it does decide, from the seat the server signed (never from the
message): who may show a cue (learners raise a hand; the co-teacher shows
"trouble" or "we're ready"), who may put a room's link under a preset (the
teacher and the observer), and that one seat has one tab: a newer tab takes
the seat and the older one is told it was replaced (close code 4000).

Kept in plain Python, apart from tornado (``handlers.SignalHandler`` feeds
it), so every rule is tested without a socket. The message shapes are in
docs/live-room.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Protocol

from classbridge.core.language import _
from classbridge.live.link_presets import PRESET_IDS
from classbridge.live.practice_session import PracticeSession, Seat

#: Close codes the page reads (besides 1000/1001): see docs/live-room.md.
REPLACED = 4000
#: Cues each role may show (``clear`` takes the seat's own cue down).
CUES_BY_ROLE = {"learners": ("hand", "clear"), "coteacher": ("trouble", "ready", "clear")}
#: Roles that may put a room's link under a preset.
PRESET_ROLES = ("teacher", "observer")
#: An error's ``code`` when a message was dropped rather than refused for what it says:
#: the page need not show it (a signal for a seat that left a moment ago).
NOT_RELAYED = "not-relayed"


class Peer(Protocol):
    """One browser tab in a seat, as the relay sees it."""

    def send(self, message: dict) -> None: ...

    def close(self, code: int | None = None, reason: str | None = None) -> None: ...


@dataclass
class LiveSession:
    """A session while anyone is in it: the tab in each seat, raised cues, room presets."""

    session: PracticeSession
    peers: dict[str, Peer] = field(default_factory=dict)
    cues: dict[str, str] = field(default_factory=dict)  # seat id -> cue
    link_presets: dict[str, str] = field(default_factory=dict)  # room -> preset id

    def broadcast(self, message: dict, but: str | None = None) -> None:
        for seat_id, peer in list(self.peers.items()):
            if seat_id != but:
                peer.send(message)


def elapsed_ms(session: PracticeSession, now: datetime | None = None) -> int:
    """Milliseconds on the session clock (0 before anyone joined)."""
    if not session.started_at:
        return 0
    started = datetime.fromisoformat(session.started_at)
    return max(0, round(((now or datetime.now(timezone.utc)) - started).total_seconds() * 1000))


def _error(message: str, code: str | None = None) -> dict:
    """An error for the sender, in its language; ``code`` for the page to act on, not show."""
    error = {"type": "error", "message": message}
    if code is not None:
        error["code"] = code
    return error


class SignalRelay:
    """Every live session of one server process.

    ``ice_servers(seat)`` gives the ICE servers a seat is welcomed with (none
    unless the school's TURN server is configured).
    """

    def __init__(
        self,
        ice_servers: Callable[[PracticeSession, Seat], list[dict]] = lambda session, seat: [],
        max_message_bytes: int = 64 * 1024,
    ) -> None:
        self.ice_servers = ice_servers
        self.max_message_bytes = max_message_bytes
        self.sessions: dict[str, LiveSession] = {}

    def join(self, session: PracticeSession, seat: Seat, peer: Peer) -> None:
        """Seat ``peer``: welcome it, tell the others; an older tab in the seat is replaced."""
        live = self.sessions.setdefault(session.id, LiveSession(session))
        live.session = session
        older = live.peers.get(seat.id)
        live.peers[seat.id] = peer
        if older is not None and older is not peer:
            older.send({"type": "replaced"})
            older.close(REPLACED, "replaced by a newer tab")
        peer.send(
            {
                "type": "welcome",
                "seat": seat.to_dict(),
                "peers": [seat_id for seat_id in live.peers if seat_id != seat.id],
                "ice_servers": self.ice_servers(session, seat),
                "elapsed_ms": elapsed_ms(session),
                "link_presets": dict(live.link_presets),
                "cues": [
                    {"from": seat_id, "room": live.session.seat(seat_id).room, "cue": cue}
                    for seat_id, cue in live.cues.items()
                ],
            }
        )
        # Sent for a replaced seat too: the others drop the old tab's connection and start again.
        live.broadcast({"type": "peer-joined", "seat": seat.id}, but=seat.id)

    def leave(self, session_id: str, seat_id: str, peer: Peer) -> None:
        """``peer`` left; nothing happens if a newer tab already holds its seat."""
        live = self.sessions.get(session_id)
        if live is None or live.peers.get(seat_id) is not peer:
            return
        del live.peers[seat_id]
        if live.cues.pop(seat_id, None) is not None:
            room = live.session.seat(seat_id).room
            live.broadcast({"type": "cue", "from": seat_id, "room": room, "cue": "clear"})
        live.broadcast({"type": "peer-left", "seat": seat_id})
        if not live.peers:
            del self.sessions[session_id]

    def receive(self, session_id: str, seat: Seat, peer: Peer, text: str | bytes) -> None:
        """Handle one message from ``peer``; a bad one gets an error and the tab stays."""
        live = self.sessions.get(session_id)
        if live is None or live.peers.get(seat.id) is not peer:
            return  # a replaced tab's last words
        if isinstance(text, bytes):
            peer.send(_error(_("send JSON text, not binary messages")))
            return
        if len(text.encode("utf-8")) > self.max_message_bytes:
            peer.send(
                _error(
                    _("message over {size} KiB: not relayed").format(
                        size=self.max_message_bytes // 1024
                    ),
                    NOT_RELAYED,
                )
            )
            return
        try:
            message = json.loads(text)
        except ValueError:
            peer.send(_error(_("a message must be a JSON object")))
            return
        kind = message.get("type") if isinstance(message, dict) else None
        handler = {
            "signal": self._signal,
            "cue": self._cue,
            "link-preset": self._link_preset,
        }.get(kind)
        if handler is None:
            peer.send(
                _error(
                    _("unknown message type {kind!r}: use signal, cue or link-preset").format(
                        kind=str(kind)[:30]
                    )
                )
            )
            return
        handler(live, seat, peer, message)

    def _signal(self, live: LiveSession, seat: Seat, peer: Peer, message: dict) -> None:
        target, data = message.get("to"), message.get("data")
        if not isinstance(data, dict):
            peer.send(_error(_("a signal carries its SDP or ICE candidate as an object in 'data'")))
            return
        if target == seat.id or target not in live.peers:
            peer.send(
                _error(
                    _("seat {seat!r} is not in the room now: not relayed").format(
                        seat=str(target)[:30]
                    ),
                    NOT_RELAYED,
                )
            )
            return
        live.peers[target].send({"type": "signal", "from": seat.id, "data": data})

    def _cue(self, live: LiveSession, seat: Seat, peer: Peer, message: dict) -> None:
        cue = message.get("cue")
        allowed = CUES_BY_ROLE.get(seat.role, ())
        if cue not in allowed:
            shown = ", ".join(allowed) if allowed else _("none")
            peer.send(
                _error(
                    _("the {seat} seat cannot show {cue!r} (it may: {allowed})").format(
                        seat=seat.label, cue=str(cue)[:20], allowed=shown
                    )
                )
            )
            return
        if cue == "clear":
            live.cues.pop(seat.id, None)
        else:
            live.cues[seat.id] = cue
        live.broadcast({"type": "cue", "from": seat.id, "room": seat.room, "cue": cue})

    def _link_preset(self, live: LiveSession, seat: Seat, peer: Peer, message: dict) -> None:
        room, chosen = message.get("room"), message.get("preset")
        if seat.role not in PRESET_ROLES:
            peer.send(_error(_("only the teacher or the observer can change a room's link")))
            return
        if room not in live.session.rooms:
            rooms = ", ".join(live.session.rooms) or _("none")
            peer.send(
                _error(
                    _("room {room!r} is not in this session (rooms: {rooms})").format(
                        room=str(room)[:10], rooms=rooms
                    )
                )
            )
            return
        if chosen not in PRESET_IDS:
            peer.send(
                _error(
                    _("preset {preset!r} is not one of {presets}").format(
                        preset=str(chosen)[:20], presets=", ".join(PRESET_IDS)
                    )
                )
            )
            return
        live.link_presets[room] = chosen
        live.broadcast({"type": "link-preset", "room": room, "preset": chosen, "by": seat.id})
