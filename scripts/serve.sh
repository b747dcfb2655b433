#!/usr/bin/env bash
# Install ClassBridge into ./.venv (first run, or when pyproject.toml changed)
# and serve the training modules with Voilà.
# Usage: bash scripts/serve.sh [--port N] [--trainees N] [other 'classbridge serve' options]
#
# Installed in editable mode, as scripts/test.sh does, so both share one .venv
# and a change to the code needs no reinstall. Only a changed pyproject.toml
# (new dependencies, entry points) installs again; otherwise the server starts
# at once, with no package index needed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
STAMP=.venv/.classbridge-pyproject.sha256
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)

if [ ! -x .venv/bin/classbridge ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
        echo "scripts/serve.sh: error: ClassBridge needs Python 3.10 or newer as '$PYTHON'; install it or set PYTHON=/path/to/python3" >&2
        exit 2
    fi
    if [ -x .venv/bin/classbridge ]; then
        echo "pyproject.toml changed: updating ClassBridge's installed stack in .venv..." >&2
    else
        echo "Installing ClassBridge and its pinned stack into .venv (first run takes a few minutes)..." >&2
    fi
    [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
    if ! .venv/bin/python -m pip install --disable-pip-version-check --progress-bar on -q -e .; then
        echo "scripts/serve.sh: error: installing into .venv failed (above); connect to the package index (PyPI) once and run this again" >&2
        exit 1
    fi
    echo "$wanted" > "$STAMP"
fi
exec .venv/bin/classbridge serve modules "$@"
