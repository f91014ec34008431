"""The adapter folders `to_peft` writes, loaded by the real PEFT into small random models. Needs the
optional torch, transformers and peft (pip install "tpv-hub-client[peft]" transformers); skipped without them."""
import numpy as np
import pytest

from tpvhub import to_peft

torch = pytest.importorskip("torch")
peft = pytest.importorskip("peft")
transformers = pytest.importorskip("transformers")


def loaded_prompt(model):
    return model.prompt_encoder["default"].embedding.weight.detach().numpy()


def test_an_encoder_loads_the_prompt_as_written(tmp_path, rng):
    config = transformers.BertConfig(vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                                     intermediate_size=64)
    prompt = rng.standard_normal((6, 32)).astype(np.float32)
    model = peft.PeftModel.from_pretrained(transformers.BertModel(config), str(to_peft(tmp_path / "bert", prompt)))
    assert np.array_equal(loaded_prompt(model), prompt)
    assert model.peft_config["default"].num_layers == 2  # filled in from the base model's config
    output = model(input_ids=torch.tensor([[1, 2, 3]]), attention_mask=torch.ones(1, 3, dtype=torch.long))
    assert output.last_hidden_state.shape == (1, 6 + 3, 32)  # the prompt is prepended


def test_an_encoder_decoder_loads_two_stacked_prompts(tmp_path, rng):
    config = transformers.T5Config(vocab_size=100, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=4,
                                   decoder_start_token_id=0)
    prompt = rng.standard_normal((10, 32)).astype(np.float32)  # 5 virtual tokens for each of 2 submodules
    folder = to_peft(tmp_path / "t5", prompt, task_type="SEQ_2_SEQ_LM", base_model_name_or_path="t5-tiny")
    model = peft.PeftModel.from_pretrained(transformers.T5ForConditionalGeneration(config), str(folder))
    assert np.array_equal(loaded_prompt(model), prompt)
    assert model.peft_config["default"].num_virtual_tokens == 5
