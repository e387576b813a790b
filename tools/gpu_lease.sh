#!/usr/bin/env bash
# One GPU lease, as lent today: 15 minutes of device time in all (the machine's start included), 10 per command, at most
# 64 MiB of working tree, 8 files of 16 MB back. Prepare here, run there, finish here:
#
#   bash tools/gpu_lease.sh pack            # here: .gpu/ = the wheels the device lacks + MiniPlaces at 128 px (capped); fails above 60 MB
#   (device) bash tools/gpu_lease.sh run    # there, carrying .gpu: install, the speed table, part 4 at the full profile
#   bash tools/gpu_lease.sh finish DIR      # here: DIR = what came back; writes reports/full/ and its PDF
#
# `run` keeps to LEASE_SECONDS (default 480) and writes to $OUT (the device tool's folder): speed.csv, speed-eccv16.json,
# places.tgz (the part's tables, run records and executed notebooks; no weights), lease.log. If it is cut short, a
# second `run` redoes only what is missing. COLORIZE_PROFILE=smoke runs the same path on a CPU (how it is tested;
# LEASE_WHEELS=0 skips fetching the wheels, REPORT_OUT=DIR writes the finished report elsewhere).
set -uo pipefail
cd "$(dirname "$0")/.."
PROFILE=${COLORIZE_PROFILE:-full}
G=${GPU_DIR:-.gpu}                      # what the lease carries (ignored by git)
case "${1:-run}" in
pack)
  PY=.venv/bin/python
  rm -rf "$G" && mkdir -p "$G/whl" "$G/home/data"
  # the fast.ai family at the versions installed here (the device has torch, numpy, pandas, matplotlib, scikit-image, rich)
  pins=$($PY - <<'PY'
from importlib.metadata import version
print(' '.join(f'{p}=={version(p)}' for p in ('fastai', 'fastcore', 'fastprogress', 'fasttransform', 'plum-dispatch', 'fastdownload', 'beartype')))
PY
)
  [ "${LEASE_WHEELS:-1}" = 0 ] || $PY -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp --platform manylinux2014_x86_64 \
      --platform manylinux_2_17_x86_64 --platform any -d "$G/whl" $pins 2>&1 | grep -v 'WARNING: Location' || true
  # full: 128 px, at most 15 training photos per class (+ the copy's 5 validation and 9 test), JPEG quality 75: about
  # 2 900 photos, 12 MB, so that the tree (44 MB today) and .gpu/ stay under 60 MB
  size=$([ "$PROFILE" = smoke ] && echo 32 || echo 128); caps=$([ "$PROFILE" = smoke ] && echo 6 || echo 15)
  $PY tools/gpu_pack.py miniplaces "$G/home/data" --size "$size" --quality 75 --n_per_class "$caps" || exit 1
  $PY tools/tree_size.py --carry "$G" --max-mb 60 ;;
run)
  OUT=${OUT:-/tmp/gpu_out}; mkdir -p "$OUT"; exec > >(tee -a "$OUT/lease.log") 2>&1
  t0=$(date +%s); budget=${LEASE_SECONDS:-480}; left() { echo $(( budget - ($(date +%s) - t0) )); }
  PY=$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )
  if ! $PY -c "import fastai" 2>/dev/null; then
    $PY -m pip install -q --no-index --no-deps --target /tmp/site "$G"/whl/*.whl || exit 1
    export PYTHONPATH=/tmp/site
  fi
  export PYTHONPATH=${PYTHONPATH:+$PYTHONPATH:}$PWD FASTAI_HOME=$(realpath "$G")/home MPLBACKEND=Agg PYTHONUNBUFFERED=1
  $PY -c "import torch, fastai; print('device:', torch.cuda.get_device_name() if torch.cuda.is_available() else 'CPU', '| torch', torch.__version__, '| fastai', fastai.__version__)"
  steps=$([ "$PROFILE" = smoke ] && echo 4 || echo 20); kinds=$([ "$PROFILE" = smoke ] && echo regression,iizuka || echo regression,classification,rebalanced,iizuka,koalarization,unet_rgb,cgan)
  [ -f "$OUT/speed.csv" ] || timeout $(( $(left) / 2 )) $PY benchmarks/speed.py --profile "$PROFILE" --synthetic --steps "$steps" --kinds "$kinds" --out "$OUT/speed.csv" \
    || echo "speed table: cut short or failed (exit $?); the part runs anyway"
  R=${LEASE_WORK:-/tmp/gpu_report}; mkdir -p "$R/data/places" "$R/parts"
  if [ ! -f "$R/data/places/evaluation.json" ]; then
    timeout "$(left)" $PY tools/nbrun.py nbs/experiments/dataset.ipynb "$R/data/places/dataset.ipynb" DATASET="'places'" PROFILE="'$PROFILE'" \
      OUT="'$R/data/places'" KINDS="'iizuka,iizuka@alpha0'"; rc=$?
    [ $rc -eq 124 ] && echo "part 4: cut short by the time budget (run again: finished learners are kept)"
    [ $rc -ne 0 ] && [ $rc -ne 124 ] && { echo "part 4: the dataset notebook failed (exit $rc): see $R/data/places/dataset.ipynb"; tar czf "$OUT/places.tgz" -C "$R" --exclude='*.pth' .; exit $rc; }
  fi
  part=1
  [ -f "$R/data/places/evaluation.json" ] && { timeout "$(left)" $PY tools/nbrun.py nbs/experiments/part4_jacob_darcet.ipynb \
      "$R/parts/part4_jacob_darcet.ipynb" PROFILE="'$PROFILE'" OUT="'$R'"; part=$?; }
  [ $part -eq 0 ] || echo "part 4's notebook did not finish (exit $part): see $R/parts/part4_jacob_darcet.ipynb"
  tar czf "$OUT/places.tgz" -C "$R" --exclude='*.pth' . && ls -la "$OUT"
  echo "lease run took $(( $(date +%s) - t0 )) s"; exit $part ;;
finish)
  DIR=${2:?finish needs the folder that came back}; PY=.venv/bin/python; F=${REPORT_OUT:-reports/$PROFILE}
  mkdir -p "$F" && tar xzf "$DIR/places.tgz" -C "$F" && cp "$DIR"/speed* "$F"/ 2>/dev/null
  $PY - "$F" <<'PY'
import sys, json, time
from pathlib import Path
from colorize_lib.report import _execute, notebooks_to_pdf, EXPERIMENTS
out = Path(sys.argv[1]).resolve()
_execute(EXPERIMENTS/'suite.ipynb', out/'suite.ipynb', dict(PROFILE=out.name, OUT=str(out), PARTS_RUN='jacob_darcet', STARTED=None, SKIPPED='{}'))
print('wrote', notebooks_to_pdf([out/'suite.ipynb', out/'parts'/'part4_jacob_darcet.ipynb'], out/'report.pdf'))
PY
  ;;
*) echo "usage: tools/gpu_lease.sh pack | run | finish DIR"; exit 2 ;;
esac
