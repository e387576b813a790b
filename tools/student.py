"""Student copies of the chapters: every exercise's solution cell emptied, every output stripped.

    python tools/student.py [OUT]          # default: student/ (not committed)

An exercise is a markdown cell that asks, a code cell whose first line is `#| solution` (the worked answer), and the
next code cell, whose first line is `#| check`, that asserts on what the answer computed. In the student copy the
solution cell becomes `# your code here`, so every check fails until the student writes the answer.
"""
import sys, json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STUB = '# your code here\n'

def cell_kind(cell)->str:
    "'solution', 'check' or '' from the first line of a code cell."
    if cell.get('cell_type') != 'code': return ''
    first = ''.join(cell.get('source', '')).lstrip().split('\n', 1)[0].strip()
    return {'#| solution': 'solution', '#| check': 'check'}.get(first, '')

def exercises(nb:dict)->list:
    "(solution source, check source) of each exercise of notebook `nb`, in order."
    cells, out = nb['cells'], []
    for i, c in enumerate(cells):
        if cell_kind(c) != 'solution': continue
        nxt = next((d for d in cells[i + 1:] if d.get('cell_type') == 'code'), None)
        if nxt is None or cell_kind(nxt) != 'check': raise ValueError(f"a solution cell without a check cell after it: {''.join(c['source'])[:60]!r}")
        out.append((''.join(c['source']), ''.join(nxt['source'])))
    return out

def student_copy(nb:dict)->dict:
    "`nb` with every solution cell replaced by a stub and every output stripped."
    nb = json.loads(json.dumps(nb))
    for c in nb['cells']:
        if c.get('cell_type') != 'code': continue
        c['outputs'], c['execution_count'] = [], None
        if cell_kind(c) == 'solution': c['source'] = STUB
    return nb

def main(out=ROOT/'student'):
    out = Path(out); n_nb = n_ex = 0
    for f in sorted((ROOT/'nbs').rglob('*.ipynb')):
        if '.ipynb_checkpoints' in f.parts: continue
        nb = json.loads(f.read_text())
        dest = out/f.relative_to(ROOT/'nbs'); dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(student_copy(nb), indent=1, ensure_ascii=False) + '\n')
        n_nb += 1; n_ex += len(exercises(nb))
    print(f"wrote {n_nb} notebooks with {n_ex} exercises to {out}")

if __name__ == '__main__': main(*sys.argv[1:2])
