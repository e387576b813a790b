"The teacher's answer key asks the questions the chapters ask, in their order, for every chapter the guide assesses."
import json, re
from pathlib import Path

NBS = Path(__file__).resolve().parents[1]/'nbs'

def questionnaire(nb:Path)->list:
    "The questions of a chapter's questionnaire, in order."
    for c in json.loads(nb.read_text())['cells']:
        s = ''.join(c['source'])
        if c['cell_type'] == 'markdown' and '## Questionnaire' in s:
            part = s.split('## Questionnaire', 1)[1].split('\n## ', 1)[0]
            return [m[1].strip() for m in re.finditer(r'^\d+\. (.+)$', part, re.M)]
    return []

def key_sections()->dict:
    "Notebook path (relative to nbs/) -> the questions the answer key answers for it."
    out = {}
    for s in re.split(r'^## ', (NBS/'teachers_answer_key.md').read_text(), flags=re.M)[1:]:
        m = re.search(r'\(`([^`]+\.ipynb)`\)', s.split('\n', 1)[0])
        if m: out[m[1]] = [q.strip() for q in re.findall(r'^\d+\. \*\*(.+?)\*\*\s*$', s, re.M)]
    return out

def appendices()->set:
    "The chapters the teacher's guide names as appendices (not assessed)."
    guide = ''.join(''.join(c['source']) for c in json.loads((NBS/'teachers_guide.ipynb').read_text())['cells'])
    m = re.search(r'The appendices \(([^)]*)\)', guide)
    assert m, "the teacher's guide no longer lists its appendices"
    return set(re.findall(r'`([^`]+)`', m[1]))

def test_the_key_answers_each_chapters_own_questions():
    key = key_sections()
    assert len(key) >= 12
    for name, qs in key.items():
        asked = questionnaire(NBS/name)
        assert len(asked) == len(qs), f"{name}: the chapter asks {len(asked)} questions, the key answers {len(qs)}"
        for i, (a, k) in enumerate(zip(asked, qs), 1): assert a == k, f"{name}, question {i}: the chapter asks {a!r}, the key answers {k!r}"

def test_every_assessed_chapter_has_its_answers():
    skip = appendices()
    assert '07_report' in skip
    assessed = {str(p.relative_to(NBS)) for p in [*NBS.glob('*.ipynb'), *NBS.glob('tutorials/*.ipynb')]
                if questionnaire(p) and p.stem not in skip}
    assert {'00_color.ipynb', 'tutorials/colorize_your_photos.ipynb'} <= assessed
    assert assessed <= set(key_sections()), f"no answers in the key for {sorted(assessed - set(key_sections()))}"
