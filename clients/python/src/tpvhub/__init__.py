"""Python client of tpv-hub: push, pull, compose, compare and train task prompt vectors.

    from tpvhub import Hub
    hub = Hub("http://127.0.0.1:8080", token)
    prompt = hub.compose("mnli,qnli", lam=0.5, seed=1)
"""
from .errors import HubError, JobFailed
from .hub import Hub
from .peft import to_peft
from .tensors import read_safetensors, write_safetensors

__all__ = ["Hub", "HubError", "JobFailed", "to_peft", "read_safetensors", "write_safetensors"]
__version__ = "0.1.0"
