#!/usr/bin/env bash
# Install ClassBridge into ./.venv and serve the training modules with Voilà.
# Usage: bash scripts/serve.sh [--port N] [other 'classbridge serve' options]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "scripts/serve.sh: error: ClassBridge needs Python 3.10 or newer as '$PYTHON'; install it or set PYTHON=/path/to/python3" >&2
    exit 2
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
echo "Installing ClassBridge and its pinned stack into .venv (first run takes a few minutes)..." >&2
.venv/bin/python -m pip install --disable-pip-version-check --progress-bar on -q .
exec .venv/bin/classbridge serve modules "$@"
