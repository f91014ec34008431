"""A PEFT prompt-tuning adapter folder from a prompt: what `PeftModel.from_pretrained(base, folder)`
loads. Written with NumPy alone; torch and peft are needed only to load it."""
import json
import os

from .tensors import as_prompt, write_safetensors

ENCODER_DECODER_TASKS = {"SEQ_2_SEQ_LM"}


def to_peft(folder, prompt, *, base_model_name_or_path=None, task_type="FEATURE_EXTRACTION", num_transformer_submodules=None,
            num_attention_heads=None, num_layers=None, tokenizer_name_or_path=None, metadata=None):
    """Writes `folder/adapter_config.json` and `folder/adapter_model.safetensors` (the prompt as F32
    under `prompt_embeddings`) and returns the folder.

    `prompt` is P x d, or (P * 2) x d for encoder-decoder models (task_type SEQ_2_SEQ_LM, whose
    num_transformer_submodules is 2). `task_type` is PEFT's: FEATURE_EXTRACTION (an encoder read
    through its embeddings, as the hub's own models are), SEQ_2_SEQ_LM (T5), CAUSAL_LM; PEFT's
    SEQ_CLS also expects the classifier's weights in the adapter, which a prompt does not hold.
    Left as None, num_attention_heads and num_layers are filled in by PEFT from the base model's
    config when it loads the adapter."""
    prompt = as_prompt(prompt)
    submodules = num_transformer_submodules or (2 if task_type in ENCODER_DECODER_TASKS else 1)
    rows, token_dim = prompt.shape
    if rows % submodules:
        raise ValueError(f"a prompt for {submodules} transformer submodules has a multiple of {submodules} rows, not {rows}")
    config = {
        "peft_type": "PROMPT_TUNING",
        "task_type": task_type,
        "num_virtual_tokens": rows // submodules,
        "token_dim": token_dim,
        "num_transformer_submodules": submodules,
        "num_attention_heads": num_attention_heads,
        "num_layers": num_layers,
        "prompt_tuning_init": "RANDOM",
        "prompt_tuning_init_text": None,
        "tokenizer_name_or_path": tokenizer_name_or_path,
        "tokenizer_kwargs": None,
        "base_model_name_or_path": base_model_name_or_path,
        "revision": None,
        "inference_mode": True,
        "auto_mapping": None,
    }
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "adapter_config.json"), "w") as file:
        json.dump(config, file, indent=2)
    with open(os.path.join(folder, "adapter_model.safetensors"), "wb") as file:
        file.write(write_safetensors({"prompt_embeddings": prompt}, {"format": "pt", **(metadata or {})}))
    return folder
