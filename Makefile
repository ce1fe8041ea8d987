# The two commands of the README: `make serve` (the chat app) and `make test` (lint + the whole test suite).
# Both set everything up on a fresh machine: a virtualenv with the project and its extras, and, for the tests,
# Debian's chromium and CJK fonts, and LibreOffice's writer (reads .doc/.wps by converting them to .docx) (root
# only; see .ci/run).
VENV ?= .venv
PY := $(VENV)/bin/python
# libgl1 and libglib2.0-0: OpenCV, which rapidocr-onnxruntime (the OCR of scanned PDFs) pulls in, links them
SYSTEM_PACKAGES := chromium fonts-noto-cjk libreoffice-writer-nogui libgl1 libglib2.0-0

.PHONY: install system-packages test serve lint bench

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

system-packages:
	@if ! command -v chromium >/dev/null || ! command -v soffice >/dev/null \
		|| ! fc-list 2>/dev/null | grep -qi 'noto.*cjk' || ! ldconfig -p | grep -q 'libGL.so.1'; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(SYSTEM_PACKAGES); \
		else echo "missing Debian packages ($(SYSTEM_PACKAGES)): run 'sudo apt-get install $(SYSTEM_PACKAGES)'"; fi; \
	fi

lint: install
	$(VENV)/bin/ruff check kb app tests bench
	$(VENV)/bin/mypy

test: install system-packages lint
	$(VENV)/bin/pytest -q -ra

serve: install
	$(VENV)/bin/kb serve

bench: install
	$(PY) bench/ingest.py
	$(PY) bench/ask.py
	$(PY) bench/embedders.py
	$(PY) bench/formats.py
