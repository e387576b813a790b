"""Build the course site: `python tools/course_site.py [OUT]` (default `_site/html/`; `make docs`).

Sphinx with myst-nb and the book theme renders the executed notebooks as they are committed (nothing is executed): the
syllabus (`nbs/index.ipynb`) is the home page, then the lessons and the chapters in the syllabus's order, the teacher's
and maintainers' pages, the report's PDF and the licence. nbdev's cell directives become what a reader should see:
`#| hide` and `#| default_exp` cells are left out, `#| export`/`#| slow` lines are dropped from the code shown, and an
exercise's worked answer (`#| solution`) and its check (`#| check`) are replaced by a prompt, so the site shows the
questions without their answers. Chosen over MkDocs + mkdocs-jupyter because Sphinx and myst-nb are the Jupyter
community's own stack (Jupyter Book is built on them), render every output type the chapters hold, and run offline.
"""
import sys, json, shutil, subprocess, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'
CONF = ROOT/'tools/site'
LESSONS = ['tutorials/colorize_your_photos', 'tutorials/train_your_first_colorizer']
CHAPTERS = ['00_color', '01_quantize', '02_data', '02a_images', '02b_backbones', '02c_download', '03_models', '03b_models_more',
            '04_losses', '05_learner', '05b_imagenet_weights', '06_metrics', '07_report', '08_serve', '08b_fast_colorize', '09_distributed']
DROP_LINES = re.compile(r'^#\|\s*(export|exports|slow|cuda|eval:.*)\s*$')
MORE = ['teachers_guide', 'glossary', 'reference', 'data', 'report']     # pages after the chapters (the answer key is not one)
PROMPT = '# Your answer here: the exercise is in the notebook, where its check tells you when you have it.'

def _first(src:str)->str: return src.lstrip().split('\n', 1)[0].strip()

def for_reader(nb:dict)->dict:
    "The notebook as the site shows it (see the module's docstring)."
    cells = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'code':
            first = _first(src)
            if first.startswith('#| hide') or first.startswith('#| default_exp') or first.startswith('#| check'): continue
            if first.startswith('#| solution'):
                c = dict(c, source=PROMPT, outputs=[], execution_count=None)
            else:
                c = dict(c, source='\n'.join(l for l in src.split('\n') if not DROP_LINES.match(l)).lstrip('\n'))
        cells.append(c)
    return dict(nb, cells=cells)

def _links(text:str)->str:
    "Links between notebooks and to repository files, as the site lays them out."
    text = re.sub(r'\]\((?:\.\./)*(?:nbs/)?(tutorials/)?([\w.-]+)\.ipynb\)', lambda m: f"]({m.group(1) or ''}{m.group(2)}.ipynb)", text)
    return text

def stage(dst:Path):
    "Write the site's sources into `dst`: the notebooks for the reader, the pages, the report and the licence."
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(CONF, dst, ignore=shutil.ignore_patterns('__pycache__'))
    (dst/'_static').mkdir(exist_ok=True)
    names = ['index', 'teachers_guide'] + LESSONS + CHAPTERS
    for name in names:
        nb = for_reader(json.loads((NBS/f'{name}.ipynb').read_text()))
        for c in nb['cells']:
            if c['cell_type'] == 'markdown': c['source'] = _links(''.join(c['source']))
        (dst/f'{name}.ipynb').parent.mkdir(parents=True, exist_ok=True)
        (dst/f'{name}.ipynb').write_text(json.dumps(nb))
    if (ROOT/'reports/quick/report.pdf').exists(): shutil.copy(ROOT/'reports/quick/report.pdf', dst/'_static/report-quick.pdf')
    shutil.copy(ROOT/'LICENSE', dst/'_static/LICENSE.txt')
    (dst/'data.md').write_text((ROOT/'data/README.md').read_text())
    shutil.copy(NBS/'reference.md', dst/'reference.md')
    shutil.copy(NBS/'glossary.md', dst/'glossary.md')
    toc = lambda cap, items: f"```{{toctree}}\n:caption: {cap}\n:maxdepth: 1\n\n" + '\n'.join(items) + '\n```\n'
    (dst/'contents.md').write_text('# Contents\n\n' + toc('Lessons', LESSONS) + '\n' + toc('Chapters', CHAPTERS) + '\n'
                                   + toc('More', MORE) + '\n')
    (dst/'report.md').write_text("# The report\n\nThe five presentations' tables redone on real data, quick profile (2-core CPU): "
                                 "[the PDF](_static/report-quick.pdf). `make report` makes it again.\n\n"
                                 "The code and text of this course are under the [Apache License 2.0](_static/LICENSE.txt); "
                                 "the datasets keep their own terms ([data](data.md)).\n")
    # the home page's toctree: the syllabus's order
    idx = json.loads((dst/'index.ipynb').read_text())
    idx['cells'].append({'cell_type': 'markdown', 'id': 'sitetoc', 'metadata': {},
                         'source': '```{toctree}\n:hidden:\n:caption: Lessons\n\n' + '\n'.join(LESSONS) + '\n```\n\n'
                                   '```{toctree}\n:hidden:\n:caption: Chapters\n\n' + '\n'.join(CHAPTERS) + '\n```\n\n'
                                   '```{toctree}\n:hidden:\n:caption: More\n\n' + '\n'.join(MORE) + '\n```\n'})
    (dst/'index.ipynb').write_text(json.dumps(idx))
    (dst/'contents.md').unlink()

def build(out:Path=ROOT/'_site/html')->Path:
    src = out.parent/'src'          # the staged sources beside the site (myst-nb writes its images to out/../jupyter_execute)
    stage(src)
    r = subprocess.run([sys.executable, '-m', 'sphinx', '-b', 'html', '-q', '-j', '2', str(src), str(out)], capture_output=True, text=True)
    sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)
    if r.returncode: sys.exit(r.returncode)
    print(f"site: {len(list(out.rglob('*.html')))} pages in {out} (open {out/'index.html'})")
    return out

if __name__ == '__main__': build(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT/'_site/html')
