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

def test_readme_quotes_the_committed_report():
    "The README's headline table and verdict counts are the committed report's, to the digits shown."
    import re
    readme = (Q.parent.parent/'README.md').read_text()
    summ = pd.read_csv(Q/'summary.csv')
    table = readme[readme.index('| data (n test) | Gray: AuC / rebalanced'):]
    rows = [l for l in table.splitlines()[2:] if l.startswith('| ')][:len(summ) + 1]
    rows = [l for l in rows if re.search(r'\d+\.\d\d / \d+\.\d\d', l)]
    assert len(rows) == len(summ), rows
    for l, (_, r) in zip(rows, summ.iterrows()):
        cells = [c.strip() for c in l.strip('|').split('|')]
        assert cells[1] == r['Gray: AuC / rebalanced'] and cells[3] == r['its AuC / rebalanced'], (l, r.to_dict())
        assert cells[4] == f"{r['rebalanced AuC over Gray']:+.2f}" and r['best learner (rebalanced AuC)'].startswith(cells[2]), l
    verdicts = pd.Series([c['verdict'] for p in PART_NOTEBOOKS for c in json.loads((Q/'parts'/f'{p}.json').read_text())['claims']]).value_counts()
    said = {w: n for n, w in re.findall(r'(\d+) (agree|disagree|are within noise|is within noise|are mixed|is mixed|cannot be told)', ' '.join(readme.split()))}
    words = {'agree': 'agrees', 'disagree': 'disagrees', 'are within noise': 'within noise', 'is within noise': 'within noise',
             'are mixed': 'mixed', 'is mixed': 'mixed', 'cannot be told': 'cannot tell'}
    assert {words[w]: int(n) for w, n in said.items()} == verdicts.to_dict() and f"Of the presentations' {len(verdicts.index) and verdicts.sum()} claims" in ' '.join(readme.split())
