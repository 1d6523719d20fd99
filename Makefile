# SAKIP developer commands. Everything installs into .venv; nothing is needed by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.terpasang
HOST   ?= 127.0.0.1:8000

.PHONY: install run test lint migrate demo clean e2e-deps bench

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(BIN)/python manage.py muat_demo

run: demo
	@echo "SAKIP berjalan di http://$(HOST)/  (akun demo: lihat README.md)"
	@# The report worker (PDF jobs) runs beside the server and stops with it.
	DEBUG=1 $(BIN)/python manage.py pekerja_laporan & pekerja=$$!; \
	trap 'kill $$pekerja 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Debian's Chromium (end-to-end tests, screenshots) and poppler (PDF pages as PNG); needs root.
e2e-deps:
	apt-get update -qq && apt-get install -y -qq chromium poppler-utils

# Benchmarks at provincial scale (docs/performance.md): builds the synthetic dataset, runs every benchmark.
# make bench BENCH_OPD=10 for a quick run; BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sakip_bench for PostgreSQL.
BENCH_OPD ?= 60
bench: install
	$(BIN)/python bench/make_dataset.py --opd $(BENCH_OPD)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
