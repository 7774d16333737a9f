# The two commands of the quickstart: `make demo` and `make test` (each creates .venv itself).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out
# Executing the notebooks in a batch: the kernel's own log (a notice that it talks to nbconvert
# over loopback TCP) is not for the person running the demo; cell errors still stop the run.
NBCONVERT := $(BIN)/jupyter nbconvert --log-level WARN \
	--ExecutePreprocessor.extra_arguments=--IPKernelApp.log_level=ERROR

.PHONY: assets bench chromium demo docs kernel lab test venv rapper shacl-js clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the package metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed

# The main job on the bundled data: validate, then exports, charts and executed notebooks.
demo: venv
	$(BIN)/dprkgraph validate
	$(BIN)/dprkgraph report -o $(OUT) --from 2009
	$(NBCONVERT) --to html --execute notebooks/*.ipynb --output-dir $(OUT)
	@echo
	@echo "Next: activate the environment to have the dprkgraph command on your PATH:"
	@echo "  . $(VENV)/bin/activate"
	@echo "  dprkgraph --help"
	@echo "and open the notebooks in JupyterLab with: make lab"

# The notebooks in JupyterLab, on this machine only (localhost), with the .venv kernel.
# Jupyter refuses to start as root unless told to; in a container one often is root.
lab: venv
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root) notebooks

# For a Jupyter installed elsewhere: register .venv as the kernel "Python (dprkgraph)".
kernel: venv
	$(BIN)/python -m ipykernel install --user --name dprkgraph --display-name "Python (dprkgraph)"

# Regenerate docs/cli.md and the README chart; tests fail while they are stale.
docs: venv
	$(BIN)/python tools/make_docs.py
	$(BIN)/python tools/make_vocab.py
	$(BIN)/python tools/make_explorer_png.py

# Benchmarks (not tests): print tables and write JSON to out/bench/. BENCH_SIZES=1k,10k limits
# the sizes; the full run, up to a million events, takes about half an hour on two cores.
bench: $(VENV)/.installed-test
	cd benchmarks && ../$(BIN)/python run.py

# rapper (Debian raptor2-utils) is a second, independent RDF parser for the export tests.
# Installed where we are root with apt-get (as in CI); elsewhere those tests skip and say why.
rapper:
	@if ! command -v rapper >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing raptor2-utils for rapper"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils) >/dev/null \
			|| echo "could not install raptor2-utils; the rapper tests will skip"; \
	fi

# Debian's chromium runs the explorer's browser tests (through playwright, never `playwright
# install`). Installed where we are root with apt-get; elsewhere those tests skip and say why.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium for the explorer's browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
			|| echo "could not install chromium; the browser tests will skip"; \
	fi

# Refresh the explorer's vendored vis-timeline from the npm registry (npm checks the tarball's
# integrity) and rewrite assets/VERSIONS with each file's sha256, which a test checks.
VIS_TIMELINE := 8.5.4
ASSETS := src/dprkgraph/assets
assets:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd "$$tmp" && npm pack --silent vis-timeline@$(VIS_TIMELINE) >/dev/null && tar xzf vis-timeline-$(VIS_TIMELINE).tgz) && \
	cp "$$tmp/package/standalone/umd/vis-timeline-graph2d.min.js" "$$tmp/package/styles/vis-timeline-graph2d.min.css" $(ASSETS)/ && \
	cp "$$tmp/package/LICENSE.md" $(ASSETS)/LICENSE-vis-timeline.md && \
	cp "$$tmp/package/LICENSE.MIT.txt" $(ASSETS)/LICENSE-vis-timeline.MIT.txt && \
	cp "$$tmp/package/LICENSE.Apache-2.0.txt" $(ASSETS)/LICENSE-vis-timeline.Apache-2.0.txt && \
	integrity=$$(npm view vis-timeline@$(VIS_TIMELINE) dist.integrity) && \
	( echo "# Vendored third-party files, refreshed by \`make assets\` from the npm registry."; \
	  echo "# tests/test_explore.py checks each file against its sha256 here."; \
	  echo "# Licence: LICENSE-vis-timeline.md (Apache-2.0 OR MIT, the user's choice)."; \
	  echo "package vis-timeline"; echo "version $(VIS_TIMELINE)"; echo "integrity $$integrity"; \
	  echo "# sha256  file  path in the npm package"; \
	  cd $(ASSETS) && for pair in vis-timeline-graph2d.min.js:package/standalone/umd \
	                             vis-timeline-graph2d.min.css:package/styles; do \
	    file=$${pair%%:*}; echo "$$(sha256sum $$file | cut -d' ' -f1)  $$file  $${pair#*:}/$$file"; \
	  done ) > $(ASSETS)/VERSIONS.tmp && mv $(ASSETS)/VERSIONS.tmp $(ASSETS)/VERSIONS && \
	echo "vendored vis-timeline $(VIS_TIMELINE) into $(ASSETS)"

# rdf-validate-shacl (npm) is a second, independent SHACL engine for the shape tests. Installed
# from tests/shacl-js/package-lock.json where Node.js and npm are present; elsewhere those
# tests skip and say why.
shacl-js:
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		(cd tests/shacl-js && npm ci --silent --no-audit --no-fund) \
			|| echo "could not install tests/shacl-js; the second-engine SHACL tests will skip"; \
	else \
		echo "Node.js/npm not found; the second-engine SHACL tests will skip"; \
	fi

# The suite runs in two workers, each taking whole test files (the files share no state): on
# two cores that cuts the wait by a third. `.venv/bin/pytest` alone runs it in one process.
test: $(VENV)/.installed-test rapper chromium shacl-js
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadfile

clean:
	rm -rf $(VENV) $(OUT) notebooks/$(OUT) .pytest_cache .mypy_cache build dist tests/shacl-js/node_modules
