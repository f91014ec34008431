#!/usr/bin/env bash
# Installs what building, serving and testing the hub need on a fresh Debian machine:
# the C libraries, the tools the tests drive (curl, python3 + numpy, a venv for the live-hub
# tests), the default model, and the Python venv with torch, transformers and PEFT that the PEFT
# adapter tests load adapters with.
# TPV_SETUP_BENCH=1 adds the benchmarks' tools; TPV_SETUP_TESTS=1 the live-hub tests' venv;
# TPV_SETUP_BROWSER=1 what the web page's browser test drives (Debian's Chromium and chromedriver,
# selenium from PyPI).
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libsqlite3-dev libssl-dev libopenblas-dev libcurl4-openssl-dev zlib1g-dev curl python3-venv)
[ "${TPV_SETUP_BENCH:-0}" = 1 ] && packages+=(wrk)
[ "${TPV_SETUP_BROWSER:-0}" = 1 ] && packages+=(chromium chromium-driver)
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

# TPV_REF_VENV (default /tmp/ref-venv); about 4 minutes the first time, nothing once it imports the packages.
root="$PWD"
fail() { echo "setup: error: $*" >&2; exit 1; }
source scripts/reference-env.sh
ensure_reference_venv
