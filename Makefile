# The README's commands. `make run` serves the site; `make test` runs every test.
# Both set up what they need first and are safe to run again.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run setup test lint format admin clean check-python bench scale-test gettext messages

$(VENV)/.installed: requirements.txt .python-version
	@$(MAKE) --no-print-directory check-python
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Python 3.12 or newer is needed (Django 6). '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "With pyenv, the .python-version file here selects 3.13: 'pyenv install 3.13'. Or run: make PYTHON=python3.13 ..."; \
	  exit 1; }

# A generated secret key for local use only; ignored by git. Production sets DJANGO_SECRET_KEY.
.secret_key: | $(VENV)/.installed
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# The Spanish interface strings: locale/es/LC_MESSAGES/django.po, compiled with GNU gettext's
# msgfmt (Debian package gettext; installed here when we can).
gettext:
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing gettext with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else \
	    echo "The Spanish pages need GNU gettext: sudo apt-get install gettext"; exit 1; \
	  fi; }

messages: gettext
	@for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check -o "$${po%.po}.mo" "$$po" || exit 1; done

setup: $(VENV)/.installed .secret_key messages
	DJANGO_HTTPS=0 $(PY) manage.py migrate --noinput
	DJANGO_HTTPS=0 $(PY) manage.py load_content
	DJANGO_HTTPS=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_HTTPS=0 $(PY) manage.py keep_page_copies --host $(HOST):$(PORT)

run: setup
	DJANGO_HTTPS=0 $(VENV)/bin/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) crsinfo.wsgi

# Create an account for Django admin (asks for a user name and password).
admin: setup
	DJANGO_HTTPS=0 $(PY) manage.py createsuperuser

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for axe-core and the HTML checker: apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Browser tests need Debian's Chromium and the HTML checker needs Java. Install them
# when we can (root with apt-get); otherwise stop and say what to install.
system-deps:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing$$missing with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The tests need these Debian packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

# The suite in parallel (pytest-xdist): one worker per core, each with its own test database
# (test_crsinfo_gw0, ...), live servers on free ports and its own Chromium. `worksteal` hands a
# slow test's neighbours to an idle worker. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

test: lint node_modules/.installed system-deps messages
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

# Style, the layers of crsinfo/ (import-linter, [tool.importlinter] in pyproject.toml) and no
# model change without its migration.
lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SECRET_KEY=lint-only DJANGO_HTTPS=0 $(PY) manage.py makemigrations --check --dry-run --verbosity 0

format: $(VENV)/.installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: setup
	bash bench/run.sh

# nginx, Redis, PostgreSQL and two app servers on loopback: publication reach, a killed app
# server, slow clients (deploy/scale_test.sh). Installs what is missing; needs root.
scale-test: $(VENV)/.installed messages
	bash deploy/scale_test.sh

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache artifacts var
