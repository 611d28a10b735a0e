# Everything a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: run serve test test-postgres install translations extract-messages update-messages init-db seed-demo bench clean

$(STAMP): setup.cfg pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Compiled catalogs (.mo) are build products: made from the .po files on every run.
translations: $(STAMP)
	$(BIN)/python -m portal.i18n_tools compile

init-db: translations
	$(FLASK) portal init-db

seed-demo: init-db
	$(FLASK) portal seed-demo

run: seed-demo
	@echo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin screens: http://127.0.0.1:$(PORT)/admin)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# The production server (gunicorn, deploy/gunicorn.conf.py) on the database `make run` uses. It
# refuses a generated or default secret key: set PORTAL_SECRET_KEY, or `make serve TRIAL=1`.
serve: init-db
	@echo
	@echo "Serving with gunicorn on http://127.0.0.1:$(PORT)/"
	$(if $(TRIAL),PORTAL_TRIAL=1) $(BIN)/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$(PORT) wsgi:app

test: translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: translations
	PORTAL_TEST_DATABASE_URL=$${PORTAL_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k _ln:1,2 -k lazy_ngettext:1,2 --no-location --sort-output --project ddr-portal -o translations/messages.pot portal admin_views forms

update-messages: extract-messages
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete --width 100
	$(BIN)/python -m portal.i18n_tools fill

bench: translations
	$(FLASK) portal bench $(BENCH_ARGS)
	$(BIN)/python -m portal.benchmarks.statistics
	$(BIN)/python -m portal.benchmarks.cases
	$(BIN)/python -m portal.benchmarks.training
	$(BIN)/python -m portal.benchmarks.public
	$(BIN)/python -m portal.benchmarks.serving
	$(BIN)/python -m portal.benchmarks.documents
	$(BIN)/python -m portal.benchmarks.screening
	$(BIN)/python -m portal.benchmarks.imports
	$(BIN)/python -m portal.benchmarks.assessment
	$(BIN)/python -m portal.benchmarks.scale $(SCALE_ARGS)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
