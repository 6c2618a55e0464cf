# wijkradar — the two commands a user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := data/workspaces/demo.gpkg
PORT ?= 8501

.PHONY: install run test lint demo bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

$(DEMO): | $(VENV)/.installed
	$(BIN)/wijkradar demo --zone ipz31 --zone ipz51 --workspace $(DEMO)
	$(BIN)/wijkradar demo-opvolging --workspace $(DEMO) --weeks 6  # synthetic plan follow-up

demo: $(DEMO)

run: $(VENV)/.installed $(DEMO)
	WIJKRADAR_WORKSPACE=$${WIJKRADAR_WORKSPACE:-$(DEMO)} $(BIN)/streamlit run app.py \
		--server.address 127.0.0.1 --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) data/workspaces build *.egg-info
