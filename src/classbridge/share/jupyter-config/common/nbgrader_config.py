"""nbgrader configuration for a ClassBridge workshop course.

``classbridge grade ...`` passes this file to nbgrader, and it sits on the
JUPYTER_CONFIG_PATH that ``classbridge jupyter-env`` / ``classbridge singleuser``
give a Jupyter server; trainers who prefer plain nbgrader use it the same way::

    nbgrader autograde 01-welcome --NbGrader.config_file=$(python -c \
        "from classbridge.grading import NBGRADER_CONFIG; print(NBGRADER_CONFIG)")

Everything a workshop changes is an environment variable of
``classbridge.grading.course.CourseVariable`` (course folder, course id,
exchange, gradebook URL, cell timeout), read here through ``Course.from_env``
so its defaults are the same as the CLI's; and CLASSBRIDGE_ROLE, "trainee" on
JupyterHub, to hand in under the hub user name.
"""

import os

from jupyter_core.paths import jupyter_data_dir

from classbridge.core.visit import AUTOGRADING_ENV, HUB_USER_ENV
from classbridge.core.workspace import TRAINEE_ENV, trainee_id
from classbridge.grading.course import Course
from classbridge.jupyter_env import ROLE_ENV

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

course = Course.from_env()
c.CourseDirectory.root = str(course.root.resolve())
c.CourseDirectory.course_id = course.course_id
c.CourseDirectory.db_url = course.db_url
c.Exchange.root = str(course.exchange_dir())
c.Exchange.path_includes_course = True
# Trainees may all run as one system user: on JupyterHub (Kubernetes' "jovyan", a
# shared local account) and on a one-machine workshop where every trainee's JupyterLab
# runs in the trainer's account. nbgrader names a hand-in after the system user, so a
# trainee hands in under the hub name, else their CLASSBRIDGE_TRAINEE name, as the id
# their workspace folder has (an e-mail login becomes a safe, reversible name).
trainee_name = os.environ.get(HUB_USER_ENV) or os.environ.get(TRAINEE_ENV)
if os.environ.get(ROLE_ENV) == "trainee" and trainee_name:
    student = trainee_id(trainee_name)
    c.CourseDirectory.student_id = student
    # nbgrader keeps a copy of each hand-in in a cache per system account, and
    # fetch_feedback returns the feedback of every hand-in in that cache: on a shared
    # account, every trainee's. A cache per trainee keeps each one's feedback their own.
    c.Exchange.cache = os.path.join(jupyter_data_dir(), "nbgrader_cache", student)
c.Execute.timeout = course.cell_timeout
c.Execute.interrupt_on_timeout = True
# Widgets save trainee work in classbridge-work/ beside the notebook; it is
# part of the submission, so it must not be ignored.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]
# Module test cells judge saved work only while nbgrader executes a notebook
# (classbridge.grading.checks). nbgrader starts those kernels itself, from the
# command line or from the formgrader's Autograde button alike, so the flag is
# set inside each kernel it starts rather than in whichever process runs nbgrader.
c.Execute.extra_arguments = [
    f"--IPKernelApp.exec_lines=import os; os.environ['{AUTOGRADING_ENV}'] = '1'"
]


# The formgrader's grading page: a hand-graded task's work above its score box, wrapping
# (classbridge.grading.formgrade_view says why).
c.HTMLExporter.preprocessors = ["classbridge.grading.formgrade_view.HandInAboveScore"]
# MathJax on that page is loaded from this server, not a CDN, by a template of ours on
# JUPYTER_PATH (share/nbconvert/templates/formgrade/mathjax.html.j2 says why it cannot be
# set here).
