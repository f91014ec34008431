#!/usr/bin/env bash
# Installs what building, serving and testing the hub need on a fresh Debian machine:
# the C libraries, the tools the tests drive (curl, python3 + numpy, a venv for the live-hub
# tests), and the default model.
# TPV_SETUP_BENCH=1 adds the benchmarks' tools; TPV_SETUP_TESTS=1 the live-hub tests' venv;
# TPV_SETUP_BROWSER=1 what the web page's browser test drives (Debian's Chromium and chromedriver,
# selenium from PyPI).
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libsqlite3-dev libssl-dev libopenblas-dev libcurl4-openssl-dev curl)
[ "${TPV_SETUP_BENCH:-0}" = 1 ] && packages+=(wrk python3-venv)
[ "${TPV_SETUP_BROWSER:-0}" = 1 ] && packages+=(chromium chromium-driver)
# The live-hub tests (make test) run in a venv; Debian's python3 makes one only with python3-venv.
[ "${TPV_SETUP_TESTS:-0}" = 1 ] && ! python3 -m venv --help >/dev/null 2>&1 && packages+=(python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: need root to install ${missing[*]}; run: apt-get install -y ${missing[*]}" >&2; exit 1; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! python3 -c "import numpy" 2>/dev/null; then
  echo "setup: installing numpy for the reference checks"
  python3 -m pip install -q numpy
fi

if [ "${TPV_SETUP_BROWSER:-0}" = 1 ] && ! python3 -c "import selenium" 2>/dev/null; then
  echo "setup: installing selenium for the browser test"
  python3 -m pip install -q selenium
fi
# pytest, schemathesis and what the client needs, in a cached venv (see scripts/test-venv.sh).
[ "${TPV_SETUP_TESTS:-0}" = 1 ] && scripts/test-venv.sh >/dev/null

if [ -x scripts/install-model.sh ]; then
  scripts/install-model.sh
fi
