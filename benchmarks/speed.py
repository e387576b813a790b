"""Benchmark: training and inference speed of every learner kind, and where a training step's time goes.

Run: `python benchmarks/speed.py [--profile quick|full] [--steps 10] [--kinds ...] [--out speed.csv]` with FASTAI_HOME set
(`make bench`). For each learner kind, a real `colorize_learner` with the profile's settings on a dataset of the suite
(CIFAR-10 for the L2 and bin classifiers, the Intel scenes for Iizuka's network, Fruits-360 for the rest), images held
in memory as uint8 (on the GPU when there is one), and per configuration:
  train img/s   images per second of fastai training steps (forward, loss, backward, optimizer), the first steps left out
  data wait     share of a step's wall time spent between steps (getting and transforming the next batch)
  peak MB       peak CUDA memory of the training steps (CUDA only)
On CUDA each kind is measured twice in the same run, float32 and bf16 autocast + channels-last (what `colorize_learner`
does there), and the ratio is printed; `--compile` adds a `torch.compile`d configuration. Then ECCV16 (Zhang's network,
full size) inference at 224 x 224: ms per image at batch 1 and batched (Zhang et al.: 22.1 ms per image on a 2016 GPU).
"""
import math, argparse, time, warnings, json
import numpy as np, pandas as pd, torch
from fastai.callback.core import Callback, CancelFitException
from colorize_lib.report import settings, suite_dataloaders, _learner_kwargs
from colorize_lib.learner import colorize_learner, KINDS
from colorize_lib.models import ECCV16, n_params

DATA = {'regression': 'cifar', 'classification': 'cifar', 'rebalanced': 'cifar', 'iizuka': 'places'}

def synthetic_folder(size:int, n:int, n_classes:int=10, root='/tmp/colorize_bench_data')->str:
    "A folder in fastai's layout (train/ and valid/, a folder per class) of `n` random `size` px JPEGs per split: data for timing, no dataset needed."
    from pathlib import Path
    from PIL import Image
    d = Path(root)/f'{size}px-{n}'
    if not (d/'done').exists():
        g = np.random.default_rng(0)
        for split in ('train', 'valid'):
            for i in range(n):
                f = d/split/f'c{i % n_classes}'/f'{i}.jpg'; f.parent.mkdir(parents=True, exist_ok=True)
                Image.fromarray(g.integers(0, 256, (size, size, 3), dtype=np.uint8)).save(f, quality=90)
        (d/'done').touch()
    return str(d)

class Timer(Callback):
    "Step time (before_batch -> after_batch) and wait time (after_batch -> next before_batch); stops after `n` steps."
    order = 99
    def __init__(self, n, sync): self.n, self.sync = n, sync
    def before_fit(self): self.steps, self.waits, self.last = [], [], None
    def before_epoch(self): self.last = None           # the wait across an epoch's end would count the validation
    def before_batch(self):
        if not self.training: return
        self.sync(); now = time.perf_counter()
        if self.last is not None: self.waits.append(now - self.last)
        self.t = now
    def after_batch(self):
        if not self.training: return
        self.sync(); self.last = time.perf_counter(); self.steps.append(self.last - self.t)
        if len(self.steps) >= self.n: raise CancelFitException

def train_speed(kind, profile, steps, device, mode, synthetic=False):
    "Training img/s, data-wait share and peak MB of `kind` at `profile`'s settings; `mode`: fp32, bf16 or compiled; `synthetic`: random images and weights."
    s = settings(profile, DATA.get(kind, 'fruits'), kind)
    if synthetic:
        from colorize_lib.data import lab_dataloaders
        dls = lab_dataloaders(synthetic_folder(s['size'], s['bs'] * (steps + 4)), size=s['size'], bs=s['bs'], with_label=True,
                              device=device, in_memory=True)
    else: dls = suite_dataloaders(s, device=device)
    learn = colorize_learner(dls, kind, path='/tmp/colorize_bench', checkpoint=False, **_learner_kwargs(s),
                             **(dict(pretrained=False) if synthetic else {}))
    if mode == 'fp32' and device == 'cuda':                                   # undo what colorize_learner does on CUDA
        from fastai.callback.fp16 import MixedPrecision
        from fastai.callback.channelslast import ChannelsLast
        learn.remove_cbs([c for c in learn.cbs if isinstance(c, (MixedPrecision, ChannelsLast))])
        learn.model.to(memory_format=torch.contiguous_format)
    if mode == 'compiled': learn.model = torch.compile(learn.model)
    cuda = device == 'cuda'
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    timer = Timer(steps + 3, sync)
    if cuda: torch.cuda.reset_peak_memory_stats()
    with learn.no_logging(), learn.no_bar():
        if kind == 'cgan': next(c for c in learn.cbs if hasattr(c, 'gan_on')).gan_on = True   # time the adversarial step
        # as many epochs as the timed steps need (a small data set has a few batches an epoch); the timer stops the fit
        learn.fit(math.ceil((steps + 3) / max(1, len(dls.train))), 1e-3, cbs=[timer])
    if len(timer.steps) < 4 or len(timer.waits) < 3:
        raise RuntimeError(f'{kind}: only {len(timer.steps)} training steps ran ({len(dls.train)} batches an epoch): nothing to time')
    step, wait = float(np.mean(timer.steps[3:])), float(np.mean(timer.waits[2:]))
    return dict(kind=kind, mode=mode, data='synthetic' if synthetic else s['dataset'], size=s['size'], bs=s['bs'], arch=s['arch'], params_M=n_params(learn.model) / 1e6,
                train_img_s=s['bs'] / step, data_wait=wait / (wait + step),
                peak_MB=torch.cuda.max_memory_allocated() / 2**20 if cuda else float('nan'))

def eccv16_inference(device, batch=None, reps=20):
    "ms per 224 x 224 image of the full-size ECCV16 at batch 1 and at `batch` (64 on CUDA, 8 on a CPU; bf16 + channels-last on CUDA)."
    m = ECCV16().eval().to(device)
    cuda = device == 'cuda'
    batch = batch or (64 if cuda else 8)   # a CPU takes about a second per image: 64 x 5 passes would be minutes
    if cuda: m = m.to(memory_format=torch.channels_last)
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    out = {}
    for bs in (1, batch):
        L = torch.rand(bs, 1, 224, 224, device=device) * 100
        ctx = torch.autocast('cuda', dtype=torch.bfloat16) if cuda else torch.autocast('cpu', enabled=False)
        with torch.no_grad(), ctx:
            for _ in range(3 if cuda else 1): m.ab(L)
            sync(); t = time.perf_counter()
            for _ in range(reps if cuda or bs == 1 else 2): m.ab(L)
            sync(); n = reps if cuda or bs == 1 else 2
        out[bs] = (time.perf_counter() - t) / n / bs * 1e3
    return out

def main(profile='quick', steps=10, kinds=KINDS, compile_=False, out=None, synthetic=False):
    warnings.simplefilter('ignore')
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    name = torch.cuda.get_device_name() if device == 'cuda' else f'CPU, {torch.get_num_threads()} threads'
    print(f'profile {profile}, {steps} timed steps per configuration, device: {name}, torch {torch.__version__}')
    modes = ['fp32', 'bf16'] + (['compiled'] if compile_ else []) if device == 'cuda' else ['fp32']
    rows = []
    for kind in kinds:
        for mode in modes:
            r = train_speed(kind, profile, steps, device, mode, synthetic); rows.append(r)
            print(f"{kind:15s} {mode:8s} {r['arch']:13s} {r['size']:3d} px bs {r['bs']:3d}: {r['train_img_s']:8.1f} img/s, "
                  f"data wait {r['data_wait']:5.1%}, peak {r['peak_MB']:7.0f} MB", flush=True)
        if device == 'cuda':
            f32 = next(x['train_img_s'] for x in rows if x['kind'] == kind and x['mode'] == 'fp32')
            b16 = next(x['train_img_s'] for x in rows if x['kind'] == kind and x['mode'] == 'bf16')
            print(f'{"":15s} bf16 + channels-last / fp32: {b16 / f32:.2f}x')
    df = pd.DataFrame(rows).assign(device=name)
    if out: df.to_csv(out, index=False)              # written before the inference timing, so a cut run keeps the table
    inf = eccv16_inference(device); big = max(inf)
    print(f"ECCV16 (32.2 M parameters), 224 x 224 inference: {inf[1]:.2f} ms per image at batch 1, {inf[big]:.3f} ms per image at batch {big} "
          f"(Zhang et al.: 22.1 ms on a 2016 GPU)")
    if out:
        with open(str(out).replace('.csv', '') + '-eccv16.json', 'w') as f:
            json.dump(dict(device=name, ms_batch1=inf[1], batch=big, ms_per_image_at_batch=inf[big]), f)
    return df, inf

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--profile', default='full' if torch.cuda.is_available() else 'quick')
    ap.add_argument('--steps', type=int, default=10); ap.add_argument('--kinds', default=','.join(KINDS))
    ap.add_argument('--compile', action='store_true'); ap.add_argument('--out', default=None)
    ap.add_argument('--synthetic', action='store_true', help='random images and random weights: needs no dataset and no weight file')
    a = ap.parse_args()
    main(a.profile, a.steps, a.kinds.split(','), a.compile, a.out, a.synthetic)
