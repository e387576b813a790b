"""Which render size should the shipped colorizer use on the photos people bring? Validation photos of its own datasets
(never its test photos), each enlarged to a long side between 512 and 1024 px as a phone picture or a scan would be,
then shown to the network as `Colorizer` would show it at each candidate setting. Scored against the photo itself:
rebalanced and plain AuC over Gray (pooled over the photos, with a paired bootstrap interval over photos), colourfulness
as a share of the truth's, and the colour cast (the mean ab of the output minus the truth's, over whole photos).
A colorizer that decodes with `Centring` (chapter 01) is scored a second time without it, at every square size, into
the cast table: the same photos, the same network output, only the decoding differs.

    python benchmarks/render_size.py [--per-source 60] [--out reports/colorizer/render_size.csv] [--cast-out reports/colorizer/cast.csv] [--model F --record run.json]"""
import argparse, json, time
import numpy as np, pandas as pd, torch, torch.nn.functional as F
from PIL import Image
from colorize_lib.color import rgb2lab, l_ab_to_rgb
from colorize_lib.quantize import ABGamut
from colorize_lib.learner import Colorizer
from colorize_lib.download import shipped_file
from colorize_lib.data import lab_dataloaders, open_rgb
from colorize_lib.metrics import bin_sums, auc_from_sums, colourfulness

SETTINGS = [('square', 112), ('square', 160), ('square', 224), ('square', 288),
            ('short side', 112), ('short side', 160), ('short side', 224), ('short side', 288)]

BASE = 'square 112'      # the render size before this measurement: the shipped colorizer's training crop

def small_size(w, h, fit, R):
    if fit == 'square': return R, R
    s = R / min(w, h); return max(1, round(w * s)), max(1, round(h * s))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--per-source', type=int, default=60); ap.add_argument('--B', type=int, default=1000)
    ap.add_argument('--out', default='reports/colorizer/render_size.csv')
    ap.add_argument('--cast-out', default='reports/colorizer/cast.csv')
    ap.add_argument('--model', default='shipped', help="an exported colorizer (default: the shipped one)")
    ap.add_argument('--record', default=None, help="its training record, run.json (default: the shipped one's)")
    a = ap.parse_args()
    t0 = time.time()
    rec = json.loads(open(a.record or shipped_file('record.json')).read())
    col, gamut, rng = Colorizer(a.model), ABGamut(), np.random.default_rng(0)
    raw = Colorizer(a.model, centre=False) if getattr(col.model, 'centring', None) is not None else None   # its decoding without Centring
    UNCENTRED = [f'{fit} {R} uncentred' for fit, R in SETTINGS if fit == 'square'] if raw else []
    photos = []
    dls = lab_dataloaders(rec['data'], size=rec['size'], crop=rec['crop'], bs=64, in_memory=False,
                          by_identity=rec.get('by_identity', False))   # the training's own split
    items = dls.items[dls.items.split == 'valid']
    for src in rec['data']:
        v = items[items.source == src]
        photos += [(src, p) for p in v.path.iloc[np.sort(rng.choice(len(v), min(a.per_source, len(v)), replace=False))]]
    names = ['Gray'] + [f'{fit} {R}' for fit, R in SETTINGS] + UNCENTRED
    n_, s_, M, cast = {k: [] for k in names}, {k: [] for k in names}, {k: [] for k in names + ['truth']}, {k: [] for k in names}
    for src, p in photos:
        img = open_rgb(p); w, h = img.size
        U = int(rng.integers(512, 1025)); k = U / max(w, h)
        big = img.resize((round(w * k), round(h * k)), Image.BICUBIC)          # the photo as it is brought
        truth = rgb2lab(torch.from_numpy(np.asarray(img).copy()).permute(2, 0, 1)[None].float() / 255)
        L, ab = truth[:, :1], truth[:, 1:]
        outs = {'Gray': torch.zeros_like(ab)}
        for fit, R in SETTINGS:
            sw, sh = small_size(*big.size, fit, R)
            small = np.asarray(big.resize((sw, sh), Image.BICUBIC, reducing_gap=3.))
            Ls = rgb2lab(torch.from_numpy(small.copy()).permute(2, 0, 1)[None].float() / 255)[:, :1]
            pred = col.predict(Ls)
            outs[f'{fit} {R}'] = F.interpolate(pred, size=(h, w), mode='bilinear', align_corners=False)
            if f'{fit} {R} uncentred' in UNCENTRED:
                outs[f'{fit} {R} uncentred'] = F.interpolate(raw.predict(Ls), size=(h, w), mode='bilinear', align_corners=False)
        M['truth'].append(float(colourfulness(l_ab_to_rgb(L, ab))))
        for k, pred in outs.items():
            n, s = bin_sums(pred, ab, gamut); n_[k].append(n[0]); s_[k].append(s[0])
            M[k].append(float(colourfulness(l_ab_to_rgb(L, pred))))
            cast[k].append((pred - ab).mean((2, 3))[0].numpy())
    N = len(photos)
    sums = {k: (torch.stack(n_[k]), torch.stack(s_[k])) for k in names}           # photos x Q
    W = torch.from_numpy(rng.multinomial(N, np.ones(N) / N, size=a.B)).double()     # B paired resamples of the photos
    def pooled(k, w=None, rebal=True):
        n, s = sums[k]
        return auc_from_sums(n.sum(0), s.sum(0), rebal) if w is None else auc_from_sums(w @ n, w @ s, rebal)
    def interval(d, bd): return 2 * d - np.percentile(bd, 97.5), 2 * d - np.percentile(bd, 2.5)      # basic bootstrap
    C = {k: torch.from_numpy(np.stack(cast[k])).double() for k in names}                             # photos x 2
    def cast_norm(k, w=None): return (C[k].mean(0) if w is None else (w @ C[k]) / N).norm(dim=-1)
    rows = []
    for k in names[1 + len(SETTINGS):]:        # the cast table: each square size decoded with and without Centring
        c = k.removesuffix(' uncentred')
        row = dict(setting=c, n_photos=N)
        for tag, key in (('centred', c), ('uncentred', k)):
            m = np.mean(cast[key], 0)
            row.update({f'{tag}_cast_a': float(m[0]), f'{tag}_cast_b': float(m[1]), f'{tag}_cast': float(cast_norm(key)),
                        f'{tag}_rebal_over_gray': float(pooled(key) - pooled('Gray')),
                        f'{tag}_plain_over_gray': float(pooled(key, None, False) - pooled('Gray', None, False)),
                        f'{tag}_colourfulness_pct': 100 * np.mean(M[key]) / np.mean(M['truth'])})
        for what, f in (('cast', lambda key, w=None: cast_norm(key, w)), ('rebal', lambda key, w=None: pooled(key, w)),
                        ('plain', lambda key, w=None: pooled(key, w, False))):
            d = float(f(c) - f(k)); lo, hi = interval(d, (f(c, W) - f(k, W)).numpy())
            row.update({f'{what}_change': d, f'{what}_change_lo': lo, f'{what}_change_hi': hi})
        rows.append(row)
    if rows:
        ct = pd.DataFrame(rows); ct.to_csv(a.cast_out, index=False, float_format='%.3f')
        print(ct.round(2).to_string(index=False))
    rows = []
    for k in names[1:1 + len(SETTINGS)]:
        row = dict(setting=k, n_photos=N)
        for rebal, tag in ((True, 'rebal'), (False, 'plain')):
            d = float(pooled(k, None, rebal) - pooled("Gray", None, rebal))
            bd = (pooled(k, W, rebal) - pooled('Gray', W, rebal)).numpy()
            lo, hi = 2 * d - np.percentile(bd, 97.5), 2 * d - np.percentile(bd, 2.5)      # basic interval
            row.update({f'{tag}_auc': float(pooled(k, None, rebal)), f'{tag}_over_gray': d, f'{tag}_lo': lo, f'{tag}_hi': hi})
        for rebal, tag in ((True, 'rebal'), (False, 'plain')):          # against today's default, the training size
            d = float(pooled(k, None, rebal) - pooled(BASE, None, rebal))
            bd = (pooled(k, W, rebal) - pooled(BASE, W, rebal)).numpy()
            row.update({f'{tag}_vs_base': d, f'{tag}_vs_base_lo': 2 * d - np.percentile(bd, 97.5), f'{tag}_vs_base_hi': 2 * d - np.percentile(bd, 2.5)})
        row['colourfulness_pct'] = 100 * np.mean(M[k]) / np.mean(M['truth'])
        c = np.mean(cast[k], 0); row.update(cast_a=float(c[0]), cast_b=float(c[1]))
        rows.append(row)
    res = pd.DataFrame(rows)
    res.to_csv(a.out, index=False, float_format='%.3f')
    print(f"{N} validation photos ({a.per_source} per source of {', '.join(rec['data'])}), enlarged to 512-1024 px; "
          f"Gray: rebalanced AuC {float(pooled('Gray')):.2f}, plain {float(pooled('Gray', None, False)):.2f}; {time.time() - t0:.0f} s")
    print(res.round(2).to_string(index=False))

if __name__ == '__main__': main()
