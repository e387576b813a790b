# Two commands do all the set-up on a fresh machine (each makes its own .venv):
#   make report   the main job (see README)
#   make test     install, then run every notebook (nbdev_test) and pytest
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python


.PHONY: install lock fastai-home test test-slow report colorizer export check-sync check-chapters chapters bench release autograde grades capstone docs

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt setup.py settings.ini
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	$(PY) -m pip check
	touch $@

# write requirements.txt again from a tested .venv (after changing the ranges in settings.ini or upgrading a package)
lock: install
	{ sed -n '/^#/p;/^#/!q' requirements.txt; $(PY) -m pip freeze --exclude-editable | grep -v '^-e\|^colorize' ; } > requirements.txt.new
	mv requirements.txt.new requirements.txt

# the datasets live in fastai's data folder, $FASTAI_HOME/data (by default ~/.fastai/data): say how to get them if it is empty
fastai-home:
	@d="$${FASTAI_HOME:-$$HOME/.fastai}/data"; ls "$$d"/*/ >/dev/null 2>&1 || \
	  echo "note: no datasets in $$d yet: run $(BIN)/colorize-data get all (or set FASTAI_HOME to a folder whose data/ holds them)"

# the loop a student or teacher runs after every edit: every chapter (cells flagged slow left out) and the tests;
# one thread per notebook: two notebooks at once each spinning two threads on two cores ran 2-6x slower
test: install fastai-home
	OMP_NUM_THREADS=1 $(BIN)/nbdev_test --n_workers 2 --do_print
	$(BIN)/pytest -q -m "not slow" tests

# what does not need to run on every change: the slow cells of the chapters and the slow tests (CI runs them); only the
# chapters that have slow cells run again (make test ran the others), each timed
SLOW_NBS := $(shell grep -l '^ *"\#| slow' -r nbs --include='*.ipynb' | xargs -n1 basename | sed 's/\.ipynb$$//' | paste -sd'|')
test-slow: install fastai-home
	$(BIN)/nbdev_test --n_workers 1 --flags slow --do_print --timing --file_re '^($(SLOW_NBS))\.ipynb$$'
	$(BIN)/pytest -q -m slow --durations=0 tests

# execute every chapter in a fresh kernel so that readers see its outputs (about 30 minutes on 2 CPU cores)
chapters: install fastai-home
	$(PY) tools/chapters.py
	$(BIN)/nbdev_clean

# fails when a committed chapter has an error output, or was not executed since its code changed
check-chapters: install
	$(PY) tools/chapters.py --check

# the main job: the report of the five presentations (fastai's download for users online, the $FASTAI_HOME copies
# offline): profile full on a GPU, quick on a CPU (about 40 minutes on 2 cores), into reports/<profile>/
PROFILE ?= $(shell $(PY) -c "import torch; print('full' if torch.cuda.is_available() else 'quick')" 2>/dev/null || echo quick)
report: install fastai-home
	$(BIN)/colorize-report --profile $(PROFILE) --out reports/$(PROFILE)

# the colorizer the tutorial, the web page and the README use: Class + Rebal on every natural photo of the data sets
# (Imagenette, Intel scenes, MiniPlaces, CelebA split by person), random 112 px windows of 128 px images, flips; exported: the epoch of lowest validation loss, decoding at the T that scored best on the validation split (the first lesson shows the sweep), with the centring
# that takes out the rebalancing's own cast (chapter 01); about 15 minutes on 2 CPU cores with nothing else running; `make colorizer RESUME=1` continues an interrupted run from its last epoch
COLORIZER_EPOCHS ?= 6
colorizer: install fastai-home
	$(BIN)/colorize-train --kind rebalanced --arch light --body_lr 0.1 --frozen 5 \
	  --data IMAGENETTE_160,intel-image-classification,miniplaces,celeba --by_identity --centre --size 128 --crop 112 --bs 32 \
	  --epochs $(COLORIZER_EPOCHS) --half --best --T 1 --out reports/colorizer/run --export reports/colorizer/colorizer.pth $(if $(RESUME),--resume)
	cp reports/colorizer/run/run.json reports/colorizer/record.json

bench: install fastai-home
	$(PY) benchmarks/color.py
	$(PY) benchmarks/data.py
	$(PY) benchmarks/speed.py
	$(PY) benchmarks/distributed.py

export: install
	$(BIN)/nbdev_export
	$(BIN)/nbdev_clean

# fails when the notebooks and colorize_lib/ disagree, or a notebook is not clean
check-sync: install
	$(BIN)/nbdev_export
	@git status --porcelain -- colorize_lib | grep . && { echo "nbdev_export changed colorize_lib/: notebooks and library disagree"; git diff --stat -- colorize_lib; exit 1; } || true
	$(BIN)/nbdev_clean
	@git status --porcelain -- nbs | grep . && { echo "nbdev_clean changed notebooks: run 'make export' and commit"; exit 1; } || true

# the course site from the executed notebooks (Sphinx + myst-nb, offline) into _site/html/; open _site/html/index.html
docs: install
	$(PY) tools/course_site.py _site/html

# the exercises as nbgrader assignments (tools/assignments.py): `make release` writes course/release/<chapter>/, each
# chapter with its worked answers emptied and its hidden tests removed (its figures kept); `make autograde
# SUBMISSION=folder` runs a student's notebooks and prints the score of each exercise (course/ is not committed)
COURSE ?= course
release: install
	$(PY) tools/assignments.py release $(COURSE)

autograde: install fastai-home
	@test -n "$(SUBMISSION)" || { echo "usage: make autograde SUBMISSION=folder-with-the-student's-notebooks [STUDENT=id, default: the folder's name]"; exit 2; }
	$(PY) tools/assignments.py autograde $(SUBMISSION) $(COURSE) $(if $(STUDENT),--student $(STUDENT))

# every graded student's score per assignment, into $(COURSE)/grades.csv
grades: install
	$(PY) tools/assignments.py grades $(COURSE)

# the capstone's score: a submitted colorizer (one .pth per training seed) against Gray and the shipped colorizer on the
# shipped one's validation photos (SPLIT=test: the final score, once), a few minutes on 2 cores; RECORD=run.json also
# checks the training time against the brief's 30 minutes
SPLIT ?= valid
capstone: install fastai-home
	@test -n "$(SUBMISSION)" || { echo 'usage: make capstone SUBMISSION="seed0.pth seed1.pth seed2.pth" [SPLIT=test] [RECORD=run.json]'; exit 2; }
	$(PY) tools/capstone.py $(SUBMISSION) --split $(SPLIT) $(if $(RECORD),--record $(RECORD))
