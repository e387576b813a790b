"""Numbers in a chapter's prose that its own run does not show.

A number of two or more significant digits in a markdown cell (0.38, 262, 2 160, 95%, +7.36) must appear, to the digits
written, in the notebook's outputs or code, or stand in a sentence that cites where it comes from, in the form
`(Author et al. 2016, Table 1)` / `(Conti & Sterpa, slide 9)`: a parenthesis that names a table, figure, slide, section
or page; a citation vouches only for its own clause (a sentence is cut at its semicolons and colons). Years, version numbers, names (CIFAR-10, ECCV16, Places365), code spans, links and headings' numbering are not
claims and are skipped. `python tools/prose_numbers.py [notebooks]` lists what it finds."""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SOURCE = r'(?:et al\.|&|\b(?:19|20)\d\d\b|\b(?:Zhang|Iizuka|Larsson|Baldassarre|Isola|Ronneberger|Tan|Le|Howard|Conti|Li|Wang|Parashar|Jacob|Darcet)\b)'
_WHERE = r'(?:\b[Tt]able|\b[Ff]ig(?:ure|\.)|\b[Ss]lides?\b|\b[Ss]ection|§|\bp\.|\bpp\.|\bpage|\beq\.|\b[Ee]quation|\bposter\b|\bpresentation\b|\bpaper\b|\babstract\b|\bREADME\b)'
# a citation: a parenthesis that names a source (authors, "et al.", a year) and where in it (a table, slide, page, ...)
CITE = re.compile(rf'\((?=[^()]*{_SOURCE})(?=[^()]*{_WHERE})[^()]*\)')
NUM = re.compile(r'(?<![\w.\-/])[-+−]?\d{1,3}(?:[   ]\d{3})+(?:\.\d+)?(?![\w/])|(?<![\w.\-/])[-+−]?\d+(?:\.\d+)?(?![\w/])')

def _text(x): return ''.join(x) if isinstance(x, list) else x

def _strip(md:str)->str:
    "Markdown without what is not prose: code, links' targets, images, html tags, math, heading numbers."
    md = re.sub(r'```.*?```', ' ', md, flags=re.S)
    md = re.sub(r'`((?:reports|benchmarks|data)/[^`\s]+\.(?:csv|json|md|py))`', r'[file:\1]', md)   # a committed record: it may hold the number
    md = re.sub(r'`[^`]*`', ' ', md)
    md = re.sub(r'!\[[^\]]*\]\([^)]*\)', ' ', md)
    md = re.sub(r'\]\(([^)\s#]+\.ipynb)[^)]*\)', r'] [nb:\1]', md)      # a link to a chapter: its outputs may hold the number
    md = re.sub(r'\]\([^)]*\)', ']', md)
    md = re.sub(r'<[^>]+>', ' ', md)
    md = re.sub(r'https?://\S+', ' ', md)
    md = re.sub(r'\$\$.*?\$\$|\$[^$]*\$', ' ', md, flags=re.S)
    return md

def _sentences(md:str)->list:
    "Sentences, list items and table rows (a table row is cited on its own)."
    parts = re.split(r'\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)|\n(?=#)|\n(?=\s*\|)', md)
    parts = [re.sub(r'^\s*(?:[-*]|\d+\.)\s+|^\s*\|\s*\d+\s*\|', '', p) for p in parts]   # a list's or a table's own numbering is not a claim
    return [s for p in parts for s in ([p] if p.lstrip().startswith('|') else re.split(r'(?<=[.;:!?])\s+(?=[A-Z(*"])', p))]

def _clauses(sent:str)->list:
    "A sentence cut at its semicolons and colons outside parentheses: a citation vouches only for its own clause."
    out, depth, start = [], 0, 0
    for i, ch in enumerate(sent):
        depth += (ch == '(') - (ch == ')')
        if ch in ';:' and depth == 0 and sent[i + 1:i + 2] in (' ', '\n'): out.append(sent[start:i + 1]); start = i + 1
    return out + [sent[start:]]

def _canon(s:str)->str: return s.replace(' ', '').replace(' ', '').replace('−', '-').lstrip('+-')

def _sig(s:str)->int:
    "Significant digits as written: trailing zeros of an integer do not count (2 000 has one), a decimal's do (0.50 has two)."
    c = _canon(s); d = c.replace('.', '').lstrip('0')
    return len(d) if '.' in c else len(d.rstrip('0'))

def _not_a_claim(num:str, text:str, start:int, end:int)->bool:
    c = _canon(num)
    before, after = text[max(0, start - 12):start], text[end:end + 12]
    if re.fullmatch(r'(19|20)\d\d', c): return True                       # a year
    if re.match(r'\s*(?:st|nd|rd|th)\b', after): return True
    if re.search(r'(?:[Pp]art|[Cc]hapter|[Ll]esson|[Ww]eek|[Ee]xercise|[Qq]uestion|[Tt]able|[Ss]lide|[Ss]tep|[Ss]ection)\s*$', before): return True
    if re.search(r'(?:torch|fastai|fastcore|nbdev|Python|timm|torchvision|version|\bv)\s*$', before): return True   # a version
    if re.match(r'[-_]\w', after) or re.search(r'[A-Za-z][-_]?$', before): return True   # part of a name: Lite0, CIFAR-10
    return False

def shown(nb:dict)->str:
    "Everything a reader of the notebook sees that it did not type in prose: its outputs and its code."
    parts = []
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        parts.append(_text(c['source']))
        for o in c.get('outputs', []):
            if 'text' in o: parts.append(_text(o['text']))
            for k, v in o.get('data', {}).items():
                if k.startswith('text/'): parts.append(_text(v))
    return '\n'.join(parts)

SHOWN_NUM = re.compile(r'(?<![\d.])\d+\.\d+')

class Shown:
    "What a notebook (or a committed record) shows, asked number by number."
    def __init__(self, text:str): self.text, self.seen, self._decimals = text, {}, None
    def has(self, num:str)->bool:
        "`num` as written (thousands with or without a separator), or the rounding of a more precise number shown (0.3812 shows 0.38, 172.86 shows 173)."
        c = _canon(num)
        if c not in self.seen: self.seen[c] = self._written(c) or self._rounded(c)
        return self.seen[c]
    def _written(self, c):
        digits = re.escape(c) if '.' in c or len(c) <= 3 else \
                 ''.join(ch + (r'[ ,  ]?' if (len(c) - i - 1) % 3 == 0 and i < len(c) - 1 else '') for i, ch in enumerate(c))
        return re.search(rf'(?<![\d.]){digits}(?![\d]|\.\d)', self.text) is not None
    def _rounded(self, c):
        d = len(c.split('.')[1]) if '.' in c else 0
        if not d and float(c) < 10: return False
        if self._decimals is None: self._decimals = set(SHOWN_NUM.findall(self.text))
        return any(len(x.split('.')[1]) > d and round(float(x), d) == float(c) and (d or len(x.split('.')[0]) == len(c))
                   for x in self._decimals)

def unshown(path)->list:
    "(cell index, number, sentence) for each number in `path`'s prose that is neither shown (by it, or by a chapter the sentence links) nor cited."
    path = Path(path); nb = json.loads(path.read_text())
    own, out, linked = Shown(shown(nb)), [], {}
    def other(kind, name)->Shown:
        f = (path.parent/name).resolve() if kind == 'nb' else ROOT/name
        if f not in linked:
            text = '' if not f.exists() else shown(json.loads(f.read_text())) if kind == 'nb' else f.read_text()
            linked[f] = Shown(text)
        return linked[f]
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'markdown': continue
        for sent in _sentences(_strip(_text(c['source']))):
            links = re.findall(r'\[(nb|file):([^\]]+)\]', sent)         # a chapter or record the sentence links
            for clause in _clauses(sent):
                if CITE.search(clause) or not clause.strip(): continue
                text = re.sub(r'^\s*#+\s*[\d.]*', '', clause)
                for m in NUM.finditer(text):
                    num = m.group().strip()
                    if _sig(num) < 2 or _not_a_claim(num, text, m.start(), m.end()): continue
                    if own.has(num) or any(other(k, n).has(num) for k, n in links): continue
                    out.append((i, num, ' '.join(re.sub(r'\[(?:nb|file):[^\]]+\]', '', text).split())[:160]))
    return out

def notebooks()->list:
    return sorted(p for p in (ROOT/'nbs').rglob('*.ipynb') if '.ipynb_checkpoints' not in p.parts and 'experiments' not in p.parts)

if __name__ == '__main__':
    total = 0
    for p in ([Path(a) for a in sys.argv[1:]] or notebooks()):
        found = unshown(p); total += len(found)
        for i, n, s in found: print(f'{p.relative_to(ROOT) if p.is_absolute() else p}: cell {i}: {n}: {s}')
    print(f'{total} numbers neither shown nor cited')
