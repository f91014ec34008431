#!/usr/bin/env bash
# HTTP benchmark: the hub against a Hummingbird 2 server running the hub's own handlers
# (Benchmarks/hummingbird-reference), same routes, same data, same machine, same run.
# wrk, 64 connections, 2 threads; each server is measured in alternating rounds to even out noise.
# Writes bench-results/http.md and bench-results/http.json and prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-8s}
ROUNDS=${BENCH_ROUNDS:-2}
OUT=bench-results
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "bench: wrk is missing; run TPV_SETUP_BENCH=1 scripts/setup.sh" >&2; exit 1; }

echo "bench: building the hub and the Hummingbird reference (release)"
swift build -c release --product tpv >/dev/null
(cd Benchmarks/hummingbird-reference && swift build -c release >/dev/null)
HB=Benchmarks/hummingbird-reference/.build/release/HummingbirdReference

WORK=$(mktemp -d)
DATA="$WORK/data"
PORT=18080
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

wait_listening() {  # $1 = log file
  for _ in $(seq 1 200); do grep -q "listening on" "$1" 2>/dev/null && return 0; sleep 0.05; done
  echo "bench: server did not start:"; cat "$1"; exit 1
}
start_server() {  # $1 = tpv|hummingbird
  if [ "$1" = tpv ]; then .build/release/tpv serve --port $PORT --data "$DATA" >"$WORK/server.log" 2>&1 &
  else "$HB" "$DATA" $PORT >"$WORK/server.log" 2>&1 & fi
  SERVER_PID=$!
  wait_listening "$WORK/server.log"
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

echo "bench: loading two 100x768 vectors and an init"
TOKEN=$(.build/release/tpv token create --name bench --data "$DATA")
python3 - "$WORK" <<'PY'
import numpy as np, sys
rng = np.random.default_rng(0)
for name in ("init", "a", "b"):
    np.save(f"{sys.argv[1]}/{name}.npy", rng.standard_normal((100, 768)).astype(np.float32))
PY
start_server tpv
BASE="http://127.0.0.1:$PORT"
curl -fsS -X POST "$BASE/inits?model=bench&seed=1" -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/init.npy" >/dev/null
ID=$(curl -fsS -X POST "$BASE/vectors?model=bench&task=a&seed=1" -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/a.npy" | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
curl -fsS -X POST "$BASE/vectors?model=bench&task=b&seed=1" -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/b.npy" >/dev/null
stop_server

ROUTES=("/health" "/vectors/$ID" "/vectors/$ID/data" "/compose?model=bench&tasks=a,b&lambda=0.5&seed=1")
: >"$WORK/results.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for server in tpv hummingbird; do
    start_server "$server"
    for route in "${ROUTES[@]}"; do
      curl -fsS -o /dev/null "$BASE$route" || { echo "bench: $server failed on $route"; exit 1; }
      wrk -t2 -c64 -d"$DURATION" --latency "$BASE$route" >"$WORK/wrk.txt"
      echo "bench: round $round $server $route: $(grep Requests/sec "$WORK/wrk.txt" | awk '{print $2}') req/s"
      python3 - "$server" "$route" "$WORK/wrk.txt" >>"$WORK/results.tsv" <<'PY'
import re, sys
text = open(sys.argv[3]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{sys.argv[1]}\t{sys.argv[2]}\t{rps}\t{float(p99.group(1)) * scale}\t{errors.group(1) if errors else 0}")
PY
    done
    stop_server
  done
done

python3 - "$WORK/results.tsv" "$OUT" <<'PY'
import json, statistics, sys, subprocess, datetime
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
names = {"/health": "GET /health", "compose": "GET /compose (2 x 100x768)", "data": "GET /vectors/{id}/data (100x768 safetensors)"}
def label(route):
    if route == "/health": return names["/health"]
    if route.startswith("/compose"): return names["compose"]
    if route.endswith("/data"): return names["data"]
    return "GET /vectors/{id}"
table, results = [], []
for route in dict.fromkeys(r[1] for r in rows):
    def pick(server, column):
        return statistics.median(float(r[column]) for r in rows if r[0] == server and r[1] == route)
    ours, theirs = pick("tpv", 2), pick("hummingbird", 2)
    entry = {"route": label(route), "tpv_rps": round(ours), "tpv_p99_ms": round(pick("tpv", 3), 3),
             "hummingbird_rps": round(theirs), "hummingbird_p99_ms": round(pick("hummingbird", 3), 3),
             "ratio_rps": round(ours / theirs, 2),
             "non_2xx": int(sum(int(r[4]) for r in rows if r[1] == route))}
    results.append(entry)
md = ["| route | tpv req/s | tpv p99 ms | Hummingbird req/s | Hummingbird p99 ms | ratio (tpv / HB) |", "|---|---:|---:|---:|---:|---:|"]
for e in results:
    md.append(f"| {e['route']} | {e['tpv_rps']} | {e['tpv_p99_ms']} | {e['hummingbird_rps']} | {e['hummingbird_p99_ms']} | {e['ratio_rps']} |")
header = f"wrk -t2 -c64, median of rounds, {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}, {subprocess.getoutput('nproc')} cores\n\n"
open(f"{sys.argv[2]}/http.md", "w").write(header + "\n".join(md) + "\n")
json.dump(results, open(f"{sys.argv[2]}/http.json", "w"), indent=1)
print(header + "\n".join(md))
PY
