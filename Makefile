# The two commands of the quickstart: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out

.PHONY: demo test venv rapper clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the package metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed

demo: venv
	mkdir -p $(OUT)
	$(BIN)/dprkgraph validate
	$(BIN)/dprkgraph export -o $(OUT)/dprkgraph.ttl
	$(BIN)/dprkgraph export -o $(OUT)/dprkgraph.trig
	$(BIN)/dprkgraph export -o $(OUT)/dprkgraph.jsonld
	$(BIN)/dprkgraph plot timeline --from 2009 -o $(OUT)/timeline.png
	$(BIN)/dprkgraph plot dyad --pair usa prk --from 2009 -o $(OUT)/dyad.png
	$(BIN)/dprkgraph plot network -o $(OUT)/network.png

# rapper (Debian raptor2-utils) is a second, independent RDF parser for the export tests.
# Installed where we are root with apt-get (as in CI); elsewhere those tests skip and say why.
rapper:
	@if ! command -v rapper >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing raptor2-utils for rapper"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils) >/dev/null \
			|| echo "could not install raptor2-utils; the rapper tests will skip"; \
	fi

test: $(VENV)/.installed-test rapper
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache build dist
