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

# The venv's packages: the PyTorch references of the benchmarks, and the real PEFT the tests load
# the hub's adapters with (HubTests/PeftInteropTests). Created once, then reused while it imports them.
reference_packages=(torch transformers tokenizers safetensors numpy peft threadpoolctl)

ensure_reference_venv() {
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import torch, transformers, safetensors, peft, threadpoolctl" 2>/dev/null; then
        echo "$(basename "$0"): creating the PyTorch reference venv in $venv (about 4 minutes, once)" >&2
        python3 -m venv "$venv" || fail "python3 -m venv failed; install python3-venv (apt-get install python3-venv)"
        # PyPI's default torch wheel pulls in gigabytes of CUDA; a CPU wheel in pip's find-links folder is used when there is one.
        local cpu_wheel
        cpu_wheel="$(local_cpu_torch_wheel)"
        if [[ -n "$cpu_wheel" ]]; then
            "$venv/bin/pip" install --quiet "$cpu_wheel" >&2 || fail "pip could not install $cpu_wheel into $venv"
        fi
        "$venv/bin/pip" install --quiet "${reference_packages[@]}" >&2 \
            || fail "pip could not install the reference packages into $venv; check access to PyPI"
    fi
}

# A torch CPU wheel for this Python in the folders pip's find-links names (PIP_FIND_LINKS or pip.conf), if any.
local_cpu_torch_wheel() {
    local tag links dir
    tag="cp$(python3 -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')"
    links="${PIP_FIND_LINKS:-$(python3 -m pip config get global.find-links 2>/dev/null || true)}"
    for dir in $links; do
        [[ -d "$dir" ]] || continue
        ls "$dir"/torch-*+cpu-"$tag"-"$tag"-*linux*x86_64.whl 2>/dev/null | sort -V | tail -n 1 || true
    done | tail -n 1
}
