"""The client's parts that need no hub: tensor files, event streams, progress, PEFT folders."""
import io
import json

import numpy as np
import pytest
import safetensors.numpy

from tpvhub import read_safetensors, to_peft, write_safetensors
from tpvhub.events import server_sent_events
from tpvhub.hub import _prompt, _start, _terms
from tpvhub.progress import JobProgress
from tpvhub.tensors import as_prompt


def test_safetensors_written_with_numpy_load_in_the_reference_reader(tmp_path, rng):
    tau, init = rng.standard_normal((5, 7)).astype(np.float32), rng.standard_normal((5, 7)).astype(np.float32)
    path = tmp_path / "v.safetensors"
    path.write_bytes(write_safetensors({"tau": tau, "init": init}, {"task": "mnli"}))
    loaded = safetensors.numpy.load_file(str(path))
    assert np.array_equal(loaded["tau"], tau) and np.array_equal(loaded["init"], init)
    with open(path, "rb") as file:
        header = json.loads(file.read()[8:8 + int.from_bytes(path.read_bytes()[:8], "little")])
    assert header["__metadata__"] == {"task": "mnli"}


def test_reference_files_read_back_in_every_float_dtype(rng):
    tau = rng.standard_normal((3, 4)).astype(np.float32)
    for dtype in (np.float16, np.float32, np.float64):
        tensors, metadata = read_safetensors(safetensors.numpy.save({"tau": tau.astype(dtype)}, {"k": "v"}))
        assert tensors["tau"].dtype == np.float32
        assert np.allclose(tensors["tau"], tau, atol=1e-3 if dtype == np.float16 else 0)
        assert metadata == {"k": "v"}
    # bfloat16 is the top half of a float32: build one by hand from values it holds exactly.
    exact = np.array([[1.0, -2.5], [0.15625, 3.0]], dtype=np.float32)
    raw = (exact.view(np.uint32) >> 16).astype("<u2").tobytes()
    header = json.dumps({"p": {"dtype": "BF16", "shape": [2, 2], "data_offsets": [0, 8]}}).encode()
    header += b" " * (-len(header) % 8)
    tensors, _ = read_safetensors(len(header).to_bytes(8, "little") + header + raw)
    assert np.array_equal(tensors["p"], exact)


def test_prompts_must_be_finite_matrices():
    assert as_prompt([[1, 2], [3, 4]]).dtype == np.float32
    with pytest.raises(ValueError, match="P x d"):
        as_prompt(np.zeros(3))
    with pytest.raises(ValueError, match="NaN"):
        as_prompt([[np.nan, 1.0]])


def test_server_sent_events_split_anywhere_in_the_byte_stream():
    stream = (b": keep-alive\n\nevent: status\ndata: {\"id\": 1}\n\nevent: progress\r\ndata: {\"step\": 2,\r\n"
              b"data:  \"total\": 4}\r\n\r\ndata: plain text\n\nevent: end\rdata: {\"status\": \"succeeded\"}\r\r")
    expected = [("status", {"id": 1}), ("progress", {"step": 2, "total": 4}), ("message", "plain text"),
                ("end", {"status": "succeeded"})]
    assert list(server_sent_events([stream])) == expected
    for size in (1, 2, 3, 7):
        chunks = [stream[i:i + size] for i in range(0, len(stream), size)]
        assert list(server_sent_events(chunks)) == expected, size


def test_progress_without_tqdm_prints_every_tenth_and_the_outcome():
    out = io.StringIO()
    progress = JobProgress(7, stream=out, use_tqdm=False)
    for step in range(1, 21):
        progress.update("progress", {"step": step, "total": 20, "loss": 1 / step, "eta_seconds": 20 - step})
    progress.update("evaluation", {"step": 20, "validation": {"macro_f1": 0.75, "accuracy": 0.8, "n": 10}})
    progress.update("end", {"status": "succeeded"})
    lines = out.getvalue().splitlines()
    assert lines[0] == "job 7: step 1/20 loss 1 eta 19s"
    # The first step, then one line per tenth up to 100 %.
    assert sum(line.startswith("job 7: step") and "validation" not in line for line in lines) == 11
    assert "job 7: step 20 validation macro_f1 0.75 accuracy 0.8" in lines
    assert lines[-1] == "job 7 succeeded"


def test_progress_with_tqdm_draws_a_bar():
    pytest.importorskip("tqdm")
    out = io.StringIO()
    progress = JobProgress(3, stream=out, use_tqdm=True)
    for step in (1, 2, 4):
        progress.update("progress", {"step": step, "total": 4, "loss": 0.5})
    progress.update("end", {"status": "failed", "error": "out of data"})
    assert "job 3" in out.getvalue() and "4/4" in out.getvalue()
    assert out.getvalue().rstrip().endswith("job 3 failed: out of data")


def test_arguments_become_the_api_forms():
    assert _terms(["mnli", "qnli"]) == "mnli,qnli"
    assert _terms({"mnli": 0.7, "qnli": -0.3}) == "mnli:0.7,qnli:-0.3"
    assert _start(None) is None and _start("random") == {"random": True} and _start(7) == {"vector": 7}
    assert _prompt(7, None) == {"vector": 7} and _prompt("none", None) == {"none": True}
    assert _prompt("random", 2) == {"random": True, "seed": 2}
    with pytest.raises(ValueError):
        _start(1.5)


def test_peft_folder_holds_the_prompt_under_prompt_embeddings(tmp_path, rng):
    prompt = rng.standard_normal((20, 16)).astype(np.float32)
    folder = to_peft(tmp_path / "adapter", prompt, base_model_name_or_path="bert-tiny")
    config = json.loads((folder / "adapter_config.json").read_text())
    assert config["peft_type"] == "PROMPT_TUNING" and config["task_type"] == "FEATURE_EXTRACTION"
    assert (config["num_virtual_tokens"], config["token_dim"], config["num_transformer_submodules"]) == (20, 16, 1)
    assert config["base_model_name_or_path"] == "bert-tiny"
    loaded = safetensors.numpy.load_file(str(folder / "adapter_model.safetensors"))
    assert list(loaded) == ["prompt_embeddings"] and np.array_equal(loaded["prompt_embeddings"], prompt)


def test_peft_folder_for_an_encoder_decoder_stacks_two_prompts(tmp_path, rng):
    config = json.loads((to_peft(tmp_path, rng.standard_normal((8, 4)), task_type="SEQ_2_SEQ_LM")
                         / "adapter_config.json").read_text())
    assert (config["num_virtual_tokens"], config["num_transformer_submodules"]) == (4, 2)
    with pytest.raises(ValueError, match="multiple of 2"):
        to_peft(tmp_path / "odd", rng.standard_normal((7, 4)), task_type="SEQ_2_SEQ_LM")
