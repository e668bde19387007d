"""One settings object for every ``INSTRUX_*`` variable, read once.

This is the only module that reads the process environment. An :class:`~instrux.Engine`
takes a :class:`Settings` (``Engine(settings=...)``; by default ``Settings()``, which reads
the environment when the engine is built) and hands it to the plugins: the register hooks
and :class:`~instrux.RouteRequest` carry it, and ONNX sessions are made with its device and
thread count. The CLI builds one from its options instead of writing the environment, so two
engines with different settings can live in one process.

=================================  ==========================================================
variable                           meaning
=================================  ==========================================================
``INSTRUX_PLUGINS``                comma-separated entry-point plugins to load; unset loads
                                   all, empty loads none
``INSTRUX_DISABLE_BUILTINS``       comma-separated built-ins to leave out (``arithmetic`` or
                                   ``instrux.arithmetic``), or ``all``
``INSTRUX_TRACE``                  trace every hook call to stderr
``INSTRUX_EXECUTOR_KIND``          preferred executor kind (``python``, ``onnx``, ...)
``INSTRUX_MAX_TEXT_LENGTH``        longest accepted instruction, in characters
``INSTRUX_DEVICE``                 ONNX Runtime device: ``auto``, ``cpu`` or ``cuda``
``INSTRUX_ORT_THREADS``            intra-op threads per ONNX Runtime session
``INSTRUX_CACHE_DIR``              where derived files (encoder graphs, vectors) are cached
``INSTRUX_ARITHMETIC_ARTIFACTS``   directory of the arithmetic nets (default: shipped ones)
``INSTRUX_ENCODER``                the sentence encoder of the semantic tier and the default
                                   of training (a model name: ``instrux models list``)
``INSTRUX_MULTILINGUAL_ENCODER``   the semantic tier's encoder for text in a language the
                                   encoder does not read (default ``use-multilingual-v3``)
``INSTRUX_SEMANTIC_ROUTER``        a trained router artifact for the semantic tier
``INSTRUX_SEMANTIC_INT8``          use the int8 encoder in the semantic tier
``INSTRUX_LLM_BACKEND``            prompt executors' backend: ``onnxruntime-genai``,
                                   ``transformers`` or ``openai`` (an HTTP endpoint)
``INSTRUX_LLM_MODEL``              model directory (default: the one ``instrux llm setup``
                                   builds under the cache directory)
``INSTRUX_LLM_ROUTER``             let the LLM route texts no earlier tier decided (opt-in)
``INSTRUX_LLM_BASE_URL``           OpenAI-compatible endpoint (``http://host:port/v1``)
``INSTRUX_LLM_API_KEY``            its key (sent as a bearer token)
``INSTRUX_LLM_API_MODEL``          the model name the endpoint serves
``INSTRUX_LLM_MAX_NEW_TOKENS``     token budget of one generation
``INSTRUX_LLM_TIMEOUT_S``          time limit of one prompt execution, in seconds
``INSTRUX_LLM_ISOLATION``          where local models run: ``process`` (worker processes,
                                   killed on timeout; default) or ``thread``
``INSTRUX_LLM_WORKERS``            language-model worker processes
``INSTRUX_LLM_QUEUE``              calls that may wait for a worker (more: ``busy``)
``INSTRUX_LLM_MAX_INPUT_TOKENS``   longest prompt, in tokens (longer: ``invalid_input``)
``INSTRUX_LLM_WORKER_MAX_RSS_MB``  a worker above this resident memory is restarted
``INSTRUX_HEADS_DIR``              directory of trained head artifacts (one instruction each)
``INSTRUX_HEADS_INT8``             run heads' int8 graphs when an artifact has one
=================================  ==========================================================
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from instrux.parsing.text import DEFAULT_MAX_LENGTH
from instrux.schemas.config import first_error
from instrux.schemas.errors import ConfigurationError

__all__ = [
    "DEFAULT_ENCODER",
    "DEFAULT_MAX_LENGTH",
    "Device",
    "Settings",
    "default_cache_dir",
    "default_heads_dir",
    "load_settings",
]


Device = Literal["auto", "cpu", "cuda"]
DEFAULT_ENCODER = "all-minilm-l6-v2"
NameSet = Annotated[frozenset[str] | None, NoDecode]


def default_heads_dir() -> Path:
    """``~/.local/share/instrux/heads``: trained heads (``INSTRUX_HEADS_DIR`` overrides it)."""
    return Path.home() / ".local" / "share" / "instrux" / "heads"


def default_cache_dir() -> Path:
    """``~/.cache/instrux`` (``INSTRUX_CACHE_DIR`` overrides it through :class:`Settings`)."""
    return Path.home() / ".cache" / "instrux"


class Settings(BaseSettings):
    """Everything an engine and its plugins are configured by. Immutable once built.

    Values given as keyword arguments win over ``INSTRUX_*`` variables, which win over the
    defaults: ``Settings(device="cpu")`` ignores ``INSTRUX_DEVICE``.
    """

    model_config = SettingsConfigDict(
        env_prefix="INSTRUX_", frozen=True, extra="forbid", validate_default=True
    )

    plugins: NameSet = Field(
        default=None,
        description="Entry-point plugins to load (None: all of them; empty: none).",
    )
    disable_builtins: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(), description="Built-in plugins to leave out, or {'all'}."
    )
    trace: bool = Field(default=False, description="Trace every hook call to stderr.")
    executor_kind: str | None = Field(
        default=None, description="Preferred executor kind when an instruction has one."
    )
    max_text_length: int = Field(default=DEFAULT_MAX_LENGTH, ge=1)
    device: Device = Field(default="auto", description="ONNX Runtime device.")
    ort_threads: int = Field(default=1, ge=1, description="Intra-op threads per session.")
    cache_dir: Path = Field(default_factory=default_cache_dir)
    arithmetic_artifacts: Path | None = Field(
        default=None, description="Directory of the arithmetic nets (None: the shipped ones)."
    )
    encoder: str = Field(
        default=DEFAULT_ENCODER,
        min_length=1,
        description="Sentence encoder of the semantic tier and default of training "
        "(a registered model name or alias: `instrux models list`).",
    )
    multilingual_encoder: str = Field(
        default="use-multilingual-v3",
        min_length=1,
        description="Sentence encoder of the semantic tier for text in a language the encoder "
        "does not read (Chinese, French, German, Spanish with the English default).",
    )
    semantic_router: Path | None = Field(
        default=None, description="Trained router artifact for the semantic tier."
    )
    semantic_int8: bool = Field(default=False, description="Use the int8 sentence encoder.")
    # --- LLM prompt executors and router tier (instrux.llm) --------------------------------
    llm_backend: Literal["onnxruntime-genai", "transformers", "openai"] = Field(
        default="onnxruntime-genai", description="Backend of the prompt executors."
    )
    llm_model: Path | None = Field(
        default=None, description="Model directory (None: the one `instrux llm setup` built)."
    )
    llm_router: bool = Field(
        default=False, description="Let the LLM route what no earlier tier decided (opt-in)."
    )
    llm_planner: bool = Field(
        default=False,
        description="Let the LLM rewrite what no planner could plan as steps (opt-in).",
    )
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint.")
    llm_api_key: str | None = Field(default=None, description="Bearer token for the endpoint.")
    llm_api_model: str = Field(default="default", description="Model name at the endpoint.")
    llm_max_new_tokens: int = Field(default=96, ge=1, description="Tokens per generation.")
    llm_timeout_s: float = Field(default=30.0, gt=0, description="Time limit per prompt call.")
    llm_isolation: Literal["process", "thread"] = Field(
        default="process",
        description="Where local models run: 'process' (worker processes, killed on "
        "timeout; the caller's threads never wait on the model's GIL) or 'thread'.",
    )
    llm_workers: int = Field(default=1, ge=1, description="Worker processes (isolation).")
    llm_queue: int = Field(
        default=8, ge=0, description="Calls that may wait for a worker; more are 'busy'."
    )
    llm_max_input_tokens: int = Field(
        default=2048, ge=1, description="Longest prompt, in tokens (longer: invalid_input)."
    )
    llm_worker_max_rss_mb: float = Field(
        default=1500.0, gt=0, description="A worker above this resident memory is restarted."
    )

    @field_validator("llm_model", "llm_base_url", "llm_api_key", mode="before")
    @classmethod
    def _llm_empty_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("llm_backend", mode="before")
    @classmethod
    def _llm_backend_case(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    # --- end of the LLM settings ------------------------------------------------------------
    # Fine-tuned heads (instrux.heads): where their artifacts live, and how they run.
    heads_dir: Path = Field(
        default_factory=default_heads_dir,
        description="Directory of head artifacts; each becomes an instruction.",
    )
    heads_int8: bool = Field(default=False, description="Run heads' int8 graphs when present.")

    @field_validator("plugins", "disable_builtins", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("executor_kind", "arithmetic_artifacts", "semantic_router", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("device", "encoder", mode="before")
    @classmethod
    def _lower_case(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    def with_options(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied (``None`` values are ignored), validated again."""
        given = {k: v for k, v in changes.items() if v is not None}
        if not given:
            return self
        return load_settings(**{**self.model_dump(), **given})


def load_settings(**values: Any) -> Settings:
    """:class:`Settings` from ``values`` and the environment; bad values are instrux errors."""
    try:
        return Settings(**values)
    except ValidationError as err:
        field, value, problem = first_error(err)
        name = field or "settings"
        env = f"INSTRUX_{name.upper()}"
        raise ConfigurationError(
            f"Invalid setting {name} ({env}={value!r}): {problem}.",
            hint=f"Fix {env} or the matching option; see `instrux --help`.",
            details={"setting": name, "problem": problem},
        ) from None
