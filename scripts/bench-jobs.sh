#!/usr/bin/env bash
# A prompt-tuning job through the hub's HTTP API, and the server's responsiveness meanwhile:
#   1. p50/p99 of GET /health with the hub idle (wrk, 1 thread, 8 connections);
#   2. a job on sst2 with the reference's settings (1,000 of the 2,000 training examples, P 20,
#      lr 0.003, batch 16; 1 epoch by default), p50/p99 of GET /health measured while it trains;
#   3. the job's wall time, examples/s and test macro-F1 from GET /jobs/{id}.
# Writes bench-results/jobs.json and prints a summary with the p99 ratio (training / idle).
#
# usage: scripts/bench-jobs.sh      env: EPOCHS=1 SHOTS=1000 LR=0.003 DURATION=15s
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${EPOCHS:-1} SHOTS=${SHOTS:-1000} LR=${LR:-0.003} DURATION=${DURATION:-15s}
DATA_DIR=${TPV_SHARED_DATA:-../shared/data}
OUT=bench-results
mkdir -p "$OUT"
say() { echo "bench-jobs: $*" >&2; }
command -v wrk >/dev/null || { say "wrk is missing; run TPV_SETUP_BENCH=1 scripts/setup.sh"; exit 1; }
[ -f models/all-minilm-l6-v2/model.safetensors ] || { say "no model; run scripts/install-model.sh"; exit 1; }

say "building (release)"
swift build -c release --product tpv >/dev/null
WORK=$(mktemp -d)
PORT=18090
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

TOKEN=$(.build/release/tpv token create --name bench --data "$WORK/data")
.build/release/tpv serve --port $PORT --data "$WORK/data" --models models >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do grep -q "listening on" "$WORK/server.log" && break; sleep 0.05; done
BASE="http://127.0.0.1:$PORT"
for split in train validation test; do
  curl -fsS -X POST "$BASE/datasets/sst2?split=$split&labels=negative,positive" -H "Authorization: Bearer $TOKEN" \
       --data-binary @"$DATA_DIR/sst2/$split.jsonl" >/dev/null
done

p99() {  # wrk --latency output -> "p50_ms p99_ms requests_per_s"
  python3 -c '
import re, sys
text = sys.stdin.read()
def ms(label):
    m = re.search(r"^\s*" + label + r"(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
print("%.3f %.3f %.0f" % (ms("50"), ms("99"), rps))'
}

say "GET /health with the hub idle ($DURATION)"
read -r IDLE_P50 IDLE_P99 IDLE_RPS < <(wrk -t1 -c8 -d"$DURATION" --latency "$BASE/health" | p99)

say "queueing the job: $SHOTS examples, $EPOCHS epoch(s), lr $LR"
JOB=$(curl -fsS -X POST "$BASE/jobs" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"model\":\"all-minilm-l6-v2\",\"task\":\"sst2\",\"seed\":0,\"shots\":$SHOTS,\"epochs\":$EPOCHS,\"learning_rate\":$LR,\"batch_size\":16,\"prompt_length\":20}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
until curl -fsS "$BASE/jobs/$JOB" | grep -q '"progress":{'; do sleep 0.2; done
say "GET /health while job $JOB trains ($DURATION)"
read -r BUSY_P50 BUSY_P99 BUSY_RPS < <(wrk -t1 -c8 -d"$DURATION" --latency "$BASE/health" | p99)

say "waiting for job $JOB to finish"
curl -fsS -N "$BASE/jobs/$JOB/events" | grep -q '^event: end' || true
curl -fsS "$BASE/jobs/$JOB" >"$WORK/job.json"
python3 - "$WORK/job.json" "$OUT/jobs.json" "$IDLE_P50" "$IDLE_P99" "$IDLE_RPS" "$BUSY_P50" "$BUSY_P99" "$BUSY_RPS" <<'PY'
import json, sys
job = json.load(open(sys.argv[1]))
idle = dict(zip(("p50_ms", "p99_ms", "requests_per_s"), map(float, sys.argv[3:6])))
busy = dict(zip(("p50_ms", "p99_ms", "requests_per_s"), map(float, sys.argv[6:9])))
result = job.get("result") or {}
report = {
    "job": {"status": job["status"], "parameters": {k: job["parameters"][k] for k in ("shots", "epochs", "learning_rate", "batch_size", "prompt_length")},
            "seconds": result.get("seconds"), "training_examples_per_second": result.get("examples_per_second"),
            "evaluation_seconds": result.get("evaluation_seconds"), "metrics": job.get("metrics")},
    "health_idle": idle, "health_while_training": busy,
    "p99_ratio_training_over_idle": round(busy["p99_ms"] / idle["p99_ms"], 2),
}
json.dump(report, open(sys.argv[2], "w"), indent=2)
test = (job.get("metrics") or {}).get("test") or {}
print(f"job {job['id']} {job['status']}: {result.get('seconds')} s wall, {result.get('examples_per_second')} training examples/s, "
      f"test macro-F1 {test.get('macro_f1')}")
print(f"GET /health p99: idle {idle['p99_ms']:.2f} ms, while training {busy['p99_ms']:.2f} ms "
      f"(ratio {report['p99_ratio_training_over_idle']}); req/s {idle['requests_per_s']:.0f} -> {busy['requests_per_s']:.0f}")
PY
