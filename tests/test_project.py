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
    pat = re.compile(r'\.\./shared/(METRICS|DESIGN|STYLE|seeds)|\bseed 00[0-4]\b|\bsessions?\b|\bissue \d', re.I)
    files = [*ROOT.glob('nbs/**/*.ipynb'), *ROOT.glob('colorize_lib/*.py'), ROOT/'README.md', ROOT/'data/README.md', ROOT/'nbs/reference.md']
    hits = []
    for f in files:
        for i, line in enumerate(f.read_text().splitlines()):
            for m in pat.finditer(line):
                hits.append(f'{f.relative_to(ROOT)}:{i + 1}: {line.strip()[:100]}')
    assert not hits, hits

def _settings():
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini'); return cfg['DEFAULT']

def test_requirement_ranges_admit_the_locked_versions():
    "The package asks for ranges (settings.ini); the versions make install pins (requirements.txt) lie in every one of them."
    from packaging.requirements import Requirement
    lock = {re.sub(r'[-_.]+', '-', n).lower(): v for n, v in re.findall(r'^([\w.-]+)==([\w.+]+)', (ROOT/'requirements.txt').read_text(), re.M)}
    d = _settings()
    reqs = d['requirements'].split() + [r for k in ('report', 'serve', 'train', 'docs', 'course', 'dev') for r in d[f'{k}_requirements'].split()]
    assert 'torch>=2.13,<3' in reqs and not any(r.startswith('torch==') for r in reqs)      # a host's torch in range is kept
    for r in map(Requirement, reqs):
        name = re.sub(r'[-_.]+', '-', r.name).lower()
        assert name in lock, f'{r.name} is required but not locked in requirements.txt'
        assert r.specifier.contains(lock[name], prereleases=True), f'{r} does not admit the locked {lock[name]}'

def test_licence_and_lesson_links():
    assert 'Apache License' in (ROOT/'LICENSE').read_text() and 'data/README.md' in (ROOT/'LICENSE').read_text()
    colab = 'https://colab.research.google.com/github/colorize-lib/colorize_lib/blob/main/'
    readme = (ROOT/'README.md').read_text()
    index = ''.join(''.join(c['source']) for c in json.loads((ROOT/'nbs/index.ipynb').read_text())['cells'])
    for lesson in sorted((ROOT/'nbs/tutorials').glob('*.ipynb')):
        path = lesson.relative_to(ROOT).as_posix()
        assert f'({colab}{path})' in readme and f'({colab}{path})' in index, path            # an Open-in-Colab link each
    for text, base in ((readme, ROOT), (index, ROOT/'nbs')):                               # and every relative link resolves
        for target in re.findall(r'\]\((?!https?:)([^)#]+)\)', text):
            assert (base/target).exists(), target

def test_every_lesson_and_core_chapter_sets_a_notebook_service_up():
    sys.path.insert(0, str(ROOT/'tools')); import chapters
    from colorize_lib.download import SOURCES
    names = [*sorted((ROOT/'nbs').glob('0[0-6]*.ipynb')), *sorted((ROOT/'nbs/tutorials').glob('*.ipynb'))]
    for p in names:
        code = [''.join(c['source']) for c in json.loads(p.read_text())['cells'] if c['cell_type'] == 'code']
        first = code[1] if code[0].startswith('#| default_exp') else code[0]
        assert first.startswith('#| hide') and chapters.SETUP_MARK in first, p.name
        assert f"os.chdir(f'{{repo}}/{p.parent.relative_to(ROOT).as_posix()}')" in first, p.name
        for name in re.findall(r"'get', (.*)\]", first):
            assert all(n.strip(" '") in SOURCES for n in name.split(',')), (p.name, name)

def test_shipped_files_are_pinned_to_a_commit_that_holds_them():
    "The download of the shipped colorizer asks GitHub for these bytes at this commit: they must be there, and be the checkout's."
    import hashlib
    from colorize_lib.download import SHIPPED
    for name, (path, size, sha) in SHIPPED['files'].items():
        assert hashlib.sha256((ROOT/path).read_bytes()).hexdigest() == sha, f'{path} changed: pin its new commit in SHIPPED'
        if subprocess.run(['git', 'cat-file', '-e', SHIPPED['commit']], cwd=ROOT, capture_output=True).returncode == 0:
            b = subprocess.run(['git', 'show', f"{SHIPPED['commit']}:{path}"], cwd=ROOT, capture_output=True, check=True).stdout
            assert len(b) == size and hashlib.sha256(b).hexdigest() == sha, path
