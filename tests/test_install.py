"""A host that has its own PyTorch, as Colab and Kaggle do: installing the package keeps it, the shipped colorizer comes
by name, and the first lesson runs there as it would on a notebook service (its setup cell clones and installs the course).

Slow: it installs PyPI's torch 2.13.0 and torchvision 0.28.0 (about 2 GB of downloads) into a fresh environment."""
import os, sys, shutil, subprocess, threading, http.server, functools
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
HOST = ('2.13.0', '0.28.0')           # the host's torch and torchvision: older than the versions make install pins
GIT_URL = 'https://github.com/colorize-lib/colorize_lib'

def run(cmd, **kw):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert r.returncode == 0, f"{cmd} exited {r.returncode}\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
    return r

def torch_versions(py)->list:
    return run([py, '-c', 'import torch, torchvision; print(torch.__version__, torchvision.__version__)']).stdout.split()

def serve(folder:Path):
    "A loopback web server over `folder` (standing in for GitHub's raw files); returns its URL."
    h = functools.partial(type('Quiet', (http.server.SimpleHTTPRequestHandler,), {'log_message': lambda *a: None}), directory=str(folder))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), h)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return f'http://127.0.0.1:{srv.server_address[1]}'

@pytest.mark.slow
def test_host_torch_is_kept_and_the_first_lesson_runs(tmp_path):
    sys.path.insert(0, str(ROOT))
    from colorize_lib.download import SHIPPED
    venv = tmp_path/'host'
    run([sys.executable, '-m', 'venv', venv])
    py = venv/'bin/python'
    # the host's own build, from PyPI alone (as a notebook service installs it), not from this project's pins
    run([py, '-m', 'pip', 'install', '--isolated', '-q', f'torch=={HOST[0]}', f'torchvision=={HOST[1]}'])
    before = torch_versions(py)
    assert [v.split('+')[0] for v in before] == list(HOST), before

    src = tmp_path/'src'                   # the package's files only: the wheel is built away from the checkout
    src.mkdir()
    for f in ('setup.py', 'settings.ini', 'pyproject.toml', 'README.md', 'LICENSE'): shutil.copy(ROOT/f, src/f)
    shutil.copytree(ROOT/'colorize_lib', src/'colorize_lib', ignore=shutil.ignore_patterns('__pycache__'))
    run([py, '-m', 'pip', 'wheel', '-q', '--no-deps', '-w', tmp_path/'wheel', src])
    wheel = next((tmp_path/'wheel').glob('colorize_lib-*.whl'))
    run([py, '-m', 'pip', 'install', '-q', f'{wheel}[dev]'])
    after = torch_versions(py)
    print(f"host torch, torchvision before: {before}; after pip install colorize_lib[dev]: {after}")
    assert after == before

    # the shipped colorizer by name, from a loopback copy of GitHub's raw files into an empty cache
    raw = tmp_path/'raw'
    for name, (path, size, sha) in SHIPPED['files'].items():
        (raw/SHIPPED['repo']/SHIPPED['commit']/path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT/path, raw/SHIPPED['repo']/SHIPPED['commit']/path)
    home = tmp_path/'fastai_home'; home.mkdir()
    data = Path(os.environ.get('FASTAI_HOME', Path.home()/'.fastai'))/'data'
    if data.is_dir(): (home/'data').symlink_to(data.resolve())
    env = dict(os.environ, FASTAI_HOME=str(home), COLORIZE_DATA_MIRROR=serve(raw), MPLBACKEND='Agg')
    from PIL import Image
    from skimage import data as skdata
    Image.fromarray(skdata.coffee()).save(tmp_path/'coffee.jpg')
    r = run([venv/'bin/colorize', tmp_path/'coffee.jpg', '--out', tmp_path/'out'], env=env, cwd=tmp_path)
    assert 'downloading colorizer.pth' in r.stdout and (tmp_path/'out/coffee_color.png').is_file(), r.stdout
    assert Image.open(tmp_path/'out/coffee_color.png').size == (600, 400)
    assert len(list((home/'models').glob('colorizer-*.pth'))) == 1

    # offline, with nothing cached: a clear message and exit 2, no traceback
    off = dict(env, FASTAI_HOME=str(tmp_path/'empty_home'), COLORIZE_DATA_MIRROR='http://127.0.0.1:9')
    r = subprocess.run([venv/'bin/colorize', tmp_path/'coffee.jpg', '--out', tmp_path/'out2'], env=off, capture_output=True, text=True)
    assert r.returncode == 2 and 'could not be downloaded' in r.stderr and 'Traceback' not in r.stderr, r.stderr

    # the first lesson as on a notebook service: its setup cell clones the course (here: this checkout's last commit) and
    # installs it, then the lesson runs without its slow cells, as nbdev_test runs it
    if not (ROOT/'.git').exists(): pytest.skip('the lesson part needs a git checkout to clone')
    content = tmp_path/'content'; content.mkdir()
    shutil.copy(ROOT/'nbs/tutorials/colorize_your_photos.ipynb', content/'lesson.ipynb')
    svc = dict(env, KAGGLE_KERNEL_RUN_TYPE='Interactive', GIT_CONFIG_COUNT='1',
               GIT_CONFIG_KEY_0=f'url.file://{ROOT}.insteadOf', GIT_CONFIG_VALUE_0=GIT_URL)
    r = run([py, '-c', "import sys; from pathlib import Path; from nbdev.test import test_nb; ok, t = test_nb(Path(sys.argv[1]), skip_flags=['slow', 'cuda']); "
                       "print(f'lesson ran: {ok}, {t:.0f} s'); sys.exit(0 if ok else 1)", content/'lesson.ipynb'],
            env=svc, cwd=content, timeout=1800)
    print(r.stdout.strip().splitlines()[-1])
    assert (content/'colorize_lib/nbs/tutorials/colorize_your_photos.ipynb').is_file()   # the setup cell cloned the course
    assert torch_versions(py) == before                                                # and installing it kept the host's torch
