"""A tiny random-weight Llama, built here: a BPE tokenizer trained on a few sentences, a
seeded ``LlamaConfig``, saved as a transformers folder and exported through the same
onnxruntime-genai builder path as the real model (:func:`instrux.llm.build.build_genai`).

Nothing is downloaded. The build takes a few seconds and is shared by the session.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from instrux.settings import Settings

CORPUS = [
    "Review: a delight from start to finish\nSentiment: positive",
    "Review: dull and far too long\nSentiment: negative",
    "Text: the battery died after a day\nAnswer: negative",
    "Classify the text as one of: positive, negative, neutral.",
    'Copy the requested fields from the text into JSON: {"name": "Ann", "city": "Oslo"}',
    "Request: add 2 and 3\nInstruction: math.add none text.classify 0123456789",
    '{ } [ ] : , " null true false - . 1 2 3 4 5 6 7 8 9 0',
]
EOS = "<|endoftext|>"


def _train_tokenizer(out: Path) -> int:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400, special_tokens=[EOS], initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    tokenizer.train_from_iterator(CORPUS * 20, trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, eos_token=EOS, bos_token=EOS)
    fast.save_pretrained(out)
    return int(tokenizer.get_vocab_size())


def build_tiny_hf(out: Path, seed: int = 0) -> Path:
    """A transformers folder with a 2-layer random Llama and the trained tokenizer."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    out.mkdir(parents=True, exist_ok=True)
    vocab = _train_tokenizer(out)
    config = LlamaConfig(
        vocab_size=vocab, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=2048,
        bos_token_id=0, eos_token_id=0, tie_word_embeddings=False, rms_norm_eps=1e-5,
    )  # fmt: skip
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    with torch.no_grad():  # larger logits than the default init: option scores differ clearly
        model.lm_head.weight.mul_(20.0)
    model.config.architectures = ["LlamaForCausalLM"]
    model.save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def tiny_hf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch", reason="the tiny model is built with torch (train extra)")
    pytest.importorskip("transformers", reason="the tiny model is built with transformers")
    return build_tiny_hf(tmp_path_factory.mktemp("llm") / "tiny-hf")


@pytest.fixture(scope="session")
def tiny_genai(tiny_hf: Path) -> Path:
    pytest.importorskip("onnxruntime_genai", reason="needs the llm extra (onnxruntime-genai)")
    pytest.importorskip("onnx_ir", reason="the onnxruntime-genai builder needs onnx-ir")
    from instrux.llm.build import build_genai

    return build_genai(tiny_hf, tiny_hf.parent / "tiny-genai", precision="fp32")


@pytest.fixture
def tiny_settings(tiny_genai: Path, tmp_path: Path) -> Settings:
    return Settings(llm_model=tiny_genai, cache_dir=tmp_path / "cache", device="cpu",
                    plugins=frozenset())  # fmt: skip


@pytest.fixture(autouse=True)
def _no_llm_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("BACKEND", "MODEL", "ROUTER", "PLANNER", "BASE_URL", "API_KEY", "API_MODEL"):
        monkeypatch.delenv(f"INSTRUX_LLM_{name}", raising=False)
    yield
