"""Benchmark: training images per second of one fastai training step per learner kind, and model sizes.

Run: `python benchmarks/train.py [--size 32] [--bs 64] [--steps 5] [--device cpu]` with FASTAI_HOME set (`make bench`).
Each kind is a real `colorize_learner` on CIFAR-10 images (random init, so nothing is downloaded). A callback times
each fastai training step from `before_batch` to `after_batch` (forward, loss, backward, Adam step), so loading
the batch is not counted (benchmarks/data.py measures that); the first step is a warm-up and is left out.
"""
import argparse, time, warnings
import torch
from fastai.callback.core import Callback
from colorize_lib.data import lab_dataloaders
from colorize_lib.learner import colorize_learner, KINDS
from colorize_lib.models import n_params

class _Timer(Callback):
    "Time training steps after the first, synchronising CUDA."
    def before_fit(self): self.times = []
    def before_batch(self):
        if torch.cuda.is_available(): torch.cuda.synchronize()
        self.t = time.perf_counter()
    def after_batch(self):
        if torch.cuda.is_available(): torch.cuda.synchronize()
        self.times.append(time.perf_counter() - self.t)

def main(size=32, bs=64, steps=5, device='cpu', kinds=KINDS):
    warnings.simplefilter('ignore')
    dls = lab_dataloaders('CIFAR', size=size, bs=bs, n_per_class=(steps + 1) * bs // 9 + 1, num_workers=0, device=device)
    print(f'{size} px, batch {bs}, {steps} timed steps, device {device}, torch threads {torch.get_num_threads()}')
    print(f"{'kind':15s} {'model':14s} {'params (M)':>10s} {'MB':>6s} {'img/s':>8s} {'ms/step':>8s}")
    for kind in kinds:
        learn = colorize_learner(dls, kind, pretrained=False, checkpoint=False, path='/tmp/colorize_bench')
        timer = _Timer(); learn.add_cb(timer)
        with learn.no_logging(), learn.no_bar():
            learn.fit(1, 1e-3, cbs=[_Stop(steps + 1)])
        t = sum(timer.times[1:]) / len(timer.times[1:])
        p = n_params(learn.model)
        print(f'{kind:15s} {type(learn.model).__name__:14s} {p/1e6:10.2f} {p*4/1e6:6.1f} {bs/t:8.1f} {t*1e3:8.0f}')

class _Stop(Callback):
    "Stop the fit after `n` training batches."
    order = 99
    def __init__(self, n): self.n = n
    def after_batch(self):
        if self.training and self.iter + 1 >= self.n:
            from fastai.callback.core import CancelFitException
            raise CancelFitException

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--size', type=int, default=32); ap.add_argument('--bs', type=int, default=64)
    ap.add_argument('--steps', type=int, default=5); ap.add_argument('--device', default='cpu')
    main(**vars(ap.parse_args()))
