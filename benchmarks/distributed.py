"""Benchmark: training images per second of `colorize-train` with one process and with two (DDP, gloo) on this machine.

Run: `python benchmarks/distributed.py [--kind regression] [--size 32] [--epochs 2] [--n-per-class 40]` with FASTAI_HOME set.
Both runs train the same kind on the same CIFAR-10 subset with the same batch size per process, in the same run of this
script; the table gives images per second over all processes (one process uses all the CPU threads; two processes
one thread each, so the comparison is of parallel schemes on the same cores). On one machine with one GPU there is
nothing to compare: multi-GPU speed needs several GPUs.
"""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path

BIN = Path(sys.executable).parent

def run(procs, kind, size, epochs, npc, bs, out):
    train = [str(BIN/'colorize-train'), '--kind', kind, '--data', 'CIFAR', '--size', str(size), '--bs', str(bs),
             '--n_per_class', str(npc), '--epochs', str(epochs), '--cpu', '--out', str(out)]
    cmd = train if procs == 1 else [str(BIN/'torchrun'), '--nproc_per_node', str(procs), '--master_port', '29577', *train]
    env = dict(os.environ, **({'OMP_NUM_THREADS': '1'} if procs > 1 else {}))
    t = time.time()
    subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    rec = json.loads((Path(out)/'run.json').read_text())
    return rec, time.time() - t

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kind', default='regression'); ap.add_argument('--size', type=int, default=32)
    ap.add_argument('--epochs', type=int, default=2); ap.add_argument('--n-per-class', type=int, default=40)
    ap.add_argument('--bs', type=int, default=16)
    a = ap.parse_args()
    print(f"{a.kind} on {a.n_per_class * 10} CIFAR-10 images at {a.size} px, {a.epochs} epochs, batch {a.bs} per process, CPU")
    with tempfile.TemporaryDirectory() as tmp:
        for procs in (1, 2):
            rec, wall = run(procs, a.kind, a.size, a.epochs, a.n_per_class, a.bs, Path(tmp)/f'p{procs}')
            print(f"{procs} process(es): {rec['images_per_s']:6.1f} training images/s over all processes "
                  f"({rec['images']} images in {rec['seconds']:.1f} s of training; {wall:.0f} s with start-up)", flush=True)
