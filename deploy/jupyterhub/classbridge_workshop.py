"""ClassBridge's part of a JupyterHub configuration: who is a trainer, what each role gets.

Load it from any JupyterHub configuration, whatever spawns the user servers:

* this folder's ``jupyterhub_config.py`` (one machine) loads it;
* The Littlest JupyterHub: copy it to ``/opt/tljh/config/jupyterhub_config.d/``;
* Zero to JupyterHub: ``z2jh-values.yaml`` mounts it and loads it (see there).

It reads, from the hub's environment:

CLASSBRIDGE_WORKSHOP_DIR   shared folder (default /srv/classbridge) holding
                           roster.csv, exchange/ (nbgrader's, open to all),
                           lesson-bank/ (plans everyone co-writes, open to all) and
                           trainers/ (the trainers' folder: modules/ and course/)
CLASSBRIDGE_ROSTER         the roster file, if not <workshop>/roster.csv
CLASSBRIDGE_COURSE_ID      nbgrader course id, passed on to every user server
CLASSBRIDGE_GRADEBOOK_URL  the trainers' nbgrader gradebook, a SQLAlchemy URL, passed on
                           to the trainers' servers; use PostgreSQL when several
                           trainers grade at once
Unset, ClassBridge's own defaults apply in the user servers (one owner:
classbridge.grading.course.Course): course "classbridge", SQLite in the course folder.

The roster is a CSV file with a header ``username,role`` and one line per
person; role is ``trainer`` or ``trainee``. Trainers become hub admins (so they
can open a trainee's server to help) and nbgrader instructors whose servers
open the shared trainers' folder (nbgrader's formgrader needs the course inside
the folder a server opens); trainees are nbgrader students with nbgrader's
trainer tools turned off. Every user server
runs ``classbridge singleuser``, which gives Jupyter ClassBridge's Voilà
template and settings (Voilà is at ``/user/<name>/voila/``).

Everyone may share their server by invitation code (JupyterHub's sharing), so
two teachers can co-edit a notebook live in JupyterLab (jupyter-collaboration);
see docs/lesson-bank.md.
"""

import csv
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

ROLES = ("trainer", "trainee")
WORKSHOP = Path(os.environ.get("CLASSBRIDGE_WORKSHOP_DIR", "/srv/classbridge"))
ROSTER = Path(os.environ.get("CLASSBRIDGE_ROSTER") or WORKSHOP / "roster.csv")
EXCHANGE = WORKSHOP / "exchange"
LESSON_BANK = WORKSHOP / "lesson-bank"
TRAINERS_DIR = WORKSHOP / "trainers"
COURSE = TRAINERS_DIR / "course"
# The course settings the hub passes on as they are: their defaults live in one place,
# classbridge.grading.course.Course, which the user servers read (this hub may run
# without ClassBridge installed, e.g. Zero to JupyterHub's hub image).
PASSED_ON = {
    name: os.environ[name]
    for name in ("CLASSBRIDGE_COURSE_ID", "CLASSBRIDGE_GRADEBOOK_URL")
    if os.environ.get(name)
}


def read_roster(path: Path) -> dict[str, str]:
    """username -> role; a bad roster stops the hub with one line naming the fix."""
    if not path.is_file():
        sys.exit(
            f"classbridge: roster {path} does not exist: write a CSV with the header "
            "'username,role' (see deploy/jupyterhub/roster.example.csv)"
        )
    roster: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        if rows.fieldnames is None or not {"username", "role"} <= set(rows.fieldnames):
            sys.exit(f"classbridge: roster {path} needs the header 'username,role'")
        for line, row in enumerate(rows, start=2):
            name = (row["username"] or "").strip().lower()
            role = (row["role"] or "").strip().lower()
            if not name or role not in ROLES:
                sys.exit(
                    f"classbridge: roster {path} line {line}: give a username and a role "
                    f"of {' or '.join(ROLES)} (got {row['username']!r}, {row['role']!r})"
                )
            roster[name] = role
    return roster


roster = read_roster(ROSTER)
trainers = sorted(name for name, role in roster.items() if role == "trainer")
trainees = sorted(name for name, role in roster.items() if role == "trainee")

c.Authenticator.allowed_users = set(roster)
c.Authenticator.admin_users = set(trainers)
# Sharing by invitation code: a teacher lets a co-author into their server to co-edit
# live. Names of other users stay private (no read:users:name).
c.JupyterHub.load_roles = [{"name": "user", "scopes": ["self", "shares!user"]}]
c.JupyterHub.load_groups = {"trainers": {"users": trainers}, "trainees": {"users": trainees}}

# nbgrader's exchange: every user writes hand-ins into it, so it is open to all
# (nbgrader's own requirement); the trainers' folder is for trainers only.
# The lesson bank likewise: co-authors replace each other's plan files.
for shared in (EXCHANGE, LESSON_BANK):
    shared.mkdir(parents=True, exist_ok=True)
    shared.chmod(0o777)
TRAINERS_DIR.mkdir(parents=True, exist_ok=True, mode=0o770)

c.Spawner.cmd = ["classbridge", "singleuser"]
c.Spawner.default_url = "/lab"


def classbridge_environment(spawner) -> None:
    """The role and course settings read by ``classbridge singleuser`` and nbgrader_config.py."""
    role = roster.get(spawner.user.name, "trainee")
    spawner.environment.update(
        {
            "CLASSBRIDGE_ROLE": role,
            "CLASSBRIDGE_EXCHANGE": str(EXCHANGE),
            "CLASSBRIDGE_LESSON_BANK": str(LESSON_BANK),
        }
    )
    if role == "trainer":
        spawner.notebook_dir = str(TRAINERS_DIR)
        spawner.environment.update(
            {
                "CLASSBRIDGE_COURSE_DIR": str(COURSE),
                "CLASSBRIDGE_MODULES_DIR": str(TRAINERS_DIR / "modules"),
                **PASSED_ON,
            }
        )
    else:
        spawner.environment.update(
            {k: v for k, v in PASSED_ON.items() if k != "CLASSBRIDGE_GRADEBOOK_URL"}
        )


c.Spawner.pre_spawn_hook = classbridge_environment


# --- The live practice rooms (docs/live-room.md) ------------------------------------------
# Trainees have separate user servers, so their practice sessions meet in one service the
# hub starts and proxies at /services/classbridge-rooms/ (hub OAuth; nothing but the live
# room). Module 05 on a user server creates sessions there with its server's hub token.
# Declared only where ClassBridge is installed beside the hub (not Zero to JupyterHub's image).
#
# CLASSBRIDGE_ROOMS_PORT   the service's port on this machine (default 8870)
# CLASSBRIDGE_ROOMS_URL    where user servers reach the service (default on this machine)
# CLASSBRIDGE_TURN_URLS, CLASSBRIDGE_TURN_SECRET   the school's coturn, passed on if set
import importlib.util  # noqa: E402 - kept with the block that uses it

ROOMS_SERVICE = "classbridge-rooms"
if importlib.util.find_spec("classbridge") is not None:
    rooms_port = int(os.environ.get("CLASSBRIDGE_ROOMS_PORT", "8870"))
    c.JupyterHub.services.append(
        {
            "name": ROOMS_SERVICE,
            "url": f"http://127.0.0.1:{rooms_port}",
            "command": [sys.executable, "-m", "classbridge", "rooms", "serve"]
            + ["--port", str(rooms_port)],
            "oauth_no_confirm": True,
            "environment": {
                "CLASSBRIDGE_ROOMS_DIR": str(WORKSHOP / "rooms"),
                **{
                    name: os.environ[name]
                    for name in ("CLASSBRIDGE_TURN_URLS", "CLASSBRIDGE_TURN_SECRET")
                    if os.environ.get(name)
                },
            },
        }
    )
    access_rooms = f"access:services!service={ROOMS_SERVICE}"
    c.JupyterHub.load_roles.append(
        {"name": "rooms-users", "scopes": [access_rooms], "groups": ["trainers", "trainees"]}
    )
    # The user server's own token (the one its kernels hold) may create sessions there.
    c.JupyterHub.load_roles.append(
        {"name": "server", "scopes": ["users:activity!user", "access:servers!server", access_rooms]}
    )
    c.Spawner.environment.update(
        {
            "CLASSBRIDGE_ROOMS_URL": os.environ.get("CLASSBRIDGE_ROOMS_URL")
            or f"http://127.0.0.1:{rooms_port}/services/{ROOMS_SERVICE}/"
        }
    )
