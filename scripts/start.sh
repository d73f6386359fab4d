#!/usr/bin/env bash
# Set up and run the main job on the bundled sample data.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -m pip install --disable-pip-version-check -q -e '.[dashboard]'
exec "$PY" -m geodata.cli geocode geodata/data/sample_reports --published 2022-01-06 \
  --out sample-events.geojson --mentions sample-mentions.geojson "$@"
