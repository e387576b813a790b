"Data sources from outside the notebooks: a missing fastai dataset fails fast and clearly when offline."
import os, subprocess, sys, time
import pytest

def test_missing_dataset_fails_fast_with_instructions(tmp_path):
    env = dict(os.environ, FASTAI_HOME=str(tmp_path))
    code = ("from colorize_lib.data import dataset_path\n"
            "try: dataset_path('CIFAR_100', timeout=5); print('DOWNLOADED')\n"
            "except FileNotFoundError as e: print('ERR', e)\n")
    t = time.time()
    out = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, timeout=120).stdout
    if 'DOWNLOADED' in out: pytest.skip('this machine is online: CIFAR-100 was downloaded')
    assert time.time() - t < 60
    assert 'ERR dataset CIFAR_100 is not at' in out and str(tmp_path/'data'/'cifar100') in out
    assert 'set FASTAI_HOME' in out and 'pass the path of a folder' in out

def sample_home(home, frac=0.6):
    "A FASTAI_HOME whose datasets link to `frac` of the image files of this machine's datasets (a deterministic choice)."
    import hashlib
    from pathlib import Path
    src = Path(os.environ.get('FASTAI_HOME', Path.home()/'.fastai')).resolve()/'data'
    if not src.is_dir(): pytest.skip(f'no datasets at {src}')
    for f in src.resolve().rglob('*'):
        if not f.is_file(): continue
        rel = f.relative_to(src.resolve())
        image = f.suffix.lower() in ('.jpg', '.jpeg', '.png')
        if image and int(hashlib.md5(str(rel).encode()).hexdigest()[:8], 16) / 16**8 >= frac: continue
        (home/'data'/rel).parent.mkdir(parents=True, exist_ok=True)
        (home/'data'/rel).symlink_to(f)
    return home

@pytest.mark.slow
def test_chapters_pass_on_a_differently_sized_copy(tmp_path):
    "The chapters' checks hold on any copy of the datasets: here 60% of the files of each (sizes no test may pin)."
    from pathlib import Path
    home = sample_home(tmp_path/'home')
    root = Path(__file__).resolve().parents[1]
    n = sum(1 for _ in (home/'data'/'cifar10'/'test').rglob('*.png'))
    assert 0 < n < sum(1 for _ in (Path(os.environ['FASTAI_HOME'])/'data'/'cifar10'/'test').rglob('*.png'))
    env = dict(os.environ, FASTAI_HOME=str(home), COLORIZE_DATA_MIRROR='http://127.0.0.1:9')
    r = subprocess.run([str(Path(sys.executable).parent/'nbdev_test'), '--n_workers', '1', '--do_print'], cwd=root, env=env,
                       capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, (r.stdout + r.stderr)[-4000:]

def test_the_report_splits_celeba_by_person():
    "The report's CelebA learners are judged on the faces of people they never saw: no person in two splits."
    from pathlib import Path
    from colorize_lib.report import settings, suite_dataloaders
    from colorize_lib.data import identities, dataset_path
    items = suite_dataloaders(settings('smoke', 'celeba', n_per_class=10**6)).items     # every photo of the copy, not a subset
    who = identities(dataset_path('celeba'), [Path(p).name for p in items.path])
    people = {s: set(who[(items.split == s).to_numpy()]) for s in ('train', 'valid', 'test')}
    assert all(people.values()) and not (people['train'] & people['test']) and not (people['valid'] & (people['train'] | people['test']))
