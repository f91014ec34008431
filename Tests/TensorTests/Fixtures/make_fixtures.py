"""Writes the golden tensor files the format tests compare against.

Run once from this directory (numpy 2.x and safetensors from PyPI):
    python3 make_fixtures.py
Files are committed, so the tests need no Python. `expected.json` lists,
for every fixture, the shape and the float32 values a reader must produce
(C order); `encoder_goldens` names the files our writers must reproduce
byte for byte.
"""
import json
import struct

import numpy as np
from safetensors.numpy import save

expected = {}


def record(name, array):
    values = np.array(array, dtype=np.float32, order="C")  # keeps 0-d arrays 0-d
    expected[name] = {"shape": list(values.shape), "data": [float(x) for x in values.ravel()]}


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def save_npy(name, array, version=None):
    with open(name, "wb") as f:
        np.lib.format.write_array(f, array, version=version)
    record(name, array)


def safetensors_by_hand(name, tensors):
    """For dtypes numpy lacks (BF16): tensors = [(key, dtype, shape, raw bytes)]."""
    header, offset = {}, 0
    for key, dtype, shape, raw in tensors:
        header[key] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    write(name, struct.pack("<Q", len(text)) + text + b"".join(raw for *_, raw in tensors))


# --- safetensors -----------------------------------------------------------
a = (np.arange(6, dtype=np.float32).reshape(2, 3) * 0.5 - 1).astype(np.float32)
b = np.array([1.5, -2.0], dtype=np.float32)
write("st_f32.safetensors", save({"b": b, "a": a}))
record("st_f32.safetensors:a", a)
record("st_f32.safetensors:b", b)

w = np.array([[0.1, -0.2], [3.25, 1e-30]], dtype=np.float32)
write("st_f32_metadata.safetensors", save({"w": w}, metadata={"format": "pt"}))
record("st_f32_metadata.safetensors:w", w)

scalar = np.array(7.5, dtype=np.float32)
empty = np.zeros((0, 3), dtype=np.float32)
write("st_scalar_empty.safetensors", save({"scalar": scalar, "empty": empty}))
record("st_scalar_empty.safetensors:scalar", scalar)
record("st_scalar_empty.safetensors:empty", empty)

# F16 edge values: max, min normal, smallest subnormal, a subnormal, -0, rounding.
h = np.array([65504, 6.103515625e-05, 5.960464477539063e-08, 3.0e-06, -0.0, 1 / 3, -2.5], dtype=np.float16)
write("st_f16.safetensors", save({"h": h}))
record("st_f16.safetensors:h", h.astype(np.float32))

d = np.array([[1 / 3, -1e-40], [123456789.123, 2.0 ** -149]], dtype=np.float64)
write("st_f64.safetensors", save({"d": d}))
record("st_f64.safetensors:d", d.astype(np.float32))

mixed = {"x32": a, "x16": h, "x64": d}
write("st_mixed.safetensors", save(mixed, metadata={"source": "fixtures"}))
for key, value in mixed.items():
    record(f"st_mixed.safetensors:{key}", value.astype(np.float32))

# BF16 = top 16 bits of float32; these values are exact in bfloat16.
bf_values = np.array([1.0, -2.5, 3.0e38, 1.0e-39, 0.0078125, -0.0], dtype=np.float32)
bf_bits = (bf_values.view(np.uint32) >> 16).astype("<u2")
safetensors_by_hand("st_bf16.safetensors", [("g", "BF16", [2, 3], bf_bits.tobytes())])
record("st_bf16.safetensors:g", (bf_bits.astype(np.uint32) << 16).view(np.float32).reshape(2, 3))

# --- npy ----------------------------------------------------------------------
m = (np.arange(12, dtype=np.float32).reshape(3, 4) / 7).astype(np.float32)
save_npy("npy_f4.npy", m)
save_npy("npy_f4_scalar.npy", np.array(-3.5, dtype=np.float32))
save_npy("npy_f4_vector.npy", np.linspace(-1, 1, 5, dtype=np.float32))
save_npy("npy_f4_empty.npy", np.zeros((0, 384), dtype=np.float32))
save_npy("npy_f4_rank6.npy", np.arange(6, dtype=np.float32).reshape(1, 1, 2, 1, 3, 1))
save_npy("npy_f8.npy", np.array([[1 / 3, 2.0 ** -140], [1e30, -7.0]], dtype="<f8"))
save_npy("npy_f2.npy", h)
save_npy("npy_f4_big_endian.npy", m.astype(">f4"))
save_npy("npy_f8_big_endian.npy", np.array([1 / 3, -2.0], dtype=">f8"))
save_npy("npy_f4_fortran.npy", np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)))
save_npy("npy_f4_v2.npy", m, version=(2, 0))
save_npy("npy_f4_v3.npy", m, version=(3, 0))
save_npy("npy_i4.npy", np.arange(4, dtype=np.int32))
del expected["npy_i4.npy"]  # a rejection fixture: no values to expect

manifest = {
    "expected": expected,
    # Files our encoders must reproduce exactly from the expected values.
    "encoder_goldens": {
        "safetensors": ["st_f32.safetensors", "st_f32_metadata.safetensors", "st_scalar_empty.safetensors"],
        "npy": ["npy_f4.npy", "npy_f4_scalar.npy", "npy_f4_vector.npy", "npy_f4_empty.npy", "npy_f4_rank6.npy"],
    },
}
with open("expected.json", "w") as f:
    json.dump(manifest, f, indent=1, sort_keys=True)
    f.write("\n")
