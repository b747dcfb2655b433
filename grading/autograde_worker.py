"""One autograding worker: nbgrader's own autograde, in this process, one trainee after another.

Started by ``classbridge.grading.autograde`` as
``python -m classbridge.grading.autograde_worker MODULE`` with the course in
its environment. It reads trainee ids from stdin, one per line, grades each
with ``NbGraderAPI.autograde`` (what the formgrader's button runs) and answers
with one ``RESULT_PREFIX`` line of JSON per trainee on stdout.

Why a worker and not one ``nbgrader autograde`` process per trainee: starting
Python, importing nbgrader and loading its configuration costs about two
seconds, more than grading a module notebook; a worker pays it once. The
parent still owns the wall-clock limit: a worker that does not answer in time
is killed and replaced, so one hand-in can never hold up the rest.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULT_PREFIX = "CLASSBRIDGE-AUTOGRADE-RESULT "


def _api():
    from nbgrader.apps.api import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    from classbridge.grading import NBGRADER_CONFIG

    config = PyFileConfigLoader(Path(NBGRADER_CONFIG).name, path=str(Path(NBGRADER_CONFIG).parent))
    return NbGraderAPI(config=config.load_config())


def main() -> int:
    module = sys.argv[1]
    api = _api()
    for line in sys.stdin:
        trainee = line.strip()
        if not trainee:
            continue
        result = api.autograde(module, trainee, force=True, create=True)
        answer = {
            "trainee": trainee,
            "success": bool(result.get("success")),
            "log": result.get("log", "") + result.get("error", ""),
        }
        sys.stdout.write(RESULT_PREFIX + json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
