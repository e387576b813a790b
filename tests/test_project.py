"Project-level checks that no notebook can make: the two commands, nbdev settings, the benchmark script."
import json, re, subprocess, sys, configparser
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]

def _commands(text): return set(re.findall(r'^make (\w+)\s+#', text, re.M))

def test_readme_and_index_give_the_same_two_commands():
    readme = (ROOT/'README.md').read_text()
    index = ''.join(''.join(c['source']) for c in json.loads((ROOT/'nbs/index.ipynb').read_text())['cells'])
    index = re.sub(r'^# ?', '', index, flags=re.M)
    assert _commands(readme) == _commands(index) == {'report', 'test'}
    targets = set(re.findall(r'^(\w[\w-]*):', (ROOT/'Makefile').read_text(), re.M))
    assert {'report', 'test'} <= targets

def test_ci_calls_the_readme_test_command():
    assert re.search(r'^(stage )?make test$', (ROOT/'.ci/run').read_text(), re.M)   # `stage` times it

def test_settings_keep_papermill_tag_and_flags():
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    d = cfg['DEFAULT']
    assert d['allowed_cell_metadata_keys'].split() == ['tags']
    assert set(d['tst_flags'].split()) == {'slow', 'cuda'}

def test_nbdev_clean_keeps_the_parameters_tag(tmp_path):
    nb = {'cells': [{'cell_type': 'code', 'execution_count': 3, 'id': 'x', 'outputs': [],
                     'metadata': {'tags': ['parameters'], 'scrolled': True}, 'source': ['EPOCHS = 1']}],
          'metadata': {'kernelspec': {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}},
          'nbformat': 4, 'nbformat_minor': 5}
    p = tmp_path/'p.ipynb'; p.write_text(json.dumps(nb))
    subprocess.run([sys.executable, '-c', f'from nbdev.clean import nbdev_clean; nbdev_clean("{p}")'],
                   check=True, cwd=ROOT)
    cell = json.loads(p.read_text())['cells'][0]
    assert cell['metadata'] == {'tags': ['parameters']}   # the tag stays, other cell metadata goes
    assert cell['execution_count'] is None

def test_pins_match_the_installed_versions():
    from importlib.metadata import version
    pins = dict(re.findall(r'^([\w-]+)==([\w.]+)', (ROOT/'requirements.txt').read_text(), re.M))
    for pkg in ('torch', 'torchvision', 'fastai', 'nbdev'):
        assert version(pkg).split('+')[0] == pins[pkg], pkg
    assert version('fastcore').startswith('1.14')

def test_color_benchmark_runs(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT/'benchmarks/color.py'), '--bs', '4', '--size', '32', '--reps', '1'],
                         capture_output=True, text=True, check=True).stdout
    ratio = re.search(r'sparse k-bin targets.*?([\d.]+)\s*$', out, re.M)
    assert ratio and float(ratio.group(1)) > 0

def test_chapter_check_finds_stale_and_errored_chapters(tmp_path):
    sys.path.insert(0, str(ROOT/'tools'))
    import chapters
    nb = {'cells': [{'cell_type': 'code', 'execution_count': None, 'id': 'a', 'metadata': {}, 'source': ['x = 1'],
                     'outputs': [{'output_type': 'stream', 'name': 'stdout', 'text': ['1\n']}]}],
          'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}
    nb['metadata']['colorize_lib'] = {'code_sha1': chapters.code_sha1(nb)}
    p = tmp_path/'ok.ipynb'; p.write_text(json.dumps(nb))
    assert chapters.problems(p) == []
    nb['cells'][0]['source'] = ['x = 2']                                   # code changed, not executed again
    p.write_text(json.dumps(nb)); assert any('changed since it was executed' in s for s in chapters.problems(p))
    nb['metadata']['colorize_lib'] = {'code_sha1': chapters.code_sha1(nb)}
    nb['cells'][0]['outputs'] = [{'output_type': 'error', 'ename': 'ValueError', 'evalue': 'boom', 'traceback': []}]
    p.write_text(json.dumps(nb)); assert any('error output' in s and 'boom' in s for s in chapters.problems(p))
    nb['cells'][0]['outputs'] = []; nb['metadata'] = {}
    p.write_text(json.dumps(nb)); assert set(chapters.problems(p)) >= {'no outputs: it was never executed (make chapters)', 'no execution stamp: run make chapters'}

def test_the_project_stands_on_its_own():
    "Users get the repository: nothing in it points at the workplace's notes; the presentations are named, not numbered."
    pat = re.compile(r'\.\./shared/(METRICS|DESIGN|STYLE|seeds)|\bseed 00[0-4]\b|\bseeds?\b(?!\W*=)|\bsessions?\b|\bissue \d', re.I)
    files = [*ROOT.glob('nbs/**/*.ipynb'), *ROOT.glob('colorize_lib/*.py'), ROOT/'README.md', ROOT/'data/README.md']
    hits = []
    for f in files:
        for i, line in enumerate(f.read_text().splitlines()):
            for m in pat.finditer(line):
                if m.group(0).lower().startswith('seed') and re.search(r'(manual_|set_|fixed[ -]|random |_)seed|seed\s*[:=(),]|SEED|seed\)|seeded', line, re.I): continue
                hits.append(f'{f.relative_to(ROOT)}:{i + 1}: {line.strip()[:100]}')
    assert not hits, hits
