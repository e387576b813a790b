"The exercises are real: each check passes after its solution, and fails on the student copy's empty cell."
import json, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
from student import exercises, student_copy, STUB

CHAPTERS = sorted(p for p in (ROOT/'nbs').rglob('*.ipynb') if '.ipynb_checkpoints' not in p.parts)
EXERCISES = [(p.relative_to(ROOT/'nbs'), i, s, c) for p in CHAPTERS for i, (s, c) in enumerate(exercises(json.loads(p.read_text())))]

def test_there_are_exercises():
    assert len({p for p, *_ in EXERCISES}) >= 3 and len(EXERCISES) >= 6

@pytest.mark.parametrize('nb,i,solution,check', EXERCISES, ids=[f'{p.stem}-{i}' for p, i, *_ in EXERCISES])
def test_check_passes_on_the_chapter_and_fails_on_the_student_copy(nb, i, solution, check):
    ns = {}
    exec(compile(solution, f'{nb}:solution{i}', 'exec'), ns)
    exec(compile(check, f'{nb}:check{i}', 'exec'), ns)              # the worked answer passes its check
    with pytest.raises(Exception):
        stub = {}
        exec(compile(STUB, 'stub', 'exec'), stub); exec(compile(check, f'{nb}:check{i}', 'exec'), stub)

def test_make_student_writes_the_copies(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'student.py'), str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for p, i, *_ in EXERCISES:
        nb = json.loads((tmp_path/p).read_text())
        sols = [c for c in nb['cells'] if ''.join(c['source']) == STUB]
        assert sols and all(not c['outputs'] for c in nb['cells'] if c['cell_type'] == 'code')
