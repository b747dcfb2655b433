// ClassBridge practice room (issue 16): a browser mesh for 2-6 seats of one practice session.
//
// A plain ES module with no imports and no build step: the page must work on a machine with no
// internet, so nothing is fetched from anywhere but the server that served this file. The message
// shapes are in docs/live-room.md; the server relays signalling messages and never sees media.
//
// Every text that comes from a person or the server (seat labels, session title, notes, error
// messages) is put on the page with textContent, never innerHTML: a hostile name stays text.

// ---------------------------------------------------------------- the page's language
//
// Every text this file shows is written _("English") and shown in the page's language: the server
// puts {English: translation} for each _("...") of this file in <script id="cb-text">
// (classbridge.live.room_page finds them with Babel's JavaScript extractor, so only plain string
// literals go inside _(), never a template literal). Named {placeholders} are filled after
// translation: fill(_("Saved at {time}."), { time }). Defined first: the constants below use it.

let pageText = null;

function _(message) {
  if (pageText === null) {
    const node = document.getElementById("cb-text");
    try {
      pageText = node ? JSON.parse(node.textContent) : {};
    } catch {
      pageText = {};
    }
  }
  return pageText[message] || message;
}

/** A translated text with its {name} placeholders replaced by values (as text). */
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

const STATS_EVERY_MS = 1000;
const CLOCK_EVERY_MS = 1000;
const CHUNK_MS = 2000; // a closed tab loses at most this much of the recording
const COMPOSITE = { width: 640, height: 480, fps: 15 }; // small: compositing is CPU-bound
const RECORDING_VIDEO_BPS = 600_000;
// Under a link preset the stream is planned as module 02 teaches: the link's speed less 20 %
// headroom (classbridge.widgets.bandwidth.HEADROOM_PERCENT), which also absorbs packet headers and
// the encoder's overshoot. The audio keeps PRESET_AUDIO_KBPS of that; the rest is video.
const PRESET_HEADROOM = 1.2;
const PRESET_AUDIO_KBPS = 32;
const MIN_VIDEO_KBPS = 50;
const CONNECT_TIMEOUT_MS = 20_000; // a link not up by then is rebuilt from scratch
const REJOIN_DELAYS_MS = [500, 1000, 2000, 3000, 5000];
const LOST_NOTICE_AFTER_MS = 2000; // a break in signalling mended sooner is not news
const UPLOAD_RETRIES = 5;
// Under load Chromium's recorder may hand over a first piece of a single byte; the server checks
// that a recording starts with WebM's 4-byte magic, so the first upload waits for this much.
const MIN_FIRST_CHUNK_BYTES = 4096;
const CAMERA = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15, max: 30 } };
const DEFAULT_LEVELS = [_("Beginning"), _("Developing"), _("Proficient"), _("Exemplary")];
const CUE_TEXT = {
  hand: _("✋ Hand raised"),
  trouble: _("⚠ Trouble"),
  ready: _("✔ We're ready"),
};
const CLOSE_REPLACED = 4000;
const NORMAL_PRESET = { id: "normal", label: _("Normal"), max_kbps: null, max_height: null, delay_ms: 0, video: true };

const room = {
  config: null,
  me: null,
  seats: new Map(), // seat id -> seat
  socket: null,
  rejoinAttempt: 0,
  lostTimer: null,
  lostShown: false,
  everJoined: false,
  stopped: false, // replaced, refused or unloading: no more rejoining
  lastError: "",
  iceServers: [],
  clockOrigin: null, // performance.now() at session time 0, from the server's elapsed_ms
  localStream: null,
  peers: new Map(), // seat id -> Peer (only seats this seat links with)
  tiles: new Map(), // seat id -> Tile
  presets: new Map(), // preset id -> preset
  roomPresets: new Map(), // room letter -> preset id in force
  online: new Set(),
  timers: new Set(),
  recording: null,
  recordings: new Map(), // id -> {id, started_ms, exact, url}: what this page can play back
  notes: [],
  ui: {},
};

// ---------------------------------------------------------------- small helpers

function randomId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** An element with a class and text; text always goes in as text. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function button(label, onClick, className = "cb-button") {
  const node = el("button", className, label);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** setInterval that beforeunload clears: a timer firing into a closed session only makes noise. */
function every(ms, fn) {
  const id = setInterval(fn, ms);
  room.timers.add(id);
  return id;
}

function clearTimers() {
  for (const id of room.timers) clearInterval(id);
  room.timers.clear();
}

/** A server URL from the config with this seat's token, which is how the server knows the seat. */
function seatUrl(path) {
  const url = new URL(path, window.location.href);
  if (!url.searchParams.has("seat")) url.searchParams.set("seat", room.config.token);
  return url;
}

function signalUrl() {
  const url = seatUrl(room.config.urls.signal);
  if (url.protocol === "http:") url.protocol = "ws:";
  if (url.protocol === "https:") url.protocol = "wss:";
  return url.toString();
}

/** Tornado's XSRF cookie, echoed in a header: the server refuses a POST without it. */
function xsrfToken() {
  const pair = document.cookie.split("; ").find((c) => c.startsWith("_xsrf="));
  return pair ? decodeURIComponent(pair.slice("_xsrf=".length)) : "";
}

async function postTo(url, body, contentType) {
  return fetch(url, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { "Content-Type": contentType, "X-XSRFToken": xsrfToken() },
  });
}

/** The server's one-line reason from an error response (JSON "message"/"reason" or text). */
async function reasonOf(response) {
  const text = (await response.text().catch(() => "")).trim();
  try {
    const parsed = JSON.parse(text);
    if (parsed && (parsed.message || parsed.reason)) return String(parsed.message || parsed.reason);
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 300) || fill(_("the server answered {status}"), { status: response.status });
}

function sessionNow() {
  return room.clockOrigin === null ? null : Math.max(0, Math.round(performance.now() - room.clockOrigin));
}

function formatClock(ms) {
  if (ms === null || ms === undefined) return "--:--";
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function seatLabel(seatId) {
  const seat = room.seats.get(seatId);
  return seat ? seat.label || seat.id : seatId;
}

function banner(text, kind = "info") {
  const node = room.ui.banner;
  node.textContent = text;
  node.dataset.kind = kind;
  node.hidden = !text;
}

// ---------------------------------------------------------------- who links with whom

function sendsMedia(seat) {
  // The observer watches like a trainer at the back of the room: seen by nobody.
  return seat.role !== "observer";
}

/** A pair links when either is the teacher or the observer, or both are in the same room. */
function linksWith(a, b) {
  if (a.id === b.id) return false;
  if (!sendsMedia(a) && !sendsMedia(b)) return false;
  const central = (s) => s.role === "teacher" || s.role === "observer";
  if (central(a) || central(b)) return true;
  return Boolean(a.room) && a.room === b.room;
}

/** The remote room whose island link this pair crosses, or null inside one room/the centre. */
function linkRoom(a, b) {
  if (a.room && b.room) return a.room === b.room ? null : a.room;
  return a.room || b.room || null;
}

function presetFor(peerSeat) {
  const letter = linkRoom(room.me, peerSeat);
  const id = letter ? room.roomPresets.get(letter) : null;
  return (id && room.presets.get(id)) || NORMAL_PRESET;
}

function remoteRooms() {
  return [...new Set([...room.seats.values()].map((s) => s.room).filter(Boolean))].sort();
}

// ---------------------------------------------------------------- layout

function readConfig() {
  const node = document.getElementById("cb-room-config");
  const config = JSON.parse(node.textContent);
  room.config = config;
  room.me = config.seat;
  for (const seat of config.seats || []) room.seats.set(seat.id, seat);
  room.seats.set(room.me.id, { ...room.seats.get(room.me.id), ...room.me });
  const presets = Array.isArray(config.presets)
    ? config.presets
    : Object.entries(config.presets || {}).map(([id, p]) => ({ id, ...p }));
  room.presets.set("normal", NORMAL_PRESET);
  for (const preset of presets) room.presets.set(preset.id, { ...NORMAL_PRESET, ...preset });
}

function buildHeader() {
  const main = document.querySelector(".cb-room");
  main.dataset.role = room.me.role;
  room.ui.main = main;
  room.ui.banner = main.querySelector(".cb-banner");
  room.ui.clock = main.querySelector(".cb-room-clock");
  room.ui.presence = main.querySelector(".cb-presence");
  room.ui.stage = main.querySelector(".cb-stage");
  room.ui.side = main.querySelector(".cb-side");
  const title = (room.config.session && room.config.session.title) || _("Practice room");
  main.querySelector(".cb-room-title").textContent = title;
  document.title = `${title} · ClassBridge`;
  main.querySelector(".cb-room-seat").textContent = fill(_("You are: {seat}"), { seat: seatLabel(room.me.id) });
  for (const seat of room.seats.values()) {
    const item = el("li", "cb-presence-seat", seatLabel(seat.id));
    item.dataset.seat = seat.id;
    item.dataset.online = seat.id === room.me.id ? "self" : "no";
    room.ui.presence.append(item);
  }
}

function showPresence(seatId, online) {
  if (online) room.online.add(seatId);
  else room.online.delete(seatId);
  const item = room.ui.presence.querySelector(`[data-seat="${CSS.escape(seatId)}"]`);
  if (item && seatId !== room.me.id) item.dataset.online = online ? "yes" : "no";
}

/** A video tile for one remote seat: video, name, state, cue and the link readout. */
function makeTile(seat) {
  const root = el("figure", "cb-tile");
  root.dataset.cbTile = seat.id;
  root.dataset.state = "waiting";
  const frame = el("div", "cb-tile-frame");
  const video = el("video", "cb-tile-video");
  video.dataset.cbPeer = seat.id;
  video.autoplay = true;
  video.playsInline = true;
  const status = el("p", "cb-tile-status", _("not joined yet"));
  const cue = el("p", "cb-cue");
  cue.hidden = true;
  cue.setAttribute("role", "status");
  frame.append(video, status, cue);
  const caption = el("figcaption", "cb-tile-caption");
  caption.append(el("span", "cb-tile-name", seatLabel(seat.id)));
  const stats = el("p", "cb-link-stats", _("no link yet"));
  caption.append(stats);
  root.append(frame, caption);
  const tile = { seat, root, video, status, cue, stats };
  room.tiles.set(seat.id, tile);
  return tile;
}

function ownPreview(small) {
  const root = el("figure", small ? "cb-tile cb-own cb-own-small" : "cb-tile cb-own");
  root.dataset.cbTile = "self";
  const frame = el("div", "cb-tile-frame");
  const video = el("video", "cb-tile-video");
  video.muted = true; // never hear yourself
  video.autoplay = true;
  video.playsInline = true;
  const status = el("p", "cb-tile-status", _("starting camera…"));
  frame.append(video, status);
  const caption = el("figcaption", "cb-tile-caption");
  caption.append(el("span", "cb-tile-name", fill(_("{seat} (you)"), { seat: seatLabel(room.me.id) })));
  root.append(frame, caption);
  room.ui.ownVideo = video;
  room.ui.ownStatus = status;
  return root;
}

/** One remote room's group of tiles, with the link preset control for teacher and observer. */
function roomGroup(letter) {
  const group = el("section", "cb-room-group");
  group.dataset.room = letter;
  const head = el("div", "cb-room-group-head");
  head.append(el("h2", "cb-room-group-title", fill(_("Room {room}"), { room: letter })));
  if (room.me.role === "teacher" || room.me.role === "observer") head.append(presetPicker(letter));
  else head.append(presetBadge(letter));
  const tiles = el("div", "cb-tiles");
  for (const seat of room.seats.values()) {
    if (seat.room === letter && seat.id !== room.me.id && linksWith(room.me, seat) && sendsMedia(seat)) {
      tiles.append(makeTile(seat).root);
    }
  }
  group.append(head, tiles);
  return group;
}

function presetPicker(letter) {
  const label = el("label", "cb-preset");
  label.append(el("span", "cb-preset-label", fill(_("Link for Room {room}"), { room: letter })));
  const select = el("select", "cb-preset-select");
  select.dataset.room = letter;
  for (const preset of room.presets.values()) {
    const option = el("option", null, preset.label || preset.id);
    option.value = preset.id;
    select.append(option);
  }
  select.addEventListener("change", () => choosePreset(letter, select.value));
  label.append(select);
  return label;
}

function presetBadge(letter) {
  const badge = el("p", "cb-preset-badge", fill(_("Link: {preset}"), { preset: NORMAL_PRESET.label }));
  badge.dataset.room = letter;
  return badge;
}

function teacherGroup() {
  const group = el("section", "cb-room-group cb-teacher-group");
  group.dataset.room = "";
  const tiles = el("div", "cb-tiles");
  for (const seat of room.seats.values()) {
    if (seat.role === "teacher" && seat.id !== room.me.id) tiles.append(makeTile(seat).root);
  }
  group.append(tiles);
  return group;
}

function buildTeacherView() {
  const grid = el("div", "cb-room-grid");
  for (const letter of remoteRooms()) grid.append(roomGroup(letter));
  room.ui.stage.append(grid);
  room.ui.side.append(ownPreview(false), recordPanel(), reviewPanel());
}

function buildRoomView() {
  // Learners and co-teacher: the teacher large, their own room small.
  room.ui.stage.append(teacherGroup());
  const own = el("section", "cb-own-room");
  const ownTitle = room.me.room ? fill(_("Your room (Room {room})"), { room: room.me.room }) : _("Your room");
  own.append(el("h2", "cb-room-group-title", ownTitle));
  const tiles = el("div", "cb-tiles cb-tiles-small");
  tiles.append(ownPreview(true));
  for (const seat of room.seats.values()) {
    if (seat.id !== room.me.id && seat.room && seat.room === room.me.room && sendsMedia(seat)) {
      tiles.append(makeTile(seat).root);
    }
  }
  own.append(tiles);
  if (room.me.room) own.append(presetBadge(room.me.room));
  room.ui.side.append(cuePanel(), own);
}

function buildObserverView() {
  const grid = el("div", "cb-room-grid");
  grid.append(teacherGroup());
  for (const letter of remoteRooms()) grid.append(roomGroup(letter));
  room.ui.stage.append(grid);
  room.ui.side.append(notesPanel(), reviewPanel());
}

function buildLayout() {
  buildHeader();
  if (room.me.role === "teacher") buildTeacherView();
  else if (room.me.role === "observer") buildObserverView();
  else buildRoomView();
  room.ui.main.dataset.state = "joining";
}

// ---------------------------------------------------------------- camera and microphone

function mediaProblem(err) {
  const name = err && err.name;
  if (!window.isSecureContext || !navigator.mediaDevices) {
    return _(
      "This page was not opened over https:// or on this computer, so the browser offers no camera: " +
        "ask the organiser for the https:// link.",
    );
  }
  if (name === "NotAllowedError" || name === "SecurityError") {
    return _(
      "The browser is not allowed to use your camera and microphone: click the camera icon or the " +
        "padlock in the address bar, allow both, then press Try again.",
    );
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return _("No camera and microphone found: plug in a webcam and a headset, then press Try again.");
  }
  if (name === "NotReadableError" || name === "AbortError") {
    return _("The camera or microphone is in use by another program (a video call?): close it, then press Try again.");
  }
  return fill(_("The camera could not start ({problem}): press Try again."), { problem: name || err });
}

function showMediaProblem(text) {
  let box = room.ui.mediaProblem;
  if (!box) {
    box = el("div", "cb-media-problem");
    box.setAttribute("role", "alert");
    box.append(el("p", "cb-media-problem-text"));
    box.append(
      el(
        "p",
        "cb-media-problem-note",
        _("You are in the session and see and hear the others; they cannot see or hear you until this is fixed."),
      ),
    );
    box.append(button(_("Try again"), () => startCamera()));
    room.ui.mediaProblem = box;
    room.ui.side.prepend(box);
  }
  box.querySelector(".cb-media-problem-text").textContent = text;
  box.hidden = false;
  if (room.ui.ownStatus) room.ui.ownStatus.textContent = _("no camera");
}

/** Camera and microphone for a seat that sends; on failure the seat still joins, receiving only. */
async function startCamera() {
  if (!sendsMedia(room.me)) return;
  let stream;
  try {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error("insecure");
    stream = await navigator.mediaDevices.getUserMedia({ video: CAMERA, audio: true });
  } catch (err) {
    showMediaProblem(mediaProblem(err));
    return;
  }
  room.localStream = stream;
  if (room.ui.mediaProblem) room.ui.mediaProblem.hidden = true;
  room.ui.ownVideo.srcObject = stream;
  room.ui.ownStatus.textContent = "";
  room.ui.ownVideo.play().catch(() => {});
  // Links made before the camera was allowed get its tracks now; negotiation follows by itself.
  for (const peer of room.peers.values()) addLocalTracks(peer);
  if (room.ui.recordButton) room.ui.recordButton.disabled = false;
}

// ---------------------------------------------------------------- signalling

function send(message) {
  if (room.socket && room.socket.readyState === WebSocket.OPEN) {
    room.socket.send(JSON.stringify(message));
    return true;
  }
  return false;
}

function connectSignal() {
  const socket = new WebSocket(signalUrl());
  room.socket = socket;
  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    onServerMessage(message);
  });
  socket.addEventListener("close", (event) => onSocketClosed(socket, event));
}

function onSocketClosed(socket, event) {
  if (socket !== room.socket || room.stopped) return;
  if (event.code === CLOSE_REPLACED) {
    stopRoom(
      _(
        "This seat was opened in another tab or window, which has taken it over: close this tab, " +
          "or reload it to take the seat back here.",
      ),
    );
    return;
  }
  if (event.code >= 4001 && event.code <= 4099) {
    stopRoom(room.lastError || event.reason || _("The server refused this link: ask for a new one."));
    return;
  }
  // The server went away (restart, dropped link). The video between browsers may well go on:
  // only signalling is gone. Rejoin with growing pauses; say so unless it is back at once.
  room.ui.main.dataset.state = "rejoining";
  const delay = REJOIN_DELAYS_MS[Math.min(room.rejoinAttempt, REJOIN_DELAYS_MS.length - 1)];
  room.rejoinAttempt += 1;
  // 1011: the server failed on its side (a damaged session file?) and said why just before.
  const why = event.code === 1011 && room.lastError ? room.lastError : _("Lost contact with the session server");
  if (room.rejoinAttempt > 1) showLost(why);
  else room.lostTimer = setTimeout(() => showLost(why), LOST_NOTICE_AFTER_MS);
  setTimeout(() => {
    if (!room.stopped) connectSignal();
  }, delay);
}

function showLost(why) {
  room.lostShown = true;
  banner(fill(_("{why}: rejoining…"), { why }), "warning");
}

/** The end of this page's part in the session: a message, no timers, no links. */
function stopRoom(text) {
  room.stopped = true;
  room.ui.main.dataset.state = "stopped";
  banner(text, "error");
  clearTimers();
  for (const peer of room.peers.values()) peer.pc.close();
  for (const tile of room.tiles.values()) setTileState(tile, "stopped", "");
  if (room.localStream) for (const track of room.localStream.getTracks()) track.stop();
  if (room.socket) room.socket.close();
}

function onServerMessage(message) {
  switch (message.type) {
    case "welcome":
      onWelcome(message);
      break;
    case "peer-joined":
      onPeerJoined(message.seat);
      break;
    case "peer-left":
      onPeerLeft(message.seat);
      break;
    case "signal":
      onPeerSignal(message.from, message.data || {});
      break;
    case "cue":
      showCue(message.from, message.cue);
      break;
    case "link-preset":
      applyRoomPreset(message.room, message.preset);
      break;
    case "replaced":
      break; // the close with code 4000 that follows says it
    case "error":
      onServerError(String(message.message || ""), message.code);
      break;
    default:
      break; // a newer server's message this page does not know: ignored
  }
}

/** A refused message; the connection stays unless a close follows (then it is the reason). */
function onServerError(text, code) {
  room.lastError = text;
  // A signal for a seat that left a moment ago: normal while someone reloads, not news.
  if (!text || code === "not-relayed") return;
  banner(text, "warning");
}

function onWelcome(message) {
  const rejoined = room.everJoined;
  const wasLost = room.lostShown;
  room.everJoined = true;
  room.rejoinAttempt = 0;
  clearTimeout(room.lostTimer);
  room.lostShown = false;
  room.iceServers = Array.isArray(message.ice_servers) ? message.ice_servers : [];
  if (typeof message.elapsed_ms === "number") room.clockOrigin = performance.now() - message.elapsed_ms;
  room.ui.main.dataset.state = "joined";
  if (wasLost) {
    banner(_("Back in the session."), "info");
    setTimeout(() => room.ui.banner.dataset.kind === "info" && banner(""), 3000);
  }
  for (const [letter, preset] of Object.entries(message.link_presets || {})) applyRoomPreset(letter, preset);
  for (const cue of message.cues || []) showCue(cue.from, cue.cue);
  const present = new Set(message.peers || []);
  for (const seatId of [...room.online]) if (!present.has(seatId)) showPresence(seatId, false);
  for (const seatId of present) {
    showPresence(seatId, true);
    const existing = room.peers.get(seatId);
    // A link that survived the server's absence is kept; any other is built afresh.
    if (existing && ["connected", "connecting"].includes(existing.pc.connectionState)) continue;
    if (linksWithSeat(seatId)) resetPeer(seatId);
  }
  tickClock();
  if (!rejoined && (room.me.role === "teacher" || room.me.role === "observer")) loadNotes();
}

function linksWithSeat(seatId) {
  const seat = room.seats.get(seatId);
  return Boolean(seat) && linksWith(room.me, seat);
}

/**
 * A seat (re)joined signalling. A reloaded page answers our hello with a new key and the link is
 * rebuilt (see "peer connections"); the same page back after a break in signalling keeps its keys,
 * and a link that never broke goes on untouched.
 */
function onPeerJoined(seatId) {
  if (seatId === room.me.id) return;
  showPresence(seatId, true);
  if (!linksWithSeat(seatId)) return;
  const peer = room.peers.get(seatId);
  if (peer) signalPeer(peer, { hello: true });
  else createPeer(seatId);
}

/**
 * A seat left signalling: most often its page is gone (reload, closed tab), so its tile says
 * "reconnecting" at once. A link still carrying media is kept all the same (only the relay may have
 * gone): the readout puts the tile back to live while media flows (see updateStats).
 */
function onPeerLeft(seatId) {
  showPresence(seatId, false);
  const peer = room.peers.get(seatId);
  if (peer && peer.pc.connectionState !== "connected") closePeer(peer);
  const tile = room.tiles.get(seatId);
  if (tile) setTileState(tile, "reconnecting", _("reconnecting…"));
}

// ---------------------------------------------------------------- peer connections
//
// Perfect negotiation (the polite peer is the one with the lexically smaller seat id), and one
// addition so the mesh heals by itself: every message carries the key of the sender's connection
// ("key") and the key it believes the receiver's has ("to_key", null while it knows none).
//   - to_key names a connection we no longer have: the message was for our predecessor, dropped;
//   - a new key with to_key null: the other end started afresh (reload, rebuilt link), so a
//     connection of ours bound to its predecessor is replaced by a new one (with a new key);
//   - a new key with to_key = our key: the other end rebuilt for *this* connection of ours; we rebuild
//     the RTCPeerConnection if it was bound to someone else but keep our key, so nothing ping-pongs.

function createPeer(seatId, key = randomId(), remoteKey = null) {
  const pc = new RTCPeerConnection({ iceServers: room.iceServers });
  const peer = {
    seatId,
    pc,
    key,
    remoteKey,
    polite: room.me.id < seatId,
    makingOffer: false,
    ignoreOffer: false,
    inbox: Promise.resolve(),
    stream: null,
    last: null, // the previous stats sample, for per-second rates
    quietSeconds: 0, // readouts in a row with no media arriving
    downSince: performance.now(), // not connected since then (null while connected)
  };
  pc.onnegotiationneeded = () => negotiate(peer);
  pc.onicecandidate = ({ candidate }) => {
    if (candidate) signalPeer(peer, { candidate: candidate.toJSON() });
  };
  pc.ontrack = (event) => onRemoteTrack(peer, event);
  pc.onconnectionstatechange = () => onConnectionState(peer);
  pc.oniceconnectionstatechange = () => {
    if (pc.iceConnectionState === "failed") pc.restartIce();
  };
  room.peers.set(seatId, peer);
  addLocalTracks(peer);
  // Tell the other side this connection exists: an end with nothing to send never offers.
  signalPeer(peer, { hello: true });
  return peer;
}

function addLocalTracks(peer) {
  if (!room.localStream || peer.pc.signalingState === "closed") return;
  const sending = new Set(peer.pc.getSenders().map((s) => s.track));
  for (const track of room.localStream.getTracks()) {
    if (!sending.has(track)) peer.pc.addTrack(track, room.localStream);
  }
}

function closePeer(peer) {
  peer.pc.onnegotiationneeded = null;
  peer.pc.onicecandidate = null;
  peer.pc.ontrack = null;
  peer.pc.onconnectionstatechange = null;
  peer.pc.close();
  disconnectFromRecording(peer.seatId);
  if (room.peers.get(peer.seatId) === peer) room.peers.delete(peer.seatId);
}

function resetPeer(seatId, key = randomId(), remoteKey = null) {
  const old = room.peers.get(seatId);
  if (old) closePeer(old);
  const tile = room.tiles.get(seatId);
  // A seat seen before is coming back: its tile says so until the new link is up.
  if (tile && (old || tile.wasLive)) setTileState(tile, "reconnecting", _("reconnecting…"));
  else if (tile) setTileState(tile, "connecting", _("connecting…"));
  if (tile) clearStats(tile);
  return createPeer(seatId, key, remoteKey);
}

function signalPeer(peer, payload) {
  if (!room.online.has(peer.seatId)) return; // the relay would refuse it; its return restarts the link
  send({ type: "signal", to: peer.seatId, data: { key: peer.key, to_key: peer.remoteKey, ...payload } });
}

async function negotiate(peer) {
  try {
    peer.makingOffer = true;
    await peer.pc.setLocalDescription();
    signalPeer(peer, { description: peer.pc.localDescription.toJSON() });
  } catch (err) {
    console.warn("practice room: offer to", peer.seatId, "failed:", err);
  } finally {
    peer.makingOffer = false;
  }
}

function onPeerSignal(fromSeat, data) {
  if (!fromSeat || fromSeat === room.me.id || !linksWithSeat(fromSeat)) return;
  if (data.announce) {
    onAnnouncement(fromSeat, data.announce);
    return;
  }
  let peer = room.peers.get(fromSeat);
  const toKey = data.to_key || null;
  if (!peer) {
    if (toKey) return; // for a connection of a page that was here before this one
    peer = createPeer(fromSeat, randomId(), data.key);
  }
  if (toKey && toKey !== peer.key) return; // meant for a connection we closed
  if (data.key !== peer.remoteKey) {
    if (toKey === null && peer.remoteKey !== null) {
      peer = resetPeer(fromSeat, randomId(), data.key);
    } else if (toKey !== null && peer.remoteKey !== null) {
      peer = resetPeer(fromSeat, peer.key, data.key);
    } else {
      peer.remoteKey = data.key;
    }
  }
  const target = peer;
  target.inbox = target.inbox
    .then(() => handleSignal(target, data))
    .catch((err) => console.warn("practice room: signal from", fromSeat, "failed:", err));
}

async function handleSignal(peer, data) {
  const pc = peer.pc;
  if (pc.signalingState === "closed") return;
  if (data.description) {
    const description = data.description;
    const collision = description.type === "offer" && (peer.makingOffer || pc.signalingState !== "stable");
    peer.ignoreOffer = !peer.polite && collision;
    if (peer.ignoreOffer) return;
    await pc.setRemoteDescription(description);
    if (description.type === "offer") {
      await pc.setLocalDescription();
      signalPeer(peer, { description: pc.localDescription.toJSON() });
    }
  } else if (data.candidate) {
    try {
      await pc.addIceCandidate(data.candidate);
    } catch (err) {
      if (!peer.ignoreOffer) throw err;
    }
  }
}

function onRemoteTrack(peer, event) {
  const tile = room.tiles.get(peer.seatId);
  const stream = event.streams[0] || peer.stream || new MediaStream();
  if (!event.streams[0]) stream.addTrack(event.track);
  peer.stream = stream;
  applyReceiveDelay(peer);
  if (room.recording) connectToRecording(peer.seatId, stream);
  if (!tile) return;
  if (tile.video.srcObject !== stream) {
    tile.video.srcObject = stream;
    tile.video.addEventListener("loadeddata", () => markFirstFrame(tile), { once: true });
  }
  tile.video.play().catch(() => offerToUnmute());
}

function markFirstFrame(tile) {
  if (!tile.root.dataset.firstFrameMs) tile.root.dataset.firstFrameMs = String(Math.round(performance.now()));
}

/** Browsers may refuse to play sound before a click; one button starts every tile. */
function offerToUnmute() {
  if (room.ui.unmute) return;
  room.ui.unmute = button(
    _("Click to hear the others"),
    () => {
      for (const tile of room.tiles.values()) tile.video.play().catch(() => {});
      room.ui.unmute.remove();
      room.ui.unmute = null;
    },
    "cb-button cb-unmute",
  );
  room.ui.stage.prepend(room.ui.unmute);
}

function onConnectionState(peer) {
  const tile = room.tiles.get(peer.seatId);
  const state = peer.pc.connectionState;
  if (state === "connected") {
    peer.downSince = null;
    applyLinkPreset(peer); // the encodings exist now; it also marks the tile live
  } else if (state === "disconnected" || state === "failed") {
    peer.downSince = peer.downSince ?? performance.now();
    if (tile) setTileState(tile, "reconnecting", _("reconnecting…"));
  }
}

/**
 * A link down for CONNECT_TIMEOUT_MS is rebuilt from scratch: ICE restarts mend a changed network,
 * this mends a negotiation cut short (messages lost while the server was away).
 */
function healStuckLinks() {
  const now = performance.now();
  const signalling = room.socket && room.socket.readyState === WebSocket.OPEN;
  for (const peer of [...room.peers.values()]) {
    const stuck = peer.downSince !== null && now - peer.downSince > CONNECT_TIMEOUT_MS;
    const hasMedia = peer.pc.getTransceivers().length > 0 || peer.pc.signalingState !== "stable";
    if (stuck && hasMedia && signalling && room.online.has(peer.seatId)) resetPeer(peer.seatId);
  }
}

function setTileState(tile, state, text) {
  if (state === "live" || state === "audio-only") tile.wasLive = true;
  tile.root.dataset.state = state;
  tile.status.textContent = text;
}

// ---------------------------------------------------------------- island link presets

function choosePreset(letter, presetId) {
  applyRoomPreset(letter, presetId); // at once here; the server tells everyone else
  send({ type: "link-preset", room: letter, preset: presetId });
}

function applyRoomPreset(letter, presetId) {
  if (!letter || !room.presets.has(presetId)) return;
  room.roomPresets.set(letter, presetId);
  const preset = room.presets.get(presetId);
  for (const select of document.querySelectorAll(`.cb-preset-select[data-room="${CSS.escape(letter)}"]`)) {
    select.value = presetId;
  }
  for (const badge of document.querySelectorAll(`.cb-preset-badge[data-room="${CSS.escape(letter)}"]`)) {
    badge.textContent = fill(_("Link: {preset}"), { preset: preset.label || preset.id });
  }
  for (const peer of room.peers.values()) {
    if (linkRoom(room.me, room.seats.get(peer.seatId)) === letter) applyLinkPreset(peer);
  }
}

function applyLinkPreset(peer) {
  const preset = presetFor(room.seats.get(peer.seatId));
  applyReceiveDelay(peer, preset);
  applySendLimits(peer, preset).catch((err) => console.warn("practice room: link limits for", peer.seatId, err));
  const tile = room.tiles.get(peer.seatId);
  if (tile && peer.pc.connectionState === "connected") {
    if (preset.video === false) setTileState(tile, "audio-only", _("audio only"));
    else setTileState(tile, "live", "");
  }
}

/** Receivers wait longer before playing: the island's delay, felt by both ends of the link. */
function applyReceiveDelay(peer, preset = presetFor(room.seats.get(peer.seatId))) {
  const target = preset.delay_ms ? Number(preset.delay_ms) : null;
  for (const receiver of peer.pc.getReceivers()) {
    if ("jitterBufferTarget" in receiver) receiver.jitterBufferTarget = target;
  }
}

/** Senders keep under the island's bitrate and resolution, or stop sending video. */
async function applySendLimits(peer, preset) {
  for (const sender of peer.pc.getSenders()) {
    if (!sender.track) continue;
    const params = sender.getParameters();
    // Before the first negotiation there are no encodings; "connected" calls this again.
    if (!params.encodings || params.encodings.length === 0) continue;
    const encoding = params.encodings[0];
    if (sender.track.kind === "video") {
      encoding.active = preset.video !== false;
      if (preset.max_kbps) {
        const videoKbps = preset.max_kbps / PRESET_HEADROOM - PRESET_AUDIO_KBPS;
        encoding.maxBitrate = Math.max(MIN_VIDEO_KBPS, videoKbps) * 1000;
      } else {
        delete encoding.maxBitrate;
      }
      const height = sender.track.getSettings().height || 480;
      encoding.scaleResolutionDownBy = preset.max_height ? Math.max(1, height / preset.max_height) : 1;
    } else if (preset.max_kbps) {
      encoding.maxBitrate = PRESET_AUDIO_KBPS * 1000;
    } else {
      delete encoding.maxBitrate;
    }
    await sender.setParameters(params);
  }
}

// ---------------------------------------------------------------- link readout

async function sampleStats(peer) {
  const report = await peer.pc.getStats();
  const now = performance.now();
  const sample = { at: now, bytes: 0, lost: 0, received: 0, frames: 0, fps: null, jbDelay: 0, jbCount: 0, rtt: null, inbound: false };
  report.forEach((s) => {
    if (s.type === "inbound-rtp") {
      sample.inbound = true;
      sample.bytes += s.bytesReceived || 0;
      sample.lost += Math.max(0, s.packetsLost || 0);
      sample.received += s.packetsReceived || 0;
      if (s.kind === "video") {
        sample.frames += s.framesDecoded || 0;
        if (typeof s.framesPerSecond === "number") sample.fps = s.framesPerSecond;
        sample.jbDelay += s.jitterBufferDelay || 0;
        sample.jbCount += s.jitterBufferEmittedCount || 0;
      }
    } else if (s.type === "candidate-pair" && s.nominated && s.state === "succeeded") {
      if (typeof s.currentRoundTripTime === "number") sample.rtt = s.currentRoundTripTime;
    } else if (s.type === "remote-inbound-rtp" && sample.rtt === null) {
      // Before the first connectivity check has an answer, the sender reports measure RTT too.
      if (typeof s.roundTripTime === "number") sample.rtt = s.roundTripTime;
    }
  });
  const last = peer.last;
  peer.last = sample;
  if (!last) return null;
  const seconds = (now - last.at) / 1000;
  const packets = sample.received - last.received + (sample.lost - last.lost);
  const emitted = sample.jbCount - last.jbCount;
  return {
    fps: sample.fps ?? (sample.frames - last.frames) / seconds,
    kbps: ((sample.bytes - last.bytes) * 8) / 1000 / seconds,
    rtt: sample.rtt === null ? null : sample.rtt * 1000,
    loss: packets > 0 ? ((sample.lost - last.lost) / packets) * 100 : 0,
    buffer: emitted > 0 ? ((sample.jbDelay - last.jbDelay) / emitted) * 1000 : null,
    frames: sample.frames,
    inbound: sample.inbound,
  };
}

/** A new link starts its readout afresh: old figures would describe a connection now closed. */
function clearStats(tile) {
  for (const key of Object.keys(tile.stats.dataset)) delete tile.stats.dataset[key];
  tile.stats.textContent = _("no link yet");
}

function showStats(tile, figures) {
  const stats = tile.stats;
  const round = (x) => (x === null || Number.isNaN(x) ? null : Math.round(x));
  stats.dataset.fps = String(round(figures.fps) ?? "");
  stats.dataset.kbps = String(round(figures.kbps) ?? "");
  stats.dataset.rttMs = String(round(figures.rtt) ?? "");
  stats.dataset.lossPercent = figures.loss.toFixed(1);
  stats.dataset.bufferMs = String(round(figures.buffer) ?? "");
  stats.dataset.framesDecoded = String(figures.frames);
  const rtt = figures.rtt === null ? "–" : Math.round(figures.rtt);
  const buffer = figures.buffer === null ? "" : " · " + fill(_("{ms} ms buffer"), { ms: Math.round(figures.buffer) });
  stats.textContent =
    fill(_("{fps} fps · {kbps} kbps · RTT {rtt} ms · loss {loss} %"), {
      fps: Math.round(figures.fps || 0),
      kbps: Math.round(figures.kbps),
      rtt,
      loss: figures.loss.toFixed(1),
    }) + buffer;
}

async function updateStats() {
  for (const peer of [...room.peers.values()]) {
    const tile = room.tiles.get(peer.seatId);
    if (!tile || peer.pc.connectionState !== "connected") continue;
    try {
      const figures = await sampleStats(peer);
      if (figures) {
        showStats(tile, figures);
        followMedia(peer, tile, figures);
      }
    } catch {
      // the connection closed while we asked: the next tick sees its successor
    }
  }
}

/** The tile says "reconnecting" while no media arrives on a connected link, and "live" once it does. */
function followMedia(peer, tile, figures) {
  if (!figures.inbound) return; // the other end sends nothing (no camera, or the observer)
  const flowing = figures.kbps > 1;
  peer.quietSeconds = flowing ? 0 : peer.quietSeconds + 1;
  const state = tile.root.dataset.state;
  if (flowing && state === "reconnecting") applyLinkPreset(peer);
  else if (peer.quietSeconds >= 2 && (state === "live" || state === "audio-only")) {
    setTileState(tile, "reconnecting", _("reconnecting…"));
  }
}

function tickClock() {
  const now = formatClock(sessionNow());
  room.ui.clock.textContent = now;
  for (const node of document.querySelectorAll(".cb-notes-clock-time")) node.textContent = now;
}

// ---------------------------------------------------------------- signals from the rooms

function cuePanel() {
  const panel = el("section", "cb-cues");
  panel.append(el("h2", "cb-panel-title", _("Signal to the teacher")));
  const row = el("div", "cb-cue-buttons");
  if (room.me.role === "learners") {
    const hand = button(_("Raise hand"), () => {
      const raised = hand.getAttribute("aria-pressed") === "true";
      sendCue(raised ? "clear" : "hand");
    });
    hand.setAttribute("aria-pressed", "false");
    hand.dataset.cue = "hand";
    row.append(hand);
  } else {
    for (const [cue, label] of [
      ["trouble", _("Trouble")],
      ["ready", _("We're ready")],
      ["clear", _("Clear signal")],
    ]) {
      const node = button(label, () => sendCue(cue));
      node.dataset.cue = cue;
      row.append(node);
    }
  }
  const mine = el("p", "cb-my-cue");
  mine.setAttribute("role", "status");
  panel.append(row, mine);
  room.ui.myCue = mine;
  room.ui.cueButtons = row;
  return panel;
}

function sendCue(cue) {
  if (!send({ type: "cue", cue })) banner(_("Not sent: the session server is not reachable yet."), "warning");
}

function showCue(fromSeat, cue) {
  if (fromSeat === room.me.id) {
    room.ui.myCue.textContent = cue === "clear" ? "" : fill(_("Shown to the teacher: {cue}"), { cue: CUE_TEXT[cue] || cue });
    const hand = room.ui.cueButtons.querySelector('[data-cue="hand"]');
    if (hand) {
      hand.setAttribute("aria-pressed", String(cue === "hand"));
      hand.textContent = cue === "hand" ? _("Lower hand") : _("Raise hand");
    }
    return;
  }
  const tile = room.tiles.get(fromSeat);
  if (!tile) return;
  tile.cue.hidden = cue === "clear" || !CUE_TEXT[cue];
  tile.cue.textContent = CUE_TEXT[cue] || "";
  tile.cue.dataset.cue = cue;
  tile.root.dataset.cue = cue === "clear" ? "" : cue;
}

// ---------------------------------------------------------------- observer's notes

function rubricSpec() {
  const rubric = room.config.rubric || {};
  const criteria = Array.isArray(rubric) ? rubric : rubric.criteria || [];
  const levels = (!Array.isArray(rubric) && rubric.levels) || DEFAULT_LEVELS;
  return { criteria: criteria.map((c) => (typeof c === "string" ? { id: c, label: c } : c)), levels };
}

function notesPanel() {
  const panel = el("section", "cb-notes");
  panel.append(el("h2", "cb-panel-title", _("Observer's notes")));
  const clock = el("p", "cb-notes-clock");
  clock.append(_("Session time"), " ", el("span", "cb-notes-clock-time", "--:--"));
  panel.append(clock);
  const { criteria, levels } = rubricSpec();
  const rubricBox = el("div", "cb-rubric-marks");
  for (const criterion of criteria) {
    const row = el("div", "cb-criterion");
    row.dataset.criterion = criterion.id;
    row.append(el("span", "cb-criterion-label", criterion.label || criterion.id));
    const group = el("div", "cb-criterion-levels");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", criterion.label || criterion.id);
    levels.forEach((level, index) => {
      const mark = index + 1;
      const node = button(level, () => markCriterion(criterion, level, mark), "cb-button cb-level");
      node.dataset.mark = String(mark);
      node.setAttribute("aria-pressed", "false");
      node.setAttribute("aria-label", `${criterion.label || criterion.id}: ${level}`);
      group.append(node);
    });
    row.append(group);
    rubricBox.append(row);
  }
  const form = el("div", "cb-note-form");
  const label = el("label", "cb-note-label", _("Note"));
  const text = el("textarea", "cb-note-input");
  text.rows = 2;
  text.placeholder = _("What happened, e.g. waited 5 s for Room A");
  label.append(text);
  // A note is stamped when its writing starts: the moment the observer reacted to.
  text.addEventListener("input", () => {
    if (room.ui.noteStartedAt === null && text.value.trim()) room.ui.noteStartedAt = sessionNow();
    if (!text.value.trim()) room.ui.noteStartedAt = null;
  });
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) addTypedNote();
  });
  const add = button(_("Add note"), () => addTypedNote());
  const status = el("p", "cb-note-status");
  status.setAttribute("role", "status");
  form.append(label, add, status);
  const list = el("ol", "cb-notes-list");
  panel.append(rubricBox, form, list);
  room.ui.noteText = text;
  room.ui.noteStatus = status;
  room.ui.notesList = list;
  room.ui.noteStartedAt = null;
  room.ui.rubricBox = rubricBox;
  return panel;
}

function addTypedNote() {
  const text = room.ui.noteText.value.trim();
  if (!text) return;
  const at = room.ui.noteStartedAt ?? sessionNow() ?? 0;
  saveNote({ at_ms: at, text, criterion: null, mark: null }).then((ok) => {
    if (ok) {
      room.ui.noteText.value = "";
      room.ui.noteStartedAt = null;
    }
  });
}

function markCriterion(criterion, level, mark) {
  const note = { at_ms: sessionNow() ?? 0, text: `${criterion.label || criterion.id}: ${level}`, criterion: criterion.id, mark };
  saveNote(note).then((ok) => ok && showMark(criterion.id, mark));
}

function showMark(criterionId, mark) {
  const row = room.ui.rubricBox.querySelector(`[data-criterion="${CSS.escape(criterionId)}"]`);
  if (!row) return;
  for (const node of row.querySelectorAll(".cb-level")) {
    node.setAttribute("aria-pressed", String(node.dataset.mark === String(mark)));
  }
}

async function saveNote(note) {
  const status = room.ui.noteStatus;
  status.textContent = _("Saving…");
  let response;
  try {
    response = await postTo(seatUrl(room.config.urls.notes), JSON.stringify(note), "application/json");
  } catch {
    status.textContent = _("Not saved: the server cannot be reached. Press Add note again in a moment.");
    return false;
  }
  if (!response.ok) {
    status.textContent = fill(_("Not saved: {reason}"), { reason: await reasonOf(response) });
    return false;
  }
  const saved = await response.json().catch(() => ({}));
  const stored = saved && saved.note ? saved.note : { ...note, ...saved };
  room.notes.push(stored);
  renderNotes();
  status.textContent = fill(_("Saved at {time}."), { time: formatClock(stored.at_ms) });
  return true;
}

async function loadNotes() {
  let response;
  try {
    // The XSRF header even on a GET: JupyterHub takes its login cookie on a fetch only with it.
    response = await fetch(seatUrl(room.config.urls.notes), {
      credentials: "same-origin",
      headers: { "X-XSRFToken": xsrfToken() },
    });
  } catch {
    return;
  }
  if (!response.ok) return;
  const body = await response.json().catch(() => null);
  if (!body) return;
  room.notes = Array.isArray(body.notes) ? body.notes : [];
  renderNotes();
  for (const [criterion, mark] of Object.entries(body.rubric || {})) if (room.ui.rubricBox) showMark(criterion, mark);
  for (const recording of body.recordings || []) addRecording(recording);
}

/** Every note list on the page (observer's panel, review panel) from room.notes. */
function renderNotes() {
  const sorted = [...room.notes].sort((a, b) => (a.at_ms || 0) - (b.at_ms || 0));
  for (const list of document.querySelectorAll(".cb-notes-list")) {
    list.replaceChildren(
      ...sorted.map((note) => {
        const item = el("li", "cb-note");
        const jump = button("", () => seekToNote(note), "cb-note-jump");
        jump.dataset.atMs = String(note.at_ms);
        jump.append(el("span", "cb-note-time", formatClock(note.at_ms)), el("span", "cb-note-text", note.text));
        item.append(jump);
        return item;
      }),
    );
  }
}

// ---------------------------------------------------------------- recording (teacher seat)

function recordPanel() {
  const panel = el("section", "cb-record");
  panel.append(el("h2", "cb-panel-title", _("Recording")));
  const toggle = button(_("Start recording"), () => (room.recording ? stopRecording() : startRecording()));
  toggle.disabled = true; // until the camera works
  const status = el("p", "cb-record-status", _("Records your camera and the rooms, with sound."));
  status.setAttribute("role", "status");
  panel.append(toggle, status);
  room.ui.recordButton = toggle;
  room.ui.recordStatus = status;
  return panel;
}

function recordingMimeType() {
  for (const type of ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm"]) {
    if (MediaRecorder.isTypeSupported(type)) return type;
  }
  return "";
}

/** One small canvas with every live tile, redrawn COMPOSITE.fps times a second. */
function startComposite() {
  const canvas = document.createElement("canvas");
  canvas.width = COMPOSITE.width;
  canvas.height = COMPOSITE.height;
  const ctx = canvas.getContext("2d");
  const draw = () => {
    const cells = [{ video: room.ui.ownVideo, label: fill(_("{seat} (you)"), { seat: seatLabel(room.me.id) }) }];
    for (const tile of room.tiles.values()) {
      if (tile.video.srcObject && tile.video.readyState >= 2) cells.push({ video: tile.video, label: seatLabel(tile.seat.id) });
    }
    const cols = Math.ceil(Math.sqrt(cells.length));
    const rows = Math.ceil(cells.length / cols);
    const w = COMPOSITE.width / cols;
    const h = COMPOSITE.height / rows;
    ctx.fillStyle = "#111";
    ctx.fillRect(0, 0, COMPOSITE.width, COMPOSITE.height);
    cells.forEach((cell, i) => {
      const x = (i % cols) * w;
      const y = Math.floor(i / cols) * h;
      if (cell.video.readyState >= 2) ctx.drawImage(cell.video, x, y, w, h);
      ctx.fillStyle = "rgba(0,0,0,0.6)";
      ctx.fillRect(x, y + h - 18, w, 18);
      ctx.fillStyle = "#fff";
      ctx.font = "12px sans-serif";
      ctx.fillText(cell.label, x + 4, y + h - 5, w - 8);
    });
  };
  draw();
  const timer = every(1000 / COMPOSITE.fps, draw);
  return { canvas, timer };
}

/** Own microphone and every remote room's sound, mixed into one track. */
function startAudioMix() {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  // A silent source keeps the track producing samples: MediaRecorder's WebM muxer waits for
  // audio, and a mix with no live input (microphone muted, nobody else yet) would record nothing.
  const silence = context.createConstantSource();
  silence.offset.value = 0;
  silence.connect(destination);
  silence.start();
  const mix = { context, destination, sources: new Map() };
  if (room.localStream && room.localStream.getAudioTracks().length) {
    mix.sources.set(room.me.id, context.createMediaStreamSource(room.localStream));
    mix.sources.get(room.me.id).connect(destination);
  }
  return mix;
}

function connectToRecording(seatId, stream) {
  const mix = room.recording && room.recording.mix;
  if (!mix || !stream.getAudioTracks().length) return;
  disconnectFromRecording(seatId);
  const source = mix.context.createMediaStreamSource(stream);
  source.connect(mix.destination);
  mix.sources.set(seatId, source);
}

function disconnectFromRecording(seatId) {
  const mix = room.recording && room.recording.mix;
  const source = mix && mix.sources.get(seatId);
  if (source) {
    source.disconnect();
    mix.sources.delete(seatId);
  }
}

function startRecording() {
  if (!room.localStream) return;
  const composite = startComposite();
  const mix = startAudioMix();
  const stream = new MediaStream([
    ...composite.canvas.captureStream(COMPOSITE.fps).getVideoTracks(),
    ...mix.destination.stream.getAudioTracks(),
  ]);
  const mimeType = recordingMimeType();
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: RECORDING_VIDEO_BPS });
  const rec = {
    id: `rec-${randomId()}`,
    started_ms: sessionNow() ?? 0,
    recorder,
    composite,
    mix,
    next: 0,
    held: [], // pieces not sent yet (only before the first upload)
    sentBytes: 0,
    queue: Promise.resolve(),
    failed: null,
    stopped: new Promise((resolve) => recorder.addEventListener("stop", resolve, { once: true })),
  };
  room.recording = rec;
  for (const peer of room.peers.values()) if (peer.stream) connectToRecording(peer.seatId, peer.stream);
  // Chunks are sent strictly one after another; stop awaits the queue, or the last is lost.
  recorder.addEventListener("dataavailable", (event) => {
    if (event.data && event.data.size > 0) enqueueChunk(rec, event.data, recorder.state === "inactive");
  });
  recorder.start(CHUNK_MS);
  room.ui.recordButton.textContent = _("Stop recording");
  room.ui.recordStatus.textContent = _("● Recording");
  room.ui.main.dataset.recording = "yes";
  announce({ recording: rec.id, state: "recording", started_ms: rec.started_ms });
}

function chunkUrl(rec, part) {
  const base = String(room.config.urls.recording).replace(/\/+$/, "");
  return seatUrl(`${base}/${encodeURIComponent(rec.id)}/${part}`);
}

function enqueueChunk(rec, piece, last) {
  rec.held.push(piece);
  const size = rec.held.reduce((total, b) => total + b.size, 0);
  if (rec.next === 0 && size < MIN_FIRST_CHUNK_BYTES && !last) return;
  const blob = new Blob(rec.held, { type: piece.type });
  rec.held = [];
  const n = rec.next;
  rec.next += 1;
  rec.queue = rec.queue.then(() => (rec.failed ? undefined : uploadChunk(rec, n, blob)));
}

async function uploadChunk(rec, n, blob) {
  for (let attempt = 0; ; attempt += 1) {
    let response;
    try {
      response = await postTo(chunkUrl(rec, n), blob, "video/webm");
    } catch {
      // The server is away (restarting?): keep the chunk and try again, in order.
      if (attempt < UPLOAD_RETRIES) {
        await sleep(1000 * (attempt + 1));
        continue;
      }
      failRecording(rec, _("the server could not be reached"));
      return;
    }
    if (response.ok) {
      rec.sentBytes += blob.size;
      const saved = (rec.sentBytes / 2 ** 20).toFixed(1);
      if (room.recording === rec) room.ui.recordStatus.textContent = fill(_("● Recording ({size} MB saved)"), { size: saved });
      return;
    }
    failRecording(rec, await reasonOf(response));
    return;
  }
}

function failRecording(rec, reason) {
  if (rec.failed) return;
  rec.failed = reason;
  if (rec.recorder.state !== "inactive") rec.recorder.stop();
  endRecordingUi(rec);
  room.ui.recordStatus.textContent = fill(_("Recording stopped: {reason}. The part already saved is kept."), { reason });
  room.ui.recordStatus.dataset.kind = "error";
}

async function stopRecording() {
  const rec = room.recording;
  if (!rec) return;
  room.ui.recordButton.disabled = true;
  room.ui.recordStatus.textContent = _("Saving the last seconds…");
  if (rec.recorder.state !== "inactive") rec.recorder.stop();
  await rec.stopped; // the final dataavailable comes before "stop"
  if (rec.held.length) enqueueChunk(rec, new Blob([]), true);
  await rec.queue;
  endRecordingUi(rec);
  if (rec.failed) return;
  let response;
  try {
    response = await postTo(`${chunkUrl(rec, "finish")}`, JSON.stringify({ started_ms: rec.started_ms, chunks: rec.next }), "application/json");
  } catch {
    response = null;
  }
  if (!response || !response.ok) {
    const reason = response ? await reasonOf(response) : _("the server could not be reached");
    room.ui.recordStatus.textContent = fill(_("The recording is saved but not marked finished: {reason}."), { reason });
    return;
  }
  const body = await response.json().catch(() => ({}));
  room.ui.recordStatus.textContent = fill(_("Saved: {file}"), { file: body.file || _("in your clips folder") });
  room.ui.recordStatus.dataset.kind = "saved";
  addRecording({ id: rec.id, started_ms: rec.started_ms });
  announce({ recording: rec.id, state: "saved", started_ms: rec.started_ms });
  loadNotes(); // the observer's notes, beside the playback
}

function endRecordingUi(rec) {
  clearInterval(rec.composite.timer);
  room.timers.delete(rec.composite.timer);
  rec.mix.context.close().catch(() => {});
  if (room.recording === rec) room.recording = null;
  room.ui.main.dataset.recording = "no";
  room.ui.recordButton.textContent = _("Start recording");
  room.ui.recordButton.disabled = !room.localStream;
}

/** Recording news for every linked seat, through the relay (its payload is ours to define). */
function announce(news) {
  for (const peer of room.peers.values()) {
    if (room.online.has(peer.seatId)) send({ type: "signal", to: peer.seatId, data: { announce: news } });
  }
}

function onAnnouncement(fromSeat, news) {
  if (room.seats.get(fromSeat)?.role !== "teacher" || !news.recording) return;
  if (news.state === "recording") banner(fill(_("{seat} is recording the session."), { seat: seatLabel(fromSeat) }), "info");
  if (news.state === "saved") {
    banner("");
    addRecording({ id: news.recording, started_ms: news.started_ms });
  }
}

// ---------------------------------------------------------------- playback beside the notes

function reviewPanel() {
  const panel = el("section", "cb-review");
  panel.hidden = true;
  panel.append(el("h2", "cb-panel-title", _("Recording and notes")));
  const video = el("video", "cb-playback");
  video.controls = true;
  video.preload = "metadata";
  const hint = el("p", "cb-review-hint", _("Click a note to jump to that moment."));
  const list = el("ol", "cb-notes-list");
  panel.append(video, hint, list);
  room.ui.review = panel;
  room.ui.playback = video;
  room.ui.reviewHint = hint;
  return panel;
}

/**
 * Where a recording starts on the session clock. This page knows it exactly for its own recording
 * (and the teacher announces it); a recording listed by the server carries only the wall-clock time
 * its first chunk arrived, one chunk after the recorder started.
 */
function recordingStart(recording) {
  if (typeof recording.started_ms === "number") return { ms: recording.started_ms, exact: true };
  const now = sessionNow();
  if (recording.started && now !== null) {
    const sessionStartWall = Date.now() - now;
    return { ms: Math.max(0, Date.parse(recording.started) - sessionStartWall - CHUNK_MS), exact: false };
  }
  return { ms: 0, exact: false };
}

function addRecording(recording) {
  if (!room.ui.review || !recording || !recording.id) return;
  const known = room.recordings.get(recording.id);
  const start = recordingStart(recording);
  const base = String(room.config.urls.recording).replace(/\/+$/, "");
  const entry = {
    id: recording.id,
    started_ms: known && known.exact && !start.exact ? known.started_ms : start.ms,
    exact: start.exact || Boolean(known && known.exact),
    url: seatUrl(`${base}/${encodeURIComponent(recording.id)}`).toString(),
  };
  room.recordings.set(entry.id, entry);
  const newest = [...room.recordings.values()].sort((a, b) => a.started_ms - b.started_ms).pop();
  room.ui.review.hidden = false;
  room.ui.playback.dataset.startedMs = String(newest.started_ms);
  if (room.ui.review.dataset.recording !== newest.id) {
    room.ui.review.dataset.recording = newest.id;
    room.ui.playback.src = newest.url;
    room.ui.playback.addEventListener("loadedmetadata", () => findDuration(room.ui.playback), { once: true });
  }
  renderNotes();
}

/**
 * MediaRecorder's WebM has no duration: seeking to the far end makes the browser find it, then
 * the video goes back to the start, or to the note clicked meanwhile.
 */
function findDuration(video) {
  const back = () => {
    if (!Number.isFinite(video.duration)) return;
    video.removeEventListener("durationchange", back);
    video.currentTime = Math.min(room.ui.playbackSeek ?? 0, video.duration);
    room.ui.playbackSeek = null;
  };
  if (Number.isFinite(video.duration)) {
    back();
    return;
  }
  video.addEventListener("durationchange", back);
  video.currentTime = 1e7;
}

function seekToNote(note) {
  const video = room.ui.playback;
  if (!video || room.ui.review.hidden) return;
  const started = Number(video.dataset.startedMs) || 0;
  const seconds = (note.at_ms - started) / 1000;
  if (seconds < 0) {
    room.ui.reviewHint.textContent = _("That note was written before the recording started.");
    return;
  }
  room.ui.reviewHint.textContent = fill(_("At {time} of the session."), { time: formatClock(note.at_ms) });
  if (Number.isFinite(video.duration)) video.currentTime = Math.min(seconds, video.duration);
  else room.ui.playbackSeek = seconds; // applied once the duration is known
}

// ---------------------------------------------------------------- start

function main() {
  const configNode = document.getElementById("cb-room-config");
  if (!configNode) return; // the refusal page: its message is already there
  readConfig();
  buildLayout();
  window.addEventListener("beforeunload", () => {
    room.stopped = true;
    clearTimers();
  });
  every(STATS_EVERY_MS, updateStats);
  every(CLOCK_EVERY_MS, tickClock);
  every(CONNECT_TIMEOUT_MS / 4, healStuckLinks);
  // Join at once; the camera's tracks are added to the links when it is ready.
  connectSignal();
  startCamera();
}

main();
