"""The real `tpv serve` in a temporary data directory, and the uploads the page test needs."""
import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import numpy as np

MODEL = "all-minilm-l6-v2"
PROMPT_LENGTH = 20
WIDTH = 384  # all-MiniLM-L6-v2's hidden size: uploaded prompts fit the model the jobs train


class HubProcess:
    def __init__(self, binary, root):
        self.directory = tempfile.mkdtemp(prefix="tpv-browser-")
        self.data = os.path.join(self.directory, "data")
        migrations = os.path.join(root, "Migrations")
        common = ["--data", self.data, "--migrations", migrations]
        self.token = subprocess.run([binary, "token", "create", "--name", "alice", *common],
                                    check=True, capture_output=True, text=True).stdout.strip()
        self.log = open(os.path.join(self.directory, "serve.log"), "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--port", "0", *common, "--models", os.path.join(root, "models"),
             "--public-directory", os.path.join(root, "Public"), "--workers", "1"],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("listening on http://"):
                self.url = line.split("listening on ", 1)[1].strip()
                return
            if not line and self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"tpv serve did not start (last line {line!r}); see {self.log.name}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def remove(self):
        shutil.rmtree(self.directory, ignore_errors=True)

    # -- HTTP, independent of the page --------------------------------------------------------

    def request(self, method, path, body=None, headers=None, token=None):
        """(status, headers, body bytes); errors are answers too."""
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=dict(headers or {}))
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def json(self, method, path, body=None, token=None):
        data = None if body is None else json.dumps(body).encode()
        status, _, payload = self.request(method, path, data, {"Content-Type": "application/json"} if data else None, token)
        return status, json.loads(payload) if payload else None

    def upload(self, method, path, body, content_type):
        status, _, payload = self.request(method, path, body, {"Content-Type": content_type}, self.token)
        if status != 201:
            raise RuntimeError(f"{method} {path}: {status} {payload[:300]!r}")
        return json.loads(payload)


def safetensors(tensors, metadata=None):
    """A safetensors file of float32 tensors, written from the format's definition."""
    header, chunks, offset = {}, [], 0
    for name, array in tensors.items():
        raw = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


TASKS = ["mnli", "qnli", "rte", "sst2"]
SEEDS = [1, 2]


def synthetic_vectors():
    """Task prompt vectors with some structure, so the heatmaps differ from cell to cell: the NLI
    tasks share a direction, sst2 has its own, and each seed adds its own noise."""
    rng = np.random.default_rng(7)
    nli, sentiment = rng.normal(size=(2, PROMPT_LENGTH, WIDTH))
    mix = {"mnli": (1.0, 0.1), "qnli": (0.8, 0.0), "rte": (0.6, 0.3), "sst2": (0.1, 1.0)}
    inits = {seed: rng.normal(scale=0.5, size=(PROMPT_LENGTH, WIDTH)) for seed in SEEDS}
    taus = {}
    for task in TASKS:
        a, b = mix[task]
        for seed in SEEDS:
            taus[task, seed] = a * nli + b * sentiment + 0.6 * rng.normal(size=(PROMPT_LENGTH, WIDTH))
    return inits, taus


def populate(hub, shared):
    """Vectors (4 tasks x 2 seeds, uploaded as tuned prompt + init, so the hub keeps the inits; cola
    at seed 1 as tau alone) and sst2 slices of the shared benchmark data. Returns the inits and taus as float32 arrays."""
    inits, taus = synthetic_vectors()
    for (task, seed), tau in taus.items():
        tuned = inits[seed] + tau
        metrics = json.dumps({"validation": {"accuracy": round(0.6 + 0.05 * seed + 0.01 * len(task), 3)}})
        provenance = json.dumps({"source": "synthetic", "task": task, "seed": seed})
        query = urllib.parse.urlencode({"model": MODEL, "task": task, "seed": seed, "metrics": metrics,
                                        "provenance": provenance, "description": f"{task} synthetic prompt"})
        hub.upload("POST", f"/vectors?{query}", safetensors({"tuned": tuned, "init": inits[seed]}), "application/x-safetensors")
    # A task with one seed and no init of its own: composing it at seed 2 is an error the page must show.
    taus["cola", 1] = np.random.default_rng(11).normal(size=(PROMPT_LENGTH, WIDTH))
    hub.upload("POST", f"/vectors?model={MODEL}&task=cola&seed=1", safetensors({"tau": taus["cola", 1]}), "application/x-safetensors")
    for split, count in [("train", 200), ("validation", 64), ("test", 100)]:
        with open(os.path.join(shared, "data", "sst2", f"{split}.jsonl"), "rb") as file:
            lines = file.read().splitlines(keepends=True)[:count]
        labels = "&labels=negative,positive" if split == "train" else ""
        hub.upload("POST", f"/datasets/sst2?split={split}{labels}", b"".join(lines), "application/x-ndjson")
    as32 = lambda a: a.astype(np.float32)
    return {s: as32(a) for s, a in inits.items()}, {k: as32(a) for k, a in taus.items()}
