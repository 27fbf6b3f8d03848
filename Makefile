# Huajie — the README's commands. `make run` serves the demo; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: install run test test-slow test-pg fuzz lint typecheck bench system-deps run-deps messages clean

install: $(STAMP) locale/zh_Hans/LC_MESSAGES/django.mo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

locale/zh_Hans/LC_MESSAGES/django.mo: locale/zh_Hans/LC_MESSAGES/django.po $(STAMP)
	$(PY) scripts/compile_messages.py

system-deps:
	bash scripts/system-deps.sh test

run-deps:
	bash scripts/system-deps.sh run

run: install run-deps
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "打开 Open http://127.0.0.1:8000/ （Ctrl+C 停止 stop）"
	@$(PY) manage.py run_scheduler > var/scheduler.log 2>&1 & sched=$$!; \
		trap 'kill $$sched 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:8000

test: install system-deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -q

test-slow: install
	HUAJIE_SLOW_TESTS=1 DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -q \
		huajie/imports/tests/test_real_sheets.py

test-pg: install
	bash scripts/test-postgres.sh

# Schema-driven fuzzing of the API (schemathesis) against a live server on a fresh demo database,
# as the admin, a clerk and anonymous: fails on any 5xx or schema violation. FUZZ_SECONDS per client.
FUZZ_SECONDS ?= 40
fuzz: install
	$(PY) scripts/fuzz_api.py --seconds $(FUZZ_SECONDS)

lint: install
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .

typecheck: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m mypy huajie config

# Benchmarks at 100k and 1M cases on SQLite and PostgreSQL, plus django-helpdesk side by side
# (docs/performance.md). Long: the first run generates the databases. Not part of `make test`.
# BENCH_ARGS, e.g. BENCH_ARGS="--targets pg-100k --skip-peer".
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

messages: install
	$(PY) manage.py makemessages -l zh_Hans --no-location --ignore '.venv/*' --ignore 'var/*' \
		--ignore 'huajie/*/migrations/*'

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
