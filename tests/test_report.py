"The report suite end to end through its console command: a smoke run of all five parts, resuming, a failed run."
import os, json, subprocess, sys, time
from pathlib import Path
import pandas as pd
import pytest
from pypdf import PdfReader

BIN = Path(sys.executable).parent

def run(*args, env=None, **kw):
    return subprocess.run([str(BIN/'colorize-report'), *args], capture_output=True, text=True, timeout=1800,
                          env=env or os.environ.copy(), **kw)

@pytest.fixture(scope='module')
def smoke(tmp_path_factory):
    "One smoke run of the whole suite, shared by the tests that read it."
    out = tmp_path_factory.mktemp('suite')/'smoke'
    t = time.time()
    r = run('--profile', 'smoke', '--out', str(out))
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return out, r, time.time() - t

def test_smoke_suite_writes_every_part(smoke):
    out, r, _ = smoke
    for f in ['report.pdf', 'summary.csv', 'checks.csv', 'suite.ipynb', 'parts/part1_conti_sterpa.ipynb', 'parts/parashar.json',
              'data/fruits/dataset.ipynb', 'data/fruits/summary.csv', 'data/fruits/metrics.csv', 'data/fruits/models/cgan.pth',
              'data/mix/subset-imagenette/summary.csv', 'data/cifar/classifier-finetuned.pth', 'data/mix/realfake/pairs.csv']:
        assert (out/f).exists(), f
    pages = PdfReader(out/'report.pdf').pages
    text = ' '.join(' '.join(p.extract_text() for p in pages).split())  # the PDF wraps long titles
    # the figures reach the PDF (CI sets MPLBACKEND=Agg, under which a kernel's plt.show() used to draw nothing)
    n_figures = sum(len(p.images) for p in pages)
    assert n_figures >= 11, f'{n_figures} figures in the PDF: one at least per dataset notebook and per part'
    for s in ['five student presentations, redone', 'The presentations\' claims, checked',
              'Part 1: "Image Colorization with Deep Learning"', 'Michele Conti', 'CelebA: theirs', 'Fruits: ours', 'VGG accuracy (on Fruits)',
              'Part 2: "Image Colorization and Classification"', 'Peng Li', 'Their classification table, redone', 'Annealed (Class, T=0.89)',
              'Part 3: "Image Colorization"', 'Harsh Parashar', 'rebal AuC: Zhang', 'top-1: ours, off the shelf', 'Real or fake?',
              'Part 4: "Let there be Color!"', 'Timothée Darcet', 'Class head', 'sepia',
              'Part 5: U-Net, Deep Koalarization and conditional GAN compared', 'Loss curves', 'Deep Koalarization',
              'Findings', 'agrees']:
        assert s in text, s
    assert str(out.parent) not in text and '/tmp/' not in text and 'Downloading' not in text     # no machine paths, no chatter
    for ds in ('celeba', 'fruits', 'cifar', 'mix', 'intel', 'imagenette'):
        summ = pd.read_csv(out/'data'/ds/'summary.csv').set_index('method')
        assert summ.loc['Ground Truth', 'auc'] == 100 and 70 < summ.loc['Gray', 'auc'] < 95, ds
    parts = {p: json.loads((out/'parts'/f'{p}.json').read_text()) for p in ('conti_sterpa', 'li_wang', 'parashar', 'jacob_darcet', 'comparison')}
    assert all(len(v['claims']) >= 4 for v in parts.values())
    assert {c['verdict'] for v in parts.values() for c in v['claims']} <= {'agrees', 'disagrees', 'cannot tell'}

def test_smoke_suite_prints_progress(smoke):
    _, r, _ = smoke
    assert '[1/12] celeba: training regression, classification, rebalanced' in r.stdout
    for line in ('fruits / cgan: epoch 2/2', 'intel / iizuka: epoch 1/1', 'cifar: evaluated 2 learner(s)', '[12/12] title page'):
        assert line in r.stdout, line

def test_suite_resumes_without_retraining(smoke):
    out, _, _ = smoke
    stamp = (out/'data/cifar/models/regression.pth').stat().st_mtime_ns
    r = run('--profile', 'smoke', '--out', str(out), '--part', 'li_wang')
    assert r.returncode == 0, r.stderr[-2000:]
    assert 'cifar: regression, classification trained and evaluated already' in r.stdout and 'epoch 1/1' not in r.stdout
    assert (out/'data/cifar/models/regression.pth').stat().st_mtime_ns == stamp
    assert 'Part 2' in PdfReader(out/'report.pdf').pages[-1].extract_text() or 'Li' in ''.join(p.extract_text() for p in PdfReader(out/'report.pdf').pages)

def test_failed_run_keeps_the_last_good_report(tmp_path):
    out = tmp_path/'r'; out.mkdir()
    (out/'report.pdf').write_bytes(b'%PDF-1.4 the last good report')
    env = dict(os.environ, FASTAI_HOME=str(tmp_path/'empty_home'))           # no datasets there
    r = run('--profile', 'smoke', '--part', 'jacob_darcet', '--out', str(out), env=env)
    assert r.returncode == 1
    assert 'dataset.ipynb' in r.stderr and str(out/'data'/'intel'/'dataset.ipynb') in r.stderr and 'intel-image-classification' in r.stderr
    assert (out/'report.pdf').read_bytes() == b'%PDF-1.4 the last good report'
    assert (out/'data'/'intel'/'dataset.ipynb').exists()                     # the partial output is kept

def test_unknown_part_is_refused(tmp_path):
    r = run('--part', 'li_wang,zhang', '--out', str(tmp_path))
    assert r.returncode == 1 and "unknown part(s) ['zhang']" in r.stderr
