#!/usr/bin/env bash
# Install Debian's PostgreSQL server and PostGIS for the PostGIS store tests, when missing.
# Called by scripts/test.sh. Needs root (apt-get); otherwise, or when apt fails, it only warns:
# the PostGIS tests then skip with a reason and the rest of the suite runs.
set -uo pipefail
have_postgis() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null \
    && compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null
}
if have_postgis; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "warning: PostgreSQL/PostGIS missing and not root; PostGIS store tests will be skipped" >&2
  exit 0
fi
# postgresql-postgis pulls in the server and the PostGIS build matching Debian's default PostgreSQL.
if ! (apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
         postgresql postgresql-contrib postgresql-postgis); then
  echo "warning: could not install PostgreSQL/PostGIS; PostGIS store tests will be skipped" >&2
fi
exit 0
