"""Execute the course's chapters so that a reader sees their outputs without running them, and check them in CI.

  python tools/chapters.py [NOTEBOOK ...]       execute (all chapters by default) in a fresh kernel, in place
  python tools/chapters.py --check              fail if a chapter has an error output, has no output at all, or was not
                                                executed since its code cells last changed, or is too large

Chapters are the notebooks of nbs/ and nbs/tutorials/; the papermill templates of nbs/experiments/ stay empty.
Each executed chapter records a hash of its code cells in its metadata (`colorize_lib.code_sha1`); changing any code
cell without executing the chapter again makes the check fail. `#| slow` cells run too (they are what a reader most
wants to see); `make chapters` then runs nbdev_clean, which keeps outputs and strips volatile metadata.
"""
import sys, json, hashlib, time, argparse, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'
MAX_BYTES = 4 * 2**20            # a chapter larger than this has figures at too high a resolution
KEY = 'colorize_lib'

def chapters():
    "The chapter notebooks, in reading order."
    return sorted(NBS.glob('*.ipynb')) + sorted((NBS/'tutorials').glob('*.ipynb'))

SETUP_MARK = '# Only on Colab or Kaggle'   # the hidden first cell that sets a notebook service up; it does nothing here

def _source(c)->str: return ''.join(c['source']) if isinstance(c['source'], list) else c['source']

def code_sha1(nb:dict)->str:
    "Hash of the notebook's code cells (their sources, in order), but for the notebook-service setup cell (a no-op here)."
    src = '\n# ---\n'.join(_source(c) for c in nb['cells'] if c['cell_type'] == 'code' and SETUP_MARK not in _source(c))
    return hashlib.sha1(src.encode()).hexdigest()

_LIB_WARNING = re.compile(r'^\S*site-packages/\S+:\d+: \w*Warning: ')

def tidy(nb):
    "Drop the warnings that installed libraries print on stderr (deprecations, tqdm): noise with this machine's paths."
    for c in nb.cells:
        if c.cell_type != 'code': continue
        outs = []
        for o in c.get('outputs', []):
            if o.get('output_type') == 'stream' and o.get('name') == 'stderr':
                lines, keep, skip = o['text'].splitlines(keepends=True), [], False
                for l in lines:
                    if _LIB_WARNING.match(l): skip = True; continue
                    if skip and l[:1] in (' ', '\t'): continue      # the warning's source line
                    skip = False; keep.append(l)
                if not ''.join(keep).strip(): continue
                o['text'] = ''.join(keep)
            outs.append(o)
        c.outputs = outs
    return nb

def execute(path:Path, timeout:int=3600):
    "Run `path` top to bottom in a fresh kernel (cwd: its folder), write its outputs and the code hash into it."
    import nbformat
    from nbclient import NotebookClient
    from colorize_lib.report import inline_figures          # figures inline even where CI sets MPLBACKEND=Agg
    nb = nbformat.read(str(path), as_version=4)
    t = time.time()
    with inline_figures():
        NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}},
                       extra_arguments=['--IPKernelApp.log_level=ERROR']).execute()
    tidy(nb)
    nb.metadata[KEY] = dict(code_sha1=code_sha1(json.loads(nbformat.writes(nb))))
    nbformat.write(nb, str(path))
    return time.time() - t

def problems(path:Path)->list:
    "What is wrong with the committed state of chapter `path` (empty list: nothing)."
    nb, out = json.loads(path.read_text()), []
    code = [c for c in nb['cells'] if c['cell_type'] == 'code']
    errors = [o for c in code for o in c.get('outputs', []) if o.get('output_type') == 'error']
    if errors: out.append(f"{len(errors)} error output(s): {errors[0].get('ename')}: {errors[0].get('evalue', '')[:120]}")
    if code and not any(c.get('outputs') for c in code): out.append('no outputs: it was never executed (make chapters)')
    stamp = nb.get('metadata', {}).get(KEY, {}).get('code_sha1')
    if stamp is None: out.append('no execution stamp: run make chapters')
    elif stamp != code_sha1(nb): out.append('its code cells changed since it was executed: run make chapters')
    if path.stat().st_size > MAX_BYTES: out.append(f'{path.stat().st_size / 2**20:.1f} MB: more than {MAX_BYTES / 2**20:.0f} MB')
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='*', help='chapters to execute (default: all)')
    ap.add_argument('--check', action='store_true', help='check the committed chapters instead of executing them')
    a = ap.parse_args()
    if a.check:
        bad = {p: pr for p in chapters() if (pr := problems(p))}
        for p, pr in bad.items(): print(f"{p.relative_to(ROOT)}: " + '; '.join(pr))
        print(f"{len(chapters()) - len(bad)} of {len(chapters())} chapters are executed and current")
        sys.exit(1 if bad else 0)
    for p in [Path(n).resolve() for n in a.notebooks] or chapters():
        print(f"executing {p.relative_to(ROOT)} ...", flush=True)
        print(f"  done in {execute(p):.0f} s", flush=True)

if __name__ == '__main__': main()
