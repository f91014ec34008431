# Sourced by the model benchmarks (bench-model.sh, bench-train.sh): builds tpv in
# release and prepares the PyTorch reference venv. Expects `root` (the repository)
# and a `fail` function; sets `tpv`, `venv` and `tools`.
#   env: TPV_SCRATCH_PATH=.build              SwiftPM scratch path for the release build
#        TPV_REF_VENV=/tmp/ref-venv           Python venv with torch (created when missing)
#        TPV_REF_TOOLS=<repo>/../shared/tools where the reference scripts live

scratch="${TPV_SCRATCH_PATH:-$root/.build}"
venv="${TPV_REF_VENV:-/tmp/ref-venv}"
tools="${TPV_REF_TOOLS:-$root/../shared/tools}"

build_tpv() {
    echo "$(basename "$0"): building tpv (release, scratch path $scratch)" >&2
    (cd "$root" && swift build -c release --scratch-path "$scratch" --product tpv >&2) \
        || fail "the release build failed; fix the build, then rerun"
    tpv="$scratch/release/tpv"
}

ensure_reference_venv() {
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import torch, transformers, threadpoolctl" 2>/dev/null; then
        echo "$(basename "$0"): creating the PyTorch reference venv in $venv (about 2 minutes)" >&2
        python3 -m venv "$venv" || fail "python3 -m venv failed; install python3-venv (apt-get install python3-venv)"
        "$venv/bin/pip" install --quiet torch transformers tokenizers safetensors numpy peft threadpoolctl >&2 \
            || fail "pip could not install the reference packages into $venv; check access to PyPI"
    fi
}
