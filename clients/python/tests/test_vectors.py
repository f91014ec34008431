"""push, vectors, pull, replace and delete against the live hub, checked with NumPy."""
import numpy as np
import pytest

from conftest import unique
from tpvhub import HubError


def test_tuned_prompt_with_its_init_is_stored_as_tau(hub, rng):
    model, task = unique("client-t5"), "mnli"
    init, tuned = rng.standard_normal((10, 16)), rng.standard_normal((10, 16))
    stored = hub.push(model, task, 1, tuned=tuned, init=init, description="from a notebook", metrics={"accuracy": 0.8})
    assert (stored["model"], stored["task"], stored["seed"], stored["shape"]) == (model, task, 1, [10, 16])
    assert stored["metrics"] == {"accuracy": 0.8} and stored["description"] == "from a notebook" and stored["has_tuned"]
    assert np.allclose(hub.pull(stored["id"]), (tuned - init).astype(np.float32), atol=1e-6)
    assert np.array_equal(hub.pull(stored["id"], part="tuned"), tuned.astype(np.float32))
    assert np.array_equal(hub.pull(stored["id"], part="init"), init.astype(np.float32))
    assert hub.vector(stored["id"])["sha256"] == stored["sha256"]
    assert [v["id"] for v in hub.vectors(model=model)] == [stored["id"]]
    assert any(i["model"] == model and i["seed"] == 1 for i in hub.inits(model=model))


def test_listing_filters_and_orders_by_task_and_seed(hub, rng):
    model = unique("client-list")
    for task, seed in [("qnli", 2), ("mnli", 2), ("mnli", 1)]:
        hub.push(model, task, seed, tau=rng.standard_normal((2, 3)))
    assert [(v["task"], v["seed"]) for v in hub.vectors(model=model)] == [("mnli", 1), ("mnli", 2), ("qnli", 2)]
    assert [v["seed"] for v in hub.vectors(model=model, task="mnli", seed=2)] == [2]
    assert {t["task"]: t["seeds"] for t in hub.tasks(model=model)} == {"mnli": [1, 2], "qnli": [2]}


def test_a_taken_key_is_a_hub_error_with_the_existing_id_until_replaced(hub, rng):
    model = unique("client-conflict")
    first = hub.push(model, "rte", 3, tau=rng.standard_normal((2, 2)))
    with pytest.raises(HubError) as refused:
        hub.push(model, "rte", 3, tau=rng.standard_normal((2, 2)))
    assert refused.value.status == 409 and refused.value.existing_id == first["id"]
    assert "already exists" in refused.value.detail and refused.value.problem["status"] == 409
    replacement = rng.standard_normal((2, 2)).astype(np.float32)
    assert hub.push(model, "rte", 3, tau=replacement, replace=True)["id"] == first["id"]
    assert np.array_equal(hub.pull(first["id"]), replacement)
    hub.delete(first["id"])
    with pytest.raises(HubError) as gone:
        hub.vector(first["id"])
    assert gone.value.status == 404


def test_writes_without_a_token_say_how_to_get_one(anonymous, rng):
    with pytest.raises(HubError) as refused:
        anonymous.push(unique("client-anon"), "mnli", 1, tau=rng.standard_normal((2, 2)))
    assert refused.value.status == 401 and "tpv token create" in refused.value.detail


def test_bad_arguments_fail_before_any_request(hub, rng):
    with pytest.raises(ValueError, match="init"):
        hub.push("m", "t", 1, tuned=rng.standard_normal((2, 2)))
    with pytest.raises(ValueError, match="tau, or tuned"):
        hub.push("m", "t", 1)
