#!/usr/bin/env bash
# `make reproduce`: the paper's findings through the hub's own HTTP API, then the starter pack.
# Starts `tpv serve` on its own data folder, runs experiments/reproduce against it (uploads
# ../shared/data, queues the jobs, evaluates, writes docs/RESULTS.md and docs/results/), then
# exports the source tasks' vectors to starter-pack/ and stops the hub. Run it again after a stop:
# finished jobs and evaluations are reused, so it resumes.
#   env: REPRO_DATA (default ./data-reproduce), REPRO_PORT (default 0: any free port), REPRO_PLAN
#        (full | smoke), TPV_SHARED_DATA (../shared/data), REPRO_OUT (docs), REPRO_PACK (starter-pack),
#        TPV_BIN (.build/release/tpv), TPV_MODELS (./models)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${REPRO_DATA:-$root/data-reproduce}"
port="${REPRO_PORT:-0}"
plan="${REPRO_PLAN:-full}"
shared="${TPV_SHARED_DATA:-$root/../shared/data}"
out="${REPRO_OUT:-$root/docs}"
pack="${REPRO_PACK:-$root/starter-pack}"
tpv="${TPV_BIN:-$root/.build/release/tpv}"
models="${TPV_MODELS:-$root/models}"

[[ -x "$tpv" ]] || { echo "reproduce: $tpv is missing; run make build first" >&2; exit 1; }
[[ -f "$shared/tasks.json" ]] || { echo "reproduce: no datasets at $shared; set TPV_SHARED_DATA to the folder holding tasks.json" >&2; exit 1; }
python="$(scripts/test-venv.sh)"   # requests and NumPy for the Python client

mkdir -p "$data"
token_file="$data/reproduce.token"
[[ -s "$token_file" ]] || "$tpv" token create --name reproduce --data "$data" --migrations "$root/Migrations" > "$token_file"
token="$(cat "$token_file")"

"$tpv" serve --host 127.0.0.1 --port "$port" --data "$data" --models "$models" --migrations "$root/Migrations" \
    > "$data/serve.out" 2> "$data/serve.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 300); do
    listening="$(sed -n 's|^listening on http://.*:\([0-9]*\)$|\1|p' "$data/serve.out")"
    [[ -n "$listening" ]] && break
    kill -0 $server 2>/dev/null || { echo "reproduce: tpv serve exited; see $data/serve.log" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$listening" ]] || { echo "reproduce: tpv serve did not start; see $data/serve.log" >&2; exit 1; }
port="$listening"

cd experiments
PYTHONPATH="$root/clients/python/src" "$python" -m reproduce --plan "$plan" --hub "http://127.0.0.1:$port" \
    --token "$token" --data "$shared" --out "$out" --state "$data/state"
cd "$root"
tasks="$("$python" -c 'import json, sys; print(",".join(json.load(open(sys.argv[1]))["source_tasks"]))' "$out/results/results.json")"
"$tpv" export "$pack" --hub "http://127.0.0.1:$port" --model all-minilm-l6-v2 --tasks "$tasks"
