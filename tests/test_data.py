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
