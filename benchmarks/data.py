"""Benchmark: images per second from image files to ready (L, target) batches, and where the time goes.

Run: `python benchmarks/data.py [--batches 20] [--workers 2]` with FASTAI_HOME pointing at the datasets (`make bench`).
For CIFAR-10 at 32 px and Imagenette at 128 px (the shared copies), batch size 64, training DataLoader:
  pipeline   files -> decode/crop (workers) -> collate -> Lab + targets (batch transform): images/s
  decode     the same with the Lab transform removed: files -> collated RGB batches only
  lab, bins  the batch transform alone on a batch already in memory, target 'ab' and 'bins' (soft-encoded)
The share of decoding is measured serially (0 workers), where the parts add up; the pipeline also with --workers.
"""
import argparse, time, warnings
import torch
from colorize_lib.data import lab_dataloaders, LabBatch

def rate(dl, n):
    "Images per second over `n` batches of `dl` (after one warm-up batch)."
    it = iter(dl); next(it)
    t, k = time.perf_counter(), 0
    for _ in range(n):
        try: b = next(it)
        except StopIteration: it = iter(dl); b = next(it)
        k += len(b[0])
    return k / (time.perf_counter() - t)

def measure(source, size, n, workers, bs=64):
    warnings.simplefilter('ignore')
    dls = lab_dataloaders(source, size=size, bs=bs, num_workers=0)
    tfm = dls.lab_tfm
    full0 = rate(dls.train, n)
    dls.train.after_batch.fs = [f for f in dls.train.after_batch.fs if not isinstance(f, LabBatch)]
    rgb_batch = dls.train.one_batch()
    dec0 = rate(dls.train, n)
    def per_img(f, reps=10):
        f(); t = time.perf_counter()
        for _ in range(reps): f()
        return bs * reps / (time.perf_counter() - t)
    lab = per_img(lambda: tfm(rgb_batch))
    bins_tfm = LabBatch('bins')
    bins = per_img(lambda: bins_tfm(rgb_batch))
    dlw = lab_dataloaders(source, size=size, bs=bs, num_workers=workers)
    fullw = rate(dlw.train, n)
    share = (1/dec0) / (1/dec0 + 1/lab)
    print(f'{source:>15s} {size:4d}px | pipeline {full0:7.0f} img/s (0 workers) {fullw:7.0f} img/s ({workers} workers) | '
          f'decode-only {dec0:7.0f} | Lab {lab:7.0f} | Lab+bins {bins:7.0f} | decode share {share:5.1%}')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--batches', type=int, default=20); ap.add_argument('--workers', type=int, default=2)
    a = ap.parse_args()
    print(f'torch threads {torch.get_num_threads()}, batch 64, {a.batches} batches each')
    for src, size in [('CIFAR', 32), ('IMAGENETTE_160', 128)]: measure(src, size, a.batches, a.workers)
