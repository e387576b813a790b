"""The course's exercises as nbgrader assignments: a student release, and an autograder that scores a student's notebooks.

    python tools/assignments.py release [COURSE]            # COURSE (default course/): source/, release/, gradebook.db
    python tools/assignments.py grades [COURSE]             # every student's score per assignment, into COURSE/grades.csv
    python tools/assignments.py autograde FOLDER [COURSE] [--student ID]
                                                            # score the notebooks in FOLDER, one student's work, per exercise;
                                                            # the gradebook keeps it under ID (default: FOLDER's name)

Each chapter or lesson with exercises is one assignment, named after the notebook. An exercise is a code cell whose first
line is `#| solution` (the worked answer; it imports what it needs) and the next code cell, whose first line is `#| check`
or `#| check N` (worth N points, 5 by default), which asserts on what the answer computed. A check may hold tests the
student never sees, on inputs of their own, between nbgrader's markers `### BEGIN HIDDEN TESTS` and
`### END HIDDEN TESTS`; in the chapter they run like any other line.

The release keeps every output of the chapter (its figures: a student reads the pictures) except those of the
exercises; the cells flagged `#| slow` (long trainings and benchmarks) stay code a student can run, with the outputs the
chapter showed and a note before each. nbgrader replaces each worked answer by `# YOUR CODE HERE` and removes the hidden
tests. Autograding restores the checks from the gradebook (a student cannot edit them), runs the notebook top to bottom
without its slow cells (shown as text instead: the exercises never need them) and scores each check.
"""
import os, sys, json, shutil, re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT/'course'

def cell_kind(cell)->str:
    "'solution', 'check' or '' from the first line of a code cell."
    if cell.get('cell_type') != 'code': return ''
    first = ''.join(cell.get('source', '')).lstrip().split('\n', 1)[0].strip()
    if first == '#| solution': return 'solution'
    return 'check' if re.fullmatch(r'#\| check( \d+)?', first) else ''

def points(cell)->int:
    "The points a check cell is worth (`#| check N`; 5 by default, as in the teacher's guide)."
    m = re.fullmatch(r'#\| check (\d+)', ''.join(cell['source']).lstrip().split('\n', 1)[0].strip())
    return int(m[1]) if m else 5

def is_slow(cell)->bool:
    return cell.get('cell_type') == 'code' and any(l.strip() == '#| slow' for l in ''.join(cell['source']).splitlines()[:3])

def exercises(nb:dict)->list:
    "(solution source, check source, points) of each exercise of notebook `nb`, in order."
    cells, out = nb['cells'], []
    for i, c in enumerate(cells):
        if cell_kind(c) != 'solution': continue
        nxt = next((d for d in cells[i + 1:] if d.get('cell_type') == 'code'), None)
        if nxt is None or cell_kind(nxt) != 'check': raise ValueError(f"a solution cell without a check cell after it: {''.join(c['source'])[:60]!r}")
        out.append((''.join(c['source']), ''.join(nxt['source']), points(nxt)))
    return out

def visible(check:str)->str:
    "A check as the student sees it: without its hidden tests."
    return re.sub(r'### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?', '', check, flags=re.S)

def _meta(**kw): return {'nbgrader': dict(schema_version=3, task=False, **kw)}

def shown_not_run(cell)->dict:
    "A markdown cell that shows a slow code cell's code and what it showed when the chapter ran (figures as attachments)."
    code = '\n'.join(l for l in ''.join(cell['source']).splitlines() if not l.startswith('#| '))
    parts = ["*A longer cell of the chapter (flagged slow: a training or a benchmark). Here are its code and what it showed "
             "when the chapter ran; it is not run when the assignment is graded (`make test-slow` runs it).*",
             f"```python\n{code}\n```"]
    att = {}
    for o in cell.get('outputs', []):
        if o.get('output_type') == 'stream': parts.append(f"```\n{''.join(o['text']).rstrip()}\n```")
        elif o.get('output_type') in ('display_data', 'execute_result'):
            d = o.get('data', {})
            if 'image/png' in d:
                name = f'figure{len(att) + 1}.png'; att[name] = {'image/png': d['image/png']}; parts.append(f"![]({'attachment:' + name})")
            elif 'text/html' in d:
                h = ''.join(d['text/html'])
                if '<progress' not in h and '<style' not in h: parts.append(h)     # a table, not fastai's progress bar
            elif 'text/markdown' in d: parts.append(''.join(d['text/markdown']))
            elif 'text/plain' in d: parts.append(f"```\n{''.join(d['text/plain']).rstrip()}\n```")
    out = dict(cell_type='markdown', metadata={}, source='\n\n'.join(parts))
    if 'id' in cell: out['id'] = cell['id']
    if att: out['attachments'] = att
    return out

SLOW_NOTE = ("*The next cell is a longer one (a training or a benchmark: minutes on a CPU). Its output is the one the chapter "
             "showed; run it to see yours. It is not run when the assignment is graded.*")

def source_notebook(nb:dict, stem:str)->dict:
    "Notebook `nb` as an nbgrader source: solution regions and graded checks marked, exercise outputs removed, a note before each slow cell."
    nb, cells, k = json.loads(json.dumps(nb)), [], 0
    for c in nb['cells']:
        kind = cell_kind(c)
        if is_slow(c): cells += [dict(cell_type='markdown', metadata={}, source=SLOW_NOTE), c]; continue
        if kind == 'solution':
            first, _, body = ''.join(c['source']).lstrip().partition('\n')
            c['source'] = f"{first}\n### BEGIN SOLUTION\n{body.rstrip()}\n### END SOLUTION\n"
            c['metadata'].update(_meta(solution=True, grade=False, locked=False, grade_id=f'{stem}-exercise{k + 1}'))
        elif kind == 'check':
            c['metadata'].update(_meta(solution=False, grade=True, locked=True, points=points(c), grade_id=f'{stem}-check{k + 1}'))
            k += 1
        if kind: c['outputs'], c['execution_count'] = [], None
        cells.append(c)
    nb['cells'] = cells
    return nb

def grading_copy(nb:dict)->dict:
    "A submitted notebook as it is graded: its slow cells shown as text, not run."
    nb = json.loads(json.dumps(nb))
    nb['cells'] = [shown_not_run(c) if is_slow(c) else c for c in nb['cells'] if not (c.get('cell_type') == 'markdown' and ''.join(c.get('source', '')) == SLOW_NOTE)]
    return nb

def chapters()->list:
    "The notebooks with exercises: the chapters and the lessons (not the report's templates)."
    nbs = sorted(p for p in (ROOT/'nbs').rglob('*.ipynb') if '.ipynb_checkpoints' not in p.parts and 'experiments' not in p.parts)
    return [p for p in nbs if exercises(json.loads(p.read_text()))]

def config(course:Path):
    from traitlets.config import Config
    c = Config()
    c.CourseDirectory.root = str(course)
    c.CourseDirectory.db_url = f"sqlite:///{course/'gradebook.db'}"
    c.ClearOutput.enabled = False            # the chapter's figures stay in the release (the exercises' outputs are removed above)
    c.Execute.timeout = 3600                  # a lesson trains a small colorizer: minutes on a CPU
    c.Execute.interrupt_on_timeout = True
    return c

def api(course:Path):
    from nbgrader.apps import NbGraderAPI
    bin_ = str(Path(sys.executable).parent)          # nbgrader runs `alembic` from the PATH: this environment's, not the shell's
    if bin_ not in os.environ.get('PATH', '').split(os.pathsep): os.environ['PATH'] = bin_ + os.pathsep + os.environ.get('PATH', '')
    return NbGraderAPI(config=config(course))

def release(course:Path=COURSE, only=None, log=print)->list:
    "Write each assignment's nbgrader source under `course/source/` and its student release under `course/release/`."
    course = Path(course); out = []
    a = api(course)
    for p in chapters():
        if only and p.stem not in only: continue
        src = course/'source'/p.stem/p.name; src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(json.dumps(source_notebook(json.loads(p.read_text()), p.stem), indent=1, ensure_ascii=False) + '\n')
        r = a.generate_assignment(p.stem, force=True)
        if not r['success']: raise RuntimeError(f"nbgrader could not release {p.stem}:\n{r['error']}\n{r['log']}")
        out.append(course/'release'/p.stem/p.name); log(f"released {out[-1].relative_to(course)}")
    return out

def student_id(folder)->str:
    "The gradebook's name for the student whose notebooks are in `folder`: the folder's name, in letters, digits, '.', '_', '-'."
    return re.sub(r'[^A-Za-z0-9._-]+', '_', Path(folder).resolve().name).strip('._') or 'student'

def autograde(folder, course:Path=COURSE, student:str=None, log=print)->list:
    "Score the notebooks in `folder` (a student's copies of released assignments) as `student` (default: `student_id(folder)`): rows (assignment, exercise, score, max)."
    from nbgrader.api import Gradebook
    course, folder = Path(course), Path(folder)
    student = student or student_id(folder)
    known = {p.name for p in (course/'source').glob('*')} if (course/'source').exists() else set()
    if not known: raise FileNotFoundError(f"no assignments in {course}/source: run `make release` first")
    found = [p for p in sorted(folder.rglob('*.ipynb')) if p.stem in known]
    if not found: raise FileNotFoundError(f"no notebook of an assignment ({', '.join(sorted(known))}) in {folder}")
    a, rows = api(course), []
    for p in found:
        dest = course/'submitted'/student/p.stem/p.name; dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(grading_copy(json.loads(p.read_text())), indent=1, ensure_ascii=False) + '\n')
        log(f"grading {p.name} of {student} (the whole notebook runs: up to minutes)")
        r = a.autograde(p.stem, student, force=True, create=True)
        if not r['success']: raise RuntimeError(f"nbgrader could not grade {p.name}:\n{r['error']}\n{r['log']}")
        with Gradebook(f"sqlite:///{course/'gradebook.db'}") as gb:
            nb = gb.find_submission_notebook(p.stem, p.stem, student)
            rows += [(p.stem, g.name, float(g.score), float(g.max_score)) for g in sorted(nb.grades, key=lambda g: g.name)]
    return rows

def grades(course:Path=COURSE)->list:
    "Every student's score per assignment in the gradebook: rows (student, assignment, score, max), written to `course/grades.csv`."
    import csv
    from nbgrader.api import Gradebook
    course = Path(course)
    if not (course/'gradebook.db').exists(): raise FileNotFoundError(f"no gradebook in {course}: run `make autograde` first")
    with Gradebook(f"sqlite:///{course/'gradebook.db'}") as gb:
        rows = [(st.id, a.name, float(gb.find_submission(a.name, st.id).score), float(a.max_score))
                for st in sorted(gb.students, key=lambda st: st.id) for a in gb.assignments
                if any(sub.student.id == st.id for sub in a.submissions)]
    with open(course/'grades.csv', 'w', newline='') as f:
        w = csv.writer(f); w.writerow(['student', 'assignment', 'score', 'max_score']); w.writerows(rows)
    return rows

def score_table(rows)->str:
    lines = [f"{'assignment':<28} {'exercise':<38} score"]
    lines += [f"{a:<28} {e:<38} {s:g} / {m:g}" for a, e, s, m in rows]
    lines.append(f"{'total':<67} {sum(r[2] for r in rows):g} / {sum(r[3] for r in rows):g}")
    return '\n'.join(lines)

def main(argv):
    import argparse
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument('command', choices=['release', 'autograde', 'grades'])
    ap.add_argument('paths', nargs='*', type=Path)          # autograde: FOLDER [COURSE]; release, grades: [COURSE]
    ap.add_argument('--student')
    a = ap.parse_args(argv)
    folder, rest = (a.paths[0], a.paths[1:]) if a.command == 'autograde' and a.paths else (None, a.paths)
    course = rest[0] if rest else COURSE
    if a.command == 'release': release(course)
    elif a.command == 'grades': print('\n'.join(f"{st:<20} {n:<28} {s:g} / {m:g}" for st, n, s, m in grades(course)))
    elif folder is None: sys.exit(__doc__)
    else: print(score_table(autograde(folder, course, a.student)))

if __name__ == '__main__': main(sys.argv[1:])
