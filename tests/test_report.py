"The report pipeline end to end through its console command: a smoke run, and a failed run that keeps the last good PDF."
import os, subprocess, sys
from pathlib import Path
import pandas as pd
from pypdf import PdfReader
from colorize_lib.learner import KINDS

BIN = Path(sys.executable).parent

def run(*args, **kw):
    return subprocess.run([str(BIN/'colorize-report'), *args], capture_output=True, text=True, timeout=1200, **kw)

def test_smoke_report_writes_pdf_with_the_tables(tmp_path):
    out = tmp_path/'smoke'
    r = run('--profile', 'smoke', '--data', 'CIFAR', '--out', str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    for f in ['report.pdf', 'metrics.csv', 'summary.csv', 'report.ipynb', 'train-regression.ipynb',
              'models/classification.pth', 'figures/grid.png', 'figures/accuracy_curves.png', 'figures/temperature.png']:
        assert (out/f).exists(), f
    text = '\n'.join(p.extract_text() for p in PdfReader(out/'report.pdf').pages)
    for s in ['Raw accuracy (AuC)', 'AuC rebal (%)', 'Ground Truth', 'Gray', 'Random', *KINDS,
              'VGG top-1', 'PSNR', 'Findings', 'Best plain AuC among the learners']:
        assert s in text, s
    summ = pd.read_csv(out/'summary.csv').set_index('method')
    assert summ.loc['Ground Truth', 'auc'] == 100 and 80 < summ.loc['Gray', 'auc'] < 95
    tidy = pd.read_csv(out/'metrics.csv')
    assert set(tidy.method) == {'Ground Truth', 'Gray', 'Random', *KINDS}                 # every kind by default
    assert tidy.groupby('method').size().nunique() == 1                    # every method scored on every test image

def test_failed_run_keeps_the_last_good_report(tmp_path):
    out = tmp_path/'r'; out.mkdir()
    (out/'report.pdf').write_bytes(b'%PDF-1.4 the last good report')
    r = run('--profile', 'smoke', '--data', str(tmp_path/'no-such-folder'), '--kinds', 'regression', '--out', str(out))
    assert r.returncode == 1
    assert 'train.ipynb' in r.stderr and str(out/'train-regression.ipynb') in r.stderr and 'neither an existing folder' in r.stderr
    assert (out/'report.pdf').read_bytes() == b'%PDF-1.4 the last good report'
    assert (out/'train-regression.ipynb').exists()                          # the partial output is kept

def test_unknown_kind_is_refused(tmp_path):
    r = run('--kinds', 'regression,gan', '--out', str(tmp_path))
    assert r.returncode == 1 and "unknown learner kind(s) ['gan']" in r.stderr
