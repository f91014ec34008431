#!/usr/bin/env bash
# The tests that need a running hub; `make test` runs them after the Swift tests. Each starts its
# own `tpv serve` on a free port with a fresh data folder:
#   1. client    pytest clients/python/tests: the Python client (installed from clients/python as a
#                user would) on a hub with the default model, jobs included;
#   2. readme    Tests/Live/readme_examples.py: every sh and pycon block of README.md, in order, on a
#                fresh hub with the default model, checking what they print;
#   3. contract  schemathesis fuzzes every operation of GET /openapi.json (stateless: examples,
#                coverage, fuzzing; every check) on a hub without models, so that no fuzzed request
#                starts a training job and the run stays bounded;
#   4. reproduce experiments/tests: the reproduction driver's pure parts, then scripts/reproduce.sh
#                (`make reproduce`) on its smoke plan, twice: the second run must retrain nothing.
#
# usage: scripts/test-live.sh [client] [readme] [contract] [reproduce]      (default: all four)
#   env: TPV_BIN               the tpv binary (default .build/release/tpv, what `make test` built)
#        TPV_SHARED            the reference data (default ../shared)
#        TPV_CONTRACT_EXAMPLES examples per operation and phase (default 25; about a minute)
#        TPV_CONTRACT_SEED     the fuzzer's seed (default 1, so a run can be repeated; "random" for a new one)
#        TPV_PEFT_PYTHON       a Python with torch, transformers, peft, pytest and requests: also loads
#                              the adapters to_peft writes into real PEFT models (skipped otherwise)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tpv="${TPV_BIN:-$root/.build/release/tpv}"
shared="${TPV_SHARED:-$root/../shared}"
models="$root/models"
suites=("${@:-client readme contract reproduce}")
suites=(${suites[*]})

say() { echo "test-live: $*" >&2; }
fail() { echo "test-live: error: $*" >&2; exit 1; }

[[ -x "$tpv" ]] || fail "no tpv binary at $tpv; build it (swift build -c release) or set TPV_BIN"
[[ -d "$shared/data" ]] || fail "the reference data is not in $shared/data; set TPV_SHARED"
[[ -f "$models/all-minilm-l6-v2/model.safetensors" ]] || fail "the default model is missing; run scripts/install-model.sh"
python="$("$root/scripts/test-venv.sh")"

work="$(mktemp -d)"
hubs=()
stop_hubs() {
    for pid in "${hubs[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap stop_hubs EXIT

# start_hub NAME MODELS: serves a fresh data folder; sets hub_port, hub_data and hub_token.
start_hub() {
    hub_data="$work/$1"
    hub_token="$("$tpv" token create --name ci --data "$hub_data" --migrations "$root/Migrations")"
    "$tpv" serve --port 0 --data "$hub_data" --migrations "$root/Migrations" --models "$2" \
        > "$work/$1.out" 2> "$work/$1.log" &
    hubs+=($!)
    for _ in $(seq 300); do
        hub_port="$(sed -n 's|^listening on http://.*:\([0-9]*\)$|\1|p' "$work/$1.out")"
        [[ -n "$hub_port" ]] && return 0
        kill -0 "${hubs[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    cat "$work/$1.log" >&2
    fail "tpv serve ($1) did not start"
}

timed() {
    local name=$1 started=$SECONDS
    shift
    "$@" || fail "$name failed (the hub's log: above, or rerun scripts/test-live.sh $name)"
    say "$name passed in $((SECONDS - started)) s"
}

client() {
    "$python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$root/clients/python" >&2
    start_hub client "$models"
    TPV_HUB="http://127.0.0.1:$hub_port" TPV_TOKEN="$hub_token" TPV_SHARED="$shared" \
        "$python" -m pytest -q -p no:cacheprovider "$root/clients/python/tests"
    # to_peft's folders loaded by the real PEFT: in the venv scripts/setup.sh prepares for the PEFT
    # tests (torch, transformers, peft), given pytest and requests.
    local peft_python="${TPV_PEFT_PYTHON:-}" reference="${TPV_REF_VENV:-/tmp/ref-venv}/bin/python"
    if [[ -z "$peft_python" && -x "$reference" ]] && "$reference" -c "import torch, transformers, peft" 2>/dev/null \
        && "$reference" -m pip install --quiet --disable-pip-version-check pytest requests >&2; then
        peft_python="$reference"
    fi
    if [[ -n "$peft_python" ]]; then
        PYTHONPATH="$root/clients/python/src" "$peft_python" -m pytest -q -p no:cacheprovider \
            "$root/clients/python/tests/test_peft_load.py"
    fi
}

readme() {
    start_hub readme "$models"
    "$python" "$root/Tests/Live/readme_examples.py" "$root/README.md" --port "$hub_port" --data "$hub_data" \
        --tpv "$tpv" --models "$models" --shared "$shared" --repository "$root"
}

contract() {
    mkdir -p "$work/no-models"
    start_hub contract "$work/no-models"
    "$python" "$root/Tests/Live/seed_contract_hub.py" "http://127.0.0.1:$hub_port" "$hub_token" "$shared"
    local seed="${TPV_CONTRACT_SEED:-1}"
    [[ "$seed" == random ]] && seed=""
    (cd "$work" && SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH="$root/Tests/Live" \
        "$(dirname "$python")/st" --config-file "$root/Tests/Live/schemathesis.toml" --no-color \
        run "http://127.0.0.1:$hub_port/openapi.json" -H "Authorization: Bearer $hub_token" \
        --max-examples "${TPV_CONTRACT_EXAMPLES:-25}" ${seed:+--seed "$seed"})
}

reproduce() {
    TPV_REPRODUCE_SMOKE=1 TPV_BIN="$tpv" TPV_MODELS="$models" TPV_SHARED_DATA="$shared/data" \
        PYTHONPATH="$root/clients/python/src:$root/experiments" \
        "$python" -m pytest -q -p no:cacheprovider "$root/experiments/tests"
}

for suite in "${suites[@]}"; do
    case "$suite" in
        client|readme|contract|reproduce) timed "$suite" "$suite" ;;
        *) fail "unknown suite '$suite'; use client, readme, contract or reproduce" ;;
    esac
done
