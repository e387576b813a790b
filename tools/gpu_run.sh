#!/usr/bin/env bash
# The full report on one GPU, in chunks that resume: run this script again until it prints "done" (exit 0).
#
#   tools/gpu_run.sh [MINUTES]     start no new notebook after MINUTES (default 5; a dataset notebook in flight then
#                                  finishes, a few minutes on an H100), so one call stays under about 8 minutes
#
# Exit codes: 0 done (reports/full/ has report.pdf and speed.csv), 3 cut short by the time budget (run it again: finished
# learners and evaluations are kept), 2 no GPU, other: a failure (the message names the notebook and its partial output).
# COLORIZE_PROFILE=smoke ALLOW_CPU=1 runs the same code path on a CPU with the smoke profile (how it is tested).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
PROFILE=${COLORIZE_PROFILE:-full}
OUT=${COLORIZE_OUT:-reports/$PROFILE}
export FASTAI_HOME=${FASTAI_HOME:-$PWD/.fastai_home}
export PYTHONUNBUFFERED=1 MPLBACKEND=Agg
if [ -z "${ALLOW_CPU:-}" ] && ! "$PY" -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)"; then
  echo "no CUDA device here: on a CPU, run 'make report' (the quick profile)"; exit 2
fi
"$PY" -c "import torch; print('device:', torch.cuda.get_device_name() if torch.cuda.is_available() else 'CPU', '| torch', torch.__version__)"
budget=$(( ${1:-5} * 60 ))
start=$(date +%s)
"$PY" -m colorize_lib.report --profile "$PROFILE" --out "$OUT" --budget "$budget"
rc=$?
echo "chunk took $(( $(date +%s) - start )) s"
if [ $rc -eq 3 ]; then echo "not finished: run tools/gpu_run.sh again to continue"; exit 3; fi
[ $rc -eq 0 ] || exit $rc
if [ ! -f "$OUT/speed.csv" ]; then "$PY" benchmarks/speed.py --profile "$PROFILE" --steps 20 --out "$OUT/speed.csv" || exit $?; fi
echo "done: $OUT/report.pdf, $OUT/speed.csv"
