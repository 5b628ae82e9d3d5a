PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help setup report pdf test browser lab bench lint clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-nodeps.txt constraints.txt pyproject.toml
	@echo "[setup] creating $(VENV) and installing pinned dependencies (PyPI only)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -r requirements.txt -c constraints.txt
	@$(PY) -m pip install -q --no-deps -r requirements-nodeps.txt
	@$(PY) -m pip install -q --no-deps -e .
	@$(PY) -c "from analysis.plots.style import cjk_font_path; print('[setup] CJK font:', cjk_font_path())"
	@echo "[setup] compiling UMAP/HDBSCAN numba kernels once (cached in $(VENV))"
	@$(PY) -W ignore -c "from analysis.topics.models import compile_kernels; compile_kernels()"
	@touch $@

setup: $(STAMP) ## create .venv with the pinned dependencies and a CJK font

report: $(STAMP) ## regenerate processed data, figures and HTML reports (reports/index.html); FORCE=1 reruns every notebook; CORPUS=DIR builds a study folder of your own (DIR/data/raw → DIR/reports)
	@$(if $(CORPUS),AI_VOICES_WORKSPACE=$(abspath $(CORPUS)),) $(PY) -m analysis.report $(if $(FORCE),--force,)

pdf: $(STAMP) ## print the whole report (findings, figures, captions; no code) to reports/ai-voices-report.pdf (needs chromium: make browser)
	@$(PY) -m analysis.site.printable

test: $(STAMP) ## run the test suite (the page tests install Debian's chromium when missing, or skip saying why)
	@$(PY) -m pytest

browser: ## install Debian's chromium and a CJK font for the page tests and screenshots (root, apt-get)
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk)

# --allow-root only when running as root (containers); LAB_ARGS adds options, e.g. LAB_ARGS="--no-browser --port=8899"
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: $(STAMP) ## open JupyterLab at the project root (notebooks/, reports/, figures/) with the project environment
	@$(PY) -m jupyter lab --ServerApp.root_dir="$(CURDIR)" $(LAB_ROOT) $(LAB_ARGS)

bench: $(STAMP) ## time every stage on 1x-100x synthetic corpora, the Dask build and embedding on 1 and 2 workers (1x-1000x), then make report itself cold, warm and plus one article on the five and the forty interviews (bench/out/)
	@$(PY) -m bench.run
	@$(PY) -m bench.scale
	@$(PY) -m bench.report_cost

lint: $(STAMP) ## ruff on the package, tests and notebooks
	@$(VENV)/bin/ruff check src tests notebooks bench

clean: ## remove generated data, figures, reports and caches (keeps .venv)
	rm -rf data/processed/*.parquet data/processed/*.json data/processed/*.csv data/cache figures/* reports/*
	touch data/processed/.gitkeep figures/.gitkeep reports/.gitkeep
