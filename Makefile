# Two commands on a fresh machine with Python 3.11: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_COUNT ?= 3000

.PHONY: install run demo test test-postgres quality messages lock clean

install: $(VENV)/.installed

# Reinstall when the dependencies change; requirements.lock pins what the suite last passed with.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade "pip>=24,<27"
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $@

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo --count $(DEMO_COUNT)

run: demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -n auto --dist loadfile $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n auto --dist loadfile $(PYTEST_ARGS)

quality: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# The catalogues after a change of interface text (docs/translation.md): new strings come out with an empty
# translation, which tests/inclusion/test_translations.py reports until a translator fills them in. No line
# numbers in the .po files, so that moving code does not rewrite them. Needs GNU gettext (Debian: gettext).
MESSAGES_OPTIONS = --all --no-location --no-obsolete --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=var
messages: install
	DEBUG=1 $(PY) manage.py makemessages $(MESSAGES_OPTIONS)
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# Refresh the pinned versions after changing pyproject.toml.
lock:
	rm -rf /tmp/inclusion-lock && $(PYTHON) -m venv /tmp/inclusion-lock
	/tmp/inclusion-lock/bin/pip install --quiet -e ".[dev]"
	/tmp/inclusion-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) staticfiles
