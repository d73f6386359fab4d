#!/usr/bin/env bash
# Set up and start the dashboard on the bundled sample data (http://127.0.0.1:8501).
# Extra arguments go to `unrest-atlas dashboard` (e.g. --store my.gpkg --port 8502).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -m pip install --disable-pip-version-check -q -e '.[dashboard]'
exec "$PY" -m geodata.cli dashboard "$@"
