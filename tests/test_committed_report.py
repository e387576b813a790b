"The committed quick report: laid out within its pages, made at a clean commit, its verdicts by the stated rule."
import json
from pathlib import Path
import pandas as pd
from pypdf import PdfReader
from colorize_lib.report import PART_NOTEBOOKS, layout_report, layout_problems

Q = Path(__file__).resolve().parent.parent/'reports'/'quick'

def test_committed_report_lays_out():
    lay = layout_report([Q/'suite.ipynb'] + [Q/'parts'/f for f in PART_NOTEBOOKS.values()])
    assert layout_problems(lay) == []
    pdf = PdfReader(Q/'report.pdf')
    assert len(pdf.pages) == len(lay)                        # the committed PDF is this layout
    first = ' '.join(pdf.pages[0].extract_text().split())
    assert 'profile quick' in first and 'uncommitted changes' not in first

def test_committed_verdicts_follow_the_rule():
    allowed = {'agrees', 'disagrees', 'within noise', 'mixed', 'cannot tell'}
    for p in PART_NOTEBOOKS:
        for c in json.loads((Q/'parts'/f'{p}.json').read_text())['claims']:
            assert c['verdict'] in allowed, c['claim']
            for t in c['tests'] + (c.get('tests_ours') or []):
                if t.get('seeds') is not None and t['seeds'] < 3: assert t['verdict'] == 'cannot tell', (c['claim'], t)
                elif t['verdict'] == 'within noise': assert t['lo'] <= 0 <= t['hi'], (c['claim'], t)
                else: assert t['verdict'] in ('agrees', 'disagrees') and (t['lo'] > 0 or t['hi'] < 0), (c['claim'], t)
