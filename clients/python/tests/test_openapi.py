"""GET /openapi.json is a valid OpenAPI 3.1 document, and what the catalog routes answer on a hub
with the real model installed matches it (the contract run has no model installed)."""
from openapi_spec_validator import validate


def test_the_served_document_is_valid_openapi_3_1(contract):
    validate(contract.document)
    assert contract.document["openapi"] == "3.1.0"


def test_models_list_the_installed_model_as_trainable(hub, contract):
    models = hub.models()
    for model in models:
        contract(model, "ModelSummary")
    assert any(m["model"] == "all-minilm-l6-v2" and m["trainable"] for m in models)
