"""Run a notebook without Jupyter (for a machine that has no kernel, papermill or nbformat), keeping its outputs.

    python tools/nbrun.py NOTEBOOK OUT.ipynb [NAME=VALUE ...]     # VALUE is a Python literal

Like papermill: the values are set in a cell inserted after the cell tagged `parameters`; the notebook's cells run in
one namespace, in order, from the notebook's folder. What a cell prints, `display`s (Markdown, HTML, DataFrames) and
shows with `plt.show()` becomes its outputs in OUT.ipynb, so the report's PDF can be made from it on another machine.
A failing cell stops the run: OUT.ipynb keeps the outputs so far and the traceback, and the exit code is 1.
"""
import ast, base64, contextlib, io, json, os, sys, traceback, types
from pathlib import Path

def _stub_ipython(outputs):
    "An `IPython.display` module whose display() appends to `outputs` (the current cell's list)."
    class Markdown:
        def __init__(self, data): self.data = data
        def _repr_markdown_(self): return self.data
    class HTML:
        def __init__(self, data): self.data = data
        def _repr_html_(self): return self.data
    mod = types.ModuleType('IPython.display'); mod.display, mod.Markdown, mod.HTML = _display(outputs), Markdown, HTML
    mod.clear_output = lambda *a, **k: None
    mod.Image = mod.SVG = mod.Javascript = lambda *a, **k: None
    pkg = types.ModuleType('IPython'); pkg.display = mod
    pkg.get_ipython, pkg.version_info = (lambda: None), (8, 30, 0)      # what matplotlib asks of IPython
    return {'IPython': pkg, 'IPython.display': mod}

def _display(outputs):
    "display() for the runner: each object becomes an output of the current cell."
    def display(*objs, **_):
        for o in objs: outputs[-1].append(_rich(o))
    return display

def _install_display(outputs):
    "Route the notebooks' `from IPython.display import display` to the runner: IPython's own module where it is installed, a stub where not."
    try:
        import IPython.display as real
        real.display = _display(outputs)
    except ImportError: sys.modules.update(_stub_ipython(outputs))

def _rich(o)->dict:
    "A display_data output for `o`: markdown, HTML (DataFrames too) or plain text."
    for meth, mime in (('_repr_markdown_', 'text/markdown'), ('_repr_html_', 'text/html')):
        if hasattr(o, meth) and (v := getattr(o, meth)()) is not None:
            return dict(output_type='display_data', metadata={}, data={mime: v, 'text/plain': repr(o)})
    if hasattr(o, 'to_html'): return dict(output_type='display_data', metadata={}, data={'text/html': o.to_html(), 'text/plain': repr(o)})
    return dict(output_type='display_data', metadata={}, data={'text/plain': repr(o)})

def _show(outputs):
    "plt.show for the runner: every open figure becomes a PNG output of the current cell."
    import matplotlib.pyplot as plt
    def show(*_, **__):
        for n in plt.get_fignums():
            b = io.BytesIO(); plt.figure(n).savefig(b, format='png', bbox_inches='tight')
            outputs[-1].append(dict(output_type='display_data', metadata={}, data={'image/png': base64.b64encode(b.getvalue()).decode(), 'text/plain': '<Figure>'}))
        plt.close('all')
    return show

def run(nb_in, nb_out, params:dict)->bool:
    nb_in, nb_out = Path(nb_in).resolve(), Path(nb_out).resolve()
    nb = json.loads(nb_in.read_text())
    at = next((i for i, c in enumerate(nb['cells']) if 'parameters' in c.get('metadata', {}).get('tags', [])), -1)
    inj = dict(cell_type='code', metadata={'tags': ['injected-parameters']}, execution_count=None, outputs=[],
               source=''.join(f'{k} = {v!r}\n' for k, v in params.items()))
    nb['cells'].insert(at + 1, inj)
    os.environ.setdefault('MPLBACKEND', 'Agg')
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    outputs = [[]]
    _install_display(outputs)
    plt.show = _show(outputs)
    ns, ok, cwd = {'__name__': '__main__'}, True, os.getcwd()
    os.chdir(nb_in.parent)
    try:
        for n, cell in enumerate(nb['cells']):
            if cell['cell_type'] != 'code': continue
            outputs.append([]); out = io.StringIO()
            src = ''.join(cell['source'])
            try:
                tree = ast.parse(src)
                last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
                with contextlib.redirect_stdout(out):
                    exec(compile(tree, f'cell {n}', 'exec'), ns)
                    if last is not None:
                        v = eval(compile(ast.Expression(last.value), f'cell {n}', 'eval'), ns)
                        if v is not None and not src.rstrip().endswith(';'): outputs[-1].append(dict(_rich(v), output_type='execute_result', execution_count=n))
                plt.show()
            except Exception:
                ok = False
                outputs[-1].append(dict(output_type='error', ename='Error', evalue=traceback.format_exc().splitlines()[-1], traceback=[traceback.format_exc()]))
            cell['outputs'] = ([dict(output_type='stream', name='stdout', text=out.getvalue())] if out.getvalue() else []) + outputs[-1]
            print(out.getvalue(), end='', flush=True)
            if not ok: break
    finally:
        os.chdir(cwd)
        nb_out.parent.mkdir(parents=True, exist_ok=True)
        nb_out.write_text(json.dumps(nb, indent=1, ensure_ascii=False))
    return ok

if __name__ == '__main__':
    params = {k: ast.literal_eval(v) for k, v in (a.split('=', 1) for a in sys.argv[3:])}
    sys.exit(0 if run(sys.argv[1], sys.argv[2], params) else 1)
