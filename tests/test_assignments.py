"The exercises are graded with nbgrader: each check passes on the worked answer, fails on the release's empty cell and on a planted wrong answer; the release and the autograder work end to end."
import json, shutil, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
from assignments import exercises, visible, chapters, source_notebook, release, autograde, grades, is_slow, grading_copy

EXERCISES = {f'{p.stem}-{i}': (p, s, c) for p in chapters() for i, (s, c, _) in enumerate(exercises(json.loads(p.read_text())))}
STUB = '# YOUR CODE HERE\nraise NotImplementedError()\n'          # what nbgrader leaves of a worked answer

# a plausible wrong answer to every exercise, as a change to its worked answer: (what, what it becomes)
WRONG = {
    '00_color-0': ("float(rgb2lab(torch.tensor(v).view(1, 3, 1, 1))[0, 0, 0, 0])", "100 * sum(v) / 3"),          # lightness as the mean of R, G, B
    '00_color-1': ("lab2rgb(lab_s, clip=False)", "lab2rgb(lab_s)"),                                            # clipped: everything looks in gamut
    '00_color-2': ("torch.where(xyz > 0.008856, xyz.clamp_min(1e-12) ** (1 / 3), 7.787 * xyz + 16 / 116)",
                   "xyz.clamp_min(1e-12) ** (1 / 3)"),                                                          # Lab's linear toe left out: only the hidden tests see it
    '01_quantize-0': ("rebalance_weights(p, lam)", "rebalance_weights(p, 1 - lam)"),                          # λ the wrong way round
    '01_quantize-1': ("annealed_mean(probs.log(), g, T)", "annealed_mean(probs.log(), g, 1.)"),               # T never applied
    '01_quantize-2': ("logits.double() / T", "logits.double() * T"),                                          # T the wrong way round
    '02_data-0': ("rgb2lab(x)[:, 1:].norm(dim=1)", "rgb2lab(x).norm(dim=1)"),                                 # L counted as colour
    '02_data-1': ("n_per_class=3)", "n_per_class=3, splits=('train',))"),                                     # the cap on one split only
    '02_data-2': ("max(1, round(len(idx) * valid_pct))", "round(len(idx) * valid_pct)"),                       # a small class left out of validation
    '02b_backbones-0': ("conv(g1.expand(-1, 3, -1, -1))", "conv(g1.expand(-1, 3, -1, -1)) / 3"),               # the channels averaged, not summed
    '02b_backbones-1': ("imagenet_wnids().index(w)", "folders.index(w)"),                                     # the folder's position as the class index
    '02b_backbones-2': ("conv.weight.sum(1, keepdim=True)", "conv.weight.mean(1, keepdim=True)"),                    # the channels averaged: a third of the response
    '03_models-0': ("for i in (5, 6, 7)", "for i in (5, 6)"),                                                 # one deep block forgotten
    '03_models-1': ("tuple(net.ab(L96).shape)", "tuple(net(L96).shape)"),                                     # the logits taken for the colours
    '03_models-2': ("return 2 * c_in", "return c_in"),                                                          # multiply-adds counted, not FLOPs
    '03b_models_more-0': ("Iizuka(10)", "Iizuka(365)"),                                                       # Places365's head, not the 10 classes asked
    '03b_models_more-1': ("torch.rand(1, 1, 128, 128)", "torch.rand(1, 1, 256, 256)"),                       # the wrong image size
    '03b_models_more-2': ("rf += (k - 1) * jump", "rf += k - 1"),                                               # the strides before a layer forgotten
    '04_losses-0': ("(yhat.detach() * 110).flatten()", "yhat.detach().flatten()"),                             # the network's scale (ab / 110) not undone
    '04_losses-1': ("shrink_ab(ab, (H, W))", "torch.nn.functional.max_pool2d(ab, 4)"),                        # the strongest colour of each block, not the mean
    '04_losses-2': ("ce = -(w * logp).sum(1)", "ce = -logp[:, 0]"),                                            # a one-hot target: the nearest bin only
    '05_learner-0': ("learn.kind_lrs(1e-2)", "learn.kind_lrs(1e-3)"),                                         # the body's rate taken for the head's
    '05_learner-1': ("export_colorizer(d/'h.pth', half=True).stat().st_size / lr2.export_colorizer(d/'f.pth').stat().st_size",
                     "export_colorizer(d/'f.pth').stat().st_size / lr2.export_colorizer(d/'h.pth', half=True).stat().st_size"),  # upside down
    '05_learner-2': ("        if self.training: return\n", ""),                                                  # the training batches counted too
    '05b_imagenet_weights-0': ("n_params(b, trainable=True)", "n_params(b)"),                                 # every weight counted as trainable
    '05b_imagenet_weights-1': ("imagenet_body(frozen=5).train()", "imagenet_body(frozen=5).eval()"),          # evaluation mode: no statistics move
    '05b_imagenet_weights-2': ("means = d[rng.integers(0, len(d), size=(n_boot, len(d)))].mean(1)",
                               "means = np.asarray(a)[rng.integers(0, len(d), size=(n_boot, len(d)))].mean(1) - np.asarray(b)[rng.integers(0, len(d), size=(n_boot, len(d)))].mean(1)"),  # each learner resampled apart: the pairing lost
    '06_metrics-0': ("/ 2 / 150 * 100", "/ 2 / 151 * 100"),                                                   # 151 thresholds taken for 150 steps
    '06_metrics-1': ("m.auc(rebalanced=True)", "m.auc()"),                                                    # the plain AuC twice
    '06_metrics-2': ("torch.stack([hit[q == b].mean(0) for b in q.unique()])", "hit"),                       # every pixel counted the same: the plain AuC
    'colorize_your_photos-0': ("c1(photo1, T=T)", "c1(photo1)"),                                              # T never passed
    'colorize_your_photos-1': ("('Gray', torch.zeros_like(truth))", "('Gray', truth)"),                       # the truth scored as Gray
    'colorize_your_photos-2': ("fit_gamut(L, ab_up)", "ab_up"),                                                  # out-of-gamut colours clipped in RGB: hue and L change
    'train_your_first_colorizer-0': ("training_prior(dls30, cache=False)", "training_prior(dls30, sigma=1., cache=False)"),  # a prior smoothed less than the chapter's σ = 5
    'train_your_first_colorizer-1': ("['auc', 'auc_rebalanced']", "['auc_rebalanced', 'auc']"),               # the two swapped
    'train_your_first_colorizer-2': ("rg.var(1, unbiased=False) + yb.var(1, unbiased=False)", "rg.var(1) + yb.var(1)"),  # the sample's σ, not the population's
}

def run(solution:str, check:str, name:str):
    ns = {}
    exec(compile(solution, f'{name}:answer', 'exec'), ns)
    exec(compile(check, f'{name}:check', 'exec'), ns)

def test_every_exercise_has_a_planted_wrong_answer():
    assert len(EXERCISES) >= 20 and set(WRONG) == set(EXERCISES)

@pytest.mark.parametrize('name', sorted(EXERCISES))
def test_the_check_tells_right_from_wrong(name):
    "The worked answer passes every test; the empty release cell and the planted wrong answer each fail one."
    p, solution, check = EXERCISES[name]
    run(solution, check, name)
    with pytest.raises(NotImplementedError): run(STUB, check, name)
    old, new = WRONG[name]
    assert solution.count(old) == 1, f'{name}: the planted change no longer matches the worked answer'
    with pytest.raises(Exception): run(solution.replace(old, new), check, name)

# an answer that calls the library function the exercise asks the student to write
CHEATS = {'00_color-2': "def lab_by_hand(rgb):\n    from colorize_lib.color import rgb2lab\n    return rgb2lab(rgb)\n",
          '01_quantize-2': "from colorize_lib.quantize import ABGamut, annealed_mean\ndef annealed(logits, centres, T): return annealed_mean(logits, ABGamut(), T)\n",
          '04_losses-2': "from colorize_lib.losses import BinCrossEntropy\ndef rebalanced_loss(logits, ab, gamut, weights): return BinCrossEntropy(gamut, weights)(logits, ab)\n",
          '02b_backbones-2': "from colorize_lib.backbones import gray_stem\ndef my_gray_stem(conv): return gray_stem(conv)\n",
          '03_models-2': "from torch.utils.flop_counter import FlopCounterMode\nimport torch\ndef conv_flops(c_in, c_out, k, h_out, w_out):\n    with FlopCounterMode(display=False) as fc: torch.nn.Conv2d(c_in, c_out, k)(torch.zeros(1, c_in, h_out + k - 1, w_out + k - 1))\n    return fc.get_total_flops()\n",
          '05b_imagenet_weights-2': "from colorize_lib.metrics import compare\ndef paired_interval(a, b, n_boot=2000, seed=0): return compare(a, b)\n",
          'train_your_first_colorizer-2': "from colorize_lib.metrics import colourfulness\ndef colourfulness_by_hand(rgb): return colourfulness(rgb)\n",
          '06_metrics-2': "from colorize_lib.metrics import AuCMeter\ndef auc_by_hand(pred_ab, true_ab, gamut, rebalanced=False): return AuCMeter(gamut).update(pred_ab, true_ab).auc(rebalanced)\n"}

@pytest.mark.parametrize('name', sorted(CHEATS))
def test_an_exercise_that_asks_for_the_idea_refuses_the_library_call(name):
    with pytest.raises(AssertionError, match='yourself'): run(CHEATS[name], EXERCISES[name][2], name)

def test_hidden_tests_are_not_in_the_release_checks():
    hidden = [n for n, (_, _, c) in EXERCISES.items() if 'BEGIN HIDDEN TESTS' in c]
    assert hidden, 'no exercise has hidden tests'
    for n in hidden:
        v = visible(EXERCISES[n][2]); assert 'BEGIN HIDDEN' not in v and v.strip()

def test_source_notebook_marks_the_exercises():
    p = ROOT/'nbs'/'06_metrics.ipynb'
    nb = source_notebook(json.loads(p.read_text()), p.stem)
    g = [c['metadata']['nbgrader'] for c in nb['cells'] if 'nbgrader' in c['metadata']]
    assert [x['solution'] for x in g] == [True, False] * 3 and [x.get('points') for x in g if x['grade']] == [5, 5, 5]
    assert all(not c.get('outputs') for c in nb['cells'] if 'nbgrader' in c['metadata'])
    slow = [c for c in nb['cells'] if is_slow(c)]
    assert slow and all(c.get('outputs') for c in slow)                                 # a student can run the trainings, and sees what they showed
    graded = grading_copy(nb)['cells']
    assert not any(is_slow(c) for c in graded) and len(graded) == len(json.loads(p.read_text())['cells'])   # graded without them, notes gone
    assert any(c.get('outputs') for c in nb['cells'] if c['cell_type'] == 'code')       # the chapter's other outputs stay
    lesson = ROOT/'nbs'/'tutorials'/'train_your_first_colorizer.ipynb'                 # its trainings are slow cells: their figures stay
    n_png = lambda cells: sum('image/png' in o.get('data', {}) for c in cells for o in c.get('outputs', [])) + sum(len(c.get('attachments', {})) for c in cells)
    assert n_png(source_notebook(json.loads(lesson.read_text()), lesson.stem)['cells']) == n_png(json.loads(lesson.read_text())['cells'])

@pytest.mark.slow
def test_release_and_autograde_end_to_end(tmp_path):
    "nbgrader on a real chapter: the release has empty answers and no hidden tests; the worked chapter scores full marks, the release zero, a planted wrong answer loses its exercise's points."
    course = tmp_path/'course'
    rel, = release(course, only=['00_color'])
    nb = json.loads(rel.read_text())
    src = ''.join(''.join(c['source']) for c in nb['cells'])
    assert src.count('# YOUR CODE HERE') == 3 and 'BEGIN SOLUTION' not in src and 'BEGIN HIDDEN' not in src
    assert any(o.get('output_type') == 'display_data' for c in nb['cells'] for o in c.get('outputs', []))   # figures kept
    chapter = course/'source'/'00_color'/'00_color.ipynb'                 # the worked chapter, its exercises marked
    def score(folder): return {e: s for _, e, s, _ in autograde(folder, course)}
    (tmp_path/'right').mkdir(); shutil.copy(chapter, tmp_path/'right')
    assert score(tmp_path/'right') == {'00_color-check1': 5., '00_color-check2': 5., '00_color-check3': 5.}
    (tmp_path/'empty').mkdir(); shutil.copy(rel, tmp_path/'empty')
    assert score(tmp_path/'empty') == {'00_color-check1': 0., '00_color-check2': 0., '00_color-check3': 0.}
    old, new = WRONG['00_color-0']
    (tmp_path/'wrong').mkdir(); (tmp_path/'wrong'/'00_color.ipynb').write_text(chapter.read_text().replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1]))
    assert score(tmp_path/'wrong') == {'00_color-check1': 0., '00_color-check2': 5., '00_color-check3': 5.}
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course/'gradebook.db'}") as gb:         # one gradebook, every student kept under their folder's name
        assert {s.id: gb.find_submission('00_color', s.id).score for s in gb.students} == {'right': 15., 'empty': 0., 'wrong': 10.}
    test_rows = grades(course)                                           # the class's table, for a spreadsheet
    assert sorted(test_rows) == [('empty', '00_color', 0., 15.), ('right', '00_color', 15., 15.), ('wrong', '00_color', 10., 15.)]
    assert (course/'grades.csv').read_text().splitlines()[0] == 'student,assignment,score,max_score'

@pytest.mark.slow
def test_the_first_lesson_grades_from_the_course_folder(tmp_path):
    "The lesson reads the repository's tables wherever it runs (`repo_file`): graded from the course folder, its worked answers score full marks."
    course = tmp_path/'course'
    rel, = release(course, only=['colorize_your_photos'])
    assert any(is_slow(c) and c.get('outputs') for c in json.loads(rel.read_text())['cells'])       # the student can run the long cells
    (tmp_path/'right').mkdir(); shutil.copy(course/'source'/'colorize_your_photos'/'colorize_your_photos.ipynb', tmp_path/'right')
    rows = autograde(tmp_path/'right', course)
    assert rows and all(s == m for _, _, s, m in rows), rows
