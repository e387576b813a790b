"""What a device lease carries, in MB: the tracked files, the untracked files git does not ignore, and the carried paths.

    python tools/tree_size.py [--carry PATH ...] [--max-mb 60]      # exit 1 above the limit

The device tool copies the working tree (tracked and untracked-not-ignored files) and the ignored paths named in its
`carry` (at most 64 MiB in all); the lease script keeps a margin below that.
"""
import argparse, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def tree_bytes(carry=())->dict:
    files = subprocess.run(['git', 'ls-files', '-co', '--exclude-standard', '-z'], cwd=ROOT, capture_output=True, check=True).stdout.split(b'\0')
    tree = sum((ROOT/f.decode()).stat().st_size for f in files if f and (ROOT/f.decode()).is_file())
    out = {'working tree': tree}
    for c in carry:
        p = ROOT/c
        out[c] = sum(f.stat().st_size for f in p.rglob('*') if f.is_file()) if p.is_dir() else p.stat().st_size if p.exists() else 0
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--carry', nargs='*', default=[]); ap.add_argument('--max-mb', type=float, default=60.)
    a = ap.parse_args()
    sizes = tree_bytes(a.carry); total = sum(sizes.values()) / 1e6
    for k, v in sizes.items(): print(f'{v / 1e6:8.1f} MB  {k}')
    print(f'{total:8.1f} MB  in all (limit {a.max_mb:.0f} MB)')
    sys.exit(0 if total <= a.max_mb else 1)
