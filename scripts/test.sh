#!/usr/bin/env bash
# Set up what the tests need and run them: Python packages (in the project environment .venv
# unless already inside a virtual environment, see scripts/_venv.sh), Debian's chromium for the
# browser tests and Debian's PostgreSQL + PostGIS for the team-mode store tests (installed with
# apt when missing), then ruff, mypy and pytest (tests and doctests). `.ci/run` calls exactly
# this.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
. scripts/_venv.sh
ua_setup test
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
      || echo "warning: could not install chromium; browser tests will be skipped" >&2
  else
    echo "warning: chromium missing and not root; browser tests will be skipped" >&2
  fi
fi
bash scripts/_install_postgis.sh
"$PY" -m ruff check .
"$PY" -m mypy
"$PY" -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadgroup "$@"
