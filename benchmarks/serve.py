"""Benchmark: requests per second of the colorize HTTP API on this machine.

Run: `python benchmarks/serve.py --model MODEL [--size 256] [--requests 40] [--clients 1,4]`.
Starts the server in this process on 127.0.0.1 (a free port), posts a JPEG of `size` x `size` (a crop of
scikit-image's astronaut) `--requests` times with each number of concurrent clients, and reports requests/s and the
median latency. Inference runs one at a time (the server's lock), so more clients raise latency, not throughput.
"""
import argparse, io, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
import numpy as np
from PIL import Image
from skimage import data as skdata
from colorize_lib.serve import make_server

def main(model, size=256, requests=40, clients=(1, 4)):
    srv = make_server(model, port=0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f'http://127.0.0.1:{srv.server_address[1]}/colorize'
    b = io.BytesIO(); Image.fromarray(skdata.astronaut()[:size, :size]).save(b, 'JPEG'); body = b.getvalue()
    def one(_):
        t = time.perf_counter()
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method='POST'), timeout=120) as r: r.read()
        return time.perf_counter() - t
    one(0)  # warm-up
    print(f'model {model}, {size} x {size} JPEG, {requests} requests per row')
    for c in clients:
        t = time.perf_counter()
        with ThreadPoolExecutor(c) as ex: lat = list(ex.map(one, range(requests)))
        wall = time.perf_counter() - t
        print(f'{c:2d} concurrent client(s): {requests / wall:6.1f} requests/s, median latency {np.median(lat)*1e3:7.1f} ms')
    srv.shutdown()

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', required=True); ap.add_argument('--size', type=int, default=256)
    ap.add_argument('--requests', type=int, default=40); ap.add_argument('--clients', default='1,4')
    a = ap.parse_args()
    main(a.model, a.size, a.requests, [int(c) for c in a.clients.split(',')])
