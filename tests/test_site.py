"""The course site (`make docs`): built offline from the executed notebooks, then read in headless Chromium page by page:
every page loads without a console error, every image on it is drawn, every internal link leads to a page that exists.

    COLORIZE_SITE_SHOTS=reports/screenshots pytest -m slow tests/test_site.py   # also writes the two screenshots"""
import os, re, sys, json, shutil, subprocess, threading, functools, http.server
from pathlib import Path
from urllib.parse import urljoin, urlparse, unquote
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
sys.path.insert(0, str(ROOT/'tools'))
import course_site

def test_reader_view_hides_answers_and_directives():
    nb = {'cells': [{'cell_type': 'code', 'source': '#| hide\nimport secret', 'outputs': [], 'metadata': {}},
                    {'cell_type': 'code', 'source': '#| export\ndef f(): pass', 'outputs': [], 'metadata': {}},
                    {'cell_type': 'code', 'source': '#| solution\nanswer = 42', 'outputs': [{'output_type': 'stream', 'name': 'stdout', 'text': '42'}], 'metadata': {}},
                    {'cell_type': 'code', 'source': '#| check\nassert answer == 42', 'outputs': [], 'metadata': {}},
                    {'cell_type': 'markdown', 'source': 'See [the data](../02_data.ipynb).', 'metadata': {}}]}
    out = course_site.for_reader(nb)
    text = json.dumps(out)
    assert 'secret' not in text and '42' not in text and '#|' not in text
    assert [c['source'] for c in out['cells'][:2]] == ['def f(): pass', course_site.PROMPT]

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp('site')
    r = subprocess.run([sys.executable, str(ROOT/'tools/course_site.py'), str(out/'html')], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert 'WARNING' not in r.stderr and 'ERROR' not in r.stderr, r.stderr
    return out/'html'

def _serve(folder):
    h = functools.partial(type('Quiet', (http.server.SimpleHTTPRequestHandler,), {'log_message': lambda *a: None}), directory=str(folder))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), h)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}/'

@pytest.mark.slow
def test_site_builds_with_every_lesson_and_chapter(site):
    pages = {p.relative_to(site).as_posix() for p in site.rglob('*.html')}
    for name in ['index'] + course_site.LESSONS + course_site.CHAPTERS + course_site.MORE:
        assert f'{name}.html' in pages, name
    home = (site/'index.html').read_text()
    order = [home.find(f'href="{n}.html"') for n in course_site.LESSONS + course_site.CHAPTERS]
    assert all(i > 0 for i in order) and order == sorted(order), order          # in the syllabus's order
    assert (site/'_static/report-quick.pdf').stat().st_size > 100_000
    assert not any('answer' in p for p in pages)                                  # the questionnaires' answer key stays off the site

@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason='Chromium is not installed (.ci/run installs Debian chromium)')
def test_every_page_in_headless_chromium(site):
    from playwright.sync_api import sync_playwright
    srv, base = _serve(site)
    shots = os.environ.get('COLORIZE_SITE_SHOTS')
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob('*.html') if p.name not in ('genindex.html', 'search.html'))
    problems, links, n_images = [], set(), 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
            '--disable-sync', '--no-first-run'])
        page = browser.new_page(viewport={'width': 1280, 'height': 900})
        errors = []
        page.on('console', lambda m: errors.append(f'{m.type}: {m.text}') if m.type == 'error' else None)
        page.on('pageerror', lambda e: errors.append(f'page error: {e}'))
        page.on('requestfailed', lambda r: errors.append(f'request failed: {r.url}'))
        page.on('response', lambda r: errors.append(f'HTTP {r.status}: {r.url}') if r.status >= 400 else None)
        for p in pages:
            errors.clear()
            resp = page.goto(base + p, wait_until='load')
            assert resp.ok, p
            page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30_000)
            imgs = page.evaluate("Array.from(document.images).map(i => [i.currentSrc, i.naturalWidth])")
            n_images += len(imgs)
            problems += [f'{p}: image not drawn: {src}' for src, w in imgs if w == 0]
            problems += [f'{p}: {e}' for e in errors]
            for href in page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"):
                u = urlparse(href)
                if u.netloc == urlparse(base).netloc: links.add((p, u.path))
            if shots and p in ('index.html', 'tutorials/colorize_your_photos.html'):
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(shots)/('site-home.png' if p == 'index.html' else 'site-lesson.png')))
        browser.close()
    srv.shutdown()
    for p, path in sorted(links):
        if not (site/unquote(path).lstrip('/')).exists(): problems.append(f'{p}: broken link {path}')
    print(f'{len(pages)} pages, {n_images} images, {len(links)} internal links checked')
    assert n_images > 20
    assert not problems, problems[:20]
