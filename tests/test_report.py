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

@pytest.mark.slow
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
              'Part 3: "Image Colorization"', 'Harsh Parashar', 'rebal AuC: Imagenette', 'not redone', 'Larsson et al.', 'top-1: ours, off the shelf', 'Real or fake?',
              'Part 4: "Let there be Color!"', 'Timothée Darcet', 'MiniPlaces', 'α = 0', 'top-5', 'sepia',
              'Part 5: U-Net, Deep Koalarization and conditional GAN compared', 'Loss curves', 'Deep Koalarization',
              'Findings', 'agrees', 'The verdict rule', 'What each learner cost', 'n = ']:
        assert s in text, s
    assert str(out.parent) not in text and '/tmp/' not in text and 'Downloading' not in text     # no machine paths, no chatter
    for ds in ('celeba', 'fruits', 'cifar', 'mix', 'places', 'imagenette'):
        summ = pd.read_csv(out/'data'/ds/'summary.csv').set_index('method')
        assert summ.loc['Ground Truth', 'auc'] == 100 and 70 < summ.loc['Gray', 'auc'] < 95, ds
    parts = {p: json.loads((out/'parts'/f'{p}.json').read_text()) for p in ('conti_sterpa', 'li_wang', 'parashar', 'jacob_darcet', 'comparison')}
    assert all(len(v['claims']) >= 4 for v in parts.values())
    assert {c['verdict'] for v in parts.values() for c in v['claims']} <= {'agrees', 'disagrees', 'within noise', 'mixed', 'cannot tell'}
    assert all(t['lo'] <= t['hi'] and t['n'] > 0 for v in parts.values() for c in v['claims'] for t in c['tests'] + (c.get('tests_ours') or []))
    boot = pd.read_csv(out/'data'/'fruits'/'bootstrap.csv.gz')          # the resamples every interval is read from
    assert boot.rep.nunique() == 1000 and {'regression@seed1', 'rebalanced@seed1'} <= set(boot.method)

@pytest.mark.slow
def test_summary_and_parts_agree(smoke):
    "The summary page and the parts read the same pooled numbers; each best learner is chosen on validation; too few seeds cannot tell."
    from colorize_lib.report import load_results, run_label, suite_datasets, PARTS, DATASETS
    out, _, _ = smoke
    summ = pd.read_csv(out/'summary.csv').set_index('data')
    need = suite_datasets(list(PARTS))
    for d, kinds in need.items():
        R = load_results(out, d)
        V = R['valid']; best = max(kinds, key=lambda k: V.loc[k, 'auc_rebalanced'])     # seeds pooled, on the validation split
        row = summ.loc[DATASETS[d]['title']]
        assert row['best learner (rebalanced AuC)'] == run_label(best), (d, row['best learner (rebalanced AuC)'], best)
        S = R['summary']
        assert row['its AuC / rebalanced'] == f"{S.loc[best, 'auc']:.2f} / {S.loc[best, 'auc_rebalanced']:.2f}", d
    part1 = pd.read_csv(out/'parts'/'conti_sterpa_auc.csv').set_index('method')       # part 1 pools Fruits-360's two smoke seeds
    F = load_results(out, 'fruits')
    assert {'regression@seed1', 'rebalanced@seed1'} <= set(F['summary_runs'].index)
    for k, name in (('regression', 'L2'), ('rebalanced', 'Class + Rebal')):
        assert part1.loc[name, 'Fruits: ours'].split(' ')[0] == f"{F['summary'].loc[k, 'auc']:.2f}", k
    parts = {p: json.loads((out/'parts'/f'{p}.json').read_text()) for p in PARTS}
    for c in [c for p in parts.values() for c in p['claims']]:
        for t in c['tests'] + (c.get('tests_ours') or []):
            if t.get('seeds') is not None and t['seeds'] < 3: assert t['verdict'] == 'cannot tell', (c['claim'], t)
    head = next(c for c in parts['jacob_darcet']['claims'] if 'scene class' in c['claim'])                # part 4: top-1 and top-5, each against chance
    assert [t['measure'] for t in head['tests']] == ['class head top-1 (%)', 'class head top-5 (%)']
    assert (out/'seed_spread.csv').exists() and (out/'data'/'fruits'/'valid_summary.csv').exists()

@pytest.mark.slow
def test_smoke_suite_prints_progress(smoke):
    _, r, _ = smoke
    assert '[1/12] celeba: training regression, classification, rebalanced' in r.stdout
    for line in ('fruits / cgan: epoch 2/2', 'places / iizuka: epoch 1/1', 'places / iizuka@alpha0: epoch 1/1', 'fruits / regression@seed1: epoch 1/1', 'cifar: evaluated 2 learner(s)', '[12/12] title page'):
        assert line in r.stdout, line

@pytest.mark.slow
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
    (tmp_path/'home/data/miniplaces/train/abbey').mkdir(parents=True)   # the folder is there, no image in it
    env = dict(os.environ, FASTAI_HOME=str(tmp_path/'home'))
    r = run('--profile', 'smoke', '--part', 'jacob_darcet', '--out', str(out), env=env)
    assert r.returncode == 1 and 'no image files found' in r.stderr, r.stderr[-2000:]
    assert 'dataset.ipynb' in r.stderr and str(out/'data'/'places'/'dataset.ipynb') in r.stderr and 'miniplaces' in r.stderr
    assert (out/'report.pdf').read_bytes() == b'%PDF-1.4 the last good report'
    assert (out/'data'/'places'/'dataset.ipynb').exists()                     # the partial output is kept

def test_unknown_part_is_refused(tmp_path):
    r = run('--part', 'li_wang,zhang', '--out', str(tmp_path))
    assert r.returncode == 1 and "unknown part(s) ['zhang']" in r.stderr

OFFLINE = 'http://127.0.0.1:9'          # nothing listens there: every download is refused at once, as on a machine offline

def test_no_data_no_network_says_what_is_missing(tmp_path):
    "An empty FASTAI_HOME and no network: one clear message per missing dataset, no traceback, no report."
    env = dict(os.environ, FASTAI_HOME=str(tmp_path/'empty'), COLORIZE_DATA_MIRROR=OFFLINE)
    t = time.time()
    r = run('--profile', 'smoke', '--out', str(tmp_path/'r'), env=env)
    assert r.returncode == 1 and time.time() - t < 120
    assert 'Traceback' not in r.stderr + r.stdout
    assert 'no part of the report can run, for want of data' in r.stderr
    for name in ('celeba', 'fruits-360', 'cifar10', 'imagenette2-160', 'intel-image-classification', 'miniplaces'):
        assert f'could not get {name}' in r.stderr, name
        assert str(tmp_path/'empty'/'data'/name) in r.stderr, name
    assert not (tmp_path/'r'/'report.pdf').exists() and not any((tmp_path/'empty'/'data').glob('*'))

@pytest.mark.slow
def test_missing_dataset_gives_a_partial_report(tmp_path):
    "Only CIFAR-10 on the machine, no network: part 2 runs, part 4 is skipped with its reason, and the exit code says so."
    src = (Path(os.environ['FASTAI_HOME'])/'data'/'cifar10').resolve()
    (tmp_path/'home/data').mkdir(parents=True); (tmp_path/'home/data/cifar10').symlink_to(src)
    env = dict(os.environ, FASTAI_HOME=str(tmp_path/'home'), COLORIZE_DATA_MIRROR=OFFLINE)
    out = tmp_path/'r'
    r = run('--profile', 'smoke', '--part', 'li_wang,jacob_darcet', '--out', str(out), env=env)
    assert r.returncode == 4, r.stdout[-2000:] + r.stderr[-2000:]
    assert 'part 4 (Let there be Color!) is skipped' in r.stdout and 'a partial report, without part(s) 4' in r.stdout
    assert json.loads((out/'skipped.json').read_text()).keys() == {'jacob_darcet'}
    text = ' '.join(' '.join(p.extract_text() for p in PdfReader(out/'report.pdf').pages).split())
    assert 'A partial report' in text and 'Part 4 ("Let there be Color!") was skipped' in text and 'Peng Li' in text
    assert 'Part 2: "Image Colorization and Classification"' in text and 'Part 4: "Let there be Color!"' not in text

@pytest.mark.slow
def test_gpu_lease_path_on_the_cpu(tmp_path):
    "The GPU lease script's three steps with the smoke profile on this CPU: pack (within 60 MB), run without Jupyter, finish a PDF."
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, COLORIZE_PROFILE='smoke', LEASE_WHEELS='0', GPU_DIR=str(tmp_path/'gpu'), OUT=str(tmp_path/'back'),
               REPORT_OUT=str(tmp_path/'full'), LEASE_WORK=str(tmp_path/'work'))
    sh = lambda *a: subprocess.run(['bash', str(root/'tools'/'gpu_lease.sh'), *a], capture_output=True, text=True, env=env, timeout=1500)
    r = sh('pack'); assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert 'in all (limit 60 MB)' in r.stdout and 'miniplaces: ' in r.stdout
    r = sh('run'); assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert (tmp_path/'back'/'speed.csv').exists() and (tmp_path/'back'/'places.tgz').exists()
    assert 'places / iizuka@alpha0: epoch 1/1' in r.stdout
    r = sh('finish', str(tmp_path/'back')); assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    text = ' '.join(' '.join(p.extract_text() for p in PdfReader(tmp_path/'full'/'report.pdf').pages).split())
    assert 'Part 4: "Let there be Color!"' in text and 'α = 0' in text and 'MiniPlaces' in text
