"""Pack a dataset for a device lease: its images re-encoded as JPEG at the profile's size, in fastai's layout.

    python tools/gpu_pack.py NAME OUT [--size 128] [--quality 85] [--n_per_class N]

Reads FASTAI_HOME/data/NAME (or a folder), writes OUT/NAME with the same split and class folders, every image resized
so that its short side is `size` and saved as JPEG at `quality`; prints the count and the MB.
"""
import argparse
from pathlib import Path
from PIL import Image
from colorize_lib.data import list_items, subset_items

def pack(name:str, out, size:int=128, quality:int=85, n_per_class:int=None)->tuple:
    items = list_items(name)
    if n_per_class: items = subset_items(items, n_per_class=n_per_class)
    out = Path(out)/Path(name).name
    n = nbytes = 0
    for p, split, label in zip(items.path, items.split, items.label):
        p = Path(p)
        folder = {'valid': 'train'}.get(split, split)           # list_items carves valid out of train again, with its seed
        dest = out/folder/(label or '')/p.with_suffix('.jpg').name
        dest.parent.mkdir(parents=True, exist_ok=True)
        im = Image.open(p).convert('RGB')
        s = size / min(im.size)
        if s < 1: im = im.resize((round(im.width * s), round(im.height * s)), Image.BICUBIC)
        im.save(dest, quality=quality); n += 1; nbytes += dest.stat().st_size
    return n, nbytes

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('name'); ap.add_argument('out'); ap.add_argument('--size', type=int, default=128)
    ap.add_argument('--quality', type=int, default=85); ap.add_argument('--n_per_class', type=int, default=None)
    a = ap.parse_args()
    n, b = pack(a.name, a.out, a.size, a.quality, a.n_per_class)
    print(f'{a.name}: {n} images, {b / 1e6:.1f} MB in {a.out}')
