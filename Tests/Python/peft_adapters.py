"""Real Hugging Face PEFT on both sides of the hub, for the Swift tests (HubTests/PeftInteropTests).

    save OUT_DIR    trains (two SGD steps) a prompt-tuning adapter on a tiny random BERT (FEATURE_EXTRACTION)
                    and a tiny random T5 (SEQ_2_SEQ_LM, two prompts stacked), saves each with save_pretrained to
                    OUT_DIR/{bert,t5}/adapter, and writes the prompt it started from and the tuned one as
                    OUT_DIR/{bert,t5}/init.npy and tuned.npy.
    load SPEC.json  for each {"archive", "expected", "base"}: unpacks the archive (.zip or .tar.gz),
                    loads the one folder in it with PeftModel.from_pretrained(base, folder), checks its
                    prompt embeddings equal the expected .npy exactly, runs a forward pass, and prints
                    one JSON line per archive.
"""
import json
import os
import shutil
import sys
import tarfile
import tempfile
import zipfile

import numpy as np
import torch
from peft import PeftModel, PromptTuningConfig, get_peft_model
from transformers import BertConfig, BertModel, T5Config, T5ForConditionalGeneration

torch.manual_seed(0)
torch.set_num_threads(1)  # the models are tiny; leave the cores to the tests running beside this one
VOCAB = 64


def base_model(kind):
    if kind == "bert":
        return BertModel(BertConfig(vocab_size=VOCAB, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                    intermediate_size=48, max_position_embeddings=64))
    return T5ForConditionalGeneration(T5Config(vocab_size=VOCAB, d_model=16, d_kv=4, d_ff=32, num_layers=1,
                                               num_heads=2, decoder_start_token_id=0))


def prompt_of(model):
    return model.prompt_encoder["default"].embedding.weight.detach().numpy().astype(np.float32)


def forward(model, kind):
    ids = torch.randint(1, VOCAB, (2, 5))
    if kind == "bert":
        return model(input_ids=ids).last_hidden_state[..., 0].mean()  # not the squares: LayerNorm fixes their mean
    return model(input_ids=ids, labels=torch.randint(1, VOCAB, (2, 3))).loss


def save(out):
    for kind, task_type, tokens in [("bert", "FEATURE_EXTRACTION", 5), ("t5", "SEQ_2_SEQ_LM", 4)]:
        model = get_peft_model(base_model(kind), PromptTuningConfig(task_type=task_type, num_virtual_tokens=tokens))
        folder = os.path.join(out, kind)
        os.makedirs(folder, exist_ok=True)
        np.save(os.path.join(folder, "init.npy"), prompt_of(model))
        optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.5)
        for _ in range(2):
            optimizer.zero_grad()
            forward(model, kind).backward()
            optimizer.step()
        model.save_pretrained(os.path.join(folder, "adapter"))
        np.save(os.path.join(folder, "tuned.npy"), prompt_of(model))
        print(json.dumps({"kind": kind, "shape": list(prompt_of(model).shape),
                          "moved": float(np.abs(prompt_of(model) - np.load(os.path.join(folder, "init.npy"))).max())}))


def unpack(archive, into):
    if archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            z.extractall(into)
    else:
        with tarfile.open(archive) as t:
            t.extractall(into, filter="data")
    (folder,) = os.listdir(into)
    return os.path.join(into, folder)


def load(spec_path):
    with open(spec_path) as f:
        spec = json.load(f)
    for item in spec:
        work = tempfile.mkdtemp()
        try:
            folder = unpack(item["archive"], work)
            model = PeftModel.from_pretrained(base_model(item["base"]), folder)
            prompt = prompt_of(model)
            expected = np.load(item["expected"])
            with torch.no_grad():
                loss = float(forward(model, item["base"]))
            print(json.dumps({"archive": os.path.basename(item["archive"]), "class": type(model).__name__,
                              "task_type": model.peft_config["default"].task_type, "shape": list(prompt.shape),
                              "equal": bool(prompt.shape == expected.shape and np.array_equal(prompt, expected)),
                              "files": sorted(os.listdir(folder)), "forward_finite": bool(np.isfinite(loss))}))
        finally:
            shutil.rmtree(work)


if __name__ == "__main__":
    {"save": save, "load": load}[sys.argv[1]](sys.argv[2])
