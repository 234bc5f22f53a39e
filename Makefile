# wijkstem: `make run` to try it, `make test` to check it. Both set everything up from scratch.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FLASK  := $(BIN)/flask --app wijkstem
MO     := translations/en/LC_MESSAGES/messages.mo

.PHONY: run test install db translations chromium pdf-libs lint bench bench-pages soak wrk map extract-messages clean

run: db pdf-libs
	@echo "wijkstem draait op http://127.0.0.1:5000 (stoppen: Ctrl+C)"
	$(FLASK) wijkstem serve --host 127.0.0.1 --port 5000

test: db chromium pdf-libs
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

translations: $(MO)

$(MO): translations/en/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel -q compile -d translations -D messages

db: install translations
	$(FLASK) db upgrade
	$(FLASK) wijkstem seed

# Browser tests drive Debian's Chromium; never a downloaded browser build.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Chromium ontbreekt; installeren met apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Speed and memory under load (not part of the test suite); options after ARGS=, e.g.
# make bench ARGS="--db postgresql --duration 10 --reuse-data"   (see bench/run.py --help)
bench: install translations wrk pdf-libs
	$(BIN)/python -m bench.run $(ARGS)

# The same pages timed in-process with the test client, on a small data set.
bench-pages: db
	$(BIN)/python bench/pages.py

# 10 minutes of mixed traffic while its own PostgreSQL restarts and stops (ARGS="--minutes 3").
soak: install translations wrk
	$(BIN)/python -m bench.soak $(ARGS)

# The load generator for make bench, from Debian.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "wrk ontbreekt; installeren met apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

# The map of the Netherlands: project and simplify the boundaries once, commit wijkstem/data/map.json.
map:
	$(PYTHON) scripts/build_map.py

# The council PDF (WeasyPrint) needs Pango from Debian; does nothing when it is there.
pdf-libs:
	@{ ldconfig -p | grep -q 'libpango-1.0.so.0' && ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; } || { \
	  echo "Pango ontbreekt (nodig voor de pdf); installeren met apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs ".*" -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
