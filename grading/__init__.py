"""Grading and progress with nbgrader: a course built from ``modules/``.

ClassBridge does not re-implement grading. It runs nbgrader's own apps with
``nbgrader_config.py`` (this folder), adds what a workshop needs around them —
a whole cohort autograded in parallel with a progress bar, one bad submission
never stopping the others — and reads nbgrader's gradebook for progress.
"""

from classbridge.core.share import share_path

#: nbgrader's configuration for a ClassBridge course (package data, also on JUPYTER_CONFIG_PATH).
NBGRADER_CONFIG = share_path("jupyter-config", "common", "nbgrader_config.py")
