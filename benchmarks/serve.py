"""Benchmark: requests per second and latency (p50, p95) of the colorization service, with 1, 4 and 16 concurrent clients.

Run: `python benchmarks/serve.py --model MODEL [--size 256] [--seconds 15] [--clients 1,4,16]`.
Both servers run in their own process on 127.0.0.1 with the same model and the same `Colorizer`; the clients are
threads of this process posting the same JPEG (a `size` x `size` crop of scikit-image's astronaut) for `--seconds` per
row, one request at a time each. Compared in the same run:
  fastapi   `colorize-serve` (FastAPI on uvicorn, dynamic batching of the network's forward passes)
  http.server  the previous server (Python's ThreadingHTTPServer, one inference at a time under a lock); it is no longer
            part of the project: its code is read from the commit that last had it (`git show`), for this comparison only.
A 503 (busy) answer counts as an answered request but not as a colorization; the table gives both.
"""
import argparse, io, os, socket, subprocess, sys, tempfile, threading, time, urllib.request, urllib.error
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import numpy as np
from PIL import Image
from skimage import data as skdata

ROOT = Path(__file__).resolve().parents[1]
OLD_COMMIT = 'bf6ba38'        # the last commit with the http.server implementation of colorize_lib/serve.py

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def start(cmd, port, env=None):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=env)
    for _ in range(240):
        try: urllib.request.urlopen(f'http://127.0.0.1:{port}/health', timeout=1); return p
        except OSError: time.sleep(0.5)
    p.kill(); raise RuntimeError(f'{cmd[0]} did not start')

def old_server(model, port, tmp):
    src = subprocess.check_output(['git', 'show', f'{OLD_COMMIT}:colorize_lib/serve.py'], cwd=ROOT).decode()
    (Path(tmp)/'serve_http_old.py').write_text(src.replace('from .', 'from colorize_lib.'))
    code = (f"import sys; sys.path.insert(0, {str(tmp)!r}); import serve_http_old as s\n"
            f"s.make_server({str(model)!r}, port={port}).serve_forever()\n")
    return start([sys.executable, '-c', code], port)

def new_server(model, port):
    return start([str(Path(sys.executable).parent/'colorize-serve'), '--model', str(model), '--port', str(port)], port)

def load(url, body, clients, seconds):
    stop, lat, codes = time.time() + seconds, [], []
    lock = threading.Lock()
    def one(_):
        while time.time() < stop:
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(urllib.request.Request(url, data=body, method='POST'), timeout=120) as r: r.read(); c = r.status
            except urllib.error.HTTPError as e: e.read(); c = e.code
            with lock: lat.append(time.perf_counter() - t); codes.append(c)
    t0 = time.time()
    with ThreadPoolExecutor(clients) as ex: list(ex.map(one, range(clients)))
    wall = time.time() - t0
    ok = [l for l, c in zip(lat, codes) if c == 200]
    return dict(answered=len(codes) / wall, colorized=len(ok) / wall, p50=np.percentile(ok, 50) * 1e3 if ok else float('nan'),
                p95=np.percentile(ok, 95) * 1e3 if ok else float('nan'), busy=codes.count(503), other=sum(c not in (200, 503) for c in codes))

def main(model, size=256, seconds=15, clients=(1, 4, 16)):
    b = io.BytesIO(); Image.fromarray(skdata.astronaut()[:size, :size]).save(b, 'JPEG'); body = b.getvalue()
    print(f'model {Path(model).name}, {size} x {size} JPEG, {seconds} s per row, torch threads per server: default')
    print(f"{'server':12s} {'clients':>7s} {'answered/s':>10s} {'colorized/s':>11s} {'p50 ms':>8s} {'p95 ms':>8s} {'503s':>5s}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ('http.server', 'fastapi'):
            port = free_port()
            proc = old_server(model, port, tmp) if name == 'http.server' else new_server(model, port)
            url = f'http://127.0.0.1:{port}/colorize'
            try:
                load(url, body, 1, 2)                                     # warm-up
                for c in clients:
                    r = load(url, body, c, seconds)
                    print(f"{name:12s} {c:7d} {r['answered']:10.1f} {r['colorized']:11.1f} {r['p50']:8.0f} {r['p95']:8.0f} {r['busy']:5d}", flush=True)
            finally: proc.terminate(); proc.wait(10)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', required=True); ap.add_argument('--size', type=int, default=256)
    ap.add_argument('--seconds', type=float, default=15); ap.add_argument('--clients', default='1,4,16')
    a = ap.parse_args()
    main(a.model, a.size, a.seconds, [int(c) for c in a.clients.split(',')])
