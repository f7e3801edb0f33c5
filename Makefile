# The two commands the README promises: `make site` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Same inputs, same bytes: MkDocs stamps the sitemap with this date instead of "now".
export SOURCE_DATE_EPOCH ?= 0
export NO_MKDOCS_2_WARNING ?= 1

.PHONY: site serve test clean

site: $(VENV)/.installed
	$(VENV)/bin/mkdocs build
	@echo
	@echo "Built the sample site into site/. Preview it with live reload:"
	@echo "    $(VENV)/bin/mkdocs serve    # then open http://127.0.0.1:8000/"

serve: $(VENV)/.installed
	$(VENV)/bin/mkdocs serve

test: $(VENV)/.installed-test
	$(VENV)/bin/actionlint
	$(PY) -m mypy
	$(PY) -m pytest -q

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e ".[test]"
	touch $@

clean:
	rm -rf site .cache
