#!/usr/bin/env bash
# Set up and start the dashboard on the bundled sample data (http://127.0.0.1:8501).
# Outside a virtual environment the project gets its own, .venv (created with $PYTHON, default
# python3; Debian's python3 works: python3-venv is installed with apt when missing and root); a
# second run reinstalls nothing while pyproject.toml is unchanged. See scripts/_venv.sh.
# Extra arguments go to `unrest-atlas dashboard` (e.g. --store my.gpkg --port 8502).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
. scripts/_venv.sh
ua_setup dashboard
exec "$PY" -m geodata.cli dashboard "$@"
