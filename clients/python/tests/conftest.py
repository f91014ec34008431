"""The client's tests run against a live hub: scripts/test-live.sh starts `tpv serve` and sets
TPV_HUB and TPV_TOKEN (and TPV_SHARED, the reference data). Only test_offline.py runs without one."""
import os
import pathlib
import zlib

import numpy as np
import pytest

from tpvhub import Hub

REPOSITORY = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def hub():
    url, token = os.environ.get("TPV_HUB"), os.environ.get("TPV_TOKEN")
    if not url or not token:
        pytest.fail("set TPV_HUB and TPV_TOKEN to a running hub and a token of it (scripts/test-live.sh does)")
    return Hub(url, token)


@pytest.fixture(scope="session")
def anonymous(hub):
    return Hub(hub.url, token="")


@pytest.fixture(scope="session")
def shared_data():
    path = pathlib.Path(os.environ.get("TPV_SHARED", REPOSITORY.parent / "shared")) / "data"
    if not path.is_dir():
        pytest.fail(f"the reference datasets are not in {path}; set TPV_SHARED")
    return path


@pytest.fixture
def rng(request):
    # One stream per test, named by it, so reordering tests changes nothing.
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def unique(name):
    """Names unique to this test run, so reruns against the same hub do not collide."""
    return f"{name}-{os.getpid()}"


@pytest.fixture(scope="session")
def contract(hub):
    """check(value, "Job"): asserts that an answer the client got matches the schema of that name in
    the hub's GET /openapi.json, so the contract is checked where schemathesis cannot reach (jobs
    and evaluations on the real model)."""
    import jsonschema

    document = hub.session.get(hub.url + "/openapi.json", timeout=30).json()

    def check(value, schema_name):
        schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(value), key=str)
        assert not errors, f"{schema_name} does not match GET /openapi.json: {errors[0].message} at {list(errors[0].absolute_path)}"

    check.document = document
    return check
