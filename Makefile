# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install messages messages-update lint migrate demo serve clean backup restore lock bench

$(STAMP): requirements.txt requirements-dev.txt requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c requirements.lock
	touch $(STAMP)

# The translations: each catalogue compiled when it changed (msgfmt comes with gettext; no .mo in git).
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

%.mo: %.po
	msgfmt --check -o $@ $<

messages: $(CATALOGUES)

## messages-update: add new and drop removed strings in every catalogue (then translate the new ones)
messages-update: install
	$(BIN)/python manage.py makemessages -l en -l uk -l tr --no-obsolete --add-location=file \
	  --ignore=.venv --ignore=staticfiles --ignore=tools --ignore=bench --ignore=tests --ignore=node_modules

install: $(STAMP) messages

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# The mail worker runs beside the development server; Ctrl-C stops both, and so does the server ending.
serve:
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## run: install, migrate, load the demo data, serve on http://127.0.0.1:8000 with the mail worker
run: demo serve

lint: install
	$(BIN)/ruff check .

## test: install, lint and run the whole suite (browser tests need /usr/bin/chromium)
test: lint
	@test -x /usr/bin/chromium || echo "NOTE: /usr/bin/chromium is missing, so the browser suite is SKIPPED (apt-get install chromium)."
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

## bench: ten years of data at 0.1× and 1× in fresh PostgreSQL databases, every page under wrk (DURATION=5 s a page, KEEP=1)
bench: install
	$(BIN)/python bench/run.py

## backup: write backups/dortmund-hilft-<time>.(dump|sqlite3) of the configured database
backup: install
	$(BIN)/python manage.py backup

## restore FILE=…: replace the configured database's contents with a backup (asks first)
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/dortmund-hilft-….dump"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)"

## lock: pin every transitive dependency from a fresh install of the requirements
lock:
	rm -rf /tmp/dh-lock && $(PYTHON) -m venv /tmp/dh-lock
	/tmp/dh-lock/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	{ echo "# Every package with its exact version, for reproducible installs (pip install -c requirements.lock)."; \
	  echo "# Made by 'make lock' from requirements-dev.txt; refresh it when you change a requirement."; \
	  /tmp/dh-lock/bin/pip freeze --all | grep -v -E '^(pip|setuptools|wheel)=='; } > requirements.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
