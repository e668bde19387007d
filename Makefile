# One-command set-up: `make demo` (the main job) and `make test` (the whole suite) both create
# .venv, install everything into it and run. Nothing outside .venv is touched.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.instrux-installed
# torch goes in first, pinned: a plain `torch` requirement would pull a multi-GB CUDA build.
TORCH_SPEC ?= torch==2.13.0

.PHONY: setup demo test bench bench-semantic lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml examples/instrux-units/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/python -m pip install --quiet -e '.[all,dev]' -e examples/instrux-units
	$(BIN)/python -m pip install --quiet -e examples/instrux-finance
	touch $(STAMP)

demo: setup
	$(BIN)/python examples/demo.py

test: setup
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
