"""A ClassBridge workshop hub on one machine.

Start it with ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py``.

For a workshop that must keep running, prefer The Littlest JupyterHub, which
adds system accounts, HTTPS and limits (docs/schools.md); this file is the
quickest way to a working hub and what our tests start.

Beyond the variables of classbridge_workshop.py it reads:

CLASSBRIDGE_HUB_BIND_URL          where trainees connect (default http://127.0.0.1:8000)
CLASSBRIDGE_HUB_TRAINEE_PASSWORD  the shared password trainees log in with
                                  (at least 8 characters)
CLASSBRIDGE_HUB_TRAINER_PASSWORD  the trainers' shared password (at least 32
                                  characters, JupyterHub's rule for admins)
CLASSBRIDGE_HUB_SPAWNER           "local" (default): each person runs as the
                                  system account of that name (create them first);
                                  "simple": everyone runs as the hub's own account,
                                  homes in <workshop>/home (a trial run only: no
                                  isolation between people)
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file
here = Path(__file__).resolve().parent
load_subconfig(str(here / "classbridge_workshop.py"))  # noqa: F821 - provided by JupyterHub

workshop = Path(os.environ.get("CLASSBRIDGE_WORKSHOP_DIR", "/srv/classbridge"))
c.JupyterHub.bind_url = os.environ.get("CLASSBRIDGE_HUB_BIND_URL", "http://127.0.0.1:8000")
c.JupyterHub.db_url = f"sqlite:///{workshop / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(workshop / "jupyterhub_cookie_secret")
# The proxy from npm, installed beside this file by 'npm ci --prefix deploy/jupyterhub'.
proxy = here / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]

trainee_password = os.environ.get("CLASSBRIDGE_HUB_TRAINEE_PASSWORD")
if trainee_password:
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = trainee_password
    c.SharedPasswordAuthenticator.admin_password = os.environ.get(
        "CLASSBRIDGE_HUB_TRAINER_PASSWORD", ""
    )

# User servers run from the hub's own environment on this machine.
c.Spawner.cmd = [str(Path(sys.executable).parent / "classbridge"), "singleuser"]
c.Spawner.ip = "127.0.0.1"
if os.environ.get("CLASSBRIDGE_HUB_SPAWNER", "local") == "simple":
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(workshop / "home" / "{username}")
