"The entry points as a user runs them: `colorize` on a messy folder, `colorize-serve` over HTTP under load, its page in Chromium."
import io, json, os, shutil, socket, subprocess, sys, time, urllib.request, urllib.error
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import numpy as np
import pytest
from PIL import Image
from skimage import data as skdata

BIN = Path(sys.executable).parent
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'

@pytest.fixture(scope='module')
def model(tmp_path_factory):
    "An untrained light regression colorizer, exported (the plumbing is under test, not the colours)."
    d = tmp_path_factory.mktemp('model')
    code = ("from colorize_lib.data import lab_dataloaders\nfrom colorize_lib.learner import colorize_learner\n"
            "dls = lab_dataloaders('CIFAR', size=32, bs=8, n_per_class=1)\n"
            f"colorize_learner(dls, 'regression', arch='light', checkpoint=False).export_colorizer(r'{d}/m.pth')\n")
    subprocess.run([sys.executable, '-c', code], check=True, cwd=d, capture_output=True)
    return d/'m.pth'

def test_cli_on_a_messy_folder(model, tmp_path):
    src = tmp_path/'photos'; (src/'trip').mkdir(parents=True)
    Image.fromarray(skdata.chelsea()).save(src/'a.jpg')
    Image.fromarray(skdata.camera()).save(src/'a.png')                       # same name, other extension
    Image.fromarray(skdata.coffee()).save(src/'trip'/'coffee.jpg')
    (src/'broken.png').write_bytes(b'\x89PNG\r\n\x1a\n garbage')
    (src/'loop.jpg').symlink_to(src/'loop.jpg')                               # a symbolic-link loop
    (src/'trip'/'back').symlink_to(src, target_is_directory=True)            # a folder loop: not followed
    out = tmp_path/'out'
    r = subprocess.run([str(BIN/'colorize'), str(src), '--model', str(model), '--out', str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    assert 'colorized 3 of 5' in r.stdout and 'broken.png' in r.stderr and 'loop.jpg: symbolic link loop' in r.stderr
    assert Image.open(out/'a_jpg_color.png').size == (451, 300) and Image.open(out/'a_png_color.png').size == (512, 512)
    assert Image.open(out/'trip'/'coffee_color.png').size == (600, 400)          # the sub-folder layout is kept
    stamp = (out/'a_jpg_color.png').stat().st_mtime_ns
    r2 = subprocess.run([str(BIN/'colorize'), str(src/'a.jpg'), '--model', str(model), '--out', str(out), '--render_size', '48'],
                        capture_output=True, text=True, timeout=300)
    assert r2.returncode == 0 and (out/'a_color.png').exists()                  # alone, no clash: the plain name
    r3 = subprocess.run([str(BIN/'colorize'), str(src/'a.jpg'), '--model', str(model), '--out', str(out)], capture_output=True, text=True)
    assert r3.returncode == 1 and 'exists (pass --overwrite' in r3.stderr
    assert (out/'a_jpg_color.png').stat().st_mtime_ns == stamp                 # nothing was overwritten
    assert sorted(p.name for p in src.iterdir()) == ['a.jpg', 'a.png', 'broken.png', 'loop.jpg', 'trip']   # inputs untouched

def test_cli_without_model_says_how_to_make_one(tmp_path):
    r = subprocess.run([str(BIN/'colorize'), str(tmp_path), '--model', str(tmp_path/'none.pth')], capture_output=True, text=True)
    assert r.returncode == 2 and 'colorize-report' in r.stderr

@pytest.mark.slow
def test_25_megapixel_jpeg_stays_lean(model, tmp_path):
    "A 25-megapixel photo is colorized at full size in at most 1.5 GB (peak resident memory of the whole command)."
    big = Image.fromarray(skdata.astronaut()).resize((6000, 4200), Image.BILINEAR)
    big.save(tmp_path/'big.jpg', quality=90)
    cmd = [str(BIN/'colorize'), str(tmp_path/'big.jpg'), '--model', str(model), '--out', str(tmp_path/'out')]
    timer = shutil.which('time') or '/usr/bin/time'
    if not Path(timer).exists(): pytest.skip('/usr/bin/time is not installed')
    r = subprocess.run([timer, '-v', *cmd], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    peak_kb = int(next(l for l in r.stderr.splitlines() if 'Maximum resident set size' in l).split()[-1])
    print(f'25.2 Mpx JPEG: peak resident memory {peak_kb / 2**20:.2f} GB')
    assert peak_kb < 1.5 * 2**20
    assert Image.open(tmp_path/'out'/'big_color.png').size == (6000, 4200)

@pytest.fixture(scope='module')
def server(model):
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    p = subprocess.Popen([str(BIN/'colorize-serve'), '--model', str(model), '--port', str(port), '--queue', '8'],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f'http://127.0.0.1:{port}'
    for _ in range(240):
        try: urllib.request.urlopen(base + '/health', timeout=1); break
        except OSError: time.sleep(0.5)
    else: p.kill(); raise RuntimeError('colorize-serve did not start: ' + p.stdout.read())
    yield base
    p.terminate(); p.wait(10)

def _post(url, body, headers=None, timeout=60):
    req = urllib.request.Request(url, data=body, method='POST', headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r: return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e: return e.code, e.headers, e.read()   # headers: case-insensitive

def test_api_over_http(server):
    b = io.BytesIO(); Image.fromarray(skdata.coffee()).save(b, 'JPEG')
    code, h, body = _post(server + '/colorize', b.getvalue())
    assert code == 200 and h['content-type'] == 'image/png' and Image.open(io.BytesIO(body)).size == (600, 400)
    boundary = 'XyZ'                                                            # what `curl -F image=@photo.jpg` sends
    form = (f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
            + b.getvalue() + f'\r\n--{boundary}--\r\n'.encode())
    code, h, body = _post(server + '/colorize?format=jpeg', form, {'Content-Type': f'multipart/form-data; boundary={boundary}'})
    assert code == 200 and h['content-type'] == 'image/jpeg' and Image.open(io.BytesIO(body)).format == 'JPEG'
    code, h, body = _post(server + '/colorize', b'GIF89a but not really')
    assert code == 415 and json.loads(body)['error']
    assert json.loads(urllib.request.urlopen(server + '/health').read())['model']['kind'] == 'regression'
    assert '/colorize' in json.loads(urllib.request.urlopen(server + '/openapi.json').read())['paths']

@pytest.mark.slow
def test_bounded_load(server):
    "16 concurrent clients for 30 s: every request answered (200, or 503 with Retry-After), none lost; the server still serves."
    b = io.BytesIO(); Image.fromarray(skdata.chelsea()[:150, :200]).save(b, 'JPEG'); body = b.getvalue()
    stop = time.time() + 30
    def client(_):
        codes = []
        while time.time() < stop:
            code, h, _ = _post(server + '/colorize', body, timeout=90)
            assert code in (200, 503), code
            if code == 503: assert h.get('Retry-After') == '1'
            codes.append(code)
        return codes
    with ThreadPoolExecutor(16) as ex: codes = sum(ex.map(client, range(16)), [])
    print(f'{len(codes)} requests in 30 s: {codes.count(200)} colorized, {codes.count(503)} answered 503')
    assert codes.count(200) > 0 and len(codes) >= 16
    health = json.loads(urllib.request.urlopen(server + '/health', timeout=10).read())
    assert health['queue']['batches_run'] > 0
    code, _, _ = _post(server + '/colorize', body)
    assert code == 200                                                          # still serving afterwards

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
    docs = urllib.request.urlopen(server + '/docs').read().decode()     # Swagger UI's page (its scripts come from a CDN)
    assert 'swagger' in docs.lower() and '/openapi.json' in docs

@pytest.mark.slow
def test_cli_keeps_a_program_and_then_starts_without_the_training_stack(model, tmp_path):
    "The first `colorize` keeps the colorizer's program; the next one colorizes with torch alone (no fastai, no timm imported)."
    Image.fromarray(skdata.coffee()).save(tmp_path/'coffee.jpg')
    code = (f"import sys, runpy; sys.argv[0] = {str(BIN/'colorize')!r}\n"
            f"try: runpy.run_path({str(BIN/'colorize')!r}, run_name='__main__')\nexcept SystemExit as e: assert not e.code, e.code\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'fastai', 'timm'}))")
    env = dict(os.environ, FASTAI_HOME=str(tmp_path/'home'))
    runs = [subprocess.run([sys.executable, '-c', code, str(tmp_path/'coffee.jpg'), '--model', str(model), '--out', str(tmp_path/f'out{i}')],
                           capture_output=True, text=True, env=env, timeout=300) for i in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr[-2000:] + runs[1].stderr[-2000:]
    assert runs[0].stdout.strip().splitlines()[-1] == "['fastai', 'timm']"       # the first run builds the program
    assert runs[1].stdout.strip().splitlines()[-1] == '[]'                       # the second needs torch alone
    assert len(list((tmp_path/'home/models').glob('program-*.pt'))) == 1
    a, b = (np.asarray(Image.open(tmp_path/f'out{i}/coffee_color.png')).astype(int) for i in range(2))
    assert np.abs(a - b).max() <= 1                                               # the same colours either way
