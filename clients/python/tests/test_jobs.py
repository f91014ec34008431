"""Datasets, training with followed progress, evaluation, lambda search and cancelling, on the
hub's real model (all-MiniLM-L6-v2) with a few examples of sst2, so each job takes seconds."""
import json

import numpy as np
import pytest

from conftest import unique
from tpvhub import HubError, JobFailed

MODEL = "all-minilm-l6-v2"
SMALL = {"shots": 16, "epochs": 2, "batch_size": 8, "max_length": 32, "prompt_length": 8, "validation_limit": 16}


@pytest.fixture(scope="module")
def task(hub, shared_data, contract):
    """sst2 under a name of this run: 64 training, 32 validation and 32 test examples."""
    name = unique("client-sst2")
    for split, count in (("train", 64), ("validation", 32), ("test", 32)):
        lines = (shared_data / "sst2" / f"{split}.jsonl").read_text().splitlines()[:count]
        rows = [json.loads(line) for line in lines]
        stored = hub.upload_dataset(name, split, rows, labels=["negative", "positive"] if split == "train" else None)
        assert stored["examples"] == count and stored["labels"] == ["negative", "positive"]
        contract(stored, "DatasetSplitRecord")
    return name


def test_uploaded_rows_come_back_with_label_counts(hub, task, shared_data, contract):
    described = hub.dataset(task)
    contract(described, "DatasetTask")
    assert set(described["splits"]) == {"train", "validation", "test"}
    assert sum(described["splits"]["train"]["label_counts"].values()) == 64
    first = json.loads((shared_data / "sst2" / "train.jsonl").read_text().splitlines()[0])
    assert hub.download_dataset(task, "train")[0] == first
    assert any(d["task"] == task for d in hub.datasets())


def test_a_job_trains_with_progress_and_stores_a_vector(hub, task, capsys, contract):
    queued = hub.train(MODEL, task, seed=1, follow=False, **SMALL)
    contract(queued, "Job")
    for name, data in hub.events(queued["id"]):
        if name in ("status", "end"):
            contract(data, "Job")
    job = hub.follow(queued["id"])
    contract(job, "Job")
    assert job["status"] == "succeeded" and job["metrics"]["validation"]["n"] == 16
    shown = capsys.readouterr().err
    assert f"job {job['id']}" in shown and "succeeded" in shown
    vector = hub.vector(job["vector_id"])
    contract(vector, "Vector")
    assert (vector["task"], vector["seed"], vector["shape"]) == (task, 1, [8, 384])
    tuned, init, tau = (hub.pull(job["vector_id"], part=part) for part in ("tuned", "init", "tau"))
    assert np.allclose(tuned, init + tau, atol=1e-5)

    scores = hub.evaluate(MODEL, task, job["vector_id"], limit=16)
    contract(scores, "Evaluation")
    assert scores["metrics"]["n"] == 16 and 0 <= scores["metrics"]["accuracy"] <= 1
    plain = hub.evaluate(MODEL, task, "none", split="validation", limit=8)
    assert plain["split"] == "validation" and plain["metrics"]["n"] == 8

    search = hub.lambda_search(MODEL, task, seed=1, step=0.5, limit=8, progress=False)
    contract(search, "Job")
    assert [point["lambda"] for point in search["result"]["curve"]] == [0, 0.5, 1]
    assert search["result"]["best"]["lambda"] in (0, 0.5, 1)


def test_following_without_tqdm_prints_lines(hub, task, monkeypatch, capsys):
    import tpvhub.progress
    monkeypatch.setattr(tpvhub.progress, "tqdm", None)
    job = hub.train(MODEL, task, seed=2, init="random", **SMALL)
    lines = capsys.readouterr().err.splitlines()
    assert f"job {job['id']}: step 1/" in lines[0] and lines[-1] == f"job {job['id']} succeeded"


def test_a_cancelled_job_raises_job_failed(hub, task, contract):
    job = hub.train(MODEL, task, seed=3, follow=False, shots=16, max_steps=100000, batch_size=8, max_length=32)
    assert job["status"] in ("queued", "running")
    contract(hub.cancel(job["id"]), "Job")
    with pytest.raises(JobFailed) as stopped:
        hub.follow(job["id"], progress=False)
    assert stopped.value.job["status"] == "cancelled" and stopped.value.job["id"] == job["id"]
    assert job["id"] in [j["id"] for j in hub.jobs(status="cancelled")]


def test_refused_jobs_are_hub_errors_saying_why(hub, task):
    hub.push(MODEL, task, 7, tau=np.zeros((8, 384)))
    with pytest.raises(HubError) as taken:
        hub.train(MODEL, task, seed=7, **SMALL)
    assert taken.value.status == 409 and taken.value.existing_id
    with pytest.raises(HubError) as unknown:
        hub.train("no-such-model", task, **SMALL)
    assert unknown.value.status == 400 and MODEL in unknown.value.detail
    with pytest.raises(HubError) as typo:
        hub.train(MODEL, task, seed=9, lerning_rate=0.1)
    assert typo.value.status == 400 and "'lerning_rate'" in typo.value.detail
