"""Benchmark: RGB -> Lab -> soft-encoded targets for one training batch, batched torch vs the per-image reference.

Run: `python benchmarks/color.py [--bs 64] [--size 64] [--reps 5] [--device cpu]` (or `make bench`).
All paths run in one process on the same machine, so the ratios compare like with like:
  reference  per image: skimage rgb2lab, scikit-learn NearestNeighbors (k=5) over the bin centres,
             Gaussian weights, a dense HW x Q target (what Zhang's caffe training layer did)
  dense      batched torch rgb2lab + sparse encoding + the dense bs x Q x H x W view
  sparse     batched torch rgb2lab + sparse encoding (k indices and weights per pixel): the training path
  rgb2lab    batched torch rgb2lab alone, against skimage rgb2lab per image alone
The batch is made of real photos: random crops of scikit-image's colour sample images.
"""
import argparse, time
import numpy as np, torch
from skimage import data as skdata, color as skcolor
from sklearn.neighbors import NearestNeighbors
from colorize_lib.color import rgb2lab
from colorize_lib.quantize import ABGamut

def real_batch(bs, size, seed=0):
    "`bs` random `size` x `size` crops of scikit-image's colour photos, uint8 bs x H x W x 3."
    rng = np.random.default_rng(seed)
    photos = [skdata.astronaut(), skdata.coffee(), skdata.chelsea(), skdata.rocket(), skdata.immunohistochemistry()]
    out = []
    for i in range(bs):
        p = photos[i % len(photos)]
        y, x = rng.integers(0, p.shape[0] - size), rng.integers(0, p.shape[1] - size)
        out.append(p[y:y+size, x:x+size])
    return np.stack(out)

def timeit(f, reps):
    f()  # warm-up
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return min(ts)

def main(bs=64, size=64, reps=5, device='cpu'):
    gamut = ABGamut()
    imgs = real_batch(bs, size)
    nn = NearestNeighbors(n_neighbors=gamut.k, algorithm='ball_tree').fit(gamut.centres.numpy())

    def reference():
        for im in imgs:
            ab = skcolor.rgb2lab(im)[..., 1:].reshape(-1, 2)
            d, i = nn.kneighbors(ab)
            w = np.exp(-d**2 / (2 * gamut.sigma**2)); w /= w.sum(1, keepdims=True)
            t = np.zeros((len(ab), gamut.n_bins), np.float32); np.put_along_axis(t, i, w, axis=1)
    def skimage_lab():
        for im in imgs: skcolor.rgb2lab(im)

    x = torch.from_numpy(imgs).permute(0, 3, 1, 2).to(device)
    sync = torch.cuda.synchronize if device.startswith('cuda') else (lambda: None)
    def torch_lab(): rgb2lab(x.float() / 255); sync()
    def sparse(): gamut.encode(rgb2lab(x.float() / 255)[:, 1:]); sync()
    def dense(): gamut.dense(*gamut.encode(rgb2lab(x.float() / 255)[:, 1:])); sync()

    rows = [('reference (skimage + sklearn NN, dense, per image)', timeit(reference, reps)),
            ('batched torch, dense bs x Q x H x W targets', timeit(dense, reps)),
            ('batched torch, sparse k-bin targets (training path)', timeit(sparse, reps)),
            ('skimage rgb2lab alone, per image', timeit(skimage_lab, reps)),
            ('batched torch rgb2lab alone', timeit(torch_lab, reps))]
    print(f'batch {bs} x 3 x {size} x {size} of real photos, Q = {gamut.n_bins}, k = {gamut.k}, device {device}, '
          f'torch threads {torch.get_num_threads()}, best of {reps}')
    print(f"{'path':55s} {'ms/batch':>9s} {'img/s':>8s} {'x ref':>7s}")
    base = {0: rows[0][1], 1: rows[0][1], 2: rows[0][1], 3: rows[3][1], 4: rows[3][1]}
    for i, (name, t) in enumerate(rows):
        print(f'{name:55s} {t*1e3:9.1f} {bs/t:8.0f} {base[i]/t:7.1f}')
    print('(rgb2lab rows are compared with skimage rgb2lab alone; the others with the full reference)')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--bs', type=int, default=64); ap.add_argument('--size', type=int, default=64)
    ap.add_argument('--reps', type=int, default=5); ap.add_argument('--device', default='cpu')
    main(**vars(ap.parse_args()))
