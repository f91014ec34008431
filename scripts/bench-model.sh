#!/usr/bin/env bash
# Prompt-tuning train step, Swift (tpv bench model) against the PyTorch reference
# (../shared/tools/ref_bench.py), on this machine, in this run. Prints the Swift JSON
# line, the PyTorch JSON line, and a summary line with the ratios (Swift / PyTorch,
# below 1 means Swift is faster).
#
# usage: scripts/bench-model.sh [MODEL_DIR]
#   env: BATCH=16 SEQ=64 PROMPT=20 STEPS=20   the benchmark shape
#        TPV_SCRATCH_PATH=.build              SwiftPM scratch path for the release build
#        TPV_REF_VENV=/tmp/ref-venv           Python venv with torch (created when missing)
#        TPV_REF_TOOLS=<repo>/../shared/tools where ref_bench.py lives
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:-${TPV_MODEL_DIR:-$root/models/all-minilm-l6-v2}}"
batch="${BATCH:-16}" seq="${SEQ:-64}" prompt="${PROMPT:-20}" steps="${STEPS:-20}"

say() { echo "bench-model: $*" >&2; }
fail() { echo "bench-model: error: $*" >&2; exit 1; }
source "$root/scripts/reference-env.sh"

[[ -f "$model/model.safetensors" ]] || fail "no model in $model; run scripts/install-model.sh first"
[[ -f "$tools/ref_bench.py" ]] || fail "no ref_bench.py in $tools; set TPV_REF_TOOLS to the folder of the PyTorch reference tools"

build_tpv
ensure_reference_venv

say "Swift: tpv bench model (batch $batch, seq $seq, prompt $prompt, $steps steps)"
swift_line="$("$tpv" bench model --model "$model" --batch "$batch" --seq "$seq" --prompt "$prompt" --steps "$steps")"
echo "$swift_line"

say "PyTorch: ref_bench.py (2 threads; sdpa and eager attention)"
torch_line="$("$venv/bin/python" "$tools/ref_bench.py" "$model" --batch "$batch" --seq "$seq" --P "$prompt" \
    --steps "$steps" --threads 2 2>/dev/null | tail -n 1)"
echo "$torch_line"

python3 - "$swift_line" "$torch_line" <<'PY'
import json, sys
swift, ref = json.loads(sys.argv[1]), json.loads(sys.argv[2])["torch"]
summary = {"swift_train_step_ms": swift["train_step_ms_median"], "swift_forward_ms": swift["forward_ms_median"]}
steps, forwards = {}, {}
for attention in ("sdpa", "eager"):
    result = ref.get(f"attn_{attention}")
    if result:
        steps[attention] = result["train_step"]["median_ms"]
        forwards[attention] = result["forward_with_prompt"]["median_ms"]
        summary[f"torch_{attention}_train_step_ms"] = steps[attention]
        summary[f"torch_{attention}_forward_ms"] = forwards[attention]
        summary[f"train_step_ratio_vs_{attention}"] = swift["train_step_ms_median"] / steps[attention]
if steps:
    summary["train_step_ratio_vs_fastest_torch"] = swift["train_step_ms_median"] / min(steps.values())
    summary["forward_ratio_vs_fastest_torch"] = swift["forward_ms_median"] / min(forwards.values())
print(json.dumps(summary))
PY
