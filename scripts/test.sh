#!/usr/bin/env bash
# Run every check CI runs: lint, format, then the whole test suite (slow tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m ruff check generator tests scripts
python3 -m ruff format --check generator tests scripts
python3 -m pytest -q "$@"
