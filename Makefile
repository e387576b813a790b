# Two commands do all the set-up on a fresh machine (each makes its own .venv):
#   make report   the main job (see README)
#   make test     install, then run every notebook (nbdev_test) and pytest
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

# Offline copies of the datasets: when FASTAI_HOME is not set and ../shared/data exists,
# point fastai at a local home whose data/ links to it (untar_data then finds, not downloads).
ifeq ($(origin FASTAI_HOME), undefined)
ifneq ($(wildcard ../shared/data),)
export FASTAI_HOME := $(CURDIR)/.fastai_home
endif
endif

.PHONY: install fastai-home test test-slow report export check-sync bench

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt setup.py settings.ini
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	$(PY) -m pip check
	touch $@

fastai-home:
	@if [ -n "$$FASTAI_HOME" ] && [ -d ../shared/data ] && [ ! -e "$$FASTAI_HOME/data" ]; then \
	  mkdir -p "$$FASTAI_HOME" && ln -s "$$(realpath ../shared/data)" "$$FASTAI_HOME/data"; fi

test: install fastai-home
	$(BIN)/nbdev_test --n_workers 2 --do_print
	$(BIN)/pytest -q tests

test-slow: install fastai-home
	$(BIN)/nbdev_test --n_workers 1 --flags slow --do_print

# the main job: the papermill report on CIFAR-10 (fastai's download for users online, the $FASTAI_HOME copy offline):
# profile full on a GPU, quick on a CPU (about 30 minutes on 2 cores); also the README's colour-pipeline picture
PROFILE ?= $(shell $(PY) -c "import torch; print('full' if torch.cuda.is_available() else 'quick')" 2>/dev/null || echo quick)
report: install fastai-home
	$(BIN)/colorize-report --profile $(PROFILE) --data CIFAR --out reports/$(PROFILE)-cifar10
	$(BIN)/papermill --cwd nbs nbs/index.ipynb reports/demo/index.ipynb -p OUT ../reports/demo --log-level WARNING

bench: install fastai-home
	$(PY) benchmarks/color.py
	$(PY) benchmarks/data.py
	$(PY) benchmarks/speed.py

export: install
	$(BIN)/nbdev_export
	$(BIN)/nbdev_clean

# fails when the notebooks and colorize_lib/ disagree, or a notebook is not clean
check-sync: install
	$(BIN)/nbdev_export
	@git status --porcelain -- colorize_lib | grep . && { echo "nbdev_export changed colorize_lib/: notebooks and library disagree"; git diff --stat -- colorize_lib; exit 1; } || true
	$(BIN)/nbdev_clean
	@git status --porcelain -- nbs | grep . && { echo "nbdev_clean changed notebooks: run 'make export' and commit"; exit 1; } || true
