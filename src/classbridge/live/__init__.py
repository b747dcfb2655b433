"""The live practice room: trainees rehearse a webcast lesson together, on our own server.

A trainer or a trainee creates a *practice session* with seats (remote teacher,
on-site co-teacher and learners of each remote room, observer); each seat gets
a join link holding a signed seat token, so a seat's role comes from the
server, never from the browser. The browsers connect to each other directly
(a WebRTC mesh of up to six); this package is what the server adds: the room
page, the signalling relay, the observer's notes and the recording upload.

One module per job: ``settings`` (where sessions live, TURN), ``seat_token``,
``practice_session`` (sessions and seats), ``session_store``, ``signalling``,
``notes``, ``recording_upload``, ``link_presets``, ``turn_credentials``,
``room_page``, ``handlers`` (the tornado routes), ``server_extension`` (a plain
Jupyter server), ``rooms_service`` (a JupyterHub service) and
``practice_session_widget`` (module 05's buttons). See docs/live-room.md.
"""
