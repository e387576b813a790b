"""Colorizing photos of 0.3 to 25 megapixels: the full-resolution stage and the whole photo, the Lab path (`compose_lab`)
against the fast one (`compose`, chapter 08b), measured in the same run. Best of several runs; ms per photo and Mpx/s.
Then the `colorize` command on one 0.24 Mpx photo, from its start to the photo written: the first run (which keeps the
colorizer's program) and the best of three after it (torch alone), to the photo written and to the command's end. Last,
the peak memory of the command on a 25 Mpx photo.

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
    """Seconds from the start of `colorize photo.jpg` to the photo written (its file's time) and to the command's end: the
    first run with an empty models folder (which keeps the program), then the best of `reps` (torch alone)."""
    tmp = Path(tempfile.mkdtemp()); Image.fromarray(skdata.coffee()).save(tmp/'coffee.jpg')
    env = dict(os.environ, FASTAI_HOME=str(tmp/'home')); (tmp/'home').mkdir()
    if (Path(os.environ.get('FASTAI_HOME', '~/.fastai')).expanduser()/'data').exists():
        (tmp/'home/data').symlink_to((Path(os.environ.get('FASTAI_HOME', '~/.fastai')).expanduser()/'data').resolve())
    cmd = [str(Path(sys.executable).parent/'colorize'), str(tmp/'coffee.jpg'), '--out', str(tmp/'out'), '--overwrite']
    def once():
        t = time.time(); subprocess.run(cmd, env=env, check=True, capture_output=True); end = time.time()
        return (tmp/'out'/'coffee_color.png').stat().st_mtime - t, end - t
    first = once()
    runs = [once() for _ in range(reps)]
    return first, min(r[0] for r in runs), min(r[1] for r in runs)

def peak_memory(mpx:float=25):
    """Peak resident memory (GB) of `colorize photo.jpg` on a photo of `mpx` megapixels, its program kept: the whole
    command (torch, the decoded photo, the colour work), as the operating system counts it."""
    tmp = Path(tempfile.mkdtemp()); w = int(round((mpx * 1e6 * 4 / 3) ** 0.5))
    Image.fromarray(skdata.astronaut()).resize((w, int(round(w * 3 / 4))), Image.BICUBIC).save(tmp/'big.jpg', quality=90)
    env = dict(os.environ, FASTAI_HOME=str(tmp/'home')); (tmp/'home').mkdir()
    cmd = [str(Path(sys.executable).parent/'colorize'), str(tmp/'big.jpg'), '--out', str(tmp/'out'), '--overwrite']
    subprocess.run(cmd, env=env, check=True, capture_output=True)                   # the first run keeps the program
    import resource
    code = f"import resource, subprocess, sys; subprocess.run({cmd!r}, check=True, capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    out = subprocess.run([sys.executable, '-c', code], env=env, check=True, capture_output=True, text=True).stdout.split()
    return float(out[-1]) / 2**20

if __name__ == '__main__':
    main()
    print(f"peak memory of colorize on a 25 Mpx photo (its program kept): {peak_memory(25):.2f} GB")
    (w1, e1), written, ended = command_times()
    print(f"colorize coffee.jpg (600 x 400): first run {w1:.1f} s to the photo written, {e1:.1f} s to the end (imports fastai "
          f"and keeps the program); then {written:.1f} s to the photo written, {ended:.1f} s to the end (best of 3, torch alone)")
