"""Puts a little of everything into the contract run's hub before schemathesis fuzzes it, so that
reads of existing vectors, inits and datasets are answered with 200s and their schemas checked:
t5-base vectors for mnli and qnli at seeds 1 and 2 with their inits, and 20 lines of each sst2 split.

usage: seed_contract_hub.py URL TOKEN SHARED"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python", "src"))
from tpvhub import Hub  # noqa: E402  (the client from this checkout)


def main(url, token, shared):
    hub = Hub(url, token)
    rng = np.random.default_rng(0)
    inits = {seed: rng.standard_normal((4, 8)) for seed in (1, 2)}
    for task in ("mnli", "qnli"):
        for seed in (1, 2):
            hub.push("t5-base", task, seed, tuned=inits[seed] + rng.standard_normal((4, 8)), init=inits[seed])
    for split in ("train", "validation", "test"):
        with open(os.path.join(shared, "data", "sst2", f"{split}.jsonl"), "rb") as file:
            lines = file.readlines()[:20]
        hub.upload_dataset("sst2", split, b"".join(lines), labels=["negative", "positive"] if split == "train" else None)


if __name__ == "__main__":
    main(*sys.argv[1:4])
