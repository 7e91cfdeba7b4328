# Two commands on a fresh machine with only python3:  make run  |  make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install index eval bench browser screenshot clean-index help

help:
	@echo "make run    - set up .venv, build the index if missing, start the web chat on http://127.0.0.1:7860"
	@echo "make test   - set up .venv, then ruff and the whole test suite (two worker processes; PYTEST_WORKERS=0 for one)"
	@echo "make index  - bring index/ in line with corpus/ (incremental)"
	@echo "make eval   - run the project's evaluation suite, reports in reports/"
	@echo "make bench  - run the benchmarks in benchmarks/"
	@echo "make screenshot - refresh docs/screenshot-chat.png and docs/screenshot-phone.png (the README pictures) through the browser tests"

# torch goes first, pinned to the CPU build, so the project's install does not pull a CUDA build.
# TORCH_INDEX_URL=https://download.pytorch.org/whl/cu128 (on a fresh .venv) installs a CUDA build instead.
TORCH_INDEX_URL ?=

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0 $(if $(TORCH_INDEX_URL),--index-url $(TORCH_INDEX_URL))
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

index: install
	$(BIN)/assistant index || test $$? -eq 3

run: install
	@echo "Login is off. To require one: .venv/bin/assistant adduser NAME --admin --file users.json, then ASSISTANT_USERS_FILE=users.json make run (docs/access.md)."
	GRADIO_ANALYTICS_ENABLED=False $(BIN)/assistant serve --host 127.0.0.1 --port 7860

# Debian's chromium for the browser tests; skipped with a message where it cannot be installed.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "chromium missing and no root: browser tests will be skipped"; fi; }

# The suite on PYTEST_WORKERS processes (pytest-xdist), each taking a whole test file at a time (a module's served app
# or index is built once), the longest files first (tests/conftest.py); each worker loads the model once.
# PYTEST_WORKERS=0 runs it in this one process.
PYTEST_WORKERS ?= 2

test: install browser
	$(BIN)/ruff check .
	GRADIO_ANALYTICS_ENABLED=False $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The browser tests save their pictures in a temporary folder; here they replace the README's (desktop and phone).
screenshot: install browser
	@touch $(VENV)/.screenshot-start
	SCREENSHOT_PATH=$(CURDIR)/docs/screenshot-chat.png PHONE_SCREENSHOT_PATH=$(CURDIR)/docs/screenshot-phone.png \
	  GRADIO_ANALYTICS_ENABLED=False \
	  $(BIN)/python -m pytest -q -rs tests/test_ui_browser.py -k "quoted_sentence_highlighted or on_a_phone"
	@for f in docs/screenshot-chat.png docs/screenshot-phone.png; do test $$f -nt $(VENV)/.screenshot-start || \
	  { echo "$$f was not refreshed (was the browser test skipped?)"; exit 1; }; done

eval: install
	$(BIN)/assistant eval --report reports --baseline

bench: install
	$(BIN)/python benchmarks/index_throughput.py
	$(BIN)/python benchmarks/query_latency.py
	$(BIN)/python benchmarks/ui_load.py

clean-index:
	find index -mindepth 1 ! -name README.md -delete
