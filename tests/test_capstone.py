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
    sub = learn.export_colorizer(tmp_path/'sub.pth')                         # never trained: its colours are noise
    (tmp_path/'run.json').write_text('{"train_seconds": 2400}')
    r = score(sub, tmp_path/'run.json', max_per_source=4)
    assert r['n'] == 16 and {'Gray', 'shipped', 'submission', 'Ground Truth'} <= set(r['table'].index)   # 4 photos of each of 4 datasets
    c = r['comparisons'].set_index(['measure', 'b'])
    assert c.loc[('auc_rebalanced', 'shipped'), 'verdict'] == 'disagrees'         # the scorer tells a bad colorizer from the shipped one
    assert c.loc[('auc_rebalanced', 'shipped'), 'hi'] < 0 and set(c.verdict) <= {'agrees', 'disagrees', 'within noise'}
    assert r['budget'] == {'train_seconds': 2400, 'within': False}               # 40 minutes: over the brief's 30

def test_a_missing_submission_gets_a_clear_message(tmp_path):
    p = subprocess.run([sys.executable, str(ROOT/'tools/capstone.py'), str(tmp_path/'nothing.pth')], capture_output=True, text=True)
    assert p.returncode != 0 and 'no colorizer at' in p.stderr and 'Traceback' not in p.stderr
