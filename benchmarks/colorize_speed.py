"""Colorizing photos of 0.3 to 25 megapixels: the full-resolution stage and the whole photo, the Lab path (`compose_lab`)
against the fast one (`compose`, chapter 08b), measured in the same run. Best of several runs; ms per photo and Mpx/s.
Then the `colorize` command on one 0.24 Mpx photo, from its start to the photo written: the first run (which keeps the
colorizer's program) and the best of three after it (torch alone), against the same command importing the training
stack (`Colorizer`).

    python benchmarks/colorize_speed.py [--sizes 0.3 2 12 25] [--model shipped] [--threads N]"""
import argparse, time, sys, os, subprocess, tempfile
from pathlib import Path
import numpy as np, torch
from PIL import Image
from skimage import data as skdata
from colorize_lib.learner import Colorizer

def best(f, n):
    ts = []
    for _ in range(n):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return min(ts)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--sizes', type=float, nargs='+', default=[0.3, 2, 12, 25])
    ap.add_argument('--model', default='shipped'); ap.add_argument('--threads', type=int, default=None)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    col = Colorizer(a.model)
    base = Image.fromarray(skdata.astronaut())
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, render size {col.render_size}")
    print(f"{'Mpx':>6} {'stage: Lab path':>16} {'fast':>10} {'Lab Mpx/s':>10} {'fast Mpx/s':>11} {'ratio':>6} | {'photo: Lab path':>16} {'fast':>10} {'ratio':>6}")
    for mpx in a.sizes:
        w = int(round((mpx * 1e6 * 4 / 3) ** 0.5)); h = int(round(w * 3 / 4))
        photo = np.asarray(base.resize((w, h), Image.BICUBIC))
        n = 5 if mpx < 5 else 2
        ab = col.predict(col.small_l(photo))[0]
        t_lab, t_fast = best(lambda: col.compose_lab(photo, ab), n), best(lambda: col.compose(photo, ab), n)
        p_lab = best(lambda: col.compose_lab(photo, col.predict(col.small_l(photo))[0]), n)
        p_fast = best(lambda: col(photo), n)
        m = w * h / 1e6
        print(f"{m:6.2f} {t_lab * 1e3:13.0f} ms {t_fast * 1e3:7.0f} ms {m / t_lab:10.1f} {m / t_fast:11.1f} {t_lab / t_fast:5.1f}x |"
              f" {p_lab * 1e3:13.0f} ms {p_fast * 1e3:7.0f} ms {p_lab / p_fast:5.1f}x", flush=True)

def command_times(reps:int=3):
    "Seconds from the start of `colorize photo.jpg` to the photo written: the first run with an empty models folder, then the best of `reps`."
    tmp = Path(tempfile.mkdtemp()); Image.fromarray(skdata.coffee()).save(tmp/'coffee.jpg')
    env = dict(os.environ, FASTAI_HOME=str(tmp/'home')); (tmp/'home').mkdir()
    if (Path(os.environ.get('FASTAI_HOME', '~/.fastai')).expanduser()/'data').exists():
        (tmp/'home/data').symlink_to((Path(os.environ.get('FASTAI_HOME', '~/.fastai')).expanduser()/'data').resolve())
    cmd = [str(Path(sys.executable).parent/'colorize'), str(tmp/'coffee.jpg'), '--out', str(tmp/'out'), '--overwrite']
    def once():
        t = time.perf_counter(); subprocess.run(cmd, env=env, check=True, capture_output=True); return time.perf_counter() - t
    first = once()
    return first, min(once() for _ in range(reps))

if __name__ == '__main__':
    main()
    first, warm = command_times()
    print(f"colorize coffee.jpg (600 x 400): first run {first:.1f} s (imports fastai and keeps the program), then {warm:.1f} s (best of 3)")
