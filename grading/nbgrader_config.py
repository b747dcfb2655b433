"""nbgrader configuration for a ClassBridge workshop course.

``classbridge grade ...`` passes this file to nbgrader; trainers who prefer
plain nbgrader use it the same way::

    nbgrader autograde 01-welcome --NbGrader.config_file=$(python -c \
        "import classbridge.grading as g; print(g.NBGRADER_CONFIG)")

Everything a workshop changes is an environment variable, set by
``classbridge.grading.course.Course``:

CLASSBRIDGE_COURSE_DIR     the nbgrader course folder (source/, release/, submitted/, ...)
CLASSBRIDGE_COURSE_ID      the course id trainees fetch from (default "classbridge")
CLASSBRIDGE_EXCHANGE       the exchange folder (default <course>/exchange: one machine)
CLASSBRIDGE_GRADEBOOK_URL  any SQLAlchemy URL (default SQLite <course>/gradebook.db)
CLASSBRIDGE_CELL_TIMEOUT   seconds one cell may run while autograding (default 30)
CLASSBRIDGE_ROLE           "trainee" on JupyterHub: hand in under the hub user name
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

course_dir = Path(os.environ.get("CLASSBRIDGE_COURSE_DIR", "course")).resolve()
c.CourseDirectory.root = str(course_dir)
c.CourseDirectory.course_id = os.environ.get("CLASSBRIDGE_COURSE_ID", "classbridge")
c.CourseDirectory.db_url = os.environ.get(
    "CLASSBRIDGE_GRADEBOOK_URL", f"sqlite:///{course_dir / 'gradebook.db'}"
)
c.Exchange.root = os.environ.get("CLASSBRIDGE_EXCHANGE", str(course_dir / "exchange"))
c.Exchange.path_includes_course = True
# On JupyterHub trainees may all run as one system user (Kubernetes' "jovyan",
# a shared local account), and nbgrader names a hand-in after the system user
# (only "jovyan" is replaced by the hub name). A trainee hands in under the hub name.
if os.environ.get("CLASSBRIDGE_ROLE") == "trainee" and os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
c.Execute.timeout = int(os.environ.get("CLASSBRIDGE_CELL_TIMEOUT", "30"))
c.Execute.interrupt_on_timeout = True
# Widgets save trainee work in classbridge-work/ beside the notebook; it is
# part of the submission, so it must not be ignored.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]
# Module test cells judge saved work only while nbgrader executes a notebook
# (classbridge.grading.checks). nbgrader starts those kernels itself, from the
# command line or from the formgrader's Autograde button alike, so the flag is
# set inside each kernel it starts rather than in whichever process runs nbgrader.
c.Execute.extra_arguments = [
    "--IPKernelApp.exec_lines=import os; os.environ['CLASSBRIDGE_AUTOGRADING'] = '1'"
]
