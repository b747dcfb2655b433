#!/usr/bin/env bash
# Install everything the test suite needs (Debian chromium included) and run it:
# ruff, unit tests, nbval over every module, and the real-browser tests.
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian chromium for the browser tests, PostgreSQL for the gradebook tests
# (the suite starts its own throw-away server on loopback), Node.js for
# JupyterHub's proxy in the hub test.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# A CJK font, so zh-TW pages render (and are screenshot) with real glyphs, not boxes.
{ command -v fc-list >/dev/null && fc-list :lang=zh-tw | grep -q .; } || missing+=(fonts-noto-cjk)
command -v npm >/dev/null || missing+=(nodejs npm)
# coturn: the relay-only ICE test runs its own TURN server on loopback.
command -v turnserver >/dev/null || missing+=(coturn)
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian ${missing[*]} for the tests..." >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # Matplotlib lists fonts once and keeps the list: a new CJK font needs a new list.
    rm -f "${XDG_CACHE_HOME:-$HOME/.cache}"/matplotlib/fontlist-*.json
    # The tests start their own TURN server on loopback; Debian's package would also
    # leave a system one listening on every interface.
    if [[ " ${missing[*]} " == *" coturn "* ]]; then
        as_root systemctl disable --now coturn >/dev/null 2>&1 || as_root service coturn stop >/dev/null 2>&1 || true
    fi
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
echo "Installing ClassBridge with its test extras into .venv..." >&2
.venv/bin/python -m pip install --disable-pip-version-check -q -e ".[test]"
# The same editable install scripts/serve.sh makes: it starts without installing again.
sha256sum pyproject.toml | cut -d' ' -f1 > .venv/.classbridge-pyproject.sha256

echo "Installing JupyterHub's proxy (configurable-http-proxy) from npm..." >&2
npm ci --prefix deploy/jupyterhub --no-audit --no-fund --loglevel=error

.venv/bin/ruff check .
.venv/bin/ruff format --check .
# The slowest tests at the end, to keep the whole run under CI's time.
exec .venv/bin/pytest --durations=25 "$@"
