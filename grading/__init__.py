"""Grading and progress with nbgrader: a course built from ``modules/``.

ClassBridge does not re-implement grading. It runs nbgrader's own apps with
``nbgrader_config.py`` (this folder), adds what a workshop needs around them —
a whole cohort autograded in parallel with a progress bar, one bad submission
never stopping the others — and reads nbgrader's gradebook for progress.
"""

from pathlib import Path

NBGRADER_CONFIG = Path(__file__).with_name("nbgrader_config.py")
