#!/usr/bin/env bash
# Run every check CI runs: lint, format, then the whole test suite (slow tests included), in the
# environment scripts/setup.sh made (./.venv, or the active virtual environment).
set -euo pipefail
cd "$(dirname "$0")/.."
python=python3
if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
  python="$VIRTUAL_ENV/bin/python"
elif [ -x .venv/bin/python ]; then
  python=.venv/bin/python
fi
"$python" -m ruff check generator tests scripts
"$python" -m ruff format --check generator tests scripts
# what the machine has, so a slow or failing run's log says whether the machine was the cause
tmp="${TMPDIR:-/tmp}"
echo "test: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')," \
  "$(df -h --output=avail "$tmp" 2>/dev/null | tail -1 | tr -d ' ') free in $tmp" >&2
"$python" -m pytest -q "$@"
