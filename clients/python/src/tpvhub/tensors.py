"""Tensors as the hub reads and writes them, with NumPy alone: safetensors (a little-endian u64
header length, a JSON header, then the raw tensors) and .npy."""
import io
import json
import struct

import numpy as np

_DTYPES = {"F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "F64": np.dtype("<f8"),
           "I64": np.dtype("<i8"), "I32": np.dtype("<i4")}


def as_prompt(value, name="prompt"):
    """A P x d float32 matrix from a NumPy array, a nested list or a torch tensor (on any device)."""
    if hasattr(value, "detach"):
        value = value.detach().cpu()
        if hasattr(value, "float"):
            value = value.float()
        value = value.numpy()
    array = np.asarray(value, dtype=np.float32)
    if array.ndim != 2 or 0 in array.shape:
        raise ValueError(f"{name} must be a P x d matrix (num_virtual_tokens x token_dim), not shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} holds NaN or infinite values")
    return np.ascontiguousarray(array)


def write_safetensors(tensors, metadata=None):
    """The bytes of a safetensors file holding `tensors` (name -> array) as F32."""
    header, chunks, offset = {}, [], 0
    for name, array in tensors.items():
        raw = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def read_safetensors(data):
    """(name -> float32 array, metadata) of a safetensors file's bytes."""
    if len(data) < 8:
        raise ValueError("not a safetensors file: shorter than its 8-byte header length")
    (size,) = struct.unpack("<Q", data[:8])
    if 8 + size > len(data):
        raise ValueError("not a safetensors file: the header length runs past the end")
    header = json.loads(data[8:8 + size])
    metadata = header.pop("__metadata__", {}) or {}
    start, tensors = 8 + size, {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        if entry["dtype"] == "BF16":
            raw = np.frombuffer(data[start + begin:start + end], dtype="<u2").astype(np.uint32) << 16
            array = raw.view(np.float32)
        else:
            array = np.frombuffer(data[start + begin:start + end], dtype=_DTYPES[entry["dtype"]])
        tensors[name] = array.astype(np.float32).reshape(entry["shape"])
    return tensors, metadata


def read_npy(data):
    return np.load(io.BytesIO(data), allow_pickle=False)
