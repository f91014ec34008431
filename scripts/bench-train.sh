#!/usr/bin/env bash
# Prompt tuning on sst2, Swift (tpv bench train) against the PyTorch reference
# (../shared/tools/ref_prompt_tune.py), on this machine, one after the other:
#   1. Swift, 1 epoch on 1,000 training examples: wall time and examples/s;
#   2. Swift, the reference's settings (P 20, lr 0.003, batch 16, 5 epochs, 1,000
#      training examples), best prompt by validation macro-F1, scored on the test split;
#   3. the reference with the same settings (last epoch's prompt on the test split).
# Prints the three JSON lines, then a summary line with both macro-F1s and wall times.
#
# usage: scripts/bench-train.sh [MODEL_DIR]
#   env: TRAIN_N=1000 EPOCHS=5 LR=0.003 PROMPT=20 BATCH=16 SEED=0   the run
#        TPV_SHARED_DATA=<repo>/../shared/data   tasks.json and the sst2 splits
#        SKIP_REFERENCE=1                        Swift only
#        plus TPV_SCRATCH_PATH, TPV_REF_VENV, TPV_REF_TOOLS (scripts/reference-env.sh)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:-${TPV_MODEL_DIR:-$root/models/all-minilm-l6-v2}}"
train_n="${TRAIN_N:-1000}" epochs="${EPOCHS:-5}" lr="${LR:-0.003}" prompt="${PROMPT:-20}" batch="${BATCH:-16}"
seed="${SEED:-0}"
data="${TPV_SHARED_DATA:-$root/../shared/data}"

say() { echo "bench-train: $*" >&2; }
fail() { echo "bench-train: error: $*" >&2; exit 1; }
source "$root/scripts/reference-env.sh"

[[ -f "$model/model.safetensors" ]] || fail "no model in $model; run scripts/install-model.sh first"
[[ -f "$data/tasks.json" && -f "$data/sst2/train.jsonl" ]] \
    || fail "no sst2 data under $data; set TPV_SHARED_DATA to the folder with tasks.json and sst2/"
build_tpv

settings=(--model "$model" --data "$data" --task sst2 --train-n "$train_n" --prompt "$prompt" --lr "$lr"
          --batch "$batch" --seed "$seed")
say "Swift: 1 epoch on $train_n examples (no validation, no test)"
one_epoch="$("$tpv" bench train "${settings[@]}" --epochs 1 --validation-n 0 --test-n 0)"
echo "$one_epoch"

say "Swift: $epochs epochs, validation after each, best prompt on the test split"
full="$("$tpv" bench train "${settings[@]}" --epochs "$epochs" --zero-shot)"
echo "$full"

reference="{}"
if [[ "${SKIP_REFERENCE:-0}" != 1 ]]; then
    [[ -f "$tools/ref_prompt_tune.py" ]] || fail "no ref_prompt_tune.py in $tools; set TPV_REF_TOOLS or SKIP_REFERENCE=1"
    ensure_reference_venv
    say "PyTorch: ref_prompt_tune.py, same settings (2 threads)"
    start=$(date +%s.%N)
    reference="$("$venv/bin/python" "$tools/ref_prompt_tune.py" "$model" --data "$data/sst2" --train-n "$train_n" \
        --P "$prompt" --lr "$lr" --epochs "$epochs" --batch "$batch" --seed "$seed" --threads 2 | tail -n 1)"
    reference="$(python3 -c 'import json,sys,time; r=json.loads(sys.argv[1]); r["wall_s"]=time.time()-float(sys.argv[2]); print(json.dumps(r))' \
        "$reference" "$start")"
    echo "$reference"
fi

python3 - "$one_epoch" "$full" "$reference" <<'PY'
import json, sys
one, full, ref = (json.loads(a) for a in sys.argv[1:4])
summary = {
    "swift_1_epoch_wall_s": one["wall_s"], "swift_1_epoch_examples_per_s": one["examples_per_s"],
    "swift_ms_per_step": full["ms_per_step"],
    "swift_zero_shot_test_macro_f1": full["zero_shot_test"]["macroF1"],
    "swift_test_macro_f1": full["test"]["macroF1"], "swift_test_accuracy": full["test"]["accuracy"],
    "swift_best_step": full["best_step"], "swift_validation_macro_f1": full["validation"]["macroF1"],
    "swift_last_epoch_validation_macro_f1": full["history"][-1]["validation"]["macroF1"],
    "swift_train_s": full["train_s"], "swift_wall_s": full["wall_s"] + full["test_s"],
}
if ref:
    epochs = ref["epochs"]
    summary.update({
        "torch_zero_shot_test_macro_f1": ref.get("zero_shot", {}).get("macro_f1"),
        "torch_test_macro_f1": ref["prompt_tuned"]["macro_f1"], "torch_test_accuracy": ref["prompt_tuned"]["accuracy"],
        "torch_best_epoch_test_macro_f1": max(e["test_macro_f1"] for e in epochs),
        "torch_1_epoch_train_s": epochs[0]["epoch_train_s"], "torch_ms_per_step": ref["prompt_tuned"]["ms_per_step"],
        "torch_train_s": ref["prompt_tuned"]["train_s_total"], "torch_wall_s": ref["wall_s"],
        "macro_f1_difference_points": 100 * (full["test"]["macroF1"] - ref["prompt_tuned"]["macro_f1"]),
        "train_time_ratio_swift_over_torch": full["train_s"] / ref["prompt_tuned"]["train_s_total"],
    })
print(json.dumps(summary))
PY
