#!/usr/bin/env bash
# Prints the Python of the venv the live-hub tests use (scripts/test-live.sh), creating it first
# when missing: Tests/Live/requirements.txt installed from PyPI into ~/.cache/tpv-hub/venv-<hash of
# that file>, so it is built once (about 3 minutes) and rebuilt only when the file changes.
#   env: TPV_TEST_VENV  use this folder instead
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$root/Tests/Live/requirements.txt"
stamp="$(sha256sum "$requirements" | cut -c1-12)"
venv="${TPV_TEST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/tpv-hub/venv-$stamp}"

say() { echo "test-venv: $*" >&2; }
fail() { echo "test-venv: error: $*" >&2; exit 1; }

# A venv is not relocatable, so it is built in place and marked complete at the end.
if [[ -f "$venv/.complete" ]] && [[ "$(cat "$venv/.complete")" == "$stamp" ]]; then
    echo "$venv/bin/python"
    exit 0
fi
# Only a folder this script made (marked .building, then .complete) is ever deleted.
if [[ -e "$venv" ]]; then
    [[ -f "$venv/.complete" || -f "$venv/.building" ]] \
        || fail "$venv exists but was not made by this script; remove it or set TPV_TEST_VENV to another folder"
    rm -rf "$venv"
fi
say "creating $venv from Tests/Live/requirements.txt (once; a few minutes)"
mkdir -p "$venv" && touch "$venv/.building"
python3 -m venv "$venv" || fail "python3 -m venv failed; install python3-venv (apt-get install python3-venv) and rerun"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2 \
    || fail "pip could not install Tests/Live/requirements.txt into $venv; check access to PyPI, then rerun"
echo "$stamp" > "$venv/.complete"
rm -f "$venv/.building"
echo "$venv/bin/python"
