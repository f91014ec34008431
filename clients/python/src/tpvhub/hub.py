"""The hub's HTTP API from Python: vectors, composition, similarity, datasets, jobs, evaluation."""
import json
import os
import time

import numpy as np
import requests

from .errors import HubError, JobFailed
from .events import server_sent_events
from .peft import to_peft
from .progress import JobProgress
from .tensors import as_prompt, read_npy, write_safetensors

PAGE = 1000


class Hub:
    """A tpv-hub at `url` (default $TPV_HUB, else http://127.0.0.1:8080). Writes need `token`
    (default $TPV_TOKEN), made with `tpv token create --name NAME`; reading is public.

    Every method raises `HubError` (with the hub's `detail`) when the hub refuses a request."""

    def __init__(self, url=None, token=None, *, timeout=60.0, session=None):
        self.url = (url or os.environ.get("TPV_HUB") or "http://127.0.0.1:8080").rstrip("/")
        self.token = token if token is not None else os.environ.get("TPV_TOKEN")
        self.timeout = timeout
        self.session = session or requests.Session()

    def __repr__(self):
        return f"Hub({self.url!r})"

    # Catalog

    def health(self):
        return self._json("GET", "/health")

    def models(self):
        """Models holding vectors, and the installed ones (`trainable`)."""
        return self._json("GET", "/models")["items"]

    def tasks(self, model=None):
        """Tasks of the stored vectors with their seeds."""
        return self._json("GET", "/tasks", params={"model": model})["items"]

    # Vectors and inits

    def push(self, model, task, seed, *, tau=None, tuned=None, init=None, description=None, source=None,
             metrics=None, provenance=None, num_virtual_tokens=None, replace=False):
        """Uploads a task prompt vector: `tau` itself, or the `tuned` prompt with the `init` it
        started from (the hub computes tau = tuned - init and keeps the init for (model, seed)).
        Arrays are P x d (NumPy, nested lists or torch tensors). `replace=True` replaces your own
        vector of that key (PUT). Returns the stored vector's metadata."""
        if (tau is None) == (tuned is None):
            raise ValueError("give tau, or tuned with init")
        if tuned is not None and init is None:
            raise ValueError("a tuned prompt needs the init it started from: give init=")
        tensors = {"tau": as_prompt(tau, "tau")} if tau is not None else {}
        if tuned is not None:
            tensors["tuned"] = as_prompt(tuned, "tuned")
        if init is not None:
            tensors["init"] = as_prompt(init, "init")
        params = {"model": model, "task": task, "seed": seed, "description": description, "source": source,
                  "num_virtual_tokens": num_virtual_tokens,
                  "metrics": _json_text(metrics), "provenance": _json_text(provenance)}
        return self._json("PUT" if replace else "POST", "/vectors", params=params, data=write_safetensors(tensors),
                          headers={"Content-Type": "application/x-safetensors"})

    def vectors(self, model=None, task=None, seed=None):
        """Every stored vector's metadata (of the model, task, seed given), ordered by model, task, seed."""
        return self._all_pages("/vectors", {"model": model, "task": task, "seed": seed})

    def vector(self, id):
        return self._json("GET", f"/vectors/{int(id)}")

    def pull(self, id, part="tau"):
        """A stored vector as a float32 P x d array: `part` is tau, tuned (init + tau) or init."""
        return read_npy(self._request("GET", f"/vectors/{int(id)}/data", params={"part": part, "format": "npy"}).content)

    def delete(self, id):
        """Deletes your vector."""
        self._request("DELETE", f"/vectors/{int(id)}")

    def push_init(self, model, seed, init):
        """Uploads the init of (model, seed); uploading the same one again is fine."""
        return self._json("POST", "/inits", params={"model": model, "seed": seed},
                          data=write_safetensors({"init": as_prompt(init, "init")}),
                          headers={"Content-Type": "application/x-safetensors"})

    def inits(self, model=None):
        return self._json("GET", "/inits", params={"model": model})["items"]

    # Arithmetic

    def compose(self, tasks, lam=1.0, seed=None, *, model=None, init=True, **params):
        """init(seed) + lam * sum_i w_i tau_i as a float32 array (`init=False`: the sum alone).

        `tasks`: "mnli,qnli" (the hub's syntax: `task:weight`, `-task`, `task@seed`), a list of
        names, or {task: weight}. `model` and `seed` may be left out when the hub can tell them.
        Other keyword arguments become query parameters of GET /compose."""
        query = {"tasks": _terms(tasks), "lambda": lam, "seed": seed, "model": model,
                 "init": None if init else "none", **params, "format": "npy"}
        return read_npy(self._request("GET", "/compose", params=query).content)

    def similarity(self, tasks=None, *, model=None, of="vectors"):
        """(task names, task x task matrix of cosine similarities of average-pooled vectors, or of
        tuned prompts with of="prompts"). `tasks` defaults to all of the model's."""
        if tasks is not None and not isinstance(tasks, str):
            tasks = ",".join(tasks)
        answer = self._json("GET", "/similarity", params={"tasks": tasks, "model": model, "of": of})
        return answer["tasks"], np.array(answer["matrix"], dtype=np.float64)

    # Datasets

    def upload_dataset(self, task, split, data, *, labels=None, replace=False):
        """Uploads a split (train, validation or test) of a task: `data` is a JSONL file's path, its
        bytes, or an iterable of dicts ({"text", "label"} or {"text", "score"}, optional
        "text_pair"). `labels` fixes the class order with the task's first upload."""
        if isinstance(data, (str, os.PathLike)):
            with open(data, "rb") as file:
                body = file.read()
        elif isinstance(data, (bytes, bytearray)):
            body = bytes(data)
        else:
            body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in data).encode()
        params = {"labels": ",".join(labels) if labels is not None else None}
        if replace:
            return self._json("PUT", f"/datasets/{task}/{split}", params=params, data=body,
                              headers={"Content-Type": "application/x-ndjson"})
        return self._json("POST", f"/datasets/{task}", params={"split": split, **params}, data=body,
                          headers={"Content-Type": "application/x-ndjson"})

    def datasets(self):
        return self._json("GET", "/datasets")["items"]

    def dataset(self, task):
        """A task's schema and splits, with label counts or score statistics."""
        return self._json("GET", f"/datasets/{task}")

    def download_dataset(self, task, split):
        """A split's rows as dicts."""
        text = self._request("GET", f"/datasets/{task}/{split}").content.decode("utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    # Jobs and evaluation

    def train(self, model, task, seed=0, *, init=None, follow=True, progress=True, **params):
        """Queues a prompt-tuning job and, with `follow`, waits for it with a progress bar (tqdm when
        installed, else a line every 10 %). Returns the final job (its `vector_id` is the stored
        vector); raises JobFailed when it fails or is cancelled. Without `follow`, returns the queued job.

        `init`: None or "random" (the seed's init), a vector id (its tuned prompt), or a dict in the
        API's form, e.g. {"compose": {"tasks": "mnli,qnli", "lambda": 0.5}}. Other keyword
        arguments are the job's parameters: shots, epochs, max_steps, learning_rate, batch_size,
        prompt_length, max_length, weight_decay, warmup, validation_limit, evaluation_interval, store_as."""
        body = {"model": model, "task": task, "seed": seed, "init": _start(init), **params}
        job = self._json("POST", "/jobs", json={k: v for k, v in body.items() if v is not None})
        return self.follow(job["id"], progress=progress) if follow else job

    def lambda_search(self, model, tasks, seed=0, *, follow=True, progress=True, **params):
        """Queues a lambda search of init(seed) + lambda * sum of the tasks' vectors (`step`, `limit`)
        and, with `follow`, waits for it; the result is in the job's `result`."""
        body = {"model": model, "tasks": _terms(tasks), "seed": seed, **params}
        job = self._json("POST", "/lambda-search", json={k: v for k, v in body.items() if v is not None})
        return self.follow(job["id"], progress=progress) if follow else job

    def job(self, id):
        return self._json("GET", f"/jobs/{int(id)}")

    def jobs(self, status=None):
        """Jobs, newest first."""
        return self._all_pages("/jobs", {"status": status})

    def cancel(self, id):
        """Cancels your job; a running one stops at its next step."""
        return self._json("DELETE", f"/jobs/{int(id)}")

    def events(self, id):
        """The job's events as (name, data) while they happen: status, progress, evaluation, end."""
        response = self._request("GET", f"/jobs/{int(id)}/events", stream=True, timeout=(self.timeout, 60))
        with response:
            yield from server_sent_events(response.iter_content(chunk_size=None))

    def follow(self, id, *, progress=True):
        """Waits for a job to finish, showing its progress; returns the final job or raises JobFailed.
        A broken event stream is opened again (the job goes on either way)."""
        display = JobProgress(id, enabled=progress)
        try:
            while True:
                try:
                    for name, data in self.events(id):
                        display.update(name, data)
                        if name == "end":
                            return _finished(data)
                except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError):
                    time.sleep(1)
                job = self.job(id)
                if job["status"] in ("succeeded", "failed", "cancelled"):
                    return _finished(job)
        finally:
            display.close()

    def evaluate(self, model, task, prompt, *, split="test", seed=None, limit=None):
        """A prompt's metrics on a task's test (or validation) split, computed while you wait.
        `prompt`: a vector id, "none" (the plain model), "random" (the seed's init), or a dict in the
        API's form, e.g. {"compose": {"tasks": "mnli,qnli", "lambda": 0.5, "seed": 1}}.
        Returns the hub's answer; its `metrics` hold macro_f1/accuracy or pearson/mse and n."""
        body = {"model": model, "task": task, "split": split, "prompt": _prompt(prompt, seed), "limit": limit}
        return self._json("POST", "/evaluate", json={k: v for k, v in body.items() if v is not None}, retry_busy=True)

    def to_peft(self, folder, prompt, **config):
        """Writes a PEFT prompt-tuning adapter folder from a prompt; see tpvhub.to_peft."""
        return to_peft(folder, prompt, **config)

    # HTTP

    def _all_pages(self, path, params):
        items = []
        while True:
            page = self._json("GET", path, params={**params, "limit": PAGE, "offset": len(items)})
            items += page["items"]
            if not page["items"] or len(items) >= page["total"]:
                return items

    def _json(self, method, path, **kwargs):
        response = self._request(method, path, **kwargs)
        return response.json() if response.content else None

    def _request(self, method, path, *, params=None, headers=None, retry_busy=False, timeout=None, **kwargs):
        headers = dict(headers or {})
        if self.token and method != "GET":
            headers["Authorization"] = f"Bearer {self.token}"
        params = {k: v for k, v in (params or {}).items() if v is not None}
        for attempt in range(4):
            response = self.session.request(method, self.url + path, params=params, headers=headers,
                                            timeout=timeout or self.timeout, **kwargs)
            # A busy hub (503) says when to come back; evaluations are worth waiting for.
            if retry_busy and response.status_code == 503 and attempt < 3:
                time.sleep(float(response.headers.get("Retry-After", "5")))
                continue
            if response.status_code >= 400:
                raise HubError.from_response(response)
            return response


def _terms(tasks):
    if isinstance(tasks, str):
        return tasks
    if isinstance(tasks, dict):
        return ",".join(f"{task}:{weight}" for task, weight in tasks.items())
    return ",".join(tasks)


def _start(init):
    if init is None or init == "random":
        return None if init is None else {"random": True}
    if isinstance(init, int):
        return {"vector": init}
    if isinstance(init, dict):
        return init
    raise ValueError('init is "random", a vector id or a dict such as {"compose": {"tasks": "mnli,qnli", "lambda": 0.5}}')


def _prompt(prompt, seed):
    if isinstance(prompt, dict):
        return prompt
    if isinstance(prompt, int):
        return {"vector": prompt}
    if prompt == "none":
        return {"none": True}
    if prompt == "random":
        return {"random": True, "seed": seed} if seed is not None else {"random": True}
    raise ValueError('prompt is a vector id, "none", "random" or a dict such as {"compose": {...}}')


def _json_text(value):
    return None if value is None else json.dumps(value)


def _finished(job):
    if job.get("status") != "succeeded":
        raise JobFailed(job)
    return job
