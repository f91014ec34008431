"""Submits the reproduction's work to the hub and reuses what is already there, so a run that was
stopped picks up where it left: a stored vector of the same key and parameters is reused, an
active job for it is followed, a failed one is submitted again. Evaluations (answered within the
request) are kept in a JSON file keyed by the request and the SHA-256 of every vector involved."""
import hashlib
import json
import os
import time

from tpvhub import HubError, JobFailed

FINISHED = ("succeeded", "failed", "cancelled")


class Progress:
    """One line per finished unit of work, with counts and an estimate of the time left."""

    def __init__(self, stream=None):
        self.started = time.monotonic()
        self.stream = stream

    def __call__(self, message):
        elapsed = time.monotonic() - self.started
        line = f"[{int(elapsed // 60):3d}:{int(elapsed % 60):02d}] {message}"
        print(line, file=self.stream, flush=True)


class Runner:
    def __init__(self, hub, model, state_folder, log):
        self.hub = hub
        self.model = model
        self.log = log
        os.makedirs(state_folder, exist_ok=True)
        self.cache_path = os.path.join(state_folder, "evaluations.json")
        self.cache = json.load(open(self.cache_path)) if os.path.exists(self.cache_path) else {}
        self.vectors = {}

    # Vectors

    def vector(self, task, seed):
        """The stored vector of (model, task, seed), or None."""
        key = (task, seed)
        if key not in self.vectors:
            items = self.hub.vectors(model=self.model, task=task, seed=seed)
            self.vectors[key] = items[0] if items else None
        return self.vectors[key]

    # Training

    def train(self, store_as, seed, task, init, params):
        """Returns a handle: ("vector", metadata) when the result is stored, else ("job", id)."""
        request = {"task": task, "init": init, "store_as": store_as, **params}
        stored = self.vector(store_as, seed)
        if stored is not None:
            self._check_same(stored, request)
            return ("vector", stored)
        for job in self._active_jobs():
            parameters = job["parameters"]
            if job["kind"] == "train" and parameters.get("store_as") == store_as and job["seed"] == seed:
                return ("job", job["id"])
        job = self.hub.train(self.model, task, seed, init=init, follow=False, store_as=store_as, **params)
        return ("job", job["id"])

    def result(self, handle):
        """Waits for a handle of `train`; returns the stored vector's metadata."""
        kind, value = handle
        if kind == "vector":
            return value
        job = self.wait(value)
        if job["status"] != "succeeded":
            raise SystemExit(f"job {value} {job['status']}: {job.get('error')}; fix the cause and run again "
                             "(finished work is reused)")
        vector = self.hub.vector(job["vector_id"])
        self.vectors[(vector["task"], vector["seed"])] = vector
        return vector

    def _check_same(self, stored, request):
        parameters = stored.get("provenance", {}).get("parameters") or {}
        for name, wanted in request.items():
            have = parameters.get(name)
            same = have == wanted or (isinstance(wanted, float) and isinstance(have, (int, float))
                                      and abs(have - wanted) <= 1e-6 * abs(wanted))
            if not same:
                raise SystemExit(f"vector {stored['id']} ({stored['task']}, seed {stored['seed']}) was trained with "
                                 f"{name}={have!r}, this plan asks for {wanted!r}; delete it (DELETE /vectors/{stored['id']}) "
                                 "or use a fresh --data folder")

    def _active_jobs(self):
        return self.hub.jobs(status="queued") + self.hub.jobs(status="running")

    def wait(self, job_id):
        while True:
            try:
                return self.hub.follow(job_id, progress=False)
            except JobFailed as failure:
                return failure.job
            except HubError as error:
                if error.status < 500:
                    raise
                time.sleep(2)

    # Lambda search

    def lambda_search(self, tasks, seed, step, limit, merge=None):
        """The job's result ({"best": {...}, "curve": [...]}), reusing a finished search of the same
        request; `merge`: {"method", "density", "merge_seed"} as `GET /compose` takes them."""
        request = {"tasks": tasks, "seed": seed, "step": step, "limit": limit, **(merge or {})}
        # Every member a search can have is compared, absent ones too: a plain sum must not reuse a
        # TIES search of the same tasks (its parameters only add "method").
        members = ("tasks", "seed", "step", "limit", "method", "density", "merge_seed")
        for job in self.hub.jobs():
            parameters = job["parameters"]
            if job["kind"] == "lambda-search" and job["status"] in ("succeeded", "queued", "running") and all(
                    _same(parameters.get(name), request.get(name)) for name in members):
                break
        else:
            job = self.hub.lambda_search(self.model, tasks, seed, follow=False,
                                         **{k: v for k, v in request.items() if k not in ("tasks", "seed")})
        if job["status"] != "succeeded":
            job = self.wait(job["id"])
        if job["status"] != "succeeded":
            raise SystemExit(f"lambda search job {job['id']} {job['status']}: {job.get('error')}")
        return job["result"]

    # Evaluation

    def evaluate(self, task, prompt, seed, vectors=(), split="test"):
        """Metrics of `prompt` (the API's form) on the task's split; `vectors` are the metadata of
        the vectors the prompt uses, whose digests key the cache."""
        body = {"model": self.model, "task": task, "split": split, "prompt": prompt, "seed": seed}
        key = hashlib.sha256(json.dumps([body, sorted(v["sha256"] for v in vectors)], sort_keys=True).encode()).hexdigest()
        if key not in self.cache:
            answer = self.hub.evaluate(self.model, task, prompt, split=split)
            self.cache[key] = answer["metrics"]
            temporary = self.cache_path + ".tmp"
            with open(temporary, "w") as file:
                json.dump(self.cache, file)
            os.replace(temporary, self.cache_path)
        return self.cache[key]


def _same(have, wanted):
    if isinstance(wanted, float) and isinstance(have, (int, float)):
        return abs(have - wanted) <= 1e-9
    return have == wanted


def score(metrics):
    """The task's headline number: macro-F1, or Pearson for regression."""
    return metrics["macro_f1"] if "macro_f1" in metrics else metrics["pearson"]
