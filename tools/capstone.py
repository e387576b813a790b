"""Score a capstone submission: a colorizer against Gray and the colorizer the course ships, on the validation or the
test photos of the shipped colorizer's four datasets, with the course's intervals and verdict rule.

    python tools/capstone.py SEED0.pth [SEED1.pth SEED2.pth] [--split valid|test] [--record run.json] [--max-per-source N]
    make capstone SUBMISSION="a.pth b.pth c.pth" [SPLIT=test] [RECORD=run.json]

The photos are loaded as the shipped colorizer's training loaded its data (`reports/colorizer/record.json`: the same
datasets, split rule, seed, size and central crop); each colorizer sees them at its own training size, as `Colorizer`
would show it a photo. A student chooses on the validation photos (the default); the teacher scores the test photos once
(`--split test`), so that no choice is made on them. The submission is the same recipe trained with three seeds (three
files): the comparisons pool them, and by the course's rule (chapter 06_metrics) fewer than three seeds cannot tell.
Printed: one row per method (plain AuC, rebalanced AuC, colourfulness), the submission against the shipped colorizer and
against Gray with the bootstrap's 95% interval and the verdict on "better than", and, with `--record`, the training time
its record states against the brief's 30 minutes per run. `--max-per-source` scores the first N photos of each dataset
only (a quick look, not the brief's score)."""
import argparse, hashlib, json, sys
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

def score(submission, record=None, max_per_source:int=None, split:str='valid', shipped='shipped', seed:int=0)->dict:
    "The scores of `submission` (one exported colorizer per training seed) beside Gray and `shipped` on `split`: {'table', 'comparisons', 'n', 'seeds', 'budget'}."
    from colorize_lib.data import lab_dataloaders
    from colorize_lib.download import shipped_file
    from colorize_lib.learner import load_colorizer
    from colorize_lib.metrics import evaluate, bootstrap, compare, seed_rule
    from colorize_lib.report import subset_dl
    files = [Path(f) for f in ([submission] if isinstance(submission, (str, Path)) else submission)]
    for f in files:
        if not f.is_file(): raise FileNotFoundError(f"no colorizer at {f}: pass the .pth files that export_colorizer wrote, one per seed")
    digests = {}
    for f in files:                              # three seeds are three trainings: the same weights twice are one
        d = hashlib.sha256(f.read_bytes()).hexdigest()
        if d in digests: raise ValueError(f"{f} and {digests[d]} hold the same weights: train each run with its own seed "
                                          "(colorize-train --seed 0, --seed 1, --seed 2)")
        digests[d] = f
    if split not in ('valid', 'test'): raise ValueError(f"split must be 'valid' (while choosing) or 'test' (the final score), not {split!r}")
    rec = json.loads(Path(shipped_file('record.json')).read_text())
    by_id = rec.get('by_identity', False)       # CelebA split by person, as the shipped colorizer was trained
    if record is not None:
        sub = json.loads(Path(record).read_text())
        if 'celeba' in sub.get('data', []) and sub.get('by_identity', False) != by_id:
            raise ValueError(f"the submission was trained with CelebA split {'by person' if sub.get('by_identity') else 'by photo'}, the scored photos "
                             f"{'by person' if by_id else 'by photo'}: some of its training faces would be scored; train with "
                             f"{'--by_identity' if by_id else 'no --by_identity'}, as `make colorizer` does")
    held = lab_dataloaders(rec['data'], size=rec['size'], crop=rec['crop'], bs=64, by_identity=by_id)
    dl = getattr(held, split)
    if max_per_source:
        src = held.items[held.items.split == split].source.to_numpy()
        keep = np.zeros(len(src), dtype=bool)
        for s in dict.fromkeys(src): keep[np.flatnonzero(src == s)[:max_per_source]] = True
        dl = subset_dl(dl, keep)
    methods = {'shipped': at_own_size(load_colorizer(shipped))}
    for i, f in enumerate(files): methods['submission' + (f'@seed{i}' if i else '')] = at_own_size(load_colorizer(f))
    sums = {}
    tidy, summ, _ = evaluate(dl, methods, sums=sums, seed=seed)
    S = summ.set_index('method')
    boot = bootstrap(tidy, sums, seed=seed)
    # the shipped colorizer is one fixed file, a reference like Gray: only the submission's seeds count for the rule
    comps = pd.DataFrame([seed_rule({**compare(boot, S, m, 'submission', b), 'seeds': len(files)})
                          for b in ('shipped', 'Gray') for m in ('auc_rebalanced', 'auc')])
    budget = None
    if record is not None:
        secs = json.loads(Path(record).read_text()).get('train_seconds')
        budget = dict(train_seconds=secs, within=None if secs is None else secs <= BUDGET_S)
    from colorize_lib.metrics import pool_seeds
    return dict(table=pool_seeds(summ)[['auc', 'auc_rebalanced', 'colourfulness']],         # the submission: the mean of its seeds
                comparisons=comps[['measure', 'a', 'b', 'est', 'lo', 'hi', 'n', 'seeds', 'verdict']],
                n=int(boot.n.iloc[0]), seeds=len(files), budget=budget)

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('submission', nargs='+', help="the submitted colorizer, one .pth per training seed (written by export_colorizer or colorize-train --export)")
    ap.add_argument('--split', default='valid', choices=('valid', 'test'), help="valid while choosing (default); test for the final score, once")
    ap.add_argument('--record', default=None, help="its training record (run.json written by colorize-train): the budget is checked")
    ap.add_argument('--max-per-source', type=int, default=None, help="score only the first N test photos of each dataset (a quick look)")
    a = ap.parse_args(argv)
    try: r = score(a.submission, a.record, a.max_per_source, a.split)
    except (FileNotFoundError, ValueError, KeyError) as e: sys.exit(f"capstone: {e}")
    print(f"{r['n']} {'test' if a.split == 'test' else 'validation'} photos{' (a subset: not the brief score)' if a.max_per_source else ''}; "
          f"the submission: {r['seeds']} seed(s), pooled\n")
    print(r['table'].round(2).to_string(), '\n')
    for c in r['comparisons'].itertuples():
        print(f"{c.measure}: submission - {c.b} = {c.est:+.2f} [{c.lo:+.2f}, {c.hi:+.2f}]: {c.verdict} with 'better than {c.b}'"
              + (f" ({r['seeds']} seed(s): the rule asks for 3)" if c.verdict == 'cannot tell' else ''))
    if r['budget']:
        s = r['budget']['train_seconds']
        print(f"\ntraining time in the record: {'not stated' if s is None else f'{s / 60:.1f} min'} (the brief: 30 min on a 2-core CPU"
              f"{', or the equivalent, stated' if s is None or s > BUDGET_S else ''})")

if __name__ == '__main__':
    main()
