# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The labeled sets and their scorer, beside the repository on the developers' machines (never in it).
SHARED ?= ../shared

.PHONY: setup demo test test-python train eval bench clean browser test-extension extension prefilters

# Debian's Chromium for the browser tests (never a downloaded browser build), with emoji and
# Japanese fonts so screenshots show what a person sees.
BROWSER_PACKAGES := chromium fonts-noto-color-emoji fonts-ipafont-gothic
EXTENSION_UNIT_TESTS := tests/extension/unit/*.test.mjs

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	PIP_CONSTRAINT=constraints.txt $(PY) -m pip install --quiet -e ".[test,dask]"
	touch $(STAMP)

setup: $(STAMP)  ## create .venv with postlint, its pinned models and the test tools

demo: setup  ## check the shipped English and Japanese drafts
	$(VENV)/bin/postlint examples/; status=$$?; test $$status -le 1

test: setup browser  ## the whole test suite, as CI runs it
	node --test $(EXTENSION_UNIT_TESTS)
	$(PY) -m pytest

eval: setup  ## score every labeled set (../shared/eval, ../shared/data, eval/holdout, eval/sealed, the drafts' development split): one table; SHARED=DIR to look elsewhere
	$(PY) eval/run.py --shared $(SHARED)

browser:  ## install Debian's chromium (and Node.js) for the browser tests when missing (needs root)
	@dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1 && command -v node >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" != 0 ]; then echo "make browser: as root, run: apt-get install $(BROWSER_PACKAGES) nodejs" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) \
	    $$(command -v node >/dev/null 2>&1 || echo nodejs); }

test-extension: setup browser  ## the browser extension's unit tests (Node) and end-to-end tests (Chromium)
	node --test $(EXTENSION_UNIT_TESTS)
	$(PY) -m pytest tests/extension

extension:  ## package the browser extension for Chrome/Edge and Firefox into dist/
	$(PYTHON) extension/build.py

train: setup  ## rebuild the learned scorers in models/ from pinned data ($(SHARED)/data, train/data, rules/): SHARED=DIR to look elsewhere
	PIP_CONSTRAINT=constraints.txt $(PY) -m pip install --quiet -e ".[train]"
	$(PY) -m train --shared $(SHARED)/data

bench: setup  ## every benchmark beside its target, results in bench/results/ (BENCH="--quick" or "--part core")
	$(PY) bench/run.py $(BENCH)

prefilters: setup  ## rewrite rules/prefilters.json after changing a rule regex (a test says when it is out of date)
	$(PY) -c 'from linter.rules.prefilter_table import write_table; print(write_table())'

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
