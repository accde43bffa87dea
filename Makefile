# Two commands for a fresh machine:
#   make demo   set up .venv, run the bundled consultation pipeline, print where the results are
#   make test   set up .venv with the test extras, run the whole test suite
#
# torch 2.13.0 (CPU) is installed before anything that depends on it: any other torch requirement pulls
# gigabytes of CUDA packages. Models come from installed packages; nothing is downloaded at run time.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export PYTHONHASHSEED := 0

PYTEST_ARGS ?=

.PHONY: demo test lint bench clean help

help:
	@echo "make demo   # set up and run the demo pipeline on the bundled sample data"
	@echo "make test   # set up and run the test suite"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip wheel

$(VENV)/.torch: | $(BIN)/python
	$(BIN)/pip install --quiet "torch==2.13.0"
	@touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.torch
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.torch
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/voices run pipelines/consultation.toml --runs-dir runs
	$(BIN)/voices report runs
	@echo ""
	@echo "Open the HTML report above in a browser, or review the themes with a panel:"
	@echo "  $(BIN)/voices app runs/$$(ls -1 runs | grep -v -- '-report$$' | tail -n 1)"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench app
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e ".[test,bench]"
	$(BIN)/python bench/ingest_consultation.py
	$(BIN)/python bench/ingest_social.py

clean:
	rm -rf $(VENV) runs .pytest_cache
