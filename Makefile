# The two commands of the project: `make demo` and `make test`.
# Everything else here is what those two need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAO_VERSION := 8.0
SAO_DIR := .sao/node_modules/tryton-sao
MODULES := $(sort $(wildcard addons/clinic_*))
# sao's npm install runs beside the Python installs (a fresh machine waits
# for the network twice otherwise)
MAKEFLAGS += --jobs=2

.PHONY: demo demo-reset test test-sqlite test-postgresql install install-test sao clean

demo: install sao
	$(BIN)/python -m demo serve

demo-reset: install sao
	$(BIN)/python -m demo serve --reset

test: install install-test sao
	bash scripts/test.sh

test-sqlite: install install-test
	bash scripts/test.sh sqlite

test-postgresql: install install-test
	bash scripts/test.sh postgresql

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt $(wildcard addons/*/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q $(foreach m,$(MODULES),-e $(m))
	touch $@

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@

sao: $(SAO_DIR)/.installed $(SAO_DIR)/custom.js $(SAO_DIR)/custom.css

$(SAO_DIR)/.installed:
	mkdir -p .sao
	cd .sao && npm install --no-audit --no-fund --silent tryton-sao@$(SAO_VERSION)
	cd $(SAO_DIR) && npm install --omit=dev --legacy-peer-deps --no-audit --no-fund --silent
	touch $@

# Our additions to sao (web/), served from its web root
$(SAO_DIR)/custom.js: web/custom.js $(SAO_DIR)/.installed
	cp $< $@

$(SAO_DIR)/custom.css: web/custom.css $(SAO_DIR)/.installed
	cp $< $@

clean:
	rm -rf $(VENV) .sao var
