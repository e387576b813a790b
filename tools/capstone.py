"""Score a capstone submission: a colorizer against Gray and the colorizer the course ships, on the test photos of the
shipped colorizer's four datasets, with the course's intervals and verdict rule.

    python tools/capstone.py SUBMISSION.pth [--record run.json] [--max-per-source N]   # or: make capstone SUBMISSION=...

The test photos are loaded as the shipped colorizer's training loaded its data (`reports/colorizer/record.json`: the
same datasets, split rule, seed, size and central crop); each colorizer sees them at its own training size, as
`Colorizer` would show it a photo. Printed: one row per method (plain AuC, rebalanced AuC, colourfulness, n photos),
the submission against the shipped colorizer and against Gray on rebalanced AuC with the bootstrap's 95% interval over
the test photos and the verdict on "better than", and, with `--record`, the training time the submission's record
states against the brief's 30 minutes. `--max-per-source` scores the first N test photos of each dataset only (a quick
look; the brief's score is on all of them)."""
import argparse, json, sys
from pathlib import Path
import numpy as np, pandas as pd, torch, torch.nn.functional as F

BUDGET_S = 30 * 60        # the brief: at most 30 minutes of training on a 2-core CPU (or the equivalent, stated)

def at_own_size(model):
    "A method for `evaluate`: the test photos shown to `model` at the size it was trained at, its colours brought back to theirs."
    size = model.colorize_meta.get('crop') or model.colorize_meta.get('size')
    def ab(L):
        with torch.no_grad():
            small = L if size is None or L.shape[-1] == size else F.interpolate(L, size=size, mode='area')
            return F.interpolate(model.ab(small), size=L.shape[-2:], mode='bilinear', align_corners=False)
    return ab

def score(submission, record=None, max_per_source:int=None, shipped='shipped', seed:int=0)->dict:
    "The scores of `submission` (an exported colorizer) beside Gray and `shipped`: {'table', 'comparisons', 'n', 'budget'}."
    from colorize_lib.data import lab_dataloaders
    from colorize_lib.download import shipped_file
    from colorize_lib.learner import load_colorizer
    from colorize_lib.metrics import evaluate, bootstrap, compare
    from colorize_lib.report import test_subset
    if not Path(submission).is_file(): raise FileNotFoundError(f"no colorizer at {submission}: pass the .pth that export_colorizer wrote")
    rec = json.loads(Path(shipped_file('record.json')).read_text())
    held = lab_dataloaders(rec['data'], size=rec['size'], crop=rec['crop'], bs=64)
    dl = held.test
    if max_per_source:
        src = held.items[held.items.split == 'test'].source.to_numpy()
        keep = np.zeros(len(src), dtype=bool)
        for s in dict.fromkeys(src): keep[np.flatnonzero(src == s)[:max_per_source]] = True
        dl = test_subset(held, keep)
    methods = {'shipped': at_own_size(load_colorizer(shipped)), 'submission': at_own_size(load_colorizer(submission))}
    sums = {}
    tidy, summ, _ = evaluate(dl, methods, sums=sums, seed=seed)
    S = summ.set_index('method')
    boot = bootstrap(tidy, sums, seed=seed)
    comps = pd.DataFrame([compare(boot, S, m, 'submission', b) for b in ('shipped', 'Gray') for m in ('auc_rebalanced', 'auc')])
    budget = None
    if record is not None:
        secs = json.loads(Path(record).read_text()).get('train_seconds')
        budget = dict(train_seconds=secs, within=None if secs is None else secs <= BUDGET_S)
    return dict(table=S[['auc', 'auc_rebalanced', 'colourfulness']], comparisons=comps[['measure', 'a', 'b', 'est', 'lo', 'hi', 'n', 'verdict']],
                n=int(boot.n.iloc[0]), budget=budget)

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('submission', help="the submitted colorizer (.pth written by export_colorizer or colorize-train --export)")
    ap.add_argument('--record', default=None, help="its training record (run.json written by colorize-train): the budget is checked")
    ap.add_argument('--max-per-source', type=int, default=None, help="score only the first N test photos of each dataset (a quick look)")
    a = ap.parse_args(argv)
    try: r = score(a.submission, a.record, a.max_per_source)
    except (FileNotFoundError, ValueError, KeyError) as e: sys.exit(f"capstone: {e}")
    print(f"{r['n']} test photos{' (a subset: not the brief score)' if a.max_per_source else ''}\n")
    print(r['table'].round(2).to_string(), '\n')
    for c in r['comparisons'].itertuples():
        print(f"{c.measure}: submission - {c.b} = {c.est:+.2f} [{c.lo:+.2f}, {c.hi:+.2f}]: {c.verdict} with 'better than {c.b}'")
    if r['budget']:
        s = r['budget']['train_seconds']
        print(f"\ntraining time in the record: {'not stated' if s is None else f'{s / 60:.1f} min'} (the brief: 30 min on a 2-core CPU"
              f"{', or the equivalent, stated' if s is None or s > BUDGET_S else ''})")

if __name__ == '__main__':
    main()
