"Numbers in the chapters' prose come from their outputs, or say where they are cited from (`tools/prose_numbers.py`)."
import json, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'tools'))
import prose_numbers as pn

def _nb(md, code='', out=''):
    cells = [{'cell_type': 'markdown', 'source': md, 'metadata': {}}]
    if code or out: cells.append({'cell_type': 'code', 'source': code, 'metadata': {}, 'outputs': [{'output_type': 'stream', 'name': 'stdout', 'text': out}]})
    return {'cells': cells}

def _unshown(tmp_path, md, code='', out='', name='a.ipynb'):
    p = tmp_path/name; p.write_text(json.dumps(_nb(md, code, out)))
    return [n for _, n, _ in pn.unshown(p)]

def test_a_typed_number_that_no_output_shows_is_found(tmp_path):
    assert _unshown(tmp_path, 'The loss fell to 3.116 after three epochs.', out='valid_loss 3.125') == ['3.116']
    assert _unshown(tmp_path, 'It prints at most 0.21.', out='max 0.23') == ['0.21']
    assert _unshown(tmp_path, 'Over 10 158 photos.', out='10157') == ['10 158']

def test_shown_rounded_and_separated_numbers_pass(tmp_path):
    assert _unshown(tmp_path, 'The loss fell to 3.12, about 3.1.', out='valid_loss 3.1249') == []
    assert _unshown(tmp_path, 'A ratio of about 173.', out='(172.85687255859375, 1.0)') == []
    assert _unshown(tmp_path, 'On 2 160 photos.', out='n 2160') == []
    assert _unshown(tmp_path, 'With `k = 5` and 0.38.', code='T = 0.38') == []

def test_what_is_not_a_claim_is_skipped(tmp_path):
    md = ('# 05b\n1. A question about CIFAR-10, ECCV16 and EfficientNet-Lite0 in 2016, with torch 2.14 (step 12).\n'
          '| # | lesson |\n| --- | --- |\n| 11 | a row |\n\nA setting `0.125` and a [link](https://x.org/12.34).')
    assert _unshown(tmp_path, md) == []

def test_citations_and_linked_chapters_count(tmp_path):
    assert _unshown(tmp_path, 'Gray scores 89.1 (Zhang et al. 2016, Table 1).') == []
    assert _unshown(tmp_path, 'Gray scores 88.8 (Conti & Sterpa, presentation, table "AuC").') == []
    assert _unshown(tmp_path, 'Gray scores 89.1 (in a paper).') == ['89.1']          # no source named
    (tmp_path/'b.ipynb').write_text(json.dumps(_nb('x', out='Q = 262')))
    assert _unshown(tmp_path, 'There are 262 bins (see [b](b.ipynb)).') == []
    assert _unshown(tmp_path, 'There are 263 bins (see [b](b.ipynb)).') == ['263']  # the linked chapter must show it

def test_a_citation_vouches_for_its_own_clause_only(tmp_path):
    md = 'Ours rises to 34.5; the direction of their table, from 65.1 to 67.3 (Zhang et al. 2016, Table 1).'
    assert _unshown(tmp_path, md) == ['34.5']
    assert _unshown(tmp_path, 'Ours falls by 2.58: the direction of their table, 67.3 (Zhang et al. 2016, Table 1).') == ['2.58']
    (tmp_path/'b.ipynb').write_text(json.dumps(_nb('x', out='Q = 262')))
    assert _unshown(tmp_path, 'See [b](b.ipynb): it counts 262 bins; more below.') == []     # a link counts for the whole sentence

@pytest.mark.parametrize('nb', pn.notebooks(), ids=lambda p: str(p.relative_to(ROOT/'nbs')))
def test_every_number_in_the_prose_is_shown_or_cited(nb):
    found = pn.unshown(nb)
    assert not found, '\n'.join(f'cell {i}: {n}: {s}' for i, n, s in found)
