#!/usr/bin/env bash
# Installs the pinned E2B SDKs that the compatibility tests run: the npm package (npm ci from package-lock.json) and
# the PyPI package (a virtual environment from requirements.txt). Each step is skipped when its lock file is unchanged.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

lock_hash() { sha256sum "$1" | cut -c1-16; }

js_stamp="$DIR/js/node_modules/.sandbox-lock-hash"
js_hash="$(lock_hash "$DIR/js/package-lock.json")"
if [ "$(cat "$js_stamp" 2>/dev/null || true)" != "$js_hash" ]; then
  echo "e2b-tests: installing the e2b npm package (npm ci)" >&2
  (cd "$DIR/js" && npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$js_hash" >"$js_stamp"
fi

venv="$DIR/python/.venv"
py_stamp="$venv/.sandbox-requirements-hash"
py_hash="$(lock_hash "$DIR/python/requirements.txt")"
if [ "$(cat "$py_stamp" 2>/dev/null || true)" != "$py_hash" ]; then
  echo "e2b-tests: installing the e2b PyPI package into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$DIR/python/requirements.txt" >&2
  echo "$py_hash" >"$py_stamp"
fi
