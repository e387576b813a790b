"The capstone's one command: a submitted colorizer scored against Gray and the shipped colorizer, with intervals and verdicts."
import sys, subprocess, tempfile
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))

@pytest.mark.slow
def test_an_untrained_submission_scores_below_the_shipped_colorizer(tmp_path):
    from capstone import score
    from colorize_lib.data import lab_dataloaders
    from colorize_lib.learner import colorize_learner
    learn = colorize_learner(lab_dataloaders('CIFAR', size=32, bs=8, n_per_class=2), 'regression', arch='light', checkpoint=False, path=tmp_path)
    subs = [learn.export_colorizer(tmp_path/f'sub{i}.pth') for i in range(3)]   # never trained: its colours are noise (three "seeds")
    (tmp_path/'run.json').write_text('{"train_seconds": 2400}')
    r = score(subs, tmp_path/'run.json', max_per_source=4, split='test')
    assert r['n'] == 16 and r['seeds'] == 3                                      # 4 photos of each of 4 datasets
    assert {'Gray', 'shipped', 'submission', 'Ground Truth'} <= set(r['table'].index) and not any('@seed' in m for m in r['table'].index)
    c = r['comparisons'].set_index(['measure', 'b'])
    assert c.loc[('auc_rebalanced', 'shipped'), 'verdict'] == 'disagrees'         # the scorer tells a bad colorizer from the shipped one
    assert c.loc[('auc_rebalanced', 'shipped'), 'hi'] < 0 and set(c.verdict) <= {'agrees', 'disagrees', 'within noise'}
    assert r['budget'] == {'train_seconds': 2400, 'within': False}               # 40 minutes: over the brief's 30
    one = score(subs[:1], max_per_source=4)                                      # one seed, on the validation photos
    assert set(one['comparisons'].verdict) == {'cannot tell'}                    # the course's rule: fewer than three seeds cannot tell

def test_a_missing_submission_gets_a_clear_message(tmp_path):
    p = subprocess.run([sys.executable, str(ROOT/'tools/capstone.py'), str(tmp_path/'nothing.pth')], capture_output=True, text=True)
    assert p.returncode != 0 and 'no colorizer at' in p.stderr and 'Traceback' not in p.stderr

def test_a_submission_split_otherwise_is_refused(tmp_path):
    "CelebA split by photo where the scored photos are split by person (or the reverse) would score some of its training faces."
    import json
    from capstone import score
    from colorize_lib.download import shipped_file
    by_id = json.loads(Path(shipped_file('record.json')).read_text()).get('by_identity', False)
    (tmp_path/'sub.pth').write_bytes(b'')
    (tmp_path/'run.json').write_text(json.dumps({'data': ['celeba'], 'by_identity': not by_id, 'train_seconds': 60}))
    with pytest.raises(ValueError, match='training faces would be scored'): score([tmp_path/'sub.pth'], tmp_path/'run.json')

def test_the_same_training_twice_is_refused(tmp_path):
    "Three seeds are three trainings: a file handed in twice (or the same seed run twice) is one training, and is refused."
    from capstone import score
    for n in ('seed0.pth', 'seed1.pth'): (tmp_path/n).write_bytes(b'the same weights')
    (tmp_path/'seed2.pth').write_bytes(b'other weights')
    with pytest.raises(ValueError, match='hold the same weights.*--seed'): score([tmp_path/'seed0.pth', tmp_path/'seed2.pth', tmp_path/'seed1.pth'])
