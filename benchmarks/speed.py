"""Benchmark: training and inference speed of every learner kind, and where a training step's time goes.

Run: `python benchmarks/speed.py [--size 32] [--bs 64] [--steps 6] [--infer-bs 8] [--device cpu] [--workers 2]`
with FASTAI_HOME set (`make bench`). For each kind, a real `colorize_learner` (random init: nothing is downloaded; the
Koalarization embedder is trained for one epoch first, which is not timed) on CIFAR-10 images:
  train img/s   images per second of fastai training steps (forward, loss, backward, optimizer), timed from
                `before_batch` to `after_batch`, the first step left out as warm-up
  data wait     share of the wall time between steps spent waiting for the next batch (files -> Lab batch),
                with `--workers` DataLoader workers: the loader, not the model, is the limit when this is large
  infer ms      milliseconds per 224 x 224 image at batch 1 (`model.ab`, median of 5)
  infer img/s   images per second at batch `--infer-bs`, 224 x 224
  peak GPU MB   peak CUDA memory of the training steps (CUDA only)
On CUDA the learner trains in bf16 autocast with channels-last (what `colorize_learner` does there).
"""
import argparse, time, warnings
import numpy as np, torch
from fastai.callback.core import Callback, CancelFitException
from colorize_lib.data import lab_dataloaders
from colorize_lib.learner import colorize_learner, KINDS
from colorize_lib.models import n_params

class _Timer(Callback):
    "Step time (before_batch -> after_batch) and wait time (after_batch -> next before_batch); stops after `n` steps."
    order = 99
    def __init__(self, n, sync): self.n, self.sync = n, sync
    def before_fit(self): self.steps, self.waits, self.last = [], [], None
    def before_batch(self):
        if not self.training: return
        self.sync(); now = time.perf_counter()
        if self.last is not None: self.waits.append(now - self.last)
        self.t = now
    def after_batch(self):
        if not self.training: return
        self.sync(); self.last = time.perf_counter(); self.steps.append(self.last - self.t)
        if len(self.steps) >= self.n: raise CancelFitException

def infer(model, size, bs, device, sync, reps=3):
    model = model.eval().to(device)
    out = {}
    with torch.no_grad():
        for b, r in ((1, 5), (bs, reps)):
            L = torch.rand(b, 1, size, size, device=device) * 100
            model.ab(L); sync(); ts = []
            for _ in range(r):
                t = time.perf_counter(); model.ab(L); sync(); ts.append(time.perf_counter() - t)
            out[b] = float(np.median(ts))
    return out[1] * 1e3, bs / out[bs]

def main(size=32, bs=64, steps=6, infer_bs=8, device='cpu', workers=2, kinds=KINDS):
    warnings.simplefilter('ignore')
    cuda = device.startswith('cuda')
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    dls = lab_dataloaders('CIFAR', size=size, bs=bs, n_per_class=(steps + 2) * bs // 9 + 1, subset_splits=('train', 'valid', 'test'),
                          num_workers=workers, device=device, with_label=True)
    print(f'train: {size} px, batch {bs}, {steps} steps, {workers} loader workers; inference: 224 px; device {device}, '
          f'torch threads {torch.get_num_threads()}')
    print(f"{'kind':14s} {'params M':>8s} {'train img/s':>11s} {'data wait':>9s} {'infer ms':>9s} {'infer img/s':>11s} {'peak GPU MB':>11s}")
    for kind in kinds:
        learn = colorize_learner(dls, kind, pretrained=False, checkpoint=False, path='/tmp/colorize_bench', embed_epochs=1)
        timer = _Timer(steps + 1, sync)
        if cuda: torch.cuda.reset_peak_memory_stats()
        with learn.no_logging(), learn.no_bar():
            if kind == 'cgan': next(c for c in learn.cbs if hasattr(c, 'gan_on')).gan_on = True   # time the adversarial step
            learn.fit(1, 1e-3, cbs=[timer])
        step = float(np.mean(timer.steps[1:])); wait = float(np.mean(timer.waits[1:])) if len(timer.waits) > 1 else 0.
        peak = torch.cuda.max_memory_allocated() / 2**20 if cuda else float('nan')
        ms, ips = infer(learn.model, 224, infer_bs, device, sync)
        print(f'{kind:14s} {n_params(learn.model)/1e6:8.1f} {bs/step:11.1f} {wait/(wait+step):9.1%} {ms:9.1f} {ips:11.1f} {peak:11.0f}')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--size', type=int, default=32); ap.add_argument('--bs', type=int, default=64)
    ap.add_argument('--steps', type=int, default=6); ap.add_argument('--infer-bs', type=int, default=8)
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu'); ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--kinds', default=','.join(KINDS))
    a = ap.parse_args()
    main(a.size, a.bs, a.steps, a.infer_bs, a.device, a.workers, a.kinds.split(','))
