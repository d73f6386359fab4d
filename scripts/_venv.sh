# Sourced by scripts/start.sh and scripts/test.sh (bash): choose the Python to run and make sure
# the project is installed in it, editable, with the optional dependencies given as $1
# ("dashboard" or "test").
#
# - Inside a virtual environment (VIRTUAL_ENV set): that environment's python (or $PYTHON),
#   installed into as before.
# - Otherwise: the project's own environment .venv (UNREST_ATLAS_VENV to put it elsewhere),
#   created with $PYTHON (default python3). Works with Debian's python3, which refuses a
#   system-wide `pip install` (PEP 668): when `python3 -m venv` cannot create an environment
#   (no ensurepip) and we are root, python3-venv is installed with apt first.
# - UNREST_ATLAS_NO_VENV=1: no .venv, install into $PYTHON itself (the old behaviour).
#
# Nothing is reinstalled while pyproject.toml is unchanged: a stamp (hash of pyproject.toml, the
# checkout's path and the extra) is kept inside the environment. Sets PY to the python to use.

_ua_log() { echo "[setup] $*" >&2; }

_ua_hash() {
  # sha256 of pyproject.toml + checkout path + extra, without needing python.
  { cat pyproject.toml; echo "$PWD"; echo "$1"; } | sha256sum | cut -d' ' -f1
}

_ua_make_venv() {
  local base=$1 venv=$2 ver
  if "$base" -m venv "$venv" >/dev/null 2>&1 && [ -x "$venv/bin/python" ] \
      && "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$venv"
  ver=$("$base" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    _ua_log "'$base -m venv' is unavailable: installing python3-venv with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq python3-venv >/dev/null 2>&1 || true
    if ! "$base" -m venv "$venv" >/dev/null 2>&1; then
      rm -rf "$venv"
      apt-get install -y -qq "python${ver}-venv" >/dev/null
    fi
  fi
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$venv"
    "$base" -m venv "$venv" || {
      echo "error: '$base -m venv' failed; install python3-venv (apt-get install python3-venv)" \
           "or set UNREST_ATLAS_NO_VENV=1 inside an environment of your own" >&2
      return 1
    }
  fi
}

ua_setup() {
  local extra=$1 base=${PYTHON:-python3} venv stamp want
  if [ -n "${VIRTUAL_ENV:-}" ]; then
    PY=${PYTHON:-python}
    venv=$VIRTUAL_ENV
  elif [ "${UNREST_ATLAS_NO_VENV:-0}" = 1 ]; then
    PY=$base
    venv=""
  else
    venv=${UNREST_ATLAS_VENV:-$PWD/.venv}
    if [ ! -x "$venv/bin/python" ]; then
      _ua_log "creating the project environment $venv with $base"
      _ua_make_venv "$base" "$venv" || return 1
    fi
    PY=$venv/bin/python
  fi
  want=$(_ua_hash "$extra")
  stamp=""
  if [ -n "$venv" ] && [ -w "$venv" ]; then
    stamp=$venv/.unrest-atlas-$extra.stamp
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
      return 0
    fi
    _ua_log "installing the project (editable, [$extra]) into $venv"
  fi
  "$PY" -m pip install --disable-pip-version-check -q -e ".[$extra]"
  if [ -n "$stamp" ]; then
    echo "$want" > "$stamp"
    if [ "$extra" = test ]; then  # [test] includes [dashboard]
      _ua_hash dashboard > "$venv/.unrest-atlas-dashboard.stamp"
    fi
  fi
}
