"The three entry points as a user runs them: `colorize` on a folder, `colorize-serve` over HTTP, and its page in Chromium."
import io, json, os, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import numpy as np
import pytest
from PIL import Image
from skimage import data as skdata

BIN = Path(sys.executable).parent
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'

@pytest.fixture(scope='module')
def model(tmp_path_factory):
    "An untrained regression colorizer, exported (the plumbing is under test, not the colours)."
    d = tmp_path_factory.mktemp('model')
    code = ("from colorize_lib.data import lab_dataloaders\nfrom colorize_lib.learner import colorize_learner\n"
            "dls = lab_dataloaders('CIFAR', size=32, bs=8, n_per_class=1, num_workers=0)\n"
            f"colorize_learner(dls, 'regression', pretrained=False, checkpoint=False).export_colorizer(r'{d}/m.pth')\n")
    subprocess.run([sys.executable, '-c', code], check=True, cwd=d, capture_output=True)
    return d/'m.pth'

def test_cli_colorizes_a_folder_and_lists_broken_files(model, tmp_path):
    src = tmp_path/'photos'; src.mkdir()
    Image.fromarray(skdata.chelsea()).save(src/'cat.jpg')
    Image.fromarray(skdata.camera()).save(src/'camera.png')
    (src/'broken.png').write_bytes(b'\x89PNG\r\n\x1a\n garbage')
    r = subprocess.run([str(BIN/'colorize'), str(src), '--model', str(model), '--out', str(tmp_path/'out')],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    assert 'skipped' in r.stderr and 'broken.png' in r.stderr and 'colorized 2 of 3' in r.stdout
    assert Image.open(tmp_path/'out/cat_color.png').size == (451, 300)
    assert Image.open(tmp_path/'out/camera_color.png').mode == 'RGB'
    assert sorted(p.name for p in src.iterdir()) == ['broken.png', 'camera.png', 'cat.jpg']     # inputs untouched

def test_cli_without_model_says_how_to_make_one(tmp_path):
    r = subprocess.run([str(BIN/'colorize'), str(tmp_path), '--model', str(tmp_path/'none.pth')], capture_output=True, text=True)
    assert r.returncode == 2 and 'colorize-report' in r.stderr

@pytest.fixture(scope='module')
def server(model):
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    p = subprocess.Popen([str(BIN/'colorize-serve'), '--model', str(model), '--port', str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f'http://127.0.0.1:{port}'
    for _ in range(120):
        try: urllib.request.urlopen(base + '/health', timeout=1); break
        except OSError: time.sleep(0.5)
    else: p.kill(); raise RuntimeError('colorize-serve did not start: ' + p.stdout.read())
    yield base
    p.terminate(); p.wait(10)

def test_api_over_http(server):
    b = io.BytesIO(); Image.fromarray(skdata.coffee()).save(b, 'JPEG')
    req = urllib.request.Request(server + '/colorize', data=b.getvalue(), method='POST')
    with urllib.request.urlopen(req, timeout=60) as r:
        assert r.headers['Content-Type'] == 'image/png' and Image.open(io.BytesIO(r.read())).size == (600, 400)
    req = urllib.request.Request(server + '/colorize', data=b'GIF89a but not really', method='POST')
    with pytest.raises(urllib.error.HTTPError) as e: urllib.request.urlopen(req, timeout=60)
    assert e.value.code in (400, 415) and json.loads(e.value.read())['error']

@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason='Chromium is not installed (.ci/run installs Debian chromium)')
def test_page_in_headless_chromium(server, tmp_path):
    from playwright.sync_api import sync_playwright
    Image.fromarray(skdata.astronaut()).save(tmp_path/'astronaut.jpg')
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
            '--disable-sync', '--no-first-run'])
        page = browser.new_page()
        page.goto(server + '/')
        assert 'Colorize a photo' in page.content()
        page.set_input_files('#file', str(tmp_path/'astronaut.jpg'))
        page.wait_for_selector('#result:not([hidden])', timeout=60_000)
        sizes = page.evaluate("['gray', 'color'].map(id => [document.getElementById(id).naturalWidth, document.getElementById(id).naturalHeight])")
        assert sizes == [[512, 512], [512, 512]]
        assert page.get_attribute('#download', 'href').startswith('blob:')
        shot = Path(os.environ.get('COLORIZE_SCREENSHOT', tmp_path/'page.png'))
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        (tmp_path/'notes.txt').write_text('not an image')                 # an error is shown on the page
        page.set_input_files('#file', str(tmp_path/'notes.txt'))
        page.wait_for_function("document.getElementById('msg').textContent.includes('not an image')", timeout=30_000)
        browser.close()
