"""Schemathesis hooks for the hub's contract run (scripts/test-live.sh loads this module through
SCHEMATHESIS_HOOKS).

JSON Schema cannot say what a valid safetensors, .npy or JSONL file is, so without these the
fuzzer would only ever send random bytes and never get past the format checks. These strategies
draw real files of small prompts, so uploads reach the store, the arithmetic and the downloads.
"""
import json
import re
import struct

import schemathesis
from hypothesis import strategies as st

# Small prompts keep the run fast; finite values well inside float16's range so F16 stays finite.
rows = st.integers(min_value=1, max_value=4)
cols = st.integers(min_value=1, max_value=8)
values = st.floats(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False, width=32)


@st.composite
def matrices(draw, shape=None):
    p, d = shape or (draw(rows), draw(cols))
    return (p, d), draw(st.lists(values, min_size=p * d, max_size=p * d))


def safetensors_bytes(tensors, dtype="F32", metadata=None):
    """The safetensors layout: u64 header length, JSON header, then the raw little-endian tensors."""
    header, data = {}, b""
    pack = {"F32": "<%df", "F64": "<%dd", "F16": "<%de"}[dtype]
    for name, (shape, flat) in tensors.items():
        raw = struct.pack(pack % len(flat), *flat)
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


@st.composite
def safetensors_files(draw):
    shape, tau = draw(matrices())
    dtype = draw(st.sampled_from(["F32", "F64", "F16"]))
    form = draw(st.sampled_from(["tau", "single", "tuned"]))
    if form == "tau":
        tensors = {"tau": (shape, tau)}
    elif form == "single":
        tensors = {draw(st.sampled_from(["weights", "prompt"])): (shape, tau)}
    else:
        _, initial = draw(matrices(shape))
        tensors = {draw(st.sampled_from(["tuned", "prompt_embeddings"])): (shape, tau), "init": (shape, initial)}
    metadata = draw(st.one_of(st.none(), st.fixed_dictionaries({"description": st.text(max_size=20)})))
    return safetensors_bytes(tensors, dtype, metadata)


@st.composite
def npy_files(draw):
    (p, d), flat = draw(matrices())
    dtype, code = draw(st.sampled_from([("<f4", "f"), ("<f8", "d")]))
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d), }" % (dtype, p, d)
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + struct.pack("<%d%s" % (p * d, code), *flat)


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=30).filter(str.strip)


@st.composite
def jsonl_files(draw):
    """Lines of one kind and input form, as the hub requires of a split."""
    count = draw(st.integers(min_value=1, max_value=6))
    pair = draw(st.booleans())
    regression = draw(st.booleans())
    lines = []
    for _ in range(count):
        line = {"text": draw(texts)}
        if pair:
            line["text_pair"] = draw(st.text(max_size=20))
        if regression:
            line["score"] = draw(st.floats(min_value=-5, max_value=5, allow_nan=False))
        else:
            line["label"] = draw(st.sampled_from(["negative", "positive", "neutral"]))
        lines.append(json.dumps(line))
    return ("\n".join(lines) + "\n").encode()


schemathesis.openapi.media_type("application/x-safetensors", safetensors_files())
schemathesis.openapi.media_type("application/x-npy", npy_files())
schemathesis.openapi.media_type("application/octet-stream", st.one_of(safetensors_files(), npy_files()))
schemathesis.openapi.media_type("application/x-ndjson", jsonl_files())


@schemathesis.serializer("application/x-ndjson")
def jsonl_serializer(ctx, value):
    return value if isinstance(value, bytes) else str(value).encode()


def prompt_rows(body):
    """Rows of the prompt in an upload body (safetensors, .npy or tensor JSON), or None."""
    if isinstance(body, dict):
        return int(body["shape"][0]) if "shape" in body else None  # multipart parts carry no shape here
    if not isinstance(body, bytes):
        return None
    if not (body.startswith(b"\x93NUMPY") or len(body) > 8 and body[8:9] == b"{"):
        return None  # an archive: its rows are inside
    if body.startswith(b"\x93NUMPY"):
        header = body[10:10 + struct.unpack("<H", body[8:10])[0]].decode()
        return int(header.split("'shape': (")[1].split(",")[0])
    size = struct.unpack("<Q", body[:8])[0]
    header = json.loads(body[8:8 + size])
    return next(v["shape"][0] for k, v in header.items() if k != "__metadata__")


def tensor_count(body):
    size = struct.unpack("<Q", body[:8])[0]
    return sum(1 for name in json.loads(body[8:8 + size]) if name != "__metadata__")


def is_drawn_for_another_route(case):
    """An init is one tensor; the safetensors strategy also draws tuned + init pairs for vectors.
    (Such cases are dropped rather than rewritten: schemathesis re-validates a changed binary
    body as if it were a JSON string and would then count the case as negative.)"""
    meta = case.meta
    return ((meta is None or meta.generation.mode.is_positive) and case.operation.label == "POST /inits"
            and isinstance(case.body, bytes) and not case.body.startswith(b"\x93NUMPY") and tensor_count(case.body) > 1)


ARCHIVE_AND_MULTIPART = ("multipart/form-data", "application/zip", "application/x-tar", "application/gzip")


def is_opaque_upload(case):
    """A schema-valid archive or multipart upload holds files the schema cannot describe (a PEFT
    adapter's config and tensor), so drawn bytes are never a valid adapter. Those uploads are tested
    with real PEFT adapters by the Swift suites (PeftInteropTests, PeftUploadTests); here only
    their refusals are fuzzed."""
    meta = case.meta
    return ((meta is None or meta.generation.mode.is_positive)
            and (case.media_type or "").split(";")[0] in ARCHIVE_AND_MULTIPART)


@schemathesis.hook
def filter_case(context, case):
    return not is_drawn_for_another_route(case) and not is_opaque_upload(case)


@schemathesis.hook
def map_case(context, case):
    return meet_preconditions(case)


@schemathesis.hook
def before_add_examples(context, examples):
    # The examples phase runs no map_case hooks.
    examples[:] = [meet_preconditions(case) for case in examples
                   if not is_drawn_for_another_route(case) and not is_opaque_upload(case)]


def drop_inapplicable_merge_parameters(parameters):
    """density goes with ties, dare and dare_ties; merge_seed with the two DARE methods."""
    method = parameters.get("method") or "sum"
    if method not in ("ties", "dare", "dare_ties"):
        parameters.pop("density", None)
    if method not in ("dare", "dare_ties"):
        parameters.pop("merge_seed", None)


def meet_preconditions(case):
    """Meets, for schema-valid cases, the preconditions JSON Schema cannot state, so that the
    positive_data_acceptance check tests what the schema does say. Negative cases stay as drawn."""
    meta = case.meta
    if meta is not None and not meta.generation.mode.is_positive:
        return case
    label = case.operation.label
    query = case.query if isinstance(case.query, dict) else None
    if isinstance(case.body, dict) and "shape" in case.body and "data" in case.body:
        # A tensor's data holds P x d values; kept small.
        p, d = 1 + (int(case.body["shape"][0]) - 1) % 4, 1 + (int(case.body["shape"][1]) - 1) % 8
        data = case.body["data"] or [0.5]
        case.body = {"shape": [p, d], "data": [data[i % len(data)] for i in range(p * d)]}
    if query is not None and "num_virtual_tokens" in query:
        # It must equal the rows (or half of them); which upload it goes with is unknown to the schema.
        rows = prompt_rows(case.body)
        if rows is None:
            del query["num_virtual_tokens"]
        else:
            query["num_virtual_tokens"] = rows
    if label == "PUT /vectors/{id}" and query is not None and 0 < len({"model", "task", "seed"} & query.keys()) < 3:
        # Moving a vector names its whole new key, or none of it.
        for key in ("model", "task", "seed"):
            query.pop(key, None)
    if label == "GET /compose" and query is not None and isinstance(query.get("tasks"), (list, str)):
        # Each task once ("mnli,-mnli:2" is refused): uniqueItems sees only identical terms.
        given = query["tasks"].split(",") if isinstance(query["tasks"], str) else query["tasks"]
        seen, terms = set(), []
        for term in given:
            task = re.split(r"[@:]", str(term).lstrip("+-"))[0]
            if task not in seen:
                seen.add(task)
                terms.append(term)
        query["tasks"] = ",".join(terms) if isinstance(query["tasks"], str) else terms
    if label == "GET /compose" and query is not None:
        drop_inapplicable_merge_parameters(query)
    if label in ("GET /compose", "GET /vectors/{id}/data") and query is not None \
            and query.get("format") not in ("peft", "peft-tar.gz"):
        query.pop("task_type", None)  # a PEFT adapter's task_type goes only with a PEFT download
    if label == "GET /vectors/{id}/data" and query is not None and query.get("format") in ("peft", "peft-tar.gz") \
            and query.get("part") == "tau":
        query["part"] = "tuned"  # an adapter holds a prompt; tau is a difference of prompts
    if label in ("POST /vectors", "PUT /vectors", "PUT /vectors/{id}") and query is not None:
        query.pop("init", None)  # init=seed fits only a tuned prompt uploaded without its init
    if isinstance(case.body, dict) and label in ("POST /lambda-search", "POST /jobs"):
        drop_inapplicable_merge_parameters(case.body)  # a lambda search merges as /compose does
    if isinstance(case.body, dict):
        for key in ("prompt", "init"):
            start = case.body.get(key)
            if isinstance(start, dict) and isinstance(start.get("compose"), dict):
                drop_inapplicable_merge_parameters(start["compose"])
    if label in ("GET /compose", "GET /similarity") and query is not None and "model" not in query:
        # Without model= the answer depends on how many models the fuzzing has created so far.
        query["model"] = "t5-base"
    return case
