# SAKIP developer commands. Everything installs into .venv; nothing is needed by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.terpasang
STAMP_DEV := $(VENV)/.terpasang-dev
HOST   ?= 127.0.0.1:8000

.PHONY: install install-dev run test lint check migrate demo clean e2e-deps bench bench-reviu bench-beban

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(STAMP_DEV): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP_DEV)

install: $(STAMP)

install-dev: $(STAMP_DEV)

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(BIN)/python manage.py muat_demo

run: demo
	@echo "SAKIP berjalan di http://$(HOST)/  (akun demo: lihat README.md)"
	@# The background worker (report PDFs, document reviews) runs beside the server and stops with it.
	DEBUG=1 $(BIN)/python manage.py pekerja & pekerja=$$!; \
	trap 'kill $$pekerja 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Debian's Chromium (end-to-end tests, screenshots), poppler (PDF pages as PNG) and HarfBuzz-Subset
# (WeasyPrint's fast font subsetting: PDFs about 3x faster); needs root.
e2e-deps:
	apt-get update -qq && apt-get install -y -qq chromium poppler-utils libharfbuzz-subset0

# Benchmarks at provincial scale (docs/performance.md): builds the synthetic dataset, runs every benchmark.
# make bench BENCH_OPD=10 for a quick run; BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sakip_bench for PostgreSQL.
BENCH_OPD ?= 60
bench: install-dev
	$(BIN)/python bench/make_dataset.py --opd $(BENCH_OPD)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Load test (issue #22, docs/performance.md "Load test"): builds the synthetic dataset on PostgreSQL (75 offices:
# a third are verified, 50 stay open), starts gunicorn on 127.0.0.1:8765 and runs 50 operators for 90 s, then
# checks the database for lost or duplicated writes: 7–9 minutes on 2 busy cores (the dataset 5). BENCH_BEBAN_ARGS="--detik 30";
# without --bangun it reuses the database (each run writes new values into the same cells).
BENCH_BEBAN_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sakip_bench_beban
bench-beban: install-dev
	BENCH_DATABASE_URL=$(BENCH_BEBAN_DATABASE_URL) $(BIN)/python bench/beban.py --bangun $(BENCH_BEBAN_ARGS)

# Accuracy of reviu_dokumen on LKjIPs SAKIP renders with known errors (docs/reviu-dokumen.md): builds the
# corpus (bench/korpus.sqlite3, bench/hasil/korpus-reviu/) and measures it, about 2 minutes on 2 cores.
# BENCH_REVIU_ARGS="--cepat" for 3 reports; after a reviewer change, bench/reviu_dokumen.py alone re-measures.
bench-reviu: install-dev
	$(BIN)/python bench/reviu_dokumen.py --bangun $(BENCH_REVIU_ARGS)

# Lint, migrations in step with the models, and the layers (pyproject.toml, [tool.importlinter]).
lint: install-dev
	$(BIN)/ruff check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

# What CI runs besides the tests.
check: lint

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
