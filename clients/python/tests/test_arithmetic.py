"""compose and similarity against NumPy computing the same formulas from the pulled tensors."""
import numpy as np
import pytest

from conftest import unique
from tpvhub import HubError


@pytest.fixture(scope="module")
def stored(hub):
    """Two tasks with vectors at seeds 1 and 2, and the inits of both seeds."""
    rng = np.random.default_rng(7)
    model = unique("client-compose")
    inits = {seed: rng.standard_normal((4, 6)).astype(np.float32) for seed in (1, 2)}
    taus = {}
    for task in ("mnli", "qnli"):
        for seed in (1, 2):
            taus[task, seed] = rng.standard_normal((4, 6)).astype(np.float32)
            hub.push(model, task, seed, tuned=inits[seed] + taus[task, seed], init=inits[seed])
            taus[task, seed] = (inits[seed] + taus[task, seed]) - inits[seed]  # as float32 arithmetic stores it
    return model, inits, taus


def test_compose_is_init_plus_lambda_times_the_sum(hub, stored):
    model, inits, taus = stored
    expected = inits[1] + 0.5 * (taus["mnli", 1] + taus["qnli", 1])
    assert np.allclose(hub.compose("mnli,qnli", lam=0.5, seed=1, model=model), expected, atol=1e-5)
    assert np.allclose(hub.compose(["mnli", "qnli"], 0.5, 1, model=model), expected, atol=1e-5)
    weighted = hub.compose({"mnli": 0.7, "qnli": -0.3}, lam=1, seed=2, model=model)
    assert np.allclose(weighted, inits[2] + 0.7 * taus["mnli", 2] - 0.3 * taus["qnli", 2], atol=1e-5)
    alone = hub.compose("mnli@2", lam=2, seed=1, model=model, init=False)
    assert np.allclose(alone, 2 * taus["mnli", 2], atol=1e-5)
    # Left out, the model is the one holding the tasks and the seed the lowest with everything.
    assert np.allclose(hub.compose("mnli,qnli", lam=0.5, model=model), expected, atol=1e-5)


def test_similarity_is_the_mean_cosine_of_pooled_vectors(hub, stored):
    model, inits, taus = stored
    labels, matrix = hub.similarity(["mnli", "qnli"], model=model)
    assert labels == ["mnli", "qnli"]

    def cosine(a, b):
        a, b = a.mean(axis=0), b.mean(axis=0)
        return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))

    across = np.mean([cosine(taus["mnli", s], taus["qnli", t]) for s in (1, 2) for t in (1, 2)])
    assert matrix.shape == (2, 2) and np.isclose(matrix[0, 1], across, atol=1e-5) and np.isclose(matrix[1, 0], across, atol=1e-5)
    prompts_labels, prompts = hub.similarity("mnli,qnli", model=model, of="prompts")
    assert prompts_labels == labels and not np.allclose(prompts, matrix)


def test_composing_a_task_without_vectors_names_the_tasks_it_has(hub, stored):
    model = stored[0]
    with pytest.raises(HubError) as refused:
        hub.compose("sst2", seed=1, model=model)
    assert refused.value.status == 404 and "mnli, qnli" in refused.value.detail
